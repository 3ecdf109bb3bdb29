"""The facilitator chooses the workshop's sector from the start page's list in a real browser;
the workshop page says which sector its report will speak for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .conftest import APP_IDLE, wait_idle
from .helpers import DESKTOP


def test_the_facilitator_picks_the_sector_from_the_list(
    app_server: str, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{app_server}/facilitate")
    page.wait_for_selector(APP_IDLE)
    page.get_by_label("Organisation name").fill("Eastbrook Hospitals Trust")
    page.get_by_label("Sector (optional)").click()
    page.get_by_role("option", name="Healthcare").click()
    page.screenshot(path=str(tmp_path / "workshop-sector-form.png"))
    page.get_by_role("button", name="Create the workshop").click()
    page.get_by_text(re.compile(r"^Join code: [A-Z2-9]{4}-[A-Z2-9]{4}$")).wait_for(timeout=30_000)
    wait_idle(page)
    expect(page.get_by_text("Sector: Healthcare", exact=True)).to_be_visible()
    page.screenshot(path=str(tmp_path / "workshop-sector-created.png"))
