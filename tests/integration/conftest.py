"""Integration fixtures: the PDFs the product builds, caught with the bytes a download holds;
a database of a test's own on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus.doctemplate import BaseDocTemplate
from sqlalchemy import create_engine, make_url, text


@pytest.fixture
def built_pdfs(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every PDF built during the test, in order, as its bytes.

    Caught at ReportLab's `build` (outside the product), so a page test sees the bytes its download
    button offers (AppTest exposes none) and how often the page built them, whichever product
    module does the building.
    """
    pdfs: list[bytes] = []
    original = BaseDocTemplate.build

    def build(doc: BaseDocTemplate, *args: Any, **kwargs: Any) -> Any:
        result = original(doc, *args, **kwargs)
        target = doc.filename
        pdfs.append(target.getvalue() if hasattr(target, "getvalue") else Path(target).read_bytes())
        return result

    monkeypatch.setattr(BaseDocTemplate, "build", build)
    return pdfs


def _new_postgres_database() -> Iterator[str]:
    """A new database on the test server (TEST_POSTGRES_URL, see scripts/with-postgres.sh),
    dropped afterwards; skips without the server (fails under CI=true)."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL tests must run")
        pytest.skip("TEST_POSTGRES_URL not set (run through scripts/with-postgres.sh)")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once a new SQLite file and once a new PostgreSQL database: tests
    that count rows (purge, limits) see only their own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    yield from _new_postgres_database()


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """An empty PostgreSQL database, for what only PostgreSQL does (row locks, a wide pool)."""
    yield from _new_postgres_database()
