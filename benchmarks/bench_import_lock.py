"""How long another writer waits for SQLite's write lock while a workshop import runs.

A facilitator imports a large allowed file (by default 500 respondents, the highest participant
cap, every question answered with a note) while an unrelated user saves an answer every 50 ms.
Printed: the other writer's longest and median save time during the import, beside a bare
baseline (the same saves with no import running), the import's own time and its longest write
transaction (BEGIN IMMEDIATE to COMMIT: how long it held the lock). The issue's figure before
batching: one 104 s transaction, 25 of 27 saves refused; with 2 respondents per transaction
written answer by answer (i23c), 65-80 s for 500.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_import_lock.py [--participants 500]
        [--note-chars 270]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization
from assessment.store import AssessmentStore, StoreError, WorkshopStore
from assessment.store.db import make_engine
from assessment.store.workshops.participants import (
    IMPORT_BATCH_ANSWERS,
    IMPORT_BATCH_CHARS,
    IMPORT_PAUSE_S,
)

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
    parser.add_argument("--note-chars", type=int, default=270, help="characters of each note")
    args = parser.parse_args()
    count = args.participants
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        importer = WorkshopStore(url=url)
        other = AssessmentStore(engine=make_engine(url))
        mine = other.create(Organization(name="Unrelated user"))
        token, _ = importer.create_workshop(Organization(name="Big room"))
        importer.set_max_participants(token, count)
        note = ("imported " * (args.note_chars // 9 + 1))[: args.note_chars]
        answers = {q.id: Answer(choice=n % 5, note=note) for n, q in enumerate(FW.questions)}
        rows = [(f"R{i}", "IT", answers) for i in range(count)]

        idle = threading.Event()
        base, base_refused = saves_while(other, mine, idle)

        busy = threading.Event()
        busy.set()
        spent: list[float] = []

        held: list[float] = []
        begun: dict[int, float] = {}

        def on_statement(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement == "BEGIN IMMEDIATE":
                begun[id(conn)] = time.perf_counter()

        def on_commit(conn: Any) -> None:
            if id(conn) in begun:
                held.append(time.perf_counter() - begun.pop(id(conn)))

        event.listen(importer.engine, "before_cursor_execute", on_statement)
        event.listen(importer.engine, "commit", on_commit)

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
        f"import of {count} respondents, {len(FW.questions)} answers each with a"
        f" {args.note_chars}-character note (transactions of at most {IMPORT_BATCH_ANSWERS:,}"
        f" answers and {IMPORT_BATCH_CHARS:,} note characters, {IMPORT_PAUSE_S} s pause)"
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
    print(
        f"import took {spent[0]:.1f} s in {len(held)} write transactions;"
        f" the longest held the lock {max(held) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
