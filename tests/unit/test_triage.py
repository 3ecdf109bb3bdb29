"""Triage: answers that cannot wait put a quick win at the top of the plan, due within 14 days,
whatever the other answers, the gap, the dimension's status or the purpose gate."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer
from tests.builders import responses
from tests.strategies import FW, responses_st

TRIGGERS = [(t, leaf) for t in FW.triage for leaf in t.when]


def test_shipped_triage_covers_the_emergencies_of_the_issue():
    caught = {leaf.question for _, leaf in TRIGGERS}
    assert {
        "dedicated_staff.posting_rights",  # shared or unreviewed access
        "accountability.response_time",  # customers left unanswered
        "shared_control.customer_ownership",  # criticism hidden or deleted
        "dedicated_staff.cover",  # nobody covering for the only owner
        "accountability.viral_complaint_routine",  # a complaint spreading, no routine
    } <= caught


@given(
    responses_st,
    st.sampled_from(TRIGGERS),
    st.data(),
    st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
)
def test_an_urgent_answer_always_gives_a_step_due_within_its_days(resp, trigger, data, day):
    rule, leaf = trigger
    answer = data.draw(st.integers(0, leaf.at_most))
    resp = resp.model_copy(
        update={"answers": {**resp.answers, leaf.question: Answer(choice=answer)}}
    )
    ev = evaluate(FW, resp, start=day)
    step = next((a for a in ev.plan.actions if a.id == rule.action), None)
    assert step is not None, (rule.id, answer)  # in the plan proper, never the backlog
    assert step.urgent and step.start == day
    assert step.due is not None and step.due <= day + dt.timedelta(days=rule.within_days)
    urgent = [a for a in ev.plan.actions if a.urgent]
    assert ev.plan.actions[: len(urgent)] == urgent  # urgent steps lead the plan


def test_no_urgent_step_from_dont_know_or_answers_above_the_rule():
    for rule, leaf in TRIGGERS:
        for choice in ("dont_know", "not_applicable", leaf.at_most + 1):
            others = {lf.question: 4 for _, lf in TRIGGERS}
            ev = evaluate(FW, responses({**others, leaf.question: choice}))
            assert not any(a.urgent for a in ev.plan.actions), (rule.id, choice)


def test_urgent_even_when_the_dimension_is_not_assessed_and_the_target_is_met():
    """A password on a sticky note, and nothing else answered in its dimension."""
    resp = responses({"dedicated_staff.posting_rights": 0}, targets={"dedicated_staff": 1})
    ev = evaluate(FW, resp)
    assert not ev.result.dimensions["dedicated_staff"].assessed
    assert ev.result.overall.provisional
    first = ev.plan.actions[0]
    assert first.id == "dedicated_staff.secure_logins" and first.urgent and first.quick_win
    assert "shared_access" in {f.id for f in ev.result.confirmed_flags}


def test_confirmed_flags_for_the_facts_triage_finds():
    ev = evaluate(
        FW,
        responses(
            {
                "dedicated_staff.posting_rights": 1,
                "accountability.response_time": 0,
                "dedicated_staff.cover": 0,
            }
        ),
    )
    flags = {f.id for f in ev.result.confirmed_flags}
    assert {"shared_access", "customers_unanswered", "key_person_dependency"} <= flags
    fixed = {f for a in ev.plan.actions for f in a.flags}
    assert {"shared_access", "customers_unanswered", "key_person_dependency"} <= fixed


def test_restricting_posting_is_split_into_a_quick_win_and_the_later_step():
    ev = evaluate(FW, responses(0))
    by_id = {a.id: a for a in ev.plan.actions + ev.plan.backlog}
    quick, later = by_id["dedicated_staff.secure_logins"], by_id["dedicated_staff.restrict_posting"]
    assert quick.urgent and quick.after == [] and quick.quick_win
    assert "two-factor" in quick.what and "has left" in quick.what
    assert "dedicated_staff.secure_logins" in later.after and not later.urgent
    assert later.rank > quick.rank
