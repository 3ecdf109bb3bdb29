"""The Streamlit app through AppTest: every page, the whole flow, validation, resume and saves.

Each test gets its own SQLite file through READINESS_DATABASE_URL (the app caches one store per
URL), and a "refresh" is a brand-new AppTest session opened with the id in the URL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import (
    MAX_NOTE_CHARS,
    Answer,
    Choice,
    Organization,
    Question,
    Responses,
)
from assessment.files.answers_file import dump_answers, max_file_bytes
from assessment.readout.build import build_readout
from assessment.store import AssessmentStore, StoreError
from assessment.ui.questionnaire import NA_REASON_LABEL, NOTE_LABEL
from tests.builders import responses
from tests.helpers import page_texts as texts

from .report_helpers import ParsedPdf, squash

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "assessment/ui/pages"
FW = default_framework()


@pytest.fixture
def store(db_url: str) -> AssessmentStore:
    return AssessmentStore(url=db_url)


def new_session(assessment_id: str | None = None) -> AppTest:
    """A fresh browser session (as after a refresh), optionally opened on an assessment link."""
    at = AppTest.from_file(APP, default_timeout=60)
    if assessment_id:
        at.query_params["a"] = assessment_id
    return at.run()


def go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"{PAGES}/{page}.py").run()


def start_new(at: AppTest, name: str = "Acme Ltd", **fields: str) -> AppTest:
    inputs = {ti.label: ti for ti in at.text_input}
    inputs["Organisation name"].input(name)
    if "sector" in fields:
        inputs["Sector in your words (optional)"].input(fields["sector"])
    if "assessor" in fields:
        inputs["Your name or role (optional)"].input(fields["assessor"])
    return next(b for b in at.button if b.label == "Start the assessment").click().run()


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def plan_cards(at: AppTest) -> list[str]:
    """The plan's cards as shown: each card's "Owner/KPI" block."""
    return [m.value for m in at.markdown if m.value.startswith("**Owner:**")]


def step_buttons_shown(at: AppTest, where: str = "grid") -> list[str]:
    """The step list's labels (the grid shown on wide screens, or the phone's "fold")."""
    return [b.label for b in at.button if b.key and b.key.startswith(f"wz.steps.{where}.")]


# --------------------------------------------------------------------------- start


def test_start_page_explains_and_offers_three_ways_in(db_url: str) -> None:
    at = new_session()
    no_exception(at)
    page = texts(at)
    assert f"{len(FW.questions)} questions" in page and "minutes" in page
    assert [t.label for t in at.tabs] == [
        "Start a new assessment",
        "Resume",
        "Import an answers file",
    ]
    assert all(w.label for w in [*at.text_input, *at.selectbox, *at.button])


def test_new_assessment_needs_a_name(db_url: str) -> None:
    at = new_session()
    at = button(at, "Start the assessment").click().run()
    assert "Please enter the organisation's name" in texts(at)
    assert "a" not in at.query_params


def test_resume_refuses_a_bad_code_and_an_unknown_one(db_url: str, store: AssessmentStore) -> None:
    at = new_session()
    resume = next(t for t in at.text_input if t.label == "Your assessment link or code")
    resume.input("not a code")
    at = button(at, "Resume").click().run()
    assert "not an assessment link or code" in texts(at)
    resume = next(t for t in at.text_input if t.label == "Your assessment link or code")
    resume.input("http://localhost:8501/?a=" + "A" * 43)
    at = button(at, "Resume").click().run()
    assert "No assessment has that link or code" in texts(at)


def test_resume_from_a_pasted_link(db_url: str, store: AssessmentStore) -> None:
    aid = store.create(Organization(name="Linked Co"))
    at = new_session()
    resume = next(t for t in at.text_input if t.label == "Your assessment link or code")
    resume.input(f"https://example.org/assessment?a={aid}&step=2")
    at = button(at, "Resume").click().run()
    no_exception(at)
    assert at.query_params["a"] == aid
    assert "Step 1 of 6" in texts(at)


def test_unknown_id_in_the_url_says_so_and_shows_nothing_else(db_url: str) -> None:
    at = new_session("B" * 43)
    page = texts(at)
    assert "This link does not lead to an assessment" in page
    assert "Step 1 of 6" not in page and f"{len(FW.questions)} questions" not in page
    assert not at.radio and not at.text_input
    at = new_session("<script>")
    assert "This link does not lead to an assessment" in texts(at)


# --------------------------------------------------------------------------- the whole flow


def test_whole_flow_from_start_to_report(db_url: str, store: AssessmentStore) -> None:
    at = new_session()
    at = start_new(at, "Acme Ltd", sector="Retail", assessor="Jo")
    no_exception(at)
    aid = at.query_params["a"]
    assert store.load(aid) is not None
    assert "Step 1 of 6: Purpose" in texts(at)
    assert f"0 of {len(FW.questions)} questions answered" in at.get("progress")[0].proto.text

    for step in range(1, 7):
        assert f"Step {step} of 6" in texts(at)
        for radio in at.radio:
            if radio.value is None:
                radio.set_value(2).run()
        no_exception(at)
        if step < 6:
            at = button(at, "Next").click().run()
    total = len(FW.questions)
    assert f"{total} of {total} questions answered" in at.get("progress")[0].proto.text
    saved = store.load(aid)
    assert saved is not None and len(saved.answers) == len(FW.questions)
    assert {a.choice for a in saved.answers.values()} == {2}

    at = button(at, "See your results").click().run()
    no_exception(at)
    page = texts(at)
    assert "Results" in page and "Overall level" in page
    assert "3 · Defined" in page and "50 / 100" in page
    assert "which covers scores 40–59" in page
    assert "completeness 100%" in page
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 and "Shared control" in charts[0].proto.spec
    assert plan_cards(at), "the plan is shown as cards"

    at = go(at, "report")
    no_exception(at)
    assert at.query_params["a"] == aid
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [
        "Download the PDF action plan",
        "Download: Report (Word)",
        "Download the answers (JSON)",
        "Download the action plan (CSV)",
    ]

    at = go(at, "method")
    no_exception(at)
    assert "The purpose gate" in texts(at) and "Sources" in texts(at)


def test_back_next_and_jump_between_steps(db_url: str) -> None:
    at = start_new(new_session())
    assert button(at, "Back").disabled
    at = button(at, "Next").click().run()
    assert "Step 2 of 6" in texts(at)
    assert at.session_state["wz.scroll"][1] == "#wz-step-2"  # the browser brings it into view
    at = button(at, "Back").click().run()
    assert "Step 1 of 6" in texts(at)
    sixth = next(b for b in at.button if b.key == "wz.steps.grid.6")
    at = sixth.click().run()
    assert "Step 6 of 6" in texts(at)
    assert at.query_params["step"] == "6"
    assert at.session_state["wz.scroll"][1] == "#wz-step-6"
    assert button(at, "See your results")


def test_the_step_list_counts_answers_and_ticks_complete_steps(db_url: str) -> None:
    at = start_new(new_session())
    first = FW.dimensions[0]
    in_first = len(FW.questions_for(first.id))
    labels = step_buttons_shown(at)
    assert len(labels) == len(FW.dimensions)
    assert labels[0] == f"1. {first.name} · 0 of {in_first}"
    for radio in at.radio[:-1]:
        at = radio.set_value(3).run()
    assert step_buttons_shown(at)[0] == f"1. {first.name} · {in_first - 1} of {in_first}"
    at = at.radio[-1].set_value("dont_know").run()
    labels = step_buttons_shown(at)
    assert labels[0] == f"1. {first.name} · {in_first} of {in_first} · done"
    assert step_buttons_shown(at, "fold") == labels  # the phone's copy, in an expander
    done = next(b for b in at.button if b.key == "wz.steps.grid.1")
    assert done.proto.icon == ":material/check_circle:"
    assert not labels[1].endswith("done")


@pytest.mark.parametrize("raw", ["²", "0", "7", "-1", "1e3", "abc", " 2", "9" * 5000, "١"])
def test_a_bad_step_in_the_url_says_so_and_shows_step_one(
    db_url: str, store: AssessmentStore, raw: str
) -> None:
    aid = store.create(Organization(name="Param Co"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = aid
    at.query_params["step"] = raw
    at = at.run().switch_page(f"{PAGES}/wizard.py").run()
    no_exception(at)
    page = texts(at)
    assert "Step 1 of 6" in page
    assert "is not a step of this assessment (1 to 6)" in page
    assert at.query_params["step"] == "1"
    assert len(page) < 20_000  # a 5,000-digit value is not echoed back whole


def test_a_good_step_in_the_url_opens_that_step(db_url: str, store: AssessmentStore) -> None:
    aid = store.create(Organization(name="Param Co"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = aid
    at.query_params["step"] = "4"
    at = at.run().switch_page(f"{PAGES}/wizard.py").run()
    no_exception(at)
    assert "Step 4 of 6" in texts(at) and "is not a step" not in texts(at)


def test_an_oversized_or_odd_id_in_the_url_is_refused_with_a_way_out(db_url: str) -> None:
    for raw in ("A" * 5000, "%00", "../../etc", "é" * 43):
        at = new_session(raw)
        no_exception(at)
        assert "This link does not lead to an assessment" in texts(at)
        assert button(at, "Go to the start page")


def test_not_applicable_asks_for_a_reason_and_keeps_it(db_url: str, store: AssessmentStore) -> None:
    at = start_new(new_session())
    aid = at.query_params["a"]
    qid = FW.questions[0].id
    at = at.radio[0].set_value("not_applicable").run()
    assert "Please give a short reason" in texts(at)
    reason = next(t for t in at.text_input if t.label == NA_REASON_LABEL)
    at = reason.input("No public accounts in this market").run()
    assert "Please give a short reason" not in texts(at)
    saved = store.load(aid)
    assert saved is not None
    assert saved.answers[qid] == Answer(
        choice="not_applicable", note="No public accounts in this market"
    )


def test_notes_are_saved_and_restored_after_a_refresh(db_url: str, store: AssessmentStore) -> None:
    at = start_new(new_session())
    aid = at.query_params["a"]
    at = at.radio[1].set_value(3).run()
    note = [t for t in at.text_area if t.label == NOTE_LABEL][1]
    assert not note.disabled
    at = note.input("See the <b>2024</b> **plan**").run()
    at = at.radio[2].set_value("dont_know").run()

    fresh = new_session(aid)  # as after a browser refresh: a new session, the id in the URL
    assert "You are working on" in texts(fresh)
    fresh = go(fresh, "wizard")
    no_exception(fresh)
    assert [r.value for r in fresh.radio[:3]] == [None, 3, "dont_know"]
    assert [t for t in fresh.text_area if t.label == NOTE_LABEL][1].value == (
        "See the <b>2024</b> **plan**"
    )
    assert f"2 of {len(FW.questions)} questions answered" in fresh.get("progress")[0].proto.text


def test_answers_survive_moving_between_pages(db_url: str) -> None:
    at = start_new(new_session())
    aid = at.query_params["a"]
    at = at.radio[0].set_value(4).run()
    at = button(at, "Next").click().run()
    at = at.radio[0].set_value(1).run()
    at = go(at, "method")
    at = go(at, "results")
    assert at.query_params["a"] == aid
    at = go(at, "wizard")
    assert "Step 2 of 6" in texts(at)
    assert at.radio[0].value == 1
    at = button(at, "Back").click().run()
    assert at.radio[0].value == 4


def test_a_failed_save_is_shown_kept_and_retried(
    db_url: str, store: AssessmentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = start_new(new_session())
    aid = at.query_params["a"]
    original = AssessmentStore.save_answers

    def locked(self: AssessmentStore, *args: object, **kwargs: object) -> None:
        raise StoreError("not saved: database is locked")

    monkeypatch.setattr(AssessmentStore, "save_answers", locked)
    at = at.radio[0].set_value(3).run()
    page = texts(at)
    assert "Not saved yet" in page and "1 change not saved" in page
    assert "database is locked" in page
    assert at.radio[0].value == 3  # kept in the session
    saved = store.load(aid)
    assert saved is not None and not saved.answers

    monkeypatch.setattr(AssessmentStore, "save_answers", original)
    at = button(at, "Try saving again").click().run()
    assert "not saved" not in texts(at).lower()
    saved = store.load(aid)
    assert saved is not None and saved.answers[FW.questions[0].id].choice == 3


# --------------------------------------------------------------------------- results


def test_results_targets_are_editable_and_the_plan_follows(
    db_url: str, store: AssessmentStore
) -> None:
    aid = store.import_responses(responses(2, name="Target Co"))  # level 3 everywhere, target 4
    at = go(new_session(aid), "results")
    no_exception(at)
    assert len(plan_cards(at)) == len(evaluate(FW, responses(2)).plan.actions)
    labels = [s.label for s in at.selectbox if s.label.startswith("Target for ")]
    assert labels == [f"Target for {d.name}" for d in FW.dimensions]  # in order
    target = next(s for s in at.selectbox if s.label == "Target for Purpose")
    assert target.value == 4
    assert "Level 4 · Managed (score 60–79)" in target.options
    assert "Now 50 (level 3) · suggested" in texts(at)  # no target is preset silently
    at = target.set_value(1).run()
    saved = store.load(aid)
    assert saved is not None and saved.targets == {"purpose": 1}
    page = texts(at)
    assert "Changed from level 4 to 1 and saved" in page  # said right below the control
    assert "Now 50 (level 3) · set by you" not in page  # the change replaces the usual line
    expected = evaluate(FW, responses(2, targets={"purpose": 1})).plan
    assert not any(a.dimension == "purpose" for a in expected.actions)
    assert len(plan_cards(at)) == len(expected.actions)
    dropped = [a.title for a in evaluate(FW, responses(2)).plan.actions if a.dimension == "purpose"]
    assert dropped and not any(title in page for title in dropped)  # Purpose's steps left
    fresh = go(new_session(aid), "results")
    assert next(s for s in fresh.selectbox if s.label == "Target for Purpose").value == 1
    assert "Now 50 (level 3) · set by you" in texts(fresh)
    assert "Changed from level" not in texts(fresh)


def test_results_show_the_gate_and_flags(db_url: str, store: AssessmentStore) -> None:
    answers = responses(lambda q: 0 if q.dimension == "purpose" else 4, name="Gate Co")
    aid = store.import_responses(answers)
    at = go(new_session(aid), "results")
    no_exception(at)
    page = texts(at)
    assert "capped at 2" in page
    confirmed = evaluate(FW, answers).result.confirmed_flags
    assert confirmed, "no purpose at all confirms flags"
    for flag in confirmed:  # each finding with its explanation (titles also name plan steps)
        assert flag.title in page and flag.explanation in page, flag.id
    raised = [m for m in at.markdown if m.value == "**Raised by these answers**"]
    assert len(raised) == len(confirmed)
    assert "No risk flag is confirmed" not in page


def test_three_answers_show_a_provisional_result_and_no_level(
    db_url: str, store: AssessmentStore
) -> None:
    """Issue 8: three top answers once gave "Level 5 Leading" and "every dimension is at its
    target"; now the result is provisional and says what is missing."""
    firsts = [FW.questions_for(d.id)[0] for d in FW.dimensions[:3]]
    aid = store.import_responses(responses({q.id: 4 for q in firsts}, name="Thin Co"))
    at = go(new_session(aid), "results")
    no_exception(at)
    page = texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Overall level"] == "Provisional"
    assert metrics["Overall score"] == "not yet"
    assert "Level None" not in page and "None" not in metrics.values()
    for name in ("Leading", "Managed", "Defined", "Experimenting", "Absent"):
        assert name not in page
    assert "Purpose: 1 known answer, 3 needed (2 more)" in page
    labels = [e.label.replace("\\", "") for e in at.expander]
    assert "Purpose: not yet assessed (1 of 3 known answers needed)" in labels
    assert "No plan yet" in page
    assert "at its target" not in page
    assert not plan_cards(at)  # no plan while nothing can be planned
    spec = at.get("vega_lite_chart")[0].proto
    assert "not yet assessed" in spec.spec + str(spec.datasets)  # labelled, not drawn as 0
    at = go(at, "report")
    no_exception(at)
    assert "The result is provisional" in texts(at)


