"""The live room in real browsers: how long a participant's answer takes to reach the room view
and the facilitator's page, and how long a join takes to show the first question, beside a
bare Streamlit page doing the same with nothing else (issue 21).

Two servers run side by side: the app (`streamlit_app.py`, a fresh SQLite file) and a bare
page that shows one number read from a SQLite file, polls it every second like the room does
(`st.fragment(run_every=1)` and a full rerun when it changed) and, for the join, shows one radio
after a button click. Headless Chromium opens the room view (discussion started) and the
facilitator's page; the script changes one participant's answer to the first question in the
database (as the participant's own page would) and times until both pages show the new counts
(the same for the bare page's number). Joins are timed from the click on "Join the workshop"
to the first question on screen. Run with 1 participant, 3 (the fewest the room view shows
counts for) and 50 (written straight to the database; the room and facilitator pages stay open
during the joins).

Each update is timed inside the page (a MutationObserver notes when the shown text changed),
since Playwright's own polling is throttled in a page that is not in front. What made the room
slow was not the polling but Streamlit's full garbage collection after every script run (about
85 ms of the server's one thread each, with the app's modules loaded): `.streamlit/config.toml`
turns it off (`runner.postScriptGC = false`).

    .venv/bin/python benchmarks/bench_room_live.py [changes]
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from assessment.store import WorkshopStore  # noqa: E402
from benchmarks.bench_answer_click_browser import _serve  # noqa: E402
from tests.e2e.conftest import APP_IDLE, CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.e2e.workshop_seed import answer, seed_workshop  # noqa: E402

BARE = """
import sqlite3
import streamlit as st

def value() -> int:
    with sqlite3.connect({db!r}) as c:
        return c.execute("select v from t").fetchone()[0]

seen = value()
st.markdown(f"### {{seen}}")

@st.fragment(run_every=1)
def watch() -> None:
    if value() != seen:
        st.rerun()

watch()
if st.button("Join"):
    st.session_state["joined"] = True
if st.session_state.get("joined"):
    st.radio("Question", ["a", "b"], index=None)
"""

COUNTS_JS = """
prefix => [...document.querySelectorAll(`[class*="st-key-${prefix}_options"] h3`)]
  .map(e => e.textContent).join(',')
