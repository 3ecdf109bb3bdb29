"""One answer click in a real browser, from the click to the last server message, beside a bare
Streamlit page with the same radios.

Two servers run side by side: the app (`streamlit_app.py`, a fresh SQLite file, the wizard's
first step) and a bare page holding as many radios with the same options and nothing else. In
headless Chromium, a script in each page notes the time of the click and of every websocket
message; after each click the page is left until the app is idle and no message has come for a
while, and the click's time is the last message's time minus the click's. Clicks alternate
between the two pages so both see the same machine load. Aim: app <= 2x bare.

    .venv/bin/python benchmarks/bench_answer_click_browser.py [clicks]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from assessment.domain.content import default_framework  # noqa: E402
from tests.e2e.conftest import APP_IDLE, CHROMIUM_ARGS, chromium_path  # noqa: E402

QUIET_MS = 400  # no message for this long after idle: the click's work is over

BARE = """
import streamlit as st
for i, options in enumerate({options!r}):
    st.radio(f"Question {{i}}", options, index=None, key=f"q{{i}}")
"""

# Installed before the page's own scripts: time every websocket message and every click.
PROBE = """
window.__lastMessage = 0;
window.__click = 0;
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", () => { window.__lastMessage = performance.now(); });
  }
};
document.addEventListener("pointerdown", () => { window.__click = performance.now(); }, true);
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(script: str, cwd: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    port = _free_port()
    streamlit = Path(sys.executable).with_name("streamlit")
    command = [str(streamlit), "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):  # noqa: S310
                return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{script} did not start:\n{log.read_text()[-2000:]}") from None
            time.sleep(0.3)


def _settle(page: Any) -> None:
    page.wait_for_timeout(100)
    page.wait_for_selector(APP_IDLE, timeout=30_000)
    while True:
        quiet = page.evaluate("performance.now() - window.__lastMessage")
        if quiet >= QUIET_MS:
            return
        page.wait_for_timeout(QUIET_MS - quiet + 10)


def _click_ms(page: Any, group: int, option: str) -> float:
    page.locator("[data-testid='stRadio']").nth(group).get_by_text(option, exact=True).click()
    _settle(page)
    return float(page.evaluate("window.__lastMessage - window.__click"))


def main(clicks: int = 30) -> None:
    framework = default_framework()
    questions = framework.questions_for(framework.dimensions[0].id)
    options = [[q.option_label(k) for k in range(5)] for q in questions]
    tmp = Path(tempfile.mkdtemp())
    (tmp / "bare.py").write_text(BARE.format(options=options), encoding="utf-8")
    env = os.environ | {"READINESS_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}"}
    app, app_url = _serve("streamlit_app.py", ROOT, env, tmp / "app.log")
    bare, bare_url = _serve("bare.py", tmp, env, tmp / "bare.log")
    executable = chromium_path()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(PROBE)
            app_page, bare_page = context.new_page(), context.new_page()
            app_page.goto(app_url)
            app_page.wait_for_selector(APP_IDLE)
            app_page.get_by_label("Organisation name").fill("Bench Ltd")
            app_page.get_by_role("button", name="Start the assessment").click()
            app_page.get_by_text("Step 1 of 6").wait_for()
            app_page.locator("[data-testid='stRadio']").nth(len(questions) - 1).wait_for()
            _settle(app_page)
            bare_page.goto(bare_url)
            bare_page.locator("[data-testid='stRadio']").nth(len(questions) - 1).wait_for()
            _settle(bare_page)

            app_ms: list[float] = []
            bare_ms: list[float] = []
            for k in range(clicks + 5):  # the first five warm up
                group, option = k % len(questions), options[k % len(questions)][(k // 6) % 5]
                timed = (_click_ms(app_page, group, option), _click_ms(bare_page, group, option))
                if k >= 5:
                    app_ms.append(timed[0])
                    bare_ms.append(timed[1])
            browser.close()
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait(timeout=10)

    def stats(values: list[float]) -> str:
        ordered = sorted(values)
        return f"{statistics.median(values):>9.0f}{ordered[int(len(ordered) * 0.9) - 1]:>9.0f}"

    print(f"One answer click in Chromium, click to last server message; {clicks} clicks each,")
    print(f"{len(questions)} radios of 5 options per page (ms)")
    print(f"{'':<34}{'median':>9}{'p90':>9}")
    print(f"{'app: wizard step + save':<34}{stats(app_ms)}")
    print(f"{'bare page: same radios':<34}{stats(bare_ms)}")
    ratio = statistics.median(app_ms) / statistics.median(bare_ms)
    print(f"ratio app / bare (median): {ratio:.2f}x  (aim: at most 2x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
