"""The PDF action plan, built for real and parsed back with pypdf."""

from __future__ import annotations

import re

import pytest
from reportlab.platypus import Paragraph

from assessment.evaluation import evaluate
from assessment.models import MAX_FIELD_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS
from assessment.report import PAPERS, Kit, build_report
from assessment.report.fonts import markup

from .report_helpers import HOSTILE, UNICODE, ParsedPdf, answers_with, mixed, render, squash

SECTION_TITLES = [
    "Executive summary",
    "Scorecard",
    "Maturity levels",
    "Dimensions",
    "Question scores",
    "Findings",
    "Why it matters",
    "Evidence from the sources",
    "Action plan",
    "30/60/90-day roadmap",
    "First 30 days",
    "31-60 days",
    "61-90 days",
    "Appendix",
    "A.1 Answers",
    "A.2 Exclusions",
    "A.3 Method in brief",
    "A.4 Sources",
]


@pytest.fixture(scope="module")
def full(framework):
    responses = mixed(framework, name="Acme Ltd", assessor="Dana Reviewer", sector="Retail")
    ev = evaluate(framework, responses)
    return ev, ParsedPdf(build_report(framework, ev))


def test_every_section_and_every_planned_action_is_in_the_text(full, framework):
    ev, pdf = full
    text = pdf.text
    for title in SECTION_TITLES:
        assert title in text, title
    squashed = pdf.squashed
    for d in framework.dimensions:
        assert d.name in text
        assert squash(d.why_it_matters) in squashed
        for evidence in d.evidence:
            assert squash(evidence.claim) in squashed
    assert ev.plan.actions, "the mixed answer set should trigger actions"
    for action in ev.plan.actions + ev.plan.backlog:
        assert squash(action.title) in squashed, action.title
    if ev.plan.backlog:
        assert "Backlog" in text
    for q in framework.questions:  # the appendix lists every question
        assert squash(q.text) in squashed
    for s in framework.sources:
        assert squash(s.title) in squashed
    assert "Not applicable" in text and "Don't know" in text
    assert "Observed in interview 0." in text  # notes are printed


def test_cover_and_summary(full, framework):
    ev, pdf = full
    cover = pdf.pages[0]
    assert "Acme Ltd" in cover and "Dana Reviewer" in cover
    assert f"Level {ev.result.overall.level}" in cover
    assert f"{ev.result.overall.score:.0f}/100" in cover
    summary = pdf.pages[1]
    assert "Executive summary" in summary
    for part in ("Top strengths", "Largest gaps", "Risk flags", "Confidence", "Completeness"):
        assert part in summary
    assert "Current score" in summary and "Target level" in summary  # radar legend
    # The executive summary is one page: the next page is the scorecard.
    assert "Scorecard" in pdf.pages[2]
    assert "Scorecard" not in summary


def test_page_numbers_header_and_metadata(full):
    _, pdf = full
    total = len(pdf.pages)
    assert 10 <= total <= 60
    assert "Page 1 of" not in pdf.pages[0]
    for number, page in enumerate(pdf.pages[1:], start=2):
        assert f"Page {number} of {total}" in page
        assert "Social-media readiness action plan" in page
        assert "Acme Ltd" in page
    meta = pdf.reader.metadata
    assert meta.title == "Social-media readiness action plan: Acme Ltd"
    assert meta.author == "Dana Reviewer"
    assert "Acme Ltd" in meta.subject
    assert pdf.reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/Outlines" in pdf.reader.trailer["/Root"]


def test_fonts_are_embedded_and_charts_are_vectors(full):
    _, pdf = full
    fonts = pdf.font_files()
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    assert pdf.image_count() == 0  # every chart is drawn as vector graphics