def test_results_keep_guesses_apart_from_findings(db_url: str, store: AssessmentStore) -> None:
    def choice(q: Question) -> Choice | None:
        if q.id in ("dedicated_staff.named_owner", "dedicated_staff.authentic_voice"):
            return 0
        if q.id in ("shared_control.two_way", "listening.listen_first"):
            return "dont_know"
        return {"purpose": 3, "listening": 2}.get(q.dimension)

    aid = store.import_responses(responses(choice, name="Guess Co"))
    at = go(new_session(aid), "results")
    no_exception(at)
    page = texts(at)
    guess, finding = FW.flag("broadcast_only"), FW.flag("autopilot")
    assert "To check" in [h.value for h in at.subheader]
    assert guess.check in page and guess.title not in page
    assert finding.title in page and "Raised by these answers" in page
    owner = FW.question("dedicated_staff.named_owner")
    assert owner.text in page and owner.option_label(0) in page
    # the plan: what to find out first, and each step with what it moves and fixes
    assert "Find out first" in page
    assert FW.question("shared_control.two_way").text in page
    assert "Moves:**" in page and f"Fixes:** {finding.title}" in page
    assert "Provisional" in page and "not yet assessed" in page


def test_pages_needing_an_assessment_say_so_without_one(db_url: str) -> None:
    at = new_session()
    for page in ("wizard", "results", "report"):
        at = go(at, page)
        no_exception(at)
        assert "Start a new assessment or resume one first" in texts(at)


