"""Responses CSV import and the `workshop-report` command, on real files in tmp_path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.models import Framework
from assessment.responses_csv import (
    MAX_CSV_BYTES,
    ResponsesCsvError,
    parse_responses_csv,
)
from tests.helpers import run_cli as run


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


def form_export(framework: Framework) -> list[list[str]]:
    """What a form tool exports: timestamp, email, name, role, then question texts."""
    qs = framework.questions
    header = ["Timestamp", "Email address", "Name", "Role"] + [
        q.id if i % 3 == 0 else q.text for i, q in enumerate(qs)
    ]
    ann = ["2024/05/01 10:00:00", "ann@example.com", "Ann", "IT"] + [q.options[3].label for q in qs]
    bob = ["2024/05/01 10:05:00", "", "Bob <b>", "Marketing"] + ["1"] * len(qs)
    cat = ["2024/05/01 10:07:00", "", "", "Service"] + [
        ["Don't know", "Not applicable", "", "4"][i % 4] for i in range(len(qs))
    ]
    return [header, ann, bob, cat]


def test_form_export_is_read(tmp_path: Path, framework: Framework) -> None:
    path = write_csv(tmp_path / "responses.csv", form_export(framework))
    parsed = parse_responses_csv(path.read_bytes(), framework)
    assert parsed.problems == []
    assert parsed.ignored_columns == ["Timestamp", "Email address"]
    assert len(parsed.question_columns) == len(framework.questions)
    ann, bob, cat = parsed.rows
    assert (ann.row, ann.name, ann.role) == (2, "Ann", "IT")
    assert all(a.choice == 3 for a in ann.answers.values())
    assert len(ann.answers) == len(framework.questions)
    assert bob.name == "Bob <b>" and all(a.choice == 1 for a in bob.answers.values())
    q = framework.questions
    assert cat.answers[q[0].id].choice == "dont_know"
    assert cat.answers[q[1].id].choice == "not_applicable"
    assert q[2].id not in cat.answers  # empty cell: unanswered
    assert cat.answers[q[3].id].choice == 4


def test_headers_match_case_and_spacing_insensitively(tmp_path: Path, framework: Framework) -> None:
    q = framework.questions[0]
    header = ["  " + q.text.upper().replace(" ", "   ") + " ", framework.questions[1].id]
    rows = [header, [f"  {q.options[2].label}  ", "dont_know"]]
    parsed = parse_responses_csv(
        write_csv(tmp_path / "r.csv", rows, ";", bom=False).read_bytes(), framework
    )
    assert parsed.problems == []
    assert parsed.rows[0].answers[q.id].choice == 2
    assert parsed.rows[0].answers[framework.questions[1].id].choice == "dont_know"


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_kept(
    tmp_path: Path, framework: Framework
) -> None:
    q0, q1 = framework.questions[0], framework.questions[1]
    rows = [
        ["Name", q0.id, q1.text],
        ["Ann", "2", "3"],
        ["Bob", "maybe", "5"],
        ["", "", ""],  # blank line: skipped silently
        ["Cat", "", ""],  # nothing answered
        ["Dan", q0.options[4].label, "Not applicable"],
    ]
    parsed = parse_responses_csv(write_csv(tmp_path / "r.csv", rows).read_bytes(), framework)
    assert [r.name for r in parsed.rows] == ["Ann", "Dan"]
    assert parsed.skipped_rows == [3, 5]
    assert parsed.problems == [
        f"row 3, column '{q0.id}': 'maybe' is not an option label or score 0-4",
        f"row 3, column '{q1.text}': '5' is not an option label or score 0-4",
        "row 5: no question answered",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00h\x00i", "not UTF-8"),
        (b"Timestamp,Email\n2024,a@b\n", "no column matches a question"),
    ],
)
def test_unreadable_files_are_refused(content: bytes, message: str, framework: Framework) -> None:
    with pytest.raises(ResponsesCsvError, match=message):
        parse_responses_csv(content, framework)


def test_duplicate_question_columns_are_refused(framework: Framework) -> None:
    q = framework.questions[0]
    data = f'{q.id},"{q.text}"\n1,2\n'.encode()
    with pytest.raises(ResponsesCsvError, match="both question"):
        parse_responses_csv(data, framework)


def test_size_is_checked_before_parsing(framework: Framework) -> None:
    with pytest.raises(ResponsesCsvError, match="limit"):
        parse_responses_csv(b"x" * (MAX_CSV_BYTES + 1), framework)


# ----------------------------------------------------------------------------- CLI


def test_cli_workshop_report_from_good_file(tmp_path: Path, framework: Framework) -> None:
    src = write_csv(tmp_path / "responses.csv", form_export(framework))
    out = tmp_path / "report.pdf"
    proc = run("workshop-report", str(src), "-o", str(out), "--organization", "Acme <&> Ltd")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "3 respondents" in proc.stdout
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Workshop: participation and disagreement" in text
    assert "The most disputed questions" in text
    assert "Where roles differ" in text
    assert "Acme <&> Ltd" in text
    assert "Marketing" in text
    assert "Bob" not in text  # names stay behind the facilitator link; the report shows roles


def test_cli_workshop_report_letter_paper(tmp_path: Path, framework: Framework) -> None:
    src = write_csv(tmp_path / "responses.csv", form_export(framework))
    out = tmp_path / "report.pdf"
    proc = run("workshop-report", str(src), "-o", str(out), "--paper", "letter")
    assert proc.returncode == 0, proc.stderr
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_cli_warns_per_skipped_row_and_keeps_good_rows(
    tmp_path: Path, framework: Framework
) -> None:
    q0, q1 = framework.questions[0], framework.questions[1]
    rows = [["Role", q0.id, q1.id], ["IT", "2", "3"], ["IT", "x", "y"], ["Ops", "9", "1"]]
    src = write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / "r.pdf"
    proc = run("workshop-report", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2
    assert (
        "warning" in lines[0]
        and "skipped row 3" in lines[0]
        and "'x'" in lines[0]
        and "'y'" in lines[0]
    )
    assert "skipped row 4" in lines[1] and f"column '{q0.id}'" in lines[1]
    assert out.stat().st_size > 0
    assert "1 respondents" in proc.stdout


def test_cli_errors_are_one_line_exit_2(tmp_path: Path, framework: Framework) -> None:
    q0 = framework.questions[0]
    cases = {
        "missing.csv": None,
        "nothing.csv": b"Timestamp,Email\n2024,a\n",
        "allbad.csv": f"{q0.id}\nnope\n".encode(),
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        proc = run("workshop-report", str(path), "-o", str(tmp_path / "x.pdf"))
        assert proc.returncode == 2, (name, proc.stderr)
        assert "Traceback" not in proc.stderr
        errors = [ln for ln in proc.stderr.splitlines() if "error:" in ln]
        assert len(errors) == 1, proc.stderr
        assert not (tmp_path / "x.pdf").exists()
    proc = run("workshop-report", str(tmp_path / "nothing.csv"))
    assert proc.returncode == 2 and "-o" in proc.stderr
