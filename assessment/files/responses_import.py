"""Responses collected elsewhere: a form tool's export with one row per respondent.

Reads what Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, Typeform, LimeSurvey and Excel
write (see `tables` for encodings, separators and .xlsx). The steps, each a small function:

1. every reading of the file (separator, sheet) is a candidate table;
2. in each, the header is the row among the first ten whose cells match the most questions, and
   the table with the best header wins;
3. rows right after the header that hold no answer but header text (SurveyMonkey's "Response"
   row, Qualtrics' `{"ImportId": ...}` row) are further header rows, not respondents;
4. each data row becomes a respondent, or is skipped with a reason per bad cell.

A question column is headed by the question id or its text; the text is also found after removing
numbering (`1.`, `Q01.`), a question code (`G1Q1.`), a grid's `[row]` suffix or title, a required
mark `*`, or when a tool shortened it (an unambiguous start of one question's text). The name comes
from a name-like column or First + Last Name, the role from a role-like column; every other column
is ignored and listed with the reason. A cell holds an option label (also with curly quotes,
other spacing or case, or numbered), a score 0-4, "Don't know" or "Not applicable"; an empty cell
is unanswered.

Rows are numbered as a spreadsheet shows them (the first row is 1), columns by letter. Pure: bytes
and the file name in, a `ResponsesImport` out; anything unreadable raises ResponsesImportError
with messages that name the file (and an unexpected failure says the file could not be read).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.models import (
    DONT_KNOW,
    MAX_FIELD_CHARS,
    NOT_APPLICABLE,
    Answer,
    Choice,
    Framework,
    Organization,
    Question,
    Responses,
)
from .tables import Table, TableError, read_tables

MAX_ROWS = 5_000
MAX_CELL_CHARS = 2_000
HEADER_SEARCH_ROWS = 10  # the header is looked for in this many first rows
MIN_PREFIX_CHARS = 12  # a shortened heading must keep at least this much of the question

NAME_WORDS = {
    "name",
    "names",
    "full name",
    "participant",
    "participant name",
    "respondent",
    "respondent name",
    "first and last name",
    "name and surname",
}
FIRST_NAME_WORDS = {"first name", "firstname", "given name", "forename", "recipient first name"}
LAST_NAME_WORDS = {"last name", "lastname", "surname", "family name", "recipient last name"}
ROLE_WORDS = {
    "role",
    "job role",
    "job title",
    "job",
    "position",
    "department",
    "team",
    "function",
    "job function",
    "business unit",
    "role in the organisation",
    "role in the organization",
}
ANONYMOUS_NAMES = {"anonymous", "anonym", "anonyme", "anónimo", "anonimo"}
DONT_KNOW_WORDS = {"don't know", "dont know", "dont_know", "do not know", "i don't know", "unknown"}
NOT_APPLICABLE_WORDS = {"not applicable", "not_applicable", "n/a", "na"}
NOT_A_QUESTION = "not a question"
HEADER_MARKERS = {"response", "responses", "open-ended response", "other (please specify)"}


class ResponsesImportError(ValueError):
    """The file as a whole cannot be read; each problem names the file and says what to do."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class QuestionColumn:
    column: str  # spreadsheet letter
    header: str
    question_id: str
    how: str  # "question id", "question text", "numbered or coded", "grid", "shortened"


@dataclass(frozen=True)
class IgnoredColumn:
    column: str
    header: str
    reason: str


@dataclass(frozen=True)
class RespondentRow:
    row: int  # spreadsheet row number
    name: str
    role: str
    answers: dict[str, Answer]

    def responses(self, organization: Organization) -> Responses:
        return Responses(organization=organization, answers=dict(self.answers))


