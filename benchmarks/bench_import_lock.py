"""How long another writer waits for SQLite's write lock while a workshop import runs.

A facilitator imports a large allowed file (by default 500 respondents, the highest participant
cap, every question answered with a note) while an unrelated user saves an answer every 50 ms.
Printed: the other writer's longest and median save time during the import, beside a bare
baseline (the same saves with no import running), and the import's own time. The issue's
figure before batching: one 104 s transaction, 25 of 27 saves refused.

    .venv/bin/python benchmarks/bench_import_lock.py [--participants 500]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization
from assessment.store import AssessmentStore, StoreError, WorkshopStore
from assessment.store.db import make_engine
from assessment.store.workshops.participants import IMPORT_BATCH, IMPORT_PAUSE_S

FW = default_framework()


def saves_while(store: AssessmentStore, assessment_id: str, busy: threading.Event) -> tuple:
    """Save every 50 ms while `busy` is set (at least 10 saves); times and refusals."""
    times: list[float] = []
    refused = 0
    n = 0
    while busy.is_set() or n < 10:
        started = time.perf_counter()
        try:
            store.save_answers(assessment_id, {FW.questions[0].id: Answer(choice=n % 5)})
            times.append(time.perf_counter() - started)
        except StoreError:
            refused += 1
        n += 1
        time.sleep(0.05)
    return times, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    count = parser.parse_args().participants
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        importer = WorkshopStore(url=url)
        other = AssessmentStore(engine=make_engine(url))
        mine = other.create(Organization(name="Unrelated user"))
        token, _ = importer.create_workshop(Organization(name="Big room"))
        importer.set_max_participants(token, count)
        note = "imported " * 30
        answers = {q.id: Answer(choice=n % 5, note=note) for n, q in enumerate(FW.questions)}
        rows = [(f"R{i}", "IT", answers) for i in range(count)]

        idle = threading.Event()
        base, base_refused = saves_while(other, mine, idle)

        busy = threading.Event()
        busy.set()
        spent: list[float] = []

        def run_import() -> None:
            started = time.perf_counter()
            importer.import_participants(token, rows)
            spent.append(time.perf_counter() - started)
            busy.clear()

        worker = threading.Thread(target=run_import)
        worker.start()
        during, refused = saves_while(other, mine, busy)
        worker.join()

    print(
        f"import of {count} respondents ({IMPORT_BATCH} per transaction, {IMPORT_PAUSE_S} s pause)"
    )
    print(f"{'other writer':28} {'saves':>6} {'refused':>8} {'median ms':>10} {'longest ms':>11}")
    for label, times, bad in (
        ("baseline (no import)", base, base_refused),
        ("during the import", during, refused),
    ):
        print(
            f"{label:28} {len(times):>6} {bad:>8} {statistics.median(times) * 1000:>10.1f}"
            f" {max(times) * 1000:>11.1f}"
        )
    print(f"import took {spent[0]:.1f} s")


if __name__ == "__main__":
    main()
