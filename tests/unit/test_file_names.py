"""Download names: one rule for every file of an assessment (the readout's stem, ASCII with
accents folded, then what the file is), safe on every system."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.app import deliverables
from assessment.bundle import KINDS
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, Organization, Responses, clean_name
from assessment.readout.build import build_readout, file_stem, slug

DAY = dt.date(2026, 11, 2)
FW = default_framework()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Café Zürich", "cafe-zurich"),
        ("Harbour & Co <Ltd>", "harbour-co-ltd"),
        ("../../etc/passwd", "etc-passwd"),
        ("Zoë's Café", "zoe-s-cafe"),
        ("ÆØÅ Straße", "a-strae"),  # letters NFKD cannot fold are dropped, never mangled
        ("東京", "assessment"),
        ("-" * 80, "assessment"),
        ("a" * 80, "a" * 60),
    ],
)
def test_slug_folds_accents_to_ascii(name: str, expected: str) -> None:
    assert slug(name) == expected
    assert slug(name).isascii() and "/" not in slug(name)


def test_every_download_of_an_assessment_starts_with_the_same_stem() -> None:
    responses = Responses(
        organization=Organization(name="Café Zürich", date=DAY),
        answers={q.id: Answer(choice=1) for q in FW.questions},
    )
    ev = evaluate(FW, responses)
    stem = "cafe-zurich-readiness-2026-11-02"
    assert file_stem("Café Zürich", DAY) == stem == build_readout(FW, ev).file_stem
    names = {
        deliverables.answers_file(ev).filename,
        deliverables.plan_file(ev).filename,
    }
    for kind in KINDS:
        made = deliverables.bundle_file(FW, ev, kind)
        assert made.value is not None
        names.add(made.value.filename)
    assert names == {
        f"{stem}-answers.json",
        f"{stem}-plan.csv",
        f"{stem}.docx",
        f"{stem}.xlsx",
        f"{stem}.ics",
        f"{stem}-tasks.csv",
    }
    assert deliverables.download_name(stem, "", "pdf") == f"{stem}.pdf"


def test_the_pdf_is_named_by_the_same_rule_and_built_once_per_change() -> None:
    responses = Responses(
        organization=Organization(name="Café Zürich", date=DAY),
        answers={q.id: Answer(choice=2) for q in FW.questions},
    )
    ev = evaluate(FW, responses)
    cache: deliverables.Cache = {}
    pdf = deliverables.report_pdf(FW, ev, cache=cache)
    assert pdf.filename == "cafe-zurich-readiness-2026-11-02.pdf"
    assert pdf.data.startswith(b"%PDF") and pdf.mime == "application/pdf"
    assert deliverables.report_pdf(FW, ev, cache=cache) is pdf  # the same answers: cached
    letter = deliverables.report_pdf(FW, ev, "letter", cache=cache)
    assert letter is not pdf and letter.data != pdf.data  # another paper: built again


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Café\tZürich \n Ltd ", "Café Zürich Ltd"),
        ("Cafe\u0301", "Caf\u00e9"),  # decomposed and composed accents: the same name
        ("A\x00B\x07C\ud800D", "ABCD"),  # NUL, other controls, lone surrogates removed
        ("Crumb   &   Co.", "Crumb & Co."),
    ],
)
def test_one_rule_cleans_every_name(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept
    assert Organization(name=typed).name == kept  # the model applies the same rule
    assert clean_name(typed, limit=4) == kept[:4].rstrip()
