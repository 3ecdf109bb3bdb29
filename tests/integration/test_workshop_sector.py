"""A workshop's sector: the start page's choice, old free text still loading, and the workshop
report in the sector's words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from assessment.app import deliverables
from assessment.app.workshops import create_workshop, load_dashboard
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer
from assessment.domain.sector_ids import Sector
from assessment.store import WorkshopStore
from assessment.store.db import assessments
from assessment.ui.sector import sector_line

from .report_helpers import ParsedPdf

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
FW = default_framework()


@pytest.fixture
def ws(db_url: str) -> WorkshopStore:
    return WorkshopStore(url=db_url)


def _view(ws: WorkshopStore, token: str | None):  # type: ignore[no-untyped-def]
    assert token is not None
    view = ws.facilitator(token)
    assert view is not None
    return view


def test_the_sector_is_the_start_pages_choice(ws: WorkshopStore) -> None:
    chosen = create_workshop(ws, "St Mary's", sector_id=Sector.HEALTHCARE).value
    org = _view(ws, chosen).organization
    assert (org.sector_id, org.sector) == (Sector.HEALTHCARE, "Healthcare")
    assert sector_line(org) == "Sector: Healthcare"
    other = create_workshop(ws, "Widgets Ltd", "Widget makers", sector_id=Sector.OTHER).value
    org = _view(ws, other).organization
    assert (org.sector_id, org.sector) == (Sector.OTHER, "Widget makers")
    assert sector_line(org) == "Sector: Other (Widget makers)"
    words = create_workshop(ws, "Town", "Borough council").value  # words alone: matched
    assert _view(ws, words).organization.sector_id == Sector.LOCAL_GOVERNMENT
    assert _view(ws, create_workshop(ws, "None").value).organization.sector_id is None
    assert create_workshop(ws, "Long", "x" * 201).problems  # one line, nothing created


@pytest.mark.parametrize(
    ("words", "sector"),
    [("NHS hospital trust", Sector.HEALTHCARE), ("Quarrying", Sector.OTHER)],
)
def test_a_workshop_saved_with_free_text_still_loads(
    ws: WorkshopStore, words: str, sector: Sector
) -> None:
    token = create_workshop(ws, "Old").value
    old = json.dumps({"name": "Old", "sector": words})  # as stored before the choice existed
    with ws.engine.begin() as conn:
        conn.execute(update(assessments).values(organization=old))
    org = _view(ws, token).organization
    assert (org.sector_id, org.sector) == (sector, words)


def test_the_workshop_report_reads_in_the_sector(ws: WorkshopStore) -> None:
    token = create_workshop(ws, "Eastbrook", sector_id=Sector.HEALTHCARE).value
    view = _view(ws, token)
    for i in range(3):
        person = ws.join(view.join_code, f"P{i}", "Ward", f"ip:{i}")
        ws.save_answers(person, {q.id: Answer(choice=0) for q in FW.questions})
    dash = load_dashboard(ws, FW, _view(ws, token))
    consensus = dash.consensus()
    ev = evaluate(FW, consensus)
    assert ev.sector is not None and ev.sector.sector == Sector.HEALTHCARE
    ids = {s.id for s in ev.plan.actions + ev.plan.backlog}
    assert "accountability.public_accountability" not in ids
    report = deliverables.workshop_report(FW, dash.summary, consensus)
    assert report is not None
    text = ParsedPdf(report.data).squashed
    assert "Yoursector" in text and "Patientsleftunanswered" in text
    assert "Customersleftunanswered" not in text


def test_the_facilitator_chooses_the_sector_from_the_list(ws: WorkshopStore) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at = at.switch_page("assessment/ui/pages/workshop_facilitator.py").run()
    assert not at.exception
    at.text_input[0].input("Harbour Council")
    at.selectbox(key="wf.create.sector_id").set_value(Sector.LOCAL_GOVERNMENT)
    at = at.button[0].click().run()
    assert not at.exception
    w = at.query_params["w"]
    view = _view(ws, w[0] if isinstance(w, list) else w)
    assert view.organization.sector_id == Sector.LOCAL_GOVERNMENT
    assert "Sector: Local government" in [t.value for t in at.text]
