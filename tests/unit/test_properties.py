"""Property tests: monotonicity, N/A exclusion, extremes, file round trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers_file import dump_answers, parse_answers
from assessment.content import default_framework
from assessment.models import MAX_NOTE_CHARS, Answer, Organization, Responses
from assessment.scoring import score

FW = default_framework()
QIDS = [q.id for q in FW.questions]
DIMS = [d.id for d in FW.dimensions]

choices = st.one_of(st.integers(0, 4), st.sampled_from(["dont_know", "not_applicable"]))
answers_st = st.dictionaries(
    st.sampled_from(QIDS),
    st.builds(Answer, choice=choices, note=st.text(max_size=50)),
)
responses_st = st.builds(
    Responses,
    organization=st.builds(
        Organization,
        name=st.text(min_size=1, max_size=40).filter(str.strip),
        sector=st.none() | st.text(max_size=20),
    ),
    answers=answers_st,
    targets=st.dictionaries(st.sampled_from(DIMS), st.integers(1, 5)),
)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
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
    assert after.dimensions[dim].score >= before.dimensions[dim].score
    assert after.overall.score >= before.overall.score
    assert after.overall.level >= before.overall.level


@fast
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
    assert a.dimensions[dim].score == b.dimensions[dim].score
    assert qid in a.exclusions


@fast
@given(st.sampled_from([0, 4]), st.lists(st.sampled_from(QIDS), max_size=10))
def test_extremes_with_some_not_applicable(level, na_ids):
    answers = {q: Answer(choice=level) for q in QIDS} | {
        q: Answer(choice="not_applicable") for q in na_ids
    }
    r = score(FW, Responses(organization=Organization(name="X"), answers=answers))
    if level == 4:
        assert all(d.score in (100, None) for d in r.dimensions.values())
    else:
        assert r.overall.level == 1
        assert all(d.score in (0, None) for d in r.dimensions.values())


@fast
@given(responses_st)
def test_answers_file_round_trip(resp):
    assert parse_answers(dump_answers(resp), FW) == resp


def test_scores_stay_in_range_for_long_notes():
    resp = Responses(
        organization=Organization(name="X"),
        answers={QIDS[0]: Answer(choice=2, note="n" * MAX_NOTE_CHARS)},
    )
    assert score(FW, resp).dimensions[FW.question(QIDS[0]).dimension].score == 50
