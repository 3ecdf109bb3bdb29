"""WorkshopStore against a real SQLite file and a real PostgreSQL (TEST_POSTGRES_URL).

Covers: 30 concurrent participants saving 36 answers each lose and mix nothing and the
facilitator's aggregate equals the committed rows; two processes serve one workshop; a closed
workshop refuses saves; join codes are throttled; a participant token opens only its own data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from assessment.models import Answer, Framework, Organization
from assessment.store import (
    JoinThrottled,
    StoreError,
    UnknownJoinCode,
    UnknownToken,
    WorkshopClosed,
    WorkshopStore,
    format_join_code,
)
from assessment.store.db import answers, participants
from assessment.store.workshops import MAX_FAILED_JOINS
from assessment.workshop import summarize
from tests.helpers import own_answers

PARTICIPANTS = 30
ANSWERS_EACH = 36
ROOT = Path(__file__).resolve().parents[2]


def _pg_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL tests must run")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.db'}"
        return
    url = _pg_url()
    if not url:
        pytest.skip("TEST_POSTGRES_URL not set (run through scripts/with-postgres.sh)")
    yield url


@pytest.fixture
def store(db_url: str) -> Iterator[WorkshopStore]:
    ws = WorkshopStore(url=db_url)
    yield ws
    ws.engine.dispose()


def choice_for(participant: int, question: int) -> int | str:
    """A distinct, checkable answer for each (participant, question)."""
    value = (participant * 7 + question * 3) % 7
    return {5: "dont_know", 6: "not_applicable"}.get(value, value)


def expected_answers(framework: Framework, index: int) -> dict[str, Answer]:
    return {
        q.id: Answer(choice=choice_for(index, j), note=f"p{index}-{q.id}")
        for j, q in enumerate(framework.questions[:ANSWERS_EACH])
    }


# ----------------------------------------------------------------------------- concurrency


def test_thirty_concurrent_participants_lose_and_mix_nothing(
    db_url: str, store: WorkshopStore, framework: Framework
) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    tokens = [
        store.join(code, f"Person {i}", ["IT", "Marketing", "Service"][i % 3])
        for i in range(PARTICIPANTS)
    ]
    barrier = threading.Barrier(PARTICIPANTS)
    errors: list[BaseException] = []

    def participant(index: int) -> None:
        own = WorkshopStore(url=db_url)  # one engine per participant: real concurrent writers
        try:
            barrier.wait()
            wanted = expected_answers(framework, index)
            for qid, answer in wanted.items():
                # first a wrong answer, then the right one: the upsert must replace, not add
                own.save_answer(tokens[index], qid, Answer(choice=0, note="draft"))
                own.save_answer(tokens[index], qid, answer)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.engine.dispose()

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    records = store.participants(token)
    assert len(records) == PARTICIPANTS
    assert sorted(r.number for r in records) == list(range(1, PARTICIPANTS + 1))
    by_name = {r.name: r for r in records}
    for i in range(PARTICIPANTS):
        assert by_name[f"Person {i}"].responses.answers == expected_answers(framework, i)

    # the aggregate equals the committed rows, counted straight from the answers table
    with store.engine.connect() as conn:
        committed = conn.execute(
            select(answers.c.question_id, answers.c.choice)
            .join(participants, participants.c.assessment_id == answers.c.assessment_id)
            .where(participants.c.workshop_id == token)
        ).all()
    assert len(committed) == PARTICIPANTS * ANSWERS_EACH
    summary = summarize(framework, [r.as_participant() for r in records])
    for dist in summary.questions:
        rows = [c for q, c in committed if q == dist.question_id]
        assert dist.dont_know == rows.count("dont_know")
        assert dist.not_applicable == rows.count("not_applicable")
        assert dist.counts == {s: rows.count(str(s)) for s in range(5)}
        assert dist.unanswered == PARTICIPANTS - len(rows)
    assert summary.participation.started == PARTICIPANTS


def test_concurrent_joins_get_distinct_numbers(db_url: str, store: WorkshopStore) -> None:
    _, code = store.create_workshop(Organization(name="Acme"))
    barrier = threading.Barrier(12)
    tokens: list[str] = []
    errors: list[BaseException] = []

    def join() -> None:
        own = WorkshopStore(url=db_url)
        try:
            barrier.wait()
            tokens.append(own.join(code, "", "IT"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            own.engine.dispose()

    threads = [threading.Thread(target=join) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(a.number for t in tokens if (a := store.participant(t)) is not None)
    assert numbers == list(range(1, 13))


# ----------------------------------------------------------------------------- two processes

CHILD = """
import json, sys
from assessment.models import Answer
from assessment.store import WorkshopStore
url, action, token = sys.argv[1:4]
ws = WorkshopStore(url=url)
if action == "save":
    for qid, choice in json.loads(sys.argv[4]).items():
        ws.save_answer(token, qid, Answer(choice=choice))
    print("saved")
