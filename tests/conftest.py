"""Shared fixtures: the shipped framework and answer sets built from it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assessment.content import default_framework
from assessment.models import Answer, Choice, Framework, Organization, Question, Responses


def responses_with(
    framework: Framework,
    choose: Callable[[Question], Choice | None],
    name: str = "Acme Ltd",
    targets: dict[str, int] | None = None,
) -> Responses:
    """Responses answering each question with `choose(question)` (None leaves it unanswered)."""
    answers = {}
    for q in framework.questions:
        choice = choose(q)
        if choice is not None:
            answers[q.id] = Answer(choice=choice)
    return Responses(organization=Organization(name=name), answers=answers, targets=targets or {})


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite file, also given to the app through READINESS_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("READINESS_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def framework() -> Framework:
    return default_framework()


@pytest.fixture
def all_at() -> Callable[[Choice], Responses]:
    fw = default_framework()
    return lambda choice: responses_with(fw, lambda q: choice)
