"""Scoring: answers in, a Result out. Pure functions; the rules are described in `method.py`."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .models import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Answer,
    DimensionResult,
    DimensionStatus,
    Flag,
    Framework,
    Gate,
    Overall,
    RaisedFlag,
    Responses,
    Result,
)
from .rules import Truth, evaluate, leaves_with

GATE_DIMENSION = "purpose"
GATE_THRESHOLD = 40.0  # purpose below this caps the overall level...
GATE_MAX_LEVEL = 2  # ...at this level
DEFAULT_TARGET_LEVEL = 4
MAX_POINTS = 4
MIN_KNOWN_SHARE = 0.5
"""A dimension is assessed once at least this share of its applicable questions (those not
answered "Not applicable") has a known answer: one of the five options, not "Don't know"."""


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def level_for(framework: Framework, score: float) -> int:
    """The highest level whose band starts at or below the score."""
    return max(lv.level for lv in framework.levels if lv.min_score <= score)


def known_answers_needed(applicable: int) -> int:
    """Known answers a dimension with this many applicable questions needs to be assessed."""
    return max(1, math.ceil(applicable * MIN_KNOWN_SHARE))


def default_target(levels: list[int | None]) -> int:
    """One target for every dimension, so a weaker dimension never shows a smaller gap.

    Level 4 while any dimension is below it or not yet assessed (None); level 5 once all of
    them have reached it.
    """
    if levels and None not in levels and min(lv for lv in levels if lv) >= DEFAULT_TARGET_LEVEL:
        return DEFAULT_TARGET_LEVEL + 1
    return DEFAULT_TARGET_LEVEL


def score_dimension(
    framework: Framework, dimension_id: str, answers: Mapping[str, Answer], target: int
) -> DimensionResult:
    dimension = framework.dimension(dimension_id)
    questions = framework.questions_for(dimension_id)
    scored: dict[str, int] = {}
    excluded, dont_know, unanswered = [], [], []
    for q in questions:
        answer = answers.get(q.id)
        if answer is None:
            unanswered.append(q.id)
        elif answer.choice == NOT_APPLICABLE:
            excluded.append(q.id)
        elif answer.points is not None:
            scored[q.id] = answer.points
            if answer.choice == DONT_KNOW:
                dont_know.append(q.id)
    applicable = len(questions) - len(excluded)
    known = len(scored) - len(dont_know)
    needed = known_answers_needed(applicable)
    if applicable == 0:
        status = DimensionStatus.NOT_APPLICABLE
    elif known >= needed:
        status = DimensionStatus.ASSESSED
    else:
        status = DimensionStatus.NOT_ASSESSED
    assessed = status == DimensionStatus.ASSESSED
    score = (
        round(100.0 * sum(scored.values()) / (MAX_POINTS * len(scored)), 1) if assessed else None
    )
    level = level_for(framework, score) if score is not None else None
    target_score = framework.level(target).min_score
    answered = len(questions) - len(unanswered)
    return DimensionResult(
        id=dimension.id,
        name=dimension.name,
        weight=dimension.weight,
        status=status,
        score=score,
        level=level,
        level_name=framework.level(level).name if level is not None else None,
        target=target,
        target_score=target_score,
        gap=round(max(0.0, target_score - score), 1) if score is not None else 0.0,
        question_scores=scored,
        excluded=excluded,
        dont_know=dont_know,
        unanswered=unanswered,
        known=known,
        needed=needed,
        confidence=percent(known, answered - len(excluded)),
        completeness=percent(answered, len(questions)),
    )


def score_dimensions(
    framework: Framework, answers: Mapping[str, Answer], targets: Mapping[str, int]
) -> dict[str, DimensionResult]:
    """Score each dimension; dimensions without a target set get the shared default target."""
    first = {
        d.id: score_dimension(framework, d.id, answers, targets.get(d.id, DEFAULT_TARGET_LEVEL))
        for d in framework.dimensions
    }
    counted = [d for d in first.values() if d.status != DimensionStatus.NOT_APPLICABLE]
    shared = default_target([d.level for d in counted])
    if shared == DEFAULT_TARGET_LEVEL:
        return first
    return {
        d.id: score_dimension(framework, d.id, answers, targets.get(d.id, shared))
        for d in framework.dimensions
    }


def weighted_overall(dimensions: Mapping[str, DimensionResult]) -> float | None:
    """Weighted mean of the dimensions that have a score; None when none has."""
    scored = [d for d in dimensions.values() if d.score is not None]
    if not scored:
        return None
    total_weight = sum(d.weight for d in scored)
    return round(sum(d.score * d.weight for d in scored if d.score is not None) / total_weight, 1)


def purpose_gate(purpose: DimensionResult) -> Gate:
    """Gartner's first step comes first: without a clear purpose the level is capped."""
    score = purpose.score
    holds_ = score is None or score < GATE_THRESHOLD
    if score is None:
        reason = (
            f"Purpose has not been assessed yet, so the overall level is capped at "
            f"{GATE_MAX_LEVEL}: defining the purpose is the first of Gartner's four steps."
        )
    elif holds_:
        reason = (
            f"Purpose scores {score:.0f}, below {GATE_THRESHOLD:.0f}, so the overall level is "
            f"capped at {GATE_MAX_LEVEL} whatever the other dimensions score: defining the "
            f"purpose is the first of Gartner's four steps."
        )
    else:
        reason = f"Purpose scores {score:.0f}, at or above {GATE_THRESHOLD:.0f}: no cap applies."
    return Gate(
        holds=holds_,
        threshold=GATE_THRESHOLD,
        max_level=GATE_MAX_LEVEL,
        purpose_score=score,
        reason=reason,
    )


