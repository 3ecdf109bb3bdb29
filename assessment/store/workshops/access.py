"""Workshop access: the tokens and what each opens, the shared types, and the store's base.

Who holds what:
- The facilitator token (`workshops.id`, 256 bits) opens everything about one workshop, names
  included.
- The room token (`workshop_controls.room_id`, 256 bits) opens the room view, the screen the
  facilitator projects: the anonymous summary, the consensus on each card, revealing answers,
  re-votes and pausing joining. Never names, never the facilitator token or the consensus id.
- The join code (8 characters) lets anyone *join*: it creates a participant and hands back that
  participant's own token (256 bits). A participant token reaches only that participant's own
  assessment, the notes they share, and the workshop's open/closed state and re-voted
  questions, never the workshop id, other participants or the consensus.

Everything lives in the database (no process memory), so several app processes serve one
workshop together. Saves check "is the workshop open?" in the same transaction as the write,
holding a shared lock on the workshop row on PostgreSQL (`FOR SHARE`; `close` takes the row's
write lock and so waits for saves in flight) and the database write lock on SQLite
(`BEGIN IMMEDIATE`): no answer is accepted after the close commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from ...domain.models import Choice, Organization
from ..assessments import AssessmentStore, choice_from_db, looks_like_token, new_token, now
from ..db import StoreError, assessments, reading, workshop_controls, workshops, writing

JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 letters: no 0/O, 1/I
JOIN_CODE_LENGTH = 8  # 32**8 = 2**40 codes
DEFAULT_MAX_PARTICIPANTS = 50
JOIN_CODE_RE = re.compile(rf"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$")


class WorkshopError(ValueError):
    """A workshop request refused for a reason the user can act on (message says which)."""


class UnknownJoinCode(WorkshopError):
    pass


class JoinThrottled(WorkshopError):
    """Too soon: `retry_after` seconds until this client's next attempt is taken (0: a minute)."""

    def __init__(self, message: str, retry_after: float = 0.0):
        super().__init__(message)
        self.retry_after = retry_after


class WorkshopClosed(WorkshopError):
    pass


class JoiningPaused(WorkshopError):
    pass


class WorkshopFull(WorkshopError):
    pass


class UnknownToken(WorkshopError):
    pass


@dataclass(frozen=True)
class FacilitatorView:
    """What the facilitator token opens."""

    token: str
    join_code: str
    consensus_id: str
    is_open: bool
    organization: Organization
    created_at: dt.datetime
    room_token: str = ""
    max_participants: int = DEFAULT_MAX_PARTICIPANTS
    joining_open: bool = True
    paused_reason: str = ""
    blind: bool = False
    revealed: bool = False


@dataclass(frozen=True)
class RoomView:
    """What the room token opens: no facilitator token, no consensus id, no names."""

    token: str  # the room token itself
    join_code: str
    is_open: bool
    organization: Organization
    joining_open: bool
    blind: bool
    revealed: bool


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(value: str | None) -> str:
    """Upper-case, without the spaces and dashes people type (codes never hold 0/O/1/I)."""
    return re.sub(r"[\s\-_.]", "", (value or "")[:64]).upper()


def format_join_code(code: str) -> str:
    """ABCD-EFGH: easier to read off a projector."""
    return f"{code[:4]}-{code[4:]}" if len(code) == JOIN_CODE_LENGTH else code


def stored_choice(value: str) -> Choice:
    """A stored choice ("3", "dont_know") as the model's type (our own table: already valid)."""
    return cast(Choice, choice_from_db(value))


