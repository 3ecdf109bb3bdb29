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


def test_the_method_carries_the_evidence_line_and_no_removed_or_unsourced_claim() -> None:
    from assessment.domain.content import default_framework
    from assessment.domain.evidence import evidence_note
    from assessment.readout.method import describe_method

    fw = default_framework()
    text = " ".join(p for s in describe_method(fw, workshop=False) for p in s.paragraphs)
    assert evidence_note(fw) in text
    assert "Today: ... Next:" not in text and "next step" not in text
    assert "talking before listening" not in text
    assert "autopilot" in text and "due within 14 days" in text


def test_find_out_first_says_blank_only_when_some_are_blank() -> None:
    from assessment.readout.wording import find_out_text

    assert "left blank" not in find_out_text(3, 0) and "count as 0" in find_out_text(3, 0)
    assert find_out_text(1, 0).startswith('1 question was answered "Don\'t know"')
    both = find_out_text(4, 1)
    assert 'answered "Don\'t know" or left blank (1 blank)' in both
    assert "a blank is left out of the score" in both
