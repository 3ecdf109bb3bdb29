"""Workshops: one facilitator, many participants, each answering into their own assessment.

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

import datetime as dt
import hashlib
import re
import secrets
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import cast

from sqlalchemy import Connection, Engine, delete, distinct, func, select, update
from sqlalchemy.exc import IntegrityError

from ..domain.models import MAX_FIELD_CHARS, MAX_NOTE_CHARS, Answer, Choice, Organization, Responses
from ..domain.workshop import Decision, How, Participant
from .assessments import (
    AssessmentStore,
    _choice_from_db,
    looks_like_token,
    new_token,
    now,
    upsert,
)
from .db import (
    StoreError,
    answers,
    assessments,
    consensus_decisions,
    first_round_answers,
    join_events,
    participants,
    reading,
    revotes,
    shared_notes,
    workshop_controls,
    workshops,
    writing,
)

JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 letters: no 0/O, 1/I
JOIN_CODE_LENGTH = 8  # 32**8 = 2**40 codes
JOIN_WINDOW_SECONDS = 600.0  # wrong codes count for this long
SLOW_AFTER_FAILURES = 10  # different wrong codes from one client before it is slowed down
SLOW_INTERVAL_SECONDS = 10.0  # then one attempt per this many seconds
SUSPECT_AFTER_FAILURES = 30  # past this, a right code pauses joining instead of joining
JOINS_PER_CLIENT = 15  # successful joins of one workshop from one client ...
JOIN_BURST_SECONDS = 60.0  # ... in this many seconds
DEFAULT_MAX_PARTICIPANTS = 50
MAX_PARTICIPANTS_LIMIT = 500  # the highest cap a facilitator can set
PAUSED_BY_FACILITATOR = "facilitator"
PAUSED_FOR_GUESSING = "guessing"
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
    shared: frozenset[str] = frozenset()  # question ids whose note they share with the room
    revotes: tuple[str, ...] = ()  # questions the room votes on again (second round open)


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
    shared: frozenset[str] = frozenset()

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
            shared=set(self.shared),
        )


@dataclass(frozen=True)
class ConsensusRecord:
    """The consensus so far: the recorded answers and how each was reached."""

    answers: dict[str, Answer] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)


@dataclass(frozen=True)
class Rounds:
    """Re-voted questions: the first round's answers and whether the second round is shown."""

    first: dict[str, list[Choice]] = field(default_factory=dict)
    revealed: dict[str, bool] = field(default_factory=dict)


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


def clean_text(value: str | None, limit: int = MAX_NOTE_CHARS) -> str:
    """Longer text (a minority view): NFC, control characters out but line breaks kept."""
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n")
    lines = (" ".join(_CONTROL.sub(" ", line).split()) for line in text.split("\n"))
    return "\n".join(lines).strip()[:limit]


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


def _choice(value: str) -> Choice:
    """A stored choice ("3", "dont_know") as the model's type (our own table: already valid)."""
    return cast(Choice, _choice_from_db(value))


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _client_hash(client_key: str) -> str:
    return _hash("join", client_key or "unknown")


