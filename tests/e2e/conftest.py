"""Real-browser fixtures: the app started as README says, and Debian's Chromium via Playwright.

The server is `streamlit run streamlit_app.py` on a free port with its own SQLite file. The
browser is /usr/bin/chromium (Playwright cannot download its own here). When no browser can be
started the tests skip on a developer machine but fail in CI (CI=true): CI must prove the flow.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# How long an `expect(...)` retries before failing. Playwright's 5 s default is shorter than a
# page change takes on a busy CI machine (results page: up to ~10 s seen under load 13 on 2
# cores); a passing check returns as soon as it holds, so only failures get slower.
EXPECT_TIMEOUT_MS = 30_000
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _no_browser(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the browser tests, but {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    found = os.environ.get("CHROMIUM_PATH") or next(
        (p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None
    )
    return found or shutil.which("chromium")


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app server's output; tests check it holds no traceback."""
    return tmp_path_factory.mktemp("e2e-log") / "streamlit.log"


@pytest.fixture(scope="session")
def app_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The app server's database: tests that need many participants write them there directly."""
    return f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'readiness.db'}"


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path, what: str) -> None:
    """Wait (60 s at most) for Streamlit's health check at `base`; fail with the log's tail if
    the process ends or never answers."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)


def serve_app(env: dict[str, str], log: Path, port: int) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on `port` with `env`, output to `log`; yields its URL
    once healthy and stops the server afterwards (one start for every fixture that needs one)."""
    streamlit = Path(sys.executable).with_name("streamlit")
    command = [str(streamlit), "run", "streamlit_app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log, "the app")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, server_log: Path, app_db_url: str
) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a free port and a fresh SQLite file; yields its URL."""
    port = _free_port()
    # Every browser of the suite is one client (127.0.0.1): the creation limits are raised so the
    # tests' own workshops fit; tests/unit/test_app_services.py checks the limits themselves.
    env = os.environ | {
        "READINESS_DATABASE_URL": app_db_url,
        "READINESS_MAX_ASSESSMENTS_PER_HOUR": "200",
        "READINESS_MAX_WORKSHOPS_PER_HOUR": "50",
    }
    yield from serve_app(env, server_log, port)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright through `executable_path`."""
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _no_browser("playwright is not installed")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    executable = chromium_path()
    if executable is None:
        _no_browser("no Chromium found (scripts/install-system-deps.sh installs it)")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser"
        manager.stop()
        _no_browser(f"Chromium at {executable} could not be started: {exc}")
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


def wait_idle(page: object, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the rerun the last interaction started.

    As Streamlit's own e2e tests do: a short pause (a click reaches the server after a
    debounce), then the websocket connected and the script state `notRunning`.
    """
    page.wait_for_timeout(250)  # type: ignore[attr-defined]
    page.wait_for_selector(APP_CONNECTED, state="attached", timeout=timeout)  # type: ignore[attr-defined]
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)  # type: ignore[attr-defined]
