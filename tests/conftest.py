"""Shared fixtures: the shipped framework and a fresh database. Answers: tests/builders.py."""

from __future__ import annotations

import pytest

from assessment.domain.content import default_framework
from assessment.domain.models import Framework


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite file, also given to the app through READINESS_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("READINESS_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def framework() -> Framework:
    return default_framework()
