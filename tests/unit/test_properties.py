"""Property tests: monotonicity, N/A exclusion, extremes, file round trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessment.domain.models import MAX_NOTE_CHARS, Answer
from assessment.domain.scoring import score
from assessment.files.answers_file import dump_answers, read_answers
from tests.builders import responses
from tests.strategies import FW, QIDS, hard_cases, responses_st


@given(responses_st, st.sampled_from(QIDS), st.data())
def test_raising_one_answer_never_lowers_dimension_or_overall(resp, qid, data):
    current = resp.answers.get(qid)
    low = current.points if current is not None and current.points is not None else 0
    if current is None or current.choice == "not_applicable":
        low = data.draw(st.integers(0, 4))
        resp.answers[qid] = Answer(choice=low)
    higher = data.draw(st.integers(low, 4))
    before = score(FW, resp)
    raised = resp.model_copy(update={"answers": resp.answers | {qid: Answer(choice=higher)}})
    after = score(FW, raised)
    dim = FW.question(qid).dimension
    was, now = before.dimensions[dim], after.dimensions[dim]
    if was.score is not None:  # a known answer more never un-assesses a dimension
        assert now.score is not None and now.score >= was.score
    if not before.overall.provisional:
        assert not after.overall.provisional
        assert after.overall.score >= before.overall.score
        assert after.overall.level >= before.overall.level


@given(responses_st, st.sampled_from(QIDS))
def test_not_applicable_is_excluded_from_the_score(resp, qid):
    """Marking a question N/A gives the same score as if the question did not exist."""
    with_na = resp.model_copy(
        update={"answers": resp.answers | {qid: Answer(choice="not_applicable")}}
    )
    without = resp.model_copy(
        update={"answers": {k: v for k, v in resp.answers.items() if k != qid}}
    )
    dim = FW.question(qid).dimension
    a, b = score(FW, with_na), score(FW, without)
    # N/A also lowers the known answers needed (half of the applicable questions), so the
    # dimension may be assessed with it and not without it; where both are, scores agree
    if b.dimensions[dim].score is not None:
        assert a.dimensions[dim].score == b.dimensions[dim].score
    assert qid in a.exclusions


@given(st.sampled_from([0, 4]), st.lists(st.sampled_from(QIDS), max_size=10))
def test_extremes_with_some_not_applicable(level, na_ids):
    answers = {q: Answer(choice=level) for q in QIDS} | {
        q: Answer(choice="not_applicable") for q in na_ids
    }
    r = score(FW, responses(answers))
    if level == 4:
        assert all(d.score in (100, None) for d in r.dimensions.values())
    else:
        assert r.overall.level in (1, None)
        assert all(d.score in (0, None) for d in r.dimensions.values())
    assert r.overall.provisional == any(d.status == "not_assessed" for d in r.dimensions.values())


@hard_cases
@given(responses_st)
def test_answers_file_round_trip(resp):
    assert read_answers(dump_answers(resp), FW).responses == resp


def test_scores_stay_in_range_for_long_notes():
    dimension = FW.question(QIDS[0]).dimension
    answers = {q.id: Answer(choice=2) for q in FW.questions_for(dimension)}
    answers[QIDS[0]] = Answer(choice=2, note="n" * MAX_NOTE_CHARS)
    resp = responses(answers)
    assert score(FW, resp).dimensions[dimension].score == 50
