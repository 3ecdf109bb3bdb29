"""Workshop controls: open and close, pause joining, the participant cap, blind rounds, and
the fingerprint the dashboard and the room view poll."""

from __future__ import annotations

import time

from sqlalchemy import func, select, update

from ..db import (
    assessments,
    consensus_decisions,
    participants,
    reading,
    revotes,
    shared_notes,
    workshop_controls,
    workshops,
    writing,
)
from .access import WorkshopBase, WorkshopError

MAX_PARTICIPANTS_LIMIT = 500  # the highest cap a facilitator can set
PAUSED_BY_FACILITATOR = "facilitator"
PAUSED_FOR_GUESSING = "guessing"


class ControlsMixin(WorkshopBase):
    """What the facilitator (and for some, the room view) sets on a workshop."""

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
