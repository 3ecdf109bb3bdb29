"""Score and plan 1,000 random answer sets; print time per set beside a bare baseline.

The baseline is the bare arithmetic (a plain mean per dimension over dicts), so the figure
shows what validation, flags, triggers and ranking cost on top of it.

    .venv/bin/python benchmarks/bench_scoring.py
"""

from __future__ import annotations

import random
import statistics
import time

from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, Organization, Responses

N = 1_000


def random_sets(seed: int = 7) -> list[Responses]:
    fw = default_framework()
    rng = random.Random(seed)
    choices: list = [0, 1, 2, 3, 4, "dont_know", "not_applicable"]
    return [
        Responses(
            organization=Organization(name=f"Org {i}"),
            answers={
                q.id: Answer(choice=rng.choice(choices)) for q in fw.questions if rng.random() < 0.9
            },
        )
        for i in range(N)
    ]


def bare_scores(sets: list[Responses]) -> None:
    fw = default_framework()
    dims = {q.id: q.dimension for q in fw.questions}
    for resp in sets:
        totals: dict[str, list[int]] = {}
        for qid, a in resp.answers.items():
            if isinstance(a.choice, int):
                totals.setdefault(dims[qid], []).append(a.choice)
        {d: 25 * sum(v) / len(v) for d, v in totals.items()}


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    fw = default_framework()
    sets = random_sets()
    full, bare = [], []
    for _ in range(5):
        full.append(timed(lambda: [evaluate(fw, r) for r in sets]))
        bare.append(timed(bare_scores, sets))
    f, b = statistics.median(full), statistics.median(bare)
    print(f"scoring + planning {N:,} answer sets ({len(fw.questions)} questions each), median of 5")
    print(f"{'':<28}{'total ms':>10}{'per set µs':>12}")
    print(f"{'score() + plan()':<28}{f * 1000:>10.1f}{f / N * 1e6:>12.1f}")
    print(f"{'bare mean per dimension':<28}{b * 1000:>10.1f}{b / N * 1e6:>12.1f}")
    print(f"ratio full / bare: {f / b:.1f}x")


if __name__ == "__main__":
    main()
