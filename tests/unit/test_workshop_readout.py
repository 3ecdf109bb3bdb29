"""The workshop readout (readout/workshop.py): one frozen object from the WorkshopSummary that the
workshop PDF, the room view and the facilitator's counts draw."""

from __future__ import annotations

import pydantic
import pytest

from assessment.app.workshops import Room
from assessment.domain.models import Answer, Choice, Framework, Organization, Responses
from assessment.domain.workshop import (
    MIN_GROUP,
    STATUS_LABELS,
    ConsensusStatus,
    Decision,
    Participant,
    summarize,
)
from assessment.readout.workshop import workshop_readout

ORG = Organization(name="Acme")


def person(key: str, answers: dict[str, Choice], finished: bool = False) -> Participant:
    return Participant(
        key=key,
        label=f"P{key}",
        finished=finished,
        responses=Responses(
            organization=ORG, answers={q: Answer(choice=c) for q, c in answers.items()}
        ),
    )


def everywhere(framework: Framework, choice: Choice) -> dict[str, Choice]:
    return {q.id: choice for q in framework.questions}


@pytest.fixture
def workshop(framework: Framework):  # type: ignore[no-untyped-def]
    q = [x.id for x in framework.questions]
    people = [
        person("1", everywhere(framework, 3), finished=True),
        person("2", everywhere(framework, 3) | {q[0]: 0}, finished=True),
        person("3", everywhere(framework, 3) | {q[0]: 4, q[1]: 0}),
        person("4", {q[0]: 0}),
    ]
    decisions = {q[1]: Decision(choice=3, minority_view="One sees no plan")}
    return summarize(framework, people, decisions)


def test_headline_says_who_took_part_and_how_questions_were_settled(
    framework: Framework, workshop
) -> None:  # type: ignore[no-untyped-def]
    ro = workshop_readout(workshop)
    n = len(framework.questions)
    h = ro.headline
    assert (h.joined, h.finished, h.complete, h.minority_views) == (4, 2, 3, 1)
    assert h.lines == (
        "4 people took part: 2 finished and 3 answered every question.",
        f"Of {n} questions: 1 agreed in the room, {n - 2} by a clear majority of the answers, "
        "1 split and still to discuss.",
        "1 minority view recorded with the consensus.",
    )


def test_statuses_count_every_question_once_in_status_order(framework: Framework, workshop) -> None:  # type: ignore[no-untyped-def]
    ro = workshop_readout(workshop)
    n = len(framework.questions)
    assert [s.status for s in ro.statuses] == list(ConsensusStatus)
    assert ro.status_counts() == {
        ConsensusStatus.AGREED: 1,
        ConsensusStatus.MAJORITY: n - 2,
        ConsensusStatus.SPLIT: 1,
        ConsensusStatus.FEW: 0,
    }
    assert ro.total == n == len(ro.questions)
    assert [s.label for s in ro.statuses] == [STATUS_LABELS[s] for s in ConsensusStatus]
    # per question: framework order, the status counted above, the minority view kept
    assert [q.question_id for q in ro.questions] == [x.id for x in framework.questions]
    for status in ConsensusStatus:
        assert sum(q.status == status for q in ro.questions) == ro.count(status)
    first, second = ro.questions[0], ro.questions[1]
    assert first.status == ConsensusStatus.SPLIT and first.answer is None
    assert first.label == "Split - to discuss"
    assert second.recorded and second.answer == 3 and second.minority_view == "One sees no plan"
    assert ro.recorded == sum(c.recorded for c in workshop.consensus) == 1


def test_spreads_print_no_figure_under_the_anonymity_minimum(framework: Framework) -> None:
    q0 = framework.questions[0]
    few = [person(str(i), {q0.id: 2}) for i in range(MIN_GROUP - 1)]
    ro = workshop_readout(summarize(framework, few))
    line = next(s for s in ro.spreads if s.dimension == q0.dimension)
    assert not line.shown and line.scored_by == f"< {MIN_GROUP}"
    assert (line.min_text, line.median_text, line.max_text, line.stdev_text) == ("n/a",) * 4

    many = [person(str(i), everywhere(framework, i % 5)) for i in range(MIN_GROUP + 2)]
    summary = summarize(framework, many)
    ro = workshop_readout(summary)
    assert [s.dimension for s in ro.spreads] == [s.dimension for s in summary.spreads]
    for line, sp in zip(ro.spreads, summary.spreads, strict=True):
        assert line.shown and line.scored_by == str(sp.n) == str(MIN_GROUP + 2)
        assert sp.min is not None and sp.stdev is not None
        assert line.min_text == f"{sp.min:.0f}" and line.stdev_text == f"{sp.stdev:.1f}"


def test_readout_is_frozen(workshop) -> None:  # type: ignore[no-untyped-def]
    ro = workshop_readout(workshop)
    with pytest.raises(pydantic.ValidationError):
        ro.headline.joined = 9  # type: ignore[misc]


def test_room_counts_are_the_readouts(workshop) -> None:  # type: ignore[no-untyped-def]
    room = Room(view=None, summary=workshop, rounds=None)  # type: ignore[arg-type]
    assert room.readout.status_counts() == workshop_readout(workshop).status_counts()
    assert room.readout.count(ConsensusStatus.SPLIT) == workshop.counts.split == 1
