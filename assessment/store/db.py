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


join_attempts = Table(
    "join_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_key", String(64), nullable=False),  # sha256 of the client key, never the key
    Column("at", Float, nullable=False),  # epoch seconds
    Index("ix_join_attempts_client_at", "client_key", "at"),
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
    engine = create_engine(resolved, **kwargs)
    if is_sqlite:
        _tune_sqlite(engine, busy_timeout_ms)
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