def keyed_hash(kind: str, value: str) -> str:
    """A hash of a client key or code for one purpose: the key itself is never stored."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


@dataclass(frozen=True)
class Workshop:
    """The workshop a token resolved to, inside a transaction."""

    id: str
    consensus_id: str
    is_open: bool


class WorkshopBase:
    """Workshops on the same engine (and tables) as AssessmentStore; safe to share."""

    def __init__(self, engine: Engine | None = None, url: str | None = None):
        self.assessments = AssessmentStore(engine=engine, url=url)
        self.engine = self.assessments.engine

    def create_workshop(
        self, organization: Organization, conn: Connection | None = None
    ) -> tuple[str, str]:
        """A new open workshop with its (empty) consensus: (facilitator token, join code).

        With `conn` it is part of the caller's unit of work (commits or rolls back with it)."""
        if conn is not None:
            return self._create_within(conn, organization)
        for _ in range(5):  # a code collision is ~1e-12 per try; retry anyway
            try:
                with writing(self.engine) as own:
                    return self._create_within(own, organization)
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise StoreError("not saved: could not allocate a unique join code")

    def _create_within(self, conn: Connection, organization: Organization) -> tuple[str, str]:
        code = new_join_code()
        for _ in range(5):  # inside one transaction: look before inserting (no retry after)
            taken = conn.execute(select(workshops.c.id).where(workshops.c.join_code == code))
            if taken.first() is None:
                break
            code = new_join_code()
        token = new_token()
        consensus_id = self.assessments.create(organization, conn)
        conn.execute(
            workshops.insert().values(
                id=token, join_code=code, consensus_id=consensus_id, is_open=True, created_at=now()
            )
        )
        self._insert_controls(conn, token)
        return token, code

    @staticmethod
    def _insert_controls(conn: Connection, workshop_id: str) -> None:
        conn.execute(
            workshop_controls.insert().values(
                workshop_id=workshop_id,
                room_id=new_token(),
                max_participants=DEFAULT_MAX_PARTICIPANTS,
                joining_open=True,
                paused_reason="",
                reopened_at=0.0,
                blind=False,
                revealed=False,
            )
        )

    def facilitator(self, token: str | None) -> FacilitatorView | None:
        """The workshop a facilitator token opens, or None (wrong shape or unknown)."""
        if not looks_like_token(token):
            return None
        row = self._facilitator_row(token or "")
        if row is not None and row.room_id is None:  # made by an earlier version: add controls
            try:
                with writing(self.engine) as conn:
                    self._insert_controls(conn, row.id)
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):  # another process did it
                    raise
            row = self._facilitator_row(token or "")
        if row is None:
            return None
        return FacilitatorView(
            token=row.id,
            join_code=row.join_code,
            consensus_id=row.consensus_id,
            is_open=bool(row.is_open),
            organization=Organization.model_validate_json(row.organization),
            created_at=row.created_at,
            room_token=row.room_id,
            max_participants=int(row.max_participants),
            joining_open=bool(row.joining_open),
            paused_reason=row.paused_reason,
            blind=bool(row.blind),
            revealed=bool(row.revealed),
        )

    def _facilitator_row(self, token: str):  # type: ignore[no-untyped-def]
        with reading(self.engine) as conn:
            return conn.execute(
                select(
                    workshops,
                    assessments.c.organization,
                    workshop_controls.c.room_id,
                    workshop_controls.c.max_participants,
                    workshop_controls.c.joining_open,
                    workshop_controls.c.paused_reason,
                    workshop_controls.c.blind,
                    workshop_controls.c.revealed,
                )
                .join(assessments, assessments.c.id == workshops.c.consensus_id)
                .outerjoin(workshop_controls, workshop_controls.c.workshop_id == workshops.c.id)
                .where(workshops.c.id == token)
            ).first()

    def room(self, token: str | None) -> RoomView | None:
        """The workshop a room token opens, or None (wrong shape or unknown)."""
        if not looks_like_token(token):
            return None
        with reading(self.engine) as conn:
            row = conn.execute(
                select(
                    workshops.c.join_code,
                    workshops.c.is_open,
                    assessments.c.organization,
                    workshop_controls.c.joining_open,
                    workshop_controls.c.blind,
                    workshop_controls.c.revealed,
                )
                .join(workshops, workshops.c.id == workshop_controls.c.workshop_id)
                .join(assessments, assessments.c.id == workshops.c.consensus_id)
                .where(workshop_controls.c.room_id == token)
            ).first()
        if row is None:
            return None
        return RoomView(
            token=token or "",
            join_code=row.join_code,
            is_open=bool(row.is_open),
            organization=Organization.model_validate_json(row.organization),
            joining_open=bool(row.joining_open),
            blind=bool(row.blind),
            revealed=bool(row.revealed),
        )

    def _require_facilitator(self, token: str) -> FacilitatorView:
        view = self.facilitator(token)
        if view is None:
            raise UnknownToken("unknown workshop link")
        return view

    @staticmethod
    def _resolve(conn: Connection, token: str, *, room_ok: bool) -> Workshop:
        """The workshop a facilitator token (or, with room_ok, a room token) opens."""
        if not looks_like_token(token):
            raise UnknownToken("unknown workshop link")
        cols = (workshops.c.id, workshops.c.consensus_id, workshops.c.is_open)
        row = conn.execute(select(*cols).where(workshops.c.id == token)).first()
        if row is None and room_ok:
            row = conn.execute(
                select(*cols)
                .join(workshop_controls, workshop_controls.c.workshop_id == workshops.c.id)
                .where(workshop_controls.c.room_id == token)
            ).first()
        if row is None:
            raise UnknownToken("unknown workshop link")
        return Workshop(row.id, row.consensus_id, bool(row.is_open))

    @staticmethod
    def _lock_workshop(conn: Connection, workshop_id: str, write: bool) -> bool:
        """Lock the workshop row (FOR SHARE / FOR UPDATE on PostgreSQL); return is_open."""
        stmt = select(workshops.c.is_open).where(workshops.c.id == workshop_id)
        stmt = stmt.with_for_update(read=not write)
        return bool(conn.execute(stmt).scalar_one())

    @staticmethod
    def _organization(conn: Connection, assessment_id: str) -> Organization:
        raw = conn.execute(
            select(assessments.c.organization).where(assessments.c.id == assessment_id)
        ).scalar_one()
        return Organization.model_validate_json(raw)
