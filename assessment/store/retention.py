"""Retention: delete what nobody touched for a number of days (`python -m assessment purge`).

What counts as touched: an assessment's `updated_at` (every saved answer, note, target or
organisation change moves it); for a workshop, its creation, its consensus's `updated_at`, any
participant joining and any participant's assessment's `updated_at`. A workshop goes as a whole
(its participants, their assessments and answers, its consensus) once none of these is newer than
the cut-off, so a workshop in use never loses a participant. Closing a workshop or ticking
"finished" records no time and so does not count.

Join attempts and creation records (store.limits) serve only while inside their window (ten
minutes, one hour); rows older than that are deleted on every purge, whatever the days.

Safe beside a running app: the deletion runs in one write transaction that first locks what it
is about to delete (FOR UPDATE on PostgreSQL; SQLite's write lock covers everything) and then
checks again that nothing was touched meanwhile, so a save racing the purge either lands first
(and the item stays) or finds its assessment gone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from sqlalchemy import Connection, Engine, delete, exists, func, or_, select

from .db import (
    answers,
    assessments,
    creations,
    join_events,
    participants,
    reading,
    workshops,
    writing,
)
from .limits import WINDOW_SECONDS as CREATION_WINDOW_S
from .workshops import JOIN_WINDOW_SECONDS

MAX_DAYS = 36_500  # a hundred years; more is a typo (and overflows a date)
_CHUNK = 500  # ids per statement, well under SQLite's bound-variable limit


@dataclass(frozen=True)
class PurgeCounts:
    """What a purge removed (or, in a dry run, would remove)."""

    assessments: int = 0  # assessments of their own (not part of a workshop)
    workshops: int = 0
    participants: int = 0
    workshop_assessments: int = 0  # the participants' assessments and the consensus
    answers: int = 0  # answers of all the assessments above
    join_attempts: int = 0  # join records (wrong codes, joins) past their throttle window
    creation_records: int = 0  # creation-limit records past their window

    def lines(self) -> list[str]:
        """One `name: count` line each, for the command line."""
        return [f"{f.name.replace('_', ' ')}: {getattr(self, f.name)}" for f in fields(self)]


def cutoff_for(days: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment `days` days ago; ValueError for days outside 1..MAX_DAYS."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"DAYS must be a whole number from 1 to {MAX_DAYS:,}, got {days!r}")
    return (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)


def purge(
    engine: Engine, days: int, dry_run: bool = False, now: dt.datetime | None = None
) -> PurgeCounts:
    """Delete what was not touched for `days` days; return the counts (dry run: delete none)."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff, epoch = cutoff_for(days, now), now.timestamp()
    if dry_run:
        with reading(engine) as conn:
            return _purge(conn, cutoff, epoch, delete_rows=False)
    with writing(engine) as conn:
        return _purge(conn, cutoff, epoch, delete_rows=True)


def _purge(conn: Connection, cutoff: dt.datetime, epoch: float, delete_rows: bool) -> PurgeCounts:
    # Workshops: lock the candidates and everything of theirs, then check again under the locks.
    stale_workshops = _stale_workshops(conn, cutoff)
    if delete_rows and stale_workshops:
        _lock_workshops(conn, stale_workshops)
        stale_workshops = _stale_workshops(conn, cutoff, among=stale_workshops)
    members = _workshop_assessments(conn, stale_workshops)
    lone = _stale_assessments(conn, cutoff, lock=delete_rows)
    old_joins = join_events.c.at < epoch - JOIN_WINDOW_SECONDS
    old_creations = creations.c.at <= epoch - CREATION_WINDOW_S
    counts = PurgeCounts(
        assessments=len(lone),
        workshops=len(stale_workshops),
        participants=_count(conn, participants.c.workshop_id, stale_workshops),
        workshop_assessments=len(members),
        answers=_count(conn, answers.c.assessment_id, lone + members),
        join_attempts=conn.execute(select(func.count()).where(old_joins)).scalar_one(),
        creation_records=conn.execute(select(func.count()).where(old_creations)).scalar_one(),
    )
    if delete_rows:
        _delete_in(conn, answers.c.assessment_id, lone + members)
        _delete_in(conn, participants.c.workshop_id, stale_workshops)
        _delete_in(conn, workshops.c.id, stale_workshops)
        _delete_in(conn, assessments.c.id, lone + members)
        conn.execute(delete(join_events).where(old_joins))
        conn.execute(delete(creations).where(old_creations))
    return counts