def test_user_text_is_shown_as_text(db_url: str) -> None:
    evil = "**Bold** [x](http://evil.example) ![i](http://evil.example/i.png) :red[red] $x$ <b>"
    at = start_new(new_session(), evil)
    no_exception(at)
    shown = [m.value for m in [*at.markdown, *at.caption] if "Bold" in m.value]
    assert shown, "the organisation's name is shown"
    rendered = shown[0]
    for raw in ("**", "](", "![", ":red[", "$x$", "<b>"):
        assert raw not in rendered
    assert rendered.replace("\\", "") == evil


# --------------------------------------------------------------------------- import


def test_import_an_answers_file(db_url: str, store: AssessmentStore) -> None:
    imported = responses({q.id: 3 for q in FW.questions[:10]}, name="Imported Co")
    at = new_session()
    at.file_uploader[0].upload("answers.json", dump_answers(imported).encode(), "application/json")
    at = at.run()
    at = button(at, "Import these answers").click().run()
    no_exception(at)
    aid = at.query_params["a"]
    saved = store.load(aid)
    assert saved is not None and saved.answers == imported.answers
    # the results of the imported answers are shown
    assert "Imported Co" in texts(at)
    result = evaluate(FW, imported).result
    answered = f"Based on {len(imported.answers)} of {len(FW.questions)} questions answered"
    assert f"{answered} (completeness {result.completeness:.0f}%)" in texts(at)


