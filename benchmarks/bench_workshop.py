"""30 workshop participants answering 36 questions each at the same time: save times and losses.

Each participant is a thread with its own engine (as if on its own app process) saving one
answer at a time through `WorkshopStore.save_answer` (open-check + atomic upsert in one write
transaction). Printed: median and 95th-percentile save time, total wall time, and lost answers
(expected rows minus rows found afterwards; must be 0). Beside it, a bare baseline writing the
same rows with the driver alone (sqlite3 / psycopg: one upsert per transaction, no checks).
Runs on a fresh SQLite file, and on PostgreSQL too when TEST_POSTGRES_URL is set:

    .venv/bin/python benchmarks/bench_workshop.py
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_workshop.py
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from assessment.content import default_framework
from assessment.models import Answer, Organization
from assessment.store import WorkshopStore

PARTICIPANTS = 30
ANSWERS_EACH = 36


def choice_for(p: int, q: int) -> int | str:
    value = (p * 7 + q * 3) % 7
    return {5: "dont_know", 6: "not_applicable"}.get(value, value)


def run_threads(worker: Callable[[int, list[float]], None]) -> tuple[list[float], float]:
    """Start all participants together; return every save's duration and the wall time."""
    times: list[list[float]] = [[] for _ in range(PARTICIPANTS)]
    barrier = threading.Barrier(PARTICIPANTS + 1)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            worker(i, times[i])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} participants failed: {errors[0]!r}")
    return [t for ts in times for t in ts], wall


def bench_store(url: str) -> tuple[list[float], float, int]:
    framework = default_framework()
    qids = [q.id for q in framework.questions[:ANSWERS_EACH]]
    setup = WorkshopStore(url=url)
    token, code = setup.create_workshop(Organization(name="Bench"))
    tokens = [setup.join(code, f"P{i}", "IT") for i in range(PARTICIPANTS)]

    def worker(i: int, times: list[float]) -> None:
        own = WorkshopStore(url=url)
        try:
            for j, qid in enumerate(qids):
                answer = Answer(choice=choice_for(i, j))
                t0 = time.perf_counter()
                own.save_answer(tokens[i], qid, answer)
                times.append(time.perf_counter() - t0)
        finally:
            own.engine.dispose()

    times, wall = run_threads(worker)
    found = 0
    for record in setup.participants(token):
        i = int(record.name[1:])
        found += sum(
            1
            for j, qid in enumerate(qids)
            if (a := record.responses.answers.get(qid)) is not None and a.choice == choice_for(i, j)
        )
    setup.engine.dispose()
    return times, wall, PARTICIPANTS * ANSWERS_EACH - found


def bench_bare_sqlite(path: Path) -> tuple[list[float], float, int]:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(
        "CREATE TABLE answers (pid INTEGER, qid INTEGER, choice TEXT, PRIMARY KEY (pid, qid))"
    )
    con.commit()
    con.close()

    def worker(i: int, times: list[float]) -> None:
        own = sqlite3.connect(path, timeout=15, isolation_level=None)
        own.execute("PRAGMA busy_timeout=15000")
        own.execute("PRAGMA synchronous=NORMAL")
        for j in range(ANSWERS_EACH):
            t0 = time.perf_counter()
            own.execute(
                "INSERT INTO answers VALUES (?, ?, ?) "
                "ON CONFLICT (pid, qid) DO UPDATE SET choice = excluded.choice",
                (i, j, str(choice_for(i, j))),
            )
            times.append(time.perf_counter() - t0)
        own.close()

    times, wall = run_threads(worker)
    con = sqlite3.connect(path)
    found = con.execute("SELECT count(*) FROM answers").fetchone()[0]
    con.close()
    return times, wall, PARTICIPANTS * ANSWERS_EACH - found


def bench_bare_postgres(url: str) -> tuple[list[float], float, int]:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    table = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as con:
        con.execute(f"CREATE TABLE {table} (pid int, qid int, choice text, PRIMARY KEY (pid, qid))")

    def worker(i: int, times: list[float]) -> None:
        with psycopg.connect(dsn, autocommit=True) as own:
            for j in range(ANSWERS_EACH):
                t0 = time.perf_counter()
                own.execute(
                    f"INSERT INTO {table} VALUES (%s, %s, %s) "  # noqa: S608 - our own name
                    "ON CONFLICT (pid, qid) DO UPDATE SET choice = excluded.choice",
                    (i, j, str(choice_for(i, j))),
                )
                times.append(time.perf_counter() - t0)

    times, wall = run_threads(worker)
    with psycopg.connect(dsn, autocommit=True) as con:
        found = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        con.execute(f"DROP TABLE {table}")
    return times, wall, PARTICIPANTS * ANSWERS_EACH - found


def report(name: str, result: tuple[list[float], float, int]) -> None:
    times, wall, lost = result
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    print(
        f"{name:<34}{statistics.median(ordered) * 1000:>9.2f}{p95 * 1000:>9.2f}"
        f"{wall:>9.2f}{len(times):>7}{lost:>6}"
    )


def main() -> None:
    print(f"{PARTICIPANTS} participants x {ANSWERS_EACH} answers, all at once")
    print(f"{'':<34}{'median':>9}{'p95':>9}{'wall':>9}{'saves':>7}{'lost':>6}")
    print(f"{'':<34}{'ms':>9}{'ms':>9}{'s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        report("SQLite file: WorkshopStore", bench_store(f"sqlite:///{Path(tmp) / 'w.db'}"))
        report("SQLite file: bare sqlite3 upsert", bench_bare_sqlite(Path(tmp) / "bare.db"))
    pg = os.environ.get("TEST_POSTGRES_URL")
    if pg:
        report("PostgreSQL: WorkshopStore", bench_store(pg))
        report("PostgreSQL: bare psycopg upsert", bench_bare_postgres(pg))
    else:
        print("(PostgreSQL skipped: TEST_POSTGRES_URL not set; see scripts/with-postgres.sh)")


if __name__ == "__main__":
    main()
