"""What the browser tests of the self-assessment share: viewports, seeding an assessment through
the Start page's import, answering a step, reading positions on screen, running axe-core."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from assessment.domain.content import default_framework

from .conftest import APP_IDLE, ROOT, wait_idle

IMG = ROOT / "docs" / "img"

FW = default_framework()
TOTAL = len(FW.questions)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ID_IN_URL = re.compile(r"[?&]a=([A-Za-z0-9_-]{43})")


def choice_for(index: int) -> int:
    """A varied but repeatable set of answers: scores cycle 1, 2, 3, 2, 1, ..."""
    return [1, 2, 3, 2][index % 4]


def answers_file(tmp_path: Path, name: str, skip: set[int] | None = None) -> Path:
    """An answers file answering every question but those numbered (1..N) in `skip`."""
    skip = skip or set()
    answers = {
        q.id: {"choice": choice_for(i), "note": ""}
        for i, q in enumerate(FW.questions)
        if i + 1 not in skip
    }
    path = tmp_path / f"{re.sub(r'[^a-z]+', '-', name.lower())}.json"
    path.write_text(
        json.dumps({"schema_version": 1, "organization": {"name": name}, "answers": answers}),
        encoding="utf-8",
    )
    return path


def import_assessment(page: Any, base: str, path: Path) -> str:
    """A new assessment from an answers file, through the Start page; its id. Ends on Results."""
    page.goto(base)
    page.wait_for_selector(APP_IDLE)
    page.get_by_role("tab", name="Import an answers file").click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Import these answers").click()
    page.get_by_text("Overall level").first.wait_for(timeout=60_000)
    wait_idle(page)
    found = ID_IN_URL.search(page.url)
    assert found, page.url
    return found.group(1)


def start_assessment(page: Any, base: str, name: str) -> str:
    """A new, empty assessment through the Start form; its id. Ends on step 1."""
    page.goto(base)
    page.wait_for_selector(APP_IDLE)
    page.get_by_label("Organisation name").fill(name)
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_text("Step 1 of 6").wait_for()
    wait_idle(page)
    found = ID_IN_URL.search(page.url)
    assert found, page.url
    return found.group(1)


def open_page(page: Any, base: str, path: str) -> None:
    page.goto(f"{base}/{path}")
    page.wait_for_selector(APP_IDLE)
    wait_idle(page)


def radio_groups(page: Any, first_number: int) -> Any:
    """The answer groups of the step holding question `first_number` (1..N), once all drawn.

    Waits for the app to be idle, then for one group per question of the step with every
    option shown: counting the groups earlier races the render of a new step.
    """
    in_step = FW.questions_for(FW.questions[first_number - 1].dimension)
    wait_idle(page)
    groups = page.locator("[data-testid='stRadio']")
    expect(groups).to_have_count(len(in_step))
    for i, question in enumerate(in_step):
        expect(groups.nth(i).get_by_text(question.option_label(0), exact=True)).to_be_visible()
    return groups


def answer_step(page: Any, first_number: int, answered: int) -> int:
    """Answer the unanswered questions of this step by clicking the described option.

    After each click, waits until the progress line counts the answer (the save is done).
    Returns how many questions the step has.
    """
    groups = radio_groups(page, first_number)
    count = groups.count()
    for i in range(count):
        number = first_number + i
        group = groups.nth(i)
        if group.locator("input:checked").count():
            continue
        label = FW.questions[number - 1].option_label(choice_for(number - 1))
        group.get_by_text(label, exact=True).click()
        answered += 1
        expect(page.get_by_text(f"{answered} of {TOTAL} questions answered")).to_be_visible()
        wait_idle(page)
    return count


def sidebar_open(page: Any) -> bool:
    """Whether the sidebar is out (a laptop) or folded away (a phone, until opened)."""
    return bool(page.locator("#stSidebar").get_attribute("data-collapsed") == "false")


def menu_link(page: Any, name: str) -> None:
    """Follow a link of the app's menu, opening the folded sidebar first as a phone user does."""
    if not sidebar_open(page):
        page.get_by_test_id("stExpandSidebarButton").click()
    page.locator("#stSidebar").get_by_role("link", name=name, exact=True).click()
    wait_idle(page)


def step_button(page: Any, step: int) -> Any:
    """The step list's button for a step, where the user sees it: the grid above the step on a
    wide screen, the folded "All steps" list on a phone (opened first)."""
    name = re.compile(rf"^{step}\. ")
    grid = page.locator(".st-key-steps-grid-wz")
    if grid.is_visible():
        return grid.get_by_role("button", name=name)
    fold = page.locator(".st-key-steps-fold-wz")
    if not fold.locator("details[open]").count():
        fold.get_by_text("All steps").click()
    return fold.get_by_role("button", name=name)


def go_to_step(page: Any, step: int) -> None:
    step_button(page, step).click()
    expect(page.get_by_role("heading", name=re.compile(rf"^Step {step} of 6"))).to_be_visible()
    wait_idle(page)


def box(locator: Any) -> dict[str, float]:
    """Where an element is on screen (viewport coordinates)."""
    found = locator.bounding_box()
    assert found is not None, "the element is drawn"
    return dict(found)


def top_in_viewport(page: Any, locator: Any) -> float:
    """The element's top edge relative to the viewport, once scrolling has settled."""
    page.wait_for_timeout(400)
    return float(locator.evaluate("e => e.getBoundingClientRect().top"))


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: rule, impact, and the nodes' targets."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const results = await axe.run(document, { resultTypes: ["violations"] });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ")),
            }));
        }"""
    )
    return found


def shot(page: Any, name: str, out_dir: Path) -> Path:
    """A screenshot in the test's folder, copied to docs/img/ when SCREENSHOTS=1."""
    path = out_dir / name
    page.screenshot(path=str(path))
    if os.environ.get("SCREENSHOTS") == "1":
        IMG.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, IMG / name)
    return path
