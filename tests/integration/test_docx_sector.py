"""The Word report's "Your sector" section: each note with its source and link, the excluded
steps named with their reason, and an appendix that lists only the sources this report cites."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from assessment.bundle.docx_report import build_docx
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Responses
from assessment.domain.sector_ids import Sector
from assessment.domain.sectors import default_sector_content
from assessment.files.branding import NO_BRAND

FW = default_framework()
CONTENT = default_sector_content()
PERSONA = Path(__file__).parents[1] / "personas" / "river_trust.json"


def _paragraphs(sector: Sector | None) -> list[str]:
    data = json.loads(PERSONA.read_text(encoding="utf-8"))
    data["organization"]["sector_id"] = sector.value if sector else None
    if sector is None:
        data["organization"]["sector"] = None
    ev = evaluate(FW, Responses.model_validate(data))
    document = docx.Document(io.BytesIO(build_docx(FW, ev, NO_BRAND)))
    return [p.text for p in document.paragraphs]


@pytest.mark.parametrize(
    "sector", [Sector.HEALTHCARE, Sector.LOCAL_GOVERNMENT, Sector.RETAIL_ECOMMERCE]
)
def test_the_docx_has_the_sector_notes_with_their_sources(sector: Sector) -> None:
    paras = _paragraphs(sector)
    text = "\n".join(paras)
    start = paras.index("Your sector")
    section = "\n".join(paras[start : paras.index("Appendix", start)])
    appendix = "\n".join(paras[paras.index("A.4 Sources") :])
    sources = {s.id: s for s in FW.sources}
    profile = CONTENT.profile(sector)
    assert profile.notes
    for note in profile.notes:
        src = sources[note.source]
        assert note.title in section and note.text in section
        assert src.url and src.url in section and src.publisher in section
        assert src.title in appendix
    others = {n.source for s in Sector for n in CONTENT.profile(s).notes}
    for sid in others - {n.source for n in profile.notes}:
        assert sources[sid].title not in appendix, sid
    assert "Your sector" in text


def test_no_sector_no_section() -> None:
    assert "Your sector" not in _paragraphs(None)
