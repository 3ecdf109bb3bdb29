"""A series of three assessments of one persona, 90 days apart: the plan's steps marked through
the XLSX plan (first quarter) and a Jira export of the tracker CSV (second quarter), each
follow-up compared with the one before, and the series read back from a store."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from assessment.app.followups import compare_responses, file_ref, follow_up_responses
from assessment.bundle.tracker_csv import build_tracker_csv
from assessment.bundle.xlsx_plan import STATUS_COLUMN, build_xlsx
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, FollowUpMode, Responses, StepState
from assessment.domain.progress import trend
from assessment.files.answers_file import dump_answers, read_answers
from assessment.files.branding import NO_BRAND
from assessment.files.plan_status import read_statuses
from assessment.store import make_engine
from assessment.store.series import SeriesStore
from tests.builders import FW

PERSONA = Path(__file__).parents[1] / "personas" / "glow_cosmetics.json"
QUARTER = dt.timedelta(days=90)


def _raise(resp: Responses, question_ids: list[str], to: int, note: str) -> None:
    for qid in question_ids:
        was = resp.answers.get(qid)
        if was is not None and isinstance(was.choice, int) and was.choice < to:
            resp.answers[qid] = Answer(choice=to, note=note)


def series_of_three() -> dict:
    """The persona's three assessments and the statuses its teams reported back."""
    first = read_answers(PERSONA.read_bytes(), FW).responses
    ev0 = evaluate(FW, first)
    day0 = first.organization.date
    assert day0 is not None
    # quarter 1: the team marks the XLSX plan: three steps done, one in progress
    book = load_workbook(io.BytesIO(build_xlsx(FW, ev0, NO_BRAND)))
    sheet = book["Action plan"]
    for row, word in ((2, "Done"), (3, "Done"), (4, "Done"), (5, "In progress")):
        sheet.cell(row=row, column=STATUS_COLUMN, value=word)
    out = io.BytesIO()
    book.save(out)
    steps0 = ev0.plan.actions + ev0.plan.backlog
    read0 = read_statuses(out.getvalue(), steps0, today=day0 + dt.timedelta(days=75))
    assert read0.problems == []
    done0 = [s for s in steps0 if read0.statuses[s.id].status == StepState.DONE]
    # the follow-up, answered 90 days on: two of the three done steps moved their answers
    second = follow_up_responses(FW, first, FollowUpMode.CARRIED, day0 + QUARTER)
    for step in done0[:2]:
        _raise(second, step.questions, step.raises_to, "Board approved the one-page purpose")
    listening = FW.questions_for("listening")[0].id
    second.answers[listening] = Answer(
        choice=max(0, int(first.answers[listening].choice) - 1),  # type: ignore[arg-type]
        note="The monitoring tool's licence lapsed in January",
    )
    ev1 = evaluate(FW, second)
    # quarter 2: the tasks went into Jira; its export comes back with Jira's status words
    tasks = list(
        csv.DictReader(io.StringIO(build_tracker_csv(FW, ev1, NO_BRAND).decode("utf-8-sig")))
    )
    jira = io.StringIO()
    writer = csv.writer(jira)
    writer.writerow(["Issue key", "Summary", "Status", "Resolved", "Custom field (Id)"])
    for n, task in enumerate(tasks):
        status = "Done" if n < 4 else ("In Progress" if n < 6 else "To Do")
        resolved = (day0 + QUARTER + dt.timedelta(days=60)).isoformat() if n < 4 else ""
        writer.writerow([f"GLOW-{n + 1}", task["Summary"], status, resolved, task["Id"]])
    steps1 = ev1.plan.actions + ev1.plan.backlog
    read1 = read_statuses(jira.getvalue().encode(), steps1)
    assert read1.problems == []
    # the tracker holds the plan's steps (the backlog only when asked): those carry a status
    assert set(read1.statuses) == {s.id for s in ev1.plan.actions}
    done1 = [s for s in steps1 if s.id in read1.statuses]
    done1 = [s for s in done1 if read1.statuses[s.id].status == StepState.DONE]
    third = follow_up_responses(FW, second, FollowUpMode.CARRIED, day0 + 2 * QUARTER)
    for step in done1:
        _raise(third, step.questions, step.raises_to, "Now part of the monthly routine")
    return {
        "responses": [first, second, third],
        "statuses": [read0.statuses, read1.statuses],
        "done": [done0, done1],
    }


