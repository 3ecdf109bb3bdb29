"""Workshops under load: 30 participants answering at once, and the dashboard of 200.

1. 30 participants answering 36 questions each at the same time: each is a thread with its own
   engine (as if on its own app process) saving one answer at a time through
   `WorkshopStore.save_answer` (open-check + atomic upsert in one write transaction). Printed:
   median and 95th-percentile save time, total wall time, and lost answers (expected rows minus
   rows found afterwards; must be 0). Beside it, a bare baseline writing the same rows with the
   driver alone (sqlite3 / psycopg: one upsert per transaction, no checks).
2. The dashboard with 200 participants who answered every question: the time to read and
   summarise it (`load_dashboard`), and the server-side time of one full run of the
   facilitator's page and of the room view (Streamlit's AppTest runs the script as the server
   does, minus the websocket). Beside them, bare baselines: the same rows read with sqlite3
   alone, and a bare Streamlit page drawing a 200-row table and a 200-row heatmap with no
   database and no aggregation. Aim: the facilitator's page under one second.

Runs on a fresh SQLite file, and on PostgreSQL too when TEST_POSTGRES_URL is set:

    .venv/bin/python benchmarks/bench_workshop.py [participants for part 2, default 200]
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_workshop.py
    .venv/bin/python benchmarks/bench_workshop.py --database-url postgresql+psycopg://...

Through the cluster (`make bench-cluster`: nginx, replicas, PostgreSQL from scripts/cluster.sh):
`--url` is the proxy's address. Then, after the store figures on the cluster's database, each
participant is a headless Chromium page (one Playwright context each, so nginx spreads them over
the replicas by its route cookie) that opens its participant link and clicks its answers one
after the other, all participants at once. A save is timed from the click until the page's
progress line counts the answer (WebSocket, proxy, replica, database and back). Printed as well:
which replica served each participant, the most database connections each replica held (from
pg_stat_activity; the replicas name themselves with PGAPPNAME) and lost answers, counted in the
database afterwards.

    bash scripts/cluster.sh sh -c '.venv/bin/python benchmarks/bench_workshop.py \
        --url "$CLUSTER_URL" --database-url "$CLUSTER_DATABASE_URL" [--participants 10]'
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.app import workshops as service  # noqa: E402
from assessment.domain.content import default_framework  # noqa: E402
from assessment.domain.models import Answer, Organization  # noqa: E402
from assessment.store import WorkshopStore  # noqa: E402

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
    tokens = [setup.join(code, f"P{i}", "IT", f"ip:{i}") for i in range(PARTICIPANTS)]

    def worker(i: int, times: list[float]) -> None:
        own = WorkshopStore(url=url)
        try:
            for j, qid in enumerate(qids):
                answer = Answer(choice=choice_for(i, j))
                t0 = time.perf_counter()
                own.save_answers(tokens[i], {qid: answer})
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


# ----------------------------------------------------------------------------- the dashboard

BARE_PAGE = """
import altair as alt
import pandas as pd
import streamlit as st

n, dims = {n}, 6
st.title("Bare page")
st.dataframe(
    [{{"#": i, "Name": f"Person {{i}}", "Role": "IT", "Answered": 43}} for i in range(n)],
    hide_index=True,
)
cells = pd.DataFrame(
    [{{"participant": f"Person {{i}}", "dimension": f"D{{d}}", "score": (i * d) % 100}}
     for i in range(n) for d in range(dims)]
)
st.altair_chart(
    alt.Chart(cells).mark_rect().encode(x="dimension:N", y="participant:N", color="score:Q")
)
"""


def _script_timer():  # type: ignore[no-untyped-def]
    """Patch Streamlit's script runner to record the server-side time of each run (ms)."""
    from streamlit.runtime.scriptrunner import script_runner

    runs: list[float] = []
    original = script_runner.ScriptRunner._run_script

    def timed(self, *args):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            original(self, *args)
        finally:
            runs.append((time.perf_counter() - start) * 1000)

    script_runner.ScriptRunner._run_script = timed  # type: ignore[method-assign]
    return runs


def varied_choice(person: int, question: int) -> int | str:
    """Answers that differ from person to person (every question is disputed)."""
    value = (person * 5 + question * 3 + (person * question) % 4) % 7
    return {5: "dont_know", 6: "not_applicable"}.get(value, value)


