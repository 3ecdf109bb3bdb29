"""A spoofed X-Forwarded-For is not believed by the app started the way `make run` starts it.

Issue 23: uvicorn (Streamlit's server) believes X-Forwarded-For from 127.0.0.1 unless
FORWARDED_ALLOW_IPS says otherwise, so on a direct or tunnelled connection a made-up header passed
the join throttle (30 of 30 wrong codes) and the creation limit (24 of 24 against 20). `make run`
now passes READINESS_TRUSTED_PROXIES (unset here: nobody) to uvicorn. This test runs the Makefile's
own `run` target (with the test's venv, never reinstalling it) and sends every request of a real
Chromium with a different spoofed header, then checks in the database which client the join
throttle and the creation limit counted: the real connection's, never the header's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert, select

from assessment.app.client_address import client_key
from assessment.store import limits
from assessment.store.db import creations, join_events, make_engine
from assessment.store.workshops import joining

from .conftest import APP_IDLE, ROOT, _free_port, wait_idle, wait_until_healthy

pytestmark = [pytest.mark.e2e]

SPOOFED = "203.0.113.7"
LIMIT = 1  # READINESS_MAX_ASSESSMENTS_PER_HOUR: 1 per browser session, 10 per address
# What the app computes for this test's connections: loopback, no header believed.
REAL_KEY = client_key(None, "", ())


@pytest.fixture(scope="module")
def made_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`make run` on a free port and a fresh SQLite file; yields (URL, database URL)."""
    folder = tmp_path_factory.mktemp("make-run")
    db_url = f"sqlite:///{folder / 'readiness.db'}"
    make_engine(db_url).dispose()  # the tables, so the test can seed and read them
    venv = Path(sys.executable).parent.parent
    port = _free_port()
    env = os.environ | {
        "READINESS_DATABASE_URL": db_url,
        "READINESS_MAX_ASSESSMENTS_PER_HOUR": str(LIMIT),
    }
    for name in ("READINESS_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
        env.pop(name, None)  # as on a fresh machine
    installed = venv / ".app-installed"
    # -o: take the venv as installed (never `pip install` into the test's venv)
    command = ["make", "-s", "-o", str(installed), "run", f"VENV={venv}", f"PORT={port}"]
    log = folder / "make-run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make and Streamlit in one process group, stopped together
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log, "make run")
        yield base, db_url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def spoofing_page(browser: Any, spoofed: str) -> Any:
    """A fresh browser context's page; every request (WebSocket too) says it is `spoofed`."""
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": spoofed})
    return context.new_page()


def test_a_spoofed_header_is_not_counted_by_the_join_throttle(
    made_app: tuple[str, str], browser: Any
) -> None:
    base, db_url = made_app
    page = spoofing_page(browser, SPOOFED)
    page.goto(f"{base}/join?code=ZZZZ-ZZZZ")
    page.get_by_role("button", name="Join the workshop").wait_for()
    wait_idle(page)
    page.get_by_label("Your name").fill("Guesser")
    role_box = page.locator("[data-testid='stSelectbox']").filter(has_text="Your role")
    role_box.locator("input").fill("Other")
    role_box.locator("input").press("Enter")
    page.get_by_role("button", name="Join the workshop").click()
    expect(page.get_by_text("No workshop has this join code", exact=False)).to_be_visible()
    page.context.close()
    with make_engine(db_url).connect() as conn:
        keys = set(conn.execute(select(join_events.c.client_key)).scalars())
    assert keys == {joining.client_hash(REAL_KEY)}, "the wrong code was not counted as ours"
    assert joining.client_hash(f"ip:{SPOOFED}") not in keys


def test_a_spoofed_header_does_not_escape_the_creation_limit(
    made_app: tuple[str, str], browser: Any
) -> None:
    """This address has used its ceiling; a new session claiming another address is refused."""
    base, db_url = made_app
    engine = make_engine(db_url)
    ceiling = LIMIT * limits.ADDRESS_FACTOR
    with engine.begin() as conn:
        now = time.time()
        rows = [
            {"kind": limits.ASSESSMENT, "client_key": limits.client_hash(REAL_KEY), "at": now}
            for _ in range(ceiling)
        ]
        conn.execute(insert(creations), rows)
    page = spoofing_page(browser, "198.51.100.23")
    page.goto(base)
    page.wait_for_selector(APP_IDLE)
    page.get_by_label("Organisation name").fill("Spoofer Ltd")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_text("Too many new assessments from here", exact=False)).to_be_visible()
    assert "?a=" not in page.url
    page.context.close()
    with engine.connect() as conn:
        keys = list(conn.execute(select(creations.c.client_key)).scalars())
    assert limits.client_hash("ip:198.51.100.23") not in keys
    assert len(keys) == ceiling  # the refused attempt is not counted, nothing else was
