"""Per-client limits on creating assessments and workshops (a sliding one-hour window).

Why: creating is free and anonymous, so one client could fill the database (the issue measured
30 assessments and 15 workshops in 54 s). A person starts a handful of assessments in an hour
and a consultant a few workshops in a day, so the defaults are 20 assessments and 5 workshops
per client per hour: far above honest use, low enough that a script from one address adds at
most 480 assessments and 120 workshops a day, which `python -m assessment purge` clears later.
Operators change them with READINESS_MAX_ASSESSMENTS_PER_HOUR and
READINESS_MAX_WORKSHOPS_PER_HOUR (0 turns a limit off).

A class behind one NAT shares one address: with a browser session key the limit applies per
session, and the address gets a ceiling ADDRESS_FACTOR (10) times higher (200 assessments an
hour): a class of 30 starts its assessments, a script that opens new sessions still stops at
the ceiling (issue 23: the 21st person of a class was refused).

How: like the join throttle in `workshops.py`, each creation is a row in the `creations` table
with a hash of the client key (the client's address, or its session id when no address is
known; never stored in the clear) and the time. `check_and_record` counts the key's rows in the
last hour and, below the limit, adds one, in one write transaction: SQLite's write lock and a
PostgreSQL advisory lock on the key make concurrent requests from one client queue, so the
limit is exact across app processes. Refused attempts are not counted, so a client is let in
again as soon as its oldest creation leaves the window. Rows older than the window are deleted
as new ones are added (and by purge).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Mapping

from sqlalchemy import Connection, Engine, delete, func, select, text

from .db import creations, make_engine, writing

ASSESSMENT = "assessment"
WORKSHOP = "workshop"
KINDS = (ASSESSMENT, WORKSHOP)
WINDOW_SECONDS = 3600.0
ADDRESS_FACTOR = 10  # the per-address ceiling, as a multiple of the per-session limit
DEFAULT_LIMITS: Mapping[str, int] = {ASSESSMENT: 20, WORKSHOP: 5}
LIMIT_ENV: Mapping[str, str] = {
    ASSESSMENT: "READINESS_MAX_ASSESSMENTS_PER_HOUR",
    WORKSHOP: "READINESS_MAX_WORKSHOPS_PER_HOUR",
}
MESSAGES: Mapping[str, str] = {
    ASSESSMENT: "Too many new assessments from here in the last hour; try again later or "
    "resume one you have with its link.",
    WORKSHOP: "Too many new workshops from here in the last hour; try again later or open one "
    "you have with its facilitator link.",
}


class TooManyCreations(ValueError):
    """A creation refused by the per-client limit; str() is the message to show the user."""

    def __init__(self, kind: str, limit: int, retry_after_s: float):
        self.kind = kind
        self.limit = limit
        self.retry_after_s = retry_after_s  # seconds until the oldest counted creation expires
        super().__init__(MESSAGES[kind])


def limits_from_env(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """The limit per kind: the env var when set (a whole number, 0 = no limit), else the default."""
    env = os.environ if environ is None else environ
    limits = {}
    for kind in KINDS:
        raw = env.get(LIMIT_ENV[kind], "").strip()
        if not raw:
            limits[kind] = DEFAULT_LIMITS[kind]
        elif raw.isdigit():
            limits[kind] = int(raw)
        else:
            raise ValueError(f"{LIMIT_ENV[kind]} must be a whole number >= 0, got {raw[:40]!r}")
    return limits


def client_hash(client_key: str) -> str:
    return hashlib.sha256(("create:" + (client_key or "unknown")).encode()).hexdigest()


class CreationLimiter:
    """Counts creations per client and refuses one over the limit. Holds only the engine."""

    def __init__(
        self,
        engine: Engine | None = None,
        url: str | None = None,
        limits: Mapping[str, int] | None = None,
        window_s: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
    ):
        self.engine = engine or make_engine(url)
        self.limits = dict(limits_from_env() if limits is None else limits)
        self.window_s = window_s
        self.clock = clock

    def check_and_record(
        self,
        kind: str,
        client_key: str,
        conn: Connection | None = None,
        session_key: str = "",
    ) -> None:
        """Count one creation of `kind` for this client, or raise TooManyCreations.

        With `session_key` (the browser session) the limit applies to the session and the
        address (`client_key`) gets ADDRESS_FACTOR times the limit; without, the limit applies
        to the address. Pass `conn` to make it part of the creating transaction (then a failed
        creation is not counted either).
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        limit = self.limits.get(kind, 0)
        if limit <= 0:
            return
        buckets = [(client_hash(client_key), limit * (ADDRESS_FACTOR if session_key else 1))]
        if session_key:
            buckets.insert(0, (client_hash("session:" + session_key), limit))
        if conn is not None:
            for key, most in buckets:
                self._check_and_record(conn, kind, key, most)
            return
        with writing(self.engine) as own:
            for key, most in buckets:
                self._check_and_record(own, kind, key, most)

    def _check_and_record(self, conn: Connection, kind: str, key: str, limit: int) -> None:
        now = self.clock()
        since = now - self.window_s
        if conn.dialect.name == "postgresql":
            # One client's requests queue here until commit (SQLite: BEGIN IMMEDIATE already).
            lock = int.from_bytes(bytes.fromhex(key[:16]), "big", signed=True)
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
        mine = (creations.c.kind == kind) & (creations.c.client_key == key)
        count, oldest = conn.execute(
            select(func.count(), func.min(creations.c.at)).where(mine & (creations.c.at > since))
        ).one()
        if count >= limit:
            raise TooManyCreations(kind, limit, max(0.0, (oldest or now) - since))
        conn.execute(creations.insert().values(kind=kind, client_key=key, at=now))
        conn.execute(delete(creations).where(mine & (creations.c.at <= since)))
