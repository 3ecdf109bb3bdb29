"""Workshops: one facilitator, many participants, each answering into their own assessment.

Who holds what:
- The facilitator token (`workshops.id`, 256 bits) opens everything about one workshop.
- The join code (8 characters) lets anyone *join*: it creates a participant and hands back that
  participant's own token (256 bits). A participant token reaches only that participant's own
  assessment id and the workshop's open/closed state, never the workshop id, other participants
  or the consensus.

Everything lives in the database (no process memory), so several app processes serve one
workshop together. Saves check "is the workshop open?" in the same transaction as the write,
holding a shared lock on the workshop row on PostgreSQL (`FOR SHARE`; `close` takes the row's
write lock and so waits for saves in flight) and the database write lock on SQLite
(`BEGIN IMMEDIATE`): no answer is accepted after the close commits.

Join codes and guessing. A code is 8 characters from a 32-letter alphabet without 0/O and 1/I:
32**8 = 2**40 ~ 1.1e12 codes. Failed join attempts are recorded per client key (a hash of the
client's address, or of the session when no address is known) and a key with
`MAX_FAILED_JOINS` (20) failures in `JOIN_WINDOW_SECONDS` (600 s) is refused until the window
slides on: at most 20 * 6 * 24 = 2,880 guesses a day per key. Even with 1,000 workshops open at
once, one guess hits one with probability 1000 / 2**40 ~ 9e-10, so a key needs about
1.1e12 / 1000 / 2880 ~ 380,000 days on average; a thousand keys still about a year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..models import MAX_FIELD_CHARS, Answer, Organization, Responses
from ..workshop import Participant
from .assessments import AssessmentStore, _choice_from_db, looks_like_token, new_token, now
from .db import (
    StoreError,
    answers,
    assessments,
    join_attempts,
    participants,
    reading,
    workshops,
    writing,
)

JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 letters: no 0/O, 1/I
JOIN_CODE_LENGTH = 8  # 32**8 = 2**40 codes
MAX_FAILED_JOINS = 20
JOIN_WINDOW_SECONDS = 600.0
_CODE_RE = re.compile(rf"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates (not UTF-8)


class WorkshopError(ValueError):
    """A workshop request refused for a reason the user can act on (message says which)."""


class UnknownJoinCode(WorkshopError):
    pass


class JoinThrottled(WorkshopError):
    pass


class WorkshopClosed(WorkshopError):
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


@dataclass(frozen=True)
class ParticipantAccess:
    """What a participant token opens: their own assessment and whether answers are accepted."""

    assessment_id: str
    workshop_open: bool
    organization_name: str
    name: str
    role: str
    finished: bool
    number: int  # join order, for "Participant 3"


@dataclass(frozen=True)
class ParticipantRecord:
    """One participant as the facilitator sees them."""

    key: str  # join number as text (not the participant's secret)
    number: int
    name: str
    role: str
    finished: bool
    joined_at: dt.datetime
    responses: Responses

    @property
    def label(self) -> str:
        return self.name or f"Participant {self.number}"

    def as_participant(self) -> Participant:
        return Participant(
            key=self.key,
            label=self.label,
            role=self.role,
            finished=self.finished,
            responses=self.responses,
        )


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(value: str | None) -> str:
    """Upper-case, without the spaces and dashes people type (codes never hold 0/O/1/I)."""
    return re.sub(r"[\s\-_.]", "", (value or "")[:64]).upper()


def format_join_code(code: str) -> str:
    """ABCD-EFGH: easier to read off a projector."""
    return f"{code[:4]}-{code[4:]}" if len(code) == JOIN_CODE_LENGTH else code


def clean_label(value: str | None, limit: int = MAX_FIELD_CHARS) -> str:
    """A name or role as plain text: NFC, no control characters, spaces collapsed, capped."""
    text = unicodedata.normalize("NFC", value or "")
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


class _JoinOutcome(Enum):
    """Decided inside the transaction, raised after it commits (a failure must be recorded)."""

    JOINED = "joined"
    THROTTLED = "throttled"
    UNKNOWN = "unknown"
    CLOSED = "closed"


def _client_hash(client_key: str) -> str:
    return hashlib.sha256(("join:" + (client_key or "unknown")).encode()).hexdigest()


class WorkshopStore:
    """Workshops on the same engine (and tables) as AssessmentStore; safe to share."""

    def __init__(self, engine: Engine | None = None, url: str | None = None):
        self.assessments = AssessmentStore(engine=engine, url=url)
        self.engine = self.assessments.engine

    # ------------------------------------------------------------------ facilitator
    def create_workshop(self, organization: Organization) -> tuple[str, str]:
        """A new open workshop with its (empty) consensus: (facilitator token, join code)."""
        for _ in range(5):  # a code collision is ~1e-12 per try; retry anyway
            token, code = new_token(), new_join_code()
            try:
                with writing(self.engine) as conn:
                    consensus_id = self.assessments.create(organization, conn)
                    conn.execute(
                        workshops.insert().values(
                            id=token,
                            join_code=code,
                            consensus_id=consensus_id,
                            is_open=True,
                            created_at=now(),
                        )
                    )
                return token, code
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise StoreError("not saved: could not allocate a unique join code")

    def facilitator(self, token: str | None) -> FacilitatorView | None:
        """The workshop a facilitator token opens, or None (wrong shape or unknown)."""
        if not looks_like_token(token):
            return None
        with reading(self.engine) as conn:
            row = conn.execute(
                select(workshops, assessments.c.organization)
                .join(assessments, assessments.c.id == workshops.c.consensus_id)
                .where(workshops.c.id == token)
            ).first()
        if row is None:
            return None
        return FacilitatorView(
            token=row.id,
            join_code=row.join_code,
            consensus_id=row.consensus_id,
            is_open=bool(row.is_open),
            organization=Organization.model_validate_json(row.organization),
            created_at=row.created_at,
        )

    def _require_facilitator(self, token: str) -> FacilitatorView:
        view = self.facilitator(token)
        if view is None:
            raise UnknownToken("unknown workshop link")
        return view

    def set_open(self, token: str, *, is_open: bool) -> None:
        """Close (False) or reopen (True); closing waits for saves in flight, stops new ones."""
        self._require_facilitator(token)
        with writing(self.engine) as conn:
            conn.execute(update(workshops).where(workshops.c.id == token).values(is_open=is_open))

    def close(self, token: str) -> None:
        self.set_open(token, is_open=False)

    def reopen(self, token: str) -> None:
        self.set_open(token, is_open=True)

    def remove_participant(self, token: str, number: int) -> bool:
        """Remove participant `number` with everything they answered; False when not there.

        Their link stops working at once; the consensus and the other participants stay."""
        self._require_facilitator(token)
        with writing(self.engine) as conn:
            self._lock_workshop(conn, token, write=True)
            row = conn.execute(
                select(participants.c.id, participants.c.assessment_id).where(
                    (participants.c.workshop_id == token) & (participants.c.seq == number)
                )
            ).first()
            if row is None:
                return False
            conn.execute(delete(participants).where(participants.c.id == row.id))
            AssessmentStore.delete_within(conn, row.assessment_id)
        return True

    def participants(self, token: str) -> list[ParticipantRecord]:
        """Every participant with everything they saved, read in one statement (one snapshot)."""
        self._require_facilitator(token)
        with reading(self.engine) as conn:
            rows = conn.execute(
                select(
                    participants.c.seq,
                    participants.c.name,
                    participants.c.role,
                    participants.c.finished,
                    participants.c.joined_at,
                    answers.c.question_id,
                    answers.c.choice,
                    answers.c.note,
                )
                .select_from(
                    participants.outerjoin(
                        answers, answers.c.assessment_id == participants.c.assessment_id
                    )
                )
                .where(participants.c.workshop_id == token)
                .order_by(participants.c.seq, answers.c.question_id)
            ).all()
        org = Organization(name="participant")
        records: dict[int, ParticipantRecord] = {}
        for r in rows:
            record = records.get(r.seq)
            if record is None:
                record = records[r.seq] = ParticipantRecord(
                    key=str(r.seq),
                    number=r.seq,
                    name=r.name,
                    role=r.role,
                    finished=bool(r.finished),
                    joined_at=r.joined_at,
                    responses=Responses(organization=org),
                )
            if r.question_id is not None:
                record.responses.answers[r.question_id] = Answer(
                    choice=_choice_from_db(r.choice), note=r.note
                )
        return list(records.values())

    def import_participants(
        self, token: str, rows: Sequence[tuple[str, str, Mapping[str, Answer]]]
    ) -> int:
        """Add participants answered elsewhere (name, role, answers), all in one transaction."""
        view = self._require_facilitator(token)
        with writing(self.engine) as conn:
            self._lock_workshop(conn, token, write=True)
            for name, role, given in rows:
                assessment_id = self._add_participant(
                    conn, token, view.organization, name=name, role=role, finished=True
                )[1]
                self.assessments.write_answers(conn, assessment_id, given)
        return len(rows)

    # ------------------------------------------------------------------ participants
    def join(self, join_code: str, name: str = "", role: str = "", client_key: str = "") -> str:
        """A new participant of the workshop with this code; returns their own secret token.

        Raises JoinThrottled after too many failed codes from this client, UnknownJoinCode for
        a wrong code (counted as a failure) and WorkshopClosed for a closed workshop.
        """
        key = _client_hash(client_key)
        code = normalize_join_code(join_code)
        since = time.time() - JOIN_WINDOW_SECONDS
        with writing(self.engine) as conn:
            failures = conn.execute(
                select(func.count())
                .select_from(join_attempts)
                .where((join_attempts.c.client_key == key) & (join_attempts.c.at >= since))
            ).scalar_one()
            if failures >= MAX_FAILED_JOINS:
                outcome = _JoinOutcome.THROTTLED
            else:
                row = (
                    conn.execute(
                        select(workshops.c.id, workshops.c.is_open, workshops.c.consensus_id)
                        .where(workshops.c.join_code == code)
                        .with_for_update()
                    ).first()
                    if _CODE_RE.match(code)
                    else None
                )
                if row is None:
                    outcome = _JoinOutcome.UNKNOWN
                    conn.execute(join_attempts.insert().values(client_key=key, at=time.time()))
                    conn.execute(
                        delete(join_attempts).where(
                            join_attempts.c.at < since - JOIN_WINDOW_SECONDS
                        )
                    )
                elif not row.is_open:
                    outcome = _JoinOutcome.CLOSED
                else:
                    organization = self._organization(conn, row.consensus_id)
                    token = self._add_participant(
                        conn, row.id, organization, name=name, role=role, finished=False
                    )[0]
                    outcome = _JoinOutcome.JOINED
        if outcome is _JoinOutcome.THROTTLED:
            raise JoinThrottled(
                "too many wrong join codes from here; wait a few minutes and try again"
            )
        if outcome is _JoinOutcome.UNKNOWN:
            raise UnknownJoinCode("no workshop has this join code; check it and try again")
        if outcome is _JoinOutcome.CLOSED:
            raise WorkshopClosed("this workshop is closed and no longer takes participants")
        return token

    def participant(self, token: str | None) -> ParticipantAccess | None:
        """What a participant token opens, or None: never the workshop id or anyone else's data."""
        if not looks_like_token(token):
            return None
        with reading(self.engine) as conn:
            row = conn.execute(
                select(
                    participants.c.assessment_id,
                    participants.c.name,
                    participants.c.role,
                    participants.c.finished,
                    participants.c.seq,
                    workshops.c.is_open,
                    assessments.c.organization,
                )
                .join(workshops, workshops.c.id == participants.c.workshop_id)
                .join(assessments, assessments.c.id == workshops.c.consensus_id)
                .where(participants.c.id == token)
            ).first()
        if row is None:
            return None
        return ParticipantAccess(
            assessment_id=row.assessment_id,
            workshop_open=bool(row.is_open),
            organization_name=Organization.model_validate_json(row.organization).name,
            name=row.name,
            role=row.role,
            finished=bool(row.finished),
            number=row.seq,
        )

    def save_answer(self, token: str, question_id: str, answer: Answer | None) -> None:
        self.save_answers(token, {question_id: answer})

    def save_answers(self, token: str, batch: Mapping[str, Answer | None]) -> None:
        """Save a participant's answers, refused with WorkshopClosed once the workshop is closed."""
        if not looks_like_token(token):
            raise UnknownToken("unknown participant link")
        with writing(self.engine) as conn:
            assessment_id = self._open_participant(conn, token)
            self.assessments.write_answers(conn, assessment_id, batch)

    def set_finished(self, token: str, *, finished: bool = True) -> None:
        if not looks_like_token(token):
            raise UnknownToken("unknown participant link")
        with writing(self.engine) as conn:
            self._open_participant(conn, token)
            conn.execute(
                update(participants).where(participants.c.id == token).values(finished=finished)
            )

    # ------------------------------------------------------------------ internals
    def _open_participant(self, conn: Connection, token: str) -> str:
        row = conn.execute(
            select(participants.c.assessment_id, participants.c.workshop_id).where(
                participants.c.id == token
            )
        ).first()
        if row is None:
            raise UnknownToken("unknown participant link")
        if not self._lock_workshop(conn, row.workshop_id, write=False):
            raise WorkshopClosed("this workshop is closed: answers can no longer be changed")
        return str(row.assessment_id)

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

    def _add_participant(
        self,
        conn: Connection,
        workshop_id: str,
        organization: Organization,
        *,
        name: str,
        role: str,
        finished: bool,
    ) -> tuple[str, str]:
        """Insert a participant (workshop row must be locked by the caller, so seq is unique)."""
        seq = (
            conn.execute(
                select(func.coalesce(func.max(participants.c.seq), 0)).where(
                    participants.c.workshop_id == workshop_id
                )
            ).scalar_one()
            + 1
        )
        assessment_id = self.assessments.create(organization, conn)
        token = new_token()
        conn.execute(
            participants.insert().values(
                id=token,
                workshop_id=workshop_id,
                assessment_id=assessment_id,
                name=clean_label(name),
                role=clean_label(role),
                finished=finished,
                seq=seq,
                joined_at=now(),
            )
        )
        return token, assessment_id


class ParticipantAnswers:
    """One participant's own answers, as the questionnaire needs them: load and save answers.

    It reads only the participant's own assessment, and saves through
    `WorkshopStore.save_answers`, which refuses once the workshop is closed; the refusal is a
    StoreError, which the questionnaire keeps as "not saved" with the reason.
    """

    def __init__(self, workshops: WorkshopStore, token: str, assessment_id: str):
        self.workshops = workshops
        self.token = token
        self.assessment_id = assessment_id

    def load(self, assessment_id: str) -> Responses | None:
        if assessment_id != self.assessment_id:
            return None
        return self.workshops.assessments.load(assessment_id)

    def save_answers(self, assessment_id: str, batch: Mapping[str, Answer | None]) -> None:
        if assessment_id != self.assessment_id:
            raise StoreError("not saved: not your assessment")
        try:
            self.workshops.save_answers(self.token, batch)
        except WorkshopError as exc:
            raise StoreError(f"not saved: {exc}") from exc
