"""The workshop pages through AppTest: the facilitator's dashboard, the room view and a
participant's page.

Each test has its own SQLite file (READINESS_DATABASE_URL); every "browser" is a new AppTest
session opened with its URL parameters, as after following a link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.app import deliverables
from assessment.app.workshops import branding, load_dashboard
from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization
from assessment.domain.workshop import Decision
from assessment.files.branding import DEFAULT_COLOUR
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


def _four(ws: WorkshopStore, code: str) -> tuple[list[str], str, str]:
    """Four participants: q0 split 0,0 against 4,4; q1 a clear majority 3,3,3,2.

    Roles of one person each (IT, Board, Legal) and one without a role: no role reaches 3."""
    q0, q1 = FW.questions[0].id, FW.questions[1].id
    people = [
        ws.join(code, HOSTILE, "IT", "ip:1"),
        ws.join(code, "", "Board", "ip:2"),
        ws.join(code, "Dana Secret", "Legal", "ip:3"),
        ws.join(code, "Eve Secret", "", "ip:4"),
    ]
    for person, (a, b) in zip(people, [(0, 3), (0, 3), (4, 3), (4, 2)], strict=True):
        ws.save_answers(person, {q0: Answer(choice=a, note="private"), q1: Answer(choice=b)})
    ws.set_finished(people[1])
    return people, q0, q1


def test_facilitator_dashboard_discusses_and_records_the_consensus(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    people, q0, q1 = _four(ws, code)
    at = open_page("workshop_facilitator", w=token)
    assert not at.exception
    shown = texts(at)
    assert "Joined 4" in shown and "Finished 1" in shown
    # names only in the private "Who is in" table, as data
    table = frame(at, "Name", "Answered")
    assert list(table["Name"]) == [HOSTILE, "(anonymous)", "Dana Secret", "Eve Secret"]
    assert HOSTILE not in "\n".join(m.value for m in at.markdown)
    # the card opens on the most disputed question: split, every option in full with its count
    card = next(s for s in at.selectbox if s.key.startswith("wf.card."))
    assert card.value == q0
    question = FW.question(q0)
    for option in question.options:
        assert option.label.replace("\\", "") in shown
    assert "Split - to discuss" in shown
    assert "Split: 2 of 4 answers (50%)" in shown
    box = next(s for s in at.selectbox if s.key == f"wf.cons.{q0}")
    assert box.value is None  # a split room gets no suggestion, never the median "2"
    assert box.options[:2] == ["0/4 · chosen by 2 people", "4/4 · chosen by 2 people"]
    assert "2/4" not in " ".join(b.label for b in at.button)

    # bulk accepting takes only the clear majority (q1), never the split question
    at = button(at, "Accept the clear majorities").click().run()
    assert not at.exception
    record = ws.consensus(token)
    assert record.decisions[q1] == Decision(choice=3, how="majority")
    assert q0 not in record.decisions

    # the room agrees on q0 after discussion, with a minority view
    at = next(s for s in at.selectbox if s.key == f"wf.cons.{q0}").set_value(4).run()
    assert not at.exception
    assert ws.consensus(token).decisions[q0].how == "room"
    at.text_area[0].input("Two see <b>no</b> plan at all")
    at = button(at, "Save the minority view").click().run()
    assert not at.exception
    assert ws.consensus(token).decisions[q0].minority_view == "Two see <b>no</b> plan at all"
    shown = texts(at)
    assert "Agreed in the room 1" in shown and "Clear majority 1" in shown
    assert "1 minority view recorded with the consensus." in shown

    # the workshop PDF, with the consultant's name: no names, no role of fewer than 3 people
    at = next(t for t in at.text_input if t.key == "wf.brand.by").input("Northlight Consulting")
    at = at.run()
    # one click: the button is there at once and nothing is built until it is clicked
    assert not [b for b in at.button if b.label.startswith("Prepare")]
    (download,) = [d for d in at.get("download_button") if d.proto.label.endswith("workshop PDF")]
    assert download.proto.deferred_file_id and not download.proto.disabled
    assert "workshop" not in at.session_state["wf.pdf"]
    # what the click builds: the deliverables use case, named after the client
    view = ws.facilitator(token)
    assert view is not None
    dash = load_dashboard(ws, FW, view)
    brand = branding("Northlight Consulting", DEFAULT_COLOUR, None).value
    assert brand is not None
    made = deliverables.workshop_report(FW, dash.summary, dash.consensus(), brand=brand)
    assert made is not None
    assert made.filename.startswith("acme-readiness-") and made.filename.endswith("-workshop.pdf")
    assert made.filename == deliverables.workshop_report_name(dash.consensus())
    pdf = ParsedPdf(made.data)
    assert "Workshop: participation and disagreement" in pdf.text
    assert "Prepared by Northlight Consulting" in pdf.text
    for secret in ("Dana Secret", "Eve Secret", "img src", "Board", "Legal"):
        assert secret not in pdf.text
    flat = " ".join(pdf.text.split())
    assert "Other roles (fewer than 3 each)" in flat  # the four pooled: 4 >= 3

    # closing stops new answers
    at = button(at, "Close the workshop").click().run()
    assert not at.exception
    assert "Closed: answers can no longer be changed." in texts(at)
    facilitator = ws.facilitator(token)
    assert facilitator is not None and not facilitator.is_open


def test_facilitator_controls_who_is_in(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    people, q0, _ = _four(ws, code)
    at = open_page("workshop_facilitator", w=token)
    # remove participant 3: a confirmation first
    form_box = next(s for s in at.selectbox if s.label == "Remove a participant")
    form_box.set_value(3)
    at = button(at, "Remove").click().run()
    assert not at.exception
    assert len(ws.participants(token)) == 4  # not without the box ticked
    next(s for s in at.selectbox if s.label == "Remove a participant").set_value(3)
    next(c for c in at.checkbox if c.label.startswith("Delete their answers")).check()
    at = button(at, "Remove").click().run()
    assert not at.exception
    assert "Participant 3 was removed." in texts(at)
    assert [r.number for r in ws.participants(token)] == [1, 2, 4]
    assert ws.participant(people[2]) is None
    assert "Joined 3" in texts(at)

    # the participant limit and pausing joining
    at = at.number_input(key="wf.cap").set_value(3).run()
    assert not at.exception
    view = ws.facilitator(token)
    assert view is not None and view.max_participants == 3
    at = button(at, "Pause joining").click().run()
    assert not at.exception
    view = ws.facilitator(token)
    assert view is not None and not view.joining_open
    assert "Joining is paused: nobody new can join." in texts(at)
    join = open_page("workshop_join", code=code)
    join = next(b for b in join.button if b.label == "Join the workshop").click().run()
    assert "Joining this workshop is paused" in texts(join)
    at = button(at, "Open joining again").click().run()
    join = open_page("workshop_join", code=code)
    join = next(b for b in join.button if b.label == "Join the workshop").click().run()
    assert "This workshop is full" in texts(join)  # 3 of 3

    # a blind round: the room view hides the answers until revealed
    at = at.toggle(key="wf.blind").set_value(True).run()
    assert not at.exception
    view = ws.facilitator(token)
    assert view is not None and view.blind and not view.revealed


def test_room_view_shows_no_names_and_records_on_the_card(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme <Ltd>"))
    people, q0, q1 = _four(ws, code)
    ws.save_answers(people[0], {q0: Answer(choice=0, note="We <b>never</b> post")})
    ws.share_note(people[0], q0, shared=True)
    view = ws.facilitator(token)
    assert view is not None
    at = open_page("workshop_room", r=view.room_token)
    assert not at.exception
    # joining open: the code and the QR code, how many joined, nothing personal
    assert any(view.join_code[:4] in h.proto.body for h in at.get("html"))
    assert len(at.get("image")) == 1
    assert "Acme <Ltd>" in [t.value for t in at.text]
    everything = texts(at) + " ".join(b.label for b in at.button)
    for secret in (token, view.consensus_id, "Dana Secret", "Eve Secret", "Legal", "Board"):
        assert secret not in everything
    at = button(at, "Start the discussion").click().run()
    assert not at.exception
    view = ws.facilitator(token)
    assert view is not None and view.joining_open  # latecomers still join: the code stays
    assert any("corner-code" in h.proto.body for h in at.get("html"))
    shown = texts(at)
    # q0 (split), then q1 (majority): the count says what it includes
    assert "Question **1** of **2** to discuss: 1 split, 1 clear majority with" in shown
    assert FW.question(q0).text in shown
    assert "“We <b>never</b> post”" in [t.value for t in at.text]  # shared, as text
    assert "private" not in shown  # notes nobody shared stay private
    for secret in ("Dana Secret", "Eve Secret", HOSTILE):
        assert secret not in shown
    # the consensus right there on the card
    at = next(s for s in at.selectbox if s.key == f"room.cons.{q0}").set_value(0).run()
    assert not at.exception
    assert ws.consensus(token).decisions[q0] == Decision(choice=0, how="room")
    at = button(at, "Next").click().run()
    assert FW.question(q1).text in texts(at)
    at = button(at, "Accept 3/4").click().run()
    assert not at.exception
    assert ws.consensus(token).decisions[q1] == Decision(choice=3, how="room")

    # a re-vote keeps the first round; the second is shown on request
    at = button(at, "Vote again on this question").click().run()
    assert not at.exception
    assert "Second round in progress" in texts(at)
    ws.save_answers(people[3], {q1: Answer(choice=3)})
    at = button(at, "Show the second round").click().run()
    shown = texts(at)
    assert "First round (clear majority): 3/4: 3 · 2/4: 1" in shown
    assert "4 of 4 answers (100%)" in shown


def test_room_view_blind_round_and_unknown_link(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    _, q0, _ = _four(ws, code)
    view = ws.facilitator(token)
    assert view is not None
    ws.set_joining(token, joining_open=False)
    ws.set_blind(token, blind=True)
    at = open_page("workshop_room", r=view.room_token)
    assert not at.exception
    assert "Answers stay hidden until everyone has finished" in texts(at)
    assert FW.question(q0).text not in texts(at)
    at = button(at, "Show the answers now").click().run()
    assert not at.exception
    assert FW.question(q0).text in texts(at)
    # a facilitator link is not a room link, and the room page says where to find it
    at = open_page("workshop_room", r=token)
    assert "Open the room view from your facilitator page" in texts(at)


def responses_uploader(at: AppTest):  # type: ignore[no-untyped-def]
    """The Import tab's uploader (the Report tab has one for the logo)."""
    return next(u for u in at.file_uploader if u.label == "Responses file")


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
    responses_uploader(at).set_value(("responses.csv", data, "text/csv"))
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
    assert responses_uploader(at).value is None  # a fresh uploader: the file cannot be added twice
    assert "Check before importing" not in texts(at)
    assert "Joined 5" in texts(at)


