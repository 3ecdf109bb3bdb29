"""Workshop aggregation: distributions, the clear-majority rule, suggestions, the dispute ranking,
consensus statuses, the anonymity rule (no figure for fewer than 3 people) and the headline."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assessment.domain.models import Answer, Choice, Framework, Organization, Responses
from assessment.domain.scoring import score
from assessment.domain.workshop import (
    MAJORITY_SHARE,
    MIN_GROUP,
    NO_ROLE,
    OTHER_ROLES,
    Agreement,
    ConsensusStatus,
    Decision,
    Participant,
    agreement_of,
    analyse,
    consensus_from_suggestions,
    dispute_key,
    disputed,
    distribution_of,
    middle_answer,
    offered_choices,
    spread_text,
    summarize,
)
from assessment.readout.workshop import headline_lines
from tests.strategies import FW

ORG = Organization(name="Acme")
Q = FW.questions[0]


def person(
    key: str,
    answers: dict[str, Choice],
    role: str = "",
    finished: bool = False,
    notes: dict[str, str] | None = None,
    shared: set[str] | None = None,
) -> Participant:
    notes = notes or {}
    return Participant(
        key=key,
        label=f"P{key}",
        role=role,
        finished=finished,
        responses=Responses(
            organization=ORG,
            answers={q: Answer(choice=c, note=notes.get(q, "")) for q, c in answers.items()},
        ),
        shared=shared or set(),
    )


def everywhere(framework: Framework, choice: Choice) -> dict[str, Choice]:
    return {q.id: choice for q in framework.questions}


def room(*choices: Choice, qid: str | None = None) -> list[Participant]:
    """One participant per choice, all answering the same question."""
    qid = qid or Q.id
    return [person(str(i), {qid: c}) for i, c in enumerate(choices, start=1)]


# ----------------------------------------------------------------------------- middle answer


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([3], 3),
        ([0, 4], 0),  # two middle scores: the lower one, which somebody chose
        ([1, 3, 3, 1], 1),
        ([2, 3], 2),
        ([0, 0, 4], 0),
        ([1, 2, 3, 4], 2),
        ([4, 4, 3, 3], 3),
        ([], None),
    ],
)
def test_middle_answer_is_the_lower_middle_score(points: list[int], expected: int | None) -> None:
    assert middle_answer(points) == expected


@given(st.lists(st.integers(0, 4), min_size=1, max_size=60))
@example([0, 4])
@example([3])
def test_middle_answer_is_always_a_score_somebody_chose(points: list[int]) -> None:
    middle = middle_answer(points)
    assert middle in points
    assert middle <= statistics.median(points)


# ----------------------------------------------------------------------------- clear majority


@pytest.mark.parametrize(
    ("points", "dk", "na", "agreement", "suggestion"),
    [
        ([0, 4], 0, 0, Agreement.FEW, None),  # two voices: too few to call
        ([3, 3], 0, 0, Agreement.FEW, None),
        ([0, 0, 4, 4], 0, 0, Agreement.SPLIT, None),  # 0 against 4: never "2"
        ([0, 4, 4, 4], 0, 0, Agreement.MAJORITY, 4),  # 3 of 4 = 75%: the threshold holds
        ([0, 0, 3, 4, 4], 0, 0, Agreement.SPLIT, None),  # 3 of 5 within one of 3
        ([2, 3, 3, 4], 0, 0, Agreement.MAJORITY, 3),  # all within one option of 3
        ([1, 1, 3, 3], 0, 0, Agreement.SPLIT, None),  # middle 1: only half within one
        ([3, 3, 3], 1, 0, Agreement.MAJORITY, 3),  # 3 of 4 answers, DK in the total
        ([3, 3], 2, 0, Agreement.SPLIT, None),
        ([2], 3, 0, Agreement.MAJORITY, "dont_know"),  # 3 of 4 say they don't know
        ([], 0, 3, Agreement.MAJORITY, "not_applicable"),
    ],
)
def test_clear_majority_rule(
    points: list[int], dk: int, na: int, agreement: Agreement, suggestion: Choice | None
) -> None:
    got, share, suggested = agreement_of(points, dk, na)
    assert (got, suggested) == (agreement, suggestion)
    if agreement == Agreement.FEW:
        assert share is None
    else:
        assert share is not None and (share >= MAJORITY_SHARE) == (agreement == Agreement.MAJORITY)


answer_lists = st.lists(
    st.one_of(st.integers(0, 4), st.sampled_from(["dont_know", "not_applicable"])),
    min_size=0,
    max_size=40,
)


@given(answer_lists)
@example([])
@example([0, 4])  # an even split: the lower middle, never a median nobody chose
@example([0, 0, 4, 4])
@example(["dont_know"] * 3)
@example(["not_applicable", "not_applicable", 1])
def test_a_suggestion_is_always_an_answer_somebody_chose(choices: list[Choice]) -> None:
    dist = distribution_of(Q, choices)
    if dist.suggestion is not None:
        assert dist.suggestion in choices
        assert dist.agreement == Agreement.MAJORITY and dist.answered >= MIN_GROUP
    else:
        assert dist.agreement != Agreement.MAJORITY
    # what a split room is offered: exactly the answers given, most given first
    assert set(dist.offered) == set(choices)
    given_counts = [choices.count(c) for c in dist.offered]
    assert given_counts == sorted(given_counts, reverse=True)


def test_offered_choices_order() -> None:
    assert offered_choices({0: 2, 4: 2, 2: 1}, dont_know=2, not_applicable=0) == [
        0,
        4,
        "dont_know",
        2,
    ]
    assert offered_choices({}, 0, 0) == []


# ----------------------------------------------------------------------------- distributions


def test_distribution_counts_every_kind_of_answer(framework: Framework) -> None:
    qid = framework.questions[0].id
    people = room(0, 4, 4, "dont_know", "not_applicable") + [person("6", {})]
    summary, detail = analyse(framework, people)
    dist = summary.questions[0]
    assert dist.question_id == qid
    assert dist.counts == {0: 1, 1: 0, 2: 0, 3: 0, 4: 2}
    assert (dist.dont_know, dist.not_applicable, dist.unanswered) == (1, 1, 1)
    assert (dist.scored, dist.answered) == (3, 5)
    assert dist.range == 4
    assert dist.stdev == round(statistics.pstdev([0, 4, 4]), 2)
    assert dist.median == 4 and dist.middle == 4
    assert dist.agreement == Agreement.SPLIT  # 2 of 5 within one option of 4
    assert dist.suggestion is None
    # a question nobody answered: only in the facilitator's view, with nothing to suggest
    assert [q.question_id for q in summary.questions] == [qid]
    assert detail.questions[1].answered == 0 and detail.questions[1].suggestion is None
    assert framework.questions[1].id not in summary.suggestions


def test_shared_notes_only_those_shared_and_in_no_particular_order(framework: Framework) -> None:
    qid = framework.questions[0].id
    people = [
        person("1", {qid: 0}, notes={qid: "zebra: we never post"}, shared={qid}),
        person("2", {qid: 4}, notes={qid: "apple: private thought"}),
        person("3", {qid: 4}, notes={qid: "mango: monthly review"}, shared={qid}),
        person("4", {qid: 3}, notes={qid: "   "}, shared={qid}),
    ]
    dist = summarize(framework, people).questions[0]
    assert dist.shared_notes == ["mango: monthly review", "zebra: we never post"]


# ----------------------------------------------------------------------------- disputes


def test_dispute_ranking_split_first_then_spread(framework: Framework) -> None:
    q = [x.id for x in framework.questions]
    people = [
        person("1", {q[0]: 0, q[1]: 0, q[2]: 2, q[3]: 1, q[4]: 3, q[5]: 4}),
        person("2", {q[0]: 4, q[1]: 4, q[2]: 2, q[3]: 2, q[4]: 3, q[5]: 4}),
        person("3", {q[0]: 4, q[1]: 0, q[2]: 2, q[3]: 3, q[4]: 3, q[5]: "dont_know"}),
        person("4", {q[0]: 4, q[1]: 4, q[2]: 2, q[3]: 3, q[4]: 3, q[5]: "dont_know"}),
    ]
    summary = summarize(framework, people)
    ranked = [d.question_id for d in summary.disputed]
    # split: q1 (0,4,0,4: stdev 2), q5 (4,4,DK,DK: no spread, but split);
    # clear majorities that differ: q0 (0,4,4,4: stdev 1.73), q3 (1,2,3,3: 0.83);
    # q2 and q4 everyone agrees: never disputed.
    assert ranked == [q[1], q[5], q[0], q[3]]
    statuses = {c.question_id: c.status for c in summary.consensus}
    assert statuses[q[1]] == statuses[q[5]] == ConsensusStatus.SPLIT
    assert statuses[q[0]] == statuses[q[2]] == ConsensusStatus.MAJORITY


def test_a_question_needs_two_different_answers_to_be_disputed(framework: Framework) -> None:
    summary = summarize(framework, room(2, 2, 2))
    assert summary.disputed == []
    assert summary.consensus[0].status == ConsensusStatus.MAJORITY
    assert summary.consensus[0].answer == 2


@given(st.lists(answer_lists, min_size=1, max_size=8))
@example([[0, 4, 0, 4], [2, 2, 2], [1, 1, 3]])
@example([[], ["dont_know"]])
def test_dispute_ranking_is_split_first_and_by_spread(rows: list[list[Choice]]) -> None:
    dists = [distribution_of(Q, choices) for choices in rows]
    ranked = disputed(dists)
    assert all(d.differs for d in ranked)
    assert len(ranked) == sum(1 for d in dists if d.differs)
    position = {id(d): i for i, d in enumerate(dists)}
    keys = [dispute_key(d, position[id(d)]) for d in ranked]
    assert keys == sorted(keys)
    splits = [d.agreement == Agreement.SPLIT for d in ranked]
    assert splits == sorted(splits, reverse=True)  # every split question before the others


# ----------------------------------------------------------------------------- consensus


def test_consensus_statuses_and_counts(framework: Framework) -> None:
    q = [x.id for x in framework.questions]
    people = [
        person("1", {q[0]: 0, q[1]: 3, q[2]: 0, q[3]: 1}),
        person("2", {q[0]: 4, q[1]: 3, q[2]: 4, q[3]: 1}),
        person("3", {q[0]: 4, q[1]: 3, q[2]: 0}),
        person("4", {q[0]: 0, q[1]: 2, q[2]: 4}),
    ]
    decisions = {
        q[0]: Decision(choice=2, how="room", minority_view="Two see no practice at all"),
        q[1]: Decision(choice=3, how="majority"),
    }
    summary = summarize(framework, people, decisions)
    by_id = {c.question_id: c for c in summary.consensus}
    assert by_id[q[0]].status == ConsensusStatus.AGREED  # recorded in the room: even "2"
    assert by_id[q[0]].answer == 2 and by_id[q[0]].recorded
    assert by_id[q[1]].status == ConsensusStatus.MAJORITY  # accepted in bulk
    assert by_id[q[2]].status == ConsensusStatus.SPLIT and by_id[q[2]].answer is None
    assert by_id[q[3]].status == ConsensusStatus.FEW and by_id[q[3]].answer is None
    assert by_id[q[4]].status == ConsensusStatus.FEW  # nobody answered
    assert by_id[q[2]].label == "Split - to discuss"
    counts = summary.counts
    assert (counts.agreed, counts.majority, counts.split) == (1, 1, 1)
    assert counts.total == len(framework.questions)
    assert [c.question_id for c in summary.minority_views] == [q[0]]

    # the report's consensus: what was recorded, clear majorities, never the split question
    consensus = consensus_from_suggestions(summary, ORG, {q[0]: Answer(choice=2)})
    assert consensus.answers[q[0]].choice == 2
    assert q[2] not in consensus.answers and q[3] not in consensus.answers


def test_a_split_room_gets_no_median_as_consensus(framework: Framework) -> None:
    """The issue's case: 0 against 4 used to get "2", an answer nobody gave."""
    summary = summarize(framework, room(0, 0, 4, 4))
    assert Q.id not in summary.suggestions
    assert summary.consensus[0].status == ConsensusStatus.SPLIT
    assert summary.questions[0].offered == [0, 4]
    assert Q.id not in consensus_from_suggestions(summary, ORG).answers


