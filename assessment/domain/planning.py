"""Planning: a Result and the answers in, a ranked, scheduled ActionPlan out. Pure functions.

Steps come from the answers, not from dimension averages: an action is proposed while one of
the questions it moves has a known answer below the answer the action brings. Where no action
covers a question's answer, the question's own next option is proposed instead, so every rung
has a way up. The rules are described in `method.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from .models import (
    Action,
    ActionPlan,
    Answer,
    DimensionResult,
    DimensionStatus,
    Effort,
    Framework,
    Horizon,
    PlannedAction,
    Question,
    Responses,
    Result,
    StepKind,
)
from .scoring import GATE_DIMENSION, MAX_POINTS

PLAN_SIZE = 10
EFFORT_COST = {Effort.S: 1, Effort.M: 2, Effort.L: 3}
HORIZON_ORDER = {Horizon.D30: 0, Horizon.D60: 1, Horizon.D90: 2, Horizon.LATER: 3}
LANES = [Horizon.D30, Horizon.D60, Horizon.D90]
LANE_CAPACITY = 6
"""Effort points one 30-day period can take (S=1, M=2, L=3): about three medium actions, so
the roadmap stays realistic instead of piling every quick win into the first month."""
GATED_FIRST = 4
"""While the purpose gate holds, the best purpose steps (up to this many) lead the plan; the
rest of the purpose work ranks by priority, so flags and other gaps still get room."""
NEXT_STEP_EFFORT = Effort.M
NEXT_STEP_IMPACT = 2
NEXT_STEP_HORIZON = Horizon.D30
"""A question's own next step: medium effort and impact, and it may start at once (the schedule's
capacity spreads them over the periods)."""


@dataclass(frozen=True)
class Candidate:
    action: Action
    kind: StepKind
    moving: dict[str, int]  # its questions with a known answer below raises_to -> that answer
    fixes: list[str]  # confirmed flags it fixes
    priority: float
    gated: bool  # purpose work while the purpose gate holds


def known_answer(answers: Mapping[str, Answer], question_id: str) -> int | None:
    """The option chosen, or None for unanswered, "Don't know" and "Not applicable"."""
    answer = answers.get(question_id)
    return answer.choice if answer is not None and isinstance(answer.choice, int) else None


def priority(action: Action, dim: DimensionResult, lift: int) -> float:
    """gap x weight x impact x rungs climbed / effort: big gaps, low answers, cheap wins first."""
    return round(dim.gap * dim.weight * action.impact * lift / EFFORT_COST[action.effort], 2)


def _candidate(
    action: Action,
    kind: StepKind,
    answers: Mapping[str, Answer],
    result: Result,
    confirmed: set[str],
) -> Candidate | None:
    current = {q: known_answer(answers, q) for q in action.questions}
    moving = {q: a for q, a in current.items() if a is not None and a < action.raises_to}
    if not moving:
        return None  # the work is done, not applicable, or not known
    fixes = [f for f in action.flags if f in confirmed]
    dim = result.dimensions[action.dimension]
    if not fixes and not (dim.assessed and dim.gap > 0):
        return None
    lift = action.raises_to - min(moving.values())
    return Candidate(
        action=action,
        kind=kind,
        moving=moving,
        fixes=fixes,
        priority=priority(action, dim, lift),
        gated=result.gate.holds and action.dimension == GATE_DIMENSION,
    )


def next_step(framework: Framework, question: Question, answer: int) -> Action:
    """The question's own next option, as an action: where no library action covers it."""
    dimension = framework.dimension(question.dimension)
    topic = question.topic or question.text.rstrip("?")
    source = question.source or dimension.evidence[0].source
    return Action(
        id=f"next.{question.id}",
        dimension=question.dimension,
        title=f"Next step: {topic}"[:120],
        what=f"Today: {question.option_label(answer)} Next: {question.option_label(answer + 1)}",
        owner=framework.owners.next_step_owner[question.dimension],
        effort=NEXT_STEP_EFFORT,
        impact=NEXT_STEP_IMPACT,
        horizon=NEXT_STEP_HORIZON,
        kpi=f"The next assessment answers this question with option {answer + 1} or higher",
        source=source,
        questions=[question.id],
        raises_to=answer + 1,
    )


def candidates(framework: Framework, responses: Responses, result: Result) -> list[Candidate]:
    """Library actions that move a question, then next steps for what no action covers."""
    answers = responses.answers
    confirmed = {f.id for f in result.confirmed_flags}
    found = [
        c
        for a in framework.actions
        if (c := _candidate(a, StepKind.ACTION, answers, result, confirmed)) is not None
    ]
    covered = {q for c in found for q in c.moving}
    for question in framework.questions:
        answer = known_answer(answers, question.id)
        if question.id in covered or answer is None or answer >= MAX_POINTS:
            continue
        step = next_step(framework, question, answer)
        if (c := _candidate(step, StepKind.NEXT_STEP, answers, result, confirmed)) is not None:
            found.append(c)
    return found


