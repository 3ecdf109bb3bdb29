"""A use case that counts a creation against the hourly limit and creates commits both or neither.

Each test makes the creation fail after the count was written (the database refuses the
insert), then checks that nothing was counted and that the client can still create.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from assessment.app import assessments as app_assessments
from assessment.app import workshops as app_workshops
from assessment.domain.content import load_framework
from assessment.files.answers_file import empty_template
from assessment.store import AssessmentStore, StoreError, WorkshopStore
from assessment.store.db import creations, make_engine


@pytest.fixture
def store(fresh_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AssessmentStore]:
    monkeypatch.setenv("READINESS_MAX_ASSESSMENTS_PER_HOUR", "1")
    monkeypatch.setenv("READINESS_MAX_WORKSHOPS_PER_HOUR", "1")
    engine = make_engine(fresh_db_url)
    yield AssessmentStore(engine=engine)
    engine.dispose()


def counted(store: AssessmentStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(creations)).scalar_one())


def failing_insert(monkeypatch: pytest.MonkeyPatch) -> None:
    """The assessment insert runs, then the database fails (disk full, connection lost)."""
    real = AssessmentStore.create

    def create(self: AssessmentStore, organization, conn=None):  # type: ignore[no-untyped-def]
        real(self, organization, conn)
        raise StoreError("not saved: disk I/O error")

    monkeypatch.setattr(AssessmentStore, "create", create)


def test_a_failed_assessment_creation_is_not_counted(
    store: AssessmentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        failing_insert(m)
        refused = app_assessments.create(
            store, app_assessments.NewAssessment(name="Acme"), client_key="ip:1"
        )
    assert not refused.ok and "could not be created" in refused.problems[0]
    assert counted(store) == 0
    made = app_assessments.create(
        store, app_assessments.NewAssessment(name="Acme"), client_key="ip:1"
    )
    assert made.ok and counted(store) == 1  # the limit of one is still whole


def test_a_failed_import_is_not_counted(
    store: AssessmentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = load_framework()
    data = empty_template(framework).encode()
    with monkeypatch.context() as m:
        failing_insert(m)
        refused = app_assessments.import_answers(store, framework, data, client_key="ip:1")
    assert not refused.ok and counted(store) == 0
    assert app_assessments.import_answers(store, framework, data, client_key="ip:1").ok


def test_a_failed_workshop_creation_is_not_counted(
    store: AssessmentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = WorkshopStore(engine=store.engine)
    with monkeypatch.context() as m:
        failing_insert(m)
        refused = app_workshops.create_workshop(ws, "Acme", client_key="ip:1")
    assert not refused.ok and counted(store) == 0
    made = app_workshops.create_workshop(ws, "Acme", client_key="ip:1")
    assert made.ok and ws.facilitator(made.value) is not None
