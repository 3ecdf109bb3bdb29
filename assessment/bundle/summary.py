"""The executive summary for the DOCX: the same verdict, decision, first steps, gaps and
strengths as the PDF, from `assessment/highlights.py` (one set of rules, so the two documents a
consultant hands over never disagree), shaped for a word-processor document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.evaluation import Evaluation
from ..domain.models import DimensionResult, Framework, RaisedFlag
from ..readout import highlights, wording
from ..readout.vocabulary import horizon_name, start_date
from .common import assessment_date, long_date


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


def summarize(
    framework: Framework, evaluation: Evaluation, today: dt.date | None = None
) -> Summary:
    r, plan = evaluation.result, evaluation.plan
    start = assessment_date(evaluation, today)
    organisation = evaluation.responses.organization.name
    verdict = highlights.verdict(framework, r, plan, organisation, start)
    return Summary(
        headline=wording.overall_level_text(r.overall),
        verdict=verdict.sentence,
        missing=list(r.overall.missing) if r.overall.provisional else [],
        decision=verdict.decision,
        first_actions=[
            FirstAction(
                s.rank,
                s.title,
                s.owner,
                horizon_name(s.horizon),
                start_date(start, s.horizon),
                s.due,
            )
            for s in highlights.first_steps(plan, start)
        ],
        gaps=highlights.largest_gaps(r),
        strengths=highlights.strengths(r),
        confirmed=r.confirmed_flags,
        to_check=r.flags_to_check,
        confidence=highlights.confidence_text(r),
    )