def test_headline_leads_with_the_workshop(framework: Framework) -> None:
    q = [x.id for x in framework.questions]
    people = [
        person("1", everywhere(framework, 3), finished=True),
        person("2", everywhere(framework, 3) | {q[0]: 0}, finished=True),
        person("3", everywhere(framework, 3) | {q[0]: 4, q[1]: 0}),
        person("4", {q[0]: 0}),
    ]
    decisions = {q[1]: Decision(choice=3, minority_view="One sees no plan")}
    lines = headline_lines(summarize(framework, people, decisions))
    n = len(framework.questions)
    assert lines[0] == "4 people took part: 2 finished and 3 answered every question."
    assert lines[1] == (
        f"Of {n} questions: 1 agreed in the room, {n - 2} by a clear majority of the answers, "
        "1 split and still to discuss."
    )
    assert lines[2] == "1 minority view recorded with the consensus."


def test_first_round_is_kept_beside_the_second(framework: Framework) -> None:
    summary = summarize(framework, room(3, 3, 3, 2), first_round={Q.id: [0, 0, 4, 4]})
    first = summary.first_rounds[Q.id]
    assert first.counts == {0: 2, 1: 0, 2: 0, 3: 0, 4: 2} and first.agreement == Agreement.SPLIT
    assert summary.questions[0].agreement == Agreement.MAJORITY  # statuses follow round two
    assert summary.consensus[0].status == ConsensusStatus.MAJORITY
    # a first round of fewer than 3 answers is not shown to the client
    assert summarize(framework, room(3, 3, 3), first_round={Q.id: [0, 4]}).first_rounds == {}