def ranked(found: list[Candidate]) -> list[Candidate]:
    """The best gated purpose steps first, then by priority; prerequisites pulled in first."""

    def by_priority(c: Candidate) -> tuple[float, int, str]:
        return (-c.priority, HORIZON_ORDER[c.action.horizon], c.action.id)

    # among equal priorities, take turns between dimensions rather than exhausting one first
    turn: dict[str, int] = {}
    seen: Counter[str] = Counter()
    for c in sorted(found, key=by_priority):
        turn[c.action.id] = seen[c.action.dimension]
        seen[c.action.dimension] += 1

    def fairly(c: Candidate) -> tuple[float, int, int, str]:
        return (-c.priority, turn[c.action.id], HORIZON_ORDER[c.action.horizon], c.action.id)

    leading = sorted((c for c in found if c.gated), key=fairly)[:GATED_FIRST]
    lead_ids = {c.action.id for c in leading}
    order = leading + sorted((c for c in found if c.action.id not in lead_ids), key=fairly)
    by_id = {c.action.id: c for c in order}
    out: list[Candidate] = []
    done: set[str] = set()

    def emit(c: Candidate) -> None:
        if c.action.id in done:
            return
        done.add(c.action.id)
        for prerequisite in c.action.after:
            if prerequisite in by_id:
                emit(by_id[prerequisite])
        out.append(c)

    for c in order:
        emit(c)
    return out


def split_plan(order: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """The first PLAN_SIZE steps, plus for every confirmed flag its best fix (and what that
    fix waits for), whatever its rank; the rest is the backlog. Order is kept."""
    essential: set[str] = set()
    by_id = {c.action.id: c for c in order}

    def need(c: Candidate) -> None:
        essential.add(c.action.id)
        for prerequisite in c.action.after:
            if prerequisite in by_id and prerequisite not in essential:
                need(by_id[prerequisite])

    for flag in dict.fromkeys(f for c in order for f in c.fixes):
        need(next(c for c in order if flag in c.fixes))
    room = max(0, PLAN_SIZE - len(essential))
    chosen: set[str] = set(essential)
    for c in order:
        if room == 0:
            break
        if c.action.id not in chosen:
            chosen.add(c.action.id)
            room -= 1
    return [c for c in order if c.action.id in chosen], [
        c for c in order if c.action.id not in chosen
    ]


def schedule(steps: list[Candidate]) -> list[Horizon]:
    """Place steps, in order, in the earliest 30-day lane with effort capacity left.

    A step never starts before its own horizon (purpose work under the gate may start at once),
    and always in a later lane than a planned step it waits for. What fits nowhere goes 'later'.
    """
    used = dict.fromkeys(LANES, 0)
    placed: dict[str, Horizon] = {}
    for c in steps:
        earliest = 0 if c.gated else HORIZON_ORDER[c.action.horizon]  # the gate: start at once
        for prerequisite in c.action.after:
            if prerequisite in placed:
                earliest = max(earliest, HORIZON_ORDER[placed[prerequisite]] + 1)
        cost = EFFORT_COST[c.action.effort]
        lane = next((h for h in LANES[earliest:] if used[h] + cost <= LANE_CAPACITY), None)
        if lane is None:
            placed[c.action.id] = Horizon.LATER
        else:
            used[lane] += cost
            placed[c.action.id] = lane
    return [placed[c.action.id] for c in steps]


def is_small(framework: Framework, size: str | None) -> bool:
    """True for organisations no bigger than owners.yaml's small size ("1-9 people" -> 9)."""
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", size or "")]
    return bool(numbers) and max(numbers) <= framework.owners.small_max_people


def plan(framework: Framework, responses: Responses, result: Result) -> ActionPlan:
    """Rank the proposed steps: the plan holds the first PLAN_SIZE and each confirmed flag's fix."""
    order = ranked(candidates(framework, responses, result))
    planned, backlog = split_plan(order)
    horizons = schedule(planned) + [c.action.horizon for c in backlog]
    small = is_small(framework, responses.organization.size)
    proposed = {c.action.id for c in order}
    steps = [
        _planned(framework, rank, c, result, horizon, small, proposed)
        for rank, (c, horizon) in enumerate(zip(planned + backlog, horizons, strict=True), 1)
    ]
    return ActionPlan(
        actions=steps[: len(planned)],
        backlog=steps[len(planned) :],
        to_check=[q.id for q in framework.questions if q.id in _dont_know(result)],
        unassessed=[
            d.id for d in result.dimensions.values() if d.status == DimensionStatus.NOT_ASSESSED
        ],
    )


def _dont_know(result: Result) -> set[str]:
    return {q for d in result.dimensions.values() for q in d.dont_know}


def _reason(framework: Framework, c: Candidate, result: Result) -> str:
    dim = result.dimensions[c.action.dimension]
    parts = []
    for qid, answer in list(c.moving.items())[:2]:
        question = framework.question(qid)
        parts.append(
            f'"{question.topic or question.text.rstrip("?")}" is at option {answer}; '
            f"this brings it to {c.action.raises_to}"
        )
    text = "; ".join(parts) + "."
    if dim.assessed and dim.gap > 0:
        text += (
            f" {dim.name} scores {dim.score:.0f}, {dim.gap:.0f} points short of level {dim.target}."
        )
    if c.fixes:
        titles = ", ".join(framework.flag(f).title for f in c.fixes)
        text += f" Fixes the confirmed risk: {titles}."
    if c.gated:
        text += " Purpose comes first while the purpose gate holds."
    return text


def _planned(
    framework: Framework,
    rank: int,
    c: Candidate,
    result: Result,
    horizon: Horizon,
    small: bool,
    proposed: set[str],
) -> PlannedAction:
    a = c.action
    owner = framework.owners.small_roles.get(a.owner, a.owner) if small else a.owner
    return PlannedAction(
        rank=rank,
        id=a.id,
        kind=c.kind,
        dimension=a.dimension,
        title=a.title,
        what=a.what,
        owner=owner,
        effort=a.effort,
        impact=a.impact,
        horizon=horizon,
        kpi=a.kpi,
        source=a.source,
        priority=c.priority,
        reason=_reason(framework, c, result),
        questions=list(c.moving),
        raises_to=a.raises_to,
        flags=c.fixes,
        after=[p for p in a.after if p in proposed],
    )
