"""Action plan rules: steps from answers, flags' fixes, prerequisites, owners, the schedule."""

from __future__ import annotations

from hypothesis import given

from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, Effort, Horizon, StepKind
from assessment.domain.planning import (
    EFFORT_COST,
    HORIZON_ORDER,
    LANE_CAPACITY,
    PLAN_SIZE,
    gate_caps,
    known_answer,
)
from assessment.domain.sectors import default_sector_content
from tests.builders import responses
from tests.strategies import FW, hard_cases, mostly_known, responses_st


def steps(ev):
    return ev.plan.actions + ev.plan.backlog


def test_no_steps_when_everything_is_at_the_top(framework):
    ev = evaluate(framework, responses(4))
    assert steps(ev) == []


def test_low_answers_give_a_full_plan_and_a_backlog(framework):
    ev = evaluate(framework, responses(0))
    assert len(ev.plan.actions) >= PLAN_SIZE
    assert ev.plan.backlog, "more steps are proposed than fit in the plan"
    ranks = [a.rank for a in steps(ev)]
    assert ranks == list(range(1, len(ranks) + 1))
    for a in ev.plan.actions:
        assert a.owner and a.kpi and a.source and a.questions


def test_every_answer_at_3_still_gets_a_plan_towards_level_5(framework):
    ev = evaluate(framework, responses(3))
    assert ev.result.overall.level == 4
    assert all(d.target == 5 and d.gap > 0 for d in ev.result.dimensions.values())
    assert len(ev.plan.actions) == PLAN_SIZE
    assert all(a.raises_to == 4 for a in steps(ev))
    for a in steps(ev):  # authored steps for the top rung, never a generated "Next step"
        assert a.kind == StepKind.ACTION and a.from_rung == 3 and a.up_to == 3, a.id
        assert not a.title.startswith("Next step") and "Today:" not in a.what


def test_no_action_for_work_already_done(framework):
    """peer_to_peer at 4 in a weak dimension: no "create a space where customers answer"."""
    resp = responses(
        lambda q: 4 if q.id == "shared_control.peer_to_peer" else 1,
    )
    ev = evaluate(framework, resp)
    assert ev.result.dimensions["shared_control"].gap > 0
    proposed = {a.id for a in steps(ev)}
    assert "shared_control.peer_community" not in proposed
    assert "next.shared_control.peer_to_peer" not in proposed
    assert "shared_control.reply_before_posting" in proposed


def test_purpose_statement_not_proposed_once_objectives_are_written(framework):
    resp = responses(lambda q: 3 if q.id == "purpose.business_objectives" else 0)
    ev = evaluate(framework, resp)
    assert "purpose.write_purpose_statement" not in {a.id for a in steps(ev)}
    assert "purpose.quarterly_objectives" in {a.id for a in steps(ev)}


def test_not_applicable_never_triggers_anything(framework):
    resp = responses(
        lambda q: "not_applicable" if q.id == "purpose.roi_sales_loyalty" else 1,
    )
    ev = evaluate(framework, resp)
    for a in steps(ev):
        assert "purpose.roi_sales_loyalty" not in a.questions
    assert "purpose.track_online_buying" not in {a.id for a in steps(ev)}


def test_priority_is_gap_weight_impact_lift_over_effort(framework):
    resp = responses(lambda q: 2 if q.dimension == "purpose" else 1)
    ev = evaluate(framework, resp)
    assert not ev.result.gate.holds
    for a in steps(ev):
        dim = ev.result.dimensions[a.dimension]
        lift = a.raises_to - min(known_answer(resp.answers, q) or 0 for q in a.questions)
        expected = dim.gap * dim.weight * a.impact * lift / EFFORT_COST[a.effort]
        assert abs(a.priority - round(expected, 2)) < 0.01, a.id


def test_purpose_actions_first_while_gate_caps_the_level(framework):
    resp = responses(lambda q: 0 if q.dimension == "purpose" else 3)
    ev = evaluate(framework, resp)
    assert ev.result.gate.holds and gate_caps(ev.result)
    waited_for = {p for a in steps(ev) if a.dimension == "purpose" for p in a.after}
    for part in (ev.plan.actions, ev.plan.backlog):  # the plan, then the backlog, rank on
        purpose = [i for i, a in enumerate(part) if a.dimension == "purpose"]
        for a in part[: max(purpose, default=0)]:
            assert a.dimension == "purpose" or a.id in waited_for, a.id
    first = ev.plan.actions[0]
    assert first.dimension == "purpose" and first.horizon == Horizon.D30


