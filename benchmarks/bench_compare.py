"""`compare OLD NEW` end to end beside `score ANSWERS` alone, both as a user runs them.

The issue asks that comparing two assessments stays under a second. Each command is run as a
separate process (`python -m assessment ...`, imports included) REPEAT times; the in-process
cost of the comparison itself (two evaluations and `compare`) is printed beside one `score`.

    .venv/bin/python benchmarks/bench_compare.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assessment.app.followups import compare_responses, follow_up_responses
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, FollowUpMode
from assessment.files.answers_file import dump_answers, read_answers

ROOT = Path(__file__).resolve().parents[1]
PERSONA = ROOT / "tests" / "personas" / "glow_cosmetics.json"
REPEAT = 9
IN_PROCESS = 200


def run(*args: str, bare: bool = False) -> float:
    """One command as a user runs it; `bare` runs the interpreter alone (`python -c pass`)."""
    command = (
        [sys.executable, "-c", "pass"] if bare else [sys.executable, "-m", "assessment", *args]
    )
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    import datetime as dt

    fw = default_framework()
    earlier = read_answers(PERSONA.read_bytes(), fw).responses
    later = follow_up_responses(fw, earlier, FollowUpMode.CARRIED, dt.date(2027, 2, 13))
    for q in fw.questions[::3]:  # a third of the answers moved by one option
        a = later.answers[q.id]
        if isinstance(a.choice, int):
            later.answers[q.id] = Answer(choice=min(4, a.choice + 1))
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.json", Path(tmp) / "new.json"
        old.write_text(PERSONA.read_text())
        new.write_text(dump_answers(later))
        bare, score, comp, comp_json = [], [], [], []
        for _ in range(REPEAT):  # interleaved, so a busy moment hits all four alike
            bare.append(run(bare=True))
            score.append(run("score", str(old)))
            comp.append(run("compare", str(old), str(new)))
            comp_json.append(run("compare", str(old), str(new), "--format", "json"))
    start = time.perf_counter()
    for _ in range(IN_PROCESS):
        evaluate(fw, earlier)
    one_eval = (time.perf_counter() - start) / IN_PROCESS
    start = time.perf_counter()
    for _ in range(IN_PROCESS):
        compare_responses(fw, earlier, later)
    one_compare = (time.perf_counter() - start) / IN_PROCESS
    print(f"process, median of {REPEAT} (imports included):")
    print(f"  python -c pass (bare)        {statistics.median(bare) * 1000:7.0f} ms")
    print(f"  score ANSWERS (baseline)     {statistics.median(score) * 1000:7.0f} ms")
    print(f"  compare OLD NEW              {statistics.median(comp) * 1000:7.0f} ms")
    print(f"  compare OLD NEW --format json{statistics.median(comp_json) * 1000:7.0f} ms")
    print(f"in process, mean of {IN_PROCESS}:")
    print(f"  evaluate one answer set      {one_eval * 1000:7.2f} ms")
    print(f"  compare (two evaluations)    {one_compare * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
