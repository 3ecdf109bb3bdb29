"""Five realistic organisations, read from their answers files, judged as a consultant would.

Each file in tests/personas/ holds the answers of an organisation nobody wrote tests around:
a 5-person bakery, a B2B software firm with a user community, a regulated bank, a charity that
sells nothing, and a consumer brand that reports follower counts to its board.
"""

from __future__ import annotations

from assessment.domain.evaluation import Evaluation
from assessment.domain.planning import gate_caps

SENIOR_ROLES = {"Head of Marketing", "Head of Product", "CEO / leadership team"}


def ids(actions) -> list[str]:
    return [a.id for a in actions]


def confirmed(ev: Evaluation) -> set[str]:
    return {f.id for f in ev.result.confirmed_flags}


def test_bakery_five_people_urgent_first_and_owners_it_has(persona):
    """The gate holds but caps nothing (level 2 either way): the shared login, the unanswered
    customers and the hidden criticism come first, purpose right after them."""
    ev = persona("corner_bakery")
    assert ev.result.overall.level == 2 and ev.result.gate.holds
    assert not gate_caps(ev.result)
    assert {"no_purpose", "unprepared_public_service", "inconsistent_offers"} <= confirmed(ev)
    urgent = [a for a in ev.plan.actions if a.urgent]
    assert ev.plan.actions[: len(urgent)] == urgent and len(urgent) >= 3
    assert "dedicated_staff.secure_logins" in ids(urgent)
    assert ev.plan.actions[len(urgent)].dimension == "purpose"  # no_purpose's fix comes next
    assert "purpose.write_purpose_statement" in ids(ev.plan.actions + ev.plan.backlog)
    assert len(ev.plan.backlog) <= 6  # a 5-person bakery is not handed 33 more steps
    fixed = {f for a in ev.plan.actions for f in a.flags}
    assert {"unprepared_public_service", "inconsistent_offers"} <= fixed  # not in the backlog
    owners = {a.owner for a in ev.plan.actions + ev.plan.backlog}
    assert not owners & SENIOR_ROLES and "Owner / founder" in owners
    # the owner already posts under her own name: no "put a named person behind every account"
    assert "dedicated_staff.human_voice" not in ids(ev.plan.actions + ev.plan.backlog)


def test_b2b_with_a_community_is_managed_and_told_what_takes_it_further(persona):
    ev = persona("northwind_b2b")
    assert ev.result.overall.level == 4 and not ev.result.overall.provisional
    assert ev.result.flags == []
    weakest = min(
        (d for d in ev.result.dimensions.values() if d.assessed), key=lambda d: d.score or 0
    )
    assert ev.plan.actions and ev.plan.actions[0].dimension == weakest.id == "accountability"
    every = ev.plan.actions + ev.plan.backlog
    assert "shared_control.peer_community" not in ids(every)  # its forum already does that
    for a in every:  # discounts marked "Not applicable" never come back as work
        assert not {
            "participant_rewards.discount_rules",
            "participant_rewards.offer_consistency",
        } & set(a.questions)
    assert "accountability.satisfaction_by_channel" in ids(ev.plan.actions)


def test_regulated_bank_strong_on_rules_weak_on_sharing_control(persona):
    ev = persona("harbour_bank")
    assert ev.result.overall.level == 4  # managed overall, held back by two dimensions
    assert "inconsistent_offers" not in {f.id for f in ev.result.flags}
    every = ids(ev.plan.actions + ev.plan.backlog)
    for done in (
        "participant_rewards.discount_rule",
        "participant_rewards.offer_log",
        "dedicated_staff.write_service_policy",
        "dedicated_staff.appoint_owner",
    ):
        assert done not in every
    assert {a.dimension for a in ev.plan.actions[:3]} <= {"shared_control", "participant_rewards"}


def test_charity_gets_no_sales_advice_and_checks_what_it_does_not_know(persona):
    ev = persona("river_trust")
    assert ev.result.overall.level == 2 and not ev.result.overall.provisional
    every = ev.plan.actions + ev.plan.backlog
    assert "purpose.track_online_buying" not in ids(every)  # ROI marked "Not applicable"
    assert all("purpose.roi_sales_loyalty" not in a.questions for a in every)
    (flag,) = [f for f in ev.result.flags if f.id == "unprepared_public_service"]
    assert not flag.confirmed  # policy and training are "Don't know": a question, not a finding
    assert set(flag.unknown) == {"dedicated_staff.service_policy", "dedicated_staff.staff_training"}
    assert "dedicated_staff.service_policy" in ev.plan.to_check
    assert ev.result.confidence < 100


def test_follower_counting_brand_is_told_to_measure_what_matters(persona):
    ev = persona("glow_cosmetics")
    assert ev.result.overall.level == 2
    assert {"popularity_contest", "broadcast_only"} <= confirmed(ev)
    plan = ids(ev.plan.actions)
    assert "accountability.strategic_metrics" in plan
    assert "shared_control.reply_before_posting" in plan
    assert plan.index("accountability.strategic_metrics") < 5
