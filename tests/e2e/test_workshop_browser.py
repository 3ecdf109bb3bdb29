"""A workshop in a real browser: a facilitator, four participants and the room view.

The facilitator creates the workshop; four participants join by the link (one anonymous on a
phone-sized screen, one who joined by mistake and is removed) and answer: the first question
splits the room (0, 0 against 4), the second has a clear majority. One participant shares a
note with the room. The facilitator removes the mistaken participant, then opens the room view
at 1920x1080: the join code and QR code, then the split question's card with every option, its
count and the shared note, no names and no tokens (screenshot `docs/img/workshop-room.png` with
SCREENSHOTS=1). The room accepts the clear majority on its card: agreed in the room. The
workshop PDF leads with the workshop and has no names and no group of fewer than 3 people. A
Microsoft Forms export is imported after its preview; closing turns the participants' pages
read-only.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import expect

from assessment.domain.content import default_framework
from tests.export_shapes import microsoft_forms

from .conftest import APP_IDLE, ROOT, wait_idle
from .helpers import shot

pytestmark = pytest.mark.e2e

FW = default_framework()
Q0, Q1 = FW.questions[0], FW.questions[1]
ANN = "Ann <b>Lee</b>"
BO = "Bo Secret"
MALLORY = "Mallory Mistake"
NOTE = "We only post when a campaign runs"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ROOM = {"width": 1920, "height": 1080}
IMG = ROOT / "docs" / "img"


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
    page.locator("[data-testid='stRadio']").first.wait_for()
    return page


def answer(page: Any, index: int, score: int, done: int) -> None:
    """Choose option `score` of question `index` (both on the first step)."""
    question = FW.questions[index]
    group = page.locator("[data-testid='stRadio']").nth(index)
    group.get_by_text(question.option_label(score), exact=True).click()
    wait_idle(page)
    page.get_by_text(f"{done} of {len(FW.questions)} questions answered").wait_for()


def open_tab(page: Any, name: str) -> None:
    """Click a tab of the facilitator's page. While the page redraws (it does when answers
    change) the old tabs linger for a moment beside the new ones: wait for one."""
    for attempt in range(4):
        wait_idle(page)
        tabs = page.get_by_role("tab", name=name)
        try:
            expect(tabs).to_have_count(1, timeout=10_000)
            tabs.click(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - redrawn under us: try again
            if attempt == 3:
                raise
    wait_idle(page)


def pick(page: Any, box_label: str, option: str) -> None:
    """Choose an option of a selectbox by its label. The page redraws itself when answers
    change, which closes an open list: try again then."""
    for attempt in range(4):
        wait_idle(page)
        page.get_by_label(box_label).click()
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - the list closed under us: open it again
            page.keyboard.press("Escape")
            if attempt == 3:
                raise
    wait_idle(page)


def test_facilitator_four_participants_and_the_room_view(
    app_server: str, browser: Any, tmp_path: Path
) -> None:
    fac_context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    fac = fac_context.new_page()
    fac.goto(f"{app_server}/facilitate")
    fac.wait_for_selector(APP_IDLE)
    fac.get_by_label("Organisation name").fill("Harbour & Co <Ltd>")
    fac.get_by_role("button", name="Create the workshop").click()
    code_text = fac.get_by_text(re.compile(r"^Join code: [A-Z2-9]{4}-[A-Z2-9]{4}$"))
    code_text.wait_for(timeout=30_000)
    wait_idle(fac)
    assert re.search(r"[?&]w=", fac.url)
    facilitator_token = fac.url.split("w=")[1].split("&")[0]
    code = code_text.inner_text().split(": ")[1]
    fac.locator("[data-testid='stImage'] img").first.wait_for()  # the QR code
    join_link = f"{app_server}/join?code={code}"
    fac.locator("[data-testid='stCode']").filter(has_text=join_link).first.wait_for()
    expect(fac.get_by_text("Organisation: Harbour & Co <Ltd>")).to_be_visible()

    # four participants: named, anonymous on a phone, named, and one who joined by mistake
    ann = join(browser, app_server, code, ANN, "IT", DESKTOP)
    anon = join(browser, app_server, code, None, "Communications", PHONE)
    bo = join(browser, app_server, code, BO, "Sales", DESKTOP)
    mallory = join(browser, app_server, code, MALLORY, "IT", DESKTOP)
    expect(ann.get_by_text(f"You: {ANN} · IT")).to_be_visible()  # shown as text, not bold
    assert ann.locator("b", has_text="Lee").count() == 0
    expect(
        anon.get_by_text(re.compile(r"You: Participant \d+ \(anonymous\) · Communications"))
    ).to_be_visible()
    # the first question splits the room; the second has a clear majority
    for page, first, second in ((ann, 0, 3), (anon, 0, 3), (bo, 4, 2), (mallory, 4, 0)):
        answer(page, 0, first, 1)
        answer(page, 1, second, 2)

    # Ann adds a note to the first question and shares it with the room (off by default)
    ann.get_by_text("Note (optional)").first.click()
    ann.get_by_label("Note (optional)").first.fill(NOTE)
    ann.get_by_label("Note (optional)").first.press("Control+Enter")
    wait_idle(ann)
    ann.get_by_text("Share your notes with the room").click()
    share = ann.get_by_text(re.compile("^Share my note on: How is your"))
    expect(share).to_be_visible()
    share.click()
    wait_idle(ann)

    # the dashboard refreshes by itself: all four joined
    joined = fac.locator("[data-testid='stMetric']").filter(has_text="Joined")
    expect(joined.locator("[data-testid='stMetricValue']")).to_have_text("4", timeout=30_000)

    # the facilitator removes the participant who joined by mistake
    open_tab(fac, "Who is in")
    pick(fac, "Remove a participant", f"4 · {MALLORY} (IT)")
    fac.get_by_text("Delete their answers").click()
    fac.get_by_role("button", name="Remove").click()
    wait_idle(fac)
    fac.get_by_text("Participant 4 was removed.").wait_for()
    expect(joined.locator("[data-testid='stMetricValue']")).to_have_text("3", timeout=30_000)
    mallory.reload()
    mallory.wait_for_selector(APP_IDLE)
    mallory.get_by_text("Workshop link not found").wait_for()

    # a participant's page never shows the others or the facilitator's data
    body = anon.locator("body").inner_text()
    assert "Ann" not in body and code not in body and "disputed" not in body

    # the room view, on the projector: its own link, no names, no tokens
    room_href = fac.get_by_role("link", name=re.compile("Open the room view")).get_attribute("href")
    assert room_href and "r=" in room_href and facilitator_token not in room_href
    room_context = browser.new_context(viewport=ROOM)
    room = room_context.new_page()
    room.goto(room_href)
    room.wait_for_selector(APP_IDLE)
    room.get_by_text(code).wait_for()
    room.locator("[data-testid='stImage'] img").first.wait_for()
    shot(room, "workshop-room-join.png", tmp_path)
    room.get_by_role("button", name=re.compile("Start the discussion")).click()
    wait_idle(room)
    room.get_by_text(Q0.text).wait_for()
    card = room.locator(".st-key-room_card")
    for option in Q0.options:
        expect(card.get_by_text(option.label, exact=False).first).to_be_visible()
    expect(card.get_by_text("Split - to discuss").first).to_be_visible()
    expect(card.get_by_text(f"“{NOTE}”")).to_be_visible()
    # joining is still open: the code stays in a corner (it is no secret from the room)
    expect(room.locator(".corner-code")).to_contain_text(code)
    body = room.locator("body").inner_text().replace(code, "")
    for secret in ("Ann", BO, MALLORY, "IT", "Sales", facilitator_token, room_href.split("r=")[1]):
        assert secret not in body
    assert "Participant" not in body  # no per-person anything
    # everything of the card is on the screen at 1920x1080, readable from the back
    box = card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= ROOM["height"]
    text_size = room.get_by_text(Q0.options[0].label, exact=False).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert text_size >= 30
    card.get_by_label("The room's answer").wait_for()  # widgets drawn, not placeholders
    wait_idle(room)
    shot(room, "workshop-room.png", tmp_path)

    # the second question has a clear majority: the room accepts it on its card
    room.get_by_role("button", name="Next").click()
    wait_idle(room)
    room.get_by_text(Q1.text).wait_for()
    room.get_by_role("button", name="Accept 3/4").click()
    wait_idle(room)
    room.get_by_text("Agreed in the room").first.wait_for()

    # the facilitator's overview follows: one agreed in the room, one split
    agreed = fac.locator("[data-testid='stMetric']").filter(has_text="Agreed in the room")
    open_tab(fac, "Overview")
    expect(agreed.first.locator("[data-testid='stMetricValue']")).to_have_text("1", timeout=30_000)

    # the workshop PDF: leads with the workshop; no names, no group under 3
    open_tab(fac, "Report")
    fac.get_by_text("3 people took part").wait_for(timeout=30_000)
    assert fac.get_by_role("button", name="Prepare the workshop PDF").count() == 0
    with fac.expect_download(timeout=60_000) as download_info:  # one click, named for the client
        fac.get_by_role("button", name="Download the workshop PDF").click()
    assert download_info.value.failure() is None, download_info.value.failure()
    assert re.fullmatch(
        r"harbour-co-ltd-readiness-\d{4}-\d\d-\d\d-workshop\.pdf",
        download_info.value.suggested_filename,
    ), download_info.value.suggested_filename
    pdf = pypdf.PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = " ".join("\n".join(p.extract_text() for p in pdf.pages).split())
    assert "Workshop: participation and disagreement" in text
    assert Q0.text.split("?")[0][:40] in text
    for name in ("Ann", "Lee", BO, MALLORY, "Participant 2", "Sales", "Communications"):
        assert name not in text
    assert "Other roles (fewer than 3 each)" in text  # three single roles, pooled

    # responses from Microsoft Forms: a preview first, saved only on confirmation
    name, data = microsoft_forms(FW)
    open_tab(fac, "Import responses")
    fac.get_by_text("Import responses collected elsewhere").click()
    uploader = fac.locator("[data-testid='stFileUploader']").filter(has_text="Responses file")
    uploader.locator("input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    fac.get_by_text("Check before importing").wait_for(timeout=30_000)
    wait_idle(fac)
    metrics = fac.locator("[data-testid='stMetric']").filter(has_text="Respondents to import")
    expect(metrics.locator("[data-testid='stMetricValue']")).to_have_text("6")
    fac.get_by_role("button", name="Import 6 respondents").click()
    wait_idle(fac)
    fac.get_by_text(f"Imported 6 respondents from {name}.").wait_for(timeout=30_000)
    expect(joined.locator("[data-testid='stMetricValue']")).to_have_text("9", timeout=30_000)

    # closing stops new answers; participants see it after their next interaction
    fac.get_by_role("button", name="Close the workshop").click()
    wait_idle(fac)
    expect(fac.get_by_text("Closed: answers can no longer be changed.")).to_be_visible()
    ann.reload()
    ann.wait_for_selector(APP_IDLE)
    ann.get_by_text("closed this workshop").wait_for()
    assert ann.locator("[data-testid='stRadio']").count() == 0

    for ctx in (fac_context, room_context, ann.context, anon.context, bo.context, mallory.context):
        ctx.close()
