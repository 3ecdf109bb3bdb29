"""The app shows the sector: a "Your sector" section on Results (notes with their sources, steps
left out) and, in the wizard, a sector's note and "Not applicable" suggestion under a question,
which answers nothing for the user."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.domain.content import default_framework
from assessment.domain.sector_ids import Sector
from assessment.domain.sectors import default_sector_content
from assessment.store import AssessmentStore
from tests.builders import responses
from tests.helpers import page_texts as texts

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "assessment/ui/pages"
FW = default_framework()
CONTENT = default_sector_content()


def _open(aid: str, page: str, step: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = aid
    if step:
        at.query_params["step"] = step
    return at.run().switch_page(f"{PAGES}/{page}.py").run()


def test_results_show_the_council_its_sector_notes_and_sources(db_url: str) -> None:
    store = AssessmentStore(url=db_url)
    aid = store.import_responses(
        responses(0, name="Northshire Council", sector_id=Sector.LOCAL_GOVERNMENT)
    )
    at = _open(aid, "results")
    assert not at.exception
    page = texts(at)
    assert "Your sector" in page
    sources = {s.id: s for s in FW.sources}
    for note in CONTENT.profile(Sector.LOCAL_GOVERNMENT).notes:
        assert note.title in page and note.text in page, note.id
        assert sources[note.source].publisher in page, note.id
    assert "Steps this plan leaves out" in page


def test_the_wizard_suggests_not_applicable_to_a_council_and_answers_nothing(db_url: str) -> None:
    store = AssessmentStore(url=db_url)
    aid = store.import_responses(
        responses(None, name="Northshire Council", sector_id="local_government")
    )
    step = str(next(i for i, d in enumerate(FW.dimensions, 1) if d.id == "participant_rewards"))
    at = _open(aid, "wizard", step)
    assert not at.exception
    guidance = CONTENT.profile(Sector.LOCAL_GOVERNMENT).questions
    suggestion = guidance["participant_rewards.discount_rules"].suggest_not_applicable
    assert suggestion and suggestion in texts(at)
    saved = store.load(aid)
    assert saved is not None and saved.answers == {}  # a suggestion, not an answer
