"""One vocabulary: the words the app, the PDF and the CLI use for the same things.

Horizons, effort, impact, answers, counts, "n/a" and paper sizes are named here once, so a period
is never "60 days" on one page and "31-60 days" on another. Sentences built from these words live
in `wording.py`. Plain strings: renderers escape what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from ..domain.models import DONT_KNOW, NOT_APPLICABLE, Answer, Choice, Effort, Horizon, Question

# --------------------------------------------------------------------------- the plan's periods

HORIZON_NAMES: dict[Horizon, str] = {
    Horizon.D30: "Days 1-30",
    Horizon.D60: "Days 31-60",
    Horizon.D90: "Days 61-90",
    Horizon.LATER: "Later",
}

HORIZON_DAYS: dict[Horizon, tuple[int, int]] = {
    Horizon.D30: (0, 30),
    Horizon.D60: (30, 60),
    Horizon.D90: (60, 90),
    Horizon.LATER: (90, 180),
}
"""Start and due day of each period from the assessment date ("later": the next quarter)."""


def horizon_name(horizon: Horizon) -> str:
    return HORIZON_NAMES[horizon]


def start_date(start: dt.date, horizon: Horizon) -> dt.date:
    """The calendar day a period begins, from the assessment date."""
    return start + dt.timedelta(days=HORIZON_DAYS[horizon][0])


def due_date(start: dt.date, horizon: Horizon) -> dt.date:
    """The calendar day a step of this period is due, from the assessment date."""
    return start + dt.timedelta(days=HORIZON_DAYS[horizon][1])


EFFORT_NAMES: dict[Effort, str] = {Effort.S: "small", Effort.M: "medium", Effort.L: "large"}
IMPACT_NAMES: dict[int, str] = {1: "low", 2: "medium", 3: "high"}


def effort_name(effort: Effort) -> str:
    return EFFORT_NAMES[effort]


# --------------------------------------------------------------------------- answers

CHOICES: tuple[Choice, ...] = (0, 1, 2, 3, 4, DONT_KNOW, NOT_APPLICABLE)
"""Every answer a question takes, in the order they are offered."""

CHOICE_WORDS: dict[str, str] = {DONT_KNOW: "Don't know", NOT_APPLICABLE: "Not applicable"}
NOT_ANSWERED = "Not answered"


def choice_short(choice: Choice | None) -> str:
    """A choice in a few characters: "3/4", "Don't know", "Not applicable", "none"."""
    if choice is None:
        return "none"
    if isinstance(choice, int):
        return f"{choice}/4"
    return CHOICE_WORDS[choice]


def option_text(question: Question, choice: Choice) -> str:
    """What a person reads for a choice: the option's described practice, or the words."""
    if isinstance(choice, int):
        return question.option_label(choice)
    return CHOICE_WORDS[choice]


def answer_text(question: Question, answer: Answer | None) -> str:
    """A given answer in full: "3/4: <the option's words>", and what the unknowns count as."""
    if answer is None:
        return NOT_ANSWERED
    if answer.choice == DONT_KNOW:
        return "Don't know (counts as 0)"
    if answer.choice == NOT_APPLICABLE:
        return "Not applicable (excluded from the score)"
    points = int(answer.choice)
    return f"{points}/4: {question.option_label(points)}"


# --------------------------------------------------------------------------- counts and figures


def counted(n: int, one: str, many: str | None = None) -> str:
    """ "1 question", "14 questions", "2 people": never "question(s)"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def answered_count(questions: Iterable[Question], answers: Mapping[str, Answer]) -> int:
    """How many of these questions have an answer (ids the framework does not know never count)."""
    return sum(1 for q in questions if q.id in answers)


def answered_text(questions: Iterable[Question], answers: Mapping[str, Answer]) -> str:
    """ "12 of 43 questions answered"."""
    listed = list(questions)
    return f"{answered_count(listed, answers)} of {len(listed)} questions answered"


NA = "n/a"


def number_or_na(value: float | None, digits: int = 0) -> str:
    """A figure, or "n/a" where there is none."""
    return NA if value is None else f"{value:.{digits}f}"


# --------------------------------------------------------------------------- paper

PAPER_NAMES: dict[str, str] = {"a4": "A4", "letter": "US Letter"}
PAPERS: tuple[str, ...] = tuple(PAPER_NAMES)
DEFAULT_PAPER = "a4"
