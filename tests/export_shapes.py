"""Response exports as each form tool and Excel write them, built from the loaded question bank.

The shapes follow the tools' documented exports (see GUIDE.md, "Facts verified in the second
round"): Google Forms (all-quoted CSV, `Timestamp`, `Email Address`, grids as `Title [Row]`),
Microsoft Forms (.xlsx: ID, Start time, Completion time, Email, Name, Last modified time),
SurveyMonkey (question row, then a `Response` row, after Respondent ID ... Custom Data 1),
Qualtrics (export tags, question texts, `{"ImportId": ...}`), Typeform (`#`, questions, Start and
Submit Date (UTC), Network ID), LimeSurvey (`code. text` or shortened headings, `;` separated)
and Excel's own saves (CSV UTF-8 with BOM, CSV in Windows-1252, Unicode text in UTF-16, .xlsx).

Question texts are taken from the framework at test time, so the fixtures follow content edits.
`ROSTER` holds the respondents: names with quotes, commas and newlines, answers given as labels
(with curly quotes, other case and spacing), scores, Don't know and N/A.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from assessment.domain.models import Choice, Framework, Question

COMMENT = 'Great session, thanks!\nSecond line with "quotes"; and a semicolon'


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    style: str  # how this person's cells are written: label, score, fuzzy, mixed, sparse

    @property
    def expected_name(self) -> str:
        return " ".join(self.name.split())


ROSTER = [
    Person('Jo "JJ" Smith', "Marketing", "label"),
    Person("Smith, Ann", "IT, security", "score"),
    Person("Zoë Ølund", "Customer service", "fuzzy"),
    Person("Li\nWei", "Sales", "mixed"),
    Person("Sam O'Neil", "Management", "sparse"),
]


def choice_for(person_index: int, question_index: int) -> Choice | None:
    """What respondent `person_index` answered to question `question_index`."""
    style = ROSTER[person_index].style
    if style == "mixed" and question_index % 7 == 3:
        return "dont_know"
    if style == "mixed" and question_index % 11 == 5:
        return "not_applicable"
    if style == "sparse" and question_index % 3 == 0:
        return None
    return (question_index + person_index) % 5


def curly(text: str) -> str:
    """Typographic quotes, as Word and macOS put them in copied text."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("\u201c" if opening else "\u201d")
            opening = not opening
        else:
            out.append(ch.replace("'", "\u2019"))
    return "".join(out)


def cell_for(person_index: int, question_index: int, question: Question) -> str:
    """The cell text a tool writes for that answer."""
    choice = choice_for(person_index, question_index)
    if choice is None:
        return ""
    if choice == "dont_know":
        return "Don't know"
    if choice == "not_applicable":
        return "Not applicable"
    label = question.options[int(choice)].label
    style = ROSTER[person_index].style
    if style == "score":
        return str(choice)
    if style == "fuzzy":
        return "  " + curly(label).upper() + " "
    if style == "sparse":
        return label.rstrip(".")
    return label


def expected_answers(framework: Framework, person_index: int) -> dict[str, Choice]:
    out: dict[str, Choice] = {}
    for i, q in enumerate(framework.questions):
        choice = choice_for(person_index, i)
        if choice is not None:
            out[q.id] = choice
    return out


def csv_bytes(
    rows: list[list[str]],
    delimiter: str = ",",
    encoding: str = "utf-8",
    quoting: int = csv.QUOTE_MINIMAL,
    lineterminator: str = "\r\n",
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator).writerows(
        rows
    )
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _answers(framework: Framework, p: int) -> list[str]:
    return [cell_for(p, i, q) for i, q in enumerate(framework.questions)]


def _when(p: int) -> dt.datetime:
    return dt.datetime(2024, 5, 1, 10, 0) + dt.timedelta(minutes=7 * p)


# ----------------------------------------------------------------------------- the tools


def google_forms(framework: Framework) -> tuple[str, bytes]:
    """Responses tab > Download (.csv): every cell quoted, UTF-8 without BOM."""
    header = ["Timestamp", "Email Address", "What's your name?", "What is your role?"]
    header += [q.text for q in framework.questions] + ["Anything else?"]
    rows = [header]
    for p, person in enumerate(ROSTER):
        stamp = _when(p).strftime("%Y/%m/%d %I:%M:%S %p GMT+1")
        rows.append(
            [stamp, f"p{p}@example.com", person.name, person.role]
            + _answers(framework, p)
            + [COMMENT]
        )
    return "Social readiness (Responses).csv", csv_bytes(rows, quoting=csv.QUOTE_ALL)