def test_import_of_an_export_with_maximal_notes(db_url: str, store: AssessmentStore) -> None:
    note = ('\U0001f600 "quoted" line\n' * MAX_NOTE_CHARS)[:MAX_NOTE_CHARS]
    aid = store.import_responses(
        Responses(
            organization=Organization(name="Long Notes Ltd"),
            answers={q.id: Answer(choice=1, note=note) for q in FW.questions},
        )
    )
    saved = store.load(aid)
    assert saved is not None
    exported = dump_answers(saved).encode("utf-8")  # as the Report page downloads it
    assert len(exported) > 1_000_000
    at = new_session()
    at.file_uploader[0].upload("answers.json", exported, "application/json")
    at = button(at.run(), "Import these answers").click().run()
    no_exception(at)
    assert at.query_params["a"] != aid
    assert store.load(at.query_params["a"]) == saved


def test_import_of_an_older_file_says_what_changed(db_url: str, store: AssessmentStore) -> None:
    old = Path(__file__).parents[1] / "data" / "answers_before_question_renames.json"
    at = new_session()
    at.file_uploader[0].upload("answers.json", old.read_bytes(), "application/json")
    at = button(at.run(), "Import these answers").click().run()
    no_exception(at)
    saved = store.load(at.query_params["a"])
    assert saved is not None and "listening.gathering_places" in saved.answers
    infos = " ".join(i.value for i in at.info).replace("\\", "")  # as shown, unescaped
    assert "question 'purpose.valuable_traffic' was removed" in infos
    assert "'listening.where_customers_gather' is now 'listening.gathering_places'" in infos


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
        (b"{not json", "not JSON"),
        (json.dumps({"schema_version": 1, "organization": {"name": ""}}).encode(), "name"),
        (
            json.dumps(
                {
                    "schema_version": 1,
                    "organization": {"name": "X"},
                    "answers": {"nope": {"choice": 1}},
                }
            ).encode(),
            "question 'nope': unknown question id",
        ),
        (b'{"answers": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", "JSON nested 10,001 levels"),
        (b'{"schema_version": ' + b"9" * 5_000 + b"}", "a number has 5,000 digits"),
        (b'{"schema_version": 1, "schema_version": 1}', 'key "schema_version" appears twice'),
        (
            b'{"schema_version": 1, "organization": {"name": "X"}, '
            b'"answers": {"\\ud800": {"choice": 1}}}',
            "question 'ud800': unknown question id",  # shown without its backslash
        ),
    ],
)
def test_import_refuses_a_bad_file_with_each_problem(
    db_url: str, content: bytes, message: str
) -> None:
    at = new_session()
    at.file_uploader[0].upload("answers.json", content, "application/json")
    at = at.run()
    at = button(at, "Import these answers").click().run()
    no_exception(at)
    assert message in texts(at)
    assert "a" not in at.query_params


