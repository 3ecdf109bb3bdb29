"""Shared fixtures: the shipped framework, a fresh database and the persona files evaluated.
Answers: tests/builders.py."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from assessment.domain.content import default_framework
from assessment.domain.evaluation import Evaluation, evaluate
from assessment.domain.models import Framework
from assessment.files.answers_file import read_answers

PERSONA_DIR = Path(__file__).parent / "personas"

settings.register_profile(
    "dev", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)
"""Hypothesis: `dev` (the default) tries 20 examples per property, `ci` (CI=true, or
HYPOTHESIS_PROFILE=ci) 300; the hard cases are explicit `@example`s, tried under both."""


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite file, also given to the app through READINESS_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("READINESS_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def framework() -> Framework:
    return default_framework()


@pytest.fixture(scope="module")
def persona(framework: Framework) -> Callable[[str], Evaluation]:
    """`persona("corner_bakery")`: tests/personas/<slug>.json evaluated, once per module."""
    cache: dict[str, Evaluation] = {}

    def load(slug: str) -> Evaluation:
        if slug not in cache:
            data = (PERSONA_DIR / f"{slug}.json").read_bytes()
            cache[slug] = evaluate(framework, read_answers(data, framework).responses)
        return cache[slug]

    return load
