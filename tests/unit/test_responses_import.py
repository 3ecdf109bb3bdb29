"""The responses importer on each form tool's export shape, built from the loaded question bank."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from assessment.domain.models import Framework
from assessment.files.responses_import import (
    MAX_ROWS,
    ResponsesImport,
    ResponsesImportError,
    letter,
    parse_cell,
    parse_responses,
)
from assessment.files.tables import MAX_BYTES, cell_text, decode
from tests import export_shapes as shapes
from tests.export_shapes import ROSTER, csv_bytes, expected_answers


def read(framework: Framework, name: str, data: bytes) -> ResponsesImport:
    return parse_responses(data, name, framework)


def assert_roster(parsed: ResponsesImport, framework: Framework, roles: bool = True) -> None:
    """Every respondent of ROSTER is read, in order, with the right name, role and answers."""
    assert parsed.skipped == {}, parsed.problems
    assert len(parsed.rows) >= len(ROSTER)
    for p, (person, row) in enumerate(zip(ROSTER, parsed.rows, strict=False)):
        assert row.name == person.expected_name
        if roles:
            assert row.role == person.role
        got = {qid: a.choice for qid, a in row.answers.items()}
        assert got == expected_answers(framework, p), f"respondent {person.name!r}"
    assert {c.question_id for c in parsed.question_columns} == {q.id for q in framework.questions}


# ----------------------------------------------------------------------------- one per tool


@pytest.mark.parametrize("tool", sorted(shapes.TOOLS))
def test_every_tool_export_reads_every_respondent(tool: str, framework: Framework) -> None:
    name, data = shapes.TOOLS[tool](framework)
    parsed = read(framework, name, data)
    assert_roster(parsed, framework, roles=tool != "microsoft_forms")
    assert parsed.complete
    assert parsed.data_rows == len(parsed.rows)


def test_google_forms_all_quoted_csv(framework: Framework) -> None:
    parsed = read(framework, *shapes.google_forms(framework))
    assert parsed.source == "CSV, UTF-8, comma-separated"
    assert [c.header for c in parsed.ignored_columns] == [
        "Timestamp",
        "Email Address",
        "Anything else?",
    ]
    assert parsed.name_columns == ["C 'What's your name?'"]
    assert parsed.role_columns == ["D 'What is your role?'"]
    assert parsed.rows[0].name == 'Jo "JJ" Smith'  # not 'Jo "JJ"" Smith"'
    assert parsed.rows[1].role == "IT, security"


def test_google_forms_grid_headings(framework: Framework) -> None:
    parsed = read(framework, *shapes.google_forms_grid(framework))
    assert {c.how for c in parsed.question_columns} == {"grid"}


def test_microsoft_forms_xlsx_anonymous_name_and_numeric_cells(framework: Framework) -> None:
    parsed = read(framework, *shapes.microsoft_forms(framework))
    assert parsed.source == "Excel workbook, sheet 'Sheet1'"
    assert [c.header for c in parsed.ignored_columns] == [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Last modified time",
    ]
    anonymous = parsed.rows[-1]
    assert (anonymous.row, anonymous.name) == (7, "")
    assert {k: a.choice for k, a in anonymous.answers.items()} == expected_answers(framework, 0)


def test_surveymonkey_second_header_row_and_first_last_name(framework: Framework) -> None:
    parsed = read(framework, *shapes.surveymonkey(framework))
    assert parsed.header_row == 1
    assert list(parsed.header_rows) == [2]
    assert parsed.rows[0].row == 3
    assert parsed.name_columns == ["G 'First Name' + H 'Last Name'"]


def test_qualtrics_three_header_rows(framework: Framework) -> None:
    parsed = read(framework, *shapes.qualtrics(framework))
    assert parsed.source == "CSV, UTF-8 with BOM, comma-separated"
    assert parsed.header_row == 2
    assert list(parsed.header_rows) == [1, 3]
    assert parsed.rows[0].row == 4


def test_limesurvey_coded_and_shortened_headings(framework: Framework) -> None:
    parsed = read(framework, *shapes.limesurvey(framework))
    assert parsed.source == "CSV, UTF-8, semicolon-separated"
    assert {c.how for c in parsed.question_columns} == {"numbered or coded"}
    short = read(framework, *shapes.limesurvey(framework, heading="short"))
    # every heading the shortening left unambiguous is found; the others are named
    starts: dict[str, int] = {}
    for q in framework.questions:
        key = shapes.shortened(q.text).rstrip(".").casefold()
        starts[key] = sum(1 for o in framework.questions if o.text.casefold().startswith(key))
    unique = {
        q.id
        for q in framework.questions
        if starts[shapes.shortened(q.text).rstrip(".").casefold()] == 1
    }
    assert {c.question_id for c in short.question_columns} == unique
    assert all("export the full question text" in c.reason for c in short.ignored_columns[5:])
    assert short.complete and len(short.rows) == len(ROSTER)


def test_excel_cp1252_semicolon(framework: Framework) -> None:
    parsed = read(framework, *shapes.excel_csv(framework, "cp1252_semicolon"))
    assert parsed.source == "CSV, Windows-1252, semicolon-separated"
    assert parsed.rows[2].name == "Zoë Ølund"


def test_excel_unicode_text_is_utf16_tabs(framework: Framework) -> None:
    parsed = read(framework, *shapes.excel_csv(framework, "utf16_tab"))
    assert parsed.source == "text, UTF-16, tab-separated"


def test_xlsx_title_rows_above_the_header(framework: Framework) -> None:
    parsed = read(framework, *shapes.excel_xlsx(framework))
    assert parsed.header_row == 3
    assert parsed.header_rows == {1: "above the question header (export tags or a title)"}
    assert parsed.rows[0].row == 4


# ----------------------------------------------------------------------------- headings


def test_heading_forms(framework: Framework) -> None:
    q = framework.questions[1]
    headings = {
        q.id: "question id",
        q.text.upper().replace(" ", "  "): "question text",
        q.text.rstrip("?") + " *": "question text",
        f"3. {q.text}": "numbered or coded",
        f"Q03) {q.text}": "numbered or coded",
        f"Question 3: {q.text}": "numbered or coded",
        f"[G1Q3] {q.text}": "numbered or coded",
        f"{q.id}. {q.text}": "numbered or coded",
        f"{q.text} [Row 1]": "grid",
        f"Purpose [{q.text}]": "grid",
        q.text[:40] + "...": "shortened",
        q.text[:40] + "\u2026": "shortened",
    }
    for heading, how in headings.items():
        rows = [["Name", heading], ["Ann", "2"]]
        parsed = read(framework, "h.csv", csv_bytes(rows))
        assert [(c.question_id, c.how) for c in parsed.question_columns] == [(q.id, how)], heading


def test_ambiguous_and_changed_headings_are_ignored_with_the_reason(framework: Framework) -> None:
    q = framework.questions[0]
    changed = q.text.replace("social-media", "social media").replace("business", "company")
    rows = [["How do you", "How ", changed, q.id], ["1", "1", "1", "1"]]
    parsed = read(framework, "h.csv", csv_bytes(rows))
    reasons = {c.header: c.reason for c in parsed.ignored_columns}
    assert reasons["How do you"] == "not a question"  # too short to be a shortened heading
    assert f"closest is '{q.id}'" in reasons[changed]


def test_person_columns(framework: Framework) -> None:
    q = framework.questions[0]
    rows = [
        ["Surname", "What's your name?", "Given name", "What is your role? *", q.id],
        ["Smith", "", "Ann", "IT", "2"],
        ["Jones", "Bob Jones", "", "", "3"],
        ["", "Anonymous", "", "Ops", "3"],
    ]
    parsed = read(framework, "p.csv", csv_bytes(rows))
    assert [(r.name, r.role) for r in parsed.rows] == [
        ("Ann Smith", "IT"),
        ("Bob Jones", ""),
        ("", "Ops"),
    ]
    assert parsed.name_columns == ["B 'What's your name?'", "C 'Given name' + A 'Surname'"]


# ----------------------------------------------------------------------------- cells


def test_cell_forms(framework: Framework) -> None:
    q = next(q for q in framework.questions if '"' in " ".join(o.label for o in q.options))
    option = next(o for o in q.options if '"' in o.label)
    for cell in [
        option.label,
        shapes.curly(option.label),
        f"  {option.label.upper()}  ",
        option.label.rstrip("."),
        f"{option.score}. {option.label}",
        str(option.score),
        f"{option.score}.0",
        option.label[:60],
    ]:
        assert parse_cell(cell, q) == option.score, cell
    assert parse_cell("Don\u2019t know", q) == "dont_know"
    assert parse_cell("N/A", q) == "not_applicable"
    assert parse_cell("   ", q) is None
    for bad in ["5", "maybe", option.label[:10]]:
        with pytest.raises(ValueError, match="is not an option label or score 0-4"):
            parse_cell(bad, q)


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_kept(
    framework: Framework,
) -> None:
    q0, q1 = framework.questions[0], framework.questions[1]
    rows = [
        ["Name", q0.id, q1.text],
        ["Ann", "2", "3"],
        ["Bob", "maybe", "5"],
        ["", "", ""],  # blank line: not a respondent
        ["Cat", "", ""],  # nothing answered
        ["Dan", q0.options[4].label, "Not applicable"],
    ]
    parsed = read(framework, "r.csv", csv_bytes(rows))
    assert [r.name for r in parsed.rows] == ["Ann", "Dan"]
    assert list(parsed.skipped) == [3, 5]
    assert parsed.data_rows == 4 and not parsed.complete
    assert parsed.problems == [
        f"row 3, column B ('{q0.id}'): 'maybe' is not an option label or score 0-4",
        f"row 3, column C ('{q1.text[:49]}\u2026'): '5' is not an option label or score 0-4",
        "row 5, no question answered",
    ]


def test_a_bad_first_row_is_not_taken_for_a_header_row(framework: Framework) -> None:
    q0, q1 = framework.questions[0], framework.questions[1]
    rows = [["Name", q0.id, q1.id], ["Ann", "yes", "no"], ["Bob", "1", "2"]]
    parsed = read(framework, "r.csv", csv_bytes(rows))
    assert list(parsed.skipped) == [2] and parsed.header_rows == {}


def test_duplicate_names_are_listed(framework: Framework) -> None:
    q = framework.questions[0]
    rows = [["Name", q.id], ["Ann Lee", "1"], ["Bob", "2"], ["ann  lee", "3"], ["", "4"]]
    parsed = read(framework, "d.csv", csv_bytes(rows))
    assert parsed.duplicate_names == {"Ann Lee": [2, 4]}


# ----------------------------------------------------------------------------- whole files


def zipped(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "x.csv: the file is empty"),
        (b"Timestamp,Email\n2024,a@b\n", "x.csv: no column heading in the first 10 rows"),
        (
            zipped("Form (Responses).csv", b"a,b\n"),
            r"extract the CSV inside \('Form \(Responses\)\.csv'\) and import that",
        ),
        (zipped("mimetype", b"x") + b"", "x.csv: this is a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel workbook \\(.xls\\)"),
        (b"%PDF-1.7\n...", "this is a PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "this is an image"),
        (b"\x01\x02\x03\x04\x05" * 50, "not a text table"),
        (zipped("Index/Document.iwa", b"x"), "Apple Numbers file: use File > Export To"),
        (b"PK\x03\x04garbage", "damaged zip or Excel file"),
        (b"\xef\xbb\xbfName,\xff\n", "says it is UTF-8 but byte 9 is not"),
    ],
)
def test_unreadable_files_say_what_to_do(
    content: bytes, message: str, framework: Framework
) -> None:
    with pytest.raises(ResponsesImportError, match=message):
        parse_responses(content, "x.csv", framework)


def test_ods_and_word_files_are_named(framework: Framework) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ResponsesImportError, match="OpenDocument spreadsheet"):
        parse_responses(out.getvalue(), "r.ods", framework)


def test_duplicate_question_columns_are_refused(framework: Framework) -> None:
    q = framework.questions[0]
    data = csv_bytes([[q.id, f"1. {q.text}"], ["1", "2"]])
    with pytest.raises(ResponsesImportError, match="r.csv: columns A and B are both question"):
        parse_responses(data, "r.csv", framework)


def test_size_and_row_limits(framework: Framework) -> None:
    with pytest.raises(ResponsesImportError, match="limit"):
        parse_responses(b"x" * (MAX_BYTES + 1), "big.csv", framework)
    q = framework.questions[0]
    rows = [[q.id]] + [["1"]] * (MAX_ROWS + 1)
    with pytest.raises(ResponsesImportError, match="more than 5,000 respondent rows"):
        parse_responses(csv_bytes(rows), "many.csv", framework)


def test_unexpected_failure_says_the_file_could_not_be_read(
    framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("assessment.files.responses_import.read_tables", broken)
    with pytest.raises(ResponsesImportError, match=r"^could not read r.csv: RuntimeError: boom$"):
        parse_responses(b"a,b\n", "r.csv", framework)


def test_unquoted_separator_in_a_semicolon_file_picks_semicolon(framework: Framework) -> None:
    comma = [q for q in framework.questions if "," in q.text][:3]
    assert comma, "the question bank has texts with commas"
    rows = [[q.text for q in comma] + ["Name"], ["1", "2", "3", "Ann"]]
    parsed = read(framework, "s.csv", csv_bytes(rows, ";"))
    assert parsed.source.endswith("semicolon-separated")
    assert len(parsed.question_columns) == len(comma)


def test_xlsx_sheets_pick_the_one_with_questions(framework: Framework) -> None:
    import openpyxl

    q = framework.questions[0]
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["About this survey"])
    answers = workbook.create_sheet("Answers")
    answers.append(["Name", q.text])
    answers.append(["Ann", 3.0])
    out = io.BytesIO()
    workbook.save(out)
    parsed = read(framework, "w.xlsx", out.getvalue())
    assert parsed.source == "Excel workbook, sheet 'Answers'"
    assert parsed.rows[0].answers[q.id].choice == 3


def test_cell_text_and_letters() -> None:
    import datetime as dt

    assert [cell_text(v) for v in [None, 3.0, 2.5, True, 4]] == ["", "3", "2.5", "TRUE", "4"]
    assert cell_text(dt.datetime(2024, 5, 1, 10, 0)) == "2024-05-01 10:00:00"
    assert [letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_decode_variants() -> None:
    text = "Zoë;“x”"
    assert decode(text.encode("utf-8")) == (text, "UTF-8")
    assert decode(b"\xef\xbb\xbf" + text.encode()) == (text, "UTF-8 with BOM")
    assert decode(text.encode("utf-16")) == (text, "UTF-16")
    assert decode(text.encode("utf-16-le")) == (text, "UTF-16")
    assert decode(text.encode("cp1252")) == (text, "Windows-1252")


def test_csv_module_round_trip_of_awkward_cells(framework: Framework) -> None:
    q = framework.questions[0]
    out = io.StringIO()
    csv.writer(out).writerows([["Name", q.id], ['He said "hi",\nthen left', q.options[1].label]])
    parsed = read(framework, "a.csv", out.getvalue().encode())
    assert parsed.rows[0].name == 'He said "hi", then left'


# ----------------------------------------------------------------------------- hand-written bytes

# Written by hand (not by csv.writer) in the shapes Google Forms and a German Excel save; they use
# only a question id so that content edits do not touch them.
GOOGLE_FORMS_BYTES = (
    b'"Timestamp","Email Address","What\'s your name?","purpose.business_objectives","Notes"\n'
    b'"2024/05/01 10:00:00 AM GMT+1","jo@example.com","Jo ""JJ"" Smith","3","one,\n""two"""\n'
    b'"2024/05/01 10:05:00 AM GMT+1","","Smith, Ann","Don\'t know",""\n'
)
EXCEL_DE_BYTES = b'Name;Rolle;purpose.business_objectives\r\n"Zo\xeb ""Z""";IT;4\r\nUlf;;1,0\r\n'


def test_hand_written_google_forms_bytes(framework: Framework) -> None:
    parsed = read(framework, "g.csv", GOOGLE_FORMS_BYTES)
    assert [(r.row, r.name) for r in parsed.rows] == [(2, 'Jo "JJ" Smith'), (3, "Smith, Ann")]
    assert [r.answers["purpose.business_objectives"].choice for r in parsed.rows] == [
        3,
        "dont_know",
    ]


def test_hand_written_german_excel_bytes(framework: Framework) -> None:
    parsed = read(framework, "de.csv", EXCEL_DE_BYTES)
    assert parsed.source == "CSV, Windows-1252, semicolon-separated"
    assert [(r.name, r.role) for r in parsed.rows] == [('Zoë "Z"', ""), ("Ulf", "")]
    assert [r.answers["purpose.business_objectives"].choice for r in parsed.rows] == [4, 1]
    assert [c.header for c in parsed.ignored_columns] == ["Rolle"]
