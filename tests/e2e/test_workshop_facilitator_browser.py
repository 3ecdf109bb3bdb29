"""The facilitator's page keeps its layout while it redraws itself (issue 21).

A workshop is written into the app's database; the facilitator's page opens at 1280 and
1440 px wide. Three times, a participant joins (written to the database, as a phone would) and
the page redraws itself; after each redraw the main column is as wide as at first, no two boxes
of the page's head (links, QR code, controls) overlap and no button's label is cut
(screenshot `docs/img/workshop-facilitator.png` at 1440 px with SCREENSHOTS=1).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import expect

from assessment.store import WorkshopStore

from .conftest import APP_IDLE, wait_idle
from .helpers import shot
from .test_workshop_browser import open_tab, pick
from .workshop_seed import FW, seed_workshop

pytestmark = pytest.mark.e2e

# The boxes drawn in the page's head (above the tabs), and any that overlap; buttons whose
# label does not fit.
LAYOUT_JS = """
() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const head = main.querySelector('[data-testid="stHorizontalBlock"]');
  const leaves = [...head.querySelectorAll('[data-testid="stElementContainer"]')]
    .map(e => e.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);
  const overlaps = [];
  for (let i = 0; i < leaves.length; i++)
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i], b = leaves[j];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) overlaps.push([i, j]);
    }
  const cut = [...main.querySelectorAll('button p, a p')]
    .filter(p => p.getBoundingClientRect().width > 0 && p.scrollWidth > p.clientWidth + 1)
    .map(p => p.textContent);
  return {width: main.getBoundingClientRect().width, boxes: leaves.length, overlaps, cut};
}
"""


def joined(page: Any) -> Any:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Joined")
    return metric.locator("[data-testid='stMetricValue']")


@pytest.mark.parametrize("width", [1280, 1440])
def test_facilitator_page_keeps_its_layout_across_refreshes(
    app_server: str, app_db_url: str, browser: Any, width: int, tmp_path: Path
) -> None:
    seeded = seed_workshop(app_db_url, [("Ann", "IT", {0: 1})], name=f"Layout {width}")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{app_server}/facilitate?w={seeded.token}")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    expect(joined(page)).to_have_text("1")
    wait_idle(page)
    first = page.evaluate(LAYOUT_JS)
    assert first["boxes"] >= 5 and not first["overlaps"] and not first["cut"], first
    ws = WorkshopStore(url=app_db_url)
    for n in range(2, 5):  # three refreshes, each started by a new participant
        ws.join(seeded.join_code, name=f"P{n}", role="Sales", client_key=f"layout-{width}-{n}")
        expect(joined(page)).to_have_text(str(n))
        wait_idle(page)
        page.wait_for_timeout(500)  # let any late layout change land
        now = page.evaluate(LAYOUT_JS)
        assert abs(now["width"] - first["width"]) < 1, (n, first, now)
        assert not now["overlaps"] and not now["cut"], (n, now)
    if width == 1440:
        shot(page, "workshop-facilitator.png", tmp_path)  # after three refreshes
    ws.engine.dispose()
    context.close()


def metric(page: Any, label: str) -> Any:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']")


def test_every_action_changes_the_numbers_at_once(
    app_server: str, app_db_url: str, browser: Any
) -> None:
    """Accept the clear majorities, record an answer, pause joining, remove someone: each one
    shows on the page with the click's own redraw (no waiting for the watcher)."""
    seeded = seed_workshop(
        app_db_url,
        [
            ("Ann", "IT", {0: 0, 1: 3, 2: 2}),
            ("Bo", "Sales", {0: 0, 1: 3, 2: 2}),
            ("Cy", "Sales", {0: 4, 1: 3, 2: 2}),
            ("Di", "IT", {0: 4, 1: 0, 2: 2}),
        ],
        name="Actions",
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{app_server}/facilitate?w={seeded.token}")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    open_tab(page, "Discuss and decide")
    total = len(FW.questions)
    expect(metric(page, "Answers recorded")).to_have_text(f"0 of {total}")
    page.get_by_role("button", name="Accept the clear majorities not recorded yet (2)").click()
    expect(metric(page, "Answers recorded")).to_have_text(f"2 of {total}", timeout=3_000)
    # the split question, recorded on its card: the question list says so at once
    pick(page, "The room's answer", "0/4 · chosen by 2 people")
    chooser = page.locator("[data-testid='stSelectbox']").filter(has_text="most disputed first")
    expect(chooser.locator("input")).to_have_value(re.compile("^Agreed in the room"), timeout=3_000)
    expect(metric(page, "Answers recorded")).to_have_text(f"3 of {total}", timeout=3_000)
    page.get_by_role("button", name="Pause joining").click()
    expect(page.get_by_text("Joining is paused")).to_be_visible(timeout=3_000)
    open_tab(page, "Who is in")
    pick(page, "Remove a participant", "4 · Di (IT)")
    page.get_by_text("Delete their answers").click()
    page.get_by_role("button", name="Remove").click()
    open_tab(page, "Overview")
    expect(metric(page, "Joined")).to_have_text("3", timeout=3_000)
    context.close()


def test_workshop_pdf_in_one_click_named_for_the_client(
    app_server: str, app_db_url: str, browser: Any
) -> None:
    """The Report tab gives the workshop PDF in one click (no Prepare step), named after the
    client like a self-assessment's file, while the page keeps redrawing itself (every half
    second)."""
    seeded = seed_workshop(
        app_db_url,
        [(f"P{i}", "Sales", {0: 3, 1: 2 + (i % 2)}) for i in range(3)],
        name="Café Zürich & Co",
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_server}/facilitate?w={seeded.token}")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    wait_idle(page)
    open_tab(page, "Report")
    assert page.get_by_role("button", name=re.compile("Prepare")).count() == 0
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Download the workshop PDF").click()
    download = caught.value
    assert download.failure() is None, download.failure()
    assert re.fullmatch(
        r"cafe-zurich-co-readiness-\d{4}-\d\d-\d\d-workshop\.pdf", download.suggested_filename
    ), download.suggested_filename
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    context.close()


def test_follow_up_workshop_pdf_carries_the_comparison_and_stays_available(
    app_server: str, app_db_url: str, browser: Any, tmp_path: Path
) -> None:
    """With an earlier workshop's link pasted under Overview, the one-click PDF carries 'Since
    the earlier workshop' (as the Overview shows it). The built file is still served, named for
    the client, seconds after the click while the page's watcher runs every half second: Streamlit
    drops a file built on a click once two runs of any session have ended, so a browser
    fetching it late saved a failed `<hash>.pdf`; the page now holds the built file."""
    earlier = seed_workshop(
        app_db_url, [(f"E{i}", "Sales", {0: 2 * (i % 3)}) for i in range(3)], name="Follow Up"
    )
    later = seed_workshop(
        app_db_url, [(f"L{i}", "Sales", {0: 3}) for i in range(3)], name="Follow Up"
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_server}/facilitate?w={later.token}")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    wait_idle(page)
    link = page.get_by_role("textbox", name="The earlier workshop's facilitator link")
    link.fill(f"{app_server}/facilitate?w={earlier.token}")
    link.press("Enter")
    expect(page.get_by_text("Earlier workshop: Follow Up")).to_be_visible()
    open_tab(page, "Report")
    expect(page.get_by_text("With 'Since the earlier workshop'")).to_be_visible()
    shot(page, "workshop-report-tab.png", tmp_path)  # looked at; not in the README
    files: list[str] = []
    page.on("request", lambda r: files.append(r.url) if "/media/" in r.url else None)
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Download the workshop PDF").click()
    download = caught.value
    assert download.failure() is None, (download.failure(), download.suggested_filename)
    name = r"follow-up-readiness-\d{4}-\d\d-\d\d-workshop\.pdf"
    assert re.fullmatch(name, download.suggested_filename), download.suggested_filename
    text = " ".join(
        "\n".join(p.extract_text() for p in pypdf.PdfReader(download.path()).pages).split()
    )
    assert "Since the earlier workshop" in text
    pdfs = [url for url in files if url.endswith(".pdf")]
    assert pdfs, files
    page.wait_for_timeout(3_500)  # the watcher's runs (and their clean-ups) meanwhile
    again = page.request.get(pdfs[-1])
    assert again.status == 200, again.status
    assert re.search(name, again.headers.get("content-disposition", "")), again.headers
    context.close()
