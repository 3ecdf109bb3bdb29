"""One pure function from an evaluation to its readout (`Readout`): every rule that decides what a
reader is shown, applied once. Where renderers used to disagree, the rule kept here is written in
the method (`method.RENDERING_RULES`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from ..domain.evaluation import Evaluation
from ..domain.models import (
    ActionPlan,
    Answer,
    DimensionResult,
    DimensionStatus,
    Framework,
    Horizon,
    PlannedAction,
    RaisedFlag,
    Result,
)
from . import highlights, wording
from .method import RANKING_RULE
from .model import DimensionLine, FindOut, FlagLine, Readout, StepCard, Verdict
from .sector import sector_readout
from .vocabulary import (
    IMPACT_NAMES,
    choice_short,
    due_date,
    effort_name,
    horizon_name,
    start_date,
)

PLAN = "Plan"
BACKLOG = "Backlog"
NO_CONFIRMED_FLAG = "No risk flag is confirmed by these answers."
FILE_STEM_CHARS = 60


# --------------------------------------------------------------------------- small shared rules


def day(date: dt.date) -> str:
    """ "2 Dec 2026", the one date format of every screen and document: no leading zero and the
    month in letters, so no reader mistakes 2/12 for 12/2; short enough for a table column."""
    return highlights.day(date)


def slug(name: str) -> str:
    """The organisation's name as an ASCII file-name part: accents folded ("Café Zürich" ->
    "cafe-zurich"), anything else but letters and digits a dash, at most 60 characters;
    "assessment" when nothing is left (a name in Chinese, say)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return text[:FILE_STEM_CHARS].strip("-") or "assessment"


def file_stem(name: str, start: dt.date) -> str:
    """ "cafe-zurich-readiness-2026-11-02": every download of one assessment starts with it."""
    return f"{slug(name)}-readiness-{start.isoformat()}"


def question_numbers(framework: Framework) -> dict[str, int]:
    """Question id -> its number 1..N, in the order the wizard asks them (dimension by
    dimension): the one numbering of the app, the PDF, the DOCX and the CLI."""
    ordered = [q for d in framework.dimensions for q in framework.questions_for(d.id)]
    return {q.id: n for n, q in enumerate(ordered, start=1)}


def assessment_start(evaluation: Evaluation, today: dt.date | None = None) -> dt.date:
    """The day the plan's dates count from: the assessment's own date, else today."""
    return evaluation.responses.organization.date or today or dt.date.today()


# --------------------------------------------------------------------------- parts


def dimension_line(dim: DimensionResult) -> DimensionLine:
    return DimensionLine(
        id=dim.id,
        name=dim.name,
        status=dim.status,
        assessed=dim.assessed,
        score=dim.score,
        level=dim.level,
        level_name=dim.level_name,
        target=dim.target,
        target_score=dim.target_score,
        gap=dim.gap,
        weight=dim.weight,
        status_text=wording.dimension_status(dim),
        level_text=(
            f"{dim.level} {dim.level_name}" if dim.assessed else wording.dimension_status(dim)
        ),
        confidence=dim.confidence,
        completeness=dim.completeness,
    )


def _flag(flag: RaisedFlag, numbers: Mapping[str, int]) -> FlagLine:
    questions = tuple(flag.raised_by if flag.confirmed else flag.unknown)
    return FlagLine(
        id=flag.id,
        confirmed=flag.confirmed,
        headline=flag.headline,
        explanation=flag.explanation,
        source=flag.source,
        questions=questions,
        question_numbers=tuple(numbers[q] for q in questions if q in numbers),
    )


def step_card(
    framework: Framework,
    plan: ActionPlan,
    step: PlannedAction,
    section: str,
    start: dt.date,
    answers: Mapping[str, Answer],
    numbers: Mapping[str, int],
    flag_titles: Mapping[str, str] | None = None,
) -> StepCard:
    # The plan's own dates win (an urgent step is due within its days, not at the period's end),
    # counted from the readout's start day, which dates an undated plan.
    begins, due_in_plan = _dates(plan, step, start)
    due = due_in_plan if section == PLAN else None
    period = horizon_name(step.horizon)
    if step.urgent and due is not None:
        period = f"Days 1-{(due - start).days}"
    detail = step.kpi_detail
    effort_days = f"{step.effort_days[0]}-{step.effort_days[1]} person-days"
    return StepCard(
        rank=step.rank,
        id=step.id,
        section=section,
        title=step.title,
        what=step.what,
        dimension_id=step.dimension,
        dimension=framework.dimension(step.dimension).name,
        owner=step.owner,
        effort=effort_name(step.effort),
        impact=IMPACT_NAMES[step.impact],
        horizon=step.horizon,
        period=period,
        start=begins,
        due=due,
        start_text=day(begins),
        due_text=day(due) if due else "",
        kpi=step.kpi,
        moves=tuple(wording.moves(framework, step, answers)),
        fixes=tuple(wording.fixes(framework, step, flag_titles)),
        waits_for=tuple(wording.waits_for(plan, step)),
        questions=tuple(step.questions),
        question_numbers=tuple(numbers[q] for q in step.questions if q in numbers),
        urgent=step.urgent,
        quick_win=step.quick_win,
        effort_days=effort_days,
        kpi_baseline=detail.baseline if detail else "",
        kpi_target=detail.target if detail else "",
        risk_if_not_done=step.risk_if_not_done,
        label=step_label(step.urgent, step.quick_win, start, due),
        effort_text=f"{step.effort.value} ({effort_days})",
        kpi_text=kpi_text(
            step.kpi, detail.baseline if detail else "", detail.target if detail else "", due
        ),
        move_refs=tuple(move_refs(framework, step, answers, numbers)),
    )


