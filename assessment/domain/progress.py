"""Progress between two assessments of one organisation: what moved, why, and whether the
earlier plan's done steps show in the answers. One pure function, `compare`.

The rules a board relies on:
- a dimension gets a "moved" figure only when it is assessed at both ends (provisional stays
  provisional: no claim is made from too few known answers);
- a move no larger than one answer changing by one option is "small" (inside the noise of the
  measurement);
- a done step is "showing" when one of the questions it addresses rose, "not showing yet" when
  none did, and undecided (None) when none of them has a known answer now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from .evaluation import Evaluation
from .models import (
    NOT_APPLICABLE,
    Answer,
    Choice,
    Framework,
    PlannedAction,
    Result,
    StepState,
    StepStatus,
)
from .scoring import MAX_POINTS
from .workshop import DimensionSpread

RISE, FALL, OTHER = "rose", "fell", "changed"
ROUNDING = 0.05  # scores are rounded to 0.1: a move this close to the noise is still small


class AnswerChange(BaseModel):
    """One question answered differently now (a different choice; a note alone is no change)."""

    question: str
    dimension: str
    then: Choice | None  # None: not answered
    now: Choice | None
    note_then: str
    note_now: str
    direction: str  # "rose", "fell" (both known options) or "changed" (Don't know, N/A, blank)
    points: int  # score points gained (negative: lost); N/A and blank count as 0 here


class DimensionMove(BaseModel):
    id: str
    name: str
    weight: float
    then: float | None  # score, None unless assessed
    now: float | None
    level_then: int | None
    level_now: int | None
    moved: float | None  # now - then, only when assessed at both ends
    small: bool  # within one answer by one option
    noise: float | None  # the points one answer moving one option is worth here
    rose: list[str]  # question ids, biggest change first
    fell: list[str]


class StepOutcome(BaseModel):
    id: str
    title: str
    dimension: str
    section: str  # "plan" or "backlog"
    status: StepState
    date: str | None  # ISO date the status was set, if given
    note: str
    questions: list[str]
    rose: list[str]  # of its questions, those that rose
    showing: bool | None  # done steps only: did its questions rise? None: not done or unknown


class LevelChange(BaseModel):
    then: int | None  # None while provisional
    now: int | None
    label_then: str
    label_now: str
    score_then: float | None
    score_now: float | None
    story: list[str]  # the change in words a board reads, with the answers that caused it


class Decision(BaseModel):
    """What a follow-up asks the board: continue the plan, re-plan, or stop what did not work."""

    kind: str  # CONTINUE, REPLAN or STOP
    reason: str
    steps: list[str]  # STOP: the done steps without effect; else empty


CONTINUE, REPLAN, STOP = "continue", "re-plan", "stop"


class Progress(BaseModel):
    level: LevelChange
    decision: Decision
    dimensions: list[DimensionMove]
    changed: list[AnswerChange]
    steps: list[StepOutcome]
    flags_raised: list[str]  # confirmed now, not then
    flags_cleared: list[str]  # confirmed then, not now
    confidence: tuple[float, float]  # then, now
    completeness: tuple[float, float]

    @property
    def fell(self) -> list[AnswerChange]:
        return [c for c in self.changed if c.direction == FALL]

    @property
    def done_showing(self) -> list[StepOutcome]:
        return [s for s in self.steps if s.showing is True]

    @property
    def done_not_showing(self) -> list[StepOutcome]:
        return [s for s in self.steps if s.status == StepState.DONE and s.showing is not True]

    def biggest_moves(self, count: int = 3) -> list[DimensionMove]:
        """The dimensions that moved most (either way), small moves left out."""
        moved = [d for d in self.dimensions if d.moved and not d.small]
        return sorted(moved, key=lambda d: (-abs(d.moved or 0), -d.weight))[:count]


# --------------------------------------------------------------------------- the comparison


def _points(answer: Answer | None) -> int:
    return answer.points or 0 if answer is not None else 0


def _choice(answer: Answer | None) -> Choice | None:
    return answer.choice if answer is not None else None


def _direction(then: Choice | None, now: Choice | None) -> str:
    if isinstance(then, int) and isinstance(now, int):
        return RISE if now > then else FALL
    return OTHER


def answer_changes(
    framework: Framework, then: Mapping[str, Answer], now: Mapping[str, Answer]
) -> list[AnswerChange]:
    """Every question whose choice differs, in questionnaire order."""
    changes = []
    for q in framework.questions:
        a, b = then.get(q.id), now.get(q.id)
        if _choice(a) == _choice(b):
            continue
        changes.append(
            AnswerChange(
                question=q.id,
                dimension=q.dimension,
                then=_choice(a),
                now=_choice(b),
                note_then=a.note if a else "",
                note_now=b.note if b else "",
                direction=_direction(_choice(a), _choice(b)),
                points=_points(b) - _points(a),
            )
        )
    return changes


def noise(result: Result, dimension_id: str) -> float | None:
    """The score points one answer moving by one option is worth in this dimension."""
    scored = len(result.dimensions[dimension_id].question_scores)
    return round(100.0 / (MAX_POINTS * scored), 1) if scored else None


def _dimension_move(
    dim_id: str, then: Result, now: Result, changes: list[AnswerChange]
) -> DimensionMove:
    a, b = then.dimensions[dim_id], now.dimensions[dim_id]
    moved = round(b.score - a.score, 1) if a.score is not None and b.score is not None else None
    noises = [n for n in (noise(then, dim_id), noise(now, dim_id)) if n is not None]
    step = max(noises) if noises else None
    small = moved is not None and step is not None and abs(moved) <= step + ROUNDING
    mine = sorted((c for c in changes if c.dimension == dim_id), key=lambda c: -abs(c.points))
    return DimensionMove(
        id=dim_id,
        name=b.name,
        weight=b.weight,
        then=a.score,
        now=b.score,
        level_then=a.level,
        level_now=b.level,
        moved=moved,
        small=small,
        noise=step,
        rose=[c.question for c in mine if c.direction == RISE],
        fell=[c.question for c in mine if c.direction == FALL],
    )


def _step_outcome(
    step: PlannedAction,
    section: str,
    status: StepStatus | None,
    now: Mapping[str, Answer],
    changes: Mapping[str, AnswerChange],
) -> StepOutcome:
    state = status.status if status is not None else StepState.TO_DO
    rose = [q for q in step.questions if q in changes and changes[q].direction == RISE]
    showing: bool | None = None
    if state == StepState.DONE:
        known_now = [q for q in step.questions if q in now and isinstance(now[q].choice, int)]
        showing = True if rose else (False if known_now else None)
    return StepOutcome(
        id=step.id,
        title=step.title,
        dimension=step.dimension,
        section=section,
        status=state,
        date=status.date.isoformat() if status is not None and status.date else None,
        note=status.note if status is not None else "",
        questions=list(step.questions),
        rose=rose,
        showing=showing,
    )


def compare(
    framework: Framework,
    then: Evaluation,
    now: Evaluation,
    statuses: Mapping[str, StepStatus] | None = None,
) -> Progress:
    """What moved between an earlier evaluation and a later one, and why.

    `statuses` are the earlier plan's step statuses (by step id); when not given, the earlier
    answers' own `step_status` is used. Steps of the earlier plan and backlog are listed; a
    backlog step only when it has a status.
    """
    given = dict(statuses if statuses is not None else then.responses.step_status)
    a, b = then.responses.answers, now.responses.answers
    changes = answer_changes(framework, a, b)
    by_question = {c.question: c for c in changes}
    dims = [_dimension_move(d.id, then.result, now.result, changes) for d in framework.dimensions]
    steps = [_step_outcome(s, "plan", given.get(s.id), b, by_question) for s in then.plan.actions]
    steps += [
        _step_outcome(s, "backlog", given[s.id], b, by_question)
        for s in then.plan.backlog
        if s.id in given
    ]
    decision = decide(then.result, now.result, steps, changes)
    was = {f.id for f in then.result.confirmed_flags}
    is_ = {f.id for f in now.result.confirmed_flags}
    return Progress(
        level=_level_change(framework, then.result, now.result, dims, by_question),
        decision=decision,
        dimensions=dims,
        changed=changes,
        steps=steps,
        flags_raised=[f.id for f in now.result.confirmed_flags if f.id not in was],
        flags_cleared=[f.id for f in then.result.confirmed_flags if f.id not in is_],
        confidence=(then.result.confidence, now.result.confidence),
        completeness=(then.result.completeness, now.result.completeness),
    )


def decide(
    then: Result, now: Result, steps: list[StepOutcome], changes: list[AnswerChange]
) -> Decision:
    """The decision a follow-up asks of the board, from the steps and what moved.

    Stop: more done steps show nothing than show something (name them, so the work is
    rethought rather than repeated). Re-plan: more answers fell than rose, or the level fell.
    Continue: otherwise; the plan is working, or too little was done to judge it.
    """
    done = [s for s in steps if s.status == StepState.DONE]
    showing = [s for s in done if s.showing is True]
    idle = [s for s in done if s.showing is False]
    fell = [c for c in changes if c.direction == FALL]
    rose = [c for c in changes if c.direction == RISE]
    a, b = then.overall.level, now.overall.level
    if idle and len(idle) > len(showing):
        return Decision(
            kind=STOP,
            reason=(
                f"{len(idle)} of the {len(done)} steps done show no effect in the answers: stop "
                "them or change how they are done before putting more into them."
            ),
            steps=[s.id for s in idle],
        )
    if (a is not None and b is not None and b < a) or len(fell) > len(rose):
        return Decision(
            kind=REPLAN,
            reason=(
                f"More answers fell ({len(fell)}) than rose ({len(rose)})"
                if len(fell) > len(rose)
                else f"The level fell from {a} to {b}"
            )
            + ": re-plan from this assessment rather than carry on with the last plan.",
            steps=[],
        )
    if not done:
        reason = "No step of the last plan is marked done: carry on with the plan."
    else:
        reason = (
            f"{len(showing)} of the {len(done)} steps done show in the answers: continue with "
            "the plan."
        )
    return Decision(kind=CONTINUE, reason=reason, steps=[])


@dataclass(frozen=True)
class TrendPoint:
    date: dt.date | None
    score: float | None  # overall, None while provisional
    level: int | None
    dimensions: dict[str, float | None]


def trend(evaluations: list[Evaluation]) -> list[TrendPoint]:
    """A series' scores over time, oldest first (for the trend chart of 3+ assessments)."""
    return [
        TrendPoint(
            date=ev.responses.organization.date,
            score=ev.result.overall.score,
            level=ev.result.overall.level,
            dimensions={d: r.score for d, r in ev.result.dimensions.items()},
        )
        for ev in evaluations
    ]


