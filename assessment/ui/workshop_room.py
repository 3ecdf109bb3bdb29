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
from ..domain.workshop import ConsensusStatus
from ..store import StoreError, WorkshopStore, format_join_code
from . import nav
from .state import current_boot, keep_in_url, workshop_store
from .text import md_escape
from .workshop_cards import people, question_card, status_line, watch_changes
from .workshop_facilitator import join_url, qr_png

ROOM_PARAM = "r"
CARD_PARAM = "q"
DISCUSS_PARAM = "discuss"  # in the room's URL once the discussion started: survives a reload

# Our own constant CSS (no user text): type for a room read from 5-10 m, scoped to the room.
# Every rule is `!important` and more specific than the app-wide ones in `style.py` (which are
# `!important` too: `h3 { font-size: 1.3rem !important }` used to beat the room's heading size).
# Sizes follow the viewport's width (`vw`), with a floor: at 1920 px the question and the counts
# are 50 px (the largest text on the card), the options 32 px, every other control 26 px, and
# nothing the room sees is under 24 px on a smaller projector either.
QUESTION_SIZE = "max(36px, 2.6vw)"  # 49.9 px at 1920
OPTION_SIZE = "max(26px, 1.67vw)"  # 32 px at 1920
CONTROL_SIZE = "max(24px, 1.36vw)"  # 26 px at 1920
ROOM_CSS = f"""
<style>
header[data-testid="stHeader"], section[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"] {{ display: none; }}
.block-container, [data-testid="stMainBlockContainer"] {{
  padding-top: 1rem !important; padding-bottom: 0.5rem !important;
  padding-left: 3rem !important; padding-right: 3rem !important; max-width: 100% !important; }}
.st-key-room, .st-key-room p, .st-key-room li, .st-key-room label, .st-key-room span,
.st-key-room [data-testid="stText"], .st-key-room button p, .st-key-room input,
.st-key-room textarea, .st-key-room [data-baseweb="select"] div,
.st-key-room [data-testid="stCaptionContainer"] p,
.st-key-room [data-testid="stWidgetLabel"] p,
.st-key-room [data-testid="stMarkdownContainer"] p {{
  font-size: {CONTROL_SIZE} !important; line-height: 1.3 !important; }}
.st-key-room .st-key-room_options [data-testid="stColumn"] p,
.st-key-room .st-key-room_card [data-testid="stText"] {{
  font-size: {OPTION_SIZE} !important; }}
.st-key-room h1 {{ font-size: max(40px, 2.9vw) !important; }}
.st-key-room h3, .st-key-room h3 span, .st-key-room h3 p {{
  font-size: {QUESTION_SIZE} !important; line-height: 1.15 !important;
  padding: 0.1rem 0 0.3rem 0 !important; }}
.st-key-room .join-code {{ font-size: max(96px, 7.8vw); font-weight: 700;
  letter-spacing: 0.08em; }}
.st-key-room .corner-code {{ font-weight: 700; text-align: right; }}
.st-key-room .corner-code span {{ white-space: nowrap; letter-spacing: 0.04em; }}
.st-key-room [data-testid="stProgress"] > div > div {{ height: 22px; }}
.st-key-room button {{ min-height: 56px !important; }}
/* The open list of "The room's answer" is drawn outside the card (a popover): same size. */
[data-testid="stSelectboxVirtualDropdown"] [role="option"],
[data-testid="stSelectboxVirtualDropdown"] [role="option"] *,
[data-baseweb="popover"] li, [data-baseweb="popover"] li * {{
  font-size: {CONTROL_SIZE} !important; line-height: 1.3 !important; }}
</style>
"""


def _joining_open(room: Room) -> bool:
    return room.view.is_open and room.view.joining_open


def _header(room: Room, statuses: bool, corner: bool) -> None:
    """Client, statuses, who joined; with `corner`, the join code and a small QR code in the
    corner for latecomers."""
    p = room.summary.participation
    widths = [2, 6, 2, 1.3] if corner else [2, 6, 2]
    left, middle, right, *rest = st.columns(widths, vertical_alignment="center")
    with left:
        st.text(room.view.organization.name)  # user text: as text, never Markdown
    if statuses:
        with middle:
            status_line(room.readout.status_counts())
    right.markdown(f"**{p.joined}** joined · **{p.finished}** finished")
    if rest:
        with rest[0]:
            # The code uses only our alphabet (A-Z, 2-9): safe in HTML.
            code = format_join_code(room.view.join_code)
            st.html(f'<div class="corner-code">Join code<br><span>{code}</span></div>')
            st.image(
                qr_png(join_url(room.view.join_code)),
                width=110,
                alt=f"QR code of the join link {join_url(room.view.join_code)}",
            )


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
        "Start the discussion",
        key="room.start",
        type="primary",
        icon=":material/forum:",
        help="Joining stays open: the code stays in a corner for latecomers until the "
        "facilitator pauses joining.",
    ):
        st.query_params[DISCUSS_PARAM] = "1"
        st.rerun()


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


DISCUSS_WORDS = {  # what a card on the room's list is, by its status (said beside the count)
    ConsensusStatus.SPLIT: ("split", "split"),
    ConsensusStatus.MAJORITY: (
        "clear majority with other answers",
        "clear majorities with other answers",
    ),
    ConsensusStatus.AGREED: ("agreed in the room", "agreed in the room"),
    ConsensusStatus.FEW: ("with too few answers", "with too few answers"),
}


def discuss_line(index: int, statuses: list[ConsensusStatus]) -> str:
    """ "Question 1 of 5 to discuss: 3 split, 2 clear majorities with other answers": the count
    says what it includes, in the status strip's words."""
    counts = {s: statuses.count(s) for s in DISCUSS_WORDS if statuses.count(s)}
    parts = [f"{n} {DISCUSS_WORDS[s][0 if n == 1 else 1]}" for s, n in counts.items()]
    return f"Question **{index + 1}** of **{len(statuses)}** to discuss: " + ", ".join(parts)


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
    where.markdown(discuss_line(index, [summary.consensus_of(i).status for i in ids]))
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
    if _joining_open(room) and st.query_params.get(DISCUSS_PARAM) != "1":
        return "joining"
    if room.answers_hidden:
        return "blind"
    return "cards"


def _show(ws: WorkshopStore, framework: Framework, room: Room) -> None:
    phase = _phase(room)
    _header(room, statuses=phase == "cards", corner=phase != "joining" and _joining_open(room))
    if not room.view.is_open:
        st.info("The workshop is closed: answers no longer change.", icon=":material/lock:")
    if phase == "joining":
        _join_panel(ws, room)
    elif phase == "blind":
        _blind_panel(ws, room)
    else:
        _cards(ws, framework, room)


def render() -> None:
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
