"""Joining a workshop with its code, and the throttle on guessing codes.

Who gets in. A workshop takes at most `max_participants` (default 50, the facilitator changes
it); the facilitator (or the room view) can pause joining and remove anyone. One client (a hash
of its address, or of its session when no address is known) joins one workshop at most
`JOINS_PER_CLIENT` (15) times a minute: a room behind one address joins in a few minutes, a
script adds 15 a minute until the cap stops it, in plain sight of the facilitator.

Join codes and guessing. A code is 8 characters from a 32-letter alphabet without 0/O and 1/I:
32**8 = 2**40 ~ 1.1e12 codes. Wrong codes are counted per client and per code: the same wrong
code typed again counts once (a typo retried is not a new guess). Nobody is locked out:
- after `SLOW_AFTER_FAILURES` (10) different wrong codes in `JOIN_WINDOW_SECONDS` (600 s), that
  client may try once per `SLOW_INTERVAL_SECONDS` (10 s): at most 6 guesses a minute, and
  people behind the same address (a room behind one NAT) wait seconds, not minutes;
- after `SUSPECT_AFTER_FAILURES` (30) different wrong codes, a right code from that client does
  not join: it pauses joining of that workshop (the facilitator sees why and re-opens it) and is
  answered like a wrong code, so the guesser learns nothing. Failures from before the re-opening
  are forgiven for that workshop, so the room behind the address can then join.
So a client can enter only with one of its first 30 guesses: with 1,000 workshops open at once,
30 * 1000 / 2**40 ~ 3e-8 per address.
"""

from __future__ import annotations

import time
from enum import Enum

from sqlalchemy import Connection, delete, distinct, func, select, update

from ..db import join_events, participants, workshop_controls, workshops, writing
from .access import (
    DEFAULT_MAX_PARTICIPANTS,
    JOIN_CODE_RE,
    JoiningPaused,
    JoinThrottled,
    UnknownJoinCode,
    WorkshopClosed,
    WorkshopError,
    WorkshopFull,
    keyed_hash,
    normalize_join_code,
)
from .controls import PAUSED_FOR_GUESSING
from .participants import ParticipantsMixin

JOIN_WINDOW_SECONDS = 600.0  # wrong codes count for this long
SLOW_AFTER_FAILURES = 10  # different wrong codes from one client before it is slowed down
SLOW_INTERVAL_SECONDS = 10.0  # then one attempt per this many seconds
SUSPECT_AFTER_FAILURES = 30  # past this, a right code pauses joining instead of joining
JOINS_PER_CLIENT = 15  # successful joins of one workshop from one client ...
JOIN_BURST_SECONDS = 60.0  # ... in this many seconds


class _JoinOutcome(Enum):
    """Decided inside the transaction, raised after it commits (a failure must be recorded)."""

    JOINED = "joined"
    THROTTLED = "throttled"
    UNKNOWN = "unknown"
    CLOSED = "closed"
    PAUSED = "paused"
    FULL = "full"
    BUSY = "busy"


_JOIN_ERRORS: dict[_JoinOutcome, tuple[type[WorkshopError], str]] = {
    _JoinOutcome.THROTTLED: (
        JoinThrottled,
        "many wrong join codes came from this network: wait "
        f"{SLOW_INTERVAL_SECONDS:.0f} seconds between tries",
    ),
    _JoinOutcome.UNKNOWN: (
        UnknownJoinCode,
        "no workshop has this join code; check it and try again",
    ),
    _JoinOutcome.CLOSED: (
        WorkshopClosed,
        "this workshop is closed and no longer takes participants",
    ),
    _JoinOutcome.PAUSED: (
        JoiningPaused,
        "joining this workshop is paused; ask the facilitator to open it again",
    ),
    _JoinOutcome.FULL: (WorkshopFull, "this workshop is full; ask the facilitator to make room"),
    _JoinOutcome.BUSY: (
        JoinThrottled,
        "many people have just joined from this network; wait a minute and try again",
    ),
}


def client_hash(client_key: str) -> str:
    return keyed_hash("join", client_key or "unknown")


