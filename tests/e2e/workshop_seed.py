"""Workshops written straight into the app server's database, for browser tests and benchmarks
that need participants without driving a browser for each (the store is the one the app uses)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization
from assessment.store import WorkshopStore

FW = default_framework()


@dataclass(frozen=True)
class Seeded:
    token: str  # the facilitator's
    room_token: str
    join_code: str
    participants: list[str]  # their own tokens, in joining order


def seed_workshop(
    db_url: str,
    people: list[tuple[str, str, dict[int, int]]],
    name: str = "Harbour & Co",
) -> Seeded:
    """A workshop with `people` as (name, role, {question index: score}); "" name = anonymous."""
    ws = WorkshopStore(url=db_url)
    token, code = ws.create_workshop(Organization(name=name))
    view = ws.facilitator(token)
    assert view is not None
    tokens = []
    for i, (person, role, answers) in enumerate(people):
        own = ws.join(code, name=person, role=role, client_key=f"seed-{token[:8]}-{i}")
        ws.save_answers(own, {FW.questions[q].id: Answer(choice=c) for q, c in answers.items()})
        tokens.append(own)
    ws.engine.dispose()
    return Seeded(token, view.room_token, code, tokens)


def answer(db_url: str, participant: str, index: int, score: int) -> None:
    ws = WorkshopStore(url=db_url)
    ws.save_answers(participant, {FW.questions[index].id: Answer(choice=score)})
    ws.engine.dispose()