def google_forms_grid(framework: Framework) -> tuple[str, bytes]:
    """One multiple-choice grid per dimension (columns 0-4): headings `Dimension [question]`."""
    names = {d.id: d.name for d in framework.dimensions}
    header = ["Timestamp", "Name", "Role"]
    header += [f"{names[q.dimension]} [{q.text}]" for q in framework.questions]
    rows = [header]
    for p, person in enumerate(ROSTER):
        cells = []
        for i in range(len(framework.questions)):
            choice = choice_for(p, i)
            cells.append(
                ""
                if choice is None
                else {"dont_know": "Don't know", "not_applicable": "Not applicable"}.get(
                    str(choice), str(choice)
                )
            )
        rows.append([_when(p).isoformat(), person.name, person.role] + cells)
    return "grid.csv", csv_bytes(rows, quoting=csv.QUOTE_ALL)


def google_forms_zip(framework: Framework) -> tuple[str, bytes]:
    name, data = google_forms(framework)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return "Social readiness.csv.zip", out.getvalue()


def microsoft_forms(framework: Framework) -> tuple[str, bytes]:
    """Open in Excel / Download a copy: .xlsx only; Name is 'Anonymous' when not signed in."""
    header: list[object] = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
    ]
    header += [q.text for q in framework.questions]
    rows = [header]
    for p, person in enumerate(ROSTER):
        answers: list[object] = list(_answers(framework, p))
        if person.style == "score":  # Excel keeps typed numbers as numbers
            answers = [int(a) if a.isdigit() else a for a in _answers(framework, p)]
        rows.append(
            [p + 1, _when(p), _when(p) + dt.timedelta(minutes=5), f"p{p}@example.com"]
            + [person.name, None]
            + answers
        )
    rows.append([6, _when(6), _when(6), "anonymous", "Anonymous", None] + _answers(framework, 0))
    return "Social readiness(1-6).xlsx", xlsx_bytes(rows)


def surveymonkey(framework: Framework) -> tuple[str, bytes]:
    """All responses, expanded CSV: question row, then 'Response' under each question."""
    meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    questions = [q.text for q in framework.questions]
    header = meta + questions + ["What is your role?"]
    second = [""] * len(meta) + ["Response"] * (len(questions) + 1)
    rows = [header, second]
    for p, person in enumerate(ROSTER):
        first, last = (
            person.name.rsplit(" ", 1)
            if " " in person.name and "," not in person.name
            else (person.name, "")
        )
        stamp = _when(p).strftime("%m/%d/%Y %I:%M:%S %p")
        rows.append(
            [str(11400000000 + p), "4242", stamp, stamp, "203.0.113.9", "", first, last, ""]
            + _answers(framework, p)
            + [person.role]
        )
    return "Data_All_240501.csv", csv_bytes(rows)


def qualtrics(framework: Framework) -> tuple[str, bytes]:
    """Data & Analysis > Export > CSV, choice text: three header rows, UTF-8 with BOM."""
    meta = [
        ("StartDate", "Start Date", "startDate"),
        ("EndDate", "End Date", "endDate"),
        ("Status", "Response Type", "status"),
        ("IPAddress", "IP Address", "ipAddress"),
        ("Progress", "Progress", "progress"),
        ("Duration (in seconds)", "Duration (in seconds)", "duration"),
        ("Finished", "Finished", "finished"),
        ("RecordedDate", "Recorded Date", "recordedDate"),
        ("ResponseId", "Response ID", "_recordId"),
        ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
        ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
        ("RecipientEmail", "Recipient Email", "recipientEmail"),
        ("ExternalReference", "External Data Reference", "externalDataReference"),
        ("DistributionChannel", "Distribution Channel", "distributionChannel"),
        ("UserLanguage", "User Language", "userLanguage"),
    ]
    tags = [m[0] for m in meta] + [f"Q{i + 1}" for i in range(len(framework.questions))]
    texts = [m[1] for m in meta] + [q.text for q in framework.questions]
    ids = [json.dumps({"ImportId": m[2], "timeZone": "Europe/Berlin"}) for m in meta]
    ids += [json.dumps({"ImportId": f"QID{i + 1}"}) for i in range(len(framework.questions))]
    tags, texts, ids = tags + ["Q_role"], texts + ["Your role"], ids + ['{"ImportId":"QID99"}']
    rows = [tags, texts, ids]
    for p, person in enumerate(ROSTER):
        first, _, last = person.name.partition(" ")
        stamp = _when(p).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [stamp, stamp, "IP Address", "192.0.2.1", "100", "300", "True", stamp, f"R_{p}abc"]
            + [last, first, "", "", "anonymous", "EN"]
            + _answers(framework, p)
            + [person.role]
        )
    return "Social_readiness_May 1, 2024_10.00.csv", b"\xef\xbb\xbf" + csv_bytes(rows)


