"""Assessments and their answers, saved one answer at a time as the user gives it."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..domain.models import Answer, Organization, Responses
from .db import StoreError, answers, assessments, make_engine, reading, series_links, writing

TOKEN_BYTES = 32  # 256-bit ids: unguessable, and safe to put in a URL
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: str | None) -> bool:
    """Cheap shape check before touching the database with a URL parameter."""
    return bool(value) and bool(_TOKEN_RE.match(value or ""))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _choice_to_db(answer: Answer) -> str:
    return str(answer.choice)


def choice_from_db(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def upsert(conn: Connection, table, values: dict, keys: list[str], update_cols: list[str]) -> None:  # type: ignore[no-untyped-def]
    """INSERT ... ON CONFLICT DO UPDATE: one atomic statement on SQLite and PostgreSQL."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={c: stmt.excluded[c] for c in update_cols}
    )
    conn.execute(stmt)


class FollowedUp(StoreError):
    """The assessment has a follow-up: its answers and targets are kept as they were."""


def refuse_if_followed_up(conn: Connection, assessment_id: str) -> None:
    followed = conn.execute(
        select(series_links.c.assessment_id).where(series_links.c.previous_id == assessment_id)
    ).first()
    if followed is not None:
        raise FollowedUp(
            "this assessment has a follow-up and is kept as it was; change the follow-up instead"
        )


class AssessmentStore:
    """Reads and writes assessments. Holds only the engine: safe to share between sessions."""

    def __init__(self, engine: Engine | None = None, url: str | None = None):
        self.engine = engine or make_engine(url)

    # ------------------------------------------------------------------ create / load
    def create(self, organization: Organization, conn: Connection | None = None) -> str:
        assessment_id = new_token()
        values = {
            "id": assessment_id,
            "organization": organization.model_dump_json(),
            "targets": "{}",
            "created_at": now(),
            "updated_at": now(),
        }
        if conn is not None:
            conn.execute(assessments.insert().values(**values))
        else:
            with writing(self.engine) as c:
                c.execute(assessments.insert().values(**values))
        return assessment_id

    def create_answered(
        self, conn: Connection, items: Sequence[tuple[Organization, Mapping[str, Answer]]]
    ) -> list[str]:
        """New assessments with their answers, inside the caller's transaction, in two
        statements (one executemany per table) whatever the number: an import's batch costs a
        few milliseconds instead of one upsert round trip per answer (issue 23: 500
        respondents took 65-80 s written answer by answer)."""
        ids = [new_token() for _ in items]
        if not items:
            return ids
        moment = now()
        conn.execute(
            assessments.insert(),
            [
                {
                    "id": assessment_id,
                    "organization": organization.model_dump_json(),
                    "targets": "{}",
                    "created_at": moment,
                    "updated_at": moment,
                }
                for assessment_id, (organization, _) in zip(ids, items, strict=True)
            ],
        )
        rows = [
            {
                "assessment_id": assessment_id,
                "question_id": qid,
                "choice": _choice_to_db(answer),
                "note": answer.note,
                "updated_at": moment,
            }
            for assessment_id, (_, given) in zip(ids, items, strict=True)
            for qid, answer in given.items()
        ]
        if rows:
            conn.execute(answers.insert(), rows)
        return ids

    def import_responses(self, responses: Responses, conn: Connection | None = None) -> str:
        """A new assessment holding everything in an answers file (inside `conn`'s transaction
        when given)."""
        if conn is not None:
            assessment_id = self.create(responses.organization, conn)
            self._write_all(conn, assessment_id, responses)
            return assessment_id
        with writing(self.engine) as own:
            return self.import_responses(responses, own)

    def _write_all(self, conn: Connection, assessment_id: str, responses: Responses) -> None:
        self.write_answers(conn, assessment_id, responses.answers)
        conn.execute(
            update(assessments)
            .where(assessments.c.id == assessment_id)
            .values(targets=json.dumps(responses.targets))
        )

    def load(self, assessment_id: str) -> Responses | None:
        """Everything saved for an assessment, or None for an unknown id."""
        if not looks_like_token(assessment_id):
            return None
        with reading(self.engine) as conn:
            head = conn.execute(
                select(assessments).where(assessments.c.id == assessment_id)
            ).first()
            if head is None:
                return None
            rows = conn.execute(
                select(answers).where(answers.c.assessment_id == assessment_id)
            ).all()
        return Responses(
            organization=Organization.model_validate_json(head.organization),
            answers={
                r.question_id: Answer(choice=choice_from_db(r.choice), note=r.note) for r in rows
            },
            targets=json.loads(head.targets),
        )

    @staticmethod
    def delete_within(conn: Connection, assessment_id: str) -> None:
        """Delete an assessment and its answers inside the caller's transaction."""
        conn.execute(delete(answers).where(answers.c.assessment_id == assessment_id))
        conn.execute(delete(assessments).where(assessments.c.id == assessment_id))

    # ------------------------------------------------------------------ saves
    def save_answers(self, assessment_id: str, batch: Mapping[str, Answer | None]) -> None:
        """Save several answers in one transaction (retrying answers kept after a failure)."""
        with writing(self.engine) as conn:
            self.write_answers(conn, assessment_id, batch)

    def write_answers(
        self, conn: Connection, assessment_id: str, batch: Mapping[str, Answer | None]
    ) -> None:
        """Apply a batch inside the caller's transaction: upsert each answer, delete each None."""
        refuse_if_followed_up(conn, assessment_id)
        for qid, answer in batch.items():
            if answer is None:
                conn.execute(
                    delete(answers).where(
                        (answers.c.assessment_id == assessment_id) & (answers.c.question_id == qid)
                    )
                )
            else:
                self._upsert_answer(conn, assessment_id, qid, answer)
        conn.execute(
            update(assessments).where(assessments.c.id == assessment_id).values(updated_at=now())
        )

    def save_targets(self, assessment_id: str, targets: Mapping[str, int]) -> None:
        with writing(self.engine) as conn:
            refuse_if_followed_up(conn, assessment_id)
            conn.execute(
                update(assessments)
                .where(assessments.c.id == assessment_id)
                .values(targets=json.dumps(dict(targets)), updated_at=now())
            )

    def _upsert_answer(
        self, conn: Connection, assessment_id: str, qid: str, answer: Answer
    ) -> None:
        upsert(
            conn,
            answers,
            {
                "assessment_id": assessment_id,
                "question_id": qid,
                "choice": _choice_to_db(answer),
                "note": answer.note,
                "updated_at": now(),
            },
            keys=["assessment_id", "question_id"],
            update_cols=["choice", "note", "updated_at"],
        )