def what_is_missing(dimension: DimensionResult) -> str:
    """One sentence: what a dimension needs before it gets a level."""
    more = dimension.needed - dimension.known
    unknown = len(dimension.dont_know)
    text = (
        f"{dimension.name}: {dimension.known} known answer{'s' if dimension.known != 1 else ''}, "
        f"{dimension.needed} needed ({more} more"
    )
    if unknown:
        text += f'; {unknown} answered "Don\'t know"'
    return text + ")"


def overall_result(
    framework: Framework, dimensions: Mapping[str, DimensionResult], gate: Gate
) -> Overall:
    unassessed = [d for d in dimensions.values() if d.status == DimensionStatus.NOT_ASSESSED]
    if not any(d.assessed for d in dimensions.values()) and not unassessed:
        return Overall(
            provisional=True,
            score=None,
            level=None,
            label="Provisional",
            description='No overall level: every question was answered "Not applicable".',
            uncapped_level=None,
            missing=["Answer at least the questions that apply to your organisation"],
        )
    if unassessed:
        return Overall(
            provisional=True,
            score=None,
            level=None,
            label="Provisional",
            description=(
                f"No overall level yet: {len(unassessed)} of {len(dimensions)} dimensions do not "
                "have enough known answers to be assessed."
            ),
            uncapped_level=None,
            missing=[what_is_missing(d) for d in unassessed],
        )
    overall_score = weighted_overall(dimensions)
    uncapped = level_for(framework, overall_score) if overall_score is not None else 1
    level = min(uncapped, GATE_MAX_LEVEL) if gate.holds else uncapped
    info = framework.level(level)
    return Overall(
        provisional=False,
        score=overall_score,
        level=level,
        label=info.name,
        description=info.description,
        uncapped_level=uncapped,
        missing=[],
    )


def contradicted(flag: Flag, answers: Mapping[str, Answer]) -> bool:
    """True when a known answer elsewhere is strong enough to rule the flag out."""
    for strong in flag.unless:
        answer = answers.get(strong.question)
        choice = answer.choice if answer is not None else None
        if isinstance(choice, int) and choice >= strong.at_least:
            return True
    return False


def raised_flags(framework: Framework, answers: Mapping[str, Answer]) -> list[RaisedFlag]:
    """Flags whose rule holds (confirmed) or could hold if "Don't know" answers were low."""
    raised = []
    for f in framework.flags:
        truth = evaluate(f.rule, answers)
        if truth == Truth.FALSE or contradicted(f, answers):
            continue
        raised.append(
            RaisedFlag(
                id=f.id,
                confirmed=truth == Truth.TRUE,
                title=f.title,
                check=f.check,
                explanation=f.explanation,
                source=f.source,
                raised_by=leaves_with(f.rule, answers, Truth.TRUE),
                unknown=leaves_with(f.rule, answers, Truth.UNKNOWN),
            )
        )
    return sorted(raised, key=lambda r: not r.confirmed)  # stable: content order within each


def score(framework: Framework, responses: Responses) -> Result:
    """Score one set of responses against the framework."""
    known_ids = {q.id for q in framework.questions}
    answers = {qid: a for qid, a in responses.answers.items() if qid in known_ids}
    dimensions = score_dimensions(framework, answers, responses.targets)
    gate = purpose_gate(dimensions[GATE_DIMENSION])
    excluded = [qid for d in dimensions.values() for qid in d.excluded]
    answered = sum(1 for q in framework.questions if q.id in answers)
    known = sum(d.known for d in dimensions.values())
    return Result(
        overall=overall_result(framework, dimensions, gate),
        dimensions=dimensions,
        confidence=percent(known, answered - len(excluded)),
        completeness=percent(answered, len(framework.questions)),
        flags=raised_flags(framework, answers),
        gate=gate,
        exclusions=excluded,
    )
