"""What a reader sees first, chosen once for every renderer (PDF, and any other deliverable):
the largest gaps and the strengths, the verdict with the decision asked of the board, the first
steps with calendar dates, and confidence in one line.

Pure functions over a Result and a plan. A dimension is never both a strength and a gap: the gaps
are chosen first, and a strength is an assessed dimension at a solid level that is not among them
and holds no confirmed risk or urgent step (no "Purpose: a strength" beside "no defined purpose").
Nothing here treats "Don't know" as a fact, and a provisional result claims no level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.decision import lead
from ..domain.models import (
    ActionPlan,
    DimensionResult,
    Framework,
    Horizon,
    PlannedAction,
    RaisedFlag,
    Responses,
    Result,
)
from ..domain.planning import gate_caps
from .vocabulary import due_date
from .wording import NOT_YET_ASSESSED, PROVISIONAL, every_dimension_at_target, names, plan_status

FIRST_STEPS = 3
COUNT_WORDS = {1: "one", 2: "two", 3: "three"}
GAP_LIMIT = 3
STRENGTH_LIMIT = 3
STRENGTH_MIN_LEVEL = 3
"""A dimension counts as a strength from this level on (3: practices in place in a basic form);
below it, the highest score is only "the strongest so far", not a strength."""


def largest_gaps(result: Result, limit: int = GAP_LIMIT) -> list[DimensionResult]:
    """Assessed dimensions below their target, largest gap first (heavier weight on a tie)."""
    short = [d for d in result.dimensions.values() if d.assessed and d.gap > 0]
    return sorted(short, key=lambda d: (-d.gap, -d.weight))[:limit]


def at_strength_level(result: Result) -> list[DimensionResult]:
    """Assessed dimensions at level 3 or above that are not among the largest gaps, best first."""
    gaps = {d.id for d in largest_gaps(result)}
    solid = [
        d
        for d in result.dimensions.values()
        if d.assessed and (d.level or 0) >= STRENGTH_MIN_LEVEL and d.id not in gaps
    ]
    return sorted(solid, key=lambda d: (-(d.score or 0), -d.weight))


def confirmed_risks_in(result: Result, dimension_id: str) -> list[RaisedFlag]:
    """The confirmed risk flags raised by answers to this dimension's questions."""
    prefix = f"{dimension_id}."
    return [f for f in result.confirmed_flags if any(q.startswith(prefix) for q in f.raised_by)]


def urgent_steps_in(plan: ActionPlan | None, dimension_id: str) -> list[PlannedAction]:
    """The plan's urgent steps for this dimension: answers in it that cannot wait."""
    steps = plan.actions if plan is not None else []
    return [a for a in steps if a.urgent and a.dimension == dimension_id]


def strengths(
    result: Result, plan: ActionPlan | None = None, limit: int = STRENGTH_LIMIT
) -> list[DimensionResult]:
    """Dimensions at a solid level, not among the gaps, with no confirmed risk and no urgent
    step in the plan, best first."""
    return [
        d
        for d in at_strength_level(result)
        if not confirmed_risks_in(result, d.id) and not urgent_steps_in(plan, d.id)
    ][:limit]


def strongest(result: Result) -> DimensionResult | None:
    """The highest-scoring assessed dimension with a score above 0 (which may not be a strength)."""
    scored = [d for d in result.dimensions.values() if d.assessed and d.score]
    return max(scored, key=lambda d: (d.score or 0, d.weight), default=None)


# --------------------------------------------------------------------------- the board's page


@dataclass(frozen=True)
class Verdict:
    """What the executive summary opens with: the level (or why there is none), the one sentence
    a board needs, and the decision asked of it."""

    value: str  # "Level 2", "Provisional"
    label: str  # "Experimenting · 21/100", "No overall level yet"
    sentence: str
    decision: str
    provisional: bool
    decision_lines: tuple[tuple[str, str], ...] = ()


def assessment_start(responses: Responses, today: dt.date) -> dt.date:
    """The day the plan's dates count from: the assessment's date, else the day it is built."""
    return responses.organization.date or today


