"""Participants: what a participant token opens, their answers and shared notes, and the
facilitator's list (names only there), removals and imports."""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, update

from ...domain.models import MAX_FIELD_CHARS, Answer, Organization, Responses
from ...domain.workshop import Participant
from ..assessments import AssessmentStore, looks_like_token, new_token, now
from ..db import (
    StoreError,
    answers,
    assessments,
    first_round_answers,
    participants,
    reading,
    revotes,
    shared_notes,
    workshops,
    writing,
)
from .access import (
    UnknownToken,
    WorkshopBase,
    WorkshopClosed,
    WorkshopError,
    WorkshopFull,
    stored_choice,
)

# An import's transactions (issue 23): each batch writes its assessments, participants and
# answers in three executemany statements, so a batch's cost is its rows, not its round trips.
# A batch closes at IMPORT_BATCH_ANSWERS answers or IMPORT_BATCH_CHARS characters of notes,
# whichever comes first (always at least one respondent): measured on the loaded 2-core
# machine, a batch of 1,980 answers with 270-character notes held SQLite's write lock for about
# 0.12 s, and one of 1.76 million note characters for about 0.04 s, far under the 1 s bound; 500
# respondents import in 1.5 s (benchmarks/bench_import_lock.py, tests/integration/
# test_import_lock.py; answer-by-answer in batches of 2 they took 65-80 s). After
# each batch the import pauses IMPORT_PAUSE_S so a waiting writer takes the lock before the
# next batch does (with 25-respondent batches taken back to back, 24 of 27 saves were refused).
IMPORT_BATCH_ANSWERS = 2_000
IMPORT_BATCH_CHARS = 2_000_000
IMPORT_PAUSE_S = 0.05
REMOVE_BATCH = 10  # participants taken back per transaction after a failed import
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates


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


def clean_label(value: str | None, limit: int = MAX_FIELD_CHARS) -> str:
    """A name or role as plain text: NFC, no control characters, spaces collapsed, capped."""
    text = unicodedata.normalize("NFC", value or "")
    return " ".join(CONTROL_CHARS.sub(" ", text).split())[:limit]


class ParticipantsMixin(WorkshopBase):
    """Participants of a workshop: their own access, and the facilitator's view of them."""

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
                        choice=stored_choice(r.choice), note=r.note
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
        """Add participants answered elsewhere (name, role, answers): all of them or none.

        The workshop's participant cap applies: a file with more respondents than the room
        left is refused whole (WorkshopFull says how many fit). The rows are written in
        batches (`import_batches`), each its own short transaction, so the write lock is
        never held for long (4,520 rows in one transaction held it for 104 s; saves by others
        failed meanwhile); when a batch fails, the batches already written are removed again."""
        view = self._require_facilitator(token)
        with reading(self.engine) as conn:
            present = conn.execute(
                select(func.count()).where(participants.c.workshop_id == token)
            ).scalar_one()
        room = max(0, view.max_participants - int(present))
        if len(rows) > room:
            raise WorkshopFull(
                f"the file has {len(rows):,} respondents but the workshop has room for {room:,} "
                f"more (the cap is {view.max_participants:,}): raise the cap or import fewer"
            )
        added: list[str] = []
        try:
            for number, batch in enumerate(import_batches(rows)):
                if number:
                    time.sleep(IMPORT_PAUSE_S)
                with writing(self.engine) as conn:
                    self._lock_workshop(conn, token, write=True)
                    count, last_seq = conn.execute(
                        select(func.count(), func.coalesce(func.max(participants.c.seq), 0)).where(
                            participants.c.workshop_id == token
                        )
                    ).one()
                    if int(count) + len(batch) > view.max_participants:  # others joined meanwhile
                        raise WorkshopFull(
                            "the workshop filled up during the import: nothing was imported"
                        )
                    added += self._add_answered(conn, token, view.organization, batch, last_seq)
        except (StoreError, WorkshopError):
            self._remove_tokens(token, added)
            raise
        return len(rows)

    def _add_answered(
        self,
        conn: Connection,
        workshop_id: str,
        organization: Organization,
        batch: Sequence[tuple[str, str, Mapping[str, Answer]]],
        last_seq: int,
    ) -> list[str]:
        """Finished participants with their answers, numbered after `last_seq` (the workshop
        row is locked by the caller): one statement per table for the whole batch."""
        assessment_ids = self.assessments.create_answered(
            conn, [(organization, given) for _, _, given in batch]
        )
        tokens = [new_token() for _ in batch]
        joined = now()
        conn.execute(
            participants.insert(),
            [
                {
                    "id": participant,
                    "workshop_id": workshop_id,
                    "assessment_id": assessment_id,
                    "name": clean_label(name),
                    "role": clean_label(role),
                    "finished": True,
                    "seq": int(last_seq) + n,
                    "joined_at": joined,
                }
                for n, (participant, assessment_id, (name, role, _)) in enumerate(
                    zip(tokens, assessment_ids, batch, strict=True), start=1
                )
            ],
        )
        return tokens

    def _remove_tokens(self, workshop_id: str, tokens: Sequence[str]) -> None:
        """Take back participants an interrupted import added (best effort, in batches)."""
        for first in range(0, len(tokens), REMOVE_BATCH):
            with writing(self.engine) as conn:
                for token in tokens[first : first + REMOVE_BATCH]:
                    row = conn.execute(
                        select(participants.c.assessment_id).where(
                            (participants.c.id == token)
                            & (participants.c.workshop_id == workshop_id)
                        )
                    ).first()
                    if row is None:
                        continue
                    conn.execute(delete(shared_notes).where(shared_notes.c.participant_id == token))
                    conn.execute(
                        delete(first_round_answers).where(
                            first_round_answers.c.participant_id == token
                        )
                    )
                    conn.execute(delete(participants).where(participants.c.id == token))
                    AssessmentStore.delete_within(conn, row.assessment_id)
            time.sleep(IMPORT_PAUSE_S)


def import_batches(
    rows: Sequence[tuple[str, str, Mapping[str, Answer]]],
) -> Iterator[Sequence[tuple[str, str, Mapping[str, Answer]]]]:
    """The import's rows cut into transactions of at most IMPORT_BATCH_ANSWERS answers and
    IMPORT_BATCH_CHARS characters of notes (a respondent is never split; one alone may exceed)."""
    start = answered = chars = 0
    for index, (_, _, given) in enumerate(rows):
        size = len(given)
        text = sum(len(answer.note) for answer in given.values())
        if index > start and (
            answered + size > IMPORT_BATCH_ANSWERS or chars + text > IMPORT_BATCH_CHARS
        ):
            yield rows[start:index]
            start, answered, chars = index, 0, 0
        answered += size
        chars += text
    if start < len(rows):
        yield rows[start:]


class ParticipantAnswers:
    """One participant's own answers, as the questionnaire needs them: load and save answers.

    It reads only the participant's own assessment, and saves through the workshop store's
    `save_answers`, which refuses once the workshop is closed; the refusal is a StoreError,
    which the questionnaire keeps as "not saved" with the reason.
    """

    def __init__(self, workshops: ParticipantsMixin, token: str, assessment_id: str):
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
