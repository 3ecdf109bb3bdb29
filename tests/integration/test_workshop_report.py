"""The workshop PDF a client receives: it leads with the workshop and names nobody."""

from __future__ import annotations

import re

from assessment.app import workshops as service
from assessment.domain.models import Answer, Organization
from assessment.domain.workshop import Decision, Participant, consensus_from_suggestions, summarize
from tests.builders import FW, responses

from .report_helpers import ParsedPdf

ORG = Organization(name="Harbour Savings")
NAMES = ["Ann Lee", "Bob Okafor", "Cy Dubois", "Dee Marsh", "Eve Novak"]
ROLES = ["Marketing", "Marketing", "Marketing", "IT", "Legal"]
SPLIT = FW.questions[0].id
MINORITY = "Legal thinks the complaints routine is untested."


def _participants() -> list[Participant]:
    people = []
    for i, (name, role) in enumerate(zip(NAMES, ROLES, strict=True)):
        # question 0 splits the room (0, 0, 4, 4, 2); every other question: 2 or 3
        given = {q.id: Answer(choice=2 + (i + j) % 2) for j, q in enumerate(FW.questions)}
        given[SPLIT] = Answer(choice=[0, 0, 4, 4, 2][i])
        people.append(
            Participant(
                key=str(i + 1), label=name, role=role, finished=i < 4, responses=responses(given)
            )
        )
    return people


def _pdf() -> ParsedPdf:
    agreed = FW.questions[1].id
    decisions = {agreed: Decision(choice=3, minority_view=MINORITY)}
    summary = summarize(FW, _participants(), decisions)
    consensus = consensus_from_suggestions(summary, ORG, {agreed: Answer(choice=3)})
    return ParsedPdf(service.workshop_pdf(FW, summary, consensus))


def test_the_summary_leads_with_the_workshop_and_the_split_stays_open() -> None:
    pdf = _pdf()
    summary_page = " ".join(next(p for p in pdf.pages if "The workshop:" in p).split())
    assert "5 people took part: 4 finished" in summary_page
    assert "1 agreed in the room" in summary_page
    assert "split and still to discuss" in summary_page
    assert "Split - to discuss" in pdf.text  # the split question's row says so, not "not set"
    assert MINORITY in pdf.squashed or MINORITY.replace(" ", "") in pdf.squashed


def test_no_name_and_no_group_under_three_reaches_the_client() -> None:
    pdf = _pdf()
    for name in NAMES:
        for part in name.split():
            assert not re.search(rf"\b{part}\b", pdf.text), part
    workshop = pdf.body.split("Who took part", 1)[1]
    assert "Marketing" in workshop  # three people: shown
    assert "IT" not in workshop.split("Agreement per dimension")[0]  # one person: pooled away
    assert "Legal" not in workshop.split("Agreement per dimension")[0]