@dataclass
class ResponsesImport:
    file_name: str
    source: str  # how the file was read: "CSV, UTF-8, semicolon-separated"
    header_row: int
    question_columns: list[QuestionColumn] = field(default_factory=list)
    name_columns: list[str] = field(default_factory=list)  # "E 'Name'"
    role_columns: list[str] = field(default_factory=list)
    ignored_columns: list[IgnoredColumn] = field(default_factory=list)
    header_rows: dict[int, str] = field(default_factory=dict)  # row -> why it is no respondent
    rows: list[RespondentRow] = field(default_factory=list)
    skipped: dict[int, list[str]] = field(default_factory=dict)  # row -> its problems

    @property
    def data_rows(self) -> int:
        """Non-blank rows below the header: each is read or skipped, none silently lost."""
        return len(self.rows) + len(self.skipped)

    @property
    def complete(self) -> bool:
        return not self.skipped

    @property
    def problems(self) -> list[str]:
        return [f"row {row}, {p}" for row, ps in self.skipped.items() for p in ps]

    @property
    def basis(self) -> str:
        """The sentence a report prints about the respondents it is based on."""
        text = f"Based on {len(self.rows)} respondents read from {self.file_name}"
        if self.skipped:
            text += f"; {len(self.skipped)} more rows could not be read and are left out"
        return text + "."

    @property
    def duplicate_names(self) -> dict[str, list[int]]:
        """Names given on more than one row (case and spacing ignored) -> their rows."""
        rows: dict[str, list[RespondentRow]] = {}
        for r in self.rows:
            if r.name:
                rows.setdefault(_key(r.name), []).append(r)
        return {group[0].name: [r.row for r in group] for group in rows.values() if len(group) > 1}


# ----------------------------------------------------------------------------- text keys


_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
)


def _norm(text: str) -> str:
    """Case-, spacing- and quote-style-insensitive form of a text."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("\u2026", "...")
    return " ".join(text.split()).casefold()


def _key(text: str) -> str:
    """`_norm` without a trailing required mark, colon, question mark or full stop."""
    return _norm(text).rstrip(" *:?.")


def letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _shown(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# ----------------------------------------------------------------------------- headers

_NUMBERING = [
    re.compile(r"^\(?\d{1,3}[a-z]?[.):]?\s+", re.I),  # 1. / 1) / (1) / 12a.
    re.compile(r"^q(?:uestion)?\s*\d{1,3}[a-z]?\s*[.):\-\u2013]?\s+", re.I),  # Q1. / Question 3:
    re.compile(r"^\[[^\]]{1,40}\]\s*"),  # [Q01] text
    re.compile(r"^[a-z][\w.]{0,80}?[.:)]\s+", re.I),  # LimeSurvey code: Q01. / G1Q1: / an id.
    re.compile(r"^[a-z0-9_]{1,20}\s+[-\u2013]\s+", re.I),  # Q1 - text
]
MAX_HEADING_CHARS = 2_000  # a grid heading "Title [question text]" is a few hundred
_GRID = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$", re.S)  # [^[]]: linear on "[[[["


def _heading_variants(header: str) -> list[tuple[str, str]]:
    """(text, how) readings of a heading, the plain one first."""
    out = [(header, "question text")]
    for pattern in _NUMBERING:
        stripped = pattern.sub("", header, count=1)
        if stripped != header and stripped.strip():
            out.append((stripped, "numbered or coded"))
    grid = _GRID.match(header)
    if grid:
        out += [(grid.group(1), "grid"), (grid.group(2), "grid")]
        for pattern in _NUMBERING:
            title = pattern.sub("", grid.group(1), count=1)
            if title != grid.group(1) and title.strip():
                out.append((title, "grid"))
    return out


@dataclass(frozen=True)
class _Match:
    question: Question | None
    how: str  # for a question: how it matched; otherwise why not


class HeaderMatcher:
    """Maps a column heading to a question of the framework."""

    def __init__(self, framework: Framework):
        self.by_id = {q.id.casefold(): q for q in framework.questions}
        self.by_text = {_key(q.text): q for q in framework.questions}

    def match(self, header: str) -> _Match:
        title = header.strip()
        if not title:
            return _Match(None, "no heading")
        if len(title) > MAX_HEADING_CHARS:  # no question is that long; the patterns would
            return _Match(None, NOT_A_QUESTION)  # backtrack over it (25,000 `[` took 12 s)
        if title.casefold() in self.by_id:
            return _Match(self.by_id[title.casefold()], "question id")
        variants = _heading_variants(title)
        for text, how in variants:
            question = self.by_text.get(_key(text)) or self.by_id.get(text.strip().casefold())
            if question is not None:
                return _Match(question, how)
        for text, _ in variants:
            found = self._by_prefix(text)
            if len(found) == 1:
                return _Match(found[0], "shortened")
            if len(found) > 1:
                return _Match(
                    None,
                    f"the start of {len(found)} questions' texts: export the full question text",
                )
        return _Match(None, NOT_A_QUESTION)

    def _by_prefix(self, text: str) -> list[Question]:
        start = _norm(text).rstrip(" .\u2026")
        if len(start) < MIN_PREFIX_CHARS:
            return []
        return [q for key, q in self.by_text.items() if key.startswith(start)]

    def why_not(self, title: str) -> str:
        """'not a question', with the closest question when the heading looks like an edit."""
        if len(title) >= 25:
            close = difflib.get_close_matches(_key(title), self.by_text, n=1, cutoff=0.75)
            if close:
                return (
                    f"not a question; closest is '{self.by_text[close[0]].id}' (was its text "
                    "changed?)"
                )
        return NOT_A_QUESTION


def _person_field(header: str) -> str | None:
    """'name', 'first', 'last' or 'role' for a column naming the respondent, else None."""
    key = _key(header)
    for pattern in _NUMBERING:
        key = pattern.sub("", key, count=1)
    key = re.sub(r"\s*\((optional|required)\)$", "", key)
    key = re.sub(r"^(please )?(enter |give |type )?(what is |what's |whats )?(your )?", "", key)
    if key in NAME_WORDS:
        return "name"
    if key in FIRST_NAME_WORDS:
        return "first"
    if key in LAST_NAME_WORDS:
        return "last"
    if key in ROLE_WORDS:
        return "role"
    return None


@dataclass
class Columns:
    """How one header row maps the table's columns."""

    header: list[str]
    questions: dict[int, Question] = field(default_factory=dict)
    question_info: list[QuestionColumn] = field(default_factory=list)
    names: list[tuple[int, ...]] = field(default_factory=list)  # full name, or (first, last)
    roles: list[int] = field(default_factory=list)
    ignored: list[IgnoredColumn] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def quality(self) -> tuple[int, int]:
        """More question columns first, then more matched without shortening."""
        exact = sum(1 for c in self.question_info if c.how != "shortened")
        return len(self.question_info), exact


