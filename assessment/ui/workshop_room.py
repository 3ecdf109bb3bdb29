"""The room view: the screen the facilitator projects, at `?r=<room token>`.

Full width and large type, readable from the back of a room at 1920x1080. It shows what the
client may see (`WorkshopSummary`, which follows the anonymity rule) and nothing else: no
names, no links or tokens on the page, no per-person completion. While joining is open: the join
code, its QR code and how many have joined. Then, unless a blind round hides them, the disputed
questions one at a time, each a card with its options, counts, spread, shared notes and the
consensus right there.

The room token opens only this view (the facilitator link never appears on the projector). The
page redraws itself when something it shows changes (people join, answer, finish; a decision is
recorded on the facilitator's screen), and stays still otherwise.
"""

from __future__ import annotations

import streamlit as st

from ..app import workshops as service
from ..app.workshops import Room
from ..domain.models import Framework
from ..store import StoreError, WorkshopStore, format_join_code
from . import nav
from .state import current_boot, keep_in_url, workshop_store
from .text import md_escape
from .workshop_cards import people, question_card, status_line, watch_changes
from .workshop_facilitator import join_url, qr_png

ROOM_PARAM = "r"
CARD_PARAM = "q"

# Our own constant CSS (no user text): large type for the projector, scoped to the room.
ROOM_CSS = """
<style>
header[data-testid="stHeader"], section[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"] { display: none; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding-top: 1rem; padding-bottom: 0.5rem; padding-left: 3rem; padding-right: 3rem;
  max-width: 100%; }
.st-key-room, .st-key-room p, .st-key-room li, .st-key-room label,
.st-key-room [data-testid="stText"], .st-key-room button p,
.st-key-room [data-baseweb="select"] { font-size: 32px; line-height: 1.3; }
.st-key-room h1 { font-size: 56px; }
.st-key-room h3 { font-size: 46px; line-height: 1.2; padding: 0.2rem 0 0.4rem 0; }
.st-key-room [data-testid="stCaptionContainer"] p { font-size: 26px; }
.st-key-room input, .st-key-room textarea { font-size: 30px; }
.st-key-room .join-code { font-size: 150px; font-weight: 700; letter-spacing: 0.08em; }
.st-key-room [data-testid="stProgress"] > div > div { height: 22px; }
</style>
"""


def _header(room: Room, statuses: bool) -> None:
    p = room.summary.participation
    left, middle, right = st.columns([2, 6, 2], vertical_alignment="center")
    with left:
        st.text(room.view.organization.name)  # user text: as text, never Markdown
    if statuses:
        with middle:
            status_line(room.readout.status_counts())
    right.markdown(f"**{p.joined}** joined · **{p.finished}** finished")


def _join_panel(ws: WorkshopStore, room: Room) -> None:
    code = format_join_code(room.view.join_code)
    address = nav.without_scheme(nav.app_url(nav.JOIN))
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.markdown("Join the workshop on your phone or laptop")
        # The code uses only our alphabet (A-Z, 2-9): safe in HTML and Markdown.
        st.html(f'<div class="join-code">{code}</div>')
        st.markdown(f"Scan the code, or open **{md_escape(address)}** and type the code.")
        st.caption("Your answers are anonymous to the room: only counts are shown here.")
    with right:
        st.image(
            qr_png(join_url(room.view.join_code)),
            width=560,
            alt=f"QR code of the join link {join_url(room.view.join_code)}",
        )
    if room.view.is_open and st.button(
        "Start the discussion (stop joining)",
        key="room.start",
        type="primary",
        icon=":material/forum:",
    ):
        done = service.set_joining(ws, room.view, joining_open=False)
        if done.ok:
            st.rerun()
        for problem in done.problems:
            st.error(md_escape(problem))


def _blind_panel(ws: WorkshopStore, room: Room) -> None:
    p = room.summary.participation
    st.markdown("### Answers stay hidden until everyone has finished")
    st.markdown(f"**{p.finished}** of **{p.joined}** have finished.")
    if st.button("Show the answers now", key="room.reveal", icon=":material/visibility:"):
        done = service.reveal(ws, room.view)
        if done.ok:
            st.rerun()
        for problem in done.problems:
            st.error(md_escape(problem))


def _current_card(disputed_ids: list[str]) -> int:
    wanted = st.query_params.get(CARD_PARAM)
    return disputed_ids.index(wanted) if wanted in disputed_ids else 0


def _go(question_id: str) -> None:
    st.query_params[CARD_PARAM] = question_id


def _cards(ws: WorkshopStore, framework: Framework, room: Room) -> None:
    summary = room.summary
    # the disputed questions, and re-voted ones even once the room agrees (the card stays)
    cards = list(summary.disputed)
    cards += [
        q for q in summary.questions if q.question_id in room.rounds.revealed and q not in cards
    ]
    ids = [q.question_id for q in cards]
    if not ids:
        st.markdown("### No question divides the room")
        st.write("Everyone who answered agrees, or too few have answered so far.")
        return
    index = _current_card(ids)
    dist = cards[index]
    back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
    back.button(
        "Previous",
        key="room.prev",
        icon=":material/arrow_back:",
        disabled=index == 0,
        on_click=_go,
        args=(ids[max(index - 1, 0)],),
        width="stretch",
    )
    where.markdown(f"Question **{index + 1}** of **{len(ids)}** to discuss")
    forward.button(
        "Next",
        key="room.next",
        icon=":material/arrow_forward:",
        icon_position="right",
        disabled=index == len(ids) - 1,
        on_click=_go,
        args=(ids[min(index + 1, len(ids) - 1)],),
        width="stretch",
    )
    qid = dist.question_id
    question_card(
        ws,
        room.view,
        framework,
        dist,
        summary.consensus_of(qid),
        prefix="room",
        heading=f"Most disputed first · {people(dist.answered)} answered",
        first_round=summary.first_rounds.get(qid),
        revoted=qid in room.rounds.revealed,
        second_round_shown=room.rounds.revealed.get(qid, True),
        closed=not room.view.is_open,
    )


def _phase(room: Room) -> str:
    if room.view.is_open and room.view.joining_open:
        return "joining"
    if room.answers_hidden:
        return "blind"
    return "cards"


def _show(ws: WorkshopStore, framework: Framework, room: Room) -> None:
    phase = _phase(room)
    _header(room, statuses=phase == "cards")
    if not room.view.is_open:
        st.info("The workshop is closed: answers no longer change.", icon=":material/lock:")
    if phase == "joining":
        _join_panel(ws, room)
    elif phase == "blind":
        _blind_panel(ws, room)
    else:
        _cards(ws, framework, room)


def render() -> None:
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
    ws = workshop_store()
    framework = current_boot().framework
    token = st.query_params.get(ROOM_PARAM)
    try:
        view = service.open_room(ws, token)
        seen = service.version(ws, view) if view else ()
        room = service.load_room(ws, framework, view) if view else None
    except StoreError as exc:
        st.error("The workshop database cannot be reached right now.")
        st.caption(md_escape(str(exc)))
        return
    if view is None or room is None:
        st.title("Room view")
        st.info(
            "Open the room view from your facilitator page: it has its own link, which shows "
            "no names.",
            icon=":material/present_to_all:",
        )
        return
    keep_in_url(view.token, ROOM_PARAM)
    st.html(ROOM_CSS)
    with st.container(key="room"):
        _show(ws, framework, room)
    watch_changes(ws, view, seen)
