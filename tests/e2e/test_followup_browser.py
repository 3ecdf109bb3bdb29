"""A follow-up in a real browser: mark a step done, start a carried-over follow-up, confirm last
time's answers, raise one, and read the progress section on Results."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from assessment.domain.evaluation import evaluate
from assessment.files.answers_file import read_answers

from .conftest import wait_idle
from .helpers import DESKTOP, FW, TOTAL, answers_file, import_assessment, menu_link, shot

pytestmark = pytest.mark.e2e

STEP1 = FW.questions_for(FW.dimensions[0].id)


def test_a_carried_over_follow_up_confirms_answers_and_shows_progress(
    app_server: str, browser: Any, tmp_path: Any
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    path = answers_file(tmp_path, "Follow-up Co")
    first_id = import_assessment(page, app_server, path)
    plan = evaluate(FW, read_answers(path.read_bytes(), FW).responses).plan
    step = next(s for s in plan.actions if s.dimension == FW.dimensions[0].id)

    # mark a purpose step done, as the team did over the 90 days
    wait_idle(page)
    status = page.get_by_label(f"Status of {step.title}")
    status.scroll_into_view_if_needed()
    done = page.get_by_role("option", name="Done", exact=True)
    for _ in range(3):  # a click while the page still settles may not open the list
        status.click()
        try:
            done.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    done.click()
    wait_idle(page)
    expect(status).to_have_value("Done")

    page.get_by_text("Carried over", exact=False).first.click()
    page.get_by_role("button", name="Start the follow-up").click()
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    wait_idle(page)
    assert first_id not in page.url  # the follow-up has its own id and link

    # last time's answers are shown; confirm them one by one
    expect(page.get_by_text("Last time:").first).to_be_visible()
    confirm = page.get_by_role("button", name="Confirm: still the same")
    expect(confirm).to_have_count(len(STEP1))
    for done in range(1, len(STEP1)):
        confirm.first.click()
        expect(page.get_by_text(f"{done} of {TOTAL} questions answered")).to_be_visible()
        wait_idle(page)
    # the last question of the step: raised to the top option instead
    last = STEP1[-1]
    page.get_by_text(last.option_label(4), exact=True).click()
    expect(page.get_by_text(f"{len(STEP1)} of {TOTAL} questions answered")).to_be_visible()
    wait_idle(page)

    menu_link(page, "Results")
    heading = page.get_by_role("heading", name=re.compile(r"^Progress since"))
    expect(heading).to_be_visible()
    expect(page.get_by_text(re.compile(r"done, (and showing|not showing yet)"))).to_be_visible()
    heading.scroll_into_view_if_needed()
    shot(page, "followup-progress.png", tmp_path)
    menu_link(page, "Report")
    expect(page.get_by_text("A follow-up: the PDF opens with a progress page")).to_be_visible()

    # the earlier assessment's link still opens it, kept as it was
    page.goto(f"{app_server}/assessment?a={first_id}")
    expect(page.get_by_text("This assessment has a follow-up")).to_be_visible()
    context.close()
