"""The executive summary in words: a verdict, the decision asked, the first steps with dates.

Pure and format-free (the DOCX writes it; any other renderer can). Built from the shared words
in `wording.py` and `vocabulary.py`, so "Provisional", the plan's status and the periods read the
same as in the app and the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import wording
from ..evaluation import Evaluation
from ..models import DimensionResult, DimensionStatus, Framework, Horizon, RaisedFlag
from ..vocabulary import HORIZON_DAYS, answered_text, due_date, horizon_name, start_date
from .common import assessment_date, long_date

FIRST_ACTIONS = 3
TOP = 3
REVIEW_AFTER_DAYS = HORIZON_DAYS[Horizon.LATER][1]  # no step needed: assess again after this


@dataclass(frozen=True)
class FirstAction:
    rank: int
    title: str
    owner: str
    horizon: str  # "Days 1-30"
    start: dt.date
    due: dt.date

    def line(self) -> str:
        """ "#1 Write a purpose statement: Owner / founder, due 2 December 2026"."""
        return f"#{self.rank} {self.title}: {self.owner}, due {long_date(self.due)}"


@dataclass(frozen=True)
class Summary:
    headline: str  # "Level 2 · Developing" or "Provisional"
    verdict: str  # the one sentence a board needs
    missing: list[str]  # while provisional: what each dimension still needs
    decision: str  # the decision asked of the board
    first_actions: list[FirstAction]
    gaps: list[DimensionResult]  # largest gap first; never also a strength
    strengths: list[DimensionResult]
    confirmed: list[RaisedFlag]
    to_check: list[RaisedFlag]
    confidence: str  # confidence explained in one line


def largest_gaps(evaluation: Evaluation, limit: int = TOP) -> list[DimensionResult]:
    dims = [d for d in evaluation.result.dimensions.values() if d.assessed and d.gap > 0]
    return sorted(dims, key=lambda d: (-d.gap, -d.weight))[:limit]


def strengths(evaluation: Evaluation, limit: int = TOP) -> list[DimensionResult]:
    """The highest-scoring assessed dimensions that are not among the largest gaps."""
    gaps = {d.id for d in largest_gaps(evaluation)}
    dims = [
        d
        for d in evaluation.result.dimensions.values()
        if d.assessed and d.score and d.id not in gaps
    ]
    return sorted(dims, key=lambda d: (-(d.score or 0), -d.weight))[:limit]


def confidence_line(evaluation: Evaluation, framework: Framework) -> str:
    """ "Confidence 92%: 35 of 38 applicable answers are known (3 "Don't know"); ..."."""
    r = evaluation.result
    known = sum(d.known for d in r.dimensions.values())
    unknown = sum(len(d.dont_know) for d in r.dimensions.values())
    answered = answered_text(framework.questions, evaluation.responses.answers)
    if known + unknown == 0:
        return f"Confidence: no applicable answer is known yet ({answered})."
    return (
        f"Confidence {r.confidence:.0f}%: {known} of {known + unknown} applicable answers are "
        f'known, {unknown} "Don\'t know" ({answered}, completeness {r.completeness:.0f}%).'
    )


def verdict(framework: Framework, evaluation: Evaluation) -> str:
    r = evaluation.result
    if r.overall.provisional:
        unassessed = [
            d.id for d in r.dimensions.values() if d.status == DimensionStatus.NOT_ASSESSED
        ]
        if not unassessed:  # every question "Not applicable"
            return r.overall.description
        many = len(unassessed) > 1
        return (
            f"{wording.PROVISIONAL}: no overall level yet. {wording.names(framework, unassessed)} "
            f"need{'' if many else 's'} more known answers before the result can be relied on."
        )
    head = f"{wording.overall_level_text(r.overall)}, score {wording.overall_score_text(r.overall)}"
    uncapped, level = r.overall.uncapped_level, r.overall.level
    if r.gate.holds and uncapped is not None and level is not None and uncapped > level:
        return f"{head}/100, capped by the purpose gate. {r.gate.reason}"
    gaps = largest_gaps(evaluation, 1)
    if not gaps:
        return f"{head}/100: every assessed dimension is at its target."
    gap = gaps[0]
    text = (
        f"{head}/100. {gap.name} is furthest from the target: {gap.gap:.0f} points below "
        f"level {gap.target}."
    )
    if r.gate.holds:
        text += (
            f" While purpose scores below {r.gate.threshold:.0f}, purpose steps come first "
            "(Gartner's first step)."
        )
    return text


def decision(framework: Framework, evaluation: Evaluation, today: dt.date | None = None) -> str:
    """What the board is asked to decide, with the calendar day it applies from."""
    r, plan = evaluation.result, evaluation.plan
    day0 = assessment_date(evaluation, today)
    first_due = long_date(due_date(day0, Horizon.D30))
    if not plan.actions:
        if wording.every_dimension_at_target(r, plan):
            review = long_date(day0 + dt.timedelta(days=REVIEW_AFTER_DAYS))
            return f"No new step is needed: keep the current practice and assess again by {review}."
        if r.overall.provisional and plan.unassessed:
            return (
                f"Name who completes the assessment of {wording.names(framework, plan.unassessed)}"
                f' by {first_due} (questions unanswered or answered "Don\'t know"); then '
                "assess again, so that a plan can be approved."
            )
        return wording.plan_status(framework, r, plan) or ""
    soon = [a for a in plan.actions if a.horizon == Horizon.D30]
    owners = sorted({a.owner for a in plan.actions})
    text = (
        f"Approve the {len(plan.actions)}-step plan and name a person for each of its "
        f"{len(owners)} owner roles"
    )
    if soon:
        text += (
            f"; the first {len(soon)} step{'s start' if len(soon) != 1 else ' starts'} on "
            f"{long_date(start_date(day0, Horizon.D30))} and "
            f"{'are' if len(soon) != 1 else 'is'} due by {first_due}"
        )
    text += "."
    if r.overall.provisional and plan.unassessed:
        text += (
            f" Complete the assessment of {wording.names(framework, plan.unassessed)} by "
            f"{first_due}, so that the plan covers every dimension."
        )
    return text


def first_actions(evaluation: Evaluation, today: dt.date | None = None) -> list[FirstAction]:
    day0 = assessment_date(evaluation, today)
    return [
        FirstAction(
            rank=a.rank,
            title=a.title,
            owner=a.owner,
            horizon=horizon_name(a.horizon),
            start=start_date(day0, a.horizon),
            due=due_date(day0, a.horizon),
        )
        for a in evaluation.plan.actions[:FIRST_ACTIONS]
    ]


def summarize(
    framework: Framework, evaluation: Evaluation, today: dt.date | None = None
) -> Summary:
    r = evaluation.result
    return Summary(
        headline=wording.overall_level_text(r.overall),
        verdict=verdict(framework, evaluation),
        missing=list(r.overall.missing) if r.overall.provisional else [],
        decision=decision(framework, evaluation, today),
        first_actions=first_actions(evaluation, today),
        gaps=largest_gaps(evaluation),
        strengths=strengths(evaluation),
        confirmed=r.confirmed_flags,
        to_check=r.flags_to_check,
        confidence=confidence_line(evaluation, framework),
    )
