"""Where a participant's join spends its time in the browser: a timeline from the click on
"Join the workshop" to the first question's options on screen (issue 21).

The app is served on a fresh SQLite file with one workshop; headless Chromium opens the join
page at phone size, fills the form and clicks. A script installed before the page's own notes,
relative to the click (ms): every websocket message sent and received (with its size), every
change of the app's script state (running / notRunning: one pair per script run) and the moment
the first question's options are visible. Prints each join's timeline and a summary line.

    .venv/bin/python benchmarks/trace_join.py [joins] [other checkout]

With a second argument, another checkout of the app (e.g. an older commit: `git archive COMMIT
| tar -x -C /tmp/old`) is served on the same database too and joined in turn, so both see the
same machine load.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.bench_answer_click_browser import _serve  # noqa: E402
from tests.e2e.conftest import APP_IDLE, CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.e2e.workshop_seed import seed_workshop  # noqa: E402

# A bare page drawing what the participant's first step draws (a progress bar, twelve step
# buttons, an expander, seven bordered question cards with a radio and a note each), after a
# form's button, with nothing else: the same Streamlit work without the app.
BARE = """
import streamlit as st

if not st.session_state.get("joined"):
    with st.form("join"):
        st.text_input("Your name")
        if st.form_submit_button("Join the workshop"):
            st.session_state["joined"] = True
            st.rerun()
else:
    st.title("Workshop questionnaire")
    st.progress(0.0, text="0 of 43 questions answered")
    for where in ("grid", "fold"):
        for i in range(6):
            st.button(f"{i + 1}. Step · 0 of 7", key=f"{where}{i}", width="stretch")
    st.header("Step 1 of 6: Purpose")
    for q in range(7):
        with st.container(border=True):
            st.markdown(f"**{q + 1}. A question of some length, as the app asks it?**")
            st.caption("Help text under the question.")
            st.radio(f"q{q}", [f"Option {i}: a described practice" for i in range(7)],
                     index=None, key=f"q{q}", label_visibility="collapsed")
            with st.expander("Note (optional)"):
                st.text_area("Note", key=f"n{q}", label_visibility="collapsed")
"""

# Installed before the page's scripts: a log of [ms, what] from page start; the click is marked.
PROBE = """
window.__log = [];
const note = (what) => window.__log.push([performance.now(), what]);
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    const size = (d) => d.byteLength || d.size || d.length || 0;
    this.addEventListener("message", (e) => note("recv " + size(e.data)));
    const send = this.send.bind(this);
    this.send = (data) => { note("send " + size(data)); send(data); };
  }
};
document.addEventListener("pointerdown", () => note("click"), true);
new PerformanceObserver((list) => list.getEntries().forEach(
  (e) => window.__log.push([e.startTime, `long task ${Math.round(e.duration)} ms`])
)).observe({type: "longtask"});
let shown = false, attached = false, state = null;
new MutationObserver(() => {
  const app = document.querySelector("[data-testid='stApp']");
  const now = app && app.getAttribute("data-test-script-state");
  if (now !== state) { state = now; note("script " + now); }
  if (!attached && document.querySelector("[data-testid='stRadio']")) {
    attached = true;
    note("question in the page");
  }
  const options = document.querySelectorAll("[data-testid='stRadio'] label");
  if (!shown && [...options].some((o) => o.getBoundingClientRect().height > 0)) {
    shown = true;
    note("QUESTION");
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def _join(browser: Any, base: str, code: str | None, n: int) -> list[tuple[float, str]]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(PROBE)
    page = context.new_page()
    page.goto(f"{base}/join?code={code}" if code else base, timeout=60_000)
    page.get_by_role("button", name="Join the workshop").wait_for()
    page.wait_for_selector(APP_IDLE)
    page.get_by_label("Your name").first.fill(f"Late {n}")
    page.wait_for_timeout(500)
    page.evaluate("() => { window.__log = []; }")
    page.get_by_role("button", name="Join the workshop").click()
    page.locator("[data-testid='stRadio']").first.wait_for(timeout=60_000)
    page.wait_for_selector(APP_IDLE)
    page.wait_for_timeout(800)  # what comes after the question
    log = page.evaluate("() => window.__log")
    context.close()
    click = next(t for t, what in log if what == "click")
    return sorted((t - click, what) for t, what in log)


def _bursts(timeline: list[tuple[float, str]], gap_ms: float = 20) -> list[str]:
    """The timeline with messages received within `gap_ms` of each other on one line."""
    lines: list[str] = []
    burst: list[tuple[float, int]] = []

    def flush() -> None:
        if burst:
            size = sum(b for _, b in burst)
            lines.append(
                f"{burst[0][0]:8.0f} - {burst[-1][0]:.0f} ms  recv {len(burst)} msgs, {size} B"
            )
            burst.clear()

    for t, what in timeline:
        if what.startswith("recv ") and (not burst or t - burst[-1][0] <= gap_ms):
            burst.append((t, int(what.split()[1])))
            continue
        flush()
        if what.startswith("recv "):
            burst.append((t, int(what.split()[1])))
        else:
            lines.append(f"{t:8.0f} ms  {what}")
    flush()
    return lines


def main(joins: int = 5, other: Path | None = None) -> None:
    tmp = Path(tempfile.mkdtemp())
    db_url = f"sqlite:///{tmp / 'trace.db'}"
    env = os.environ | {"READINESS_DATABASE_URL": db_url}
    seeded = seed_workshop(db_url, [], name="Trace Co")
    (tmp / "bare.py").write_text(BARE, encoding="utf-8")
    app, url = _serve("streamlit_app.py", ROOT, env, tmp / "app.log")
    bare, bare_url = _serve("bare.py", tmp, env, tmp / "bare.log")
    servers = [("app", app, url, seeded.join_code), ("bare page", bare, bare_url, None)]
    if other is not None:
        second, second_url = _serve("streamlit_app.py", other, env, tmp / "other.log")
        servers.insert(1, (f"app at {other}", second, second_url, seeded.join_code))
    shown: dict[str, list[float]] = {what: [] for what, *_ in servers}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            for _, _, base, code in servers:  # warms each server's imports and caches
                _join(browser, base, code, 0)
            for n in range(1, joins + 1):  # in turn, so all see the same machine load
                for what, _, base, code in servers:
                    timeline = _join(browser, base, code, n)
                    print(f"{what}, join {n}:")
                    for line in _bursts(timeline):
                        print(" ", line)
                    shown[what].append(next(t for t, w in timeline if w == "QUESTION"))
                    runs = sum(1 for _, w in timeline if w == "script running")
                    print(f"  -> question at {shown[what][-1]:.0f} ms, {runs} script run(s)")
                    time.sleep(0.5)
            browser.close()
    finally:
        for _, process, _, _ in servers:
            process.terminate()
            process.wait(timeout=10)
    for what, times in shown.items():
        print(
            f"{what}: click -> first question visible: median {statistics.median(times):.0f} "
            f"ms, max {max(times):.0f} ms over {len(times)} joins"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5,
        Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None,
    )