def step_label(urgent: bool, quick_win: bool, start: dt.date, due: dt.date | None) -> str:
    """ "Urgent: due within 14 days" for a triage step in the plan, "Quick win" for a quick win,
    both joined when a step is both; "" otherwise."""
    parts = []
    if urgent and due is not None:
        parts.append(f"Urgent: due within {(due - start).days} days")
    if quick_win:
        parts.append("quick win" if parts else "Quick win")
    return " \u00b7 ".join(parts)


def kpi_text(measure: str, baseline: str, target: str, due: dt.date | None) -> str:
    """ "measure: baseline → target by 14 Oct 2026": the KPI with where it stands, where it
    should be and when; the measure alone when the step has no baseline or target."""
    if not (baseline or target):
        return measure
    by = f" by {day(due)}" if due is not None else ""
    return f"{measure}: {baseline or 'not measured yet'} \u2192 {target or 'not set'}{by}"


def _dates(plan: ActionPlan, step: PlannedAction, start: dt.date) -> tuple[dt.date, dt.date]:
    """The step's start and due, as the plan set them, moved to count from `start`."""
    if plan.start is None or step.start is None:
        return start_date(start, step.horizon), due_date(start, step.horizon)
    shift = start - plan.start
    due = step.due + shift if step.due else due_date(start, step.horizon)
    return step.start + shift, due


def move_refs(
    framework: Framework,
    step: PlannedAction,
    answers: Mapping[str, Answer],
    numbers: Mapping[str, int],
) -> list[str]:
    """Each question a step moves, in brief: its number, topic, today's answer and the one it
    brings ("12. Written objectives (1/4 → 3/4)")."""
    out = []
    for qid in step.questions:
        q = framework.question(qid)
        answer = answers.get(qid)
        now = f"{choice_short(answer.choice)} → " if answer is not None else ""
        out.append(f"{numbers[qid]}. {q.topic or q.text} ({now}{step.raises_to}/4)")
    return out


def first_steps(steps: tuple[StepCard, ...], limit: int = highlights.FIRST_STEPS) -> list[StepCard]:
    """The steps that come first in time (earliest due, then by rank): a high-ranked step that
    waits for another is not "first"."""
    return sorted(steps, key=lambda s: (s.due or dt.date.max, s.rank))[:limit]


def no_gap_text(framework: Framework, result: Result) -> str:
    if not any(d.assessed for d in result.dimensions.values()):
        return "None yet: no dimension is assessed."
    if result.overall.provisional:
        waiting = [
            d.id for d in result.dimensions.values() if d.status == DimensionStatus.NOT_ASSESSED
        ]
        return (
            f"None among the assessed dimensions; {wording.names(framework, waiting)} "
            f"{'is' if len(waiting) == 1 else 'are'} {wording.NOT_YET_ASSESSED}."
        )
    return "None: every assessed dimension is at its target."


def no_strength_text(result: Result, plan: ActionPlan | None = None) -> str:
    if not any(d.assessed for d in result.dimensions.values()):
        return "No dimension is assessed yet."
    for d in highlights.at_strength_level(result):  # at a solid level, but held back
        at_level = f"None yet: {d.name} is at level {d.level} ({d.level_name}), but"
        if risks := highlights.confirmed_risks_in(result, d.id):
            return f"{at_level} with a confirmed risk in it: {'; '.join(f.title for f in risks)}."
        if urgent := highlights.urgent_steps_in(plan, d.id):
            steps = "; ".join(f"plan step {a.rank}, {a.title}" for a in urgent)
            return f"{at_level} an answer in it cannot wait ({steps})."
    best = highlights.strongest(result)
    text = f"No dimension is at level {highlights.STRENGTH_MIN_LEVEL} or above yet"
    if best is not None and best.score is not None:
        text += f"; the strongest so far is {best.name} ({best.score:.0f})"
    return text + "."


