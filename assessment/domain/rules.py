"""Evaluate the small rule language that flags use, with "Don't know" as unknown.

A rule is true (known answers make it hold), unknown (it holds only if some "Don't know"
answers turned out low) or false. A flag is confirmed when its rule is true and only "to check"
when it is unknown, so a guess is never stated as a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import IntEnum

from .models import DONT_KNOW, AllOf, Answer, AnyOf, QuestionAtMost, Rule


class Truth(IntEnum):
    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


def evaluate(rule: Rule, answers: Mapping[str, Answer]) -> Truth:
    """Three-valued: unanswered and "Not applicable" questions never make a rule hold."""
    if isinstance(rule, QuestionAtMost):
        return question_truth(rule, answers)
    if isinstance(rule, AllOf):
        return min(evaluate(r, answers) for r in rule.all)
    if isinstance(rule, AnyOf):
        return max(evaluate(r, answers) for r in rule.any)
    raise TypeError(f"unknown rule {rule!r}")


def question_truth(rule: QuestionAtMost, answers: Mapping[str, Answer]) -> Truth:
    answer = answers.get(rule.question)
    if answer is None or answer.points is None:
        return Truth.FALSE
    if answer.choice == DONT_KNOW:
        return Truth.UNKNOWN
    return Truth.TRUE if answer.points <= rule.at_most else Truth.FALSE


def rule_parts(rule: Rule) -> Iterator[Rule]:
    """Every leaf and combination inside a rule, depth first."""
    yield rule
    if isinstance(rule, AllOf):
        for sub in rule.all:
            yield from rule_parts(sub)
    elif isinstance(rule, AnyOf):
        for sub in rule.any:
            yield from rule_parts(sub)


def question_leaves(rule: Rule) -> list[QuestionAtMost]:
    return [p for p in rule_parts(rule) if isinstance(p, QuestionAtMost)]


def leaves_with(rule: Rule, answers: Mapping[str, Answer], truth: Truth) -> list[str]:
    """Question ids (once each, in rule order) whose leaf evaluates to `truth`."""
    ids = [q.question for q in question_leaves(rule) if question_truth(q, answers) == truth]
    return list(dict.fromkeys(ids))