def test_gate_that_caps_nothing_does_not_order_the_plan(framework):
    """Purpose at 0 and the rest at 2: the gate holds but the level is 2 either way, so the
    plan ranks by priority and says nothing about purpose coming first."""
    resp = responses(lambda q: 0 if q.dimension == "purpose" else 2)
    ev = evaluate(framework, resp)
    assert ev.result.gate.holds and not gate_caps(ev.result)
    assert ev.result.overall.uncapped_level == ev.result.overall.level
    assert not any("purpose gate" in a.reason for a in steps(ev))
    capped = evaluate(framework, responses(lambda q: 0 if q.dimension == "purpose" else 3))
    assert all("purpose gate caps" in a.reason for a in capped.plan.actions[:4])


def test_confirmed_flag_fixes_are_in_the_plan_even_under_the_gate(framework):
    """The 5-person retailer of the issue: six flags and the gate; its fixes are not backlog."""
    resp = responses(lambda q: 0 if q.dimension == "purpose" else 1)
    ev = evaluate(framework, resp)
    assert ev.result.gate.holds and len(ev.result.confirmed_flags) >= 6
    fixed = {f for a in ev.plan.actions for f in a.flags}
    assert {f.id for f in ev.result.confirmed_flags} <= fixed


def test_service_policy_before_training_before_restricting_posting(framework):
    ev = evaluate(framework, responses(0))
    order = [a.id for a in steps(ev)]
    policy = order.index("dedicated_staff.write_service_policy")
    train = order.index("dedicated_staff.train_and_quiz")
    restrict = order.index("dedicated_staff.restrict_posting")
    assert policy < train < restrict
    by_id = {a.id: a for a in steps(ev)}
    assert by_id["dedicated_staff.restrict_posting"].after == [
        "dedicated_staff.secure_logins",
        "dedicated_staff.train_and_quiz",
    ]
    secure = by_id["dedicated_staff.secure_logins"]
    assert secure.urgent and secure.after == [] and secure.rank == 1


def test_effort_is_not_reallocated_by_return_before_return_is_measured(framework):
    ev = evaluate(framework, responses(1))
    by_id = {a.id: a for a in steps(ev)}
    reallocate = by_id["purpose.reallocate_effort"]
    for measure in ("purpose.track_online_buying", "accountability.conversion_by_network"):
        assert measure in reallocate.after
        assert by_id[measure].rank < reallocate.rank, measure


def test_a_product_owner_only_where_the_sector_has_products(framework):
    """A bus operator or a utility (sector "other") has no "Head of Product"; a B2B firm does."""
    for sector, size, title in [
        ("other", "250-999 people", "Head of Product or Service"),
        ("b2b", "250-999 people", "Head of Product"),
    ]:
        resp = responses(0, sector=sector, size=size)
        owners = {a.owner for a in steps(evaluate(framework, resp))}
        assert title in owners, (sector, size, owners)
        assert not owners & {"Head of Product", "Head of Product or Service"} - {title}


def test_small_organisations_get_owners_they_have(framework):
    resp = responses(0)
    small = responses(0, name="Shop", size="1-9 people")
    owners_small = {a.owner for a in steps(evaluate(framework, small))}
    owners_default = {a.owner for a in steps(evaluate(framework, resp))}
    assert {"Head of Product or Service", "Head of Marketing"} <= owners_default
    assert not owners_small & {"Head of Product", "Head of Marketing", "CEO / leadership team"}
    roles = default_sector_content().roles
    assert owners_small <= {t["1-9"] for t in roles.roles.values()}
    big = responses(0, name="B", size="250-999 people")  # sized owners: content/roles.yaml
    band = {t["250-999"] for t in default_sector_content().roles.roles.values()}
    band = band - {"Head of Product"} | {"Head of Product or Service"}  # sector "other" renames
    assert {a.owner for a in steps(evaluate(framework, big))} <= band


