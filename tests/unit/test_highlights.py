"""The strengths and gaps a reader sees first: chosen in the core, never the same dimension."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given

from assessment.domain.scoring import score
from assessment.readout.build import build_readout
from assessment.readout.highlights import (
    FIRST_STEPS,
    GAP_LIMIT,
    STRENGTH_MIN_LEVEL,
    confidence_text,
    day,
    largest_gaps,
    strengths,
    strongest,
    verdict,
)
from tests.builders import responses
from tests.strategies import FW, hard_cases, mostly_known, responses_st


@hard_cases
@given(responses_st | mostly_known)
def test_no_dimension_is_both_a_strength_and_a_gap(responses):
    result = score(FW, responses)
    gaps, strong = largest_gaps(result), strengths(result)
    assert not {d.id for d in gaps} & {d.id for d in strong}
    assert len(gaps) <= GAP_LIMIT
    assert all(d.assessed and d.gap > 0 for d in gaps)
    assert [d.gap for d in gaps] == sorted((d.gap for d in gaps), reverse=True)
    assert all(d.assessed and (d.level or 0) >= STRENGTH_MIN_LEVEL for d in strong)
    # no strength holds a confirmed risk
    risky = {q.split(".")[0] for f in result.confirmed_flags for q in f.raised_by}
    assert not risky & {d.id for d in strong}
    # nothing larger is left out of the gaps
    shown = {d.id for d in gaps}
    left = [d.gap for d in result.dimensions.values() if d.assessed and d.id not in shown]
    assert all(g <= min((d.gap for d in gaps), default=0) for g in left if g > 0)


def test_a_weak_organisation_has_no_strength_only_a_strongest(framework):
    def choose(q):
        return 1 if q.dimension == "listening" else 0

    result = score(framework, responses(choose))
    assert strengths(result) == []
    best = strongest(result)
    assert best is not None and best.id == "listening"
    assert "listening" in {d.id for d in largest_gaps(result, limit=6)}


def test_a_dimension_at_target_is_a_strength_not_a_gap(framework):
    def choose(q):
        return 4 if q.dimension == "purpose" else 1

    result = score(framework, responses(choose))
    assert [d.id for d in strengths(result)] == ["purpose"]
    assert "purpose" not in {d.id for d in largest_gaps(result)}
    assert len(largest_gaps(result)) == GAP_LIMIT


def test_a_dimension_with_a_confirmed_risk_is_not_called_a_strength(framework):
    """Purpose at level 3 overall, but objectives and account reasons both at 1: the board is
    told of the risk, not that Purpose is a strength."""
    weak = {"purpose.business_objectives", "purpose.reason_for_each_account"}

    def choose(q):
        if q.dimension == "purpose":
            return 1 if q.id in weak else 4
        return 0

    result = score(framework, responses(choose))
    purpose = result.dimensions["purpose"]
    assert (purpose.level or 0) >= STRENGTH_MIN_LEVEL
    assert "no_purpose" in {f.id for f in result.confirmed_flags}
    assert strengths(result) == []
    readout = build_readout(framework, _evaluate(framework, choose), today=START)
    assert readout.strengths == ()
    assert readout.no_strength_text == (
        f"None yet: Purpose is at level {purpose.level} ({purpose.level_name}), but with a "
        "confirmed risk in it: Social media without a defined purpose."
    )


def test_a_dimension_with_an_urgent_step_is_not_called_a_strength(framework):
    """Shared control strong but critical comments hidden: the board is asked to stop hiding
    them within 14 days, so Shared control is not listed as a strength."""

    def choose(q):
        if q.dimension == "shared_control":
            return 1 if q.id == "shared_control.customer_ownership" else 4
        return 0

    ev = _evaluate(framework, choose)
    shared = ev.result.dimensions["shared_control"]
    assert (shared.level or 0) >= STRENGTH_MIN_LEVEL
    assert "shared_control" in {d.id for d in strengths(ev.result)}  # by the score alone
    urgent = [a for a in ev.plan.actions if a.urgent and a.dimension == "shared_control"]
    assert urgent
    assert strengths(ev.result, ev.plan) == []
    readout = build_readout(framework, ev, today=START)
    assert readout.strengths == ()
    assert readout.no_strength_text == (
        f"None yet: Shared control is at level {shared.level} ({shared.level_name}), but an "
        f"answer in it cannot wait (plan step {urgent[0].rank}, {urgent[0].title})."
    )


def test_nothing_assessed_gives_nothing(framework):
    result = score(framework, responses())
    assert largest_gaps(result) == [] and strengths(result) == [] and strongest(result) is None


# --------------------------------------------------------------------------- the verdict

START = dt.date(2026, 3, 2)


def _evaluate(framework, choose):
    from assessment.domain.evaluation import evaluate

    return evaluate(framework, responses(choose))


def test_a_provisional_result_claims_no_level_and_asks_for_the_missing_answers(framework):
    ev = _evaluate(framework, lambda q: 3 if q.dimension == "purpose" else None)
    v = verdict(framework, ev.result, ev.plan, "Acme Ltd", START)
    assert v.provisional and v.value == "Provisional"
    assert not re.search(r"level \d", v.sentence, re.IGNORECASE)
    assert "would be a guess" in v.sentence
    assert day(dt.date(2026, 4, 1)) in v.decision  # day 30 from the assessment date
    assert "missing answers" in v.decision


def test_all_not_applicable_proposes_nothing(framework):
    ev = _evaluate(framework, lambda q: "not_applicable")
    v = verdict(framework, ev.result, ev.plan, "Acme Ltd", START)
    assert v.provisional and '"Not applicable"' in v.sentence
    assert "in scope" in v.decision


def test_the_purpose_gate_is_the_verdict_while_it_holds(framework):
    ev = _evaluate(framework, lambda q: 0 if q.dimension == "purpose" else 3)
    assert ev.result.gate.holds
    v = verdict(framework, ev.result, ev.plan, "Acme Ltd", START)
    assert v.value == "Level 2"
    assert "cannot rise above level 2 until it defines what social media is for" in v.sentence
    assert ev.plan.decision is not None and v.decision == ev.plan.decision.text
    assert ev.plan.decision.review is not None
    assert day(ev.plan.decision.review) in v.decision  # progress reviewed at the last due date


def test_at_target_asks_for_no_new_work(framework):
    ev = _evaluate(framework, lambda q: 4)
    v = verdict(framework, ev.result, ev.plan, "Acme Ltd", START)
    assert "every assessed dimension is at its target" in v.sentence
    assert v.decision.startswith("No new work")


def test_dont_know_is_counted_never_stated(framework):
    ids = [q.id for q in framework.questions]

    def choose(q):
        return "dont_know" if ids.index(q.id) % 7 == 0 else 2

    ev = _evaluate(framework, choose)
    unknown = sum(len(d.dont_know) for d in ev.result.dimensions.values())
    v = verdict(framework, ev.result, ev.plan, "Acme Ltd", START)
    assert f'{unknown} "Don\'t know" answers are still to be found out' in v.sentence
    line = confidence_text(ev.result)
    assert f'{unknown} "Don\'t know" count as 0' in line and "never raise a finding" in line


def test_first_steps_come_first_in_time_with_calendar_dates(framework):
    ev = _evaluate(framework, lambda q: 1)
    readout = build_readout(framework, ev, START)
    steps = readout.first_steps
    assert len(steps) == FIRST_STEPS
    dues = [s.due for s in steps if s.due is not None]
    assert len(dues) == len(steps)
    ranks = [s.rank for s in steps]
    assert list(zip(dues, ranks, strict=True)) == sorted(zip(dues, ranks, strict=True))
    assert dues[0] == min(s.due for s in readout.steps if s.due is not None)
    # urgent steps are due within their days; the others at the end of their period
    periods = {START + dt.timedelta(days=d) for d in (30, 60, 90, 180)}
    soon = dt.timedelta(days=14)
    for s, d in zip(steps, dues, strict=True):
        assert d in periods or (s.urgent and d - START <= soon)
