"""The workshop pages through AppTest: the facilitator's dashboard and a participant's page.

Each test has its own SQLite file (READINESS_DATABASE_URL); every "browser" is a new AppTest
session opened with its URL parameters, as after following a link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content import default_framework
from assessment.models import Answer, Organization
from assessment.store import WorkshopStore
from assessment.ui.workshop_facilitator import qr_png
from tests.export_shapes import csv_bytes, google_forms_zip
from tests.helpers import own_answers
from tests.helpers import page_texts as texts

from .report_helpers import ParsedPdf

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "assessment/ui/pages"
FW = default_framework()
HOSTILE = "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))"


@pytest.fixture
def ws(db_url: str) -> WorkshopStore:
    return WorkshopStore(url=db_url)


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(f"{PAGES}/{page}.py").run()


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label.startswith(label))


# ----------------------------------------------------------------------------- facilitator


def test_facilitator_creates_a_workshop_and_sees_code_link_and_qr(ws: WorkshopStore) -> None:
    at = open_page("workshop_facilitator")
    assert not at.exception
    at.text_input[0].input("Harbour & Co <Ltd>")
    at = at.button[0].click().run()
    assert not at.exception
    token = (
        at.query_params["w"][0] if isinstance(at.query_params["w"], list) else at.query_params["w"]
    )
    view = ws.facilitator(token)
    assert view is not None and view.organization.name == "Harbour & Co <Ltd>"
    shown = texts(at)
    assert f"{view.join_code[:4]}-{view.join_code[4:]}" in shown
    assert "Organisation: Harbour & Co <Ltd>" in [t.value for t in at.text]
    assert any("/join?code=" in c.value for c in at.code)
    assert any(token in c.value for c in at.code)  # the private link, in its expander
    assert len(at.get("image")) == 1  # the QR code, drawn by segno as a PNG
    assert qr_png("http://x/join?code=A").startswith(b"\x89PNG")
    assert "No answers yet" in shown


def test_facilitator_dashboard_shows_participants_disputes_and_records_consensus(
    ws: WorkshopStore, built_pdfs: list[bytes]
) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    q0, q1 = FW.questions[0], FW.questions[1]
    ann = ws.join(code, HOSTILE, "IT")
    bob = ws.join(code, "", "Marketing")
    ws.save_answers(ann, {q0.id: Answer(choice=0), q1.id: Answer(choice=3)})
    ws.save_answers(bob, {q0.id: Answer(choice=4), q1.id: Answer(choice=3)})
    ws.set_finished(bob)

    at = open_page("workshop_facilitator", w=token)
    assert not at.exception
    shown = texts(at)
    assert "Joined 2" in shown and "Finished 1" in shown
    # the disputed question comes with its median suggestion; names appear only as data
    assert q0.text in shown
    assert "median suggestion: 2/4" in shown.replace("\\", "")
    assert HOSTILE not in "\n".join(m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert list(table["Name"]) == [HOSTILE, "(anonymous)"]
    assert list(table["Role"]) == ["IT", "Marketing"]
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 3  # spread, heatmap, a distribution

    # consensus: take the medians, then change one answer by hand
    at = button(at, "Use the median").click().run()
    assert not at.exception
    view = ws.facilitator(token)
    assert view is not None
    consensus = ws.assessments.load(view.consensus_id)
    assert consensus is not None
    assert consensus.answers[q0.id].choice == 2 and consensus.answers[q1.id].choice == 3
    box = next(s for s in at.selectbox if s.key == f"wf.cons.{q0.id}")
    at = box.set_value(4).run()
    assert not at.exception
    consensus = ws.assessments.load(view.consensus_id)
    assert consensus is not None and consensus.answers[q0.id].choice == 4

    # the workshop PDF is prepared on request, then offered for download
    downloads = [d.proto.label for d in at.get("download_button")]
    assert "Download the workshop PDF" not in downloads and built_pdfs == []
    at = button(at, "Prepare the workshop PDF").click().run()
    assert not at.exception
    assert "Download the workshop PDF" in [d.proto.label for d in at.get("download_button")]
    assert len(built_pdfs) == 1
    # two agreed answers assess no dimension: the workshop PDF claims no level
    pdf = ParsedPdf(built_pdfs[0])
    assert "Acme" in pdf.pages[0]
    assert "Provisional" in pdf.pages[0] and "Level None" not in pdf.text
    workshop = pdf.body.split("Agreement per dimension", 1)[1]
    assert "not yet" in workshop and "Consensus" in workshop

    # closing stops new answers
    at = button(at, "Close the workshop").click().run()
    assert not at.exception
    assert "Closed: answers can no longer be changed." in texts(at)
    facilitator = ws.facilitator(token)
    assert facilitator is not None and not facilitator.is_open


def frame(at: AppTest, *columns: str):  # type: ignore[no-untyped-def]
    """The data frame on the page that has these columns."""
    return next(df.value for df in at.dataframe if set(columns) <= set(df.value.columns))


def test_facilitator_import_previews_then_saves_on_confirm(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    ws.join(code, "Ann Lee", "IT")
    q0, q1 = FW.questions[0], FW.questions[1]
    data = csv_bytes(
        [
            ["Timestamp", "Name", "Role", f"1. {q0.text}", q1.id],
            ["2024", HOSTILE, "Sales", q0.options[3].label, "2"],
            ["2024", "Bob", "IT", "maybe", "2"],
            ["2024", "ann lee", "Ops", "1", "Don't know"],
            ["2024", "Cy", "Ops", "4", "4"],
            ["2024", "cy", "Ops", "3", "3"],
        ],
        delimiter=";",
    )
    at = open_page("workshop_facilitator", w=token)
    at.file_uploader[0].set_value(("responses.csv", data, "text/csv"))
    at = at.run()
    assert not at.exception
    shown = texts(at)
    assert "Check before importing" in shown
    assert "responses.csv: CSV, UTF-8, semicolon-separated; question headings in row 1." in shown
    assert "Respondents to import 4" in shown and "Rows to skip 1" in shown
    columns = frame(at, "Matched by")
    assert list(columns["Column"]) == ["D", "E"]
    assert list(columns["Question"]) == [q0.id, q1.id]
    assert list(columns["Matched by"]) == ["numbered or coded", "question id"]
    assert list(frame(at, "Why")["Heading"]) == ["Timestamp"]
    skipped = frame(at, "Problem")
    assert list(skipped["Row"]) == [3]
    assert "column D" in skipped["Problem"][0] and "'maybe'" in skipped["Problem"][0]
    duplicates = frame(at, "Note")
    assert list(duplicates["Name"]) == ["Cy", "ann lee"]
    assert list(duplicates["Note"]) == ["on several rows", "already in this workshop"]
    assert list(frame(at, "Row", "Answered")["Name"]) == [HOSTILE, "ann lee", "Cy", "cy"]
    assert HOSTILE not in "\n".join(m.value for m in at.markdown)
    assert len(ws.participants(token)) == 1  # nothing saved before the confirmation

    at = button(at, "Import 4 respondents, skip 1 rows").click().run()
    assert not at.exception
    records = ws.participants(token)
    assert [r.name for r in records] == ["Ann Lee", HOSTILE, "ann lee", "Cy", "cy"]
    assert records[1].responses.answers[q0.id].choice == 3
    assert "Imported 4 respondents from responses.csv; 1 rows were skipped." in texts(at)
    assert at.file_uploader[0].value is None  # a fresh uploader: the file cannot be added twice
    assert "Check before importing" not in texts(at)
    assert "Joined 5" in texts(at)


def test_facilitator_import_refuses_a_zip_with_advice(ws: WorkshopStore) -> None:
    token, _ = ws.create_workshop(Organization(name="Acme"))
    name, data = google_forms_zip(FW)
    at = open_page("workshop_facilitator", w=token)
    at = at.file_uploader[0].set_value((name, data, "application/zip")).run()
    assert not at.exception
    assert "This file cannot be imported:" in texts(at)
    assert any("this is a zip archive" in t.value and name in t.value for t in at.text)
    assert not [b for b in at.button if b.label.startswith("Import")]


def test_unknown_facilitator_link(ws: WorkshopStore) -> None:
    at = open_page("workshop_facilitator", w="x" * 43)
    assert not at.exception
    assert "Workshop not found" in texts(at)


# ----------------------------------------------------------------------------- participant


def test_participant_joins_answers_and_comes_back(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme <b>"))
    at = open_page("workshop_join", code=code)
    assert not at.exception
    at.text_input[1].input(HOSTILE)
    at.selectbox[0].set_value("Customer service")
    at = next(b for b in at.button if b.label == "Join the workshop").click().run()
    assert not at.exception
    p = at.query_params["p"]
    ptoken = p[0] if isinstance(p, list) else p
    access = ws.participant(ptoken)
    assert access is not None and access.name == HOSTILE and access.role == "Customer service"
    shown_text = [t.value for t in at.text]
    assert f"You: {HOSTILE} · Customer service" in shown_text
    assert "Organisation: Acme <b>" in shown_text
    assert HOSTILE not in "\n".join(m.value for m in at.markdown)

    # answer the first question; it is saved at once to the participant's own assessment
    radio = at.radio[0]
    at = radio.set_value(3).run()
    assert not at.exception
    assert own_answers(ws, ptoken)[FW.questions[0].id].choice == 3

    # a new session with the link brings the answer back
    again = open_page("workshop_join", p=ptoken)
    assert not again.exception
    assert again.radio[0].value == 3
    # and the participant page shows nothing of other participants or the facilitator view
    other = ws.join(code, "Secret Sam", "IT")
    ws.save_answer(other, FW.questions[0].id, Answer(choice=0, note="sam's private note"))
    again.run()
    everything = texts(again)
    assert "Secret Sam" not in everything and "sam's private note" not in everything
    assert token not in everything and code not in everything


def test_wrong_code_is_refused_and_closed_workshop_is_read_only(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    at = open_page("workshop_join")
    at.text_input[0].input("ZZZZ-ZZZZ")
    at = next(b for b in at.button if b.label == "Join the workshop").click().run()
    assert not at.exception
    assert "No workshop has this join code" in texts(at)

    ptoken = ws.join(code, "Ann", "IT")
    ws.save_answer(ptoken, FW.questions[0].id, Answer(choice=2))
    at = open_page("workshop_join", p=ptoken)
    assert len(at.radio) > 0
    ws.close(token)
    # a save racing the close is refused and kept as "not saved"; the page then shows closed
    at = at.radio[0].set_value(4).run()
    assert not at.exception
    assert own_answers(ws, ptoken)[FW.questions[0].id].choice == 2
    at.run()
    assert "closed this workshop" in texts(at)
    assert len(at.radio) == 0


def test_unknown_participant_link(ws: WorkshopStore) -> None:
    at = open_page("workshop_join", p="y" * 43)
    assert not at.exception
    assert "Workshop link not found" in texts(at)