def seed_dashboard(url: str, n: int) -> tuple[str, str]:
    """A workshop of `n` participants who answered every question, with roles, shared notes
    and some decisions; returns (facilitator token, room token)."""
    framework = default_framework()
    ws = WorkshopStore(url=url)
    token, _ = ws.create_workshop(Organization(name="Bench Ltd"))
    roles = ["IT", "Marketing", "Customer service", "Leadership", "Sales"]
    rows = [
        (
            f"Person {i}",
            roles[i % len(roles)],
            {
                q.id: Answer(choice=varied_choice(i, j), note=f"note {i}-{j}" if j % 5 == 0 else "")
                for j, q in enumerate(framework.questions)
            },
        )
        for i in range(n)
    ]
    ws.import_participants(token, rows)
    qids = [q.id for q in framework.questions]
    ws.record_decisions(token, {q: 2 for q in qids[:5]})
    view = ws.facilitator(token)
    assert view is not None
    ws.set_joining(token, joining_open=False)  # the room view shows the cards
    ws.engine.dispose()
    return token, view.room_token


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_dashboard(n: int, repeat: int = 7) -> None:
    from streamlit.testing.v1 import AppTest

    framework = default_framework()
    runs = _script_timer()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dash.db"
        url = f"sqlite:///{path}"
        token, room_token = seed_dashboard(url, n)
        ws = WorkshopStore(url=url)
        view = ws.facilitator(token)
        assert view is not None
        load = median_ms(lambda: service.load_dashboard(ws, framework, view), repeat)

        def bare_read() -> None:
            con = sqlite3.connect(path)
            con.execute(
                "SELECT p.seq, p.name, a.question_id, a.choice, a.note FROM participants p "
                "LEFT JOIN answers a ON a.assessment_id = p.assessment_id "
                "WHERE p.workshop_id = ?",
                (token,),
            ).fetchall()
            con.close()

        bare = median_ms(bare_read, repeat)

        os.environ["READINESS_DATABASE_URL"] = url
        os.chdir(ROOT)

        def page_ms(page: str, **params: str) -> float:
            at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
            for key, value in params.items():
                at.query_params[key] = value
            at.run()
            at.switch_page(f"assessment/ui/pages/{page}.py").run()
            assert not at.exception, at.exception
            times = []
            for _ in range(repeat):
                runs.clear()
                at.run()
                times.append(sum(runs))
            return statistics.median(times)

        facilitator = page_ms("workshop_facilitator", w=token)
        room = page_ms("workshop_room", r=room_token)
        bare_at = AppTest.from_string(BARE_PAGE.format(n=n), default_timeout=120).run()
        bare_times = []
        for _ in range(repeat):
            runs.clear()
            bare_at.run()
            bare_times.append(sum(runs))
        ws.engine.dispose()
    print()
    print(
        f"Dashboard of {n} participants x {len(framework.questions)} answers (median of {repeat})"
    )
    print(f"{'':<52}{'ms':>9}")
    print(f"{'load_dashboard: read + summarise (WorkshopStore)':<52}{load:>9.1f}")
    print(f"{'bare sqlite3: the same rows read':<52}{bare:>9.1f}")
    print(f"{'facilitator page: one full run (server side)':<52}{facilitator:>9.1f}")
    print(f"{'room view: one full run (server side)':<52}{room:>9.1f}")
    print(
        f"{'bare page: 200-row table + 200-row heatmap':<52}{statistics.median(bare_times):>9.1f}"
    )
    print(f"facilitator page under one second: {'yes' if facilitator < 1000 else 'NO'}")


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def browser_choice(p: int, q: int) -> int | str:
    """Scores and Don't know (Not applicable would also ask for a reason)."""
    value = (p * 7 + q * 3) % 6
    return "dont_know" if value == 5 else value


