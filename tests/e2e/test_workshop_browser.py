"""A workshop in a real browser: a facilitator and two participants, each in their own context.

The facilitator creates the workshop and reads the join code; two participants (one named,
one anonymous, one on a phone-sized screen) join by the link and answer; the facilitator's
dashboard refreshes by itself and shows them; the consensus is taken from the medians, the
workshop PDF downloaded and checked; a Microsoft Forms export is imported after its preview;
closing the workshop turns the participants' pages read-only.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest
from playwright.sync_api import expect

from assessment.content import default_framework
from tests.export_shapes import microsoft_forms

from .conftest import APP_IDLE, wait_idle

pytestmark = pytest.mark.e2e

FW = default_framework()
Q0 = FW.questions[0]
ANN = "Ann <b>Lee</b>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def join(browser: Any, base: str, code: str, name: str | None, role: str, viewport: dict) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{base}/join?code={code}")
    page.get_by_role("button", name="Join the workshop").wait_for()
    wait_idle(page)
    expect(page.get_by_label("Join code")).to_have_value(code)
    if name is None:
        page.get_by_text("Join anonymously").click()
    else:
        page.get_by_label("Your name").fill(name)
    role_box = page.locator("[data-testid='stSelectbox']").filter(has_text="Your role")
    role_box.locator("input").fill(role)
    role_box.locator("input").press("Enter")
    page.get_by_role("button", name="Join the workshop").click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"[?&]p="))
    return page


def answer_first(page: Any, score: int) -> None:
    group = page.locator("[data-testid='stRadio']").first
    group.get_by_text(Q0.option_label(score), exact=True).click()
    wait_idle(page)
    page.get_by_text(f"1 of {len(FW.questions)} questions answered").wait_for()


def test_facilitator_and_two_participants(app_server: str, browser: Any) -> None:
    fac_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    fac = fac_context.new_page()
    fac.goto(f"{app_server}/facilitate")
    fac.wait_for_selector(APP_IDLE)
    fac.get_by_label("Organisation name").fill("Harbour & Co <Ltd>")
    fac.get_by_role("button", name="Create the workshop").click()
    heading = fac.locator("h1").filter(has_text=re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    heading.wait_for(timeout=30_000)
    wait_idle(fac)
    assert re.search(r"[?&]w=", fac.url)
    code = heading.inner_text()
    fac.locator("[data-testid='stImage'] img").first.wait_for()  # the QR code
    join_link = f"{app_server}/join?code={code}"
    fac.locator("[data-testid='stCode']").filter(has_text=join_link).first.wait_for()
    expect(fac.get_by_text("Organisation: Harbour & Co <Ltd>")).to_be_visible()

    ann = join(browser, app_server, code, ANN, "IT", {"width": 1280, "height": 900})
    anon = join(browser, app_server, code, None, "Marketing", {"width": 390, "height": 844})
    expect(ann.get_by_text(f"You: {ANN} · IT")).to_be_visible()  # shown as text, not bold
    assert ann.locator("b", has_text="Lee").count() == 0
    expect(
        anon.get_by_text(re.compile(r"You: Participant \d+ \(anonymous\) · Marketing"))
    ).to_be_visible()
    answer_first(ann, 0)
    answer_first(anon, 4)

    # the dashboard refreshes by itself (no reload): both joined, the split question on top
    fac.get_by_text("No answers yet").wait_for(state="detached", timeout=30_000)
    fac.get_by_text("Discuss first: the most disputed questions").wait_for(timeout=30_000)
    fac.get_by_text(re.compile(r"median suggestion: 2/4")).first.wait_for(timeout=30_000)
    expect(fac.locator("[data-testid='stMetric']").first).to_contain_text("Joined")
    expect(fac.locator("[data-testid='stMetricValue']").first).to_have_text("2")

    # a participant's page never shows the other participant or the facilitator's data
    anon.reload()
    anon.wait_for_selector(APP_IDLE)
    anon.get_by_text(f"1 of {len(FW.questions)} questions answered").wait_for()  # came back
    body = anon.locator("body").inner_text()
    assert "Ann" not in body and code not in body and "disputed" not in body

    # consensus from the medians, then the workshop PDF
    fac.get_by_role("button", name=re.compile("Use the median")).click()
    wait_idle(fac)
    fac.get_by_role("button", name="Prepare the workshop PDF").click()
    wait_idle(fac, timeout=60_000)
    with fac.expect_download() as download_info:
        fac.get_by_role("button", name="Download the workshop PDF").click()
    pdf = pypdf.PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Workshop: participation and disagreement" in text
    assert Q0.text.split("?")[0][:40] in text.replace("\n", " ")
    assert "Ann" not in text  # the report shows roles and counts, no names

    # responses from Microsoft Forms: a preview first, saved only on confirmation
    name, data = microsoft_forms(FW)
    fac.get_by_text("Import responses collected elsewhere").click()
    fac.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    fac.get_by_text("Check before importing").wait_for(timeout=30_000)
    wait_idle(fac)
    expect(fac.get_by_text(f"{name}: Excel workbook, sheet 'Sheet1'", exact=False)).to_be_visible()
    metrics = fac.locator("[data-testid='stMetric']").filter(has_text="Respondents to import")
    expect(metrics.locator("[data-testid='stMetricValue']")).to_have_text("6")
    fac.get_by_role("button", name="Import 6 respondents").click()
    wait_idle(fac)
    fac.get_by_text(f"Imported 6 respondents from {name}.").wait_for(timeout=30_000)
    expect(fac.get_by_text("Check before importing")).to_have_count(0)
    joined = fac.locator("[data-testid='stMetric']").filter(has_text="Joined")
    expect(joined.locator("[data-testid='stMetricValue']")).to_have_text("8")

    # closing stops new answers; participants see it after their next interaction
    fac.get_by_role("button", name="Close the workshop").click()
    wait_idle(fac)
    expect(fac.get_by_text("Closed: answers can no longer be changed.")).to_be_visible()
    ann.reload()
    ann.wait_for_selector(APP_IDLE)
    ann.get_by_text("closed this workshop").wait_for()
    assert ann.locator("[data-testid='stRadio']").count() == 0

    for ctx in (fac_context, ann.context, anon.context):
        ctx.close()
