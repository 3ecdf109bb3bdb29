"""Each renderer draws the whole step, read back from the real file: an urgent step's label
("Urgent: due within 14 days"), its KPI from the baseline to the target by its due date, its
effort in person-days and its risk if not done; urgent steps first, in their own group."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from assessment.bundle import build_export
from assessment.domain.evaluation import Evaluation, evaluate
from assessment.domain.models import Framework, Responses
from assessment.readout.build import build_readout
from assessment.readout.model import Readout, StepCard
from assessment.report import build_report

from .report_helpers import ParsedPdf, squash

PERSONA = Path(__file__).parents[1] / "personas" / "valley_buses.json"


@pytest.fixture(scope="module")
def evaluated(framework: Framework) -> tuple[Evaluation, Readout]:
    data = json.loads(PERSONA.read_text(encoding="utf-8"))
    ev = evaluate(framework, Responses.model_validate(data))
    return ev, build_readout(framework, ev)


def _urgent(ro: Readout) -> list[StepCard]:
    urgent = [c for c in ro.steps if c.urgent]
    assert urgent and ro.steps[: len(urgent)] == tuple(urgent)  # urgent steps come first
    return urgent


def test_pdf_plan_draws_label_kpi_due_effort_and_risk(framework, evaluated) -> None:
    ev, ro = evaluated
    pdf = ParsedPdf(build_report(framework, ev))
    plan = squash(" ".join(pdf.pages[pdf.page_of("Action plan") : pdf.page_of("Roadmap") + 1]))
    for card in _urgent(ro):
        assert card.label.startswith("Urgent: due within 14 days")
        at = plan.index(squash(card.title))
        end = plan.index(squash(card.label), at) + len(squash(card.label))
        row = plan[at:end]  # the step's row, up to its label under the due date
        assert squash(f"{card.kpi_baseline} \u2192 {card.kpi_target} by {card.due_text}") in row
        assert squash(f"Risk if not done: {card.risk_if_not_done}") in row
        assert squash(card.effort_text) in row and squash(f"{card.due_text} Days 1-14") in row
    quick = next(c for c in ro.steps if c.quick_win and not c.urgent)
    assert squash(f"{quick.due_text} {quick.period} Quick win") in plan
    roadmap = pdf.pages[pdf.page_of("Roadmap")]
    assert "Urgent steps (amber) are due within 14 days" in roadmap and "by day 14" in roadmap


def test_docx_plan_draws_label_kpi_due_effort_and_risk(framework, evaluated) -> None:
    ev, ro = evaluated
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    plan = next(t for t in document.tables if t.rows[0].cells[1].text == "Action")
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in plan.rows[1:]}
    for card in _urgent(ro):
        _, action, owner, effort, when, kpi = rows[str(card.rank)]
        assert action.split("\n")[:2] == [card.label, card.title]
        assert f"Risk if not done: {card.risk_if_not_done}" in action.split("\n")
        by = f" by {card.due_text}"
        assert kpi == f"{card.kpi}: {card.kpi_baseline} \u2192 {card.kpi_target}{by}"
        assert effort.split("\n")[0] == card.effort_text and owner == card.owner
        assert when.split("\n") == ["Days 1-14", f"from {card.start}", f"due {card.due}"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    roadmap = headings[headings.index("Urgent: days 1-14: 30 Nov 2026 to 14 Dec 2026") :]
    assert roadmap[1].startswith("Days 1-30: ")  # the urgent group before the first period
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    first = _urgent(ro)[0]
    assert f"#{first.rank} {first.title} ({first.owner}; effort {first.effort}; due " in " ".join(
        bullets
    )


def test_calendar_and_tracker_describe_the_whole_step(framework, evaluated) -> None:
    import csv

    from icalendar import Calendar

    ev, ro = evaluated
    events = Calendar.from_ical(build_export("ics", framework, ev).data).walk("VEVENT")
    text = build_export("tracker-csv", framework, ev).data.decode("utf-8-sig")
    tasks = list(csv.DictReader(io.StringIO(text)))
    for card in _urgent(ro):
        event = next(e for e in events if str(e["summary"]) == f"Due: #{card.rank} {card.title}")
        task = next(t for t in tasks if t["Summary"] == card.title)
        for description in (str(event["description"]), task["Description"]):
            lines = description.split("\n")
            assert card.label in lines
            assert f"KPI: {card.kpi_text}" in lines and card.kpi_target in card.kpi_text
            assert f"Risk if not done: {card.risk_if_not_done}" in lines
        assert event.decoded("dtstart") == card.due and task["Due Date"] == card.due.isoformat()


HARRIERS = Path(__file__).parents[1] / "personas" / "riverside_harriers.json"


def test_the_find_out_task_and_its_date_are_in_every_document(framework) -> None:
    """Issue 19: the exports lost the find-out task and its date. A club with a third of its
    answers "Don't know" finds them in the PDF, the Word report, the XLSX, the calendar and
    the tracker CSV, each with the same due day."""
    import csv

    import openpyxl
    from icalendar import Calendar

    data = json.loads(HARRIERS.read_text(encoding="utf-8"))
    ev = evaluate(framework, Responses.model_validate(data))
    task = build_readout(framework, ev).find_out
    assert task is not None and len(task.questions) == len(ev.plan.to_check) >= 10
    assert task.due_text in task.intro

    pdf = ParsedPdf(build_report(framework, ev))
    assert squash(task.intro) in squash(pdf.text) and squash(task.questions[0]) in squash(pdf.text)
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    paragraphs = [p.text for p in document.paragraphs]
    assert task.intro in paragraphs and task.questions[-1] in paragraphs
    book = openpyxl.load_workbook(io.BytesIO(build_export("xlsx", framework, ev).data))
    about = [str(c.value) for row in book["About"].iter_rows() for c in row if c.value]
    assert f"By {task.due_text}: {task.intro}" in about and task.questions[0] in about
    events = Calendar.from_ical(build_export("ics", framework, ev).data).walk("VEVENT")
    event = next(e for e in events if str(e["summary"]) == f"Due: {task.title}")
    assert event.decoded("dtstart") == task.due
    text = build_export("tracker-csv", framework, ev).data.decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["Summary"] == task.title and first["Due Date"] == task.due.isoformat()
    assert task.questions[0] in first["Description"]
    # read back as statuses, the task is not a step of the plan and not a problem either
    from assessment.app.answer_files import plan_steps
    from assessment.files.plan_status import read_statuses

    rows = list(csv.reader(io.StringIO(text)))  # as a tracker exports it, with a status
    out = io.StringIO()
    csv.writer(out).writerows([rows[0] + ["Status"]] + [r + ["Done"] for r in rows[1:]])
    read = read_statuses(out.getvalue().encode("utf-8"), plan_steps(framework, ev.responses))
    assert read.statuses  # the plan's steps are read back
    assert not any("find" in p.lower() for p in read.problems), read.problems