def test_dont_know_proposes_nothing_and_is_listed_to_find_out(framework):
    ev = evaluate(framework, responses("dont_know"))
    assert ev.result.overall.provisional
    assert steps(ev) == []
    assert ev.plan.to_check == [q.id for q in framework.questions]
    assert ev.plan.unassessed == [d.id for d in framework.dimensions]


def test_provisional_result_plans_only_from_confirmed_flags(framework):
    answers = {
        "purpose.business_objectives": Answer(choice=0),
        "purpose.reason_for_each_account": Answer(choice=0),
    }
    ev = evaluate(framework, responses(answers))
    assert ev.result.overall.provisional
    assert steps(ev) and all("no_purpose" in a.flags for a in ev.plan.actions)


def test_lowering_targets_to_current_level_empties_the_plan(framework):
    resp = responses(lambda q: 2)  # 50: level 3, default target 4
    before = evaluate(framework, resp)
    assert before.plan.actions, "level 3 against target 4 should call for actions"
    lowered = resp.model_copy(update={"targets": {d.id: 3 for d in framework.dimensions}})
    after = evaluate(framework, lowered)
    assert all(d.gap == 0 for d in after.result.dimensions.values())
    assert steps(after) and all(a.urgent for a in steps(after))  # triage ignores targets
    assert {a.id for a in steps(after)} == {"dedicated_staff.secure_logins"}


def test_schedule_fills_lanes_by_effort_capacity(framework):
    ev = evaluate(framework, responses(1))
    for lane in (Horizon.D30, Horizon.D60, Horizon.D90):
        cost = sum(EFFORT_COST[a.effort] for a in ev.plan.actions if a.horizon == lane)
        assert cost <= LANE_CAPACITY
    assert len({a.horizon for a in ev.plan.actions}) >= 2, "a real roadmap spans several periods"


# ----------------------------------------------------------------- properties


@hard_cases
@given(responses_st)
def test_every_step_moves_a_known_answer_below_what_it_brings(resp):
    ev = evaluate(FW, resp)
    for a in steps(ev):
        assert a.questions
        for qid in a.questions:
            answer = resp.answers[qid].choice
            assert isinstance(answer, int) and answer < a.raises_to, (a.id, qid, answer)


@hard_cases
@given(mostly_known)
def test_plan_never_empty_while_a_gap_remains(resp):
    ev = evaluate(FW, resp)
    gaps = [d for d in ev.result.dimensions.values() if d.assessed and d.gap > 0]
    if gaps:
        assert ev.plan.actions


@hard_cases
@given(responses_st)
def test_every_confirmed_flag_has_its_fix_in_the_plan(resp):
    ev = evaluate(FW, resp)
    fixed = {f for a in ev.plan.actions for f in a.flags}
    for flag in ev.result.confirmed_flags:
        fixes = [a for a in FW.actions if flag.id in a.flags]
        movable = any(
            isinstance(c := (resp.answers.get(q).choice if q in resp.answers else None), int)
            and c < a.raises_to
            for a in fixes
            for q in a.questions
        )
        assert flag.id in fixed or not movable, flag.id


@hard_cases
@given(responses_st)
def test_no_step_starts_before_what_it_waits_for(resp):
    ev = evaluate(FW, resp)
    rank = {a.id: a.rank for a in steps(ev)}
    lane = {a.id: HORIZON_ORDER[a.horizon] for a in ev.plan.actions}
    for a in steps(ev):
        for before in a.after:
            assert rank[before] < a.rank
            if a.id in lane:
                assert before in lane
                assert lane[before] < lane[a.id] or lane[a.id] == HORIZON_ORDER[Horizon.LATER]


@hard_cases
@given(mostly_known)
def test_lower_score_never_a_smaller_default_gap(resp):
    r = evaluate(FW, resp).result
    dims = [d for d in r.dimensions.values() if d.assessed]
    for a in dims:
        for b in dims:
            if a.score < b.score:
                assert a.gap >= b.gap


def test_big_actions_overflow_to_later(framework):
    ev = evaluate(framework, responses(0))
    big = [a for a in steps(ev) if a.effort == Effort.L]
    assert big, "the library has large actions"
