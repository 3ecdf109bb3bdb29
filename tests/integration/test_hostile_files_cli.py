"""Files a user names on the command line that crashed it (exit 1) or hung it (issue 23): each
now ends in one line on stderr and exit 2, quickly. Run in-process on real files."""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from assessment.cli import main
from assessment.files.answers_file import empty_template
from assessment.files.branding import MAX_LOGO_PIXELS, BrandError, brand_from_fields, load_brand
from tests import hostile_files as hostile


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    _, err = capsys.readouterr()
    return status, err


@pytest.fixture
def answers(tmp_path: Path, framework) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "answers.json"
    path.write_text(empty_template(framework), encoding="utf-8")
    return path


def brand(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def one_line_refusal(status: int, err: str, *needles: str) -> None:
    assert status == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err


def test_an_answers_file_dated_9999_is_refused_not_a_crash(
    tmp_path: Path, answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(answers.read_text(encoding="utf-8"))
    doc["organization"]["date"] = "9999-12-31"
    answers.write_text(json.dumps(doc), encoding="utf-8")
    status, err = run(capsys, "report", str(answers), "-o", str(tmp_path / "out.pdf"))
    one_line_refusal(status, err, "organization.date", "2099-12-31")
    assert not (tmp_path / "out.pdf").exists()


def test_a_branding_file_nested_30000_deep_is_refused(
    tmp_path: Path, answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = brand(tmp_path, "prepared_by: " + "[" * 30_000 + "]" * 30_000 + "\n")
    status, err = run(
        capsys, "report", str(answers), "-o", str(tmp_path / "o.pdf"), "--brand", str(path)
    )
    one_line_refusal(status, err, "nested too deeply")


def test_block_nesting_that_makes_the_parser_recurse_is_refused(tmp_path: Path) -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(350))  # 60 KB of indentation
    with pytest.raises(BrandError) as caught:
        load_brand(brand(tmp_path, text))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("logo", ["/dev/zero", "FIFO", "FOLDER"])
def test_a_logo_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, answers: Path, capsys: pytest.CaptureFixture[str], logo: str
) -> None:
    if logo == "FIFO":
        os.mkfifo(tmp_path / "pipe.png")
        logo = str(tmp_path / "pipe.png")  # reading it would block forever
    elif logo == "FOLDER":
        (tmp_path / "dir.png").mkdir()
        logo = str(tmp_path / "dir.png")
    path = brand(tmp_path, f"prepared_by: Northlight\nlogo: {logo}\n")
    start = time.perf_counter()
    status, err = run(
        capsys, "report", str(answers), "-o", str(tmp_path / "o.pdf"), "--brand", str(path)
    )
    assert time.perf_counter() - start < 5
    one_line_refusal(status, err, "not a regular file" if "folder" not in err else "folder")


def test_a_settings_file_that_is_a_device_is_refused(
    tmp_path: Path, answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = run(
        capsys, "report", str(answers), "-o", str(tmp_path / "o.pdf"), "--brand", "/dev/zero"
    )
    one_line_refusal(status, err, "/dev/zero", "not a regular file")


def test_a_logo_over_the_pixel_limit_is_refused_from_its_header_without_decoding() -> None:
    side = int(MAX_LOGO_PIXELS**0.5) + 10  # just over the limit; ~3,173 x 3,173
    data = hostile.png(side, side)
    tracemalloc.start()
    try:
        with pytest.raises(BrandError) as caught:
            brand_from_fields("Northlight", "#0B5394", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "megapixels" in str(caught.value)
    assert peak < 5_000_000  # decoded it would be ~40 MB


def test_a_logo_under_the_limit_is_taken() -> None:
    data = hostile.png(600, 200)
    assert brand_from_fields("Northlight", "#0B5394", data).logo == data


def test_a_note_changing_script_at_every_character_is_shortened_and_says_so(
    tmp_path: Path, answers: Path, capsys: pytest.CaptureFixture[str], framework
) -> None:  # type: ignore[no-untyped-def]
    """Issue 23: `a한` x 10,000 in a note cost a minute and 384 MB; its layout is now capped at
    MAX_FONT_RUNS font changes and the appendix says what was left out."""
    import pypdfium2 as pdfium

    from assessment.report.text import MAX_FONT_RUNS, within_run_budget

    note = "a\ud55c" * 10_000
    kept, left_out = within_run_budget(note)
    assert len(kept) == MAX_FONT_RUNS and left_out == len(note) - MAX_FONT_RUNS
    assert within_run_budget("Réunion 회의 " * 20) == ("Réunion 회의 " * 20, 0)  # real mixes stay
    doc = json.loads(answers.read_text(encoding="utf-8"))
    doc["answers"] = {framework.questions[0].id: {"choice": 2, "note": note}}
    answers.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "notes.pdf"
    start = time.perf_counter()
    status, err = run(capsys, "report", str(answers), "-o", str(out))
    assert status == 0, err
    assert time.perf_counter() - start < 30  # a minute before; ~1 s here
    pdf = pdfium.PdfDocument(str(out))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    assert f"the last {left_out:,} characters change script too often" in text
