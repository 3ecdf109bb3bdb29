"""The consensus (the room's answer to each question, how it was reached, minority views) and
re-vote rounds (the first round's answers kept, a second one opened)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update

from ...domain.models import MAX_NOTE_CHARS, Answer, Choice
from ...domain.workshop import Decision, How
from ..assessments import now, upsert
from ..db import (
    answers,
    consensus_decisions,
    first_round_answers,
    participants,
    reading,
    revotes,
    writing,
)
from .access import WorkshopBase, stored_choice
from .participants import CONTROL_CHARS


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


def clean_text(value: str | None, limit: int = MAX_NOTE_CHARS) -> str:
    """Longer text (a minority view): NFC, control characters out but line breaks kept."""
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n")
    lines = (" ".join(CONTROL_CHARS.sub(" ", line).split()) for line in text.split("\n"))
    return "\n".join(lines).strip()[:limit]


class ConsensusMixin(WorkshopBase):
    """The consensus and re-vote rounds of a workshop (facilitator or room token)."""

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
            choice = stored_choice(r.choice)
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
            rounds.first.setdefault(qid, []).append(stored_choice(choice))
        return rounds
