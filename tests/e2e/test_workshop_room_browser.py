"""The room card on a 1920x1080 projector, read from 5-10 m (issue 21).

A workshop is written into the app's database (four participants: the first question split
0, 0, 4, 4; the second a clear majority 3, 3, 3 with one 0), then the room view opens in
Chromium at 1920x1080. The test reads the computed font sizes of everything the room sees:
the question and the counts are the largest text (at least 48 px), nothing is under 24 px (the
open list of "The room's answer" included); the status strip and the "to discuss" count say
the same; the join code and QR code stay in a corner while joining is open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import APP_IDLE, wait_idle
from .helpers import shot
from .workshop_seed import FW, seed_workshop

pytestmark = pytest.mark.e2e

ROOM = {"width": 1920, "height": 1080}
Q0, Q1 = FW.questions[0], FW.questions[1]

# Every visible element with its own text inside the room: (tag, classes, text, font size px);
# the tag is H3 for text inside a level-3 heading.
SIZES_JS = """
root => {
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    if (!own.length) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (el.closest('[class*="rd-helper"]')) continue;
    const text = own.map(n => n.textContent.trim()).join(' ');
    out.push([el.closest('h3') ? 'H3' : el.tagName, String(el.className), text,
              parseFloat(style.fontSize)]);
  }
  return out;
}
"""


def sizes(locator: Any) -> list[tuple[str, str, str, float]]:
    return [tuple(row) for row in locator.evaluate(SIZES_JS)]


def test_room_card_reads_from_the_back_of_the_room(
    app_server: str, app_db_url: str, browser: Any, tmp_path: Path
) -> None:
    seeded = seed_workshop(
        app_db_url,
        [
            ("Ann", "IT", {0: 0, 1: 3}),
            ("", "Sales", {0: 0, 1: 3}),
            ("Bo", "Sales", {0: 4, 1: 3}),
            ("Cy", "IT", {0: 4, 1: 0}),
        ],
    )
    context = browser.new_context(viewport=ROOM)
    room = context.new_page()
    room.goto(f"{app_server}/room?r={seeded.room_token}")
    room.wait_for_selector(APP_IDLE)
    room.get_by_role("button", name="Start the discussion").click()
    wait_idle(room)
    card = room.locator(".st-key-room_card")
    card.get_by_text(Q0.text).wait_for()
    card.get_by_label("The room's answer").wait_for()  # widgets drawn, not placeholders
    wait_idle(room)

    whole = room.locator(".st-key-room")
    seen = sizes(whole)
    assert seen, "nothing measured"
    question = [size for tag, _, text, size in seen if tag == "H3" and text == Q0.text]
    counts = [size for tag, _, text, size in seen if tag == "H3" and text in {"0", "2"}]
    assert question and len(counts) >= 5, "\n".join(map(str, seen))
    assert min(question + counts) >= 48
    largest_other = max(size for tag, _, _, size in seen if tag != "H3")
    assert min(question + counts) > largest_other, [r for r in seen if r[3] >= largest_other]
    options = [
        size for _, _, text, size in seen if any(o.label in text for o in Q0.options if o.label)
    ]
    assert options and min(options) >= 30  # the options next
    small = [row for row in seen if row[3] < 24]
    assert not small, small
    # the open list of the room's answer too
    card.get_by_label("The room's answer").click()
    listed = room.get_by_role("option").first
    listed.wait_for()
    list_size = listed.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert list_size >= 24
    room.keyboard.press("Escape")

    # the status strip and the count of questions to discuss tell the same story
    body = whole.inner_text()
    assert "Split: 1" in body and "Clear majority: 1" in body
    assert re.search(r"Question 1 of 2 to discuss: 1 split, 1 clear majority", body), body
    # joining is still open: the code and a small QR code in a corner for latecomers
    code = f"{seeded.join_code[:4]}-{seeded.join_code[4:]}"
    corner = room.locator(".corner-code")
    expect(corner).to_have_text(f"Join code{code}")
    qr = room.get_by_role("img", name=re.compile("QR code of the join link"))
    box = qr.bounding_box()
    assert box is not None and box["width"] <= 200 and box["x"] > ROOM["width"] * 0.75
    # everything of the card is on the screen at 1920x1080
    card_box = card.bounding_box()
    assert card_box is not None and card_box["y"] + card_box["height"] <= ROOM["height"]
    shot(room, "workshop-room.png", tmp_path)
    context.close()
