"""The bundle a consultant hands over: the report in Word, the plan in Excel, a calendar and a
task-tracker CSV. `build_export(kind, ...)` gives any of them as (bytes, file name, MIME type),
for the CLI's `export` command and the app's downloads alike.

Each format lives in its own module and imports its library only when asked for, so the app
pays for python-docx, openpyxl or icalendar only on the download that needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..files.branding import NO_BRAND, Brand
from ..readout.progress import ProgressView
from ..readout.vocabulary import DEFAULT_PAPER
from .common import ExportError, file_stem

KINDS: dict[str, tuple[str, str, str]] = {
    # kind: (module, function, file extension)
    "docx": ("docx_report", "build_docx", "docx"),
    "xlsx": ("xlsx_plan", "build_xlsx", "xlsx"),
    "ics": ("ics_plan", "build_ics", "ics"),
    "tracker-csv": ("tracker_csv", "build_tracker_csv", "csv"),
}
LABELS: dict[str, str] = {
    "docx": "Report (Word)",
    "xlsx": "Action plan (Excel)",
    "ics": "Calendar of due dates (.ics)",
    "tracker-csv": "Tasks for Jira, Trello, Asana, Planner (CSV)",
}


class Export(NamedTuple):
    data: bytes
    filename: str
    mime: str


Builder = Callable[..., bytes]  # (framework, evaluation, brand, today, *, start) -> bytes


def build_export(
    kind: str,
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand = NO_BRAND,
    today: dt.date | None = None,
    progress: ProgressView | None = None,
    paper: str = DEFAULT_PAPER,
    *,
    start: dt.date | None = None,
    with_backlog: bool = False,
) -> Export:
    """One artefact of the bundle. `today` dates an assessment that has no date of its own;
    `paper` is the Word report's page size (the PDF's: A4, or Letter when chosen); `start`, a
    day the user chose, is the day every date counts from; the tracker CSV holds the plan, and
    the backlog too only `with_backlog`.

    Raises ValueError for an unknown kind and ExportError when the answers give nothing to
    export in that form (a calendar of a plan with no step).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown export {kind!r}; choose one of {', '.join(KINDS)}")
    module_name, function, extension = KINDS[kind]
    from importlib import import_module

    module = import_module(f".{module_name}", __name__)
    builder: Builder = getattr(module, function)
    if kind == "docx":  # on the chosen paper; a follow-up's with its progress section
        data = import_module(".docx_report", __name__).build_docx(
            framework, evaluation, brand, today, progress=progress, paper=paper, start=start
        )
    elif kind == "tracker-csv":
        data = builder(framework, evaluation, brand, today, start=start, with_backlog=with_backlog)
    else:
        data = builder(framework, evaluation, brand, today, start=start)
    suffix = "-tasks" if kind == "tracker-csv" else ""
    filename = f"{file_stem(evaluation, today)}{suffix}.{extension}"
    return Export(data, filename, str(module.MIME))


__all__ = ["KINDS", "LABELS", "Export", "ExportError", "build_export"]
