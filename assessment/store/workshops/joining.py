"""Joining a workshop with its code, and the throttle on guessing codes.

Who gets in. A workshop takes at most `max_participants` (default 50, the facilitator changes
it); the facilitator (or the room view) can pause joining and remove anyone. One client (a hash
of its address, or of its session when no address is known) joins one workshop at most
`JOINS_PER_CLIENT` (15) times a minute: a room behind one address joins in a few minutes, a
script adds 15 a minute until the cap stops it, in plain sight of the facilitator.

Join codes and guessing. A code is 8 characters from a 32-letter alphabet without 0/O and 1/I:
32**8 = 2**40 ~ 1.1e12 codes. Wrong codes are counted per client and per code: the same wrong
code typed again counts once (a typo retried is not a new guess). The guesser is paused, never
the room, and a right code is never refused by the throttle:
- after `SLOW_AFTER_FAILURES` (10) different wrong codes in `JOIN_WINDOW_SECONDS` (600 s), that
  client's attempts are taken one per `SLOW_INTERVAL_SECONDS` (10 s); after
  `SUSPECT_AFTER_FAILURES` (30), one per `SUSPECT_INTERVAL_SECONDS` (30 s). An attempt that
  comes sooner is answered with JoinThrottled and its `retry_after`: the join use case waits
  that long and tries again (up to `app.workshops.JOIN_WAIT_SECONDS`), so a person behind
  the guesser's address (a room behind one NAT) waits seconds and then joins;
- nobody's workshop is paused by guessing (it was, after 30 wrong codes: the room's right
  code then failed for 10 minutes, issue 23).
So once past 30 wrong codes an address makes at most 2 guesses a minute, 2,880 a day: with
1,000 workshops open at once, 2,880 * 1000 / 2**40 ~ 2.6e-6 chance per address per day.
"""

from __future__ import annotations

import time
from enum import Enum

from sqlalchemy import Connection, delete, distinct, func, select

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
from .participants import ParticipantsMixin

JOIN_WINDOW_SECONDS = 600.0  # wrong codes count for this long
SLOW_AFTER_FAILURES = 10  # different wrong codes from one client before it is slowed down
SLOW_INTERVAL_SECONDS = 10.0  # then one attempt per this many seconds
SUSPECT_AFTER_FAILURES = 30  # past this ...
SUSPECT_INTERVAL_SECONDS = 30.0  # ... one attempt per this many seconds
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
        wait = 0.0
        with writing(self.engine) as conn:
            outcome = self._decide_join(conn, key, code, moment)
            if isinstance(outcome, float):  # too soon after this client's last attempt
                wait, outcome = outcome, _JoinOutcome.THROTTLED
            elif isinstance(outcome, tuple):  # the workshop to join
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
        if outcome is _JoinOutcome.THROTTLED:
            raise JoinThrottled(
                f"many wrong join codes came from this network: wait {wait:.0f} seconds",
                retry_after=wait,
            )
        if outcome is not _JoinOutcome.JOINED:
            error, message = _JOIN_ERRORS[outcome]
            raise error(message)
        return token

    def _decide_join(
        self, conn: Connection, key: str, code: str, moment: float
    ) -> _JoinOutcome | tuple[str, str] | float:
        """What a join attempt gets (inside the write transaction): an outcome, the
        (workshop id, consensus id) to join, or the seconds this client must wait first."""
        since = moment - JOIN_WINDOW_SECONDS
        mine = join_events.c.client_key == key
        failed = join_events.c.joined.is_(False)
        failures = conn.execute(
            select(func.count(distinct(join_events.c.code_key))).where(
                mine & failed & (join_events.c.at >= since)
            )
        ).scalar_one()
        if failures >= SLOW_AFTER_FAILURES:
            interval = (
                SUSPECT_INTERVAL_SECONDS
                if failures >= SUSPECT_AFTER_FAILURES
                else SLOW_INTERVAL_SECONDS
            )
            last = conn.execute(select(func.max(join_events.c.at)).where(mine)).scalar_one()
            if last is not None and moment - last < interval:
                return float(last + interval - moment)
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
            joining_open, cap = True, DEFAULT_MAX_PARTICIPANTS
        else:
            joining_open, cap = bool(row.joining_open), int(row.max_participants)
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
