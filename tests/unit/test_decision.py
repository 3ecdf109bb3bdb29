"""The decision asked of the board is written from the plan: roles for capacity steps, the
practices to stop, person-days and a band; different answers give different decisions."""

from __future__ import annotations

from assessment.domain.decision import band
from assessment.domain.evaluation import evaluate
from assessment.domain.planning import plan_sizes
from tests.builders import responses
from tests.strategies import FW


def test_a_lone_owner_with_no_cover_is_asked_to_fund_a_back_up():
    ev = evaluate(FW, responses(lambda q: 0 if q.id == "dedicated_staff.cover" else 3))
    d = ev.plan.decision
    assert d is not None and "a named back-up for the accounts" in d.new_roles
    assert "Name or fund: a named back-up for the accounts" in d.text
    assert dict(d.lines)["Name or fund"].startswith("a named back-up for the accounts")
    assert d.urgent == ["Name a back-up for the accounts, with their own access"]


def test_shared_passwords_and_hidden_criticism_are_named_to_stop():
    answers = {"dedicated_staff.posting_rights": 0, "shared_control.customer_ownership": 1}
    ev = evaluate(FW, responses(lambda q: answers.get(q.id, 3)))
    d = ev.plan.decision
    assert d is not None
    assert {"sharing passwords to the accounts", "hiding or deleting critical comments"} <= set(
        d.stop
    )


def test_different_organisations_get_different_decisions():
    texts = {
        evaluate(FW, responses(lambda q, c=c: c)).plan.decision.text  # type: ignore[union-attr]
        for c in (0, 1, 2, 3)
    }
    assert len(texts) == 4


def test_days_add_up_the_planned_steps_and_set_the_band():
    ev = evaluate(FW, responses(1))
    d = ev.plan.decision
    assert d is not None
    assert d.days == (
        sum(a.effort_days[0] for a in ev.plan.actions),
        sum(a.effort_days[1] for a in ev.plan.actions),
    )
    assert d.budget_band == band(d.days) and f"{d.days[0]}-{d.days[1]} person-days" in d.text
    assert band((2, 8)).startswith("small") and band((40, 90)).startswith("large")


def test_provisional_decision_approves_no_plan_beyond_urgent_steps():
    ev = evaluate(FW, responses({"dedicated_staff.posting_rights": 0}))
    d = ev.plan.decision
    assert d is not None and d.provisional
    assert d.urgent and "Approve the plan" not in d.text and "Review progress" not in d.text


def test_plan_and_backlog_scale_with_size():
    assert plan_sizes("1-9 people") == (6, 6)
    assert plan_sizes("10-49 people") == (8, 10)
    assert plan_sizes(None) == (10, None)
    small = evaluate(FW, responses(0, name="S", size="1-9 people")).plan
    large = evaluate(FW, responses(0, name="L", size="1,000 or more")).plan
    assert len(small.backlog) <= 6 < len(large.backlog)
    assert len(small.actions) < len(large.actions) and len(large.actions) >= 14
    # beyond its six, a small plan holds only what cannot wait: urgent steps, flags' fixes
    # and what those wait for
    waited = {p for a in small.actions for p in a.after}
    extra = [a for a in small.actions if not (a.urgent or a.flags or a.id in waited)]
    assert len(extra) <= 6


def test_the_lines_say_what_the_text_says_in_the_same_order():
    """The verdict box draws the lines, the CLI and JSON the text: they must not differ."""
    for c in (0, 1, 2, 3):
        d = evaluate(FW, responses(lambda q, c=c: c)).plan.decision
        assert d is not None and d.lines
        at = [d.text.index(text) for _, text in d.lines]
        assert at == sorted(at) and all(label in d.text for label, _ in d.lines)