DECIDERS = {
    "membership_sports": "the committee",
    "charity": "the trustees",
    "professional_services": "the partners",
}
"""Who takes the decision where it is not a board: a club's committee, a charity's trustees, a
firm's partners; a public body's leadership; an organisation of up to 9 people, its owners."""


def find_out(
    framework: Framework, plan: ActionPlan, start: dt.date, numbers: Mapping[str, int]
) -> FindOut | None:
    """The "Don't know" and blank questions as one task, due when the first period ends."""
    if not plan.to_check:
        return None
    due = due_date(start, Horizon.D30)
    count = len(plan.to_check)
    return FindOut(
        title=f"Find out {count} missing answer{'s' if count != 1 else ''}, then assess again",
        intro=(
            f"{wording.find_out_text(count, len(plan.unanswered))}: find out the answers by "
            f"{day(due)}, then assess again."
        ),
        start=start,
        due=due,
        due_text=day(due),
        questions=tuple(
            f"{numbers[q]}. {framework.question(q).text}" for q in plan.to_check if q in numbers
        ),
    )


def decision_title(evaluation: Evaluation) -> str:
    sector = evaluation.sector
    sector_id = sector.sector if sector else None
    if sector_id in DECIDERS:
        who = DECIDERS[sector_id]
    elif sector is not None and sector.band == "1-9":
        who = "the owners"
    elif sector_id in ("local_government", "central_government"):
        who = "the leadership"
    else:
        who = "the board"
    return f"Decision asked of {who}"


def verdict(framework: Framework, evaluation: Evaluation, start: dt.date) -> Verdict:
    result, plan = evaluation.result, evaluation.plan
    found = highlights.verdict(
        framework, result, plan, evaluation.responses.organization.name, start
    )
    return Verdict(
        value=found.value,
        label=found.label,
        headline=wording.overall_level_text(result.overall),
        sentence=found.sentence,
        decision=found.decision,
        provisional=found.provisional,
        decision_lines=found.decision_lines,
        decision_title=decision_title(evaluation),
        missing=tuple(result.overall.missing) if result.overall.provisional else (),
    )


# --------------------------------------------------------------------------- the readout


def build_readout(
    framework: Framework,
    evaluation: Evaluation,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> Readout:
    """Everything one evaluation shows. `today` dates an assessment that has no date of its own;
    `start`, a day the user chose (`--start`, the Report page), is the day every date counts
    from instead of the assessment's date."""
    result, plan = evaluation.result, evaluation.plan
    answers = evaluation.responses.answers
    organisation = evaluation.responses.organization.name
    start = start or assessment_start(evaluation, today)
    numbers = question_numbers(framework)
    titles = {f.id: f.title for f in result.flags}  # in the sector's words
    steps = tuple(
        step_card(framework, plan, a, PLAN, start, answers, numbers, titles) for a in plan.actions
    )
    backlog = tuple(
        step_card(framework, plan, a, BACKLOG, start, answers, numbers, titles)
        for a in plan.backlog
    )
    first = first_steps(steps)
    return Readout(
        organisation=organisation,
        start=start,
        start_text=day(start),
        verdict=verdict(framework, evaluation, start),
        first_steps=tuple(first),
        first_steps_note="",  # moot: every renderer numbers them 1-3 with the plan's rank
        plan_status=wording.plan_status(framework, result, plan) or "",
        unassessed_note=wording.unassessed_note(framework, plan) or "",
        gaps=tuple(dimension_line(d) for d in highlights.largest_gaps(result)),
        no_gap_text=no_gap_text(framework, result),
        strengths=tuple(dimension_line(d) for d in highlights.strengths(result, plan)),
        no_strength_text=no_strength_text(result, plan),
        dimensions=tuple(dimension_line(d) for d in result.dimensions.values()),
        confirmed_flags=tuple(_flag(f, numbers) for f in result.confirmed_flags),
        no_confirmed_flag_text=NO_CONFIRMED_FLAG,
        flags_to_check=tuple(_flag(f, numbers) for f in result.flags_to_check),
        steps=steps,
        backlog=backlog,
        to_check=tuple(wording.question_texts(framework, plan.to_check)),
        to_check_blank=len(plan.unanswered),
        find_out=find_out(framework, plan, start, numbers),
        ranking_rule=RANKING_RULE,
        confidence=highlights.confidence_text(result),
        file_stem=file_stem(organisation, assessment_start(evaluation, today)),
        sector=sector_readout(framework, evaluation.sector),
    )
