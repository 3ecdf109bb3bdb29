"""Evidence quoted as the seeds say it, and one honest line on its age, geography and quality."""

from __future__ import annotations

from assessment.domain.evidence import evidence_note, evidence_years
from tests.strategies import FW


def test_evidence_note_gives_age_geography_and_quality():
    note = evidence_note(FW)
    assert evidence_years(FW) == (2008, 2015)
    assert "2008 to 2015" in note and "Americans" in note and "machine-spun" in note


def _texts() -> str:
    parts = []
    for d in FW.dimensions:
        parts += [d.why_it_matters, *(e.claim for e in d.evidence)]
    parts += [q.help for q in FW.questions] + [a.what for a in FW.actions]
    return " ".join(" ".join(parts).split())


def test_the_misquotes_of_the_issue_are_gone():
    text = _texts()
    assert "CrowdFactory's CEO" not in text  # the 15 percent line is the journalist's
    assert '"anyone can act as a spokesperson' not in text  # reported speech, not a quote
    assert '"monitoring employees to ensure appropriate conduct' not in text
    assert "they trust each other far more than they trust advertising" not in text
    accountability = FW.dimension("accountability")
    assert not any("StrongMail" in e.claim for e in accountability.evidence)