# ----------------------------------------------------------------------------- anonymity


def test_dimension_figures_only_from_three_scores(framework: Framework) -> None:
    people = [
        person("a", everywhere(framework, 4)),
        person("b", everywhere(framework, 0)),
        person("c", {q.id: 2 for q in framework.questions_for("purpose")}),
    ]
    summary, detail = analyse(framework, people)
    for p in people:
        result = score(framework, p.responses)
        assert detail.matrix[p.key] == {
            d: result.dimensions[d].score for d in summary.dimension_ids
        }
    assert detail.labels == {"a": "Pa", "b": "Pb", "c": "Pc"}
    purpose = next(s for s in summary.spreads if s.dimension == "purpose")
    assert (purpose.min, purpose.max, purpose.n, purpose.median) == (0.0, 100.0, 3, 50.0)
    listening = next(s for s in summary.spreads if s.dimension == "listening")
    assert listening.n == 2  # two scores: no figure
    assert (listening.min, listening.max, listening.median, listening.stdev) == (None,) * 4


def test_summary_holds_no_names_or_participant_keys(framework: Framework) -> None:
    people = [
        person("k1", everywhere(framework, 1), role="IT"),
        person("k2", everywhere(framework, 3), role="IT"),
        person("k3", everywhere(framework, 4), role="IT"),
    ]
    summary, detail = analyse(framework, people)
    dumped = summary.model_dump_json()
    for p in people:
        assert p.label not in dumped and f'"{p.key}"' not in dumped
    assert not hasattr(summary, "matrix") and not hasattr(summary, "labels")
    assert set(detail.labels.values()) == {"Pk1", "Pk2", "Pk3"}


