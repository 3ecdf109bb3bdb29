"""The self-assessment as a marketing lead meets it, on a laptop (1280x900) and a phone (390x844).

Each test drives the real app in Chromium and measures what the user sees: where the step's
heading lands after Next, how big the answer targets are, whether arrow keys answer, coming back
from a fresh tab, the unanswered list, what Results show first and whether the plan fits a
phone, which menu a participant sees, and what bad URL parameters do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessment.ui.questionnaire import card_key
from assessment.ui.resume import WIZARD

from .conftest import APP_IDLE, wait_idle
from .helpers import (
    DESKTOP,
    FW,
    PHONE,
    TOTAL,
    VIEWPORTS,
    answers_file,
    box,
    go_to_step,
    import_assessment,
    menu_link,
    open_page,
    radio_groups,
    shot,
    start_assessment,
    top_in_viewport,
)

pytestmark = pytest.mark.e2e

STEP1 = len(FW.questions_for(FW.dimensions[0].id))


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Any) -> Any:
    """A page in a fresh context (own cookies) at a laptop's or a phone's size."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    context.viewport_name = request.param  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def is_phone(page: Any) -> bool:
    return bool(page.context.viewport_name == "phone")


def test_next_back_and_the_step_list_land_on_the_steps_heading(app_server: str, page: Any) -> None:
    start_assessment(page, app_server, "Heading Co")
    radio_groups(page, 1)
    page.get_by_role("button", name="Next").click()
    heading = page.get_by_role("heading", name=re.compile(r"^Step 2 of 6"))
    expect(heading).to_be_visible()
    radio_groups(page, STEP1 + 1)
    top = top_in_viewport(page, heading)
    assert 0 <= top <= 160, f"the heading is at {top:.0f} px, not at the top of the screen"
    if not is_phone(page):  # the first question's options follow on a laptop's screen
        first_option = page.locator("[data-testid='stRadioOption']").first
        assert box(first_option)["y"] < DESKTOP["height"]
    page.get_by_role("button", name="Back").click()
    heading = page.get_by_role("heading", name=re.compile(r"^Step 1 of 6"))
    expect(heading).to_be_visible()
    radio_groups(page, 1)
    assert 0 <= top_in_viewport(page, heading) <= 160
    go_to_step(page, 5)
    heading = page.get_by_role("heading", name=re.compile(r"^Step 5 of 6"))
    assert 0 <= top_in_viewport(page, heading) <= 160
    assert page.evaluate("document.activeElement.id") == "wz-step-5"  # read out, too


def test_answer_options_are_large_targets_with_unknowns_set_apart(
    app_server: str, page: Any
) -> None:
    start_assessment(page, app_server, "Targets Co")
    group = radio_groups(page, 1).first
    options = group.locator("[data-testid='stRadioOption']")
    expect(options).to_have_count(7)
    boxes = [box(options.nth(i)) for i in range(7)]
    for b in boxes:
        assert b["height"] >= 44 and b["width"] >= 44, b
    gaps = [boxes[i + 1]["y"] - (boxes[i]["y"] + boxes[i]["height"]) for i in range(6)]
    assert min(gaps) >= 4, gaps  # options never touch
    assert gaps[4] >= 16 and gaps[4] > 2 * max(gaps[:4]), gaps  # the unknowns stand apart
    assert "counts as 0" in options.nth(5).inner_text()
    assert "left out of the score" in options.nth(6).inner_text()
    for name in ("Next", "Back"):
        assert box(page.get_by_role("button", name=name))["height"] >= 44
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[page.context.viewport_name]["width"]  # nothing runs off-screen


def test_arrow_keys_move_between_options_without_answering(app_server: str, page: Any) -> None:
    start_assessment(page, app_server, "Keys Co")
    group = radio_groups(page, 1).first
    inputs = group.locator("input[type=radio]")
    inputs.first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(600)
    wait_idle(page)
    assert group.locator("input:checked").count() == 0  # passing over saves nothing
    assert page.evaluate("document.activeElement.value") == "3"
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.closest('label')).outlineStyle"
    )
    assert outline == "solid"  # a focus marker on the option under the keyboard
    page.keyboard.press("Space")
    expect(page.get_by_text(f"1 of {TOTAL} questions answered")).to_be_visible()
    wait_idle(page)
    assert group.locator("input:checked").get_attribute("value") == "3"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved")).to_be_visible()
    wait_idle(page)
    assert group.locator("input:checked").get_attribute("value") == "2"
    expect(page.get_by_text(f"1 of {TOTAL} questions answered")).to_be_visible()


