"""Workshop facilitator page: create a workshop, then its dashboard at `?w=<facilitator token>`.

The facilitator's private view: names, the participant-by-dimension heatmap and every
distribution are here and only here. For the projector there is the room view (its own link,
no names). The page redraws itself when anything it shows changes (a cheap fingerprint is
polled every few seconds), and stays still otherwise. Tabs: an overview; "Discuss and
decide", one card per question (most disputed first) with the consensus on it and a table of
every question's status; who is in (remove someone); the report; importing responses.

Everything is read from the database, so any number of app processes serve one workshop. User
text (organisation, names, roles, minority views) is shown with `st.text`, in data frames or
escaped; the QR code is an image made by segno from the join link.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from typing import Any

import segno
import streamlit as st

from ..app import deliverables
from ..app import workshops as service
from ..app.outcome import Outcome
from ..app.workshop_progress import WorkshopProgress
from ..app.workshops import Dashboard
from ..domain.models import Framework
from ..domain.workshop import distribution_of
from ..files.branding import DEFAULT_COLOUR, NO_BRAND
from ..readout.vocabulary import PAPER_NAMES, PAPERS, answered_count, choice_short
from ..store import FacilitatorView, StoreError, WorkshopStore, format_join_code
from ..store.workshops import MAX_PARTICIPANTS_LIMIT, PAUSED_FOR_GUESSING
from . import nav, workshop_import, workshop_progress
from . import workshop_cards as cards
from . import workshop_charts as charts
from .sector import sector_inputs, sector_line
from .state import client_key, current_boot, keep_in_url, session_key, workshop_store
from .tables import safe_dataframe
from .text import md_escape

FACILITATOR_PARAM = "w"
ROOM_PAGE = "room"  # nav's url path of the room view
ROOM_PARAM = "r"
PDF_KEY = "wf.pdf"  # session_state: the deliverables cache of the workshop PDF
PDF_LOCK_KEY = "wf.pdf.lock"  # session_state: one build of it at a time


def join_url(code: str) -> str:
    return nav.app_url(nav.JOIN, {"code": format_join_code(code)})


def facilitator_url(token: str) -> str:
    return nav.app_url(nav.FACILITATE, {FACILITATOR_PARAM: token})


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


# ----------------------------------------------------------------------------- create


def _create_form(ws: WorkshopStore) -> None:
    st.title("Run a workshop")
    st.write(
        "Several people of one organisation answer the questionnaire on their own devices; you "
        "see where they agree, settle the answers together, and hand over one report."
    )
    with st.form("wf.create"):
        name = st.text_input("Organisation name", max_chars=200)
        choice, sector = sector_inputs("wf.create")
        submitted = st.form_submit_button("Create the workshop", type="primary")
    if submitted:
        created = service.create_workshop(
            ws,
            name,
            sector,
            sector_id=choice,
            client_key=client_key(),
            session_key=session_key(),
        )
        if created.value is None:
            for problem in created.problems:
                st.error(md_escape(problem))
            return
        keep_in_url(created.value, FACILITATOR_PARAM)
        st.rerun()


# ----------------------------------------------------------------------------- links


def room_url(view: FacilitatorView) -> str:
    return nav.app_url(ROOM_PAGE, {ROOM_PARAM: view.room_token})


def _links(view: FacilitatorView) -> None:
    st.markdown(f"Join code: **{format_join_code(view.join_code)}**")
    st.caption("Participants open the join link (or scan the code) and type this code.")
    st.code(join_url(view.join_code), language=None, wrap_lines=True)
    st.link_button(
        "Open the room view (for the projector)",
        room_url(view),
        icon=":material/present_to_all:",
        type="primary",
    )
    st.caption(
        "The room view shows no names, links or tokens: project that one, full screen (F11) "
        "so the address bar is hidden too."
    )
    with st.expander("Your private facilitator link"):
        st.warning(
            "Anyone with this link sees every participant's answers: do not put it on "
            "the projector.",
            icon=":material/key:",
        )
        st.code(facilitator_url(view.token), language=None, wrap_lines=True)


# ----------------------------------------------------------------------------- who may take part


def _act(outcome: Outcome[Any]) -> None:
    """Rerun after a change, or say why it was refused."""
    if outcome.ok:
        st.rerun()
    for problem in outcome.problems:
        st.error(md_escape(problem))


def _status_controls(ws: WorkshopStore, view: FacilitatorView) -> None:
    """Open or closed, joining, the participant limit and the blind round."""
    answers, joining = st.columns(2, vertical_alignment="center")
    if view.is_open:
        answers.markdown(":material/lock_open: **Open**: participants answer.")
        if joining.button("Close the workshop", key="wf.close", icon=":material/lock:"):
            _act(service.set_open(ws, view.token, is_open=False))
    else:
        answers.markdown(":material/lock: **Closed: answers can no longer be changed.**")
        if joining.button("Reopen the workshop", key="wf.reopen", icon=":material/lock_open:"):
            _act(service.set_open(ws, view.token, is_open=True))
    state, action = st.columns(2, vertical_alignment="center")
    if view.joining_open:
        state.markdown(":material/group_add: **Joining is open.**")
        if action.button("Pause joining", key="wf.pause", icon=":material/pause:"):
            _act(service.set_joining(ws, view, joining_open=False))
    else:
        state.markdown(":material/pause: **Joining is paused: nobody new can join.**")
        if action.button("Open joining again", key="wf.unpause", icon=":material/play_arrow:"):
            _act(service.set_joining(ws, view, joining_open=True))
    if not view.joining_open and view.paused_reason == PAUSED_FOR_GUESSING:
        st.warning(
            "Joining was paused by itself: a device that had tried many wrong codes typed "
            "this workshop's code. Open joining again when your room is ready.",
            icon=":material/shield:",
        )
    st.number_input(
        "Most participants",
        min_value=1,
        max_value=MAX_PARTICIPANTS_LIMIT,
        value=view.max_participants,
        step=1,
        key="wf.cap",
        on_change=_on_cap,
        args=(ws, view),
    )
    st.toggle(
        "Blind round",
        value=view.blind,
        key="wf.blind",
        on_change=_on_blind,
        args=(ws, view),
        help="The room view hides the answers until everyone has finished or you reveal "
        "them; your own view shows them.",
    )
    if view.blind and not view.revealed:
        st.caption("The room view hides the answers.")
        if st.button("Reveal the answers in the room", key="wf.reveal"):
            _act(service.reveal(ws, view))
    elif view.blind:
        st.caption("The answers are revealed in the room.")


def _on_cap(ws: WorkshopStore, view: FacilitatorView) -> None:
    value = st.session_state.get("wf.cap")
    if value is not None:
        changed = service.set_max_participants(ws, view.token, int(value))
        if not changed.ok:
            st.session_state["wf.error"] = changed.problems[0]


def _on_blind(ws: WorkshopStore, view: FacilitatorView) -> None:
    changed = service.set_blind(ws, view.token, blind=bool(st.session_state.get("wf.blind")))
    if not changed.ok:
        st.session_state["wf.error"] = changed.problems[0]


def _who_is_in(ws: WorkshopStore, framework: Framework, dash: Dashboard) -> None:
    st.caption("Names appear only here, in your private view: never in the room view or the PDF.")
    records = dash.records
    if not records:
        st.info("Nobody has joined yet.")
        return
    safe_dataframe(
        [
            {
                "#": r.number,
                "Name": r.name or "(anonymous)",
                "Role": r.role if r.name else "(not shown: anonymous)",
                "Answered": answered_count(framework.questions, r.responses.answers),
                "Finished": "yes" if r.finished else "",
            }
            for r in records
        ],
        hide_index=True,
        width="stretch",
    )
    labels = {  # an anonymous participant is a number only: no role
        r.number: f"{r.number} · {r.label}" + (f" ({r.role})" if r.role and r.name else "")
        for r in records
    }
    with st.form("wf.remove", border=True):
        number = st.selectbox(
            "Remove a participant",
            list(labels),
            index=None,
            format_func=labels.__getitem__,
            placeholder="Choose who to remove",
        )
        sure = st.checkbox("Delete their answers: they leave every figure and the report")
        if st.form_submit_button("Remove", icon=":material/person_remove:"):
            if number is None or not sure:
                st.warning("Choose a participant and tick the box to confirm.")
            else:
                removed = service.remove_participant(ws, dash.view.token, number)
                if removed.ok:
                    st.session_state["wf.notice"] = f"Participant {number} was removed."
                _act(removed)


# ----------------------------------------------------------------------------- overview


def _overview(framework: Framework, dash: Dashboard) -> None:
    """Participation, statuses and the charts (the page redraws when answers change)."""
    summary, detail = dash.summary, dash.detail
    names = {d.id: d.name for d in framework.dimensions}
    p = summary.participation
    a, b, c = st.columns(3)
    a.metric("Joined", p.joined)
    b.metric("Finished", p.finished)
    c.metric("Answered everything", p.complete)
    if not p.started:
        st.info("No answers yet: the dashboard fills in as participants answer.")
        return
    st.header("Where the questions stand", anchor=False)
    cards.status_strip(dash.readout)
    st.header("Agreement per dimension", anchor=False)
    st.caption(
        "Bar: lowest to highest participant score (shown from 3 scores); dots: named "
        "participants; black tick: median."
    )
    st.vega_lite_chart(charts.spread_chart(summary, detail, names), width="stretch")
    st.header("Participant by dimension (private)", anchor=False)
    st.caption(
        "Anonymous participants have no row of their own: from 3 of them, one row with their "
        "mean (per dimension from 3 scores)."
    )
    st.vega_lite_chart(charts.heatmap(summary, detail, names), width="stretch")
    if summary.role_gaps:
        st.header("Where roles differ", anchor=False)
        st.caption("Roles of at least 3 people; smaller roles are pooled or left out.")
        safe_dataframe(
            [
                {
                    "Dimension": g.name,
                    "Highest role": g.high_role,
                    "Mean": g.high,
                    "Lowest role": g.low_role,
                    "Mean ": g.low,
                    "Gap": g.gap,
                }
                for g in summary.role_gaps
            ],
            hide_index=True,
            width="stretch",
        )


# ----------------------------------------------------------------------------- decide

CARD_KEY = "wf.card"


def _question_label(framework: Framework, dash: Dashboard) -> Callable[[str], str]:
    statuses = {c.question_id: c.label for c in dash.summary.consensus}

    def label(question_id: str) -> str:
        text = framework.question(question_id).text
        short = text if len(text) <= 90 else text[:89] + "…"
        return f"{statuses[question_id]} · {short}"

    return label


def _decide(ws: WorkshopStore, framework: Framework, dash: Dashboard) -> None:
    summary, detail = dash.summary, dash.detail
    st.header("Question by question", anchor=False)  # h2 before the cards' h3 (heading order)
    cards.status_strip(dash.readout)
    pending = {q: c for q, c in summary.suggestions.items() if q not in dash.agreed}
    if pending and st.button(
        f"Accept the clear majorities not recorded yet ({len(pending)})",
        key="wf.cons_all",
        icon=":material/done_all:",
        help="Records the majority's answer where at least 75% of the answers lie within one "
        "option of the middle answer. Split questions are left for the room.",
    ):
        _act(service.accept_suggestions(ws, framework, dash.view))
    if error := st.session_state.pop("wf.cons_error", None):
        st.error(md_escape(error))
    order = [q.question_id for q in detail.disputed]
    order += [q.id for q in framework.questions if q.id not in order]
    if st.session_state.get(CARD_KEY) not in order:
        st.session_state[CARD_KEY] = order[0]
    # The list says each question's status; the browser's list kept the old wording after a
    # decision, so the widget is new whenever a status changes (the choice is kept apart).
    statuses = "|".join(c.status for c in summary.consensus)
    widget = f"{CARD_KEY}.{hashlib.sha256(statuses.encode()).hexdigest()[:12]}"
    qid = st.selectbox(
        "Question (most disputed first)",
        order,
        index=order.index(st.session_state[CARD_KEY]),
        key=widget,
        format_func=_question_label(framework, dash),
        on_change=lambda: st.session_state.__setitem__(CARD_KEY, st.session_state[widget]),
    )
    by_id = {q.question_id: q for q in detail.questions}
    dist = by_id[qid]
    first = dash.rounds.first.get(qid)
    cards.question_card(
        ws,
        dash.view,
        framework,
        dist,
        summary.consensus_of(qid),
        prefix="wf",
        heading=f"{cards.people(dist.answered)} answered (your private view)",
        first_round=distribution_of(framework.question(qid), first) if first is not None else None,
        revoted=qid in dash.rounds.revealed,
        second_round_shown=True,
        closed=not dash.view.is_open,
    )
    st.header("All questions", anchor=False)
    safe_dataframe(
        [
            {
                "Dimension": framework.dimension(c.dimension).name,
                "Question": c.text,
                "Status": c.label,
                "Consensus": choice_short(c.answer) if c.answer is not None else "to discuss",
                "Answers": by_id[c.question_id].answered,
                "Minority view": c.minority_view,
            }
            for c in summary.consensus
        ],
        hide_index=True,
        width="stretch",
    )


# ----------------------------------------------------------------------------- report


def _report(
    framework: Framework, dash: Dashboard, earlier: Outcome[WorkshopProgress] | None
) -> None:
    st.caption(
        "The PDF action plan scored on the consensus (recorded answers and clear majorities; "
        "split questions stay open), with participation and disagreement: no names, and no "
        "figure for a group of fewer than 3 people."
    )
    for line in dash.readout.headline.lines:
        st.write(md_escape(line))
    progress = earlier.value if earlier is not None else None
    if progress is not None:
        st.text(
            f"With 'Since the earlier workshop': beside {progress.earlier_name}, created "
            f"{progress.earlier_created} (the link under Overview)."
        )
    else:
        st.caption(
            "A follow-up workshop? Paste the earlier workshop's facilitator link under "
            "Overview, 'Since an earlier workshop': the PDF then shows what moved since."
        )
    paper = st.radio(
        "Paper", PAPERS, horizontal=True, key="wf.paper", format_func=PAPER_NAMES.__getitem__
    )
    with st.expander("Your branding on the report (optional)"):
        prepared_by = st.text_input("Prepared by", max_chars=200, key="wf.brand.by")
        colour = st.color_picker("Colour", value=DEFAULT_COLOUR, key="wf.brand.colour")
        logo = st.file_uploader("Logo (PNG or JPEG)", type=["png", "jpg", "jpeg"], key="wf.logo")
    brand = service.branding(prepared_by, colour, logo.getvalue() if logo else None)
    for problem in brand.problems:
        st.error(md_escape(problem))
    consensus = dash.consensus()
    cache = st.session_state.setdefault(PDF_KEY, {})
    lock = st.session_state.setdefault(PDF_LOCK_KEY, threading.Lock())
    chosen = brand.value

    def pdf(*, build: bool = True) -> deliverables.Download | None:
        with lock:  # the click's own run and the button's thread build it once between them
            return deliverables.workshop_report(
                framework,
                dash.summary,
                consensus,
                paper,
                chosen or NO_BRAND,
                cache=cache,
                build=build,
                progress=progress,
            )

    def build() -> bytes:  # on the click, on the button's own thread: no Streamlit call here
        made = pdf()
        assert made is not None  # built on request
        return made.data

    def prepare() -> None:  # the click's run, before the page: the page then holds the file
        try:
            pdf()
        except Exception as exc:  # noqa: BLE001 - one line for the facilitator, not a traceback
            st.session_state["wf.error"] = f"The workshop PDF could not be built: {exc}"

    # One click: the file is built when it is asked for. Streamlit keeps a file built on the
    # click only until two runs of any session have ended, and a browser slower than that
    # got a failed `<hash>.pdf`. The click's own run (the callback first) builds it, or waits
    # for the button's thread to, and this button then holds the built bytes: the file lives
    # as long as the page shows it, and later clicks take it at once.
    built = pdf(build=False) if chosen is not None else None
    st.download_button(
        "Download the workshop PDF",
        built.data if built is not None else build,
        file_name=deliverables.workshop_report_name(consensus),
        mime=deliverables.PDF,
        key="wf.download",
        type="primary",
        icon=":material/picture_as_pdf:",
        disabled=chosen is None,
        on_click=prepare,
    )


# ----------------------------------------------------------------------------- page


def render() -> None:
    ws = workshop_store()
    framework = current_boot().framework
    token = st.query_params.get(FACILITATOR_PARAM)
    if not token:
        _create_form(ws)
        return
    try:
        view = service.open_workshop(ws, token)
        seen = service.version(ws, view) if view else ()
        dash = service.load_dashboard(ws, framework, view) if view else None
    except StoreError as exc:
        st.error("The workshop database cannot be reached right now.")
        st.caption(md_escape(str(exc)))
        return
    if view is None or dash is None:
        st.title("Workshop not found")
        st.error(
            "This facilitator link does not lead to a workshop: it may be mistyped, or the "
            "workshop was deleted after a time without use."
        )
        nav.link(nav.FACILITATE, "Create a workshop", ":material/add:")  # a way on
        return
    keep_in_url(token, FACILITATOR_PARAM)
    st.title("Workshop")
    st.text(f"Organisation: {view.organization.name}")
    if line := sector_line(view.organization):
        st.text(line)
    for key, show in (("wf.error", st.error), ("wf.notice", st.success)):
        if message := st.session_state.pop(key, None):
            show(md_escape(message))
    code_col, qr_col, control_col = st.columns([4, 2, 4], gap="large")
    with code_col:
        _links(view)
    with qr_col:
        st.image(
            qr_png(join_url(view.join_code)),
            caption="Scan to join",
            width=200,
            alt=f"QR code of the join link {join_url(view.join_code)}",
        )
        st.caption(f"{len(dash.records)} of {view.max_participants} places taken.")
    with control_col:
        _status_controls(ws, view)
    overview, decide, people, report, imports = st.tabs(
        ["Overview", "Discuss and decide", "Who is in", "Report", "Import responses"]
    )
    earlier = workshop_progress.compared(ws, framework, dash)  # for the Overview and the PDF
    with overview:
        _overview(framework, dash)
        workshop_progress.section(earlier)  # beside an earlier workshop
    with decide:
        _decide(ws, framework, dash)
    with people:
        _who_is_in(ws, framework, dash)
    with report:
        _report(framework, dash, earlier)
    with imports:
        workshop_import.render(ws, framework, dash)
    cards.watch_changes(ws, view, seen)
