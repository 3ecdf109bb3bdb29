"""Planning: a Result and the answers in, a ranked, scheduled ActionPlan out. Pure functions."""

from __future__ import annotations

from .models import (
    Action,
    ActionPlan,
    Effort,
    Framework,
    Horizon,
    PlannedAction,
    Responses,
    Result,
)
from .rules import holds
from .scoring import GATE_DIMENSION

PLAN_SIZE = 10
EFFORT_COST = {Effort.S: 1, Effort.M: 2, Effort.L: 3}
HORIZON_ORDER = {Horizon.D30: 0, Horizon.D60: 1, Horizon.D90: 2, Horizon.LATER: 3}
LANE_CAPACITY = 6
"""Effort points one 30-day period can take (S=1, M=2, L=3): about three medium actions, so
the roadmap stays realistic instead of piling every quick win into the first month."""
IMPACT_NAMES = {1: "low", 2: "medium", 3: "high"}


def priority(action: Action, result: Result) -> float:
    """gap x dimension weight x impact / effort: big gaps, heavy dimensions, cheap wins first."""
    dim = result.dimensions[action.dimension]
    return round(dim.gap * dim.weight * action.impact / EFFORT_COST[action.effort], 2)


def triggered_actions(framework: Framework, responses: Responses, result: Result) -> list[Action]:
    """Actions whose rule holds, for dimensions still short of their target."""
    scores = {d.id: d.score for d in result.dimensions.values()}
    flags = {f.id for f in result.flags}
    return [
        a
        for a in framework.actions
        if result.dimensions[a.dimension].gap > 0
        and holds(a.trigger, responses.answers, scores, flags)
    ]


def _reason(action: Action, result: Result, gated: bool) -> str:
    dim = result.dimensions[action.dimension]
    now = f"scores {dim.score:.0f}" if dim.score is not None else "has no scored answers"
    text = (
        f"{dim.name} {now}, {dim.gap:.0f} points short of its target (level {dim.target}); "
        f"{IMPACT_NAMES[action.impact]} impact for effort {action.effort.value}."
    )
    if gated:
        text += " Purpose comes first while the purpose gate holds."
    return text


def plan(framework: Framework, responses: Responses, result: Result) -> ActionPlan:
    """Rank the triggered actions; the first PLAN_SIZE form the plan, the rest the backlog."""
    gate_holds = result.gate.holds
    triggered = triggered_actions(framework, responses, result)

    def sort_key(a: Action) -> tuple[int, float, int, str]:
        gated_first = 0 if gate_holds and a.dimension == GATE_DIMENSION else 1
        return (gated_first, -priority(a, result), HORIZON_ORDER[a.horizon], a.id)

    ranked = sorted(triggered, key=sort_key)
    gated = [gate_holds and a.dimension == GATE_DIMENSION for a in ranked]
    horizons = schedule(ranked[:PLAN_SIZE], gated[:PLAN_SIZE])
    horizons += [a.horizon for a in ranked[PLAN_SIZE:]]
    planned = [
        _planned(rank, a, result, g, h)
        for rank, (a, g, h) in enumerate(zip(ranked, gated, horizons, strict=True), start=1)
    ]
    return ActionPlan(actions=planned[:PLAN_SIZE], backlog=planned[PLAN_SIZE:])


def schedule(actions: list[Action], gated: list[bool]) -> list[Horizon]:
    """Place actions, in rank order, in the earliest 30-day lane that has effort capacity left.

    An action never starts before its own horizon from the content, except purpose work while
    the gate holds, which may start at once. What fits in no 30/60/90 lane goes 'later'.
    """
    lanes = [Horizon.D30, Horizon.D60, Horizon.D90]
    used = dict.fromkeys(lanes, 0)
    placed = []
    for action, is_gated in zip(actions, gated, strict=True):
        earliest = 0 if is_gated else HORIZON_ORDER[action.horizon]
        cost = EFFORT_COST[action.effort]
        lane = next((h for h in lanes[earliest:] if used[h] + cost <= LANE_CAPACITY), None)
        if lane is None:
            placed.append(Horizon.LATER)
        else:
            used[lane] += cost
            placed.append(lane)
    return placed


def _planned(
    rank: int, action: Action, result: Result, gated: bool, horizon: Horizon
) -> PlannedAction:
    return PlannedAction(
        rank=rank,
        id=action.id,
        dimension=action.dimension,
        title=action.title,
        what=action.what,
        owner=action.owner,
        effort=action.effort,
        impact=action.impact,
        horizon=horizon,
        kpi=action.kpi,
        source=action.source,
        priority=priority(action, result),
        reason=_reason(action, result, gated),
    )


def by_horizon(actions: list[PlannedAction]) -> dict[Horizon, list[PlannedAction]]:
    """Group planned actions into the 30/60/90-day roadmap lanes (and 'later')."""
    lanes: dict[Horizon, list[PlannedAction]] = {h: [] for h in HORIZON_ORDER}
    for a in actions:
        lanes[a.horizon].append(a)
    return lanes
