"""No lost answer, ever said: a save refused by a busy database stays pending and is saved once
the database answers; a save to a purged assessment or workshop says so at once and is never
"retried"; a participant's page keeps its questionnaire while the database is away.

Real SQLite files, a real write lock held by another connection, the real purge.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.app import assessments as service
from assessment.domain.content import default_framework
from assessment.domain.models import Organization, Responses
from assessment.store import (
    AssessmentStore,
    ParticipantAnswers,
    StoreError,
    WorkshopStore,
    make_engine,
    purge,
)
from tests.helpers import page_texts as texts

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "assessment/ui/pages"
FW = default_framework()
Q0, Q1 = FW.questions[0].id, FW.questions[1].id
GONE = "no longer exists"


def _purge_everything(store: AssessmentStore) -> None:
    """The retention purge, run as if two days had passed with `--older-than 1`."""
    purge(store.engine, 1, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2))


def _hold_write_lock(db_url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


# --------------------------------------------------------------------------- the use cases


def _choose(
    store: service.AnswerStore, work: service.Working, question_id: str, choice: int
) -> bool:
    """A click as the page makes it: kept in the copy, then saved; True once saved."""
    service.hold_choice(work, question_id, choice)
    return service.flush(store, work)


def test_a_locked_database_keeps_the_answer_pending_and_saves_it_later(db_url: str) -> None:
    store = AssessmentStore(engine=make_engine(db_url, busy_timeout_ms=200))
    aid = store.create(Organization(name="Locked Co"))
    work = service.open_working(store, FW, aid)
    assert work is not None
    holder = _hold_write_lock(db_url)
    try:
        assert not _choose(store, work, Q0, 3)
        assert not _choose(store, work, Q1, 1)
        assert work.unsaved == 2 and not work.gone and work.last_error
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert service.flush(store, work)  # the page's retry, no new click
    saved = store.load(aid)
    assert saved is not None
    assert {q: a.choice for q, a in saved.answers.items()} == {Q0: 3, Q1: 1}


def test_a_purged_assessment_is_gone_at_once_and_never_retried(db_url: str) -> None:
    store = AssessmentStore(url=db_url)
    aid = store.create(Organization(name="Purged Co"))
    work = service.open_working(store, FW, aid)
    assert work is not None and _choose(store, work, Q0, 2)
    _purge_everything(store)
    assert not _choose(store, work, Q1, 4)
    assert work.gone and work.unsaved == 1
    assert work.responses.answers[Q1].choice == 4  # kept in the copy, offered as a file
    assert store.load(aid) is None  # nothing written behind the purge


def test_a_purged_workshop_is_gone_for_its_participant(db_url: str) -> None:
    ws = WorkshopStore(url=db_url)
    _, code = ws.create_workshop(Organization(name="Room Co"))
    token = ws.join(code, "Ada", "IT", "ip:1")
    access = ws.participant(token)
    assert access is not None
    answers = ParticipantAnswers(ws, token, access.assessment_id)
    work = service.open_working(answers, FW, access.assessment_id)
    assert work is not None and _choose(answers, work, Q0, 1)
    _purge_everything(ws.assessments)
    assert not _choose(answers, work, Q1, 3)
    assert work.gone


def test_a_database_that_cannot_be_read_is_away_not_gone() -> None:
    class Away:
        def load(self, assessment_id: str) -> None:
            raise StoreError("cannot read: connection refused")

        def save_answers(self, assessment_id: str, batch: object) -> None:
            raise StoreError("not saved: connection refused")

    store = Away()
    work = service.Working("a" * 43, Responses(organization=Organization(name="Away Co")))
    assert not _choose(store, work, Q0, 3)
    assert not work.gone and work.unsaved == 1


# --------------------------------------------------------------------------- the pages


def _wizard(aid: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = aid
    at.run()
    return at.switch_page(f"{PAGES}/wizard.py").run()


def test_the_wizard_says_at_once_that_a_purged_assessment_is_gone(db_url: str) -> None:
    store = AssessmentStore(url=db_url)
    aid = store.create(Organization(name="Purged Co"))
    at = _wizard(aid)
    at = at.radio[0].set_value(3).run()
    assert "Saved" in texts(at)
    _purge_everything(store)
    at = at.radio[1].set_value(1).run()
    page = texts(at)
    assert GONE in page and "cannot be saved" in page
    assert "retrying" not in page and "saved as soon as" not in page
    offered = [d.proto.label for d in at.get("download_button")]
    assert "Download your answers" in offered
    assert store.load(aid) is None


def test_the_wizard_says_a_failed_save_is_retried_on_its_own(db_url: str) -> None:
    store = AssessmentStore(url=db_url)
    aid = store.create(Organization(name="Locked Co"))
    at = _wizard(aid)
    holder = _hold_write_lock(db_url)
    try:
        at = at.radio[0].set_value(3).run()
        page = texts(at)
        assert "Not saved yet" in page and "tries again every 3 seconds" in page
        # the timer that asks for the retry run is on the page, hidden
        assert any("readiness.retry" in str(c.proto) for c in at.get("bidi_component")), (
            "no retry timer"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    at.run()  # the run the timer asks for: no click
    saved = store.load(aid)
    assert saved is not None and saved.answers[Q0].choice == 3
    assert "not saved" not in texts(at).lower()


def _participant(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["p"] = token
    at.run()
    return at.switch_page(f"{PAGES}/workshop_join.py").run()


def test_the_participant_keeps_answering_while_the_database_is_away(db_url: str) -> None:
    ws = WorkshopStore(url=db_url)
    _, code = ws.create_workshop(Organization(name="Room Co"))
    token = ws.join(code, "Ada", "IT", "ip:1")
    at = _participant(token)
    assert "Workshop questionnaire" in [t.value for t in at.title]

    def away(*args: object, **kwargs: object) -> None:
        raise StoreError("cannot read: connection refused")

    with pytest.MonkeyPatch.context() as database_away:
        database_away.setattr(WorkshopStore, "participant", away)
        database_away.setattr(WorkshopStore, "save_answers", away)
        at = at.radio[0].set_value(2).run()
        page = texts(at)
        assert "cannot be reached right now" in page and "Keep answering" in page
        assert "Workshop questionnaire" in [t.value for t in at.title]  # not replaced
        assert "Not saved yet" in page
        assert at.radio[0].value == 2
    at.run()  # the database is back: the page's own retry
    access = ws.participant(token)
    assert access is not None
    saved = ws.assessments.load(access.assessment_id)
    assert saved is not None and saved.answers[Q0].choice == 2
    assert "cannot be reached" not in texts(at)


def test_a_fresh_participant_page_while_the_database_is_away_says_it_comes_back(
    db_url: str,
) -> None:
    ws = WorkshopStore(url=db_url)
    _, code = ws.create_workshop(Organization(name="Room Co"))
    token = ws.join(code, "Ada", "IT", "ip:1")

    def away(*args: object, **kwargs: object) -> None:
        raise StoreError("cannot read: connection refused")

    with pytest.MonkeyPatch.context() as database_away:
        database_away.setattr(WorkshopStore, "participant", away)
        at = _participant(token)
        assert not at.exception
        assert "comes back by itself" in texts(at)
    at.run()  # the check the page makes every 3 seconds, then the whole page again
    assert "Workshop questionnaire" in [t.value for t in at.title]
    assert json.dumps(texts(at)).count("cannot be reached") == 0
