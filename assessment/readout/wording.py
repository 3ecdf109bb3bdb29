"""The words the app and the PDF use for a result that may be provisional, flags that may be
only "to check", and steps with what they move, fix and wait for.

Plain strings, no ReportLab and no Streamlit: the Results page and the PDF say the same thing
because they call the same functions. Renderers escape what comes out (it carries content text).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.models import (
    ActionPlan,
    Answer,
    DimensionResult,
    DimensionStatus,
    Framework,
    Overall,
    PlannedAction,
    RaisedFlag,
    Result,
)
from ..domain.scoring import MIN_KNOWN_SHARE
from .vocabulary import answer_text

PROVISIONAL = "Provisional"
NOT_YET_ASSESSED = "not yet assessed"


def overall_value(overall: Overall) -> str:
    """The big figure: "Level 3", or "Provisional" while no overall level is claimed."""
    return PROVISIONAL if overall.level is None else f"Level {overall.level}"


def overall_level_text(overall: Overall) -> str:
    """ "Level 3 · Defined", or "Provisional"."""
    return PROVISIONAL if overall.level is None else f"Level {overall.level} \u00b7 {overall.label}"


def overall_score_text(overall: Overall) -> str:
    return "not yet" if overall.score is None else f"{overall.score:.0f}"


def provisional_intro() -> str:
    return (
        "Provisional result: no overall level yet. A dimension gets a level once at least "
        f"{MIN_KNOWN_SHARE:.0%} of its applicable questions have a known answer (one of the five "
        'options, not "Don\'t know"). Still missing:'
    )


def not_assessed_text(dim: DimensionResult) -> str:
    """ "not yet assessed (2 of 4 known answers needed)"."""
    return f"{NOT_YET_ASSESSED} ({dim.known} of {dim.needed} known answers needed)"


def dimension_status(dim: DimensionResult) -> str:
    """What a dimension shows instead of nothing: its score and level, or why it has none."""
    if dim.status == DimensionStatus.ASSESSED and dim.score is not None:
        return f"{dim.score:.0f}/100, level {dim.level} {dim.level_name}"
    if dim.status == DimensionStatus.NOT_APPLICABLE:
        return 'not applicable (every question answered "Not applicable")'
    return not_assessed_text(dim)


def names(framework: Framework, dimension_ids: list[str]) -> str:
    """ "Purpose, Listening and Accountability"."""
    items = [framework.dimension(d).name for d in dimension_ids]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- flags


def raised_by(
    framework: Framework, flag: RaisedFlag, answers: Mapping[str, Answer]
) -> list[tuple[str, str]]:
    """(question text, chosen answer) for each known answer that raised a confirmed flag."""
    return [
        (framework.question(qid).text, answer_text(framework.question(qid), answers.get(qid)))
        for qid in flag.raised_by
    ]


def question_texts(framework: Framework, question_ids: list[str]) -> list[str]:
    return [framework.question(qid).text for qid in question_ids]


def flag_count_text(result: Result) -> str:
    """ "Risk flags (2)" counts findings only; guesses are counted under "To check"."""
    return f"Risk flags ({len(result.confirmed_flags)})"


# --------------------------------------------------------------------------- plan


def moves(framework: Framework, step: PlannedAction, answers: Mapping[str, Answer]) -> list[str]:
    """'"How do you monitor ...?" from option 1 to 3' for each question the step moves."""
    out = []
    for qid in step.questions:
        answer = answers.get(qid)
        now = answer.choice if answer is not None and isinstance(answer.choice, int) else None
        start = f"from option {now} " if now is not None else ""
        out.append(f"\u201c{framework.question(qid).text}\u201d {start}to {step.raises_to}")
    return out


def fixes(
    framework: Framework, step: PlannedAction, titles: Mapping[str, str] | None = None
) -> list[str]:
    """Titles of the confirmed flags a step fixes: as the result words them (in the sector's
    words), else as the framework does."""
    return [(titles or {}).get(f) or framework.flag(f).title for f in step.flags]


def waits_for(plan: ActionPlan, step: PlannedAction) -> list[str]:
    """ "#3 Set up daily monitoring" for each planned step this one comes after."""
    by_id = {a.id: a for a in plan.actions + plan.backlog}
    return [f"#{by_id[p].rank} {by_id[p].title}" for p in step.after if p in by_id]


def every_dimension_at_target(result: Result, plan: ActionPlan) -> bool:
    """The only case in which "every dimension is at its target" is true."""
    return (
        not plan.actions
        and not result.overall.provisional
        and all(d.gap <= 0 for d in result.dimensions.values() if d.assessed)
    )


def plan_status(framework: Framework, result: Result, plan: ActionPlan) -> str | None:
    """Why the plan is empty, truthfully; None when the plan has steps."""
    if plan.actions:
        return None
    if not plan.unassessed and not any(d.assessed for d in result.dimensions.values()):
        return 'No step can be proposed: every question was answered "Not applicable".'
    if every_dimension_at_target(result, plan):
        return "No action needed: every assessed dimension is at its target."
    if result.overall.provisional:
        return (
            f"No plan yet: {names(framework, plan.unassessed)} "
            f"need{'s' if len(plan.unassessed) == 1 else ''} more known answers before a plan "
            "can be made."
        )
    short = [d.id for d in result.dimensions.values() if d.assessed and d.gap > 0]
    text = (
        f"No step can be proposed from the known answers, yet {names(framework, short)} "
        f"{'is' if len(short) == 1 else 'are'} below target"
    )
    if plan.to_check:
        return text + ': find out the "Don\'t know" answers first.'
    return text + "."


def unassessed_note(framework: Framework, plan: ActionPlan) -> str | None:
    """Beside a plan with steps: which dimensions have no steps planned from them yet."""
    if not plan.unassessed or not plan.actions:
        return None
    many = len(plan.unassessed) > 1
    return (
        f"{names(framework, plan.unassessed)} {'are' if many else 'is'} {NOT_YET_ASSESSED}: "
        f"until {'they have' if many else 'it has'} enough known answers, the plan holds no "
        f"step for {'them' if many else 'it'} other than fixes for confirmed risks."
    )


def dimension_plan_text(dim: DimensionResult, in_backlog: int, shown: int) -> str:
    """The "In the action plan" line of a dimension with no planned step."""
    if dim.status == DimensionStatus.NOT_APPLICABLE:
        return "No action: every question of this dimension is not applicable."
    if not dim.assessed:
        return (
            f"No step is planned from this dimension yet: it is {not_assessed_text(dim)}. "
            "Answer more of its questions to plan its steps."
        )
    if dim.gap <= 0:
        return "No action needed: this dimension is at its target."
    if in_backlog:
        return f"No step in the top {shown}; {in_backlog} in the backlog."
    return "No step can be proposed from the known answers of this dimension."


def find_out_text(to_check: int, blank: int) -> str:
    """Why the "Find out first" questions are listed: "Don't know" answers, and blank ones when
    there are any (a blank is left out of the score; "Don't know" counts as 0)."""
    were = "s were" if to_check != 1 else " was"
    if not blank:
        return (
            f'{to_check} question{were} answered "Don\'t know". They count as 0 and no step is '
            "planned from them"
        )
    return (
        f'{to_check} question{were} answered "Don\'t know" or left blank ({blank} blank). '
        '"Don\'t know" counts as 0, a blank is left out of the score, and no step is planned '
        "from either"
    )
