"""What the sector layer costs: apply a profile to 1,000 plans, beside scoring and planning them.

The baseline is score + plan without the profile (what `evaluate` did before sectors); the
figure is the profile step alone and the whole `evaluate`, per answer set, in CPU time
(the machine is shared: wall time moves with the neighbours), median of 5 runs.

    .venv/bin/python benchmarks/bench_sectors.py
"""

from __future__ import annotations

import random
import statistics
import time

from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, Organization, Responses
from assessment.domain.planning import plan
from assessment.domain.scoring import score
from assessment.domain.sector_ids import Sector
from assessment.domain.sectors import apply_profile, default_sector_content

N = 1_000
SIZES = ["1-9 people", "10-49 people", "50-249 people", "250-999 people", "1,000 or more"]


def random_sets(seed: int = 11) -> list[Responses]:
    fw = default_framework()
    rng = random.Random(seed)
    choices: list = [0, 1, 2, 3, 4, "dont_know", "not_applicable"]
    return [
        Responses(
            organization=Organization(
                name=f"Org {i}", sector_id=rng.choice(list(Sector)), size=rng.choice(SIZES)
            ),
            answers={q.id: Answer(choice=rng.choice(choices)) for q in fw.questions},
        )
        for i in range(N)
    ]


def median_ms_per_set(fn) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(5):
        start = time.process_time()
        fn()
        runs.append(time.process_time() - start)
    return statistics.median(runs) / N * 1000


def main() -> None:
    fw, content = default_framework(), default_sector_content()
    sets = random_sets()
    planned = [(r, plan(fw, r, score(fw, r))) for r in sets]
    base = median_ms_per_set(lambda: [plan(fw, r, score(fw, r)) for r in sets])
    layer = median_ms_per_set(
        lambda: [apply_profile(fw, content, r.organization, p) for r, p in planned]
    )
    full = median_ms_per_set(lambda: [evaluate(fw, r) for r in sets])
    print(f"{N} answer sets, all sectors and sizes, median of 5 runs (CPU ms per set)")
    print(f"  score + plan, no sector (baseline) {base:8.3f}")
    print(f"  apply_profile alone                {layer:8.3f}")
    print(f"  evaluate (score + plan + profile)  {full:8.3f}")


if __name__ == "__main__":
    main()
