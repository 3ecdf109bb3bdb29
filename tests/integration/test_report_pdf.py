"""The PDF action plan, built for real and parsed back with pypdf."""

from __future__ import annotations

import re

import pytest
from reportlab.platypus import Paragraph

from assessment.evaluation import evaluate
from assessment.models import MAX_FIELD_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS, Choice, Question
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
    "Days 1-30",
    "Days 31-60",
    "Days 61-90",
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
    assert "Provisional" in pdf.pages[0] and "Level None" not in pdf.text
    assert "No dimension is assessed yet" in pdf.pages[1]


def test_all_top_needs_no_action(framework):
    pdf = render(framework, answers_with(framework, lambda i, q: 4))
    assert "Level 5" in pdf.pages[0]
    assert squash("every assessed dimension is at its target") in pdf.squashed
    before_method = pdf.text.split("A.3 Method in brief")[0]
    assert "Provisional" not in before_method and "PROVISIONAL" not in pdf.text
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
        assert "Level None" not in pdf.text
        assert "every dimension is at its target" not in pdf.text
    every_dont_know = render(framework, answers_with(framework, lambda i, q: "dont_know"))
    assert "Provisional" in every_dont_know.pages[0]
    assert "Risk flags (0)" in every_dont_know.pages[1]  # guesses are not counted as flags
    assert "Find out first" in every_dont_know.text


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


# --------------------------------------------------------------------------- provisional, flags


def _few_answers_and_one_guess(i: int, q: Question) -> Choice | None:
    """Purpose and Listening assessed; two answers confirm "autopilot"; two "Don't know"
    answers alone point to "broadcast_only"; the other dimensions too thin for a level."""
    if q.id in ("dedicated_staff.named_owner", "dedicated_staff.authentic_voice"):
        return 0
    if q.id in ("shared_control.two_way", "listening.listen_first"):
        return "dont_know"
    return {"purpose": 3, "listening": 2}.get(q.dimension)


@pytest.fixture(scope="module")
def provisional(framework):
    ev = evaluate(framework, answers_with(framework, _few_answers_and_one_guess, name="Thin Co"))
    return ev, ParsedPdf(build_report(framework, ev))


def test_three_answers_give_a_provisional_report_without_a_level(framework):
    firsts = {framework.questions_for(d.id)[0].id for d in framework.dimensions[:3]}
    responses = answers_with(framework, lambda i, q: 3 if q.id in firsts else None)
    ev = evaluate(framework, responses)
    assert ev.result.overall.provisional
    pdf = ParsedPdf(build_report(framework, ev))
    for page in pdf.pages[:3]:  # cover, executive summary, scorecard
        assert "Provisional" in page
    assert "Level None" not in pdf.text and "None/100" not in pdf.text
    assert not re.search(r"Level \d", pdf.pages[0])
    squashed = squash(pdf.pages[0])
    for missing in ev.result.overall.missing:  # "Purpose: 1 known answer, 3 needed (2 more)"
        assert squash(missing) in squashed, missing
    assert "No plan yet" in pdf.text
    assert "at its target" not in pdf.body.split("A.3 Method in brief")[0]
    assert "PROVISIONAL" in pdf.pages[3]  # the footer marks every page
    assert "provisional" in pdf.reader.metadata.subject


def test_a_dimension_without_enough_known_answers_is_not_yet_assessed(provisional, framework):
    ev, pdf = provisional
    thin = ev.result.dimensions["accountability"]
    assert not thin.assessed
    expected = f"not yet assessed ({thin.known} of {thin.needed} known answers needed)"
    scorecard = squash(pdf.pages[2])
    assert squash(expected) in scorecard
    assert "not yet assessed" in pdf.pages[1]  # the radar says so instead of plotting a 0
    assert "Level None" not in pdf.text


def test_a_flag_raised_only_by_dont_know_is_to_check_not_a_finding(provisional, framework):
    ev, pdf = provisional
    guess = next(f for f in ev.result.flags if f.id == "broadcast_only")
    assert not guess.confirmed
    flag = framework.flag("broadcast_only")
    text = pdf.squashed
    assert squash(flag.check) in text
    assert squash(flag.title) not in text
    assert squash(flag.explanation) not in text  # the finding's wording stays out
    scorecard = pdf.body.split("Scorecard", 1)[1].split("Maturity levels", 1)[0]
    to_check = squash(scorecard.split("To check", 1)[1])
    assert squash(flag.check) in to_check
    for qid in guess.unknown:  # the "Don't know" questions to find out
        assert squash(framework.question(qid).text) in to_check
    assert "To check (1)" in pdf.pages[1] and "Risk flags (1)" in pdf.pages[1]


def test_a_confirmed_flag_lists_the_answers_that_raised_it(provisional, framework):
    ev, pdf = provisional
    confirmed = next(f for f in ev.result.flags if f.id == "autopilot")
    assert confirmed.confirmed and confirmed.raised_by
    scorecard = pdf.body.split("Scorecard", 1)[1].split("To check", 1)[0]
    findings = squash(scorecard.split("Risk flags (1)", 1)[1])
    assert squash(confirmed.title) in findings
    for qid in confirmed.raised_by:
        question = framework.question(qid)
        label = question.option_label(ev.responses.answers[qid].choice)
        assert squash(question.text) in findings
        assert squash(label) in findings


def test_plan_steps_show_what_they_move_fix_and_wait_for(provisional, framework):
    ev, pdf = provisional
    body = squash(pdf.body)
    plan = ev.plan
    assert "Find out first" in pdf.text
    for qid in plan.to_check:
        assert squash(framework.question(qid).text) in body
    fixer = next(a for a in plan.actions if "autopilot" in a.flags)
    assert squash(f"Fixes: {framework.flag('autopilot').title}") in body
    qid = fixer.questions[0]
    moved = framework.question(qid).text
    now = ev.responses.answers[qid].choice
    assert squash(f"Moves: \u201c{moved}\u201d from option {now} to {fixer.raises_to}") in body
    waiting = next(a for a in plan.actions + plan.backlog if a.after)
    first = next(a for a in plan.actions + plan.backlog if a.id == waiting.after[0])
    assert squash(f"After: #{first.rank} {first.title}") in body
    assert squash("are not yet assessed") in body  # the plan says what it cannot cover yet
