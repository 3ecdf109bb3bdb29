"""`workshop-report` on real export files in tmp_path, called in-process through `cli.main`."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.cli import PARTIAL
from assessment.domain.models import Framework
from tests import export_shapes as shapes
from tests.export_shapes import ROSTER, csv_bytes
from tests.helpers import run_cli as run


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def write(tmp_path: Path, export: tuple[str, bytes]) -> Path:
    name, data = export
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("tool", ["microsoft_forms", "qualtrics", "excel_cp1252_semicolon"])
def test_tool_exports_make_a_workshop_pdf(tool: str, tmp_path: Path, framework: Framework) -> None:
    src = write(tmp_path, shapes.TOOLS[tool](framework))
    out = tmp_path / "workshop.pdf"
    status, stdout, stderr = run("workshop-report", str(src), "-o", str(out))
    n = len(ROSTER) + (1 if tool == "microsoft_forms" else 0)
    assert status == 0, stderr
    assert stderr == ""
    assert f"{n} of {n} respondents read, 0 rows skipped" in stdout
    text = " ".join(pdf_text(out).split())
    assert f"Based on {n} respondents read from {src.name}." in text
    assert str(tmp_path) not in text  # the folder is the consultant's, not the client's
    assert "Workshop: participation and disagreement" in text


def test_google_forms_report_with_hostile_organisation(
    tmp_path: Path, framework: Framework
) -> None:
    src = write(tmp_path, shapes.google_forms(framework))
    out = tmp_path / "report.pdf"
    status, stdout, stderr = run(
        "workshop-report", str(src), "-o", str(out), "--organization", "Acme <&> Ltd"
    )
    assert status == 0, stderr
    text = pdf_text(out)
    assert "Acme <&> Ltd" in text
    assert "The most disputed questions" in text and "Where roles differ" in text
    # one person per role: no role gets a figure of its own; the five are pooled (5 >= 3)
    assert "Marketing" not in text and "Other roles (fewer than 3 each)" in " ".join(text.split())
    assert "Jo " not in text  # names stay behind the facilitator link


def test_letter_paper(tmp_path: Path, framework: Framework) -> None:
    src = write(tmp_path, shapes.typeform(framework))
    out = tmp_path / "report.pdf"
    status, _, stderr = run("workshop-report", str(src), "-o", str(out), "--paper", "letter")
    assert status == 0, stderr
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_partial_import_exits_3_names_each_skipped_row_and_writes_the_pdf(
    tmp_path: Path, framework: Framework
) -> None:
    q0, q1 = framework.questions[0], framework.questions[1]
    rows = [
        ["Name", "Role", q0.id, q1.text],
        ["Ann", "IT", "2", "3"],
        ["Bob", "IT", "x", "y"],
        ["Ann", "Ops", "9", "1"],
        ["ann", "Ops", "1", "1"],
    ]
    src = tmp_path / "r.csv"
    src.write_bytes(csv_bytes(rows))
    out = tmp_path / "r.pdf"
    status, stdout, stderr = run("workshop-report", str(src), "-o", str(out))
    assert status == PARTIAL == 3
    lines = stderr.strip().splitlines()
    assert len(lines) == 4, stderr
    assert lines[0].startswith(f"python -m assessment: warning: {src}: skipped row 3: column C")
    assert "'x' is not an option label" in lines[0] and "column D" in lines[0]
    assert f"{src}: skipped row 4: column C ('{q0.id}'): '9'" in lines[1]
    assert "rows 2 and 5 have the same name 'Ann'" in lines[2]
    assert f"{src}: read 2 of 4 respondents; skipped rows 3 and 4" in lines[3]
    assert "2 of 4 respondents read, 2 rows skipped" in stdout
    text = " ".join(pdf_text(out).split())
    assert f"Based on 2 respondents read from {src.name}; 2 more rows could not be read" in text
    assert str(tmp_path) not in text


def test_help_documents_the_exit_status() -> None:
    status, stdout, _ = run("workshop-report", "--help")
    assert status == 0
    text = " ".join(stdout.split())
    assert "3 some rows were skipped" in text and "2 bad input" in text
    assert "Microsoft Forms" in text and ".xlsx" in text


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.csv", None, "missing.csv: no such file"),
        ("nothing.csv", b"Timestamp,Email\n2024,a\n", "nothing.csv: no column heading"),
        ("allbad.csv", b"purpose.business_objectives\nnope\n", "allbad.csv: no usable response"),
        ("export.zip", "zip", "export.zip: this is a zip archive"),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50),
            "old.xls: this is an old Excel",
        ),
        ("latin.csv", b"\x81\x8d\x8f\x90\x9d,x\n", "latin.csv: the text is not UTF-8"),
    ],
)
def test_bad_input_is_one_error_line_exit_2(
    name: str,
    content: bytes | str | None,
    fragment: str,
    tmp_path: Path,
    framework: Framework,
) -> None:
    path = tmp_path / name
    if content == "zip":
        path.write_bytes(shapes.google_forms_zip(framework)[1])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    status, _, stderr = run("workshop-report", str(path), "-o", str(tmp_path / "x.pdf"))
    assert status == 2, stderr
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and fragment in errors[0], stderr
    assert "Traceback" not in stderr and "--organization" not in stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_unexpected_importer_failure_names_the_file_not_another_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes) -> None:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr("assessment.files.responses_import.read_tables", broken)
    src = tmp_path / "r.csv"
    src.write_bytes(b"a,b\n")
    status, _, stderr = run("workshop-report", str(src), "-o", str(tmp_path / "x.pdf"))
    assert status == 2
    assert stderr.startswith(f"python -m assessment: error: could not read {src.name}: ")
    assert "--organization" not in stderr


def test_organisation_is_checked_before_the_file(tmp_path: Path) -> None:
    status, _, stderr = run(
        "workshop-report",
        "missing.csv",
        "-o",
        str(tmp_path / "x.pdf"),
        "--organization",
        "",
        cwd=tmp_path,
    )
    assert status == 2 and "--organization must be a name" in stderr
