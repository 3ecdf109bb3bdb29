"""The phone and the keyboard (issue 21): Start above the fold at 390x844, no heading link in
the Tab order, a "Download the PDF" button near the top of Results that gives the file itself
and a labelled menu button; heading order on the facilitator's Overview and Discuss tabs
(axe-core's heading-order rule). Screenshot `docs/img/results-phone.png`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import APP_IDLE, wait_idle
from .helpers import AXE, PHONE, answers_file, import_assessment, run_axe, shot
from .workshop_seed import seed_workshop

pytestmark = pytest.mark.e2e

HEADING_LINKS = "[data-testid='stHeaderActionElements'] a"


def _focusable_heading_links(page: Any) -> int:
    return int(
        page.evaluate(
            f"""() => [...document.querySelectorAll("{HEADING_LINKS}")]
                .filter(a => a.getClientRects().length > 0).length"""
        )
    )


def test_start_is_above_the_fold_on_a_phone(app_server: str, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(app_server)
    page.wait_for_selector(APP_IDLE)
    wait_idle(page)
    start = page.get_by_role("button", name="Start the assessment")
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    page.get_by_label("Organisation name").fill("Phone Co")
    start.click()
    page.get_by_text("Step 1 of 6").wait_for()
    wait_idle(page)
    assert _focusable_heading_links(page) == 0
    context.close()


def test_results_on_a_phone_lead_to_the_pdf(app_server: str, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    import_assessment(page, app_server, answers_file(tmp_path, "Phone Results Co"))
    page.evaluate("window.scrollTo(0, 0)")
    button = page.get_by_role("button", name="Download the PDF", exact=True)
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None and box["y"] < PHONE["height"] * 1.5, box  # within 1.5 screens
    label = page.evaluate(
        """() => { const b = document.querySelector('[data-testid="stExpandSidebarButton"]');
                   return b ? getComputedStyle(b, '::after').content : null; }"""
    )
    assert label == '"Menu"'
    assert _focusable_heading_links(page) == 0
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    shot(page, "results-phone.png", tmp_path)
    with page.expect_download(timeout=60_000) as caught:  # the file itself, not a link on
        button.click()
    download = caught.value
    assert download.suggested_filename.startswith("phone-results-co-readiness-")
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF") and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data  # A4
    context.close()


def test_facilitator_tabs_keep_heading_order(
    app_server: str, app_db_url: str, browser: Any
) -> None:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `make browser-tools`")
    seeded = seed_workshop(
        app_db_url,
        [(f"P{i}", "Sales", {0: 4 * (i % 2), 1: 3}) for i in range(4)],
        name="Headings",
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{app_server}/facilitate?w={seeded.token}")
    page.wait_for_selector(APP_IDLE)
    wait_idle(page)
    for tab in ("Overview", "Discuss and decide"):
        page.get_by_role("tab", name=tab).click()
        wait_idle(page)
        page.wait_for_timeout(600)
        found = [v for v in run_axe(page) if v["id"] == "heading-order"]
        assert not found, (tab, found)
    context.close()
