"""The Word report is on the PDF's paper: A4 by default, US Letter when chosen (issue 21)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4, LETTER
from streamlit.testing.v1 import AppTest

from assessment.app import deliverables
from assessment.bundle.docx_report import build_docx
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.files.answers_file import read_answers
from assessment.files.branding import NO_BRAND
from assessment.store import AssessmentStore
from tests.builders import responses

FW = default_framework()
PERSONA = Path(__file__).parents[1] / "personas" / "glow_cosmetics.json"
POINTS_PER_EMU = 72 / 914_400
APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


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


def test_the_deliverables_use_case_passes_the_paper_to_the_word_report(evaluation) -> None:  # type: ignore[no-untyped-def]
    cache: deliverables.Cache = {}
    a4 = deliverables.bundle_file(FW, evaluation, "docx", cache=cache).value
    letter = deliverables.bundle_file(FW, evaluation, "docx", cache=cache, paper="letter").value
    assert a4 is not None and letter is not None
    assert _sizes(a4.data) == {(round(A4[0]), round(A4[1]))}
    assert _sizes(letter.data) == {(round(LETTER[0]), round(LETTER[1]))}  # not the cached A4
    assert letter.filename == a4.filename


def test_letter_chosen_on_the_report_page_gives_a_letter_word_report(db_url: str) -> None:
    store = AssessmentStore(url=db_url)
    aid = store.import_responses(responses(2, name="Paper Co"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = aid
    at = at.run().switch_page("assessment/ui/pages/report.py").run()
    assert not at.exception

    def word_report() -> bytes:  # the file behind "Download: Report (Word)", built by the page
        work = at.session_state["ui.work"][aid]
        return bytes(work._files["docx"][1].data)

    assert _sizes(word_report()) == {(round(A4[0]), round(A4[1]))}
    paper = next(r for r in at.radio if r.label == "Paper size")
    at = paper.set_value("letter").run()
    assert not at.exception
    assert _sizes(word_report()) == {(round(LETTER[0]), round(LETTER[1]))}
    at = at.switch_page("assessment/ui/pages/results.py").run()  # the choice is kept
    at = at.switch_page("assessment/ui/pages/report.py").run()
    assert next(r for r in at.radio if r.label == "Paper size").value == "letter"
    assert _sizes(word_report()) == {(round(LETTER[0]), round(LETTER[1]))}