def _stale_workshops(
    conn: Connection, cutoff: dt.datetime, among: Sequence[str] | None = None
) -> list[str]:
    """Workshops where nothing (creation, consensus, joins, participants' answers) is recent."""
    consensus = assessments.alias("consensus")
    own = assessments.alias("own")
    recent_participant = exists().where(
        (participants.c.workshop_id == workshops.c.id)
        & or_(
            participants.c.joined_at >= cutoff,
            exists().where(
                (own.c.id == participants.c.assessment_id) & (own.c.updated_at >= cutoff)
            ),
        )
    )
    stmt = (
        select(workshops.c.id)
        .join(consensus, consensus.c.id == workshops.c.consensus_id)
        .where(
            workshops.c.created_at < cutoff, consensus.c.updated_at < cutoff, ~recent_participant
        )
        .order_by(workshops.c.id)
    )
    if among is None:
        return list(conn.execute(stmt).scalars())
    found: list[str] = []
    for chunk in _chunks(among):
        found += conn.execute(stmt.where(workshops.c.id.in_(chunk))).scalars()
    return sorted(found)


def _lock_workshops(conn: Connection, workshop_ids: Sequence[str]) -> None:
    """FOR UPDATE on the workshops and all their assessments: saves in flight finish first,
    saves after wait (participant saves hold FOR SHARE on the workshop row, consensus and
    participant saves update their assessment row)."""
    for chunk in _chunks(workshop_ids):
        conn.execute(select(workshops.c.id).where(workshops.c.id.in_(chunk)).with_for_update())
    members = _workshop_assessments(conn, workshop_ids)
    for chunk in _chunks(members):
        conn.execute(select(assessments.c.id).where(assessments.c.id.in_(chunk)).with_for_update())


def _workshop_assessments(conn: Connection, workshop_ids: Sequence[str]) -> list[str]:
    """The consensus and participants' assessment ids of these workshops."""
    found: set[str] = set()
    for chunk in _chunks(workshop_ids):
        found.update(
            conn.execute(
                select(workshops.c.consensus_id).where(workshops.c.id.in_(chunk))
            ).scalars()
        )
        found.update(
            conn.execute(
                select(participants.c.assessment_id).where(participants.c.workshop_id.in_(chunk))
            ).scalars()
        )
    return sorted(found)


def _stale_assessments(conn: Connection, cutoff: dt.datetime, lock: bool) -> list[str]:
    """Assessments of their own (no workshop's consensus, no participant's) untouched since.

    With `lock`, FOR UPDATE: PostgreSQL re-checks `updated_at` of a row a save changed meanwhile.
    """
    # NOT IN over uncorrelated subqueries (both columns are NOT NULL): one pass each, where
    # correlated NOT EXISTS scans the unindexed columns once per assessment on SQLite.
    stmt = (
        select(assessments.c.id)
        .where(
            assessments.c.updated_at < cutoff,
            assessments.c.id.not_in(select(workshops.c.consensus_id)),
            assessments.c.id.not_in(select(participants.c.assessment_id)),
        )
        .order_by(assessments.c.id)
    )
    if lock:
        stmt = stmt.with_for_update(of=assessments)
    return list(conn.execute(stmt).scalars())


def _count(conn: Connection, column, ids: Sequence[str]) -> int:  # type: ignore[no-untyped-def]
    total = 0
    for chunk in _chunks(ids):
        total += conn.execute(select(func.count()).where(column.in_(chunk))).scalar_one()
    return int(total)


def _delete_in(conn: Connection, column, ids: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    for chunk in _chunks(ids):
        conn.execute(delete(column.table).where(column.in_(chunk)))


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
