"""Action plan rules: triggers, ranking, the gate, horizons, plan size."""

from __future__ import annotations

from assessment.evaluation import evaluate
from assessment.models import Effort, Horizon
from assessment.planning import (
    EFFORT_COST,
    HORIZON_ORDER,
    LANE_CAPACITY,
    PLAN_SIZE,
    by_horizon,
    priority,
    schedule,
)
from tests.conftest import responses_with


def test_no_actions_when_every_dimension_is_at_target(framework, all_at):
    ev = evaluate(framework, all_at(4))
    assert ev.plan.actions == [] and ev.plan.backlog == []


def test_low_answers_give_a_full_plan_and_a_backlog(framework, all_at):
    ev = evaluate(framework, all_at(0))
    assert len(ev.plan.actions) == PLAN_SIZE
    assert ev.plan.backlog, "more actions trigger than fit in the plan"
    ranks = [a.rank for a in ev.plan.actions + ev.plan.backlog]
    assert ranks == list(range(1, len(ranks) + 1))
    for a in ev.plan.actions:
        assert a.owner and a.kpi and a.source


def test_ranked_by_gap_weight_impact_over_effort(framework):
    # purpose at 2 (50, gate lifted) so ranking is pure priority
    resp = responses_with(framework, lambda q: 2 if q.dimension == "purpose" else 1)
    ev = evaluate(framework, resp)
    assert not ev.result.gate.holds
    planned = ev.plan.actions + ev.plan.backlog
    priorities = [a.priority for a in planned]
    assert priorities == sorted(priorities, reverse=True)
    action = framework.actions[0]
    dim = ev.result.dimensions[action.dimension]
    expected = round(dim.gap * dim.weight * action.impact / EFFORT_COST[action.effort], 2)
    assert priority(action, ev.result) == expected


def test_purpose_actions_first_while_gate_holds(framework):
    resp = responses_with(framework, lambda q: 0 if q.dimension == "purpose" else 1)
    ev = evaluate(framework, resp)
    assert ev.result.gate.holds
    dims = [a.dimension for a in ev.plan.actions + ev.plan.backlog]
    n_purpose = dims.count("purpose")
    assert n_purpose >= 1
    assert dims[:n_purpose] == ["purpose"] * n_purpose
    assert ev.plan.actions[0].horizon == Horizon.D30


def test_schedule_fills_lanes_by_effort_capacity(framework, all_at):
    ev = evaluate(framework, all_at(1))
    cost = {a.id: EFFORT_COST[a.effort] for a in ev.plan.actions}
    lanes = by_horizon(ev.plan.actions)
    for h in (Horizon.D30, Horizon.D60, Horizon.D90):
        assert sum(cost[a.id] for a in lanes[h]) <= LANE_CAPACITY
    assert len([h for h in lanes if lanes[h]]) >= 2, "a real roadmap spans several periods"
    earliest = {a.id: a.horizon for a in framework.actions}
    order = list(HORIZON_ORDER)
    for a in ev.plan.actions:
        if not (ev.result.gate.holds and a.dimension == "purpose"):
            assert order.index(a.horizon) >= order.index(earliest[a.id])


def test_schedule_overflow_goes_later(framework):
    big = [a for a in framework.actions if a.effort == Effort.L][:1] * 8
    lanes = schedule(big, [True] * 8)  # as if gated: may start at once
    assert lanes[:6] == [Horizon.D30] * 2 + [Horizon.D60] * 2 + [Horizon.D90] * 2
    assert lanes[6:] == [Horizon.LATER] * 2


def test_no_action_for_dimension_at_target(framework):
    resp = responses_with(framework, lambda q: 4 if q.dimension == "listening" else 0)
    ev = evaluate(framework, resp)
    assert ev.result.dimensions["listening"].gap == 0
    assert all(a.dimension != "listening" for a in ev.plan.actions + ev.plan.backlog)


def test_lowering_targets_to_current_level_empties_the_plan(framework):
    resp = responses_with(framework, lambda q: 2)  # 50: level 3, default target 4
    before = evaluate(framework, resp)
    assert before.plan.actions, "level 3 against target 4 should call for actions"
    lowered = resp.model_copy(update={"targets": {d.id: 3 for d in framework.dimensions}})
    after = evaluate(framework, lowered)
    assert all(d.gap == 0 for d in after.result.dimensions.values())
    assert after.plan.actions == [] and after.plan.backlog == []


def test_roadmap_lanes_cover_every_planned_action(framework, all_at):
    ev = evaluate(framework, all_at(1))
    lanes = by_horizon(ev.plan.actions)
    assert sum(len(v) for v in lanes.values()) == len(ev.plan.actions)
    assert list(lanes) == [Horizon.D30, Horizon.D60, Horizon.D90, Horizon.LATER]