def test_roles_under_three_are_pooled_or_left_out(framework: Framework) -> None:
    people = [
        person("1", everywhere(framework, 4), role="IT"),
        person("2", everywhere(framework, 2), role=" it "),
        person("3", everywhere(framework, 3), role="IT"),
        person("4", everywhere(framework, 0), role="Marketing"),
        person("5", everywhere(framework, 1), role="Sales"),
        person("6", everywhere(framework, 1), role=""),
    ]
    summary = summarize(framework, people)
    roles = {r.role: r for r in summary.roles}
    assert set(roles) == {"IT", OTHER_ROLES}
    assert roles["IT"].participants == 3 and roles["IT"].means["purpose"] == 75.0
    assert roles[OTHER_ROLES].participants == 3 and roles[OTHER_ROLES].means["purpose"] == 16.7
    gap = summary.role_gaps[0]
    assert (gap.high_role, gap.low_role) == ("IT", OTHER_ROLES)

    # the anonymous IT participant of the issue: one person, never a figure of their own
    issue = [
        person("1", everywhere(framework, 3), role="Marketing"),
        person("2", everywhere(framework, 3), role="Marketing"),
        person("3", everywhere(framework, 4), role="Marketing"),
        person("4", everywhere(framework, 0), role="IT"),
    ]
    summary = summarize(framework, issue)
    assert [r.role for r in summary.roles] == ["Marketing"] and summary.role_gaps == []
    assert '"IT"' not in summary.model_dump_json()


