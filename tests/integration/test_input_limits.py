"""Inputs that used to crash or fail forever, through the CLI and the store on both engines.

The CLI refuses hostile answers files with exit 2 and one line; the largest file the product
exports (saved, loaded, exported) imports again on SQLite and PostgreSQL; NUL and other
characters PostgreSQL refuses are stripped at input, so both engines store the same text; a
busy database gives a short message without a library's link; 20 writers of one process hold
a connection at the same time.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import select, text

from assessment.domain.models import MAX_NOTE_CHARS, Answer, Framework, Organization, Responses
from assessment.files.answers_file import dump_answers, max_file_bytes, read_answers
from assessment.store import AssessmentStore, StoreError, WorkshopStore
from assessment.store.db import _short, answers, make_engine, writing
from tests.helpers import assert_user_error
from tests.helpers import run_cli as run


def _answers_file(framework: Framework, entry: str) -> str:
    qid = framework.questions[0].id
    return (
        '{"schema_version": 1, "organization": {"name": "Acme"}, '
        f'"answers": {{"{qid}": {entry}}}}}'
    )


@pytest.mark.parametrize(
    ("entry", "fragments"),
    [
        ("[" * 10_000 + "]" * 10_000, ["nested 10,002 levels deep"]),
        ('{"choice": ' + "7" * 5_000 + "}", ["a number has 5,000 digits"]),
        ('{"choice": 1, "choice": 2}', ['key "choice" appears twice in one object']),
        ('{"choice": NaN}', ["NaN is not a JSON number"]),
    ],
    ids=["nested-10000", "5000-digits", "repeated-key", "nan"],
)
def test_cli_refuses_hostile_answers_files_with_one_line(
    tmp_path: Path, framework: Framework, entry: str, fragments: list[str]
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(_answers_file(framework, entry), encoding="utf-8")
    for command in ("score", "plan"):
        assert_user_error(run(command, str(path)), str(path), *fragments)


def _maximal(framework: Framework) -> Responses:
    note = ('\U0001f600 "quoted" \\ line\n' * MAX_NOTE_CHARS)[:MAX_NOTE_CHARS]
    return Responses(
        organization=Organization(name="Long Notes Ltd", sector="\U0001f600" * 200),
        answers={q.id: Answer(choice=q.options[2].score, note=note) for q in framework.questions},
        targets={"purpose": 5},
    )


def test_a_maximal_export_imports_again_through_store_and_cli(
    fresh_db_url: str, framework: Framework, tmp_path: Path
) -> None:
    store = AssessmentStore(url=fresh_db_url)
    try:
        original = store.import_responses(_maximal(framework))
        saved = store.load(original)
        assert saved is not None
        exported = dump_answers(saved).encode("utf-8")  # what the Report page downloads
        assert 1_000_000 < len(exported) <= max_file_bytes(framework)
        again = store.import_responses(read_answers(exported, framework).responses)
        assert store.load(again) == saved
    finally:
        store.engine.dispose()
    path = tmp_path / "exported.json"
    path.write_bytes(exported)
    proc = run("score", str(path))
    assert proc.returncode == 0, proc.stderr


HOSTILE = "be\x00fore\x01\x1b \ud800after\r\nnext\x7f line\tend"
STORED = "before after\nnext line\tend"


def test_nul_and_control_characters_store_the_same_on_both_engines(
    fresh_db_url: str, framework: Framework
) -> None:
    ws = WorkshopStore(url=fresh_db_url)
    try:
        qid = framework.questions[0].id
        org = Organization(name="Nul\x00 Co", sector="Re\x00tail", assessor="A\x00nn")
        aid = ws.assessments.create(org)
        ws.assessments.save_answers(aid, {qid: Answer(choice=2, note=HOSTILE)})
        loaded = ws.assessments.load(aid)
        assert loaded is not None
        assert loaded.answers[qid].note == STORED
        assert (loaded.organization.name, loaded.organization.sector) == ("Nul Co", "Retail")
        assert loaded.organization.assessor == "Ann"
        with ws.engine.connect() as conn:  # the row itself, not only what load() returns
            note = conn.execute(select(answers.c.note).where(answers.c.assessment_id == aid))
            assert note.scalar_one() == STORED

        # an imported file escaping NUL as \u0000, and a participant's name and role
        doc = json.loads(dump_answers(loaded))
        doc["answers"][qid]["note"] = HOSTILE
        imported = ws.assessments.import_responses(
            read_answers(json.dumps(doc), framework).responses
        )
        assert ws.assessments.load(imported) == loaded
        _, code = ws.create_workshop(Organization(name="Work\x00shop"))
        token = ws.join(code, name="Zo\x00ë\ud800", role="I\x00T")
        access = ws.participant(token)
        assert access is not None and (access.name, access.role) == ("Zo ë", "I T")
    finally:
        ws.engine.dispose()


def test_store_errors_are_short_and_carry_no_library_link(tmp_path: Path) -> None:
    store = AssessmentStore(url=f"sqlite:///{tmp_path / 'gone.db'}")
    aid = store.create(Organization(name="Acme"))
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE answers"))
    with pytest.raises(StoreError) as err:
        store.save_answers(aid, {"purpose.x": Answer(choice=1)})
    message = str(err.value)
    assert message == "not saved: no such table: answers"
    store.engine.dispose()


def test_a_full_pool_says_busy_without_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_DB_POOL_SIZE", "1")
    monkeypatch.setenv("READINESS_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("READINESS_DB_POOL_TIMEOUT", "0.2")
    store = AssessmentStore(url=f"sqlite:///{tmp_path / 'pool.db'}")
    try:
        # the only connection held by someone else
        with store.engine.connect(), pytest.raises(StoreError) as err:
            store.create(Organization(name="Acme"))
        message = str(err.value)
        assert message == "not saved: the database is busy (every connection is in use); " + (
            "try again in a moment"
        )
        assert "http" not in message and "sqlalche" not in message.lower()
    finally:
        store.engine.dispose()


def test_a_locked_database_says_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assessment.store.db as db

    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    holder, store = AssessmentStore(url=url), AssessmentStore(url=url)
    try:
        # another process's write transaction, held
        with writing(holder.engine), pytest.raises(StoreError) as err:
            store.create(Organization(name="Acme"))
        assert str(err.value) == (
            "not saved: the database is busy (locked by another save); try again in a moment"
        )
    finally:
        holder.engine.dispose()
        store.engine.dispose()


@pytest.mark.postgres
def test_a_row_lock_wait_ends_with_busy_on_postgresql(
    fresh_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_DB_LOCK_TIMEOUT", "0.3")
    store = AssessmentStore(url=fresh_pg_url)
    errors: list[StoreError] = []

    def save() -> None:
        try:
            store.save_targets(aid, {"purpose": 5})
        except StoreError as exc:
            errors.append(exc)

    try:
        aid = store.create(Organization(name="Acme"))
        with writing(store.engine) as conn:  # a save in flight holding the row
            conn.execute(text("SELECT 1 FROM assessments WHERE id = :i FOR UPDATE"), {"i": aid})
            waiting = threading.Thread(target=save)
            waiting.start()
            waiting.join(timeout=10)
            gave_up = not waiting.is_alive()
        waiting.join()
        assert gave_up, "a save waited for the lock more than 10 s"
        assert [str(e) for e in errors] == [
            "not saved: the database is busy (locked by another save); try again in a moment"
        ]
    finally:
        store.engine.dispose()


WRITERS = 20


@pytest.mark.postgres
def test_twenty_writers_of_one_process_hold_connections_at_once(fresh_pg_url: str) -> None:
    """Each writer keeps its transaction open until all 20 are inside: with fewer pooled
    connections than writers the barrier breaks (SQLAlchemy's default pool allows 15).
    PostgreSQL only: SQLite lets one writer in at a time by design (BEGIN IMMEDIATE)."""
    engine = make_engine(fresh_pg_url)
    store = AssessmentStore(engine=engine)
    ids = [store.create(Organization(name=f"Writer {i}")) for i in range(WRITERS)]
    barrier = threading.Barrier(WRITERS, timeout=10)
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            with writing(engine) as conn:
                store.write_answers(conn, ids[i], {"purpose.x": Answer(choice=i % 5)})
                barrier.wait()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        loaded = [store.load(i) for i in ids]
        assert all(r is not None and len(r.answers) == 1 for r in loaded)
    finally:
        engine.dispose()


class _PgError(Exception):
    """Stands in for a driver error carrying a PostgreSQL SQLSTATE (as psycopg's do)."""

    def __init__(self, message: str, sqlstate: str):
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached, timeout 30.00"),
            "the database is busy (every connection is in use); try again in a moment",
        ),
        (
            sa_exc.OperationalError(
                "UPDATE x", {}, _PgError("canceling statement due to lock timeout", "55P03")
            ),
            "the database is busy (locked by another save); try again in a moment",
        ),
        (
            sa_exc.OperationalError("UPDATE x", {}, _PgError("deadlock detected", "40P01")),
            "the database is busy (deadlock); try again in a moment",
        ),
        (
            sa_exc.OperationalError("SELECT 1", {}, OSError("could not connect\nDETAIL: more")),
            "could not connect",
        ),
        (sa_exc.InvalidRequestError("bad request"), "bad request"),
    ],
)
def test_store_messages_are_one_short_line(error: sa_exc.SQLAlchemyError, message: str) -> None:
    error.code = "3o7r"  # SQLAlchemy then appends "(Background on this error at: https://...)"
    assert "https://sqlalche.me" in str(error)
    assert _short(error) == message
