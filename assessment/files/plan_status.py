"""Step statuses read back from the plan as the client's tools export it.

The XLSX plan (`bundle/xlsx_plan.py`: "Status" is Not started / In progress / Done, "Id" the step
id) and the tracker CSV (`bundle/tracker_csv.py`) come back from the tools they went into, each
with its own columns and status words:

- Jira (CSV export): Summary, Status (To Do, In Progress, Done, or a workflow's own words),
  Resolved; our Id column as "Custom field (Id)" when it was mapped to a custom field.
- Asana (CSV export): Task ID, Created At, Completed At (a date once done), Name,
  Section/Column (the board column), Status where the project has one.
- Trello (CSV export on paid plans): Card Name, List Name (the list a card sits in: To Do,
  Doing, Done...), Due Complete, Archived.
- Microsoft Planner (Export plan to Excel): Task Name, Bucket Name, Progress (Not started,
  In progress, Completed), Completed Date.

Rows are matched to steps by the step id when the file kept it, else by the step's exact title
(case and spacing aside); a row that matches no step, or whose status word is not one we know,
is named and left out: nothing is guessed, and only step statuses change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.models import PlannedAction, StepState, StepStatus
from .tables import Table, TableError, read_tables

MAX_PROBLEMS_LISTED = 20

ID_COLUMNS = ("id", "custom field (id)", "step id")
TITLE_COLUMNS = ("summary", "action", "name", "task name", "card name", "title", "task")
STATUS_COLUMNS = ("status", "progress", "list name", "section/column", "bucket name")
GROUPING_COLUMNS = ("section/column", "bucket name")  # may name a status, or just a group
DONE_FLAG_COLUMNS = ("due complete",)  # Trello: true once the card is marked complete
DATE_COLUMNS = ("completed at", "completed date", "resolved", "date completed")
STATUS_DATE_COLUMNS = ("status date",)  # the XLSX plan's own: the day the status was set

WORDS: dict[str, StepState] = {}
for _meaning, _words in {
    StepState.DONE: "done, completed, complete, closed, resolved, finished, fixed, 100%",
    StepState.DOING: "in progress, doing, in review, review, started, ongoing, in-progress, "
    "active, testing, 50%",
    StepState.TO_DO: "to do, todo, to-do, not started, open, backlog, new, "
    "selected for development, planned, 0%",
    StepState.DROPPED: "dropped, won't do, wont do, won't fix, cancelled, canceled, rejected, "
    "declined, abandoned, obsolete",
}.items():
    for _word in _words.split(","):
        WORDS[_word.strip()] = _meaning


FIND_OUT_ID = "find_out"  # the id the tracker CSV gives its find-out task


class StatusImportError(ValueError):
    """The file cannot be read as a plan's statuses; the message says why."""


@dataclass(frozen=True)
class StatusImport:
    statuses: dict[str, StepStatus]  # step id -> status, from the rows that matched
    problems: list[str] = field(default_factory=list)  # rows left out, each named
    source: str = ""  # which tool's columns were recognised


def _key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def state_of(word: str) -> StepState | None:
    """The state a tool's status word means, or None when it is not one we know."""
    return WORDS.get(_key(word))


@dataclass(frozen=True)
class _Columns:
    header_row: int
    id: int | None
    title: int | None
    status: list[int]  # first non-empty known word wins, in this order
    grouping: list[int]  # of those, the ones that may only group tasks
    done_flag: int | None
    completed: int | None  # a date: set means done (Asana, Planner), and it is the date
    status_date: int | None = None  # the day the status was set, whatever it is


def _find(header: list[str], names: Sequence[str]) -> int | None:
    keys = [_key(h) for h in header]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def _columns(rows: list[list[str]]) -> _Columns | None:
    for r, header in enumerate(rows[:10]):  # a Planner export has a few lines above its header
        keys = [_key(h) for h in header]
        title = _find(header, TITLE_COLUMNS)
        ident = _find(header, ID_COLUMNS)
        status = [keys.index(n) for n in STATUS_COLUMNS if n in keys]
        flag = _find(header, DONE_FLAG_COLUMNS)
        completed = _find(header, DATE_COLUMNS)
        if (title is not None or ident is not None) and (status or flag or completed):
            grouping = [keys.index(n) for n in GROUPING_COLUMNS if n in keys]
            dated = _find(header, STATUS_DATE_COLUMNS)
            return _Columns(r, ident, title, status, grouping, flag, completed, dated)
    return None