def map_columns(header: Sequence[str], matcher: HeaderMatcher) -> Columns:
    cols = Columns(header=[h.strip() for h in header])
    seen: dict[str, int] = {}
    first = last = None
    for i, title in enumerate(cols.header):
        match = matcher.match(title)
        if match.question is not None:
            q = match.question
            if q.id in seen:
                cols.duplicates.append(
                    f"columns {letter(seen[q.id])} and {letter(i)} are both question '{q.id}'"
                )
                continue
            seen[q.id] = i
            cols.questions[i] = q
            cols.question_info.append(QuestionColumn(letter(i), title, q.id, match.how))
            continue
        kind = _person_field(title)
        if kind == "name":
            cols.names.append((i,))
        elif kind == "first" and first is None:
            first = i
        elif kind == "last" and last is None:
            last = i
        elif kind == "role":
            cols.roles.append(i)
        else:
            cols.ignored.append(IgnoredColumn(letter(i), title, match.how))
    if first is not None or last is not None:
        cols.names.append(tuple(i for i in (first, last) if i is not None))
    return cols


# ----------------------------------------------------------------------------- cells


def _option_keys(question: Question) -> dict[str, int]:
    return {_key(o.label): o.score for o in question.options}


def parse_cell(value: str, question: Question) -> Choice | None:
    """The answer a cell holds; None for empty; ValueError with a short reason for anything else."""
    text = value.strip()
    if not text:
        return None
    for option in question.options:
        if text == option.label:
            return option.score
    key = _norm(text)
    if re.fullmatch(r"[0-4]([.,]0+)?", key):  # 3, 3.0, or 3,0 from a German Excel
        return int(key[0])
    if key in DONT_KNOW_WORDS:
        return DONT_KNOW
    if key in NOT_APPLICABLE_WORDS:
        return NOT_APPLICABLE
    labels = _option_keys(question)
    for candidate in [text] + [p.sub("", text, count=1) for p in _NUMBERING[:2]]:
        score = labels.get(_key(candidate))
        if score is not None:
            return score
    start = key.rstrip(" .\u2026")
    if len(start) >= MIN_PREFIX_CHARS * 2:
        found = {s for label, s in labels.items() if label.startswith(start)}
        if len(found) == 1:
            return found.pop()
    raise ValueError(f"'{_shown(text)}' is not an option label or score 0-4")


