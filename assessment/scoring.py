"""Scoring: answers in, a Result out. Pure functions; the rules are described in `method.py`."""

from __future__ import annotations

from collections.abc import Mapping

from .models import (
    NOT_APPLICABLE,
    Answer,
    DimensionResult,
    Framework,
    Gate,
    Overall,
    RaisedFlag,
    Responses,
    Result,
)
from .rules import holds

GATE_DIMENSION = "purpose"
GATE_THRESHOLD = 40.0  # purpose below this caps the overall level...
GATE_MAX_LEVEL = 2  # ...at this level
DEFAULT_TARGET_LEVEL = 4
MAX_POINTS = 4


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def level_for(framework: Framework, score: float) -> int:
    """The highest level whose band starts at or below the score."""
    return max(lv.level for lv in framework.levels if lv.min_score <= score)


def default_target(level: int | None) -> int:
    """Level 4, or one above the current level where level 4 is already reached."""
    if level is None or level < DEFAULT_TARGET_LEVEL:
        return DEFAULT_TARGET_LEVEL
    return min(level + 1, 5)


def score_dimension(
    framework: Framework, dimension_id: str, answers: Mapping[str, Answer], target: int | None
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
        else:
            if answer.points is not None:
                scored[q.id] = answer.points
            if answer.choice == "dont_know":
                dont_know.append(q.id)
    score = round(100.0 * sum(scored.values()) / (MAX_POINTS * len(scored)), 1) if scored else None
    level = level_for(framework, score) if score is not None else None
    target_level = target if target is not None else default_target(level)
    target_score = framework.level(target_level).min_score
    answered = len(questions) - len(unanswered)
    return DimensionResult(
        id=dimension.id,
        name=dimension.name,
        weight=dimension.weight,
        score=score,
        level=level,
        level_name=framework.level(level).name if level is not None else None,
        target=target_level,
        target_score=target_score,
        gap=round(max(0.0, target_score - (score or 0.0)), 1),
        question_scores=scored,
        excluded=excluded,
        dont_know=dont_know,
        unanswered=unanswered,
        confidence=percent(len(scored) - len(dont_know), answered - len(excluded)),
        completeness=percent(answered, len(questions)),
    )


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
            f"{GATE_MAX_LEVEL}: Gartner's first step, a clearly defined purpose, comes first."
        )
    elif holds_:
        reason = (
            f"Purpose scores {score:.0f}, below {GATE_THRESHOLD:.0f}, so the overall level is "
            f"capped at {GATE_MAX_LEVEL} whatever the other dimensions score: Gartner's first "
            f"step, a clearly defined purpose, comes before everything else."
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


def raised_flags(
    framework: Framework, answers: Mapping[str, Answer], scores: Mapping[str, float | None]
) -> list[RaisedFlag]:
    return [
        RaisedFlag(id=f.id, title=f.title, explanation=f.explanation, source=f.source)
        for f in framework.flags
        if holds(f.rule, answers, scores)
    ]


def score(framework: Framework, responses: Responses) -> Result:
    """Score one set of responses against the framework."""
    known_ids = {q.id for q in framework.questions}
    answers = {qid: a for qid, a in responses.answers.items() if qid in known_ids}
    dimensions = {
        d.id: score_dimension(framework, d.id, answers, responses.targets.get(d.id))
        for d in framework.dimensions
    }
    overall_score = weighted_overall(dimensions)
    uncapped = level_for(framework, overall_score) if overall_score is not None else 1
    gate = purpose_gate(dimensions[GATE_DIMENSION])
    level = min(uncapped, GATE_MAX_LEVEL) if gate.holds else uncapped
    level_info = framework.level(level)
    scores = {d.id: d.score for d in dimensions.values()}
    excluded = [qid for d in dimensions.values() for qid in d.excluded]
    answered = sum(1 for q in framework.questions if q.id in answers)
    known = sum(len(d.question_scores) - len(d.dont_know) for d in dimensions.values())
    return Result(
        overall=Overall(
            score=overall_score,
            level=level,
            label=level_info.name,
            description=level_info.description,
            uncapped_level=uncapped,
        ),
        dimensions=dimensions,
        confidence=percent(known, answered - len(excluded)),
        completeness=percent(answered, len(framework.questions)),
        flags=raised_flags(framework, answers, scores),
        gate=gate,
        exclusions=excluded,
    )
