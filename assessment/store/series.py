"""Series of assessments (a follow-up and the one it follows) and plan step statuses.

A follow-up is a new assessment with its own secret id; the link names the earlier one, and
each assessment in a series has a public reference (`ref`) that files carry instead of the
secret, so a series moves between machines as answers files without handing out access.
Once followed up, an assessment's answers and targets are read-only (`AssessmentStore` refuses
the save with `FollowedUp`); its plan's step statuses stay settable, since the work they track
goes on after the follow-up starts.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from ..domain.models import FollowUpMode, Organization, Responses, SeriesLink, StepStatus
from ..files.series_ref import file_ref
from .assessments import AssessmentStore, looks_like_token, now, upsert
from .db import StoreError, assessments, reading, series_links, step_statuses, writing

REF_BYTES = 9  # 12 URL-safe characters: unique enough to name, and not the secret id
MAX_SERIES = 100  # links followed back at most (a series is a handful; a loop never hangs)


class AlreadyFollowedUp(StoreError):
    """The assessment already has a follow-up: follow up the latest one instead."""


def new_ref() -> str:
    return secrets.token_urlsafe(REF_BYTES)


@dataclass(frozen=True)
class SeriesEntry:
    """One assessment of a series, oldest first."""

    assessment_id: str | None  # None: known only by its reference (from a file, not here)
    ref: str
    date: dt.date | None


class SeriesStore:
    """Reads and writes series links and step statuses; holds only the engine."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.assessments = AssessmentStore(engine)

    # ------------------------------------------------------------------ links
    def _ensure_ref(self, conn: Connection, assessment_id: str) -> str:
        row = conn.execute(
            select(series_links.c.ref).where(series_links.c.assessment_id == assessment_id)
        ).first()
        if row is not None:
            return str(row.ref)
        ref = new_ref()
        conn.execute(
            series_links.insert().values(assessment_id=assessment_id, ref=ref, created_at=now())
        )
        return ref

    def ref(self, assessment_id: str) -> str:
        """The assessment's public reference, given one on first use."""
        with writing(self.engine) as conn:
            return self._ensure_ref(conn, assessment_id)

    def follow_up(
        self,
        previous_id: str,
        mode: FollowUpMode,
        today: dt.date | None = None,
        conn: Connection | None = None,
    ) -> str:
        """A new assessment following `previous_id`, for the same organisation, dated today.

        The earlier assessment is not changed (it becomes read-only); with "carried" the earlier
        answers are not copied: the follow-up shows them as "last time" until each is confirmed.
        """
        if conn is None:
            with writing(self.engine) as own:
                return self.follow_up(previous_id, mode, today, own)
        head = conn.execute(
            select(assessments.c.organization).where(assessments.c.id == previous_id)
        ).first()
        if head is None:
            raise StoreError("no assessment has that id")
        if self._follower(conn, previous_id) is not None:
            raise AlreadyFollowedUp(
                "this assessment already has a follow-up; open that one (or follow it up)"
            )
        earlier = Organization.model_validate_json(head.organization)
        previous_ref = self._ensure_ref(conn, previous_id)
        organization = earlier.model_copy(update={"date": today or dt.date.today()})
        new_id = self.assessments.create(organization, conn)
        conn.execute(
            series_links.insert().values(
                assessment_id=new_id,
                ref=new_ref(),
                previous_id=previous_id,
                previous_ref=previous_ref,
                previous_date=earlier.date,
                mode=mode.value,
                created_at=now(),
            )
        )
        return new_id

    def import_responses(self, responses: Responses, conn: Connection | None = None) -> str:
        """A new assessment from an answers file, linked as the file says.

        The file's own reference is kept unless this database already uses it; the earlier
        assessment is linked when this database holds the one the file names (else only its
        reference and date are kept); the file's step statuses are stored.
        """
        if conn is None:
            with writing(self.engine) as own:
                return self.import_responses(responses, own)
        link = responses.series or SeriesLink()
        new_id = self.assessments.import_responses(responses, conn)
        mine = link.id or file_ref(responses)  # a plain file: named by its content
        ref = mine if not self._ref_taken(conn, mine) else new_ref()
        previous = self._by_ref(conn, link.previous_id) if link.previous_id else None
        if previous is not None and self._follower(conn, previous) is not None:
            previous = None  # already followed up here: keep the reference only
        conn.execute(
            series_links.insert().values(
                assessment_id=new_id,
                ref=ref,
                previous_id=previous,
                previous_ref=link.previous_id,
                previous_date=link.previous_date,
                mode=link.mode.value if link.mode else None,
                created_at=now(),
            )
        )
        self._write_statuses(conn, new_id, responses.step_status)
        return new_id

    def link(self, assessment_id: str) -> SeriesLink | None:
        """What an answers file carries for this assessment; None when it is in no series."""
        with reading(self.engine) as conn:
            row = conn.execute(
                select(series_links).where(series_links.c.assessment_id == assessment_id)
            ).first()
        if row is None:
            return None
        return SeriesLink(
            id=row.ref,
            previous_id=row.previous_ref,
            previous_date=row.previous_date,
            mode=FollowUpMode(row.mode) if row.mode else None,
        )

    def previous(self, assessment_id: str) -> str | None:
        """The id of the assessment this one follows up, when this database holds it."""
        with reading(self.engine) as conn:
            row = conn.execute(
                select(series_links.c.previous_id).where(
                    series_links.c.assessment_id == assessment_id
                )
            ).first()
        return row.previous_id if row is not None else None

    def follower(self, assessment_id: str) -> str | None:
        """The id of this assessment's follow-up, if it has one (then it is read-only)."""
        with reading(self.engine) as conn:
            return self._follower(conn, assessment_id)

    def series(self, assessment_id: str) -> list[SeriesEntry]:
        """The series this assessment belongs to, oldest first, through its latest follow-up."""
        if not looks_like_token(assessment_id):
            return []
        with reading(self.engine) as conn:
            chain = [assessment_id]
            while len(chain) < MAX_SERIES:
                back = self._row(conn, chain[0])
                if back is None or back.previous_id is None or back.previous_id in chain:
                    break
                chain.insert(0, back.previous_id)
            while len(chain) < MAX_SERIES:
                ahead = self._follower(conn, chain[-1])
                if ahead is None or ahead in chain:
                    break
                chain.append(ahead)
            entries = []
            first = self._row(conn, chain[0])
            if first is not None and first.previous_id is None and first.previous_ref:
                entries.append(SeriesEntry(None, first.previous_ref, first.previous_date))
            for aid in chain:
                row = self._row(conn, aid)
                org = conn.execute(
                    select(assessments.c.organization).where(assessments.c.id == aid)
                ).first()
                date = Organization.model_validate_json(org.organization).date if org else None
                entries.append(SeriesEntry(aid, row.ref if row is not None else "", date))
        return entries

    def _row(self, conn: Connection, assessment_id: str):  # type: ignore[no-untyped-def]
        return conn.execute(
            select(series_links).where(series_links.c.assessment_id == assessment_id)
        ).first()

    @staticmethod
    def _follower(conn: Connection, assessment_id: str) -> str | None:
        row = conn.execute(
            select(series_links.c.assessment_id).where(series_links.c.previous_id == assessment_id)
        ).first()
        return row.assessment_id if row is not None else None

    @staticmethod
    def _by_ref(conn: Connection, ref: str) -> str | None:
        row = conn.execute(
            select(series_links.c.assessment_id).where(series_links.c.ref == ref)
        ).first()
        return row.assessment_id if row is not None else None

    def _ref_taken(self, conn: Connection, ref: str) -> bool:
        return self._by_ref(conn, ref) is not None

    # ------------------------------------------------------------------ step statuses
    def set_statuses(self, assessment_id: str, statuses: Mapping[str, StepStatus]) -> None:
        """Set several step statuses in one transaction (the others are left as they are)."""
        with writing(self.engine) as conn:
            self._write_statuses(conn, assessment_id, statuses)

    def set_status(self, assessment_id: str, step_id: str, status: StepStatus) -> None:
        self.set_statuses(assessment_id, {step_id: status})

    @staticmethod
    def _write_statuses(
        conn: Connection, assessment_id: str, statuses: Mapping[str, StepStatus]
    ) -> None:
        for step_id, status in statuses.items():
            upsert(
                conn,
                step_statuses,
                {
                    "assessment_id": assessment_id,
                    "step_id": step_id,
                    "status": status.status.value,
                    "on": status.date,
                    "note": status.note,
                    "updated_at": now(),
                },
                keys=["assessment_id", "step_id"],
                update_cols=["status", "on", "note", "updated_at"],
            )

    def statuses(self, assessment_id: str) -> dict[str, StepStatus]:
        with reading(self.engine) as conn:
            rows = conn.execute(
                select(step_statuses).where(step_statuses.c.assessment_id == assessment_id)
            ).all()
        return {r.step_id: StepStatus(status=r.status, date=r.on, note=r.note) for r in rows}

    def load(self, assessment_id: str) -> Responses | None:
        """The assessment as an answers file holds it: answers, series link, step statuses."""
        responses = self.assessments.load(assessment_id)
        if responses is None:
            return None
        return responses.model_copy(
            update={"series": self.link(assessment_id), "step_status": self.statuses(assessment_id)}
        )
