"""Retention: `purge` and `python -m assessment purge` on a real SQLite file and PostgreSQL.

Data is made through the stores as the app makes it, then aged by moving its timestamps back.
A workshop goes only as a whole and only when nothing in it is recent; a dry run counts the
same and deletes nothing; expired join attempts and creation records go whatever the days.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, func, select, update

from assessment.domain.models import Answer, Framework, Organization, Responses
from assessment.store import (
    CreationLimiter,
    PurgeCounts,
    UnknownJoinCode,
    WorkshopStore,
    purge,
)
from assessment.store.db import (
    answers,
    assessments,
    creations,
    join_events,
    participants,
    workshops,
    writing,
)
from tests.helpers import assert_user_error
from tests.helpers import run_cli as run

DAYS = 30
OLD = dt.datetime.now(dt.UTC) - dt.timedelta(days=DAYS + 5)


@dataclass
class World:
    """What the app made; `old_*` were aged past DAYS, the rest is recent somewhere."""

    engine: Engine
    ws: WorkshopStore
    old_assessment: str
    recent_assessment: str
    old_workshop: str  # everything in it aged: goes whole
    busy_workshop: str  # aged, but one participant answered today: stays whole
    consensus_workshop: str  # aged, but the facilitator set a consensus today: stays
    participants_of_old: int


def age_assessment(conn: Connection, assessment_id: str) -> None:
    conn.execute(
        update(assessments)
        .where(assessments.c.id == assessment_id)
        .values(created_at=OLD, updated_at=OLD)
    )


def age_workshop(conn: Connection, token: str) -> None:
    row = conn.execute(select(workshops.c.consensus_id).where(workshops.c.id == token)).one()
    conn.execute(update(workshops).where(workshops.c.id == token).values(created_at=OLD))
    conn.execute(
        update(participants).where(participants.c.workshop_id == token).values(joined_at=OLD)
    )
    age_assessment(conn, row.consensus_id)
    for aid in conn.execute(
        select(participants.c.assessment_id).where(participants.c.workshop_id == token)
    ).scalars():
        age_assessment(conn, aid)


def a_workshop(ws: WorkshopStore, framework: Framework, people: int) -> tuple[str, list[str]]:
    token, code = ws.create_workshop(Organization(name="Workshop Co"))
    tokens = [ws.join(code, f"P{i}", "IT") for i in range(people)]
    for t in tokens:
        ws.save_answers(t, {q.id: Answer(choice=2) for q in framework.questions[:5]})
    return token, tokens


@pytest.fixture
def world(fresh_db_url: str, framework: Framework) -> Iterator[World]:
    ws = WorkshopStore(url=fresh_db_url)
    engine = ws.engine
    store = ws.assessments
    old_a = store.import_responses(_responses(framework, "Old Co"))
    recent_a = store.import_responses(_responses(framework, "Recent Co"))
    old_w, _ = a_workshop(ws, framework, 3)
    busy_w, busy_tokens = a_workshop(ws, framework, 2)
    cons_w, _ = a_workshop(ws, framework, 1)
    for code in ("AAAAAAAA", "BBBBBBBB"):
        with pytest.raises(UnknownJoinCode):
            ws.join(code, client_key="198.51.100.5")
    limiter = CreationLimiter(engine=engine)
    limiter.check_and_record("assessment", "198.51.100.5")
    limiter.check_and_record("workshop", "198.51.100.5")
    with engine.begin() as conn:
        age_assessment(conn, old_a)
        for token in (old_w, busy_w, cons_w):
            age_workshop(conn, token)
        an_hour_ago = time.time() - 3_601  # past both windows (10 min joins, 1 h creations)
        conn.execute(
            update(join_events).where(join_events.c.joined.is_(False)).values(at=an_hour_ago)
        )  # the two wrong codes; the joins stay recent
        conn.execute(update(creations).where(creations.c.kind == "workshop").values(at=an_hour_ago))
    ws.save_answers(busy_tokens[1], {framework.questions[7].id: Answer(choice=4)})  # today
    consensus = ws.facilitator(cons_w)
    assert consensus is not None
    store.save_answers(consensus.consensus_id, {framework.questions[0].id: Answer(choice=3)})
    yield World(engine, ws, old_a, recent_a, old_w, busy_w, cons_w, participants_of_old=3)
    engine.dispose()


def _responses(framework: Framework, name: str) -> Responses:
    return Responses(
        organization=Organization(name=name),
        answers={q.id: Answer(choice=1, note="n") for q in framework.questions[:4]},
    )


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (assessments, answers, workshops, participants, join_events, creations)
        }


EXPECTED = PurgeCounts(
    assessments=1,
    workshops=1,
    participants=3,
    workshop_assessments=4,  # three participants and the consensus
    answers=4 + 3 * 5,  # the old assessment's 4, each participant's 5
    join_attempts=2,
    creation_records=1,  # the workshop record; the assessment record is still in its hour
)


def test_dry_run_counts_and_deletes_nothing(world: World) -> None:
    before = table_counts(world.engine)
    assert purge(world.engine, DAYS, dry_run=True) == EXPECTED
    assert table_counts(world.engine) == before


def test_purge_removes_what_nobody_touched_and_workshops_whole(
    world: World, framework: Framework
) -> None:
    before = table_counts(world.engine)
    assert purge(world.engine, DAYS) == EXPECTED
    after = table_counts(world.engine)
    assert {k: before[k] - after[k] for k in before} == {
        "assessments": 1 + 4,
        "answers": EXPECTED.answers,
        "workshops": 1,
        "participants": 3,
        "join_events": 2,
        "creations": 1,
    }
    store = world.ws.assessments
    assert store.load(world.old_assessment) is None
    assert store.load(world.recent_assessment) is not None
    assert world.ws.facilitator(world.old_workshop) is None
    busy = world.ws.participants(world.busy_workshop)  # kept whole, untouched ones too
    assert [len(p.responses.answers) for p in busy] == [5, 6]
    assert len(world.ws.participants(world.consensus_workshop)) == 1
    assert purge(world.engine, DAYS) == PurgeCounts()  # nothing left to remove


def test_more_days_keep_more(world: World) -> None:
    assert purge(world.engine, DAYS + 10) == PurgeCounts(join_attempts=2, creation_records=1)
    assert world.ws.assessments.load(world.old_assessment) is not None


def test_cli_purge_says_what_it_removed(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINESS_DATABASE_URL", str(world.engine.url.render_as_string(False)))
    world.engine.dispose()
    dry = run("purge", "--older-than", str(DAYS), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"would remove (dry run), not touched for {DAYS} days:",
        "  assessments: 1",
        "  workshops: 1",
        "  participants: 3",
        "  workshop assessments: 4",
        f"  answers: {EXPECTED.answers}",
        "  join attempts: 2",
        "  creation records: 1",
    ]
    done = run("purge", "--older-than", str(DAYS))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"removed, not touched for {DAYS} days:"
    assert done.stdout.splitlines()[1:] == dry.stdout.splitlines()[1:]
    again = run("purge", "--older-than", str(DAYS))
    assert all(line.endswith(": 0") for line in again.stdout.splitlines()[1:])


@pytest.mark.parametrize(
    ("days", "fragment"),
    [
        ("soon", "argument --older-than: invalid int value: 'soon'"),
        ("0", "--older-than: DAYS must be a whole number from 1 to 36,500, got 0"),
        ("-3", "--older-than: DAYS must be a whole number from 1 to 36,500, got -3"),
        ("99999999", "--older-than: DAYS must be a whole number from 1 to 36,500"),
        ("2.5", "invalid int value: '2.5'"),
    ],
)
def test_cli_purge_refuses_bad_days_with_one_line(days: str, fragment: str) -> None:
    assert_user_error(run("purge", f"--older-than={days}"), fragment)


def test_cli_purge_without_a_database_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READINESS_DATABASE_URL", raising=False)
    assert_user_error(
        run("purge", "--older-than", "30", cwd=tmp_path),
        "no database at data/readiness.db",
        "READINESS_DATABASE_URL",
    )
    assert not (tmp_path / "data").exists()  # and created none


def test_a_save_in_flight_keeps_its_workshop(world: World, framework: Framework) -> None:
    """A participant's save that started before the purge and commits while the purge runs:
    the purge waits for it, sees the workshop touched and keeps it (and raises nothing)."""
    ws = world.ws
    token, code = ws.create_workshop(Organization(name="Racing Co"))
    person = ws.join(code, "Late", "IT")
    with world.engine.begin() as conn:
        age_workshop(conn, token)
    saving, release = threading.Event(), threading.Event()
    results: list[object] = []

    def late_save() -> None:
        with writing(world.engine) as conn:
            own = ws._open_participant(conn, person)
            ws.assessments.write_answers(conn, own, {framework.questions[0].id: Answer(choice=1)})
            saving.set()
            release.wait(10)

    def purging() -> None:
        try:
            results.append(purge(world.engine, DAYS))
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    saver = threading.Thread(target=late_save)
    saver.start()
    assert saving.wait(10)
    purger = threading.Thread(target=purging)
    purger.start()
    purger.join(timeout=1)  # the purge is waiting for the save's locks
    release.set()
    saver.join()
    purger.join()
    # the racing workshop is not among them (and its join already pruned the old join records)
    assert results == [replace(EXPECTED, join_attempts=0)]
    assert [p.name for p in ws.participants(token)] == ["Late"]