def typeform(framework: Framework) -> tuple[str, bytes]:
    """Results > Responses > Download all responses (CSV)."""
    header = ["#", "What's your name?", "What's your role?"]
    header += [q.text for q in framework.questions]
    header += ["Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    rows = [header]
    for p, person in enumerate(ROSTER):
        stamp = _when(p).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [f"x{p}k2j9a8s7d6f5", person.name, person.role]
            + _answers(framework, p)
            + [stamp, stamp, "a1b2c3d4e5"]
        )
    return "responses.csv", csv_bytes(rows, lineterminator="\n")


def limesurvey(framework: Framework, heading: str = "code_text") -> tuple[str, bytes]:
    """Responses > Export: CSV, `;` separated, full answers; heading `code. text` or shortened."""

    def head(i: int, q: Question) -> str:
        if heading == "code_text":
            return f"Q{i + 1:02d}. {q.text}"
        return shortened(q.text)

    header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed"]
    header += ["NAME. What is your name?", "ROLE. What is your role?"]
    header += [head(i, q) for i, q in enumerate(framework.questions)]
    rows = [header]
    for p, person in enumerate(ROSTER):
        stamp = _when(p).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [str(p + 1), stamp, "7", "en", "123456"]
            + [person.name, person.role]
            + _answers(framework, p)
        )
    return "results-survey123456.csv", csv_bytes(rows, delimiter=";")


SHORTENED_CHARS = 48


def shortened(text: str) -> str:
    """A heading cut as LimeSurvey's abbreviated headings cut it."""
    return text if len(text) <= SHORTENED_CHARS else text[:SHORTENED_CHARS].rstrip() + ".."


def excel_csv(framework: Framework, variant: str) -> tuple[str, bytes]:
    """A sheet with numbered question headings, re-saved by Excel in one of its text formats."""
    header = ["Name", "Role"] + [f"{i + 1}. {q.text}" for i, q in enumerate(framework.questions)]
    header += ["Comments"]
    rows = [header]
    rows += [[p.name, p.role] + _answers(framework, i) + [COMMENT] for i, p in enumerate(ROSTER)]
    savers: dict[str, Callable[[], bytes]] = {
        "utf8_bom_comma": lambda: b"\xef\xbb\xbf" + csv_bytes(rows),
        "utf8_bom_semicolon": lambda: b"\xef\xbb\xbf" + csv_bytes(rows, ";"),
        "cp1252_semicolon": lambda: csv_bytes(rows, ";", "cp1252"),
        "cp1252_comma": lambda: csv_bytes(rows, ",", "cp1252"),
        "utf16_tab": lambda: csv_bytes(rows, "\t", "utf-16"),
    }
    suffix = ".txt" if variant == "utf16_tab" else ".csv"
    return f"responses-{variant}{suffix}", savers[variant]()


def excel_xlsx(framework: Framework) -> tuple[str, bytes]:
    """A workbook typed by hand: a title row, a blank row, then the header."""
    header: list[object] = ["Full name", "Department"] + [q.id for q in framework.questions]
    rows: list[list[object]] = [["Workshop responses: Acme"], [], header]
    rows += [[p.name, p.role] + _answers(framework, i) for i, p in enumerate(ROSTER)]
    return "Responses.xlsx", xlsx_bytes(rows, title="Responses")


TOOLS: dict[str, Callable[[Framework], tuple[str, bytes]]] = {
    "google_forms": google_forms,
    "google_forms_grid": google_forms_grid,
    "microsoft_forms": microsoft_forms,
    "surveymonkey": surveymonkey,
    "qualtrics": qualtrics,
    "typeform": typeform,
    "limesurvey_code_text": limesurvey,
    "excel_utf8_bom_comma": lambda fw: excel_csv(fw, "utf8_bom_comma"),
    "excel_utf8_bom_semicolon": lambda fw: excel_csv(fw, "utf8_bom_semicolon"),
    "excel_cp1252_semicolon": lambda fw: excel_csv(fw, "cp1252_semicolon"),
    "excel_cp1252_comma": lambda fw: excel_csv(fw, "cp1252_comma"),
    "excel_utf16_tab": lambda fw: excel_csv(fw, "utf16_tab"),
    "excel_xlsx": excel_xlsx,
}
