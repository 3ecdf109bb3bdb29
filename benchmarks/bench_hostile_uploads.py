"""Hostile uploads (issue 23): time and peak memory of each reader on each attack, beside a
bare baseline (an honest 50-respondent CSV), for this tree and optionally another one.

    .venv/bin/python benchmarks/bench_hostile_uploads.py                 # this tree
    .venv/bin/python benchmarks/bench_hostile_uploads.py --before ../main   # and the old code

Each case runs in a fresh process (`python -c`, the tree's `assessment` first on sys.path):
time is the reader's wall time, memory is the process's peak RSS growth over the reader
(ru_maxrss after the reader minus after the imports). The attacks are the issue's, scaled
where noted so the old code finishes in minutes on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_files as hostile  # noqa: E402

RUNNER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from assessment.domain.content import default_framework
from assessment.files.responses_import import parse_responses
from assessment.files import branding
FW = default_framework()
data = open(sys.argv[3], "rb").read()
kind = sys.argv[2]
def logo():
    brand = branding.brand_from_fields("x", "#0B5394", data)
    from assessment.report.logo import logo_reader
    logo_reader(brand)
read = {"table": lambda: parse_responses(data, "r.csv", FW), "logo": logo}[kind]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read()
    outcome = "accepted"
except Exception as exc:
    outcome = (type(exc).__name__ + ": " + str(exc)).splitlines()[0][:70]
elapsed = time.perf_counter() - start
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"s": elapsed, "mb": grown / 1024, "outcome": outcome}))
"""

CASES: list[tuple[str, str, bytes]] = [
    (
        "baseline: honest CSV, 50 respondents",
        "table",
        ("Name,Role\n" + "".join(f"P{i},IT\n" for i in range(50))).encode(),
    ),
    ("xlsx, one row of 200,000 cells (issue: 2.4 M)", "table", hostile.xlsx_wide_row(200_000)),
    ("xlsx, 12 MB shared strings (issue: 95 MB)", "table", hostile.xlsx_big_shared_strings(12)),
    ("CSV, one 4.8 MB line of commas", "table", hostile.csv_one_line(4.8, ",")),
    ("CSV, one 4.8 MB line of letters", "table", hostile.csv_one_line(4.8, "a")),
    ("CSV, 5,000 lines of 900 semicolons", "table", ((";" * 900 + "\n") * 5_000).encode()),
    ("CSV, 100 headings of 1,999 '['", "table", (b"[" * 1_999 + b",") * 100),
    ("logo, 12-megapixel PNG (issue: 39.9)", "logo", hostile.png(4_000, 3_000)),
]


def run(tree: Path, kind: str, path: Path, timeout: float) -> dict[str, object]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUNNER, str(tree), kind, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tree,
        )
    except subprocess.TimeoutExpired:
        return {"s": timeout, "mb": float("nan"), "outcome": f"still running after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"s": float("nan"), "mb": float("nan"), "outcome": done.stderr.strip()[-70:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another tree (the old code) to compare")
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args()
    trees = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    with tempfile.TemporaryDirectory() as folder:
        for name, kind, data in CASES:
            path = Path(folder) / "upload"
            path.write_bytes(data)
            print(f"{name}  ({len(data):,} bytes)")
            for label, tree in trees:
                r = run(tree, kind, path, args.timeout)
                print(f"  {label:6} {r['s']:8.2f} s  {r['mb']:8.1f} MB  {r['outcome']}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