# --------------------------------------------------------------------------- report


def test_report_builds_the_pdf_once_per_change_of_answers(
    db_url: str, store: AssessmentStore, built_pdfs: list[bytes]
) -> None:
    aid = store.import_responses(responses(2, name="Report Co"))
    at = go(new_session(aid), "report")
    no_exception(at)
    assert "Download the PDF action plan" in [d.proto.label for d in at.get("download_button")]
    assert len(built_pdfs) == 1
    cover = ParsedPdf(built_pdfs[0]).pages[0]
    assert "Report Co" in cover and "50/100" in cover
    at = at.run()
    assert len(built_pdfs) == 1  # not rebuilt on a rerun
    at = go(at, "wizard")
    at = at.radio[0].set_value(4).run()
    at = go(at, "report")
    no_exception(at)
    assert len(built_pdfs) == 2  # rebuilt once for the changed answer
    q0 = FW.questions[0]
    changed = evaluate(FW, responses(lambda q: 4 if q.id == q0.id else 2))
    pdf = ParsedPdf(built_pdfs[1])
    assert f"{changed.result.overall.score:.0f}/100" in pdf.pages[0]
    assert squash(f"4/4: {q0.option_label(4)}") in pdf.squashed  # the changed answer


def test_a_failing_pdf_leaves_the_other_downloads(
    db_url: str, store: AssessmentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.platypus.doctemplate import BaseDocTemplate

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(BaseDocTemplate, "build", broken)
    aid = store.create(Organization(name="Broken PDF Co"))
    at = go(new_session(aid), "report")
    no_exception(at)
    assert "The PDF could not be built" in texts(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [
        "Download: Report (Word)",
        "Download the answers (JSON)",
        "Download the action plan (CSV)",
    ]


def test_an_oversized_upload_is_refused_by_size(db_url: str) -> None:
    at = new_session()
    limit = max_file_bytes(FW)
    big = b'{"schema_version": 1, "pad": "' + b"x" * limit + b'"}'
    at.file_uploader[0].upload("answers.json", big, "application/json")
    at = at.run()
    at = button(at, "Import these answers").click().run()
    assert f"the limit is {limit:,}" in texts(at)


def test_two_users_at_once_see_only_their_own_assessment(
    db_url: str, store: AssessmentStore
) -> None:
    alice = start_new(new_session(), "Alice Org")
    bob = start_new(new_session(), "Bob Org")
    alice = alice.radio[0].set_value(4).run()
    bob = bob.radio[0].set_value(0).run()
    alice = alice.run()
    assert alice.radio[0].value == 4 and bob.radio[0].value == 0
    assert "Alice Org" in texts(alice) and "Bob Org" not in texts(alice)
    assert "Bob Org" in texts(bob) and "Alice Org" not in texts(bob)
    a, b = store.load(alice.query_params["a"]), store.load(bob.query_params["a"])
    assert a is not None and b is not None
    qid = FW.questions[0].id
    assert (a.answers[qid].choice, b.answers[qid].choice) == (4, 0)


# ------------------------------------------------------------------ finding your way (issue 13)


def components(at: AppTest, name: str) -> list[dict[str, object]]:
    """The data given to the app's browser components of this name (`assessment.ui.browser`)."""
    return [
        json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == name
    ]


def test_unanswered_questions_are_listed_before_the_results(
    db_url: str, store: AssessmentStore
) -> None:
    answers = {q.id: Answer(choice=2) for q in FW.questions[2:]}
    aid = store.import_responses(
        Responses(organization=Organization(name="Left Co"), answers=answers)
    )
    at = go(new_session(aid), "wizard")
    at = next(b for b in at.button if b.key == "wz.steps.grid.6").click().run()
    at = button(at, "See your results").click().run()
    no_exception(at)
    page = texts(at)
    assert "Results" not in [t.value for t in at.title]  # still on the wizard
    assert (
        "Before your results" in page
        and f"2 of {len(FW.questions)} questions have no answer yet" in page
    )
    links = [b for b in at.button if b.key and b.key.startswith("wz.left.")]
    assert [b.key for b in links] == [f"wz.left.{q.id}" for q in FW.questions[:2]]
    assert links[0].label.replace("\\", "") == f"1. {FW.questions[0].text}"
    assert at.session_state["wz.scroll"][1] == "#wz-review"
    at = links[1].click().run()
    assert "Step 1 of 6" in texts(at)
    assert at.session_state["wz.scroll"][1].endswith(FW.questions[1].id.replace(".", "-"))
    assert button(at, "Back to the list of unanswered questions (2 left)")
    at = at.radio[1].set_value(3).run()
    at = button(at, "Back to the list of unanswered questions (1 left)").click().run()
    assert "Step 6 of 6" in texts(
        at
    ) and f"1 of {len(FW.questions)} questions have no answer yet" in texts(at)
    at = button(at, "See my results now").click().run()
    no_exception(at)
    assert "Overall level" in texts(at)


def test_results_count_what_is_left_in_words(db_url: str, store: AssessmentStore) -> None:
    """ "14 unanswered questions", "1 unanswered question": never "question(s)"."""
    for left, label in [(14, "14 unanswered questions"), (1, "1 unanswered question")]:
        answers = {q.id: Answer(choice=2) for q in FW.questions[left:]}
        aid = store.import_responses(
            Responses(organization=Organization(name="Count Co"), answers=answers)
        )
        at = go(new_session(aid), "results")
        no_exception(at)
        assert button(at, f"Answer the {label}")
        assert "(s)" not in texts(at)


def test_results_lead_with_the_level_the_first_steps_and_the_gaps(
    db_url: str, store: AssessmentStore
) -> None:
    choices = {d.id: c for d, c in zip(FW.dimensions, [0, 1, 4, 3, 1, 2], strict=True)}
    aid = store.import_responses(
        Responses(
            organization=Organization(name="Order Co"),
            answers={q.id: Answer(choice=choices[q.dimension]) for q in FW.questions},
        )
    )
    at = go(new_session(aid), "results")
    no_exception(at)
    headers = [h.value for h in at.header]
    assert headers[:3] == ["Where to start", "Largest gaps", "Score by dimension"]
    assert headers.index("Your action plan") > headers.index("Targets")
    assert [m.label for m in at.metric][:2] == ["Overall level", "Overall score"]
    shown = [(n.type, str(getattr(n, "label", "") or getattr(n, "value", ""))) for n in at.main]
    at_ = {thing: index for index, thing in reversed(list(enumerate(shown)))}  # first place
    assert (
        at_[("metric", "Overall level")]
        < at_[("header", "Where to start")]
        < at_[("header", "Largest gaps")]
        < next(i for i, (kind, _) in enumerate(shown) if kind == "vega_lite_chart")
        < at_[("header", "Your action plan")]
    )
    page = texts(at)
    first = build_readout(FW, evaluate(FW, store.load(aid))).first_steps  # type: ignore[arg-type]
    plan = [m.value for m in at.markdown if m.value.startswith("1\\. **")]
    assert plan and plan[0].count("\n\n") == 2  # the first three steps, one paragraph each
    shown = re.sub(r"\\(.)", r"\1", plan[0])
    for n, step in enumerate(first, start=1):  # numbered 1-3, the plan's rank beside
        assert f"{n}. **{step.title}**" in shown and f"plan step {step.rank} · " in shown
        assert f"owner: {step.owner} · effort {step.effort_days}" in shown
    assert "points to go" in page and "**Strengths**" in [m.value for m in at.markdown]
    table = at.table[0].value
    assert list(table.index) == [d.name for d in FW.dimensions]  # the chart's text equivalent
    assert "Scores out of 100 against target" in page


def test_starting_a_new_assessment_while_one_is_open_asks_first(
    db_url: str, store: AssessmentStore
) -> None:
    at = start_new(new_session(), "First Co")
    first = at.query_params["a"]
    at = go(at, "start")
    assert [t.label for t in at.tabs][0] != "Start a new assessment"
    assert "You are working on" in texts(at)
    at = start_new(at, "Second Co")
    no_exception(at)
    assert at.query_params["a"] == first  # nothing changed yet
    assert 'You are working on "First Co". Do you want to start a new assessment for' in texts(
        at
    ).replace("\\", "")
    at = button(at, "No, keep working on this one").click().run()
    assert at.query_params["a"] == first and "Do you want to" not in texts(at)
    at = start_new(at, "Second Co")
    at = button(at, "Yes, start the new one").click().run()
    no_exception(at)
    second = at.query_params["a"]
    assert second != first and "Step 1 of 6" in texts(at)
    assert store.load(first) is not None and store.load(second) is not None


def test_the_last_assessment_on_this_device_is_offered_and_can_be_forgotten(
    db_url: str, store: AssessmentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessment.ui import browser

    aid = store.create(Organization(name="Remembered Co"))
    monkeypatch.setattr(browser, "cookie", lambda name="readiness_last": aid)
    at = new_session()  # a new tab: no id in the URL, the cookie from an earlier visit
    no_exception(at)
    assert "Your last assessment on this device" in texts(at) and "Remembered Co" in texts(at)
    assert "a" not in at.query_params  # offered, not opened
    at = button(at, "Resume it").click().run()
    no_exception(at)
    assert at.query_params["a"] == aid and "Step 1 of 6" in texts(at)
    assert components(at, "readiness.helper")[0]["remember"] == aid

    at = go(new_session(), "results")  # a bookmark of a page, without the link
    assert "Remembered Co" in texts(at)
    at = button(at, "Forget it on this device").click().run()
    assert "Remembered Co" not in texts(at)
    assert components(at, "readiness.helper")[0]["remember"] == ""  # the cookie is cleared

    monkeypatch.setattr(browser, "cookie", lambda name="readiness_last": "Z" * 43)
    assert "Your last assessment on this device" not in texts(new_session())


def test_the_link_to_keep_is_on_every_page_of_an_assessment(
    db_url: str, store: AssessmentStore
) -> None:
    aid = store.create(Organization(name="Link Co"))
    at = new_session(aid)
    bars = components(at, "readiness.link")
    assert len(bars) == 1 and str(bars[0]["link"]).endswith(f"/assessment?a={aid}")
    assert "Keep this link" in str(bars[0]["keep"])
    for page in ("wizard", "results", "report", "method"):
        at = go(at, page)
        bars = components(at, "readiness.link")
        assert len(bars) == 2, page  # in the sidebar, and in the page for folded sidebars
        assert all(str(b["link"]).endswith(f"?a={aid}") for b in bars)
        assert components(at, "readiness.helper")[0]["remember"] == aid


def test_participants_see_no_app_menu_and_others_do(db_url: str) -> None:
    at = new_session()
    labels = [link.proto.label for link in at.get("page_link")]
    assert {"Start", "Assessment", "Results", "Facilitate"} <= set(labels)
    at = go(at, "workshop_join")
    no_exception(at)
    assert "Join a workshop" in [t.value for t in at.title]
    assert not at.get("page_link")
    assert not components(at, "readiness.link")
    at = go(at, "workshop_room")  # the projected room view shows the client no menu either
    no_exception(at)
    assert not at.get("page_link")


def test_no_developer_command_is_shown_to_users(db_url: str, store: AssessmentStore) -> None:
    aid = store.create(Organization(name="Plain Co"))
    at = new_session(aid)
    for page in ("start", "wizard", "results", "report", "method"):
        at = go(at, page)
        shown = texts(at) + " ".join(str(b.label) for b in at.button)
        assert "python" not in shown.lower() and "-m assessment" not in shown, page
    labels = [d.proto.label for d in go(new_session(), "start").get("download_button")]
    assert "Download the empty template" in labels


def test_a_locked_database_is_said_within_5_seconds_and_the_answer_kept(
    db_url: str, store: AssessmentStore
) -> None:
    """A real lock: another connection holds the SQLite write lock while the user answers."""
    import sqlite3
    import time

    aid = store.create(Organization(name="Locked Co"))
    at = go(new_session(aid), "wizard")
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        at = at.radio[0].set_value(3).run()
        took = time.monotonic() - started
        assert took < 5, f"the user waited {took:.1f} s"
        page = texts(at)
        assert "Not saved yet" in page and "1 change not saved" in page
        assert at.radio[0].value == 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    at = button(at, "Try saving again").click().run()
    saved = store.load(aid)
    assert saved is not None and saved.answers[FW.questions[0].id].choice == 3
    assert "not saved" not in texts(at).lower()


def test_report_offers_the_plan_in_the_clients_own_tools(
    db_url: str, store: AssessmentStore
) -> None:
    aid = store.import_responses(responses(2, name="Tools Co"))
    at = go(new_session(aid), "report")
    no_exception(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download: Report (Word)" in labels  # the first format, ready at once
    at = next(r for r in at.radio if r.key == "rp.tool").set_value("xlsx").run()
    no_exception(at)
    assert "Download: Action plan (Excel)" in [d.proto.label for d in at.get("download_button")]
    empty = store.create(Organization(name="Empty Co"))
    at = go(new_session(empty), "report")
    at = next(r for r in at.radio if r.key == "rp.tool").set_value("ics").run()
    no_exception(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert not any(label.startswith("Download: Calendar") for label in labels)
    assert "No plan yet" in texts(at) or "no step" in texts(at).lower()


def test_an_assessment_with_a_follow_up_opens_with_every_answer_widget_disabled(
    db_url: str, store: AssessmentStore
) -> None:
    import datetime as dt

    from assessment.domain.models import FollowUpMode
    from assessment.store.series import SeriesStore

    first = store.import_responses(responses(2))
    later = SeriesStore(store.engine).follow_up(
        first, FollowUpMode.FRESH, today=dt.date(2026, 9, 1)
    )
    at = go(new_session(first), "wizard")
    no_exception(at)
    assert "This assessment has a follow-up" in texts(at)
    assert at.radio and all(r.disabled for r in at.radio)
    assert at.text_area and all(t.disabled for t in at.text_area)
    # the follow-up itself is open for answers
    at = go(new_session(later), "wizard")
    assert "This assessment has a follow-up" not in texts(at)
    assert at.radio and not any(r.disabled for r in at.radio)


def test_results_plan_cards_draw_the_whole_step(db_url: str, store: AssessmentStore) -> None:
    """An urgent step's card: its label, KPI from baseline to target by its due date, effort in
    person-days and the risk if not done, all as escaped text."""
    answers = {q.id: Answer(choice=1) for q in FW.questions}
    answers["dedicated_staff.posting_rights"] = Answer(choice=0)  # a shared password
    aid = store.import_responses(
        Responses(organization=Organization(name="Card Co"), answers=answers)
    )
    at = go(new_session(aid), "results")
    no_exception(at)
    ro = build_readout(FW, evaluate(FW, store.load(aid)))  # type: ignore[arg-type]
    urgent = ro.steps[0]
    assert urgent.urgent and urgent.label.startswith("Urgent: due within 14 days")
    shown = [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]
    badges = [m for m in shown if m.startswith(":orange-badge[")]
    assert badges and urgent.label in badges[0]  # the urgent badge, above the card's title
    card = next(m for m in shown if m.startswith("**Owner:**") and urgent.kpi_target in m)
    assert f"{urgent.kpi_baseline} \u2192 {urgent.kpi_target} by {urgent.due_text}" in card
    assert f"**Risk if not done:** {urgent.risk_if_not_done}" in card
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    assert any(
        f"Days 1-14 (due {urgent.due_text})" in c and f"effort {urgent.effort_text}" in c
        for c in captions
    )


def test_report_page_lets_the_user_choose_the_start_day(
    db_url: str, store: AssessmentStore, built_pdfs: list[bytes]
) -> None:
    """A date input on the Report page: the PDF is rebuilt counting from the chosen day and
    says so; the cover keeps the assessment date; the choice belongs to this assessment."""
    import datetime as dt

    from assessment.readout.build import day

    answers = {q.id: Answer(choice=1) for q in FW.questions}
    answers["dedicated_staff.posting_rights"] = Answer(choice=0)  # urgent: due within 14 days
    assessed = dt.date(2026, 11, 2)
    org = Organization(name="Start Co", date=assessed)
    aid = store.import_responses(Responses(organization=org, answers=answers))
    at = go(new_session(aid), "report")
    no_exception(at)
    picker = next(d for d in at.date_input if d.label == "Plan dates count from")
    assert picker.value == assessed
    assert f"Dates count from the assessment date, {day(assessed)}." in texts(at)
    assert len(built_pdfs) == 1
    chosen = dt.date(2027, 1, 4)
    at = picker.set_value(chosen).run()
    no_exception(at)
    assert f"Dates count from {day(chosen)}, the start you chose" in texts(at)
    assert len(built_pdfs) == 2  # rebuilt for the new start
    pdf = ParsedPdf(built_pdfs[-1])
    assert f"Assessed {day(assessed)}" in pdf.pages[0]
    assert f"Plan dates count from {day(chosen)}" in pdf.pages[0]
    assert squash(f"{day(chosen + dt.timedelta(days=14))} Days 1-14") in squash(pdf.pages[1])
    at = go(go(at, "results"), "report")  # the choice outlives the page's own widget
    no_exception(at)
    assert next(d for d in at.date_input if d.label == "Plan dates count from").value == chosen
    assert len(built_pdfs) == 2  # the same file, from the cache
