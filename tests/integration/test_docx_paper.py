"""The Word report is on the PDF's paper: A4 by default, US Letter when chosen (issue 21)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4, LETTER

from assessment.bundle.docx_report import build_docx
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.files.answers_file import read_answers
from assessment.files.branding import NO_BRAND

FW = default_framework()
PERSONA = Path(__file__).parents[1] / "personas" / "glow_cosmetics.json"
POINTS_PER_EMU = 72 / 914_400


def _sizes(data: bytes) -> set[tuple[float, float]]:
    """Every section's page (width, height) in points, rounded to one point."""
    document = docx.Document(io.BytesIO(data))
    return {
        (
            round(int(s.page_width or 0) * POINTS_PER_EMU),
            round(int(s.page_height or 0) * POINTS_PER_EMU),
        )
        for s in document.sections
    }


@pytest.fixture(scope="module")
def evaluation():  # type: ignore[no-untyped-def]
    return evaluate(FW, read_answers(PERSONA.read_bytes(), FW).responses)


def test_the_word_report_is_a4_by_default_like_the_pdf(evaluation) -> None:  # type: ignore[no-untyped-def]
    assert _sizes(build_docx(FW, evaluation, NO_BRAND)) == {(round(A4[0]), round(A4[1]))}


def test_the_word_report_is_letter_when_chosen(evaluation) -> None:  # type: ignore[no-untyped-def]
    data = build_docx(FW, evaluation, NO_BRAND, paper="letter")
    assert _sizes(data) == {(round(LETTER[0]), round(LETTER[1]))}


def test_an_unknown_paper_is_refused(evaluation) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown paper 'a5'"):
        build_docx(FW, evaluation, NO_BRAND, paper="a5")