"""
BARE_JS = "() => (document.querySelector('h3') || {}).textContent || ''"

# Notes the wall-clock time whenever the shown text changes (why: the module's docstring).
OBSERVE_JS = """
([read, arg]) => {
  const value = () => eval(read)(arg);
  window.__changes = [];
  let last = value();
  new MutationObserver(() => {
    const now = value();
    if (now !== last) {
      last = now;
      window.__changes.push([performance.timeOrigin + performance.now(), now]);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}
"""


def _observe(page: Any, js: str, arg: Any) -> None:
    page.evaluate(OBSERVE_JS, [js, arg])


def _shown_at(page: Any, js: str, arg: Any, before: str, since: float) -> float:
    """Wait until the page shows something else than `before`, then the wall-clock time (ms)
    at which it began to show what it shows now (after `since`)."""
    page.wait_for_function(
        f"([arg, before]) => ({js})(arg) !== before", arg=[arg, before], timeout=30_000
    )
    page.wait_for_timeout(300)  # the rest of the redraw (a count can pass through a blank)
    final = page.evaluate(js, arg)
    changes = page.evaluate("window.__changes")
    times = [t for t, shown in changes if shown == final and t >= since]
    return float(times[-1])


def _update_ms(pages: list[tuple[Any, str, Any]], write: Any) -> list[float]:
    """Write, then the time until each page shows something else than before (ms)."""
    before = [page.evaluate(js, arg) for page, js, arg in pages]
    start = time.time() * 1000
    write()
    return [
        _shown_at(page, js, arg, shown, start) - start
        for (page, js, arg), shown in zip(pages, before, strict=True)
    ]


def _join_ms(browser: Any, base: str, code: str, n: int) -> float:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/join?code={code}", timeout=60_000)
    page.get_by_role("button", name="Join the workshop").wait_for()
    page.wait_for_selector(APP_IDLE)
    page.get_by_label("Your name").fill(f"Late {n}")
    role = page.locator("[data-testid='stSelectbox']").filter(has_text="Your role")
    role.locator("input").fill("Sales")
    role.locator("input").press("Enter")
    page.wait_for_timeout(300)
    start = time.perf_counter()
    page.get_by_role("button", name="Join the workshop").click()
    page.locator("[data-testid='stRadio']").first.wait_for(timeout=60_000)
    took = (time.perf_counter() - start) * 1000
    context.close()
    return took


def _bare_join_ms(browser: Any, base: str) -> float:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base)
    page.get_by_role("button", name="Join").wait_for()
    page.wait_for_selector(APP_IDLE)
    start = time.perf_counter()
    page.get_by_role("button", name="Join").click()
    page.locator("[data-testid='stRadio']").first.wait_for(timeout=60_000)
    took = (time.perf_counter() - start) * 1000
    context.close()
    return took


def _case(browser: Any, app_url: str, db_url: str, people: int, changes: int) -> dict[str, list]:
    # the first question split (half 0, half 4), so it is the room's first card
    seeded = seed_workshop(
        db_url,
        [(f"P{i}", "IT", {0: 4 if i % 2 else 0, 1: 3}) for i in range(people)],
        name=f"Bench {people}",
    )
    ws = WorkshopStore(url=db_url)
    ws.set_max_participants(seeded.token, people + 10)
    ws.engine.dispose()
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    room, fac = context.new_page(), context.new_page()
    room.goto(f"{app_url}/room?r={seeded.room_token}&discuss=1")
    fac.goto(f"{app_url}/facilitate?w={seeded.token}")
    for page in (room, fac):
        page.wait_for_selector(APP_IDLE)
    # with fewer than 3 answers the room shows no counts: the room waits for the third
    pages = [(fac, COUNTS_JS, "wf")]
    if people >= 3:
        room.locator(".st-key-room_options h3").first.wait_for()
        pages.insert(0, (room, COUNTS_JS, "room"))
    fac.locator(".st-key-wf_options h3").first.wait_for(state="attached")
    time.sleep(2)
    for page, js, arg in pages:
        _observe(page, js, arg)
    room_ms, fac_ms = [], []
    for k in range(changes):
        score = 4 if k % 2 == 0 else 0  # participant 0 (who chose 0) moves between the camps
        first = seeded.participants[0]
        times = _update_ms(pages, lambda s=score, p=first: answer(db_url, p, 0, s))
        fac_ms.append(times[-1])
        if len(times) == 2:
            room_ms.append(times[0])
        time.sleep(0.3)
    joins = [_join_ms(browser, app_url, seeded.join_code, n) for n in range(3)]
    context.close()
    return {"room": room_ms, "facilitator": fac_ms, "join": joins}


def _stats(values: list[float]) -> str:
    if not values:
        return f"{'-':>9}{'-':>9}"
    return f"{statistics.median(values):>9.0f}{max(values):>9.0f}"


def main(changes: int = 10) -> None:
    tmp = Path(tempfile.mkdtemp())
    bare_db = tmp / "bare.db"
    with sqlite3.connect(bare_db) as c:
        c.execute("create table t (v integer)")
        c.execute("insert into t values (0)")
    (tmp / "bare.py").write_text(BARE.format(db=str(bare_db)), encoding="utf-8")
    db_url = f"sqlite:///{tmp / 'bench.db'}"
    env = os.environ | {
        "READINESS_DATABASE_URL": db_url,
        "READINESS_MAX_WORKSHOPS_PER_HOUR": "0",
    }
    app, app_url = _serve("streamlit_app.py", ROOT, env, tmp / "app.log")
    bare, bare_url = _serve("bare.py", tmp, env, tmp / "bare.log")
    results: dict[str, dict[str, list]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context()
            page = context.new_page()
            page.goto(bare_url)
            page.wait_for_selector(APP_IDLE)
            _observe(page, BARE_JS, None)

            def bump() -> None:
                with sqlite3.connect(bare_db) as c:
                    c.execute("update t set v = v + 1")

            bare_ms = []
            for _ in range(changes):
                bare_ms += _update_ms([(page, BARE_JS, None)], bump)
                time.sleep(0.3)
            context.close()
            bare_join = [_bare_join_ms(browser, bare_url) for _ in range(3)]
            for people in (1, 3, 50):  # 3: the fewest answers the room view shows counts for
                results[str(people)] = _case(browser, app_url, db_url, people, changes)
                print(people, {k: [round(v) for v in vs] for k, vs in results[str(people)].items()})
            browser.close()
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait(timeout=10)

    print("Live room in Chromium: an answer written to the database until the page shows it;")
    print(f"{changes} changes per row; joins: click on Join until the first question (ms)")
    print(f"{'':<44}{'median':>9}{'max':>9}")
    print(f"{'bare page: a number polled every second':<44}{_stats(bare_ms)}")
    for n, found in results.items():
        print(f"{f'room view, {n} participant(s)':<44}{_stats(found['room'])}")
        print(f"{f'facilitator page, {n} participant(s)':<44}{_stats(found['facilitator'])}")
    print("(the room view shows no counts under 3 answers: nothing to time with 1 participant)")
    print(f"{'bare page: click until a radio shows':<44}{_stats(bare_join)}")
    for n, found in results.items():
        label = f"join with {n} already in"
        print(f"{label:<44}{_stats(found['join'])}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
