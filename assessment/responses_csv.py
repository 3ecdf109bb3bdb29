"""Responses collected elsewhere: a CSV with one row per respondent, as form tools export it.

Columns are matched to questions by question id (`purpose.business_objectives`) or by the exact
question text (case and spacing ignored). Optional "name" and "role" columns (or a few common
synonyms) name the respondent; every other column (a timestamp, an email, ...) is ignored and
listed as such. A cell holds an option label (exact text, trimmed), a score 0-4, "Don't know" or
"Not applicable" (or `dont_know` / `not_applicable`); an empty cell is unanswered.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first respondent row 2.
A row with a bad cell is skipped and every problem in it is reported by row and column; the good
rows are kept. Pure: bytes in, parsed rows and problems out.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from .models import MAX_FIELD_CHARS, Answer, Choice, Framework, Organization, Question, Responses

MAX_CSV_BYTES = 5_000_000
MAX_ROWS = 5_000
MAX_CELL_CHARS = 2_000

NAME_HEADERS = {"name", "participant", "respondent", "your name", "full name", "participant name"}
ROLE_HEADERS = {"role", "your role", "department", "team", "function", "job role"}
DONT_KNOW_WORDS = {"don't know", "dont know", "dont_know", "do not know", "unknown"}
NOT_APPLICABLE_WORDS = {"not applicable", "not_applicable", "n/a", "na"}


class ResponsesCsvError(ValueError):
    """The file as a whole cannot be read (not CSV, too large, no question column...)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class RespondentRow:
    row: int  # spreadsheet row number (header = 1)
    name: str
    role: str
    answers: dict[str, Answer]

    def responses(self, organization: Organization) -> Responses:
        return Responses(organization=organization, answers=dict(self.answers))


@dataclass
class CsvImport:
    rows: list[RespondentRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one per bad cell (or empty row)
    skipped: dict[int, list[str]] = field(default_factory=dict)  # row -> its problems

    @property
    def skipped_rows(self) -> list[int]:
        return list(self.skipped)

    question_columns: dict[str, str] = field(default_factory=dict)  # header -> question id
    ignored_columns: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    """Case-, spacing- and apostrophe-insensitive key for matching headers and words."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


def _decode(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise ResponsesCsvError([f"file is {len(data):,} bytes; the limit is {MAX_CSV_BYTES:,}"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResponsesCsvError(["file is not UTF-8 text (save it as 'CSV UTF-8')"]) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _column_map(
    header: list[str], framework: Framework
) -> tuple[dict[int, Question], int | None, int | None, list[str], list[str]]:
    by_id = {q.id.casefold(): q for q in framework.questions}
    by_text = {_norm(q.text): q for q in framework.questions}
    columns: dict[int, Question] = {}
    seen: dict[str, str] = {}
    name_col = role_col = None
    ignored: list[str] = []
    problems: list[str] = []
    for i, raw in enumerate(header):
        title = raw.strip()
        key = _norm(title)
        question = by_id.get(title.casefold()) or by_text.get(key)
        if question is not None:
            if question.id in seen:
                problems.append(
                    f"columns '{seen[question.id]}' and '{title}' are both question '{question.id}'"
                )
            seen[question.id] = title
            columns[i] = question
        elif key in NAME_HEADERS and name_col is None:
            name_col = i
        elif key in ROLE_HEADERS and role_col is None:
            role_col = i
        else:
            ignored.append(title or f"(column {i + 1} without a header)")
    return columns, name_col, role_col, ignored, problems


def _labels(question: Question) -> dict[str, int]:
    return {_norm(o.label): o.score for o in question.options}


def parse_cell(value: str, question: Question) -> Choice | None:
    """The answer a cell holds; None for empty; ValueError with a short reason for anything else."""
    text = value.strip()
    if not text:
        return None
    for option in question.options:
        if text == option.label:
            return option.score
    key = _norm(text)
    if re.fullmatch(r"[0-4](\.0+)?", key):
        return int(float(key))
    if key in DONT_KNOW_WORDS:
        return "dont_know"
    if key in NOT_APPLICABLE_WORDS:
        return "not_applicable"
    score = _labels(question).get(key)
    if score is not None:
        return score
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise ValueError(f"{shown!r} is not an option label or score 0-4")


def parse_responses_csv(data: bytes, framework: Framework) -> CsvImport:
    """Read a responses CSV; raise ResponsesCsvError only when no row can be read at all."""
    text = _decode(data)
    if not text.strip():
        raise ResponsesCsvError(["file is empty"])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
        header = next(reader)
        columns, name_col, role_col, ignored, problems = _column_map(header, framework)
        if problems:
            raise ResponsesCsvError(problems)
        if not columns:
            raise ResponsesCsvError(
                [
                    "no column matches a question: name question columns by question id "
                    "(e.g. 'purpose.business_objectives') or by the exact question text"
                ]
            )
        out = CsvImport(
            question_columns={header[i].strip(): q.id for i, q in columns.items()},
            ignored_columns=ignored,
        )
        for index, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(out.rows) + len(out.skipped) >= MAX_ROWS:
                raise ResponsesCsvError([f"more than {MAX_ROWS:,} rows; split the file"])
            _read_row(index, cells, header, columns, name_col, role_col, out)
    except csv.Error as exc:
        raise ResponsesCsvError([f"not a readable CSV file: {exc}"]) from None
    return out


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _read_row(
    index: int,
    cells: list[str],
    header: list[str],
    columns: dict[int, Question],
    name_col: int | None,
    role_col: int | None,
    out: CsvImport,
) -> None:
    row_problems: list[str] = []
    given: dict[str, Answer] = {}
    for i, question in columns.items():
        value = _cell(cells, i)
        where = f"row {index}, column '{header[i].strip()[:80]}'"
        if len(value) > MAX_CELL_CHARS:
            row_problems.append(f"{where}: cell is longer than {MAX_CELL_CHARS:,} characters")
            continue
        try:
            choice = parse_cell(value, question)
        except ValueError as exc:
            row_problems.append(f"{where}: {exc}")
            continue
        if choice is not None:
            given[question.id] = Answer(choice=choice)
    if not row_problems and not given:
        row_problems.append(f"row {index}: no question answered")
    if row_problems:
        out.problems += row_problems
        out.skipped[index] = row_problems
        return
    out.rows.append(
        RespondentRow(
            row=index,
            name=" ".join(_cell(cells, name_col).split())[:MAX_FIELD_CHARS],
            role=" ".join(_cell(cells, role_col).split())[:MAX_FIELD_CHARS],
            answers=given,
        )
    )