@dataclass(frozen=True)
class _Workshop:
    id: str
    consensus_id: str
    is_open: bool


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
                    self._insert_controls(conn, token)
                return token, code
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise StoreError("not saved: could not allocate a unique join code")

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
    def _resolve(conn: Connection, token: str, *, room_ok: bool) -> _Workshop:
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
        return _Workshop(row.id, row.consensus_id, bool(row.is_open))

    def set_open(self, token: str, *, is_open: bool) -> None:
        """Close (False) or reopen (True); closing waits for saves in flight, stops new ones."""
        self._require_facilitator(token)
        with writing(self.engine) as conn:
            conn.execute(update(workshops).where(workshops.c.id == token).values(is_open=is_open))

    def set_joining(self, token: str, *, joining_open: bool, room_ok: bool = False) -> None:
        """Pause joining, or (facilitator only) open it again; answering goes on either way.

        Re-opening forgives the wrong codes tried before it (see the module doc)."""
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=room_ok and not joining_open)
            values: dict[str, object] = {
                "joining_open": joining_open,
                "paused_reason": "" if joining_open else PAUSED_BY_FACILITATOR,
            }
            if joining_open:
                values["reopened_at"] = time.time()
            conn.execute(
                update(workshop_controls)
                .where(workshop_controls.c.workshop_id == workshop.id)
                .values(**values)
            )

    def set_max_participants(self, token: str, limit: int) -> None:
        if not 1 <= limit <= MAX_PARTICIPANTS_LIMIT:
            raise WorkshopError(f"the limit must be between 1 and {MAX_PARTICIPANTS_LIMIT}")
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=False)
            conn.execute(
                update(workshop_controls)
                .where(workshop_controls.c.workshop_id == workshop.id)
                .values(max_participants=limit)
            )

    def set_blind(self, token: str, *, blind: bool) -> None:
        """A blind round: the room view hides the answers until revealed (facilitator only)."""
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=False)
            conn.execute(
                update(workshop_controls)
                .where(workshop_controls.c.workshop_id == workshop.id)
                .values(blind=blind, revealed=False)
            )

    def reveal(self, token: str) -> None:
        """Show the answers in the room (facilitator or room token)."""
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=True)
            conn.execute(
                update(workshop_controls)
                .where(workshop_controls.c.workshop_id == workshop.id)
                .values(revealed=True)
            )

    def remove_participant(self, token: str, number: int) -> bool:
        """Remove participant `number` with everything they answered; False when not there.

        Their link stops working at once; their shared notes and first-round answers go too
        (ON DELETE CASCADE); the consensus and the other participants stay."""
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
            conn.execute(delete(shared_notes).where(shared_notes.c.participant_id == row.id))
            conn.execute(
                delete(first_round_answers).where(first_round_answers.c.participant_id == row.id)
            )
            conn.execute(delete(participants).where(participants.c.id == row.id))
            AssessmentStore.delete_within(conn, row.assessment_id)
        return True

    def participants(self, token: str, *, room_ok: bool = False) -> list[ParticipantRecord]:
        """Every participant with everything they saved, read in one transaction.

        With a room token (room_ok), names and roles are left out: the room view never has them.
        """
        with reading(self.engine) as conn, conn.begin():
            workshop = self._resolve(conn, token, room_ok=room_ok)
            named = workshop.id == token
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
                .where(participants.c.workshop_id == workshop.id)
                .order_by(participants.c.seq, answers.c.question_id)
            ).all()
            shared_rows = conn.execute(
                select(participants.c.seq, shared_notes.c.question_id)
                .join(shared_notes, shared_notes.c.participant_id == participants.c.id)
                .where(participants.c.workshop_id == workshop.id)
            ).all()
        shared: dict[int, set[str]] = {}
        for seq, qid in shared_rows:
            shared.setdefault(seq, set()).add(qid)
        org = Organization(name="participant")
        answers_of: dict[int, dict[str, Answer]] = {}
        heads: dict[int, object] = {}
        made: dict[tuple[str, str], Answer] = {}  # shared, never changed: read-only records
        for r in rows:
            if r.seq not in heads:
                heads[r.seq] = r
                answers_of[r.seq] = {}
            if r.question_id is not None:
                answer = made.get((r.choice, r.note))
                if answer is None:  # one object per distinct answer: most are note-less
                    answer = made[(r.choice, r.note)] = Answer.model_construct(
                        choice=_choice(r.choice), note=r.note
                    )  # values from our own table, validated when saved
                answers_of[r.seq][r.question_id] = answer
        return [
            ParticipantRecord(
                key=str(seq),
                number=seq,
                name=head.name if named else "",  # type: ignore[attr-defined]
                role=head.role if named else "",  # type: ignore[attr-defined]
                finished=bool(head.finished),  # type: ignore[attr-defined]
                joined_at=head.joined_at,  # type: ignore[attr-defined]
                responses=Responses.model_construct(
                    organization=org, answers=answers_of[seq], targets={}
                ),
                shared=frozenset(shared.get(seq, ())),
            )
            for seq, head in heads.items()
        ]

    def import_participants(
        self, token: str, rows: Sequence[tuple[str, str, Mapping[str, Answer]]]
    ) -> int:
        """Add participants answered elsewhere (name, role, answers), all in one transaction.

        The facilitator's own act: the participant limit applies to joining, not to this."""
        view = self._require_facilitator(token)
        with writing(self.engine) as conn:
            self._lock_workshop(conn, token, write=True)
            for name, role, given in rows:
                assessment_id = self._add_participant(
                    conn, token, view.organization, name=name, role=role, finished=True
                )[1]
                self.assessments.write_answers(conn, assessment_id, given)
        return len(rows)

    def version(self, token: str, *, room_ok: bool = False) -> tuple[object, ...]:
        """A cheap fingerprint of everything the dashboard and the room view show: it changes
        when anyone joins, leaves, answers, finishes or shares a note, when the consensus or a
        re-vote changes, and when the workshop's settings do."""
        with reading(self.engine) as conn, conn.begin():
            workshop = self._resolve(conn, token, room_ok=room_ok)
            members = participants.c.workshop_id == workshop.id
            mine = revotes.c.workshop_id == workshop.id
            counted = select(
                select(func.count()).where(members).scalar_subquery(),
                select(func.count()).where(members & participants.c.finished).scalar_subquery(),
                select(func.max(assessments.c.updated_at))
                .where(
                    assessments.c.id.in_(select(participants.c.assessment_id).where(members))
                    | (assessments.c.id == workshop.consensus_id)
                )
                .scalar_subquery(),
                select(func.count())
                .select_from(shared_notes.join(participants))
                .where(members)
                .scalar_subquery(),
                select(func.max(consensus_decisions.c.updated_at))
                .where(consensus_decisions.c.workshop_id == workshop.id)
                .scalar_subquery(),
                select(func.count()).where(mine).scalar_subquery(),
                select(func.count()).where(mine & revotes.c.revealed).scalar_subquery(),
            )
            row = conn.execute(counted).one()
            settings = conn.execute(
                select(
                    workshops.c.is_open,
                    workshop_controls.c.max_participants,
                    workshop_controls.c.joining_open,
                    workshop_controls.c.paused_reason,
                    workshop_controls.c.blind,
                    workshop_controls.c.revealed,
                )  # no ids: the room view holds this too
                .outerjoin(workshop_controls, workshop_controls.c.workshop_id == workshops.c.id)
                .where(workshops.c.id == workshop.id)
            ).one()
        return (*row, *settings)

    # ------------------------------------------------------------------ consensus
    def consensus(self, token: str, *, room_ok: bool = False) -> ConsensusRecord:
        """The recorded consensus answers and how each was reached.

        An answer without a decision row (recorded by an earlier version) counts as agreed in
        the room."""
        with reading(self.engine) as conn, conn.begin():
            workshop = self._resolve(conn, token, room_ok=room_ok)
            rows = conn.execute(
                select(
                    answers.c.question_id,
                    answers.c.choice,
                    answers.c.note,
                    consensus_decisions.c.how,
                    consensus_decisions.c.minority_view,
                )
                .select_from(
                    answers.outerjoin(
                        consensus_decisions,
                        (consensus_decisions.c.workshop_id == workshop.id)
                        & (consensus_decisions.c.question_id == answers.c.question_id),
                    )
                )
                .where(answers.c.assessment_id == workshop.consensus_id)
            ).all()
        record = ConsensusRecord()
        for r in rows:
            choice = _choice(r.choice)
            record.answers[r.question_id] = Answer(choice=choice, note=r.note)
            record.decisions[r.question_id] = Decision(
                choice=choice,
                how="majority" if r.how == "majority" else "room",
                minority_view=r.minority_view or "",
            )
        return record

    def record_decisions(
        self,
        token: str,
        chosen: Mapping[str, Choice | None],
        *,
        how: How = "room",
        minority_view: str | None = None,
        room_ok: bool = False,
        only_unset: bool = False,
    ) -> dict[str, Choice]:
        """Record the consensus answer of each question (None takes it back), in one transaction.

        `minority_view` None keeps the one recorded; `only_unset` skips questions that already
        have an answer (bulk accepting never overrides the room). Returns what was recorded."""
        recorded: dict[str, Choice] = {}
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=room_ok)
            if only_unset:
                taken = set(
                    conn.execute(
                        select(answers.c.question_id).where(
                            answers.c.assessment_id == workshop.consensus_id
                        )
                    ).scalars()
                )
                chosen = {q: c for q, c in chosen.items() if q not in taken}
            for qid, choice in chosen.items():
                if choice is None:
                    self.assessments.write_answers(conn, workshop.consensus_id, {qid: None})
                    conn.execute(
                        delete(consensus_decisions).where(
                            (consensus_decisions.c.workshop_id == workshop.id)
                            & (consensus_decisions.c.question_id == qid)
                        )
                    )
                    continue
                self.assessments.write_answers(
                    conn, workshop.consensus_id, {qid: Answer(choice=choice)}
                )
                values = {
                    "workshop_id": workshop.id,
                    "question_id": qid,
                    "how": how,
                    "minority_view": clean_text(minority_view),
                    "updated_at": now(),
                }
                cols = ["how", "updated_at"] + (
                    ["minority_view"] if minority_view is not None else []
                )
                upsert(conn, consensus_decisions, values, ["workshop_id", "question_id"], cols)
                recorded[qid] = choice
        return recorded

    def set_minority_view(self, token: str, question_id: str, text: str, *, room_ok: bool) -> bool:
        """Record (or with "" clear) the minority view of a recorded consensus; False when the
        question has no consensus answer yet."""
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=room_ok)
            done = conn.execute(
                update(consensus_decisions)
                .where(
                    (consensus_decisions.c.workshop_id == workshop.id)
                    & (consensus_decisions.c.question_id == question_id)
                )
                .values(minority_view=clean_text(text), updated_at=now())
            )
            return bool(done.rowcount)

    # ------------------------------------------------------------------ rounds
    def start_revote(self, token: str, question_id: str, *, room_ok: bool) -> bool:
        """Keep everyone's current answer to this question as the first round and open a second
        one; False when the question was already re-voted (one re-vote per question)."""
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=room_ok)
            self._lock_workshop(conn, workshop.id, write=True)
            exists = conn.execute(
                select(revotes.c.question_id).where(
                    (revotes.c.workshop_id == workshop.id) & (revotes.c.question_id == question_id)
                )
            ).first()
            if exists is not None:
                return False
            current = conn.execute(
                select(participants.c.id, answers.c.choice)
                .join(answers, answers.c.assessment_id == participants.c.assessment_id)
                .where(
                    (participants.c.workshop_id == workshop.id)
                    & (answers.c.question_id == question_id)
                )
            ).all()
            for pid, choice in current:
                conn.execute(
                    first_round_answers.insert().values(
                        participant_id=pid, question_id=question_id, choice=choice
                    )
                )
            conn.execute(
                revotes.insert().values(
                    workshop_id=workshop.id,
                    question_id=question_id,
                    revealed=False,
                    started_at=now(),
                )
            )
        return True

    def reveal_revote(self, token: str, question_id: str, *, room_ok: bool) -> None:
        with writing(self.engine) as conn:
            workshop = self._resolve(conn, token, room_ok=room_ok)
            conn.execute(
                update(revotes)
                .where(
                    (revotes.c.workshop_id == workshop.id) & (revotes.c.question_id == question_id)
                )
                .values(revealed=True)
            )

    def rounds(self, token: str, *, room_ok: bool = False) -> Rounds:
        """The re-voted questions with their first round's answers (anonymous)."""
        with reading(self.engine) as conn, conn.begin():
            workshop = self._resolve(conn, token, room_ok=room_ok)
            started = conn.execute(
                select(revotes.c.question_id, revotes.c.revealed).where(
                    revotes.c.workshop_id == workshop.id
                )
            ).all()
            first = conn.execute(
                select(first_round_answers.c.question_id, first_round_answers.c.choice)
                .join(participants, participants.c.id == first_round_answers.c.participant_id)
                .where(participants.c.workshop_id == workshop.id)
            ).all()
        rounds = Rounds(revealed={qid: bool(shown) for qid, shown in started})
        for qid in rounds.revealed:
            rounds.first[qid] = []
        for qid, choice in first:
            rounds.first.setdefault(qid, []).append(_choice(choice))
        return rounds

    # ------------------------------------------------------------------ participants
    def join(self, join_code: str, name: str = "", role: str = "", client_key: str = "") -> str:
        """A new participant of the workshop with this code; returns their own secret token.

        Refuses (see the module doc) with JoinThrottled when this client must slow down or has
        just joined many people, UnknownJoinCode for a wrong code (counted), WorkshopClosed,
        JoiningPaused and WorkshopFull.
        """
        key = _client_hash(client_key)
        code = normalize_join_code(join_code)
        code_key = _hash("code", code)
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
            if _CODE_RE.match(code)
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

    def participant(self, token: str | None) -> ParticipantAccess | None:
        """What a participant token opens, or None: never the workshop id or anyone else's data."""
        if not looks_like_token(token):
            return None
        with reading(self.engine) as conn, conn.begin():
            row = conn.execute(
                select(
                    participants.c.assessment_id,
                    participants.c.workshop_id,
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
            shared = conn.execute(
                select(shared_notes.c.question_id).where(shared_notes.c.participant_id == token)
            ).scalars()
            voted_again = conn.execute(
                select(revotes.c.question_id)
                .where((revotes.c.workshop_id == row.workshop_id) & revotes.c.revealed.is_(False))
                .order_by(revotes.c.started_at)
            ).scalars()
            shared_ids, revote_ids = frozenset(shared), tuple(voted_again)
        return ParticipantAccess(
            assessment_id=row.assessment_id,
            workshop_open=bool(row.is_open),
            organization_name=Organization.model_validate_json(row.organization).name,
            name=row.name,
            role=row.role,
            finished=bool(row.finished),
            number=row.seq,
            shared=shared_ids,
            revotes=revote_ids,
        )

    def share_note(self, token: str, question_id: str, *, shared: bool) -> None:
        """Share (or stop sharing) the participant's note on a question with the room."""
        if not looks_like_token(token):
            raise UnknownToken("unknown participant link")
        with writing(self.engine) as conn:
            self._open_participant(conn, token)
            conn.execute(
                delete(shared_notes).where(
                    (shared_notes.c.participant_id == token)
                    & (shared_notes.c.question_id == question_id)
                )
            )
            if shared:
                conn.execute(
                    shared_notes.insert().values(participant_id=token, question_id=question_id)
                )

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
