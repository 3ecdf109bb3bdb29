"""User text that changes script at every character, at each field's input limit, in the PDF
(issue 23): time and peak memory beside a bare baseline (the same lengths in plain ASCII), for
this tree and optionally another one (the old code).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_pdf_user_text.py [--before ../old-tree]

Cases, each in a fresh process with the tree's `assessment` first on sys.path:
- `report`: the CLI's self-assessment PDF of an answers file whose organisation name (200
  characters) and 44 notes (420 characters each: the longest printed with its answer on the
  dimension pages) alternate `a` and `한`;
- `minority`: 44 workshop minority views at the PDF's 2,000-character cut, each laid out as the
  workshop section does (`Kit.para` -> `fonts.markup` -> Paragraph.wrap and split).
Time is wall time of the case; memory the peak RSS growth over it (ru_maxrss after the case
minus after the imports).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUNNER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
case, text, folder = sys.argv[2], sys.argv[3], sys.argv[4]
from assessment.domain.content import default_framework
from assessment.cli import main
from assessment.report.fonts import markup
from assessment.report.styles import make_styles
from reportlab.platypus import Paragraph
FW = default_framework()
def unit(n):
    return (text * n)[:n]
if case == "report":
    doc = {"schema_version": 1, "organization": {"name": unit(200)}, "answers": {
        q.id: {"choice": 2, "note": unit(420)} for q in FW.questions}}
    path = folder + "/answers.json"
    open(path, "w", encoding="utf-8").write(json.dumps(doc))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if case == "report":
    status = main(["report", path, "-o", folder + "/out.pdf"])
    assert status == 0, status
else:
    style = make_styles().small
    for _ in FW.questions:
        p = Paragraph(markup(unit(2000)), style)
        p.wrap(450, 100000)
        p.split(450, 300)
spent = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"s": spent, "mb": (after - before) / 1024}))
"""


def run(tree: Path, case: str, text: str, folder: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tree), case, text, folder],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{tree} {case}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another tree (the old code) to compare")
    args = parser.parse_args()
    trees = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    with tempfile.TemporaryDirectory() as folder:
        for case in ("report", "minority"):
            print(case)
            for label, tree in trees:
                for name, text in (("baseline ASCII", "ab"), ("a한 alternating", "a\ud55c")):
                    r = run(tree, case, text, folder)
                    print(f"  {label:6} {name:16} {r['s']:8.2f} s  {r['mb']:8.1f} MB")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