class SpreadChange(BaseModel):
    """A workshop dimension's spread of participants' scores, then and now."""

    dimension: str
    name: str
    stdev_then: float | None  # None: fewer participants than the anonymity threshold
    stdev_now: float | None
    narrowed: bool | None  # None when either end cannot be shown
    small: bool  # the change is less than the noise of one answer by one option


def spread_change(
    then: Sequence[DimensionSpread], now: Sequence[DimensionSpread], noise: float = 5.0
) -> list[SpreadChange]:
    """Whether the group's spread narrowed per dimension between two workshops of one client.

    `noise` is the standard deviation change treated as no change (default 5 points: under one
    answer by one option in a dimension of five questions, 100 / (4 x 5)).
    """
    earlier = {d.dimension: d for d in then}
    out = []
    for d in now:
        was = earlier.get(d.dimension)
        a = was.stdev if was is not None else None
        b = d.stdev
        known = a is not None and b is not None
        out.append(
            SpreadChange(
                dimension=d.dimension,
                name=d.name,
                stdev_then=a,
                stdev_now=b,
                narrowed=(b < a) if known else None,  # type: ignore[operator]
                small=known and abs(b - a) < noise,  # type: ignore[operator]
            )
        )
    return out


# --------------------------------------------------------------------------- the story


