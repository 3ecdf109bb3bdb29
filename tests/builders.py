"""The one way tests build answers: `responses(...)` over the shipped question bank.

responses(2)                                   every question answered 2
responses(lambda q: 0 if q.dimension == "purpose" else 4)
responses({q.id: 3 for q in FW.questions[:5]}) only these (ids need not exist)
responses({qid: Answer(choice=0, note="why")}, name="Shop", size="1-9 people")
responses()                                    nothing answered
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Choice, Organization, Question, Responses

FW = default_framework()

Choose = Choice | Mapping[str, Choice | Answer] | Callable[[Question], Choice | Answer | None]


def answers(choose: Choose) -> dict[str, Answer]:
    """Answers by question id.

    `choose` is one Choice for every question; or a mapping question id -> Choice or Answer
    (taken as it is); or a function of each Question giving a Choice or an Answer, or None to
    leave the question unanswered.
    """
    if isinstance(choose, Mapping):
        return {qid: _answer(c) for qid, c in choose.items()}
    pick = choose if callable(choose) else (lambda q: choose)
    return {q.id: _answer(c) for q in FW.questions if (c := pick(q)) is not None}


def responses(
    choose: Choose | None = None,
    *,
    targets: Mapping[str, int] | None = None,
    **organization: Any,
) -> Responses:
    """Responses of "Acme Ltd" (or the Organization fields given) answering as `answers` does."""
    organization.setdefault("name", "Acme Ltd")
    return Responses(
        organization=Organization(**organization),
        answers=answers(choose) if choose is not None else {},
        targets=dict(targets or {}),
    )


MIXED: list[Choice] = [1, 2, 0, "dont_know", 3, 1, "not_applicable", 2, 4]


def mixed(**organization: Any) -> Responses:
    """Every kind of answer, a note on every fourth, a strong purpose (the gate does not hold)."""
    return responses(
        {
            q.id: Answer(
                choice=3 if q.dimension == "purpose" else MIXED[i % len(MIXED)],
                note=f"Observed in interview {i}." if i % 4 == 0 else "",
            )
            for i, q in enumerate(FW.questions)
        },
        **organization,
    )


def _answer(choice: Choice | Answer) -> Answer:
    return choice if isinstance(choice, Answer) else Answer(choice=choice)
