"""What moved between two assessments, and whether done steps show (domain/progress.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, Responses, StepState, StepStatus
from assessment.domain.progress import FALL, RISE, compare
from tests.builders import FW, responses
from tests.strategies import QIDS, mostly_known, responses_st


def _with(resp: Responses, changes: dict[str, Answer]) -> Responses:
    return resp.model_copy(update={"answers": resp.answers | changes})


def test_unchanged_answers_move_nothing_on_a_full_set():
    ev = evaluate(FW, responses(2))
    progress = compare(FW, ev, ev)
    assert progress.changed == []
    assert all(d.moved == 0 for d in progress.dimensions)
    assert progress.biggest_moves() == []
    assert progress.level.then == progress.level.now
    assert progress.level.story == [
        f"The overall level stays at {ev.result.overall.level} ({ev.result.overall.label})."
    ]


def test_a_raised_dimension_is_explained_by_its_answers():
    before = responses(1)
    purpose = [q.id for q in FW.questions_for("purpose")]
    after = _with(before, {q: Answer(choice=4, note="done now") for q in purpose})
    progress = compare(FW, evaluate(FW, before), evaluate(FW, after))
    move = next(d for d in progress.dimensions if d.id == "purpose")
    assert move.then == 25.0 and move.now == 100.0 and move.moved == 75.0
    assert not move.small
    assert set(move.rose) == set(purpose)
    assert [c.question for c in progress.changed] == purpose
    assert all(c.direction == RISE and c.note_now == "done now" for c in progress.changed)
    assert progress.biggest_moves()[0].id == "purpose"
    assert any(line.startswith("Purpose rose 75 points") for line in progress.level.story)


def test_one_answer_by_one_option_is_small_and_two_options_is_not():
    before = responses(2)
    qid = FW.questions_for("listening")[0].id
    one = compare(FW, evaluate(FW, before), evaluate(FW, _with(before, {qid: Answer(choice=3)})))
    two = compare(FW, evaluate(FW, before), evaluate(FW, _with(before, {qid: Answer(choice=4)})))
    assert next(d for d in one.dimensions if d.id == "listening").small
    moved_two = next(d for d in two.dimensions if d.id == "listening")
    assert moved_two.moved and moved_two.moved > 0 and not moved_two.small


def test_a_dimension_not_assessed_at_one_end_gets_no_moved_claim():
    listening = {q.id for q in FW.questions_for("listening")}
    before = responses(lambda q: "dont_know" if q.id in listening else 2)
    after = responses(3)
    progress = compare(FW, evaluate(FW, before), evaluate(FW, after))
    move = next(d for d in progress.dimensions if d.id == "listening")
    assert move.then is None and move.now is not None and move.moved is None
    assert progress.level.then is None  # provisional then: no level change claimed
    assert "provisional last time" in progress.level.story[0]


def test_answers_that_fell_and_flags_raised_and_cleared():
    before = responses(3)
    after = responses(0)
    progress = compare(FW, evaluate(FW, before), evaluate(FW, after))
    assert {c.question for c in progress.fell} == set(QIDS)
    assert all(c.direction == FALL and c.points == -3 for c in progress.fell)
    assert progress.flags_raised  # all zeros confirm flags that threes did not
    assert progress.flags_cleared == []
    back = compare(FW, evaluate(FW, after), evaluate(FW, before))
    assert set(back.flags_cleared) == set(progress.flags_raised)


def test_step_statuses_showing_not_showing_and_undecided():
    before = responses(1)
    then = evaluate(FW, before)
    first, second, third, fourth = then.plan.actions[:4]
    after = _with(before, {q: Answer(choice=4) for q in first.questions})
    after = _with(after, {q: Answer(choice="dont_know") for q in third.questions})
    statuses = {
        first.id: StepStatus(status=StepState.DONE),
        second.id: StepStatus(status=StepState.DONE, note="launched"),
        third.id: StepStatus(status=StepState.DONE),
        fourth.id: StepStatus(status=StepState.DROPPED),
    }
    steps = {s.id: s for s in compare(FW, then, evaluate(FW, after), statuses).steps}
    assert steps[first.id].showing is True
    shared = set(first.questions) & set(second.questions)
    assert steps[second.id].showing is bool(shared)
    assert steps[second.id].note == "launched"
    if not set(third.questions) & set(first.questions):
        assert steps[third.id].showing is None  # nothing known now: cannot tell
    assert steps[fourth.id].status == StepState.DROPPED and steps[fourth.id].showing is None
    assert all(s.status == StepState.TO_DO for s in steps.values() if s.id not in statuses)


def test_statuses_default_to_those_kept_in_the_earlier_answers():
    before = responses(1)
    then = evaluate(FW, before)
    step = then.plan.actions[0]
    kept = before.model_copy(update={"step_status": {step.id: StepStatus(status="doing")}})
    progress = compare(FW, evaluate(FW, kept), evaluate(FW, before))
    assert progress.steps[0].id == step.id and progress.steps[0].status == StepState.DOING


# --------------------------------------------------------------------------- properties


@given(responses_st)
def test_property_unchanged_answers_move_nothing(resp):
    ev = evaluate(FW, resp)
    progress = compare(FW, ev, ev)
    assert progress.changed == []
    assert all(d.moved in (None, 0) for d in progress.dimensions)
    assert progress.flags_raised == [] and progress.flags_cleared == []
    assert all(s.showing is not True for s in progress.steps)


@given(responses_st, st.sampled_from(QIDS), st.data())
def test_property_a_raised_answer_never_lowers_its_dimensions_moved_figure(resp, qid, data):
    current = resp.answers.get(qid)
    low = current.choice if current is not None and isinstance(current.choice, int) else None
    if low is None:
        low = data.draw(st.integers(0, 3))
        resp = _with(resp, {qid: Answer(choice=low)})
    higher = data.draw(st.integers(low, 4))
    progress = compare(
        FW, evaluate(FW, resp), evaluate(FW, _with(resp, {qid: Answer(choice=higher)}))
    )
    move = next(d for d in progress.dimensions if d.id == FW.question(qid).dimension)
    assert move.moved is None or move.moved >= 0
    assert all(c.direction == RISE for c in progress.changed)


@given(mostly_known, st.data())
def test_property_done_steps_whose_questions_rose_are_showing(resp, data):
    then = evaluate(FW, resp)
    steps = then.plan.actions
    if not steps:
        return
    done = data.draw(
        st.lists(st.sampled_from(steps), min_size=1, max_size=3, unique_by=lambda s: s.id)
    )
    raised = {}
    for step in done:
        qid = data.draw(st.sampled_from(step.questions))
        was = resp.answers[qid].choice
        assert isinstance(was, int)  # a planned step moves only known answers
        raised[qid] = Answer(choice=data.draw(st.integers(was + 1, 4)))
    statuses = {s.id: StepStatus(status=StepState.DONE) for s in done}
    progress = compare(FW, then, evaluate(FW, _with(resp, raised)), statuses)
    outcomes = {s.id: s for s in progress.steps}
    for step in done:
        assert outcomes[step.id].showing is True
    for outcome in progress.steps:
        if outcome.id not in statuses:
            assert outcome.showing is None


def test_the_decision_stops_done_steps_without_effect_and_replans_when_answers_fall():
    before = responses(1)
    then = evaluate(FW, before)
    steps = then.plan.actions[:3]
    done = {s.id: StepStatus(status=StepState.DONE) for s in steps}
    untouched_ids = {q for s in steps for q in s.questions}
    # nothing moved: every done step shows nothing -> stop them
    same = compare(FW, then, evaluate(FW, before), done)
    assert same.decision.kind == "stop" and same.decision.steps == [s.id for s in steps]
    # their questions rose -> continue
    raised = _with(before, {q: Answer(choice=3) for q in untouched_ids})
    assert compare(FW, then, evaluate(FW, raised), done).decision.kind == "continue"
    # nothing done, answers fell -> re-plan
    fell = compare(FW, evaluate(FW, responses(3)), evaluate(FW, responses(2)))
    assert fell.decision.kind == "re-plan" and "fell" in fell.decision.reason
    # nothing done, nothing moved -> carry on
    still = compare(FW, then, then)
    assert still.decision.kind == "continue" and "No step" in still.decision.reason


def test_a_follow_up_workshop_says_whether_the_groups_spread_narrowed():
    from assessment.domain.progress import spread_change
    from assessment.domain.workshop import DimensionSpread

    def spread(dim: str, stdev: float | None) -> DimensionSpread:
        return DimensionSpread(
            dimension=dim, name=dim.title(), n=5, min=None, max=None, median=None, stdev=stdev
        )

    then = [spread("purpose", 20.0), spread("listening", 10.0), spread("accountability", None)]
    now = [spread("purpose", 8.0), spread("listening", 12.0), spread("accountability", 3.0)]
    changes = {c.dimension: c for c in spread_change(then, now)}
    assert changes["purpose"].narrowed is True and not changes["purpose"].small
    assert changes["listening"].narrowed is False and changes["listening"].small
    assert changes["accountability"].narrowed is None  # too few people then to show it


def test_the_progress_page_names_flags_in_the_sector_s_words():
    """A hospital's follow-up says "Patients left unanswered", as its risk flags do."""
    from assessment.domain.sector_ids import Sector
    from assessment.readout.progress import progress_view

    before, after = responses(3), responses(0)
    progress = compare(FW, evaluate(FW, before), evaluate(FW, after))
    hospital = progress_view(FW, progress, None, (), Sector("healthcare"))
    shop = progress_view(FW, progress, None, (), Sector("retail_ecommerce"))
    assert any("Patients" in t for t in hospital.flags_raised)
    assert not any("ustomer" in t for t in hospital.flags_raised)
    assert any("Customers" in t for t in shop.flags_raised)