def _source(header: list[str]) -> str:
    keys = {_key(h) for h in header}
    if {"rank", "section", "status", "id"} <= keys:
        return "the XLSX plan"
    if "card name" in keys:
        return "Trello"
    if "task name" in keys and "progress" in keys:
        return "Microsoft Planner"
    if "section/column" in keys or "completed at" in keys:
        return "Asana"
    if "summary" in keys and ("issue key" in keys or "issue id" in keys):
        return "Jira"
    if "summary" in keys:
        return "the tracker CSV"
    return "a table"


def _date(text: str) -> dt.date | None:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    for fmt in ("%d/%b/%y", "%m/%d/%Y", "%d/%m/%Y"):  # Jira's 02/Dec/26; Planner's 12/2/2026
        try:
            return dt.datetime.strptime(text.strip().split(" ")[0], fmt).date()
        except ValueError:
            continue
    return None


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "\u2026"


def read_statuses(
    data: bytes, steps: Sequence[PlannedAction], today: dt.date | None = None
) -> StatusImport:
    """Step statuses from an exported plan (XLSX or CSV); StatusImportError when the file has
    no column to match steps by or none that says where a step stands."""
    try:
        tables = read_tables(data)
    except TableError as exc:
        raise StatusImportError(str(exc)) from None
    found = _best(tables)
    if found is None:
        raise StatusImportError(
            "no columns to read statuses from: the file needs a step title (Summary, Action, "
            "Name, Task Name or Card Name) or Id column and a Status, Progress or List Name "
            "column"
        )
    table, cols = found
    by_id = {s.id: s for s in steps}
    by_title: dict[str, list[PlannedAction]] = {}
    for s in steps:
        by_title.setdefault(_key(s.title), []).append(s)
    statuses: dict[str, StepStatus] = {}
    seen: dict[str, int] = {}
    problems: list[str] = []
    header = table.rows[cols.header_row]
    for number, cells in enumerate(table.rows[cols.header_row + 1 :], start=cols.header_row + 2):
        if not any(c.strip() for c in cells):
            continue
        ident, title = _cell(cells, cols.id), _cell(cells, cols.title)
        if ident == FIND_OUT_ID:
            continue  # the tracker's find-out task: not a step, nothing to read back
        where = f"row {number} ({_shown(title or ident)!r})"
        step = by_id.get(ident) if ident else None
        if step is None:
            matches = by_title.get(_key(title), []) if title else []
            if len(matches) > 1:
                problems.append(f"{where}: {len(matches)} steps have this title; add the Id")
                continue
            step = matches[0] if matches else None
        if step is None:
            problems.append(f"{where}: matches no step of this plan")
            continue
        state, word = _state(cells, cols)
        if state is None:
            problems.append(
                f"{where}: status {_shown(word)!r} is not one we know (Done, In progress, "
                "Not started or Dropped)"
            )
            continue
        if step.id in seen:
            problems.append(f"{where}: the same step as row {seen[step.id]}; the later row kept")
        seen[step.id] = number
        when = _date(_cell(cells, cols.completed)) if cols.completed is not None else None
        when = when or _date(_cell(cells, cols.status_date))
        statuses[step.id] = StepStatus(status=state, date=when or today)
    if len(problems) > MAX_PROBLEMS_LISTED:
        more = len(problems) - MAX_PROBLEMS_LISTED
        problems = problems[:MAX_PROBLEMS_LISTED] + [f"and {more} more rows left out"]
    return StatusImport(statuses, problems, _source(header))


def _state(cells: list[str], cols: _Columns) -> tuple[StepState | None, str]:
    """The row's state: a completion date or Trello's Due Complete says done; else the first
    status column holding a word (an empty Asana section is not a status)."""
    if cols.completed is not None and _cell(cells, cols.completed):
        return StepState.DONE, _cell(cells, cols.completed)
    if cols.done_flag is not None and _key(_cell(cells, cols.done_flag)) == "true":
        return StepState.DONE, "true"
    words = [(i, _cell(cells, i)) for i in cols.status if _cell(cells, i)]
    for _, word in words:
        state = state_of(word)
        if state is not None:
            return state, word
    grouping = {i for i in cols.status if i in cols.grouping}
    if all(i in grouping for i, _ in words) and (cols.completed is not None or not words):
        # no status word; a section or bucket named for something else ("Days 1-30") and no
        # completion date: not started
        return StepState.TO_DO, ""
    return None, words[0][1]


def _best(tables: list[Table]) -> tuple[Table, _Columns] | None:
    """The table (separator or sheet) whose header names the most of our columns."""
    best: tuple[int, Table, _Columns] | None = None
    for table in tables:
        cols = _columns(table.rows)
        if cols is None:
            continue
        score = sum(
            x is not None for x in (cols.id, cols.title, cols.done_flag, cols.completed)
        ) + len(cols.status)
        if best is None or score > best[0]:
            best = (score, table, cols)
    return (best[1], best[2]) if best else None