def test_role_figures_need_three_scores(framework: Framework) -> None:
    purpose = {q.id: 4 for q in framework.questions_for("purpose")}
    people = [
        person("1", everywhere(framework, 2), role=NO_ROLE),
        person("2", everywhere(framework, 2), role=""),
        person("3", purpose, role=""),
    ]
    [group] = summarize(framework, people).roles
    assert group.role == NO_ROLE and group.participants == 3
    assert group.means["purpose"] == pytest.approx(66.7)
    assert group.means["listening"] is None  # two scores there


def test_participation(framework: Framework) -> None:
    people = [
        person("1", everywhere(framework, 2), finished=True),
        person("2", {framework.questions[0].id: 1}),
        person("3", {}),
        person("4", everywhere(framework, "dont_know"), finished=True),
    ]
    p = summarize(framework, people).participation
    assert (p.joined, p.started, p.finished, p.complete) == (4, 3, 2, 2)


def test_duplicate_keys_are_refused(framework: Framework) -> None:
    with pytest.raises(ValueError, match="unique"):
        summarize(framework, [person("1", {}), person("1", {})])


# ----------------------------------------------------------------------------- properties

maybe_choices = st.one_of(
    st.integers(0, 4), st.sampled_from(["dont_know", "not_applicable"]), st.none()
)


@given(st.data())
def test_no_client_figure_comes_from_fewer_than_three_people(
    framework: Framework, data: st.DataObject
) -> None:
    qids = [q.id for q in framework.questions[:6]]
    n = data.draw(st.integers(1, 12))
    people = []
    for i in range(n):
        picked = {q: c for q in qids if (c := data.draw(maybe_choices)) is not None}
        role = data.draw(st.sampled_from(["", "IT", "Ops", "Legal", "Sales"]))
        people.append(person(str(i), picked, role=role))
    summary, detail = analyse(framework, people)
    for dist in detail.questions:
        total = sum(dist.counts.values()) + dist.dont_know + dist.not_applicable + dist.unanswered
        assert total == n
        assert dist.scored == sum(dist.counts.values())
    assert all(q.answered >= MIN_GROUP for q in summary.questions)
    assert all(q in summary.questions for q in summary.disputed)
    for spread in summary.spreads:
        if spread.min is not None:
            assert spread.n >= MIN_GROUP
            assert spread.max is not None and spread.median is not None
            assert spread.min <= spread.median <= spread.max
    for group in summary.roles:
        assert group.participants >= MIN_GROUP
    assert sum(r.participants for r in summary.roles) <= n
    assert summary.counts.total == len(framework.questions)


def test_the_method_states_the_workshop_rules(framework: Framework) -> None:
    from assessment.readout.method import describe_method, method_text

    text = method_text(framework)
    assert "fewer than 3 people" in text and OTHER_ROLES in text
    assert "at least 75% of all answers" in text and "within one option of the middle" in text
    assert "a median nobody chose is never proposed" in text
    titles = [s.title for s in describe_method(framework, workshop=False)]
    assert "Workshops: anonymity and consensus" not in titles


def test_spread_in_words() -> None:
    assert spread_text(distribution_of(Q, [0, 0, 4, 4])) == (
        "Answers from 0/4 to 4/4 (standard deviation 2.00). Split: 2 of 4 answers (50%) are "
        "within one option of the middle answer (0/4); a clear majority needs 75%."
    )
    assert spread_text(distribution_of(Q, [2, 3, 3, 3])).endswith(
        "Clear majority: 4 of 4 answers (100%) are within one option of the middle answer (3/4)."
    )
    assert spread_text(distribution_of(Q, ["dont_know"] * 3)) == (
        'Clear majority: 3 of 3 answers (100%) are "Don\'t know".'
    )
    assert "too few to call" in spread_text(distribution_of(Q, [1, 4]))
