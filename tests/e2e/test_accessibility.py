"""axe-core in the real browser: no critical or serious violation on any page, laptop and phone.

axe-core comes from npm (`make browser-tools` installs the version pinned in package.json into
node_modules/); the test injects it into each page as the user sees it, expanders opened, and
fails on every critical or serious violation, listing page, rule and elements.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import APP_IDLE, wait_idle
from .helpers import (
    AXE,
    FW,
    VIEWPORTS,
    answers_file,
    go_to_step,
    import_assessment,
    open_page,
    radio_groups,
    run_axe,
)

pytestmark = pytest.mark.e2e

BLOCKING = {"critical", "serious"}


@pytest.fixture(scope="module", autouse=True)
def axe_installed() -> None:
    if AXE.exists():
        return
    message = f"{AXE} is missing: run `make browser-tools` (npm ci)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def open_expanders(page: Any) -> None:
    """Open every expander, so that what they hold is checked too."""
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary:visible")
    for _ in range(closed.count()):
        closed.first.click()
        page.wait_for_timeout(50)
    wait_idle(page)


def check(page: Any, name: str, found: dict[str, list[str]]) -> None:
    wait_idle(page)
    page.wait_for_timeout(600)  # charts and components finish drawing
    for violation in run_axe(page):
        if violation["impact"] in BLOCKING:
            key = f"{name}: {violation['impact']} {violation['id']} ({violation['help']})"
            found.setdefault(key, []).extend(violation["nodes"][:3])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_critical_or_serious_violation_on_any_page(
    app_server: str, browser: Any, tmp_path: Path, viewport: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    found: dict[str, list[str]] = {}

    open_page(page, app_server, "")
    check(page, "start", found)
    open_page(page, app_server, "method")
    open_expanders(page)
    check(page, "method", found)
    open_page(page, app_server, "join?code=ABCD-EFGH")
    check(page, "join", found)
    open_page(page, app_server, "facilitate")
    check(page, "facilitate (create)", found)

    skip = {3, len(FW.questions)}
    aid = import_assessment(page, app_server, answers_file(tmp_path, "Axe Co", skip))
    open_expanders(page)
    check(page, "results", found)
    open_page(page, app_server, f"assessment?a={aid}")
    radio_groups(page, 1)
    open_expanders(page)
    check(page, "assessment", found)
    go_to_step(page, 6)
    page.get_by_role("button", name="See your results").click()
    page.get_by_role("heading", name="Before your results").wait_for()
    check(page, "assessment (unanswered list)", found)
    open_page(page, app_server, f"report?a={aid}")
    page.get_by_role("button", name="Download the PDF action plan").wait_for(timeout=60_000)
    check(page, "report", found)
    open_page(page, app_server, f"?a={aid}")
    check(page, "start (assessment open)", found)
    page.get_by_role("tab", name="Start a new assessment").click()
    page.get_by_label("Organisation name").fill("Another Co")
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("button", name="Yes, start the new one").wait_for()
    check(page, "start (asking first)", found)
    context.close()

    fresh = browser.new_context(viewport=VIEWPORTS[viewport])
    page = fresh.new_page()
    page.goto(app_server)
    page.wait_for_selector(APP_IDLE)
    check(page, "start (empty)", found)
    fresh.close()
    assert not found, "\n".join(f"{key}: {nodes}" for key, nodes in found.items())


def create_workshop(page: Any, base: str) -> str:
    """A new workshop through the Facilitate page; its join code. Ends on the dashboard."""
    open_page(page, base, "facilitate")
    page.get_by_label("Organisation name").fill("Workshop Co")
    page.get_by_role("button", name="Create the workshop").click()
    code_text = page.get_by_text(re.compile(r"^Join code: [A-Z2-9]{4}-[A-Z2-9]{4}$"))
    code_text.wait_for(timeout=30_000)
    wait_idle(page)
    return str(code_text.inner_text()).split(": ")[1]


def test_the_facilitator_dashboard_has_no_violation(app_server: str, browser: Any) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    create_workshop(page, app_server)
    found: dict[str, list[str]] = {}
    check(page, "facilitator dashboard", found)
    context.close()
    assert not found, "\n".join(f"{key}: {nodes}" for key, nodes in found.items())


def test_a_workshop_participant_page_has_no_violation(app_server: str, browser: Any) -> None:
    """The participant's questionnaire uses the same question widget and step list."""
    facilitator = browser.new_context(viewport=VIEWPORTS["desktop"])
    code = create_workshop(facilitator.new_page(), app_server)
    facilitator.close()

    found: dict[str, list[str]] = {}
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    open_page(page, app_server, f"join?code={code}")
    page.get_by_text("Join anonymously").click()
    role = page.locator("[data-testid='stSelectbox']").filter(has_text="Your role")
    role.locator("input").fill("IT")
    role.locator("input").press("Enter")
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_url(re.compile(r"[?&]p="))
    radio_groups(page, 1)
    check(page, "participant questionnaire", found)
    context.close()
    assert not found, "\n".join(f"{key}: {nodes}" for key, nodes in found.items())
