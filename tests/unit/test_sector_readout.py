"""The readout's sector section: name, people word, notes with their sources, steps left out."""

from __future__ import annotations

import pytest

from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.sector_ids import SECTOR_LABELS, Sector
from assessment.domain.sectors import SECTOR_METHOD, default_sector_content
from assessment.readout.build import build_readout
from tests.builders import responses

FW = default_framework()
CONTENT = default_sector_content()
CHOSEN = [s for s in Sector if s is not Sector.OTHER]


@pytest.mark.parametrize("sector", CHOSEN)
def test_the_readout_shows_the_sector_its_notes_and_what_it_left_out(sector: Sector) -> None:
    profile = CONTENT.profile(sector)
    # no size: the backlog is not cut to the organisation's size (issue 19), so every step the
    # profile excludes was a candidate and is listed as left out
    ev = evaluate(FW, responses(0, sector_id=sector))
    out = build_readout(FW, ev).sector
    assert out is not None
    assert out.label == SECTOR_LABELS[sector]
    assert out.people == profile.people.plural
    assert profile.people.plural in out.intro
    sources = {s.id: s for s in FW.sources}
    assert [n.title for n in out.notes] == [n.title for n in profile.notes]
    for line, note in zip(out.notes, profile.notes, strict=True):
        src = sources[note.source]
        assert (line.source.publisher, line.source.url) == (src.publisher, src.url)
        assert src.url and src.url in line.source.citation
        assert line.source.country and line.source.country in line.source.citation
    excluded = {sid: c.reason for sid, c in profile.steps.items() if c.exclude}
    titles = {a.id: a.title for a in FW.actions}
    # all 0, no size: every excluded step a shop would be given at these answers is listed
    shop = evaluate(FW, responses(0, sector_id=Sector.OTHER)).plan
    proposed = {s.id for s in shop.actions + shop.backlog}
    assert {x.id for x in out.left_out} == set(excluded) & proposed
    for x in out.left_out:
        assert x.reason == excluded[x.id] and x.title == titles[x.id]
    assert out.method == SECTOR_METHOD
    assert len(out.sources) == len({n.source for n in profile.notes})


def test_no_sector_shows_no_section_and_other_says_what_a_sector_changes() -> None:
    assert build_readout(FW, evaluate(FW, responses(0))).sector is None
    other = build_readout(FW, evaluate(FW, responses(0, sector_id=Sector.OTHER))).sector
    assert other is not None and not other.left_out
    (note,) = other.notes
    assert note.title == "What your sector may change"
    assert "regulator or professional body" in note.text and note.source.url.startswith("https://")


def test_professional_services_notes_name_their_regulators() -> None:
    out = build_readout(FW, evaluate(FW, responses(0, sector_id=Sector.PROFESSIONAL_SERVICES)))
    assert out.sector is not None
    publishers = {n.source.publisher for n in out.sector.notes}
    assert "Solicitors Regulation Authority" in publishers
    assert any(p.startswith("ICAEW") for p in publishers)
    assert all(n.source.country for n in out.sector.notes)


def test_the_wizard_hint_suggests_not_applicable_and_leaves_the_answer_to_the_user() -> None:
    from assessment.readout.sector import question_hint

    council = CONTENT.profile(Sector.LOCAL_GOVERNMENT).questions
    suggested = [q for q, g in council.items() if g.suggest_not_applicable]
    noted = [q for q, g in council.items() if g.note]
    assert suggested and noted
    for qid in suggested:
        hint = question_hint(Sector.LOCAL_GOVERNMENT, qid)
        assert hint is not None
        assert council[qid].suggest_not_applicable in hint.suggestion  # type: ignore[operator]
        assert '"Not applicable"' in hint.suggestion and "Your answer decides" in hint.suggestion
        assert question_hint(Sector.RETAIL_ECOMMERCE, qid) is None  # retail sells: no hint
    for qid in noted:
        hint = question_hint(Sector.LOCAL_GOVERNMENT, qid)
        assert hint is not None and hint.note == council[qid].note
    assert question_hint(None, suggested[0]) is None


def test_the_decision_is_asked_of_whoever_decides_there():
    """A board for a company; the owners of a 6-person firm; a club's committee; a charity's
    trustees; a law firm's partners; a council's leadership."""
    from assessment.domain.evaluation import evaluate
    from assessment.readout.build import build_readout
    from tests.builders import responses
    from tests.strategies import FW

    def title(sector: str | None, size: str | None) -> str:
        r = responses(1, name="X", size=size)
        org = r.organization.model_copy(update={"sector_id": sector})
        ev = evaluate(FW, r.model_copy(update={"organization": org}))
        return build_readout(FW, ev).verdict.decision_title

    assert title("b2b", "250-999 people") == "Decision asked of the board"
    assert title("retail_ecommerce", "1-9 people") == "Decision asked of the owners"
    assert title("membership_sports", "10-49 people") == "Decision asked of the committee"
    assert title("charity", "1-9 people") == "Decision asked of the trustees"
    assert title("professional_services", "50-249 people") == "Decision asked of the partners"
    assert title("local_government", "1,000 or more") == "Decision asked of the leadership"
