"""A new user in a real browser: start, answer everything, reload half way, finish, get the PDF.

Run with `make test` (CI installs Chromium). With SCREENSHOTS=1 the pictures used in README are
written to docs/img/ (wizard on a laptop and on a phone, results, and the PDF's executive
summary rendered to PNG).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from playwright.sync_api import expect

from .conftest import APP_IDLE, ROOT, wait_idle
from .helpers import DESKTOP, FW, PHONE, TOTAL, answer_step, go_to_step, radio_groups, shot

pytestmark = pytest.mark.e2e

IMG = ROOT / "docs" / "img"
ORG = "Harbour & Co <Ltd>"


def answered_text(page: Any) -> str:
    return str(page.get_by_text(re.compile(r"\d+ of \d+ questions answered")).first.inner_text())


def next_step(page: Any, step: int) -> None:
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text(f"Step {step} of 6")).to_be_visible()
    wait_idle(page)


def test_a_new_user_completes_an_assessment(
    app_server: str, browser: Any, tmp_path: Path, server_log: Path
) -> None:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(app_server)
    page.wait_for_selector(APP_IDLE)
    expect(page.get_by_text(f"Answer {TOTAL} questions")).to_be_visible()

    # Start: the name is required, then the assessment opens with its id in the URL.
    page.get_by_role("button", name="Start the assessment").click()
    wait_idle(page)
    expect(page.get_by_text("Please enter the organisation's name")).to_be_visible()
    page.get_by_label("Organisation name").fill(ORG)
    page.get_by_text("Sector, size, who answers (optional)").click()  # folded: Start in view
    page.get_by_label("Sector in your words (optional)").fill("Retail")
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_text("Step 1 of 6").wait_for()
    wait_idle(page)
    assessment_id = re.search(r"[?&]a=([A-Za-z0-9_-]{43})", page.url)
    assert assessment_id, page.url
    expect(page.get_by_text(ORG, exact=True)).to_be_visible()  # shown as text, not HTML

    # Steps 1-3, with one "Not applicable" (and its reason) and one note.
    number = 1
    number += answer_step(page, number, number - 1)
    page.locator("[data-testid='stRadio']").nth(1).get_by_text("Not applicable").click()
    expect(page.get_by_text("Please give a short reason")).to_be_visible()
    wait_idle(page)
    reason = page.get_by_label("Why is this not applicable?")
    reason.fill("We open no accounts ourselves")
    reason.press("Enter")
    expect(page.get_by_text("Please give a short reason")).to_be_hidden()
    wait_idle(page)
    page.get_by_text("Note (optional)").first.click()
    note = page.get_by_label("Note (optional)").first
    note.fill("Objectives are in the 2025 plan, p. 4")
    page.get_by_text("Step 1 of 6").click()  # leaving the field saves it
    expect(page.get_by_text("Note (optional) · added")).to_be_visible()
    wait_idle(page)
    page.get_by_role("heading", name="Assessment", exact=True).evaluate(
        "e => e.scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(300)
    shot(page, "wizard.png", tmp_path)
    for step in (2, 3):
        next_step(page, step)
        number += answer_step(page, number, number - 1)
    half_way = number - 1
    expect(page.get_by_text(f"{half_way} of {TOTAL} questions answered")).to_be_visible()

    # Reload half way: a new session, restored from the id in the URL, on the same step.
    # (Assertions on what a rerun draws retry until it is drawn: a count read once can see
    # a page still rendering after the reload.)
    page.reload()
    expect(page.get_by_text("Step 3 of 6")).to_be_visible()
    wait_idle(page)
    assert answered_text(page) == f"{half_way} of {TOTAL} questions answered"
    groups = radio_groups(page, half_way)
    assert groups.locator("input:checked").count() == len(FW.questions_for("participant_rewards"))
    go_to_step(page, 1)
    checked = radio_groups(page, 1).nth(1).locator("input:checked")
    assert checked.count() == 1
    assert page.get_by_label("Why is this not applicable?").input_value() == (
        "We open no accounts ourselves"
    )
    page.get_by_text("Note (optional) · added").click()
    expect(page.get_by_label("Note (optional)").first).to_have_value(
        "Objectives are in the 2025 plan, p. 4"
    )

    # The same link in another browser (no shared cookies or storage) shows the same answers.
    other = browser.new_context(viewport=PHONE)
    phone = other.new_page()
    phone.goto(f"{app_server}/assessment?a={assessment_id.group(1)}")
    expect(phone.get_by_text(f"{half_way} of {TOTAL} questions answered")).to_be_visible()
    # it opens where they stopped: the first unanswered question
    expect(
        phone.get_by_text(f"You stopped at question {half_way + 1} of {TOTAL}.").first
    ).to_be_visible()
    wait_idle(phone)
    go_to_step(phone, 1)
    next_step(phone, 2)
    radio_groups(phone, len(FW.questions_for("purpose")) + 1)
    phone.wait_for_timeout(400)  # the step's heading scrolled to the top
    shot(phone, "wizard-phone.png", tmp_path)
    other.close()

    # Finish the last three steps, choosing one answer with the keyboard.
    go_to_step(page, 4)
    first = radio_groups(page, half_way + 1).first
    first.locator("input").first.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text(f"{half_way + 1} of {TOTAL} questions answered")).to_be_visible()
    wait_idle(page)
    expect(first.locator("input:checked")).to_have_count(1)
    number += answer_step(page, number, half_way + 1)
    for step in (5, 6):
        next_step(page, step)
        number += answer_step(page, number, number - 1)
    expect(page.get_by_text(f"{TOTAL} of {TOTAL} questions answered")).to_be_visible()

    page.get_by_role("button", name="See your results").click()
    expect(page.get_by_text("Overall level")).to_be_visible(timeout=30_000)
    wait_idle(page)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    expect(chart.locator("svg, canvas").first).to_be_visible()
    assert page.get_by_text("Your action plan").is_visible()
    page.get_by_role("heading", name="Results").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    shot(page, "results.png", tmp_path)

    # Report: the PDF downloads, is a real PDF, and names the organisation.
    page.get_by_role("link", name="Download the PDF plan and your answers").click()
    page.get_by_text("PDF action plan").first.wait_for()
    wait_idle(page, timeout=60_000)
    assert assessment_id.group(1) in page.url
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the PDF action plan").click()
    pdf_path = tmp_path / "plan.pdf"
    download_info.value.save_as(pdf_path)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert ORG in text
    assert len(reader.pages) >= 3
    summary_page = next(
        i
        for i, p in enumerate(reader.pages)
        if "executive summary" in (p.extract_text() or "").lower()
    )
    render_pdf_page(data, summary_page, tmp_path / "report-summary.png")

    with page.expect_download() as json_info:
        page.get_by_role("button", name="Download the answers (JSON)").click()
    assert '"schema_version": 1' in Path(json_info.value.path()).read_text(encoding="utf-8")
    context.close()
    assert "Traceback" not in server_log.read_text(), server_log.read_text()[-3000:]


def render_pdf_page(data: bytes, index: int, out: Path) -> None:
    pdf = pypdfium2.PdfDocument(data)
    image = pdf[index].render(scale=1.6).to_pil()
    image.save(out)
    if os.environ.get("SCREENSHOTS") == "1":
        IMG.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, IMG / out.name)


def test_an_unknown_link_says_so(app_server: str, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{app_server}/results?a={'Z' * 43}")
    page.wait_for_selector(APP_IDLE)
    expect(page.get_by_text("This link does not lead to an assessment")).to_be_visible()
    expect(page.get_by_text("Overall level")).to_have_count(0)
    page.close()
