"""`--start YYYY-MM-DD` on every command that writes dated deliverables (plan, report, export):
every date counts from that day and the files say so; the assessment date stays on the cover.
The tracker CSV holds the plan, and the backlog only with `--with-backlog`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar

from assessment.readout.build import day
from tests.helpers import assert_user_error
from tests.helpers import run_cli as run

from .report_helpers import ParsedPdf, squash

PERSONA = Path(__file__).parents[1] / "personas" / "valley_buses.json"
ASSESSED = dt.date.fromisoformat(json.loads(PERSONA.read_text())["organization"]["date"])
START = dt.date(2027, 1, 4)
URGENT_DUE = START + dt.timedelta(days=14)


def _ok(*args: str) -> None:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr


def test_report_counts_from_the_chosen_start_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    _ok("report", str(PERSONA), "-o", str(out), "--start", START.isoformat())
    pdf = ParsedPdf(out.read_bytes())
    assert f"Assessed {day(ASSESSED)}" in pdf.pages[0]  # the cover keeps the assessment date
    assert f"Plan dates count from {day(START)}" in pdf.pages[0]
    summary = squash(pdf.pages[1])
    assert squash(f"{day(URGENT_DUE)} Days 1-14") in summary  # the first step, from the start
    assert squash(f"Due dates count from {day(START)}, the start date chosen") in summary
    plan = squash(pdf.pages[pdf.page_of("Action plan")])
    assert squash(f"Due dates count from {day(START)}, the start date chosen for this plan") in (
        plan
    )
    assert squash(f"(assessed {day(ASSESSED)})") in plan
    plain = tmp_path / "plain.pdf"
    _ok("report", str(PERSONA), "-o", str(plain))
    unchanged = ParsedPdf(plain.read_bytes())
    assert "Plan dates count from" not in unchanged.pages[0]
    assert squash(f"{day(ASSESSED + dt.timedelta(days=14))} Days 1-14") in squash(
        unchanged.pages[1]
    )


def test_plan_text_counts_from_the_chosen_start(tmp_path: Path) -> None:
    proc = run("plan", str(PERSONA), "--start", START.isoformat())
    assert proc.returncode == 0, proc.stderr
    first = next(line for line in proc.stdout.splitlines() if line.startswith("  1. "))
    assert f"due {day(URGENT_DUE)}" in first and "(plan step 1; Urgent: due within 14" in first


@pytest.mark.parametrize("kind", ["docx", "xlsx", "ics", "tracker-csv"])
def test_export_counts_from_the_chosen_start(tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"out.{kind}"
    _ok("export", str(PERSONA), "--to", kind, "-o", str(out), "--start", START.isoformat())
    data = out.read_bytes()
    if kind == "docx":
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
        assert f"Urgent: days 1-14: {day(START)} to {day(URGENT_DUE)}" in text
        assert f"Dates count from {day(START)}, the start date chosen" in text
        plan = next(t for t in document.tables if t.rows[0].cells[1].text == "Action")
        assert f"due {URGENT_DUE.isoformat()}" in plan.rows[1].cells[4].text
    elif kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book["Action plan"]
        head = [c.value for c in sheet[1]]
        first = [c.value for c in sheet[2]]
        assert first[head.index("Due")].date() == URGENT_DUE
        about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
        assert about["Assessment date"].date() == ASSESSED
        assert str(about["Dates"]).startswith(f"Start and due dates count from {day(START)}")
    elif kind == "ics":
        events = Calendar.from_ical(data).walk("VEVENT")
        assert min(e.decoded("dtstart") for e in events) == URGENT_DUE
    else:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0]["Due Date"] == URGENT_DUE.isoformat()
        assert all(r["Start Date"] >= START.isoformat() for r in rows)


def test_tracker_csv_holds_the_backlog_only_when_asked(tmp_path: Path) -> None:
    plan_only, with_backlog = tmp_path / "plan.csv", tmp_path / "all.csv"
    _ok("export", str(PERSONA), "--to", "tracker-csv", "-o", str(plan_only))
    _ok("export", str(PERSONA), "--to", "tracker-csv", "-o", str(with_backlog), "--with-backlog")
    plan = list(csv.DictReader(io.StringIO(plan_only.read_text(encoding="utf-8-sig"))))
    every = list(csv.DictReader(io.StringIO(with_backlog.read_text(encoding="utf-8-sig"))))
    assert {r["Section"] for r in plan} == {"Plan"}
    assert every[: len(plan)] == plan and len(every) > len(plan)
    assert {r["Section"] for r in every[len(plan) :]} == {"Backlog"}


def test_start_and_with_backlog_refuse_what_they_cannot_use(tmp_path: Path) -> None:
    for command in ("report", "export"):
        extra = ["--to", "xlsx"] if command == "export" else []
        proc = run(command, str(PERSONA), *extra, "-o", str(tmp_path / "x"), "--start", "4/1/27")
        assert_user_error(proc, "--start", "YYYY-MM-DD")
    proc = run("export", str(PERSONA), "--to", "xlsx", "-o", str(tmp_path / "x"), "--with-backlog")
    assert_user_error(proc, "--with-backlog", "tracker-csv")