def test_a_fresh_tab_offers_the_last_assessment_on_this_device(
    app_server: str, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    first = context.new_page()
    aid = start_assessment(first, app_server, "Comeback Co")
    radio_groups(first, 1).first.get_by_text(FW.questions[0].option_label(2), exact=True).click()
    expect(first.get_by_text(f"1 of {TOTAL} questions answered")).to_be_visible()
    wait_idle(first)

    # The link to keep, with a Copy button, at the foot of the page on a phone.
    copy = first.get_by_role("button", name="Copy link to this assessment").last
    copy.scroll_into_view_if_needed()
    copy.click()
    expect(first.get_by_text("Copied.")).to_be_visible()
    copied = first.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/assessment?a={aid}")
    first.close()

    # A new tab on the app's address, without the link: offered, not opened.
    tab = context.new_page()
    open_page(tab, app_server, "")
    offer = tab.locator(".st-key-rd-remembered")
    expect(offer).to_contain_text("Comeback Co")
    expect(offer).to_contain_text(f"1 of {TOTAL} questions answered")
    assert "a=" not in tab.url
    tab.get_by_role("button", name="Resume it").click()
    expect(tab.get_by_text(f"1 of {TOTAL} questions answered")).to_be_visible()
    wait_idle(tab)
    assert f"a={aid}" in tab.url

    # Another browser knows nothing of it.
    stranger = browser.new_context(viewport=DESKTOP)
    other = stranger.new_page()
    open_page(other, app_server, "")
    expect(other.get_by_text("Your last assessment on this device")).to_have_count(0)
    stranger.close()

    # Forgotten on this device: a new tab offers nothing.
    tab.goto(app_server)
    tab.wait_for_selector(APP_IDLE)
    wait_idle(tab)
    tab.get_by_role("button", name="Forget it on this device").click()
    expect(tab.locator(".st-key-rd-remembered")).to_have_count(0)
    wait_idle(tab)
    later = context.new_page()
    open_page(later, app_server, "")
    expect(later.get_by_text("Your last assessment on this device")).to_have_count(0)
    context.close()


def test_unanswered_questions_are_listed_with_links_before_the_results(
    app_server: str, page: Any, tmp_path: Path
) -> None:
    skip = {2, TOTAL - 1}
    import_assessment(page, app_server, answers_file(tmp_path, "Gaps Co", skip))
    menu_link(page, "Assessment")
    radio_groups(page, 1)
    go_to_step(page, 6)
    page.get_by_role("button", name="See your results").click()
    review = page.get_by_role("heading", name="Before your results")
    expect(review).to_be_visible()
    height = VIEWPORTS[page.context.viewport_name]["height"]
    assert 0 <= top_in_viewport(page, review) <= height - 200  # brought into view
    expect(page.get_by_text(f"2 of {TOTAL} questions have no answer yet")).to_be_visible()
    links = page.locator("[class*='st-key-wz-left'] button")
    expect(links).to_have_count(2)
    expect(links.first).to_have_accessible_name(f"2. {FW.questions[1].text}")
    links.first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Step 1 of 6"))).to_be_visible()
    card = page.locator(f"[class*='st-key-qcard-wz-{FW.questions[1].id.replace('.', '-')}']")
    radio_groups(page, 1)
    top = top_in_viewport(page, card)
    assert 0 <= top <= 200, f"the question is at {top:.0f} px"
    card.get_by_text(FW.questions[1].option_label(1), exact=True).click()
    expect(page.get_by_text(f"{TOTAL - 1} of {TOTAL} questions answered")).to_be_visible()
    wait_idle(page)
    page.get_by_role("button", name=re.compile(r"unanswered questions \(1 left\)")).click()
    expect(page.get_by_text(f"1 of {TOTAL} questions have no answer yet")).to_be_visible()
    page.get_by_role("button", name="See my results now").click()
    expect(page.get_by_text("Overall level")).to_be_visible(timeout=30_000)


def test_results_lead_with_the_level_first_steps_and_gaps_and_fit_a_phone(
    app_server: str, page: Any, tmp_path: Path
) -> None:
    import_assessment(page, app_server, answers_file(tmp_path, "Results Co"))
    wait_idle(page)

    def y(locator: Any) -> float:
        return float(locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))

    level = page.get_by_text("Overall level").first
    start = page.get_by_role("heading", name="Where to start")
    gaps = page.get_by_role("heading", name="Largest gaps")
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    plan = page.get_by_role("heading", name="Your action plan")
    assert y(level) < y(start) < y(gaps) < y(chart) < y(plan)
    assert box(level)["y"] < VIEWPORTS[page.context.viewport_name]["height"]  # seen at once
    firsts = page.get_by_text(re.compile(r"owner: ")).first
    expect(firsts).to_be_visible()

    # The plan as cards: every owner and KPI on screen, nothing cut off or scrolled sideways.
    cards = page.locator("[class*='st-key-rs-step-']")
    assert cards.count() >= 3
    width = VIEWPORTS[page.context.viewport_name]["width"]
    for i in range(cards.count()):
        card = cards.nth(i)
        card.scroll_into_view_if_needed()
        right = box(card)["x"] + box(card)["width"]
        assert right <= width, f"card {i + 1} ends at {right:.0f} px"
        for label in ("Owner:", "KPI:"):
            field = card.get_by_text(label)
            expect(field).to_be_visible()
            assert box(field)["x"] + box(field)["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Targets in the order of the dimensions, each saying whether it is suggested.
    targets = page.locator("[data-testid='stSelectbox']").filter(has_text="Target for")
    names = [targets.nth(i).inner_text().split("\n")[0] for i in range(targets.count())]
    assert names == [f"Target for {d.name}" for d in FW.dimensions]
    tops = [box(targets.nth(i))["y"] for i in range(targets.count())]
    rows = [tops[i] for i in range(0, len(tops), 2)]
    assert rows == sorted(rows)
    if is_phone(page):
        assert tops == sorted(tops)  # one column, in order
    expect(page.get_by_text(re.compile(r"· suggested$"))).to_have_count(len(FW.dimensions))


def test_a_target_change_is_confirmed_beside_it(app_server: str, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    start_assessment(page, app_server, "Target Co")
    for i in range(STEP1):  # purpose answered: its target can be compared with a score
        group = radio_groups(page, 1).nth(i)
        group.get_by_text(FW.questions[i].option_label(2), exact=True).click()
        expect(page.get_by_text(f"{i + 1} of {TOTAL} questions answered")).to_be_visible()
        wait_idle(page)
    menu_link(page, "Results")
    target = page.locator("[data-testid='stSelectbox']").filter(has_text="Target for Purpose")
    target.scroll_into_view_if_needed()
    wait_idle(page)
    target.click()
    page.get_by_role("option", name=re.compile(r"^Level 3 · ")).click()
    confirmed = page.get_by_text("Changed from level 4 to 3 and saved")
    expect(confirmed).to_be_visible()
    assert 0 < box(confirmed)["y"] - box(target)["y"] < 150  # right below the control
    context.close()


def test_participants_see_no_app_menu(app_server: str, browser: Any) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    open_page(page, app_server, "")
    for name in ("Start", "Results", "Facilitate"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    open_page(page, app_server, "join?code=ABCD-EFGH")
    expect(page.get_by_role("heading", name="Join a workshop")).to_be_visible()
    for name in ("Start", "Results", "Report", "Facilitate", "Method"):
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
    context.close()


BAD = [
    "assessment?a={aid}&step=%C2%B2",  # "²"
    "assessment?a={aid}&step=" + "9" * 5000,
    "assessment?a={aid}&step=-1",
    "assessment?a=" + "A" * 5000,
    "results?a=%00%3Cscript%3E",
    "report?a=../../etc/passwd",
    "?a=" + "%F0%9F%98%80" * 20,
    "join?p=" + "x" * 300,
    "join?code=" + "%E2%80%AE" * 50,
    "facilitate?w=" + "w" * 5000,
]


def test_bad_url_parameters_give_a_message_and_a_way_out(
    app_server: str, browser: Any, tmp_path: Path, server_log: Path
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    aid = start_assessment(page, app_server, "Params Co")
    for template in BAD:
        path = template.format(aid=aid)
        open_page(page, app_server, path)
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        main = page.locator("[data-testid='stMain']")
        assert main.locator("h1").count() >= 1, path  # a page, not a blank or an error box
        # a way on: a button or a link (waited for: the step is drawn in a fragment after the page)
        expect(main.get_by_role("button").or_(main.get_by_role("link")).first).to_be_visible()
        if "step=" in path:
            expect(page.get_by_text("is not a step of this assessment")).to_be_visible()
            expect(page.get_by_role("heading", name=re.compile(r"^Step 1 of 6"))).to_be_visible()
        if path.startswith(("assessment?a=A", "results", "report", "?a=")):
            expect(page.get_by_text("This link does not lead to an assessment")).to_be_visible()
    context.close()
    assert "Traceback" not in server_log.read_text(), server_log.read_text()[-3000:]


def test_results_in_the_browser_show_the_readout_of_a_persona(
    app_server: str, browser: Any, tmp_path: Path
) -> None:
    """The persona whose first steps in time are not ranks 1-3: the page shows the readout's
    first steps (numbered 1-3, "plan step N" beside), gaps and strengths, in that order (as the
    PDF, the DOCX and the CLI do)."""
    from assessment.domain.evaluation import evaluate
    from assessment.files.answers_file import read_answers
    from assessment.readout.build import build_readout

    path = Path(__file__).parents[1] / "personas" / "harbour_bank.json"
    ro = build_readout(FW, evaluate(FW, read_answers(path.read_bytes(), FW).responses))
    assert [s.rank for s in ro.first_steps] != [1, 2, 3]  # the case the renderers disagreed on
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        import_assessment(page, app_server, path)
        main = page.locator("[data-testid='stMain']")
        text = main.inner_text()
        start = text.index("Where to start")
        firsts = [  # numbered 1-3, each with its rank in the plan beside it
            text.index(f"{n}. {s.title}", start) for n, s in enumerate(ro.first_steps, start=1)
        ]
        assert firsts == sorted(firsts)
        for at, s in zip(firsts, ro.first_steps, strict=True):
            assert text.index(f"plan step {s.rank} ", at) < text.index(
                "\n", text.index("\n", at) + 1
            )
        gaps_at = text.index("Largest gaps", start)
        strengths_at = text.index("Strengths", gaps_at)
        chart_at = text.index("Score by dimension", strengths_at)
        assert firsts[-1] < gaps_at
        gaps = [text.index(f"{d.name}:", gaps_at) for d in ro.gaps]
        assert gaps == sorted(gaps) and gaps[-1] < strengths_at
        strong = [text.index(f"{d.name}:", strengths_at) for d in ro.strengths]
        assert strong == sorted(strong) and strong[-1] < chart_at
        page.get_by_role("heading", name="Where to start").scroll_into_view_if_needed()
        shot(page, "results-readout.png", tmp_path)
    finally:
        context.close()


def test_start_moves_the_focus_to_the_first_question(app_server: str, page: Any) -> None:
    """After "Start the assessment" the keyboard is on question 1, not on the page's body (the
    page redraws after the first focus; the focus is put back until the user moves it)."""
    start_assessment(page, app_server, "Focus Co")
    radio_groups(page, 1)
    page.wait_for_timeout(500)  # past the redraws that used to drop it on <body>
    card = f".st-key-{card_key(WIZARD, FW.questions[0].id)}"
    inside = page.evaluate(
        f"""() => {{ const card = document.querySelector({card!r});
                    const active = document.activeElement;
                    return [active ? active.tagName : null, !!card && card.contains(active)]; }}"""
    )
    assert inside == ["INPUT", True], inside
    page.keyboard.press("ArrowDown")  # the arrow keys move between question 1's options
    moved = page.evaluate(f"document.querySelector({card!r}).contains(document.activeElement)")
    assert moved
