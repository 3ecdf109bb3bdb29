"""One PDF per sector from the same answers (River Trust's, the sector changed): its "Your sector"
section carries the sector's notes with their sources, its plan none of its excluded steps, and
its appendix lists only the sources this report cites."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Responses
from assessment.domain.sector_ids import Sector
from assessment.domain.sectors import default_sector_content
from tests.integration.report_helpers import ParsedPdf, render, squash

FW = default_framework()
CONTENT = default_sector_content()
PERSONA = Path(__file__).parents[1] / "personas" / "river_trust.json"


def _responses(sector: Sector | None) -> Responses:
    data = json.loads(PERSONA.read_text(encoding="utf-8"))
    data["organization"]["sector_id"] = sector.value if sector else None
    if sector is None:  # else the words "Charity (environment)" are matched to a sector
        data["organization"]["sector"] = None
    return Responses.model_validate(data)


@cache
def _pdf(sector: Sector | None) -> ParsedPdf:
    return render(FW, _responses(sector))


def _appendix_sources(pdf: ParsedPdf) -> str:
    return squash(pdf.body.rsplit("A.5 Sources", 1)[1])


@pytest.mark.parametrize("sector", [s for s in Sector if s is not Sector.OTHER])
def test_each_sector_pdf_carries_its_notes_and_sources_not_its_excluded_steps(
    sector: Sector,
) -> None:
    profile = CONTENT.profile(sector)
    pdf = _pdf(sector)
    body = squash(pdf.body)
    assert "Yoursector" in body
    sources = {s.id: s for s in FW.sources}
    for note in profile.notes:
        src = sources[note.source]
        assert squash(note.title) in body, note.id
        assert squash(note.text) in body, note.id
        assert src.url and squash(src.url) in body, note.id  # the link, beside the note
        assert squash(src.title) in _appendix_sources(pdf), note.id
    # the excluded steps the plan would propose on these answers are absent from it
    plain = evaluate(FW, _responses(None))
    proposed = {s.id: s.title for s in plain.plan.actions + plain.plan.backlog}
    excluded = [sid for sid, c in profile.steps.items() if c.exclude and sid in proposed]
    plan_pages = squash(pdf.body.split("Your sector")[0].rsplit("Action plan", 1)[-1])
    for sid in excluded:
        assert squash(proposed[sid]) not in plan_pages, sid
        assert squash(proposed[sid]) in body  # named once, under "Steps this plan leaves out"


def test_a_report_lists_only_the_sources_it_cites() -> None:
    health, charity = _pdf(Sector.HEALTHCARE), _pdf(Sector.CHARITY)
    by_id = {s.id: s for s in FW.sources}
    health_only = {n.source for n in CONTENT.profile(Sector.HEALTHCARE).notes} - {
        n.source for n in CONTENT.profile(Sector.CHARITY).notes
    }
    assert health_only
    for sid in health_only:
        title = squash(by_id[sid].title)
        assert title in _appendix_sources(health)
        assert title not in _appendix_sources(charity)


def test_no_sector_no_section_and_no_sector_sources() -> None:
    pdf = _pdf(None)
    assert "Your sector" not in pdf.body
    for src in FW.sources:
        if src.url:  # only sector notes' sources carry a link
            assert squash(src.title) not in _appendix_sources(pdf), src.id
