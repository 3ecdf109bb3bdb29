"""Server-side time of one answer click (callback + save + rerun), beside a bare Streamlit page.

Both run in this process through Streamlit's AppTest, which executes the script exactly as the
server does (minus the websocket): the app's wizard step with its radios, notes and autosave to
a fresh SQLite file, and a bare page holding the same number of radios with the same options.
Clicks alternate between the two so both see the same machine load. Aim: app <= 2x bare.

    .venv/bin/python benchmarks/bench_answer_click.py [clicks]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment.domain.content import default_framework  # noqa: E402

BARE = """
import streamlit as st
for i in range({n}):
    st.radio(f"Question {{i}}", {options!r}, index=None, key=f"q{{i}}")
"""

# The same visible elements per question as the wizard (text, help, radio, note), no app logic:
# how much of the app's time is Streamlit drawing them, and how much is ours.
SAME_ELEMENTS = """
import streamlit as st
for i in range({n}):
    with st.container(border=True):
        st.markdown(f"**{{i}}. Question {{i}}**")
        st.caption("Help text for the question")
        st.radio(f"Question {{i}}", {options!r}, index=None, key=f"q{{i}}",
                 label_visibility="collapsed")
        with st.expander("Note (optional)"):
            st.text_area("Note (optional)", key=f"n{{i}}", label_visibility="collapsed")
"""


_script_ms: list[float] = []
_run_script = script_runner.ScriptRunner._run_script


def _timed_run_script(self: script_runner.ScriptRunner, *args: object) -> None:
    """The server's own work for one rerun: callbacks, the script, and the deltas it sends."""
    start = time.perf_counter()
    try:
        _run_script(self, *args)  # type: ignore[arg-type]
    finally:
        _script_ms.append((time.perf_counter() - start) * 1000)


script_runner.ScriptRunner._run_script = _timed_run_script  # type: ignore[method-assign]


def timed(at: AppTest, index: int, value: object) -> tuple[float, float]:
    """(server-side script time, AppTest round trip) of one click, in ms."""
    _script_ms.clear()
    start = time.perf_counter()
    at.radio[index].set_value(value).run()
    return sum(_script_ms), (time.perf_counter() - start) * 1000


def main(clicks: int = 60) -> None:
    framework = default_framework()
    step_questions = framework.questions_for(framework.dimensions[0].id)
    n = len(step_questions)
    tmp = tempfile.mkdtemp()
    os.environ["READINESS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    os.chdir(ROOT)

    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    next(t for t in app.text_input if t.label == "Organisation name").input("Bench Ltd")
    next(b for b in app.button if b.label == "Start the assessment").click().run()
    assert len(app.radio) == n, f"expected {n} radios on step 1, found {len(app.radio)}"
    options = list(app.radio[0].options)
    bare = AppTest.from_string(BARE.format(n=n, options=options), default_timeout=60).run()
    same = AppTest.from_string(SAME_ELEMENTS.format(n=n, options=options), default_timeout=60).run()

    choices = [0, 1, 2, 3, 4]
    for k in range(5):  # warm-up
        timed(app, k % n, choices[k % 5])
        timed(bare, k % n, options[k % 5])
        timed(same, k % n, options[k % 5])
    app_ms, bare_ms, same_ms = [], [], []
    for k in range(clicks):
        app_ms.append(timed(app, k % n, choices[(k + 1) % 5]))
        bare_ms.append(timed(bare, k % n, options[(k + 1) % 5]))
        same_ms.append(timed(same, k % n, options[(k + 1) % 5]))
    assert not app.exception, app.exception

    def stats(values: list[float]) -> str:
        ordered = sorted(values)
        return f"{statistics.median(values):>9.1f}{ordered[int(len(ordered) * 0.9) - 1]:>9.1f}"

    print(f"One answer click, {clicks} clicks each; {n} radios of {len(options)} options per page")
    print(f"{'':<33}{'server-side rerun':>18}{'AppTest round trip':>20}")
    print(f"{'(ms)':<33}{'median':>9}{'p90':>9}{'median':>11}{'p90':>9}")
    rows = [
        ("app: wizard step + save", app_ms),
        ("bare page: same radios", bare_ms),
        ("bare page: same elements", same_ms),
    ]
    for name, values in rows:
        server = stats([v[0] for v in values])
        trip = stats([v[1] for v in values])
        print(f"{name:<33}{server}  {trip}")
    ratio = statistics.median(v[0] for v in app_ms) / statistics.median(v[0] for v in bare_ms)
    print(f"server-side ratio app / bare radios (median): {ratio:.2f}x  (aim: at most 2x)")
    ratio = statistics.median(v[0] for v in app_ms) / statistics.median(v[0] for v in same_ms)
    print(f"server-side ratio app / bare page with the same elements: {ratio:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
