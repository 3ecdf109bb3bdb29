"""The plan and backlog as an Excel workbook (openpyxl) a team tracks its work in.

One row per step with real date cells, a Status column limited to a list, filters and a frozen
header. Formula-safe: a text cell is always written as a string, and text that a spreadsheet
would read as a formula (starting with = + - @, tab or carriage return) also gets Excel's own
"quote prefix" (the apostrophe typed before a value), so it stays text even when edited.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.evaluation import Evaluation
from ..domain.models import Framework, StepState
from ..files.branding import Brand
from ..files.exports import FORMULA_PREFIXES
from ..readout import wording
from ..readout.build import build_readout, day
from ..readout.vocabulary import HORIZON_NAMES, due_date, horizon_name, start_date
from .common import assessment_date, clean_text, plan_rows

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUSES = ("Not started", "In progress", "Done", "Dropped")
STATUS_WORDS = dict(zip(StepState, STATUSES, strict=True))  # a step's stored status, as shown
DATE_FORMAT = "yyyy-mm-dd"
MAX_CELL_CHARS = 32_767  # Excel's limit per cell

# (heading, width in characters)
COLUMNS: list[tuple[str, float]] = [
    ("Rank", 6),
    ("Section", 9),
    ("Action", 44),
    ("Dimension", 18),
    ("Owner", 22),
    ("KPI", 40),
    ("Effort", 9),
    ("Impact", 9),
    ("Horizon", 11),
    ("Start", 11),
    ("Due", 11),
    ("Status", 12),
    ("Status date", 11),
    ("What to do", 60),
    ("Waits for", 30),
    ("Id", 30),
    # issue 19's step card, after the columns a team already filters on
    ("Label", 24),
    ("Person-days", 12),
    ("KPI baseline", 40),
    ("KPI target", 40),
    ("Risk if not done", 40),
]
STATUS_COLUMN = [name for name, _ in COLUMNS].index("Status") + 1


def set_text(cell: Cell, value: str | None) -> None:
    """Write user or content text so no spreadsheet ever evaluates it."""
    text = clean_text(value)[:MAX_CELL_CHARS]
    cell.value = text
    cell.data_type = "s"  # openpyxl marks text starting with "=" as a formula; it is not
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def dates_sentence(assessed: dt.date, start: dt.date) -> str:
    if start == assessed:
        return "Start and due dates count from the assessment date:"
    return (
        f"Start and due dates count from {day(start)}, the start date chosen for this plan "
        f"(assessed {day(assessed)}):"
    )


def build_xlsx(
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Action plan"
    _plan_sheet(sheet, framework, evaluation, brand, today, start)
    _about_sheet(workbook.create_sheet("About"), framework, evaluation, brand, today, start)
    props = workbook.properties
    org = evaluation.responses.organization.name
    props.title = clean_text(f"Action plan: {org}")[:250]
    props.creator = clean_text(brand.prepared_by or "Social-media strategy readiness")[:250]
    props.created = props.modified = dt.datetime.combine(
        assessment_date(evaluation, today), dt.time()
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _plan_sheet(
    sheet: Worksheet,
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None,
    start: dt.date | None = None,
) -> None:
    head_fill = PatternFill("solid", fgColor=brand.primary_colour.lstrip("#").upper())
    head_font = Font(bold=True, color="FFFFFF")
    for col, (name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font = head_font
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    by_id = {a.id: a for a in evaluation.plan.actions + evaluation.plan.backlog}
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    rows = plan_rows(framework, evaluation, today, start)
    for r, row in enumerate(rows, start=2):
        a = row.step
        waits = "; ".join(f"#{by_id[p].rank} {by_id[p].title}" for p in a.after if p in by_id)
        status = evaluation.responses.step_status.get(a.id)  # as the team marked it
        values: list[object] = [
            a.rank,
            row.section,
            a.title,
            row.dimension,
            a.owner,
            a.kpi,
            row.effort,
            row.impact,
            row.horizon,
            row.start,
            row.due,
            STATUS_WORDS[status.status] if status else STATUSES[0],
            status.date if status and status.date else "",
            a.what,
            waits,
            a.id,
            row.card.label,
            row.card.effort_days,
            row.card.kpi_baseline,
            row.card.kpi_target,
            row.card.risk_if_not_done,
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=col)
            if isinstance(value, str):
                set_text(cell, value)
                cell.alignment = wrap
            else:
                cell.value = value
                cell.alignment = top
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
    last = max(len(rows) + 1, 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    status = get_column_letter(STATUS_COLUMN)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose Not started, In progress, Done or Dropped.",
    )
    validation.add(f"{status}2:{status}{max(last, 200)}")  # room for steps added by hand
    sheet.add_data_validation(validation)
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]


def _about_sheet(
    sheet: Worksheet,
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None,
    start: dt.date | None = None,
) -> None:
    org = evaluation.responses.organization
    day0 = assessment_date(evaluation, today)
    readout = build_readout(framework, evaluation, today, start)
    result = evaluation.result
    lines: list[tuple[str, object]] = [
        ("Organisation", org.name),
        ("Assessment date", day0),
        ("Overall", wording.overall_level_text(result.overall)),
        ("Prepared by", brand.prepared_by),
        ("Plan", wording.plan_status(framework, result, evaluation.plan) or ""),
        ("", ""),
        ("Dates", dates_sentence(day0, readout.start)),
    ]
    urgent = [c.due for c in readout.steps if c.urgent and c.due]
    if urgent:
        last = max(urgent)
        lines.append(
            (
                f"Urgent: days 1-{(last - readout.start).days}",
                f"{day(readout.start)} to {day(last)}: steps that cannot wait, each due by its "
                "own day, whatever its rank",
            )
        )
    for horizon in HORIZON_NAMES:
        first, last = start_date(readout.start, horizon), due_date(readout.start, horizon)
        lines.append((horizon_name(horizon), f"{day(first)} to {day(last)}"))
    lines.append(("Backlog", "Start is the earliest day a step could begin; it has no due date."))
    if readout.find_out is not None:
        task = readout.find_out
        lines.append(("Find out first", f"By {task.due_text}: {task.intro}"))
        lines += [("", question) for question in task.questions]
    lines.append(
        (
            "Status",
            "Choose Not started, In progress, Done or Dropped in the Status column (and the "
            "day in Status date); the next assessment reads them back.",
        )
    )
    for r, (label, value) in enumerate(lines, start=1):
        sheet.cell(row=r, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=r, column=2)
        if isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="left")
        else:
            set_text(cell, str(value or ""))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
