"""Database engine and tables (SQLAlchemy Core). SQLite file by default, any URL by env var.

SQLite with several writers needs WAL, a busy timeout and `BEGIN IMMEDIATE` for writes, or
concurrent saves fail or lose updates; every write here is also an atomic upsert, so no
read-then-write race exists on any engine (PostgreSQL included).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.exc import SQLAlchemyError

DATABASE_URL_ENV = "READINESS_DATABASE_URL"
DEFAULT_SQLITE_PATH = Path("data") / "readiness.db"
SQLITE_BUSY_TIMEOUT_MS = 15_000


class StoreError(RuntimeError):
    """The database could not be read or written (locked, disk full, unreachable)."""


metadata = MetaData()

assessments = Table(
    "assessments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("organization", Text, nullable=False),  # JSON of Organization
    Column("targets", Text, nullable=False, default="{}"),  # JSON: dimension id -> level
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

answers = Table(
    "answers",
    metadata,
    Column("assessment_id", String(64), ForeignKey("assessments.id"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("choice", String(20), nullable=False),  # "0".."4", "dont_know", "not_applicable"
    Column("note", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

workshops = Table(
    "workshops",
    metadata,
    Column("id", String(64), primary_key=True),  # the facilitator's secret
    Column("join_code", String(16), nullable=False, unique=True),
    Column("consensus_id", String(64), ForeignKey("assessments.id"), nullable=False),
    Column("is_open", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("id", String(64), primary_key=True),  # the participant's own secret
    Column("workshop_id", String(64), ForeignKey("workshops.id"), nullable=False, index=True),
    Column("assessment_id", String(64), ForeignKey("assessments.id"), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    Column("role", String(200), nullable=False, default=""),
    Column("finished", Boolean, nullable=False, default=False),
    Column("seq", Integer, nullable=False, default=0),  # join order, for anonymous labels
    Column("joined_at", DateTime(timezone=True), nullable=False),
)


join_attempts = Table(  # no longer written (see join_events); kept for existing databases
    "join_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_key", String(64), nullable=False),  # sha256 of the client key, never the key
    Column("at", Float, nullable=False),  # epoch seconds
    Index("ix_join_attempts_client_at", "client_key", "at"),
)


# ---------------------------------------------------------- workshops: control and consensus
# New tables rather than new columns, so a database made by an earlier version gains them on
# start (`create_all` adds missing tables, never columns). Rows hang off a workshop or a
# participant with ON DELETE CASCADE: removing a participant (or a workshop) takes them along.

workshop_controls = Table(
    "workshop_controls",
    metadata,
    Column(
        "workshop_id",
        String(64),
        ForeignKey("workshops.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("room_id", String(64), nullable=False, unique=True),  # the room view's own secret
    Column("max_participants", Integer, nullable=False),
    Column("joining_open", Boolean, nullable=False, default=True),
    Column("paused_reason", String(20), nullable=False, default=""),  # "", facilitator, guessing
    Column("reopened_at", Float, nullable=False, default=0.0),  # epoch s: joining last re-opened
    Column("blind", Boolean, nullable=False, default=False),  # room view hides answers ...
    Column("revealed", Boolean, nullable=False, default=False),  # ... until revealed
)

consensus_decisions = Table(  # how each consensus answer was reached (the answer: `answers`)
    "consensus_decisions",
    metadata,
    Column(
        "workshop_id",
        String(64),
        ForeignKey("workshops.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_id", String(80), primary_key=True),
    Column("how", String(20), nullable=False),  # "room" or "majority" (accepted in bulk)
    Column("minority_view", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

shared_notes = Table(  # a participant shares their note on a question with the room
    "shared_notes",
    metadata,
    Column(
        "participant_id",
        String(64),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_id", String(80), primary_key=True),
)

revotes = Table(  # a question voted on again after discussion
    "revotes",
    metadata,
    Column(
        "workshop_id",
        String(64),
        ForeignKey("workshops.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_id", String(80), primary_key=True),
    Column("revealed", Boolean, nullable=False, default=False),  # the second round shown
    Column("started_at", DateTime(timezone=True), nullable=False),
)

first_round_answers = Table(  # the answers as they were when the re-vote started
    "first_round_answers",
    metadata,
    Column(
        "participant_id",
        String(64),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question_id", String(80), primary_key=True),
    Column("choice", String(20), nullable=False),
)

join_events = Table(  # join attempts that count: wrong codes and successful joins
    "join_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_key", String(64), nullable=False),  # sha256 of the client key, never the key
    Column("code_key", String(64), nullable=False),  # sha256 of the code as typed (normalised)
    Column("joined", Boolean, nullable=False),  # True: a participant joined; False: wrong code
    Column("workshop_id", String(64), nullable=True),  # the workshop joined (no FK: time-pruned)
    Column("at", Float, nullable=False),  # epoch seconds
    Index("ix_join_events_client_at", "client_key", "at"),
)


def database_url(url: str | None = None) -> str:
    """The URL given, else the env var, else the default SQLite file (folder created)."""
    if url:
        return url
    if os.environ.get(DATABASE_URL_ENV):
        return os.environ[DATABASE_URL_ENV]
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two writers queue instead of failing.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("write", False) else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    resolved = database_url(url)
    is_sqlite = resolved.startswith("sqlite")
    kwargs: dict[str, object] = {"pool_pre_ping": not is_sqlite}
    if is_sqlite:
        kwargs["connect_args"] = {
            "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
            "check_same_thread": False,
        }
    engine = create_engine(resolved, **kwargs)
    if is_sqlite:
        _tune_sqlite(engine)
    try:
        metadata.create_all(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the database: {_short(exc)}") from exc
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (BEGIN IMMEDIATE on SQLite); database errors become StoreError."""
    try:
        with engine.connect() as conn:
            conn.info["write"] = True
            with conn.begin():
                yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"not saved: {_short(exc)}") from exc


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read: {_short(exc)}") from exc


def _short(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0][:200]
