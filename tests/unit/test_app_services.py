"""The use cases in assessment/app, on a temporary SQLite store: no Streamlit, no browser."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import pytest

from assessment.app import assessments as self_service
from assessment.app import deliverables
from assessment.app import workshops as workshop_service
from assessment.app.assessments import NewAssessment, Working
from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Choice, Organization, Responses
from assessment.files.answers_file import dump_answers
from assessment.readout.build import build_readout
from assessment.store import AssessmentStore, ParticipantAnswers, StoreError, WorkshopStore

FW = default_framework()
DATA = Path(__file__).resolve().parents[1] / "data"
Q0, Q1 = FW.questions[0].id, FW.questions[1].id


@pytest.fixture
def store(tmp_path) -> AssessmentStore:
    return AssessmentStore(url=f"sqlite:///{tmp_path / 'app.db'}")


@pytest.fixture
def ws(store: AssessmentStore) -> WorkshopStore:
    return WorkshopStore(engine=store.engine)


class FlakyStore:
    """An AnswerStore whose saves fail while `down` is set (the database busy or unreachable)."""

    def __init__(self, inner: AssessmentStore):
        self.inner = inner
        self.down = False

    def load(self, assessment_id: str) -> Responses | None:
        return self.inner.load(assessment_id)

    def save_answers(self, assessment_id: str, batch: Mapping[str, Answer | None]) -> None:
        if self.down:
            raise StoreError("not saved: database is locked")
        self.inner.save_answers(assessment_id, batch)


# --------------------------------------------------------------------------- self-assessment


def choose(store: self_service.AnswerStore, work: Working, qid: str, choice: Choice) -> bool:
    """What the wizard does on a click: hold the choice, then save what is pending."""
    self_service.hold_choice(work, qid, choice)
    return self_service.flush(store, work)


def write_note(store: self_service.AnswerStore, work: Working, qid: str, note: str) -> bool:
    """What the wizard does with a note: hold it (if it changed), then save what is pending."""
    self_service.hold_note(work, qid, note)
    return self_service.flush(store, work)


def record_targets(store: AssessmentStore, work: Working, targets: dict[str, int]) -> bool:
    """What the Results page does on a target change: hold it, then save what is pending."""
    self_service.hold_targets(work, targets)
    return self_service.flush(store, work)


def test_create_saves_the_organisation_with_todays_date(store: AssessmentStore) -> None:
    made = self_service.create(
        store, NewAssessment(" Acme ", "Retail", "10-49 people"), dt.date(2026, 3, 1)
    )
    assert made.ok and made.value is not None
    saved = store.load(made.value.assessment_id)
    assert saved is not None
    assert saved.organization.name == "Acme" and saved.organization.sector == "Retail"
    assert saved.organization.date == dt.date(2026, 3, 1)


def test_create_without_a_name_names_the_problem(store: AssessmentStore) -> None:
    made = self_service.create(store, NewAssessment("   "))
    assert made.value is None
    assert made.problems == ["Please enter the organisation's name (up to 200 characters)."]


def test_an_answer_survives_a_failed_save_and_is_saved_on_the_next_action(
    store: AssessmentStore,
) -> None:
    work = self_service.create(store, NewAssessment("Acme")).value
    assert work is not None
    flaky = FlakyStore(store)
    flaky.down = True
    assert not choose(flaky, work, Q0, 3)
    assert work.pending == {Q0: Answer(choice=3)} and "locked" in (work.last_error or "")
    assert work.responses.answers[Q0].choice == 3  # the user still sees their answer
    flaky.down = False
    assert write_note(flaky, work, Q0, "we do this weekly")
    saved = store.load(work.assessment_id)
    assert saved is not None
    assert saved.answers[Q0] == Answer(choice=3, note="we do this weekly")
    assert work.unsaved == 0 and work.last_error is None


def test_a_new_choice_keeps_the_note(store: AssessmentStore) -> None:
    work = self_service.create(store, NewAssessment("Acme")).value
    assert work is not None
    choose(store, work, Q0, 1)
    write_note(store, work, Q0, "context")
    choose(store, work, Q0, "dont_know")
    saved = store.load(work.assessment_id)
    assert saved is not None and saved.answers[Q0] == Answer(choice="dont_know", note="context")


def test_resume_by_link_or_code_and_refuse_what_is_neither(store: AssessmentStore) -> None:
    work = self_service.create(store, NewAssessment("Acme")).value
    assert work is not None
    choose(store, work, Q0, 2)
    link = f"https://readiness.example/results?a={work.assessment_id}&step=2"
    for text in (link, f"  {work.assessment_id} "):
        found = self_service.resume(store, FW, text)
        assert found.value is not None and found.value.responses.answers[Q0].choice == 2
    assert "not an assessment link" in self_service.resume(store, FW, "hello").problems[0]
    unknown = "A" * 43
    assert "No assessment has that link" in self_service.resume(store, FW, unknown).problems[0]


def test_import_makes_a_new_assessment_and_refuses_a_broken_file(store: AssessmentStore) -> None:
    responses = Responses(
        organization=Organization(name="Imported"), answers={Q0: Answer(choice=4)}
    )
    made = self_service.import_answers(store, FW, dump_answers(responses).encode())
    assert made.value is not None
    saved = store.load(made.value.assessment_id)
    assert saved is not None and saved.answers == {Q0: Answer(choice=4)}
    broken = self_service.import_answers(store, FW, b"{not json")
    assert broken.value is None and broken.problems[0].startswith("not JSON")


def test_targets_are_saved_and_change_the_evaluation(store: AssessmentStore) -> None:
    work = self_service.create(store, NewAssessment("Acme")).value
    assert work is not None
    for q in FW.questions:
        choose(store, work, q.id, 2)
    before = self_service.evaluation(FW, work)
    assert self_service.evaluation(FW, work) is before  # computed once per change
    assert record_targets(store, work, {"purpose": 5})
    after = self_service.evaluation(FW, work)
    assert after.result.dimensions["purpose"].target == 5
    assert after.result.dimensions["purpose"].gap > before.result.dimensions["purpose"].gap
    saved = store.load(work.assessment_id)
    assert saved is not None and saved.targets == {"purpose": 5}


def test_evaluate_file_reports_the_notices_of_an_older_file() -> None:
    old = (DATA / "answers_before_question_renames.json").read_bytes()
    read = self_service.evaluate_file(FW, old)
    assert read.notices, "an older file's renamed questions are said, not silently moved"
    assert read.evaluation.result.completeness > 0


def test_answers_digest_changes_with_answers_and_options() -> None:
    a = Responses(organization=Organization(name="A"), answers={Q0: Answer(choice=1)})
    b = Responses(organization=Organization(name="A"), answers={Q0: Answer(choice=2)})
    assert deliverables.answers_digest(a, "a4") == deliverables.answers_digest(a, "a4")
    assert deliverables.answers_digest(a, "a4") != deliverables.answers_digest(b, "a4")
    assert deliverables.answers_digest(a, "a4") != deliverables.answers_digest(a, "letter")


def test_held_changes_wait_for_flush_and_a_failed_flush_keeps_them(
    store: AssessmentStore,
) -> None:
    """The page keeps a change first and saves it once drawn: nothing reaches the store before
    `flush`, and a failed flush keeps every held change for the next one."""
    work = self_service.create(store, NewAssessment("Acme")).value
    assert work is not None
    self_service.hold_choice(work, Q0, 3)
    assert self_service.hold_note(work, Q0, "weekly")
    assert not self_service.hold_note(work, Q0, "weekly")  # unchanged: nothing to save
    assert not self_service.hold_note(work, Q1, "no answer yet")
    self_service.hold_targets(work, {"purpose": 3})
    saved = store.load(work.assessment_id)
    assert saved is not None and not saved.answers and saved.targets == {}
    assert work.unsaved == 2 and work.last_saved == Q0
    flaky = FlakyStore(store)
    flaky.down = True
    assert not self_service.flush(flaky, work)
    assert work.pending == {Q0: Answer(choice=3, note="weekly")}
    assert self_service.flush(store, work)
    saved = store.load(work.assessment_id)
    assert saved is not None and saved.answers == {Q0: Answer(choice=3, note="weekly")}
    assert saved.targets == {"purpose": 3} and work.unsaved == 0


def test_remembered_opens_a_known_assessment_and_ignores_anything_else(
    store: AssessmentStore,
) -> None:
    work = self_service.create(store, NewAssessment("Acme")).value
    assert work is not None
    found = self_service.remembered(store, FW, work.assessment_id)
    assert found is not None and found.responses.organization.name == "Acme"
    for cookie in (None, "", "A" * 43, work.assessment_id[:20], "x" * 5000, "<script>"):
        assert self_service.remembered(store, FW, cookie) is None

    class Down(FlakyStore):
        def load(self, assessment_id: str) -> Responses | None:
            raise StoreError("cannot read: database is locked")

    assert self_service.remembered(Down(store), FW, work.assessment_id) is None


@pytest.mark.parametrize(
    ("raw", "step"),
    [
        ("1", 1),
        ("6", 6),
        ("006", 6),
        (None, None),
        ("", None),
        ("0", None),
        ("7", None),
        ("-1", None),
        ("²", None),
        ("١", None),  # an Arabic-Indic one: a digit to Python, not a step
        ("1e3", None),
        (" 2", None),
        ("9" * 5000, None),
    ],
)
def test_step_from_param_takes_only_a_plain_step_number(raw: str | None, step: int | None) -> None:
    assert self_service.step_from_param(raw, 6) == step


def test_step_progress_and_unanswered_follow_the_wizard_order() -> None:
    first, second = FW.dimensions[0].id, FW.dimensions[1].id
    answers = {q.id: Answer(choice=2) for q in FW.questions_for(first)}
    answers[FW.questions_for(second)[0].id] = Answer(choice="dont_know")
    progress = self_service.step_progress(FW, answers)
    assert [p.step for p in progress] == list(range(1, len(FW.dimensions) + 1))
    assert progress[0].done and progress[0].answered == len(FW.questions_for(first))
    assert not progress[1].done and progress[1].answered == 1
    left = self_service.unanswered(FW, answers)
    assert len(left) == len(FW.questions) - len(answers)
    assert left[0].step == 2 and left[0].question.id == FW.questions_for(second)[1].id
    assert left[0].number == len(FW.questions_for(first)) + 2  # numbered as the wizard does
    assert [u.number for u in left] == sorted(u.number for u in left)
    assert self_service.unanswered(FW, {q.id: Answer(choice=1) for q in FW.questions}) == []


def _evaluated(choose: Mapping[str, int]) -> self_service.Evaluation:
    responses = Responses(
        organization=Organization(name="Acme"),
        answers={q.id: Answer(choice=choose.get(q.dimension, 2)) for q in FW.questions},
    )
    return self_service.evaluate(FW, responses)


def test_results_draw_the_readout_built_once_per_change(tmp_path: Path) -> None:
    """The Results page asks the use case for the readout every renderer draws (not a rule of
    its own): the same object as `build_readout`, rebuilt only when the answers change."""
    ids = [d.id for d in FW.dimensions]
    evaluated = _evaluated({ids[0]: 0, ids[1]: 1, ids[2]: 4, ids[3]: 3, ids[4]: 1, ids[5]: 2})
    work = self_service.Working("x" * 22, evaluated.responses)
    day = dt.date(2026, 11, 2)
    shown = self_service.readout(FW, work, day)
    assert shown == build_readout(FW, evaluated, day)
    assert self_service.readout(FW, work, day) is shown  # cached
    assert shown.strengths and shown.strengths[0].id == ids[2]
    assert not {d.id for d in shown.gaps} & {d.id for d in shown.strengths}  # never both
    self_service.hold_targets(work, {ids[2]: 5})
    assert self_service.readout(FW, work, day) is not shown


def test_level_bands_cover_0_to_100_without_overlap() -> None:
    bands = [self_service.level_band(FW, lv.level) for lv in FW.levels]
    assert bands[0][0] == 0 and bands[-1][1] == 100
    for (_, high), (low, _) in zip(bands, bands[1:], strict=False):
        assert low == high + 1
    with pytest.raises(KeyError):
        self_service.level_band(FW, 9)


# --------------------------------------------------------------------------- workshops


def _workshop(ws: WorkshopStore) -> tuple[str, str]:
    token = workshop_service.create_workshop(ws, "Acme", "Retail").value
    assert token is not None
    view = ws.facilitator(token)
    assert view is not None
    return token, view.join_code


def test_create_workshop_needs_a_name(ws: WorkshopStore) -> None:
    assert workshop_service.create_workshop(ws, " ").problems == [
        "Please give the organisation's name."
    ]


def test_join_answer_and_dashboard(ws: WorkshopStore) -> None:
    token, code = _workshop(ws)
    ann = workshop_service.join(ws, code, "Ann", "IT", "ip:1").value
    bob = workshop_service.join(ws, code.lower(), "", "Sales", "ip:2").value
    assert ann and bob
    for person, choice in ((ann, 0), (bob, 4)):
        access = ws.participant(person)
        assert access is not None
        own = ParticipantAnswers(ws, person, access.assessment_id)
        work = self_service.open_working(own, FW, access.assessment_id)
        assert work is not None
        assert choose(own, work, Q0, choice)
    view = workshop_service.open_workshop(ws, token)
    assert view is not None
    dash = workshop_service.load_dashboard(ws, FW, view)
    assert dash.summary.participation.joined == 2
    assert [r.label for r in dash.records] == ["Ann", "Participant 2"]
    q0 = next(q for q in dash.detail.questions if q.question_id == Q0)  # the private view
    assert q0.counts[0] == 1 and q0.counts[4] == 1
    assert dash.summary.questions == []  # two answers: no figure for the client


def test_wrong_code_and_closed_workshop_say_why(ws: WorkshopStore) -> None:
    token, code = _workshop(ws)
    wrong = workshop_service.join(ws, "ZZZZ-ZZZZ", "Ann", "", "ip:1")
    assert wrong.problems == ["No workshop has this join code; check it and try again"]
    assert workshop_service.set_open(ws, token, is_open=False).ok
    closed = workshop_service.join(ws, code, "Ann", "", "ip:1")
    assert closed.value is None and "closed" in closed.problems[0]


def test_a_participant_cannot_reach_another_assessment(ws: WorkshopStore) -> None:
    _, code = _workshop(ws)
    ann = workshop_service.join(ws, code, "Ann", "", "ip:1").value
    bob = workshop_service.join(ws, code, "Bob", "", "ip:1").value
    assert ann and bob
    ann_access, bob_access = ws.participant(ann), ws.participant(bob)
    assert ann_access and bob_access
    own = ParticipantAnswers(ws, ann, ann_access.assessment_id)
    assert own.load(bob_access.assessment_id) is None
    with pytest.raises(StoreError, match="not your assessment"):
        own.save_answers(bob_access.assessment_id, {Q0: Answer(choice=4)})


def test_remove_participant_takes_their_answers_out(ws: WorkshopStore) -> None:
    token, code = _workshop(ws)
    ann = workshop_service.join(ws, code, "Ann", "", "ip:1").value
    assert ann
    ws.save_answers(ann, {Q0: Answer(choice=4)})
    removed = workshop_service.remove_participant(ws, token, 1)
    assert removed.ok
    view = ws.facilitator(token)
    assert view is not None
    dash = workshop_service.load_dashboard(ws, FW, view)
    assert dash.records == [] and dash.summary.participation.joined == 0
    assert ws.participant(ann) is None  # their link no longer opens anything
    again = workshop_service.remove_participant(ws, token, 1)
    assert again.value is None and "not in this workshop" in again.problems[0]


def test_consensus_settled_then_suggestions_fill_the_rest(ws: WorkshopStore) -> None:
    token, code = _workshop(ws)
    for name, choice in (("Ann", 2), ("Bob", 3), ("Cy", 3)):  # a clear majority: 3
        person = workshop_service.join(ws, code, name, "", "ip:1").value
        assert person
        ws.save_answers(person, {Q0: Answer(choice=choice), Q1: Answer(choice=choice)})
    view = ws.facilitator(token)
    assert view is not None
    assert workshop_service.settle(ws, view, Q0, 2).ok
    accepted = workshop_service.accept_suggestions(ws, FW, view)
    assert accepted.value == {Q1: 3}  # the settled question is left as the room agreed it
    dash = workshop_service.load_dashboard(ws, FW, view)
    assert dash.agreed == {Q0: Answer(choice=2), Q1: Answer(choice=3)}
    assert dash.consensus().answers[Q0].choice == 2


def test_workshop_pdf_from_the_dashboard(ws: WorkshopStore) -> None:
    token, code = _workshop(ws)
    person = workshop_service.join(ws, code, "Ann", "", "ip:1").value
    assert person
    ws.save_answers(person, {q.id: Answer(choice=2) for q in FW.questions})
    view = ws.facilitator(token)
    assert view is not None
    dash = workshop_service.load_dashboard(ws, FW, view)
    pdf = workshop_service.workshop_pdf(FW, dash.summary, dash.consensus())
    assert pdf.startswith(b"%PDF")


def test_report_from_an_export_reads_the_rows() -> None:
    header = ["Timestamp", "Name"] + [q.text for q in FW.questions]
    rows = [
        ["2026-01-01", "Ann"] + [q.options[1].label for q in FW.questions],
        ["2026-01-01", "Bob"] + [q.options[3].label for q in FW.questions],
    ]
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    data = out.getvalue().encode()
    parsed = workshop_service.read_export(FW, data, "responses.csv")
    assert len(parsed.rows) == 2 and not parsed.skipped
    pdf = workshop_service.report_from_export(FW, parsed, Organization(name="Acme"))
    assert pdf.startswith(b"%PDF")


def test_new_assessments_and_workshops_are_limited_per_client(
    store: AssessmentStore, ws: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_MAX_ASSESSMENTS_PER_HOUR", "2")
    monkeypatch.setenv("READINESS_MAX_WORKSHOPS_PER_HOUR", "1")
    form = NewAssessment("Acme")
    assert self_service.create(store, form, client_key="ip:1").ok
    data = dump_answers(Responses(organization=Organization(name="Imported"))).encode()
    assert self_service.import_answers(store, FW, data, client_key="ip:1").ok
    refused = self_service.create(store, form, client_key="ip:1")
    assert refused.value is None and refused.problems[0].startswith("Too many new assessments")
    assert self_service.create(store, form, client_key="ip:2").ok  # another client is not held
    assert workshop_service.create_workshop(ws, "Acme", client_key="ip:1").ok
    again = workshop_service.create_workshop(ws, "Acme", client_key="ip:1")
    assert again.value is None and again.problems[0].startswith("Too many new workshops")


def test_exports_are_built_once_per_change_and_refused_with_a_reason(
    store: AssessmentStore,
) -> None:
    work = self_service.create(store, NewAssessment("Acme"), dt.date(2026, 3, 1)).value
    assert work is not None
    empty = self_service.export(FW, work, "ics")
    assert empty.value is None and empty.problems  # no step yet: nothing to put in a calendar
    for q in FW.questions:
        choose(store, work, q.id, 1)
    first = self_service.export(FW, work, "xlsx")
    assert first.value is not None and first.value.filename.endswith(".xlsx")
    assert self_service.export(FW, work, "xlsx").value is first.value  # cached
    choose(store, work, Q0, 4)
    again = self_service.export(FW, work, "xlsx").value
    assert again is not None and again is not first.value  # rebuilt after a change


def test_branding_from_the_facilitators_form_names_the_problem() -> None:
    good = workshop_service.branding("Northlight Consulting", "#0b5394", None)
    assert good.value is not None and good.value.prepared_by == "Northlight Consulting"
    not_an_image = workshop_service.branding("Northlight", "#0b5394", b"GIF89a...")
    assert not_an_image.value is None and "PNG or JPEG" in not_an_image.problems[0]
    broken_png = workshop_service.branding("Northlight", "#0b5394", b"\x89PNG\r\n\x1a\nnot really")
    assert broken_png.value is None and broken_png.problems[0].startswith("logo")
    bad_colour = workshop_service.branding("Northlight", "red", None)
    assert bad_colour.value is None and "primary_colour" in bad_colour.problems[0]
