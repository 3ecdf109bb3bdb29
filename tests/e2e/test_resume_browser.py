"""Back to where you stopped (issue 21): with 20 of 43 questions answered, both "Resume it"
on the same phone and the assessment's link in another browser open question 21, in view,
saying "You stopped at question 21 of 43."; with every question answered the link opens
Results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessment.ui.questionnaire import card_selector

from .conftest import APP_IDLE, wait_idle
from .helpers import DESKTOP, FW, PHONE, TOTAL, answers_file, import_assessment, open_page

pytestmark = pytest.mark.e2e

STOPPED = 21  # the first unanswered question's number


def _step_of(number: int) -> int:
    dimension = FW.questions[number - 1].dimension
    return [d.id for d in FW.dimensions].index(dimension) + 1


def _lands_on_question(page: Any, number: int) -> None:
    expect(page.get_by_text(f"You stopped at question {number} of {TOTAL}.").first).to_be_visible()
    step = _step_of(number)
    expect(page.get_by_text(f"Step {step} of {len(FW.dimensions)}").first).to_be_visible()
    card = page.locator(card_selector("wz", FW.questions[number - 1].id))
    card.wait_for()
    page.wait_for_timeout(1200)  # the browser helper scrolls after the page is drawn
    height = page.viewport_size["height"]
    box = card.bounding_box()
    assert box is not None and 0 <= box["y"] < height * 0.5, (box, height)


def test_resume_and_the_link_open_the_first_unanswered_question(
    app_server: str, browser: Any, tmp_path: Path
) -> None:
    path = answers_file(tmp_path, "Stopped Co", skip=set(range(STOPPED, TOTAL + 1)))
    phone = browser.new_context(viewport=PHONE)
    first = phone.new_page()
    aid = import_assessment(first, app_server, path)
    first.close()

    # the same phone, a new tab: "Resume it"
    tab = phone.new_page()
    open_page(tab, app_server, "")
    tab.get_by_role("button", name="Resume it").click()
    tab.wait_for_selector(APP_IDLE)
    wait_idle(tab)
    _lands_on_question(tab, STOPPED)
    phone.close()

    # the link, in another browser
    laptop = browser.new_context(viewport=DESKTOP)
    other = laptop.new_page()
    other.goto(f"{app_server}/assessment?a={aid}")
    other.wait_for_selector(APP_IDLE)
    wait_idle(other)
    _lands_on_question(other, STOPPED)
    laptop.close()


def test_the_link_of_a_finished_assessment_opens_results(
    app_server: str, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    aid = import_assessment(page, app_server, answers_file(tmp_path, "Done Co"))
    other = browser.new_context(viewport=DESKTOP).new_page()
    other.goto(f"{app_server}/assessment?a={aid}")
    other.get_by_text("Overall level").first.wait_for()
    assert "/results" in other.url
    other.context.close()
    context.close()
