"""`python -m assessment report` on real files, called in-process through `cli.main(argv)`; one
test starts it as a separate process to prove the installed entry point writes a real PDF."""

from __future__ import annotations

import os

import pytest

from assessment.files.answers_file import dump_answers
from tests.builders import mixed, responses
from tests.helpers import assert_user_error, run_cli_process
from tests.helpers import run_cli as run

from .report_helpers import ParsedPdf


@pytest.fixture
def answers_file(tmp_path, framework):
    path = tmp_path / "answers.json"
    path.write_text(dump_answers(mixed(name="Café Ωmega")), encoding="utf-8")
    return path


def test_report_writes_a_pdf(tmp_path, answers_file):
    """Smoke test of `python -m assessment` itself, as a separate process."""
    out = tmp_path / "plan.pdf"
    proc = run_cli_process("report", str(answers_file), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "plan.pdf" in proc.stdout
    pdf = ParsedPdf(out.read_bytes())
    assert "Café Ωmega" in pdf.pages[0]
    assert round(float(pdf.reader.pages[0].mediabox.width)) == 595


def test_report_letter_paper(tmp_path, answers_file):
    out = tmp_path / "plan.pdf"
    proc = run("report", str(answers_file), "-o", str(out), "--paper", "letter")
    assert proc.returncode == 0, proc.stderr
    assert round(float(ParsedPdf(out.read_bytes()).reader.pages[0].mediabox.width)) == 612


def test_partial_answers_say_incomplete(tmp_path, framework):
    answers = tmp_path / "partial.json"
    partial = responses({q.id: 1 for q in framework.questions[:5]})
    answers.write_text(dump_answers(partial), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    proc = run("report", str(answers), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "incomplete" in proc.stdout
    cover = ParsedPdf(out.read_bytes()).pages[0]
    assert "Incomplete assessment" in cover
    assert "Provisional" in cover and "Level None" not in cover  # 5 answers assess nothing


def test_bad_paper_is_a_usage_error(tmp_path, answers_file):
    out = tmp_path / "plan.pdf"
    assert_user_error(run("report", str(answers_file), "-o", str(out), "--paper", "a3"), "paper")
    assert not out.exists()


def test_unwritable_output_is_a_usage_error(tmp_path, answers_file):
    assert_user_error(run("report", str(answers_file), "-o", str(tmp_path)), "directory")
    missing = tmp_path / "no" / "such" / "plan.pdf"
    assert_user_error(run("report", str(answers_file), "-o", str(missing)), "does not exist")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        assert_user_error(run("report", str(answers_file), "-o", str(locked / "p.pdf")), "write")


def test_missing_output_option_and_bad_input(tmp_path, answers_file):
    assert_user_error(run("report", str(answers_file)), "-o")
    assert_user_error(run("report", "nope.json", "-o", "x.pdf", cwd=tmp_path), "no such file")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert_user_error(run("report", str(bad), "-o", str(tmp_path / "x.pdf")), "not JSON")