# ----------------------------------------------------------------------------- header rows


def _find_header(tables: list[Table], matcher: HeaderMatcher) -> tuple[Table, int, Columns]:
    """The table and row whose cells match the most questions (the first such on ties)."""
    best: tuple[Table, int, Columns] | None = None
    for table in tables:
        for index, cells in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            cols = map_columns(cells, matcher)
            if best is None or cols.quality > best[2].quality:
                best = (table, index, cols)
    if best is None or not best[2].question_info:
        raise LookupError
    return best


def _is_header_like(cells: list[str], cols: Columns, matcher: HeaderMatcher) -> bool:
    """A row under the header with no answer, only header text: another header row."""
    given = {i: cells[i].strip() for i in cols.questions if i < len(cells) and cells[i].strip()}
    if not given:
        return False
    for i, text in given.items():
        try:
            parse_cell(text, cols.questions[i])
        except ValueError:
            continue
        return False
    values = set(given.values())
    if len(given) >= 2 and len(values) == 1:
        return True  # the same word under every question: SurveyMonkey's "Response", translated
    return all(
        _norm(text) in HEADER_MARKERS
        or _is_import_id(text)
        or matcher.match(text).question is cols.questions[i]
        for i, text in given.items()
    )


def _is_import_id(text: str) -> bool:
    if not text.startswith("{"):
        return False
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and "ImportId" in value


# ----------------------------------------------------------------------------- rows


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())[:MAX_FIELD_CHARS]


def _name(cells: list[str], cols: Columns) -> str:
    """The first name-like value given that is not 'Anonymous' (as Microsoft Forms writes)."""
    for source in cols.names:
        value = _clean(" ".join(_cell(cells, i) for i in source))
        if value and _norm(value) not in ANONYMOUS_NAMES:
            return value
    return ""


def _role(cells: list[str], cols: Columns) -> str:
    return next((v for v in (_clean(_cell(cells, i)) for i in cols.roles) if v), "")


def _where(cols: Columns, i: int) -> str:
    return f"column {letter(i)} ('{_shown(cols.header[i], 50)}')"


def _read_row(row: int, cells: list[str], cols: Columns, out: ResponsesImport) -> None:
    problems: list[str] = []
    given: dict[str, Answer] = {}
    for i in cols.questions:
        question = cols.questions[i]
        value = _cell(cells, i)
        if len(value) > MAX_CELL_CHARS:
            problems.append(f"{_where(cols, i)}: cell is longer than {MAX_CELL_CHARS:,} characters")
            continue
        try:
            choice = parse_cell(value, question)
        except ValueError as exc:
            problems.append(f"{_where(cols, i)}: {exc}")
            continue
        if choice is not None:
            given[question.id] = Answer(choice=choice)
    if not problems and not given:
        problems.append("no question answered")
    if problems:
        out.skipped[row] = problems
        return
    out.rows.append(RespondentRow(row, _name(cells, cols), _role(cells, cols), given))


# ----------------------------------------------------------------------------- entry point


