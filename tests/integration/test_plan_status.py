"""Step statuses read back from the XLSX plan and from trackers' exports of the tracker CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from assessment.bundle.tracker_csv import build_tracker_csv
from assessment.bundle.xlsx_plan import STATUS_COLUMN, build_xlsx
from assessment.domain.evaluation import evaluate
from assessment.domain.models import StepState
from assessment.files.answers_file import dump_answers, read_answers
from assessment.files.branding import NO_BRAND
from assessment.files.plan_status import StatusImportError, read_statuses, state_of
from tests.builders import FW
from tests.helpers import run_cli as run

PERSONA = Path(__file__).parents[1] / "personas" / "glow_cosmetics.json"
TODAY = dt.date(2027, 2, 1)


@pytest.fixture(scope="module")
def ev():
    return evaluate(FW, read_answers(PERSONA.read_bytes(), FW).responses)


def _steps(ev):
    return ev.plan.actions + ev.plan.backlog


def _tracker_rows(ev) -> list[dict[str, str]]:
    text = build_tracker_csv(FW, ev, NO_BRAND).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def test_the_xlsx_plans_status_column_round_trips(ev):
    book = load_workbook(io.BytesIO(build_xlsx(FW, ev, NO_BRAND)))
    sheet = book["Action plan"]
    sheet.cell(row=2, column=STATUS_COLUMN, value="Done")
    sheet.cell(row=3, column=STATUS_COLUMN, value="In progress")
    out = io.BytesIO()
    book.save(out)
    read = read_statuses(out.getvalue(), _steps(ev), TODAY)
    assert read.problems == [] and read.source == "the XLSX plan"
    steps = _steps(ev)
    assert read.statuses[steps[0].id].status == StepState.DONE
    assert read.statuses[steps[0].id].date == TODAY
    assert read.statuses[steps[1].id].status == StepState.DOING
    assert all(read.statuses[s.id].status == StepState.TO_DO for s in steps[2:])
    assert set(read.statuses) == {s.id for s in steps}


def test_jira_export_by_summary_with_its_status_words(ev):
    rows = _tracker_rows(ev)
    words = ["Done", "In Progress", "To Do", "Won't Do", "Selected for Development"]
    body = [
        [f"RP-{n}", r["Summary"], words[n % len(words)], "2027-01-15 10:00" if n == 0 else ""]
        for n, r in enumerate(rows)
    ]
    body.append(["RP-99", "Order new office chairs", "Done", ""])
    read = read_statuses(_csv(["Issue key", "Summary", "Status", "Resolved"], body), _steps(ev))
    assert read.source == "Jira"
    steps = _steps(ev)
    assert read.statuses[steps[0].id].status == StepState.DONE
    assert read.statuses[steps[0].id].date == dt.date(2027, 1, 15)
    assert read.statuses[steps[3].id].status == StepState.DROPPED
    assert read.statuses[steps[4].id].status == StepState.TO_DO
    assert read.problems == [
        f"row {len(body) + 1} ('Order new office chairs'): matches no step of this plan"
    ]


def test_asana_export_completed_at_means_done_and_sections_are_only_groups(ev):
    rows = _tracker_rows(ev)
    header = ["Task ID", "Created At", "Completed At", "Last Modified", "Name", "Section/Column"]
    body = [
        [
            str(1000 + n),
            "2026-11-20",
            "2027-01-10" if n < 2 else "",
            "2027-01-10",
            r["Summary"],
            "Doing" if n == 2 else "Days 1-30",
        ]
        for n, r in enumerate(rows)
    ]
    read = read_statuses(_csv(header, body), _steps(ev))
    assert read.source == "Asana" and read.problems == []
    steps = _steps(ev)
    assert [read.statuses[s.id].status for s in steps[:4]] == [
        StepState.DONE,
        StepState.DONE,
        StepState.DOING,
        StepState.TO_DO,
    ]
    assert read.statuses[steps[0].id].date == dt.date(2027, 1, 10)


def test_trello_export_lists_and_due_complete(ev):
    rows = _tracker_rows(ev)
    header = ["Card ID", "Card Name", "List Name", "Due Complete", "Archived"]
    lists = ["Done", "Doing", "To Do", "Blocked"]
    body = [
        [f"c{n}", r["Summary"], lists[n % 4], "true" if n == 4 else "false", "false"]
        for n, r in enumerate(rows[:6])
    ]
    read = read_statuses(_csv(header, body), _steps(ev))
    steps = _steps(ev)
    assert read.source == "Trello"
    assert read.statuses[steps[0].id].status == StepState.DONE
    assert read.statuses[steps[1].id].status == StepState.DOING
    assert read.statuses[steps[4].id].status == StepState.DONE  # marked complete in its list
    assert steps[3].id not in read.statuses  # "Blocked" is not guessed
    assert len(read.problems) == 1 and "'Blocked' is not one we know" in read.problems[0]


def test_planner_export_to_excel_with_lines_above_its_header(ev):
    rows = _tracker_rows(ev)
    book = Workbook()
    sheet = book.active
    sheet.append(["Plan name", "Readiness plan"])
    sheet.append(["Date of export", "2027-02-01"])
    sheet.append([])
    sheet.append(["Task ID", "Task Name", "Bucket Name", "Progress", "Completed Date"])
    for n, r in enumerate(rows):
        progress = ["Completed", "In progress", "Not started"][min(n, 2)]
        sheet.append([f"t{n}", r["Summary"], "Days 1-30", progress, "01/20/2027" if n == 0 else ""])
    out = io.BytesIO()
    book.save(out)
    read = read_statuses(out.getvalue(), _steps(ev))
    steps = _steps(ev)
    assert read.source == "Microsoft Planner" and read.problems == []
    assert read.statuses[steps[0].id].status == StepState.DONE
    assert read.statuses[steps[0].id].date == dt.date(2027, 1, 20)
    assert read.statuses[steps[1].id].status == StepState.DOING


def test_our_id_column_wins_over_a_renamed_title(ev):
    steps = _steps(ev)
    data = _csv(["Summary", "Status", "Id"], [["Renamed in Jira", "Done", steps[2].id]])
    read = read_statuses(data, steps)
    assert list(read.statuses) == [steps[2].id] and read.problems == []


def test_a_file_without_status_columns_is_refused(ev):
    with pytest.raises(StatusImportError, match="no columns to read statuses from"):
        read_statuses(_csv(["Summary", "Owner"], [["x", "y"]]), _steps(ev))
    with pytest.raises(StatusImportError):
        read_statuses(b"", _steps(ev))


def test_status_words():
    assert state_of("  Won\u2019t  do ") == StepState.DROPPED
    assert state_of("COMPLETED") == StepState.DONE
    assert state_of("Blocked") is None


def test_compare_reads_statuses_from_an_xlsx_and_a_tracker_export(tmp_path, ev):
    old = tmp_path / "old.json"
    old.write_text(PERSONA.read_text(), encoding="utf-8")
    new = tmp_path / "new.json"
    assert run("follow-up", str(old), "-o", str(new), "--date", "2027-02-13").returncode == 0
    steps = _steps(ev)
    book = load_workbook(io.BytesIO(build_xlsx(FW, ev, NO_BRAND)))
    book["Action plan"].cell(row=2, column=STATUS_COLUMN, value="Done")
    xlsx = tmp_path / "plan.xlsx"
    book.save(xlsx)
    jira = tmp_path / "jira.csv"
    jira.write_bytes(_csv(["Summary", "Status"], [[steps[1].title, "Done"], ["Nope", "Done"]]))
    proc = run(
        "compare",
        str(old),
        str(new),
        "--format",
        "json",
        "--status",
        str(xlsx),
        "--status",
        str(jira),
    )
    assert proc.returncode == 0
    assert "'Nope'" in proc.stderr and "matches no step" in proc.stderr
    doc = json.loads(proc.stdout)
    status = {s["id"]: s["status"] for s in doc["steps"]}
    assert status[steps[0].id] == "done" and status[steps[1].id] == "done"
    assert status[steps[2].id] == "to_do"
    assert dump_answers(read_answers(old.read_bytes(), FW).responses) == dump_answers(ev.responses)


def test_the_xlsx_carries_each_steps_status_and_date_and_reads_back_the_same(ev):
    from assessment.domain.models import StepStatus

    steps = _steps(ev)
    marked = {
        steps[0].id: StepStatus(status=StepState.DONE, date=dt.date(2027, 1, 5)),
        steps[1].id: StepStatus(status=StepState.DROPPED, date=dt.date(2027, 1, 9)),
        steps[2].id: StepStatus(status=StepState.DOING, date=dt.date(2027, 1, 12)),
    }
    responses = ev.responses.model_copy(update={"step_status": marked})
    data = build_xlsx(FW, ev.model_copy(update={"responses": responses}), NO_BRAND)
    sheet = load_workbook(io.BytesIO(data))["Action plan"]
    header = [c.value for c in sheet[1]]
    row2 = [c.value for c in sheet[2]]
    assert row2[header.index("Status")] == "Done"
    assert row2[header.index("Status date")].date() == dt.date(2027, 1, 5)
    read = read_statuses(data, steps, TODAY)
    assert {k: read.statuses[k] for k in marked} == marked
    assert read.statuses[steps[3].id].status == StepState.TO_DO
