"""Evaluate the small rule language that content uses for flags and action triggers."""

from __future__ import annotations

from collections.abc import Mapping, Set

from .models import AllOf, Answer, AnyOf, DimensionBelow, FlagRaised, QuestionAtMost, Rule


def holds(
    rule: Rule,
    answers: Mapping[str, Answer],
    dimension_scores: Mapping[str, float | None],
    raised_flags: Set[str] = frozenset(),
) -> bool:
    """True when the rule holds for these answers.

    A question rule holds only for a scored answer ("Don't know" counts as 0); an unanswered
    or "Not applicable" question never triggers anything. A dimension rule never holds for a
    dimension with no scored answers, since nothing is known about it.
    """
    if isinstance(rule, QuestionAtMost):
        answer = answers.get(rule.question)
        points = answer.points if answer else None
        return points is not None and points <= rule.at_most
    if isinstance(rule, DimensionBelow):
        score = dimension_scores.get(rule.dimension)
        return score is not None and score < rule.below
    if isinstance(rule, FlagRaised):
        return rule.flag in raised_flags
    if isinstance(rule, AllOf):
        return all(holds(r, answers, dimension_scores, raised_flags) for r in rule.all)
    if isinstance(rule, AnyOf):
        return any(holds(r, answers, dimension_scores, raised_flags) for r in rule.any)
    raise TypeError(f"unknown rule {rule!r}")