class ConnectionPeaks(threading.Thread):
    """Samples pg_stat_activity: the most connections each replica held at once."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.dsn = url.replace("postgresql+psycopg://", "postgresql://")
        self.peaks: Counter[str] = Counter()
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as con:
            while not self.stop.is_set():
                rows = con.execute(
                    "SELECT application_name, count(*) FROM pg_stat_activity "
                    "WHERE application_name LIKE 'readiness-replica-%' GROUP BY 1"
                ).fetchall()
                for name, count in rows:
                    self.peaks[name] = max(self.peaks[name], count)
                time.sleep(0.05)


async def _participant(
    browser: object,
    url: str,
    token: str,
    index: int,
    answers: int,
    start: asyncio.Barrier,
    times: list[float],
    served: dict[int, str],
) -> None:
    framework = default_framework()
    total = len(framework.questions)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = await context.new_page()
    response = await page.goto(f"{url}/join?p={token}")
    served[index] = response.headers.get("x-upstream", "?") if response else "?"
    await page.get_by_text(f"0 of {total} questions answered").wait_for(timeout=120_000)
    await page.wait_for_selector(APP_IDLE, timeout=120_000)
    await start.wait()
    done = 0
    for step, dimension in enumerate(framework.dimensions, start=1):
        if done == answers:
            break
        if step > 1:
            await page.get_by_role("button", name="Next").click()
            await page.get_by_role("heading", name=f"{step}. {dimension.name}").wait_for(
                timeout=120_000
            )
            await page.wait_for_timeout(250)
            await page.wait_for_selector(APP_IDLE, timeout=120_000)
        groups = page.locator("[data-testid='stRadio']")
        for k, question in enumerate(framework.questions_for(dimension.id)):
            if done == answers:
                break
            choice = browser_choice(index, done)
            label = question.option_label(choice) if isinstance(choice, int) else "Don't know"
            t0 = time.perf_counter()
            await groups.nth(k).get_by_text(label, exact=True).click()
            await page.get_by_text(f"{done + 1} of {total} questions answered").wait_for(
                timeout=120_000
            )
            times.append(time.perf_counter() - t0)
            done += 1
            await page.wait_for_selector(APP_IDLE, timeout=120_000)
    await context.close()


async def _run_browsers(
    url: str, tokens: list[str], answers: int
) -> tuple[list[float], float, dict[int, str]]:
    from playwright.async_api import async_playwright

    times: list[float] = []
    served: dict[int, str] = {}
    start = asyncio.Barrier(len(tokens) + 1)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        tasks = [
            asyncio.create_task(_participant(browser, url, t, i, answers, start, times, served))
            for i, t in enumerate(tokens)
        ]
        await start.wait()  # every page loaded and idle: all begin together
        began = time.perf_counter()
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - began
        await browser.close()
    return times, wall, served


def bench_through_proxy(
    url: str, database_url: str, participants: int, answers: int
) -> tuple[tuple[list[float], float, int], Counter[str], Counter[str]]:
    framework = default_framework()
    setup = WorkshopStore(url=database_url)
    token, code = setup.create_workshop(Organization(name="Bench through the proxy"))
    tokens = [setup.join(code, f"P{i}", "IT") for i in range(participants)]
    peaks = ConnectionPeaks(database_url)
    peaks.start()
    try:
        times, wall, served = asyncio.run(_run_browsers(url, tokens, answers))
    finally:
        peaks.stop.set()
        peaks.join()
    order = [q.id for d in framework.dimensions for q in framework.questions_for(d.id)]
    found = 0
    for record in setup.participants(token):
        i = int(record.name[1:])
        for j, qid in enumerate(order[:answers]):
            answer = record.responses.answers.get(qid)
            found += answer is not None and answer.choice == browser_choice(i, j)
    setup.engine.dispose()
    lost = participants * answers - found
    return (times, wall, lost), Counter(served.values()), peaks.peaks


HEADER = f"{'':<34}{'median':>9}{'p95':>9}{'wall':>9}{'saves':>7}{'lost':>6}"
UNITS = f"{'':<34}{'ms':>9}{'ms':>9}{'s':>9}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="run the store on this database (SQLAlchemy URL)")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        help="participants in browsers on this app address (the cluster's proxy, or one "
        "replica directly as the baseline); may be given several times",
    )
    parser.add_argument("--participants", type=int, default=10, help="browsers (with --url)")
    parser.add_argument("--answers", type=int, default=12, help="answers each (with --url)")
    parser.add_argument(
        "--dashboard", type=int, default=200, help="participants for the dashboard render time"
    )
    args = parser.parse_args()
    if args.url and not args.database_url:
        parser.error("--url needs --database-url (to create the workshop and count the answers)")

    print(f"{PARTICIPANTS} participants x {ANSWERS_EACH} answers, all at once")
    print(HEADER)
    print(UNITS)
    if args.database_url:
        report("given database: WorkshopStore", bench_store(args.database_url))
        if args.database_url.startswith("postgresql"):
            report("given database: bare psycopg", bench_bare_postgres(args.database_url))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report("SQLite file: WorkshopStore", bench_store(f"sqlite:///{Path(tmp) / 'w.db'}"))
            report("SQLite file: bare sqlite3 upsert", bench_bare_sqlite(Path(tmp) / "bare.db"))
        pg = os.environ.get("TEST_POSTGRES_URL")
        if pg:
            report("PostgreSQL: WorkshopStore", bench_store(pg))
            report("PostgreSQL: bare psycopg upsert", bench_bare_postgres(pg))
        else:
            print("(PostgreSQL skipped: TEST_POSTGRES_URL not set; see scripts/with-postgres.sh)")

    if args.url:
        total = min(args.answers, len(default_framework().questions))
        print()
        print(f"{args.participants} browsers x {total} answers, all at once")
        print("(a save: from the click until the page counts the answer)")
        print(HEADER)
        print(UNITS)
        spreads = []
        for url in args.url:
            result, served, peaks = bench_through_proxy(
                url, args.database_url, args.participants, total
            )
            through_proxy = "?" not in served
            name = f"{len(served)} replica(s) via nginx" if through_proxy else "1 replica, no proxy"
            report(name, result)
            spread = ", ".join(f"{addr}: {n}" for addr, n in sorted(served.items()))
            held = ", ".join(f"{app}: {n}" for app, n in sorted(peaks.items())) or "none seen"
            spreads.append(f"{name} ({url}): participants per replica {spread or '-'}; ")
            spreads[-1] += f"most database connections held per replica: {held}"
        for line in spreads:
            print(line)

    bench_dashboard(args.dashboard)


if __name__ == "__main__":
    main()
