"""Workshop aggregation: distributions, spread, median suggestion, disputed ranking, role gaps."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.models import Answer, Choice, Framework, Organization
from assessment.scoring import score
from assessment.workshop import (
    NO_ROLE,
    Participant,
    consensus_from_suggestions,
    median_suggestion,
    summarize,
)
from tests.builders import responses

ORG = Organization(name="Acme")


def person(
    key: str, answers: dict[str, Choice], role: str = "", finished: bool = False
) -> Participant:
    return Participant(
        key=key,
        label=f"P{key}",
        role=role,
        finished=finished,
        responses=responses(answers, name=ORG.name),
    )


def everywhere(framework: Framework, choice: Choice) -> dict[str, Choice]:
    return {q.id: choice for q in framework.questions}


# ----------------------------------------------------------------------------- median


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([3], 3),
        ([0, 4], 2),
        ([1, 2], 1),  # tie between two scores: the lower one
        ([2, 3], 2),
        ([0, 0, 4], 0),
        ([1, 2, 3, 4], 2),  # median 2.5 -> 2
        ([4, 4, 3, 3], 3),  # median 3.5 -> 3
    ],
)
def test_median_suggestion_takes_the_lower_score_on_a_tie(points: list[int], expected: int) -> None:
    assert median_suggestion(points) == expected


def test_median_suggestion_without_scores() -> None:
    assert median_suggestion([], dont_know=1, not_applicable=3) == "dont_know"
    assert median_suggestion([], not_applicable=1) == "not_applicable"
    assert median_suggestion([]) is None


@given(st.lists(st.integers(0, 4), min_size=1, max_size=40))
def test_median_suggestion_is_a_chosen_range_value(points: list[int]) -> None:
    value = median_suggestion(points)
    assert isinstance(value, int)
    assert min(points) <= value <= max(points)
    assert value <= statistics.median(points) < value + 1


# ----------------------------------------------------------------------------- distributions


def test_distribution_counts_every_kind_of_answer(framework: Framework) -> None:
    qid = framework.questions[0].id
    people = [
        person("1", {qid: 0}),
        person("2", {qid: 4}),
        person("3", {qid: 4}),
        person("4", {qid: "dont_know"}),
        person("5", {qid: "not_applicable"}),
        person("6", {}),
    ]
    summary = summarize(framework, people)
    dist = summary.questions[0]
    assert dist.counts == {0: 1, 1: 0, 2: 0, 3: 0, 4: 2}
    assert (dist.dont_know, dist.not_applicable, dist.unanswered) == (1, 1, 1)
    assert dist.scored == 3
    assert dist.range == 4
    assert dist.stdev == round(statistics.pstdev([0, 4, 4]), 2)
    assert dist.median == 4
    assert dist.suggestion == 4
    # a question nobody answered has no spread and no suggestion
    assert summary.questions[1].stdev is None
    assert summary.questions[1].suggestion is None
    assert framework.questions[1].id not in summary.suggestions


def test_disputed_ranks_by_standard_deviation_then_range(framework: Framework) -> None:
    q = [x.id for x in framework.questions]
    people = [
        person("1", {q[0]: 0, q[1]: 0, q[2]: 2, q[3]: 1, q[4]: 0}),
        person("2", {q[0]: 4, q[1]: 4, q[2]: 2, q[3]: 2, q[4]: 4}),
        person("3", {q[0]: 4, q[1]: 0, q[2]: 2, q[3]: 3}),
        person("4", {q[0]: 4, q[1]: 4, q[2]: 2}),
    ]
    summary = summarize(framework, people)
    ranked = [d.question_id for d in summary.disputed]
    # q1 splits 2-2 (stdev 2), q4 has only two voices but also stdev 2 -> more voices first,
    # q0 is 0,4,4,4 (stdev 1.73), q3 1,2,3 (0.82); q2 everyone agrees: never disputed.
    assert ranked == [q[1], q[4], q[0], q[3]]
    assert q[2] not in ranked


def test_disputed_needs_two_scored_answers(framework: Framework) -> None:
    qid = framework.questions[0].id
    summary = summarize(framework, [person("1", {qid: 0}), person("2", {qid: "dont_know"})])
    assert summary.disputed == []


# ----------------------------------------------------------------------------- dimensions


def test_matrix_uses_the_scoring_module(framework: Framework) -> None:
    people = [
        person("a", everywhere(framework, 4)),
        person("b", everywhere(framework, 0)),
        person("c", {q.id: 2 for q in framework.questions_for("purpose")}),
    ]
    summary = summarize(framework, people)
    for p in people:
        result = score(framework, p.responses)
        assert summary.matrix[p.key] == {
            d: result.dimensions[d].score for d in summary.dimension_ids
        }
    purpose = next(s for s in summary.spreads if s.dimension == "purpose")
    assert (purpose.min, purpose.max, purpose.n) == (0.0, 100.0, 3)
    assert purpose.median == 50.0
    other = next(s for s in summary.spreads if s.dimension == "listening")
    assert other.n == 2 and other.stdev == 50.0
    assert summary.labels == {"a": "Pa", "b": "Pb", "c": "Pc"}


def test_participation(framework: Framework) -> None:
    people = [
        person("1", everywhere(framework, 2), finished=True),
        person("2", {framework.questions[0].id: 1}),
        person("3", {}),
        person("4", everywhere(framework, "dont_know"), finished=True),
    ]
    p = summarize(framework, people).participation
    assert (p.joined, p.started, p.finished, p.complete) == (4, 3, 2, 2)


def test_role_means_and_gaps(framework: Framework) -> None:
    people = [
        person("1", everywhere(framework, 4), role="IT"),
        person("2", everywhere(framework, 2), role=" it "),
        person("3", everywhere(framework, 0), role="Marketing"),
        person("4", everywhere(framework, 1), role=""),
    ]
    summary = summarize(framework, people)
    roles = {r.role: r for r in summary.roles}
    assert set(roles) == {"IT", "Marketing", NO_ROLE}
    assert roles["IT"].participants == 2
    assert roles["IT"].means["purpose"] == 75.0
    assert roles[NO_ROLE].means["purpose"] == 25.0
    assert len(summary.role_gaps) == len(framework.dimensions)
    gap = summary.role_gaps[0]
    assert (gap.high_role, gap.low_role, gap.gap) == ("IT", "Marketing", 75.0)


def test_no_role_gaps_with_one_role(framework: Framework) -> None:
    people = [
        person("1", everywhere(framework, 4), "IT"),
        person("2", everywhere(framework, 0), "IT"),
    ]
    assert summarize(framework, people).role_gaps == []


def test_duplicate_keys_are_refused(framework: Framework) -> None:
    with pytest.raises(ValueError, match="unique"):
        summarize(framework, [person("1", {}), person("1", {})])


def test_consensus_uses_agreed_answers_over_suggestions(framework: Framework) -> None:
    q0, q1 = framework.questions[0].id, framework.questions[1].id
    summary = summarize(framework, [person("1", {q0: 1, q1: 3}), person("2", {q0: 3, q1: 3})])
    consensus = consensus_from_suggestions(summary, ORG, {q0: Answer(choice=4)})
    assert consensus.answers[q0].choice == 4
    assert consensus.answers[q1].choice == 3
    assert set(consensus.answers) == {q0, q1}


# ----------------------------------------------------------------------------- properties

choices = st.one_of(st.integers(0, 4), st.sampled_from(["dont_know", "not_applicable"]), st.none())


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_distribution_accounts_for_every_participant(
    framework: Framework, data: st.DataObject
) -> None:
    qids = [q.id for q in framework.questions[:6]]
    n = data.draw(st.integers(1, 12))
    people = []
    for i in range(n):
        picked = {q: c for q in qids if (c := data.draw(choices)) is not None}
        people.append(person(str(i), picked, role=data.draw(st.sampled_from(["", "IT", "Ops"]))))
    summary = summarize(framework, people, disputed_limit=None)
    for dist in summary.questions:
        total = sum(dist.counts.values()) + dist.dont_know + dist.not_applicable + dist.unanswered
        assert total == n
        assert dist.scored == sum(dist.counts.values())
    stdevs = [d.stdev or 0 for d in summary.disputed]
    assert stdevs == sorted(stdevs, reverse=True)
    for spread in summary.spreads:
        if spread.n:
            assert spread.min is not None and spread.max is not None and spread.median is not None
            assert spread.min <= spread.median <= spread.max
    assert sum(r.participants for r in summary.roles) == n
