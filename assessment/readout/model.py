"""The readout: everything a reader of one evaluation is shown, in the order it is shown.

One frozen object per evaluation, built once by `readout.build.build_readout`; the Results page,
the PDF, the DOCX, the spreadsheets, the calendar, the tracker CSV and the CLI's text draw it and
decide nothing. Every field is plain text, numbers or dates: renderers escape and lay out.

To extend it (a client-specific decision, KPI objects, effort in person-days, risk if not done),
add a field with a default to the model concerned (`Verdict`, `StepCard`) and fill it in
`build.py`: every renderer then receives it from the same place.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from ..domain.models import DimensionStatus, Horizon
from .progress import ProgressView
from .sector import SectorReadout


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Verdict(Frozen):
    """What every summary opens with: the level (or why there is none), the one sentence a board
    needs, and the decision asked of it."""

    value: str  # "Level 2", "Provisional"
    label: str  # "Experimenting\n21/100", "No overall level"
    headline: str  # "Level 2 · Experimenting", "Provisional"
    sentence: str
    decision: str
    provisional: bool
    # the decision as lines, when the plan wrote them: (bold lead with its colon, text)
    decision_lines: tuple[tuple[str, str], ...] = ()
    decision_title: str = "Decision asked of the board"  # who decides, in this client's terms
    missing: tuple[str, ...] = ()  # while provisional: what each dimension still needs


class DimensionLine(Frozen):
    """One dimension as every list of dimensions shows it (gaps, strengths, the scorecard)."""

    id: str
    name: str
    status: DimensionStatus
    assessed: bool
    score: float | None
    level: int | None
    level_name: str | None
    target: int
    target_score: float
    gap: float
    weight: float
    status_text: str  # "38/100, level 2 Experimenting", or why it has no score
    level_text: str = ""  # "2 Experimenting" when assessed, else `status_text`
    confidence: float = 0.0  # percent
    completeness: float = 0.0  # percent


class FlagLine(Frozen):
    """A risk flag: a finding, or a question to check (only "Don't know" points to it)."""

    id: str
    confirmed: bool
    headline: str  # the finding, or the question to check
    explanation: str
    source: str
    questions: tuple[str, ...]  # ids: the answers that raise it, or the "Don't know" ones
    question_numbers: tuple[int, ...]


class StepCard(Frozen):
    """One step of the plan (or the backlog) in words, dated from the assessment date."""

    rank: int
    id: str
    section: str  # "Plan" or "Backlog"
    title: str
    what: str
    dimension_id: str
    dimension: str  # the dimension's name
    owner: str
    effort: str  # "small", "medium", "large"
    impact: str  # "low", "medium", "high"
    horizon: Horizon
    period: str  # "Days 1-30", ..., "Later"
    start: dt.date
    due: dt.date | None  # None in the backlog: it is beyond the plan
    start_text: str
    due_text: str  # "" in the backlog
    kpi: str
    moves: tuple[str, ...]
    fixes: tuple[str, ...]
    waits_for: tuple[str, ...]
    questions: tuple[str, ...]
    question_numbers: tuple[int, ...]
    urgent: bool = False  # a triage step: due within days, whatever its rank
    quick_win: bool = False
    effort_days: str = ""  # "1-3 person-days"
    kpi_baseline: str = ""  # where the KPI stands: the answer given, or "not measured yet"
    kpi_target: str = ""
    risk_if_not_done: str = ""
    # as every renderer prints them (one wording, decided in `build.step_card`):
    label: str = ""  # "Urgent: due within 14 days", "Quick win", or ""
    effort_text: str = ""  # "M (3-8 person-days)"
    kpi_text: str = ""  # "measure: baseline → target by 14 Oct 2026" (no "by" in the backlog)
    # the questions it moves in brief, as the PDF's plan table prints them:
    # "12. Written objectives (1/4 → 3/4)"
    move_refs: tuple[str, ...] = ()


class FindOut(Frozen):
    """The task before the plan: find out the answers given as "Don't know" or left blank."""

    title: str  # "Find out 3 missing answers"
    intro: str  # why, and by when
    start: dt.date
    due: dt.date
    due_text: str
    questions: tuple[str, ...]  # "35. How do you find out where ...?"


class Readout(Frozen):
    """Everything one evaluation shows, in reading order."""

    organisation: str
    start: dt.date  # the day the plan's dates count from
    start_text: str
    verdict: Verdict
    first_steps: tuple[StepCard, ...]  # the steps that come first in time
    first_steps_note: str = ""  # unused: first steps are numbered 1-3 with "plan step N" beside
    plan_status: str  # why the plan is empty (or "")
    unassessed_note: str  # which dimensions have no steps yet (or "")
    gaps: tuple[DimensionLine, ...]
    no_gap_text: str  # what stands in for an empty list of gaps
    strengths: tuple[DimensionLine, ...]  # never also a gap
    no_strength_text: str  # what stands in for an empty list of strengths
    dimensions: tuple[DimensionLine, ...]
    confirmed_flags: tuple[FlagLine, ...]
    no_confirmed_flag_text: str
    flags_to_check: tuple[FlagLine, ...]
    steps: tuple[StepCard, ...]
    backlog: tuple[StepCard, ...]
    to_check: tuple[str, ...]  # question texts answered "Don't know" or blank: find out first
    to_check_blank: int = 0  # how many of them were left blank
    find_out: FindOut | None = None  # the same questions as a dated task, for every document
    ranking_rule: str  # how the steps are ranked, as the method says it
    confidence: str
    file_stem: str  # "cafe-zurich-readiness-2026-11-02"
    progress: ProgressView | None = None  # a follow-up: what moved since the one before
    sector: SectorReadout | None = None  # the sector's notes, sources and left-out steps
