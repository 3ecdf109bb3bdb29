"""Database engine and tables (SQLAlchemy Core). SQLite file by default, any URL by env var.

SQLite with several writers needs WAL, a busy timeout and `BEGIN IMMEDIATE` for writes, or
concurrent saves fail or lose updates; every write here is also an atomic upsert, so no
read-then-write race exists on any engine (PostgreSQL included).

Pool and locks. Each app process keeps up to POOL_SIZE + MAX_OVERFLOW connections (10 + 10 by
default, so 20 sessions of one process can write at the same moment without queueing for a
connection); a request waits at most POOL_TIMEOUT_S (15 s) for one, and at most LOCK_TIMEOUT_S
(15 s, the same as SQLite's busy timeout) for a row lock on PostgreSQL. All three are set by
environment variables (READINESS_DB_POOL_SIZE, READINESS_DB_MAX_OVERFLOW,
READINESS_DB_POOL_TIMEOUT, READINESS_DB_LOCK_TIMEOUT): size them so that replicas times
(pool size + overflow) stays below the server's max_connections. When a wait runs out the user
gets a short StoreError ("the database is busy ...; try again in a moment"), never a library's
text or link.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
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
    make_url,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

DATABASE_URL_ENV = "READINESS_DATABASE_URL"
DEFAULT_SQLITE_PATH = Path("data") / "readiness.db"
SQLITE_BUSY_TIMEOUT_MS = 15_000
POOL_SIZE_ENV, POOL_SIZE = "READINESS_DB_POOL_SIZE", 10
MAX_OVERFLOW_ENV, MAX_OVERFLOW = "READINESS_DB_MAX_OVERFLOW", 10
POOL_TIMEOUT_ENV, POOL_TIMEOUT_S = "READINESS_DB_POOL_TIMEOUT", 15.0
LOCK_TIMEOUT_ENV, LOCK_TIMEOUT_S = "READINESS_DB_LOCK_TIMEOUT", 15.0
BUSY = "the database is busy ({}); try again in a moment"


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

creations = Table(  # what store.limits counts: assessments and workshops created per client
    "creations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # "assessment" or "workshop"
    Column("client_key", String(64), nullable=False),  # sha256 of the client key, never the key
    Column("at", Float, nullable=False),  # epoch seconds
    Index("ix_creations_kind_client_at", "kind", "client_key", "at"),
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


# ---------------------------------------------------------- series: follow-ups and step statuses
# New tables (an older database gains them on start). A link row hangs off its assessment
# (CASCADE: purging an assessment takes its link and statuses along); the earlier assessment it
# names is SET NULL when purged, so a follow-up outlives it with the reference and date kept.

series_links = Table(
    "series_links",
    metadata,
    Column(
        "assessment_id",
        String(64),
        ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("ref", String(64), nullable=False, unique=True),  # public reference, not the secret
    Column(  # the assessment this one follows up: at most one follow-up each
        "previous_id",
        String(64),
        ForeignKey("assessments.id", ondelete="SET NULL"),
        nullable=True,
        unique=True,
    ),
    Column("previous_ref", String(64), nullable=True),  # kept from a file, even if not here
    Column("previous_date", Date, nullable=True),
    Column("mode", String(10), nullable=True),  # "carried" or "fresh"
    Column("created_at", DateTime(timezone=True), nullable=False),
)

step_statuses = Table(  # where each step of an assessment's plan stands
    "step_statuses",
    metadata,
    Column(
        "assessment_id",
        String(64),
        ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("step_id", String(80), primary_key=True),
    Column("status", String(10), nullable=False),  # to_do, doing, done, dropped
    Column("on", Date, nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def database_url(url: str | None = None) -> str:
    """The URL given, else the env var, else the default SQLite file (folder created)."""
    if url:
        return url
    if os.environ.get(DATABASE_URL_ENV):
        return os.environ[DATABASE_URL_ENV]
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two writers queue instead of failing.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("write", False) else "BEGIN")


def _tune_postgresql(engine: Engine, lock_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # A save waiting for a row lock gives up like SQLite's busy timeout, not never.
        cursor = dbapi_conn.cursor()
        cursor.execute(f"SET lock_timeout = {int(lock_timeout_s * 1000)}")
        cursor.close()
        dbapi_conn.commit()


def _setting(name: str, default: float, minimum: float) -> float:
    """A number from the environment, or the default; a bad value is refused by name."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = minimum - 1
    if not value >= minimum:
        raise StoreError(f"{name} must be a number >= {minimum:g}, got {raw[:40]!r}")
    return value


def pool_settings() -> dict[str, float]:
    """pool_size, max_overflow and pool_timeout (seconds), from the environment or defaults."""
    return {
        "pool_size": int(_setting(POOL_SIZE_ENV, POOL_SIZE, 1)),
        "max_overflow": int(_setting(MAX_OVERFLOW_ENV, MAX_OVERFLOW, 0)),
        "pool_timeout": _setting(POOL_TIMEOUT_ENV, POOL_TIMEOUT_S, 0.1),
    }


def make_engine(url: str | None = None, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine with the tables created. On SQLite, a write waits up to `busy_timeout_ms` for
    another writer (the app passes a shorter wait than batch work: a user hears back sooner)."""
    resolved = database_url(url)
    is_sqlite = resolved.startswith("sqlite")
    kwargs: dict[str, object] = {"pool_pre_ping": not is_sqlite}
    if is_sqlite:
        kwargs["connect_args"] = {
            "timeout": busy_timeout_ms / 1000,
            "check_same_thread": False,
        }
    in_memory = is_sqlite and make_url(resolved).database in (None, "", ":memory:")
    if not in_memory:  # an in-memory SQLite database has one connection, no pool to size
        kwargs.update(pool_settings())
    engine = create_engine(resolved, **kwargs)
    if is_sqlite:
        _tune_sqlite(engine, busy_timeout_ms)
    elif engine.dialect.name == "postgresql":
        _tune_postgresql(engine, _setting(LOCK_TIMEOUT_ENV, LOCK_TIMEOUT_S, 0.1))
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


_LINK = re.compile(r"\s*\(?\s*Background on this error at:[^)]*\)?|\s*\(?https?://\S+")
_BUSY_STATES = {
    "55P03": "locked by another save",  # lock_timeout ran out
    "40P01": "deadlock",
    "40001": "a conflicting save",
    "57014": "timed out",
}
_BUSY_TEXT = {"database is locked": "locked by another save", "database is busy": "locked"}


def _short(exc: SQLAlchemyError) -> str:
    """One line a user can read: what went wrong in words; no SQL, no library link or name.

    A pool timeout or a lock wait that ran out says "the database is busy"; anything else
    keeps the first line of the driver's message (e.g. "disk I/O error"), links removed.
    """
    if isinstance(exc, PoolTimeout):
        return BUSY.format("every connection is in use")
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _BUSY_STATES:
        return BUSY.format(_BUSY_STATES[state])
    for needle, why in _BUSY_TEXT.items():
        if needle in text.lower():
            return BUSY.format(why)
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = _LINK.sub("", first).strip()
    return first[:160] or type(orig or exc).__name__