def day(date: dt.date) -> str:
    """ "2 Dec 2026": no leading zero and the month in letters, so no reader mistakes 2/12 for
    12/2; short enough for a table column."""
    return f"{date.day} {date:%b %Y}"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def verdict(
    framework: Framework, result: Result, plan: ActionPlan, organisation: str, start: dt.date
) -> Verdict:
    """The verdict: only what the known answers show; a provisional result claims no level."""
    overall = result.overall
    review = day(due_date(start, Horizon.D90))
    steps = min(len(plan.actions), FIRST_STEPS)
    approve = (
        f"Approve the first {COUNT_WORDS.get(steps, str(steps))} step"
        f"{'s' if steps != 1 else ''} below with "
        f"{'their owners and due dates' if steps != 1 else 'its owner and due date'}"
    )
    if overall.level is None:
        if not plan.unassessed and not any(d.assessed for d in result.dimensions.values()):
            return Verdict(
                value=PROVISIONAL,
                label="No overall level",
                sentence=f'{organisation} answered every question "Not applicable", so this '
                "assessment gives no level and proposes no step.",
                decision="Decide whether social media is in scope; if it is, answer the "
                "questions that apply and assess again.",
                provisional=True,
            )
        waiting = plan.unassessed
        sentence = (
            f"No overall level yet: {names(framework, waiting)} {_are(len(waiting))} "
            f"{NOT_YET_ASSESSED}, because too few of {'its' if len(waiting) == 1 else 'their'} "
            "questions have a known answer; a level given now would be a guess."
        )
        decision = (
            f"Name who finds out the missing answers by {day(due_date(start, Horizon.D30))}, "
            "then assess again before committing a budget."
        )
        if plan.actions:
            decision += f" Meanwhile: {approve[0].lower()}{approve[1:]}, from the known answers."
        return Verdict(PROVISIONAL, "No overall level", sentence, decision, True)

    score = f"{overall.score:.0f}/100" if overall.score is not None else ""
    value, label = f"Level {overall.level}", f"{overall.label}\n{score}"
    where = f"{organisation} is at level {overall.level} of 5 ({overall.label})"
    gaps = largest_gaps(result, limit=2)
    confirmed = len(result.confirmed_flags)
    risks = f"{confirmed} confirmed risk{'s need' if confirmed != 1 else ' needs'} fixing"
    if every_dimension_at_target(result, plan):
        sentence = f"{where} and every assessed dimension is at its target."
        decision = (
            "No new work is needed: keep the current practice and assess again by "
            f"{day(start + dt.timedelta(days=180))}."
        )
        return Verdict(value, label, sentence, decision, False)
    if gate_caps(result) and result.gate.purpose_score is not None:
        sentence = (
            f"{where} and cannot rise above level {result.gate.max_level} until it defines "
            f"what social media is for (purpose scores {result.gate.purpose_score:.0f}/100)"
        )
    elif gaps:
        sentence = (
            f"{where}; the largest gap{'s' if len(gaps) > 1 else ''} "
            f"{_are(len(gaps))} in {names(framework, [d.id for d in gaps])}"
        )
    else:
        sentence = where
    if confirmed:
        sentence += f"; {risks}"
    unknown = sum(len(d.dont_know) for d in result.dimensions.values())
    if unknown:
        sentence += (
            f'; {unknown} "Don\'t know" answer{"s are" if unknown != 1 else " is"} still to be '
            "found out"
        )
    sentence += "."
    if not plan.actions:
        status = plan_status(framework, result, plan) or ""
        decision = f"Decide who finds out what is missing by {day(due_date(start, Horizon.D30))}: "
        return Verdict(value, label, sentence, decision + status[0].lower() + status[1:], False)
    if plan.decision is not None:  # written from this client's plan (domain/decision.py)
        lines = tuple((lead(label), text) for label, text in plan.decision.lines)
        return Verdict(value, label, sentence, plan.decision.text, False, lines)
    first = ", purpose first" if gate_caps(result) else ""
    decision = f"{approve}{first}, and review progress on {review}."
    return Verdict(value, label, sentence, decision, False)


def confidence_text(result: Result) -> str:
    """Confidence explained in one line: how many answers are known, and what the rest count as."""
    dims = result.dimensions.values()
    known = sum(d.known for d in dims)
    unknown = sum(len(d.dont_know) for d in dims)
    if known + unknown == 0:
        return "Confidence: no answer that applies is known yet."
    if not unknown:
        return (
            f"Confidence {result.confidence:.0f}%: all {known} answers that apply are known "
            '(one of the five options; no "Don\'t know").'
        )
    text = (
        f"Confidence {result.confidence:.0f}%: {known} of the {known + unknown} answers that "
        "apply are known (one of the five options)"
    )
    if unknown:
        text += (
            f'; {unknown} "Don\'t know" count{"s" if unknown == 1 else ""} as 0 until found out '
            "and never raise a finding"
        )
    return text + "."