def test_facilitator_import_refuses_a_zip_with_advice(ws: WorkshopStore) -> None:
    token, _ = ws.create_workshop(Organization(name="Acme"))
    name, data = google_forms_zip(FW)
    at = open_page("workshop_facilitator", w=token)
    at = responses_uploader(at).set_value((name, data, "application/zip")).run()
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
    ws.save_answers(other, {FW.questions[0].id: Answer(choice=0, note="sam's private note")})
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
    ws.save_answers(ptoken, {FW.questions[0].id: Answer(choice=2)})
    at = open_page("workshop_join", p=ptoken)
    assert len(at.radio) > 0
    ws.set_open(token, is_open=False)
    # a save racing the close is refused and kept as "not saved"; the page then shows closed
    at = at.radio[0].set_value(4).run()
    assert not at.exception
    assert own_answers(ws, ptoken)[FW.questions[0].id].choice == 2
    at.run()
    assert "closed this workshop" in texts(at)
    assert len(at.radio) == 0


def test_participant_shares_a_note_and_is_asked_to_vote_again(ws: WorkshopStore) -> None:
    token, code = ws.create_workshop(Organization(name="Acme"))
    ptoken = ws.join(code, "Ann", "IT")
    qid = FW.questions[0].id
    ws.save_answers(ptoken, {qid: Answer(choice=2, note="Only in <b>campaigns</b>")})
    at = open_page("workshop_join", p=ptoken)
    assert not at.exception
    box = next(c for c in at.checkbox if c.key == f"wj.share.{qid}")
    assert box.value is False  # private unless ticked
    assert "Only in <b>campaigns</b>" in [t.value for t in at.text]
    at = box.check().run()
    assert not at.exception
    assert ws.participants(token)[0].shared == frozenset({qid})
    ws.start_revote(token, qid, room_ok=False)
    at = open_page("workshop_join", p=ptoken)
    assert "The room votes again on this question." in texts(at)
    at = button(at, "Go to this question").click().run()
    assert not at.exception