@pytest.mark.parametrize("paper, size", [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes(framework, paper, size):
    pdf = render(framework, mixed(framework), paper=paper)
    box = pdf.reader.pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    assert paper in PAPERS


def test_unknown_paper_is_refused(framework):
    ev = evaluate(framework, mixed(framework))
    with pytest.raises(ValueError, match="paper"):
        build_report(framework, ev, paper="a3")


def test_unicode_names_and_notes_come_out_as_real_glyphs(framework):
    samples = list(UNICODE.values())
    pdf = render(
        framework,
        answers_with(
            framework,
            lambda i, q: 2,
            note=lambda i, q: samples[i % len(samples)],
            name=" ".join(samples)[:MAX_NAME_CHARS],
            assessor=UNICODE["greek"],
            sector=UNICODE["cyrillic"],
            size=UNICODE["japanese"],
        ),
    )
    text = pdf.text
    for sample in samples:
        assert sample in text, sample
    assert pdf.reader.metadata.author == UNICODE["greek"]
    fonts = pdf.font_files()
    assert any("DroidSansFallback" in name for name in fonts)
    assert all(fonts.values())


def test_hostile_text_prints_literally_and_reads_nothing(framework):
    name = " ".join(HOSTILE)[:MAX_NAME_CHARS]
    pdf = render(
        framework,
        answers_with(
            framework,
            lambda i, q: 1,
            note=lambda i, q: HOSTILE[i % len(HOSTILE)],
            name=name,
            assessor='<img src="/etc/hosts"/>',
            sector="<b>bold</b> & x<y",
        ),
    )
    text = pdf.text
    for hostile in HOSTILE:
        assert hostile in text, hostile
    assert '<img src="/etc/hosts"/>' in pdf.pages[0]
    assert pdf.image_count() == 0
    assert "localhost" not in text  # /etc/hosts was not read into the document


def test_markup_escapes_and_keeps_paragraphs_literal():
    for hostile in HOSTILE:
        para = Paragraph(markup(hostile))
        assert "".join(para.getPlainText().split()) == "".join(hostile.split())


def test_long_text_wraps_and_splits_across_pages(framework):
    word = "W" * 5_000
    long_note = " ".join(f"sentence{i} lorem ipsum dolor sit amet" for i in range(700))
    long_note = long_note[:MAX_NOTE_CHARS]
    assert len(long_note) == MAX_NOTE_CHARS

    def note(i: int, q: object) -> str:
        return {0: long_note, 1: word, 2: "x" * MAX_NOTE_CHARS}.get(i, "")

    responses = answers_with(
        framework,
        lambda i, q: 1,
        note=note,
        name="N" * MAX_NAME_CHARS,
        assessor="A" * MAX_FIELD_CHARS,
        sector="S" * MAX_FIELD_CHARS,
    )
    pdf = render(framework, responses)
    squashed = squash(pdf.body)
    assert squash(long_note) in squashed
    assert word in squashed
    assert "x" * MAX_NOTE_CHARS in squashed
    assert "N" * MAX_NAME_CHARS in squash(pdf.pages[0])
    assert "A" * MAX_FIELD_CHARS in squash(pdf.pages[0])
    # the 20,000-character note spans several pages of the appendix
    pages_with_note = [i for i, p in enumerate(pdf.pages) if "sentence300" in p or "sentence1" in p]
    assert len(pages_with_note) >= 2


def test_partial_answers_give_a_report_marked_incomplete(framework):
    responses = answers_with(framework, lambda i, q: 2 if i % 3 == 0 else None)
    ev = evaluate(framework, responses)
    pdf = ParsedPdf(build_report(framework, ev))
    assert "Incomplete assessment" in pdf.pages[0]
    assert "Incomplete assessment" in pdf.pages[1]
    assert f"{ev.result.completeness:.0f}%" in pdf.pages[1]
    assert "Not answered" in pdf.text
    assert "incomplete" in pdf.reader.metadata.subject
    assert "INCOMPLETE" in pdf.pages[3]  # the footer marks every page


def test_nothing_answered_still_gives_a_report(framework):
    pdf = render(framework, answers_with(framework, lambda i, q: None))
    assert "Incomplete assessment" in pdf.text
    assert "n/a" in pdf.text


def test_all_top_needs_no_action(framework):
    pdf = render(framework, answers_with(framework, lambda i, q: 4))
    assert "Level 5" in pdf.pages[0]
    assert "No action needed" in pdf.text
    assert "Purpose gate holds" not in pdf.text


def test_all_bottom_shows_the_purpose_gate(framework):
    responses = answers_with(framework, lambda i, q: 0)
    ev = evaluate(framework, responses)
    pdf = ParsedPdf(build_report(framework, ev))
    assert ev.result.gate.holds
    assert "Purpose gate holds" in pdf.pages[1]
    assert "Level 1" in pdf.pages[0]
    for action in ev.plan.actions:
        assert squash(action.title) in pdf.squashed


def test_all_dont_know_and_all_not_applicable(framework):
    for choice in ("dont_know", "not_applicable"):
        pdf = render(framework, answers_with(framework, lambda i, q, c=choice: c))
        assert "Executive summary" in pdf.text


def test_extra_sections_go_before_the_appendix(framework):
    def extra(kit: Kit) -> list:
        return [kit.heading("Workshop: participation"), kit.para("Twelve people <took> part.")]

    ev = evaluate(framework, mixed(framework))
    pdf = ParsedPdf(build_report(framework, ev, extra_sections=[extra]))
    text = pdf.text
    assert "Twelve people <took> part." in text
    assert text.index("Workshop: participation") < text.index("A.1 Answers")
    assert text.index("30/60/90-day roadmap") < text.index("Workshop: participation")


def test_same_input_same_page_count(framework):
    responses = mixed(framework)
    a = render(framework, responses)
    b = render(framework, responses)
    assert len(a.pages) == len(b.pages)
    assert re.search(r"Page 2 of \d+", a.pages[1])


def test_extra_section_may_start_at_any_heading_level(framework):
    def extra(kit: Kit) -> list:
        return [kit.heading("Deep heading first", 2), kit.heading("Long " * 400, 1)]

    ev = evaluate(framework, mixed(framework))
    pdf = ParsedPdf(build_report(framework, ev, extra_sections=[extra]))
    assert "Deep heading first" in pdf.text
