"""The plan as a CSV that task trackers import (Jira, Trello, Asana, Planner); the backlog
too only when asked (`with_backlog`, the CLI's `--with-backlog`).

Headings are the names these importers map on sight (Summary, Description, Due Date, Labels,
Priority); the owner is a role, not an account, so it has its own "Owner" column to map or
replace with people's e-mail addresses. Standard CSV (comma, double quotes, CRLF), UTF-8 with a
BOM so Excel shows accents, ISO dates. Cells a spreadsheet would run as formulas are neutralised
as in the plan CSV (`exports.safe_cell`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..files.branding import Brand
from ..files.exports import safe_cell
from ..files.plan_status import FIND_OUT_ID
from ..readout.build import build_readout
from ..readout.model import FindOut
from .common import BACKLOG, PlanRow, clean_text, plan_rows

MIME = "text/csv"
COLUMNS = [
    "Summary",
    "Description",
    "Due Date",
    "Start Date",
    "Labels",
    "Priority",
    "Owner",
    "Dimension",
    "Horizon",
    "Effort",
    "Impact",
    "KPI",
    "Rank",
    "Section",
    "Id",
]
LABEL = "readiness-plan"
MAX_SUMMARY_CHARS = 255  # Jira's limit for a summary


def label(text: str) -> str:
    """A label with no spaces (Jira splits labels at spaces): "Days 1-30" -> "days-1-30"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _description(row: PlanRow, waits: list[str]) -> str:
    a = row.step
    card = row.card
    lines = [a.what, ""] + ([card.label] if card.label else [])
    lines += [f"KPI: {card.kpi_text or a.kpi}", f"Owner: {a.owner}"]
    lines.append(f"Effort: {card.effort_text or card.effort}")
    if card.risk_if_not_done:
        lines.append(f"Risk if not done: {card.risk_if_not_done}")
    if row.due is not None:
        lines.append(f"{row.horizon}: start {row.start.isoformat()}, due {row.due.isoformat()}")
    else:
        lines.append(f"Backlog: could start from {row.start.isoformat()}")
    if waits:
        lines.append("Waits for: " + "; ".join(waits))
    return "\n".join(lines)


def _find_out_row(task: FindOut) -> list[str]:
    """The find-out task as a tracker row: before the plan, as its answers may change it."""
    cells = {
        "Summary": task.title,
        "Description": "\n".join([task.intro, "", *task.questions]),
        "Due Date": task.due.isoformat(),
        "Start Date": task.start.isoformat(),
        "Labels": f"{LABEL} find-out",
        "Priority": "High",
        "Horizon": "Days 1-30",
        "Section": "Find out",
        "Id": FIND_OUT_ID,
    }
    return [cells.get(column, "") for column in COLUMNS]


def build_tracker_csv(
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None = None,
    start: dt.date | None = None,
    with_backlog: bool = False,
) -> bytes:
    """The plan's steps as tasks; the backlog's too only `with_backlog` (a tracker fills up
    with work nobody has planned otherwise)."""
    steps = evaluation.plan.actions + evaluation.plan.backlog
    by_id = {a.id: a for a in steps}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    task = build_readout(framework, evaluation, today, start).find_out
    if task is not None:  # before the plan: its answers may change the plan
        writer.writerow([safe_cell(clean_text(v)) for v in _find_out_row(task)])
    for row in plan_rows(framework, evaluation, today, start):
        if row.section == BACKLOG and not with_backlog:
            continue
        a = row.step
        waits = [f"#{by_id[p].rank} {by_id[p].title}" for p in a.after if p in by_id]
        labels = [LABEL, label(a.dimension), label(row.horizon)]
        if row.section == BACKLOG:
            labels.append("backlog")
        values = [
            a.title[:MAX_SUMMARY_CHARS],
            _description(row, waits),
            row.due.isoformat() if row.due else "",
            row.start.isoformat(),
            " ".join(labels),
            row.priority,
            a.owner,
            row.dimension,
            row.horizon,
            row.effort,
            row.impact,
            a.kpi,
            a.rank,
            row.section,
            a.id,
        ]
        writer.writerow([safe_cell(clean_text(v)) if isinstance(v, str) else v for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