def test_three_assessments_ninety_days_apart_say_what_moved_and_why(tmp_path):
    made = series_of_three()
    first, second, third = made["responses"]
    statuses0, statuses1 = made["statuses"]
    done0, done1 = made["done"]
    assert second.series.previous_id == file_ref(first)  # type: ignore[union-attr]
    assert third.series.previous_id == file_ref(second)  # type: ignore[union-attr]

    q1 = compare_responses(FW, first, second, statuses0)
    assert q1.warnings == []
    outcome = {s.id: s for s in q1.progress.steps}
    assert [outcome[s.id].showing for s in done0] == [True, True, False]
    assert (
        outcome[done0[0].id].date == (first.organization.date + dt.timedelta(days=75)).isoformat()
    )
    assert [c.question for c in q1.progress.fell] == [FW.questions_for("listening")[0].id]
    assert q1.progress.decision.kind == "continue"
    assert any("points" in line for line in q1.progress.level.story)

    q2 = compare_responses(FW, second, third, statuses1)
    assert all(outcome.showing is True for outcome in q2.progress.steps if outcome.status == "done")
    assert q2.progress.fell == []
    moved = [d for d in q2.progress.dimensions if d.moved]
    assert moved and all(d.moved > 0 for d in moved)

    points = trend([evaluate(FW, r) for r in (first, second, third)])
    assert [p.date for p in points] == [first.organization.date + n * QUARTER for n in range(3)]
    scores = [p.score for p in points]
    assert None not in scores and scores[0] < scores[1] < scores[2]  # type: ignore[operator]

    # the three files, with the first quarter's statuses, make one series in a store
    series = SeriesStore(make_engine(f"sqlite:///{tmp_path / 'series.db'}"))
    marked = first.model_copy(update={"step_status": statuses0})
    ids = [
        series.import_responses(read_answers(dump_answers(r), FW).responses)
        for r in (marked, second, third)
    ]
    # the first file names no reference of its own: its follow-up links to it by its content
    assert [e.assessment_id for e in series.series(ids[2])] == ids
    assert series.statuses(ids[0]) == statuses0


def test_each_follow_ups_pdf_has_its_progress_page_right_after_the_summary(tmp_path):
    import pypdfium2 as pdfium

    from assessment.app.followups import files_progress
    from tests.integration.report_helpers import ParsedPdf, render

    made = series_of_three()
    first, second, third = made["responses"]
    statuses0, statuses1 = made["statuses"]
    q1, _ = files_progress(FW, [first], second, statuses0)
    q2, _ = files_progress(FW, [first, second], third, statuses1)
    pdfs = {
        "q1": render(FW, second, progress=q1),
        "q2": render(FW, third, progress=q2),
        "plain": render(FW, third),
    }
    for name in ("q1", "q2"):
        pages = pdfs[name].pages
        at = next(i for i, p in enumerate(pages) if "Progress since" in p)
        assert "Decision asked of the board" in pages[at - 1]  # right after the summary
        summary = at - 1
        assert "Decision:" in pages[at] and "The biggest moves" in pages[at]
        image = pdfium.PdfDocument(pdfs[name].data)[summary + 1].render(scale=1.3).to_pil()
        image.save(tmp_path / f"progress-{name}.png")  # looked at while building it
    first_quarter = pdfs["q1"].pages[2]
    assert "Progress since 15 Nov 2026" in first_quarter
    # the levels as scoring gives them (since issue 19 the first steps done are the urgent ones,
    # which need not move the level)
    then, now = (evaluate(FW, r).result.overall.level for r in (first, second))
    assert f"Level {then} \u2192 Level {now}" in first_quarter
    assert "done, not showing yet" in first_quarter  # one of three done steps moved nothing
    assert "What fell" in first_quarter and "licence lapsed" in first_quarter
    assert "Overall score over the series" not in first_quarter  # two assessments: no trend
    second_quarter = pdfs["q2"].pages[2]
    assert "Progress since 13 Feb 2027" in second_quarter
    assert "Overall score over the series" in second_quarter
    assert "15 Nov 2026" in second_quarter and "14 May 2027" in second_quarter
    assert "Decision: continue." in second_quarter
    assert not any("Progress since" in p for p in pdfs["plain"].pages)
    assert isinstance(pdfs["plain"], ParsedPdf)


def test_the_follow_ups_docx_has_the_same_progress_after_its_summary():
    import docx

    from assessment.app.followups import files_progress
    from assessment.bundle import build_export

    made = series_of_three()
    first, second, _ = made["responses"]
    view, _ = files_progress(FW, [first], second, made["statuses"][0])
    data = build_export("docx", FW, evaluate(FW, second), NO_BRAND, progress=view).data
    lines = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    at = lines.index("Progress since 15 Nov 2026")
    assert lines.index("Executive summary") < at < lines.index("Scorecard")
    section = lines[at : lines.index("Scorecard")]
    then, now = (evaluate(FW, r).result.overall for r in (first, second))
    moved = f"Level {then.level} \u2192 Level {now.level}"
    scores = f"overall score {then.score:.0f} \u2192 {now.score:.0f}"
    assert f"Level: {moved}; {scores}." in section
    assert any(line.endswith("done, not showing yet (29 Jan 2027)") for line in section)
    assert any("licence lapsed" in line for line in section)
    plain = build_export("docx", FW, evaluate(FW, second), NO_BRAND).data
    assert not any(
        p.text.startswith("Progress since") for p in docx.Document(io.BytesIO(plain)).paragraphs
    )