def _answer_words(framework: Framework, change: AnswerChange) -> str:
    q = framework.question(change.question)
    topic = q.topic or q.text.rstrip("?")
    return f'"{topic}" went from {choice_words(change.then)} to {choice_words(change.now)}'


def choice_words(choice: Choice | None) -> str:
    """An answer as a board reads it: "3 of 4", "don't know", "not applicable", "no answer"."""
    if choice is None:
        return "no answer"
    if choice == NOT_APPLICABLE:
        return "not applicable"
    if isinstance(choice, int):
        return f"{choice} of 4"
    return "don't know"


def _level_change(
    framework: Framework,
    then: Result,
    now: Result,
    dims: list[DimensionMove],
    changes: Mapping[str, AnswerChange],
) -> LevelChange:
    story: list[str] = []
    a, b = then.overall, now.overall
    if a.provisional or b.provisional:
        which = "is provisional now" if b.provisional else "was provisional last time"
        story.append(
            f"No change of level is claimed: the result {which}, so there is no overall "
            "level to compare."
        )
    elif a.level == b.level:
        story.append(f"The overall level stays at {b.level} ({b.label}).")
    else:
        verb = "rose" if (b.level or 0) > (a.level or 0) else "fell"
        story.append(
            f"The overall level {verb} from {a.level} ({a.label}) to {b.level} ({b.label})."
        )
        if then.gate.holds != now.gate.holds:
            story.append(
                "The purpose gate was lifted: purpose reached the bar that allows a level above "
                f"{now.gate.max_level}."
                if not now.gate.holds
                else f"The purpose gate now caps the level at {now.gate.max_level}: purpose "
                "fell below its bar."
            )
    contributing = [
        d for d in dims if d.moved and not d.small and (d.rose if d.moved > 0 else d.fell)
    ]
    contributing.sort(key=lambda d: -abs((d.moved or 0) * d.weight))
    for d in contributing[:3]:
        verb = "rose" if (d.moved or 0) > 0 else "fell"
        causes = d.rose if (d.moved or 0) > 0 else d.fell
        because = "; ".join(_answer_words(framework, changes[q]) for q in causes[:2])
        story.append(f"{d.name} {verb} {abs(d.moved or 0):.0f} points: {because}.")
    return LevelChange(
        then=a.level,
        now=b.level,
        label_then=a.label,
        label_now=b.label,
        score_then=a.score,
        score_now=b.score,
        story=story,
    )