elif action == "close":
    ws.close(token)
    print("closed")
elif action == "read":
    print(json.dumps({r.name: {q: a.choice for q, a in r.responses.answers.items()}
                      for r in ws.participants(token)}))
"""


def run_child(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_processes_serve_one_workshop(
    db_url: str, store: WorkshopStore, framework: Framework
) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    ann = store.join(code, "Ann", "IT")
    bob = store.join(code, "Bob", "Marketing")
    q0, q1 = framework.questions[0].id, framework.questions[1].id

    # another process writes; this process's aggregate sees it
    assert run_child(db_url, "save", bob, json.dumps({q0: 4, q1: "dont_know"})) == "saved"
    store.save_answer(ann, q0, Answer(choice=1))
    summary = summarize(framework, [r.as_participant() for r in store.participants(token)])
    assert summary.questions[0].counts[4] == 1 and summary.questions[0].counts[1] == 1
    assert summary.questions[1].dont_know == 1

    # this process writes; the other process reads it back
    assert json.loads(run_child(db_url, "read", token)) == {
        "Ann": {q0: 1},
        "Bob": {q0: 4, q1: "dont_know"},
    }

    # the other process closes; this one can no longer save
    assert run_child(db_url, "close", token) == "closed"
    with pytest.raises(WorkshopClosed):
        store.save_answer(ann, q1, Answer(choice=2))


# ----------------------------------------------------------------------------- rules


def test_closed_workshop_refuses_saves_and_joins(
    store: WorkshopStore, framework: Framework
) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    ann = store.join(code, "Ann", "IT")
    qid = framework.questions[0].id
    store.save_answer(ann, qid, Answer(choice=3))
    store.close(token)
    view = store.facilitator(token)
    assert view is not None and not view.is_open
    access = store.participant(ann)
    assert access is not None and not access.workshop_open
    with pytest.raises(WorkshopClosed, match="closed"):
        store.save_answer(ann, qid, Answer(choice=0))
    with pytest.raises(WorkshopClosed):
        store.save_answers(ann, {qid: None})
    with pytest.raises(WorkshopClosed):
        store.set_finished(ann)
    with pytest.raises(WorkshopClosed):
        store.join(code, "Late", "IT")
    assert own_answers(store, ann)[qid].choice == 3
    store.reopen(token)
    store.save_answer(ann, qid, Answer(choice=1))
    store.set_finished(ann)
    assert own_answers(store, ann)[qid].choice == 1
    assert store.participants(token)[0].finished


def test_a_join_code_typed_as_people_type_it_joins_its_workshop(store: WorkshopStore) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    store.create_workshop(Organization(name="Other"))
    typed = " " + format_join_code(code).lower() + " "
    participant = store.join(typed, "Ann", "IT")
    access = store.participant(participant)
    assert access is not None and access.organization_name == "Acme"
    assert [r.name for r in store.participants(token)] == ["Ann"]


def test_join_code_throttling_counts_failures_per_client(store: WorkshopStore) -> None:
    _, code = store.create_workshop(Organization(name="Acme"))
    attacker = f"attacker-{uuid.uuid4()}"
    for _ in range(MAX_FAILED_JOINS):
        with pytest.raises(UnknownJoinCode):
            store.join("ZZZZZZZZ", "", "", client_key=attacker)
    # now even the right code is refused from that client...
    with pytest.raises(JoinThrottled):
        store.join(code, "", "", client_key=attacker)
    # ...while another client joins fine
    assert store.join(code, "", "", client_key=f"friend-{uuid.uuid4()}")
    # malformed codes count as failures too (and never reach the lookup)
    other = f"other-{uuid.uuid4()}"
    with pytest.raises(UnknownJoinCode):
        store.join("<script>", "", "", client_key=other)


def test_participant_token_opens_only_its_own_data(
    store: WorkshopStore, framework: Framework
) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    other_token, other_code = store.create_workshop(Organization(name="Other"))
    ann = store.join(code, "Ann", "IT")
    bob = store.join(code, "Bob", "Marketing")
    eve = store.join(other_code, "Eve", "IT")
    qid = framework.questions[0].id
    store.save_answer(ann, qid, Answer(choice=4, note="ann's note"))
    store.save_answer(bob, qid, Answer(choice=0))

    access = store.participant(ann)
    assert access is not None
    assert access.organization_name == "Acme" and access.name == "Ann"
    # nothing in what the participant gets names the workshop, the consensus or anyone else
    exposed = repr(access)
    for secret in (token, store.facilitator(token).consensus_id, bob, eve):  # type: ignore[union-attr]
        assert secret not in exposed
    assert own_answers(store, ann) == {qid: Answer(choice=4, note="ann's note")}
    assert own_answers(store, bob) == {qid: Answer(choice=0)}
    assert own_answers(store, eve) == {}
    # a participant token is not a facilitator token, and a join code is neither
    assert store.facilitator(ann) is None
    assert store.facilitator(code) is None
    assert store.participant(code) is None
    assert store.participant(token) is None
    with pytest.raises(UnknownToken):
        store.participants(ann)
    with pytest.raises(UnknownToken):
        store.close(ann)
    with pytest.raises(UnknownToken):
        store.save_answer(token, qid, Answer(choice=1))
    with pytest.raises(UnknownToken):
        store.save_answer("x" * 43, qid, Answer(choice=1))
    # the other workshop's facilitator sees only Eve
    assert [r.name for r in store.participants(other_token)] == ["Eve"]


def test_names_and_roles_are_kept_as_plain_text(store: WorkshopStore) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    store.join(code, "  <b>Ann</b>\n& [x](javascript:alert(1))  ", "R\x00&D " + "x" * 500)
    record = store.participants(token)[0]
    assert record.name == "<b>Ann</b> & [x](javascript:alert(1))"
    assert record.role.startswith("R &D x") and len(record.role) == 200
    anonymous = store.join(code, "", "")
    access = store.participant(anonymous)
    assert access is not None and access.number == 2
    assert store.participants(token)[1].label == "Participant 2"


def test_consensus_is_an_assessment_saved_with_assessment_store(
    store: WorkshopStore, framework: Framework
) -> None:
    token, _ = store.create_workshop(Organization(name="Acme"))
    view = store.facilitator(token)
    assert view is not None and view.organization.name == "Acme"
    qid = framework.questions[0].id
    store.assessments.save_answer(view.consensus_id, qid, Answer(choice=2, note="agreed"))
    loaded = store.assessments.load(view.consensus_id)
    assert loaded is not None and loaded.answers[qid].choice == 2


def test_import_participants(store: WorkshopStore, framework: Framework) -> None:
    token, code = store.create_workshop(Organization(name="Acme"))
    store.join(code, "Ann", "IT")
    qid = framework.questions[0].id
    assert (
        store.import_participants(token, [("Zoe", "Sales", {qid: Answer(choice=3)}), ("", "", {})])
        == 2
    )
    records = store.participants(token)
    assert [(r.number, r.name, r.finished) for r in records] == [
        (1, "Ann", False),
        (2, "Zoe", True),
        (3, "", True),
    ]
    assert records[1].responses.answers[qid].choice == 3


def test_database_errors_are_store_errors(tmp_path: Path) -> None:
    ws = WorkshopStore(url=f"sqlite:///{tmp_path / 'w.db'}")
    token, _ = ws.create_workshop(Organization(name="Acme"))
    with ws.engine.begin() as conn:
        conn.execute(text("DROP TABLE participants"))
    with pytest.raises(StoreError):
        ws.participants(token)