class JoiningMixin(ParticipantsMixin):
    """Joining by code, throttled per client (see the module doc)."""

    def join(self, join_code: str, name: str = "", role: str = "", client_key: str = "") -> str:
        """A new participant of the workshop with this code; returns their own secret token.

        Refuses (see the module doc) with JoinThrottled when this client must slow down or has
        just joined many people, UnknownJoinCode for a wrong code (counted), WorkshopClosed,
        JoiningPaused and WorkshopFull.
        """
        key = client_hash(client_key)
        code = normalize_join_code(join_code)
        code_key = keyed_hash("code", code)
        moment = time.time()
        since = moment - JOIN_WINDOW_SECONDS
        token = ""
        with writing(self.engine) as conn:
            outcome = self._decide_join(conn, key, code, moment)
            if isinstance(outcome, tuple):  # the workshop to join
                workshop_id, consensus_id = outcome
                organization = self._organization(conn, consensus_id)
                token = self._add_participant(
                    conn, workshop_id, organization, name=name, role=role, finished=False
                )[0]
                self._log_join(conn, key, code_key, joined=True, workshop_id=workshop_id, at=moment)
                outcome = _JoinOutcome.JOINED
            elif outcome is _JoinOutcome.UNKNOWN:
                self._log_join(conn, key, code_key, joined=False, workshop_id=None, at=moment)
            conn.execute(delete(join_events).where(join_events.c.at < since - JOIN_WINDOW_SECONDS))
        if outcome is not _JoinOutcome.JOINED:
            error, message = _JOIN_ERRORS[outcome]
            raise error(message)
        return token

    def _decide_join(
        self, conn: Connection, key: str, code: str, moment: float
    ) -> _JoinOutcome | tuple[str, str]:
        """What a join attempt gets (inside the write transaction): an outcome, or the
        (workshop id, consensus id) to join."""
        since = moment - JOIN_WINDOW_SECONDS
        mine = join_events.c.client_key == key
        failed = join_events.c.joined.is_(False)
        failures = conn.execute(
            select(func.count(distinct(join_events.c.code_key))).where(
                mine & failed & (join_events.c.at >= since)
            )
        ).scalar_one()
        if failures >= SLOW_AFTER_FAILURES:
            last = conn.execute(select(func.max(join_events.c.at)).where(mine)).scalar_one()
            if last is not None and moment - last < SLOW_INTERVAL_SECONDS:
                return _JoinOutcome.THROTTLED
        row = (
            conn.execute(
                select(
                    workshops.c.id,
                    workshops.c.is_open,
                    workshops.c.consensus_id,
                    workshop_controls.c.max_participants,
                    workshop_controls.c.joining_open,
                    workshop_controls.c.reopened_at,
                )
                .outerjoin(workshop_controls, workshop_controls.c.workshop_id == workshops.c.id)
                .where(workshops.c.join_code == code)
                .with_for_update(of=workshops)
            ).first()
            if JOIN_CODE_RE.match(code)
            else None
        )
        if row is None:
            return _JoinOutcome.UNKNOWN
        if not row.is_open:
            return _JoinOutcome.CLOSED
        if row.max_participants is None:  # made by an earlier version
            self._insert_controls(conn, row.id)
            reopened_at, joining_open, cap = 0.0, True, DEFAULT_MAX_PARTICIPANTS
        else:
            reopened_at, joining_open = float(row.reopened_at), bool(row.joining_open)
            cap = int(row.max_participants)
        suspects = conn.execute(
            select(func.count(distinct(join_events.c.code_key))).where(
                mine & failed & (join_events.c.at >= max(since, reopened_at))
            )
        ).scalar_one()
        if suspects >= SUSPECT_AFTER_FAILURES:
            conn.execute(
                update(workshop_controls)
                .where(workshop_controls.c.workshop_id == row.id)
                .values(joining_open=False, paused_reason=PAUSED_FOR_GUESSING)
            )
            return _JoinOutcome.UNKNOWN  # answered like a wrong code: the guesser learns nothing
        if not joining_open:
            return _JoinOutcome.PAUSED
        count = conn.execute(
            select(func.count()).where(participants.c.workshop_id == row.id)
        ).scalar_one()
        if count >= cap:
            return _JoinOutcome.FULL
        recent = conn.execute(
            select(func.count()).where(
                mine
                & join_events.c.joined.is_(True)
                & (join_events.c.workshop_id == row.id)
                & (join_events.c.at >= moment - JOIN_BURST_SECONDS)
            )
        ).scalar_one()
        if recent >= JOINS_PER_CLIENT:
            return _JoinOutcome.BUSY
        return str(row.id), str(row.consensus_id)

    @staticmethod
    def _log_join(
        conn: Connection,
        key: str,
        code_key: str,
        *,
        joined: bool,
        workshop_id: str | None,
        at: float,
    ) -> None:
        conn.execute(
            join_events.insert().values(
                client_key=key, code_key=code_key, joined=joined, workshop_id=workshop_id, at=at
            )
        )