def test_unknown_participant_link(ws: WorkshopStore) -> None:
    at = open_page("workshop_join", p="y" * 43)
    assert not at.exception
    assert "Workshop link not found" in texts(at)


def test_the_participant_table_offers_no_formula_to_a_spreadsheet(ws: WorkshopStore) -> None:
    """Streamlit's own "Download as CSV" writes the frame shown: its cells must be safe."""
    token, code = ws.create_workshop(Organization(name="Acme"))
    ws.join(code, '=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0")
    ws.join(code, "@SUM(1)", "-2+3")
    ws.join(code, "Ann", "IT")
    at = open_page("workshop_facilitator", w=token)
    assert not at.exception
    table = frame(at, "Name", "Role")
    cells = [str(v) for column in ("Name", "Role") for v in table[column]]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], cells
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "Ann" in cells


def test_every_facilitator_table_offers_no_formula_to_a_spreadsheet(ws: WorkshopStore) -> None:
    """ "Where roles differ" (role names) and "All questions" (minority views) go through the
    same helper as the participant table: Streamlit's "Download as CSV" writes them as shown."""
    token, code = ws.create_workshop(Organization(name="Acme"))
    q0 = FW.questions[0].id

    def everything(choice: int) -> dict[str, Answer | None]:
        return {q.id: Answer(choice=choice) for q in FW.questions}

    high, low = '=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0"
    for n in range(3):  # roles of 3 people each, so "Where roles differ" shows them
        ws.save_answers(ws.join(code, f"H{n}", high, f"ip:h{n}"), everything(4))
        ws.save_answers(ws.join(code, f"L{n}", low, f"ip:l{n}"), everything(0))
    ws.record_decisions(token, {q0: 2}, minority_view="@SUM(1) see it otherwise")
    at = open_page("workshop_facilitator", w=token)
    assert not at.exception
    gaps = frame(at, "Highest role", "Lowest role")
    roles = [str(v) for column in ("Highest role", "Lowest role") for v in gaps[column]]
    assert roles and not [r for r in roles if r.startswith(("=", "+", "-", "@"))], roles
    assert "'" + high in roles and "'" + low in roles
    views = [str(v) for v in frame(at, "Question", "Minority view")["Minority view"]]
    assert "'@SUM(1) see it otherwise" in views
    assert not [v for v in views if v.startswith(("=", "+", "-", "@"))], views
    assert isinstance(gaps["Gap"].iloc[0], float | int)  # numbers stay numbers


def test_facilitator_sees_the_spread_narrowed_since_an_earlier_workshop(ws: WorkshopStore) -> None:
    def workshop(choices: list[int]) -> str:
        token, _ = ws.create_workshop(Organization(name="Glow"))
        ws.import_participants(
            token,
            [
                (f"P{i}", "Marketing", {q.id: Answer(choice=c) for q in FW.questions})
                for i, c in enumerate(choices)
            ],
        )
        return token

    earlier, later = workshop([0, 2, 4, 4]), workshop([3, 3, 3, 4])
    at = open_page("workshop_facilitator", w=later)
    box = next(t for t in at.text_input if t.label == "The earlier workshop's facilitator link")
    at = box.input(f"http://localhost/facilitate?w={earlier}").run()
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "The group's spread" in list(d.value.columns))
    assert list(table["The group's spread"]) == ["narrowed"] * len(FW.dimensions)
    at = box.input(later).run()
    assert "That is this workshop" in at.error[0].value