def parse_responses(data: bytes, file_name: str, framework: Framework) -> ResponsesImport:
    """Read a responses export; ResponsesImportError only when no row can be read at all.

    The file is named by its base name only (in messages and in the report's "read from"
    line): the path a consultant typed says where their client folders are, and a deliverable
    must not carry it (issue 23)."""
    file_name = base_name(file_name)
    try:
        return _parse(data, file_name, framework)
    except ResponsesImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - any surprise is "this file", never a traceback
        detail = _shown(f"{type(exc).__name__}: {exc}", 200)
        raise ResponsesImportError([f"could not read {file_name}: {detail}"]) from None


def base_name(file_name: str) -> str:
    """The file's own name without any folder (either slash), as plain text of at most 120."""
    name = re.split(r"[\\/]", file_name or "")[-1]
    return _shown(name, 120) or "the file"


def _fail(file_name: str, *problems: str) -> ResponsesImportError:
    return ResponsesImportError([f"{file_name}: {p}" for p in problems])


def _parse(data: bytes, file_name: str, framework: Framework) -> ResponsesImport:
    try:
        tables = read_tables(data)
    except TableError as exc:
        raise _fail(file_name, str(exc)) from None
    matcher = HeaderMatcher(framework)
    try:
        table, index, cols = _find_header(tables, matcher)
    except LookupError:
        raise _fail(
            file_name,
            f"no column heading in the first {HEADER_SEARCH_ROWS} rows matches a question: head "
            "question columns with the question text or id ('python -m assessment questions' "
            "lists them), or export full question texts rather than codes",
        ) from None
    if cols.duplicates:
        raise _fail(file_name, *cols.duplicates)
    out = ResponsesImport(
        file_name=file_name,
        source=table.source,
        header_row=index + 1,
        question_columns=cols.question_info,
        name_columns=[_column_names(cols, source) for source in cols.names],
        role_columns=[f"{letter(i)} '{cols.header[i]}'" for i in cols.roles],
        ignored_columns=[
            IgnoredColumn(c.column, c.header, matcher.why_not(c.header))
            if c.reason == NOT_A_QUESTION
            else c
            for c in _worth_listing(cols.ignored, table.rows[index + 1 :])
        ],
    )
    _read_rows(table.rows, index, cols, matcher, out, file_name)
    return out


def _worth_listing(ignored: list[IgnoredColumn], below: list[list[str]]) -> list[IgnoredColumn]:
    """Ignored columns, without the empty unheaded ones a spreadsheet adds at the right."""

    def has_cells(column: str) -> bool:
        i = sum(26**p * (ord(ch) - 64) for p, ch in enumerate(reversed(column))) - 1
        return any(_cell(cells, i).strip() for cells in below)

    return [c for c in ignored if c.header or has_cells(c.column)]


def _column_names(cols: Columns, source: tuple[int, ...]) -> str:
    return " + ".join(f"{letter(i)} '{cols.header[i]}'" for i in source)


def _read_rows(
    rows: list[list[str]],
    header: int,
    cols: Columns,
    matcher: HeaderMatcher,
    out: ResponsesImport,
    file_name: str,
) -> None:
    for above in range(header):
        if any(c.strip() for c in rows[above]):
            out.header_rows[above + 1] = "above the question header (export tags or a title)"
    in_header = True
    for index in range(header + 1, len(rows)):
        cells = rows[index]
        if not any(c.strip() for c in cells):
            continue  # blank line
        if in_header and index - header <= 3 and _is_header_like(cells, cols, matcher):
            out.header_rows[index + 1] = "a further header row (no answers, only header text)"
            continue
        in_header = False
        if out.data_rows >= MAX_ROWS:
            raise _fail(file_name, f"more than {MAX_ROWS:,} respondent rows: split the file")
        _read_row(index + 1, cells, cols, out)


def format_rows(rows: Sequence[int], limit: int = 8) -> str:
    """'3, 5 and 9' (or '3, 5, ... and 2 more') for messages."""
    shown = [str(r) for r in rows[:limit]]
    if len(rows) > limit:
        return ", ".join(shown) + f" and {len(rows) - limit} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
