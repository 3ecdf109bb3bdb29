"""Workshop facilitator page: create a workshop, then its dashboard at `?w=<facilitator token>`.

The dashboard reads everything from the database on every refresh (a fragment re-run every few
seconds while the workshop is open), so any number of app processes serve one workshop. User
text (organisation, names, roles) is shown with `st.text`, in data frames or escaped; the QR code
is an image made by segno from the join link.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from ..models import Answer, Choice, Framework, Organization, Question
from ..store import (
    FacilitatorView,
    StoreError,
    WorkshopStore,
    format_join_code,
    looks_like_token,
)
from ..workshop import WorkshopSummary, consensus_from_suggestions, summarize
from . import workshop_charts as charts
from . import workshop_import
from .questionnaire import CHOICES, choice_label
from .state import current_boot, keep_in_url
from .text import md_escape

FACILITATOR_PARAM = "w"
JOIN_PATH = "join"
REFRESH_SECONDS = 5
PDF_KEY = "wf.pdf"


def workshop_store() -> WorkshopStore:
    return WorkshopStore(engine=current_boot().store.engine)


def app_base_url() -> str:
    """The app's address as the browser sees it (scheme, host, port), without path or query."""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - no request context (tests)
        url = ""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return "http://localhost:8501"
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def join_url(code: str) -> str:
    return f"{app_base_url()}/{JOIN_PATH}?{urlencode({'code': format_join_code(code)})}"


def facilitator_url(token: str) -> str:
    return f"{app_base_url()}/facilitate?{urlencode({FACILITATOR_PARAM: token})}"


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
        sector = st.text_input("Sector (optional)", max_chars=200)
        submitted = st.form_submit_button("Create the workshop", type="primary")
    if submitted:
        if not name.strip():
            st.error("Please give the organisation's name.")
            return
        try:
            token, _ = ws.create_workshop(
                Organization(name=name, sector=sector.strip() or None, assessor=None)
            )
        except StoreError as exc:
            st.error("The workshop could not be created: the database did not accept it.")
            st.caption(md_escape(str(exc)))
            return
        keep_in_url(token, FACILITATOR_PARAM)
        st.rerun()


# ----------------------------------------------------------------------------- dashboard


def _links(view: FacilitatorView) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Join code", anchor=False)
        # The code uses only our alphabet (A-Z, 2-9): safe to show large.
        st.markdown(f"# {format_join_code(view.join_code)}")
        st.caption("Participants open the join link (or scan the code) and type this code.")
        st.code(join_url(view.join_code), language=None)
        with st.expander("Your private facilitator link"):
            st.warning(
                "Anyone with this link sees every participant's answers: do not put it on "
                "the projector.",
                icon=":material/key:",
            )
            st.code(facilitator_url(view.token), language=None)
    with right:
        st.image(qr_png(join_url(view.join_code)), caption="Scan to join", width=220)


def _status_controls(ws: WorkshopStore, view: FacilitatorView) -> None:
    if view.is_open:
        st.success("Open: participants can join and answer.", icon=":material/lock_open:")
        if st.button("Close the workshop", key="wf.close", icon=":material/lock:"):
            ws.close(view.token)
            st.rerun()
    else:
        st.info("Closed: answers can no longer be changed.", icon=":material/lock:")
        if st.button("Reopen the workshop", key="wf.reopen", icon=":material/lock_open:"):
            ws.reopen(view.token)
            st.rerun()


def load_summary(ws: WorkshopStore, framework: Framework, token: str) -> WorkshopSummary:
    records = ws.participants(token)
    return summarize(framework, [r.as_participant() for r in records])


def _participation(ws: WorkshopStore, token: str, summary: WorkshopSummary) -> None:
    p = summary.participation
    a, b, c = st.columns(3)
    a.metric("Joined", p.joined)
    b.metric("Finished", p.finished)
    c.metric("Answered everything", p.complete)
    records = ws.participants(token)
    if records:
        st.dataframe(
            [
                {
                    "#": r.number,
                    "Name": r.name or "(anonymous)",
                    "Role": r.role,
                    "Answered": len(r.responses.answers),
                    "Finished": "yes" if r.finished else "",
                }
                for r in records
            ],
            hide_index=True,
            width="stretch",
        )


def _dashboard(framework: Framework, token: str) -> None:
    """Everything that changes as participants answer; re-run on a timer while open."""
    ws = workshop_store()
    try:
        summary = load_summary(ws, framework, token)
    except StoreError as exc:
        st.error("The workshop database cannot be reached right now; retrying.")
        st.caption(md_escape(str(exc)))
        return
    names = {d.id: d.name for d in framework.dimensions}
    st.header("Participation", anchor=False)
    _participation(ws, token, summary)
    if not summary.participation.started:
        st.info("No answers yet: the dashboard fills in as participants answer.")
        return
    st.header("Agreement per dimension", anchor=False)
    st.caption("Bar: lowest to highest participant score; dots: participants; black tick: median.")
    st.altair_chart(charts.spread_chart(summary, names), width="stretch")
    st.dataframe(
        [
            {
                "Dimension": s.name,
                "Scored by": s.n,
                "Lowest": s.min,
                "Median": s.median,
                "Highest": s.max,
                "Std dev": s.stdev,
            }
            for s in summary.spreads
        ],
        hide_index=True,
        width="stretch",
    )
    st.subheader("Participant by dimension", anchor=False)
    st.altair_chart(charts.heatmap(summary, names), width="stretch")
    st.header("Discuss first: the most disputed questions", anchor=False)
    st.caption(
        "Ranked by the standard deviation of the option scores chosen (Don't know and N/A are "
        "counted but left out of the spread). Distributions are anonymous."
    )
    if not summary.disputed:
        st.write("No question splits the group so far.")
    for rank, q in enumerate(summary.disputed, start=1):
        with st.container(border=True):
            st.markdown(
                f"**{rank}\\. {md_escape(q.text)}**  \n"
                f"{md_escape(names[q.dimension])} · spread {q.stdev:.2f} · "
                f"median suggestion: {md_escape(_choice_text(q.suggestion))}"
            )
            st.altair_chart(charts.distribution_chart(q), width="stretch")
    if summary.role_gaps:
        st.header("Where roles differ", anchor=False)
        st.dataframe(
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


def _choice_text(choice: Choice | None) -> str:
    if choice is None:
        return "none"
    if choice == "dont_know":
        return "Don't know"
    if choice == "not_applicable":
        return "Not applicable"
    return f"{choice}/4"


# ----------------------------------------------------------------------------- consensus


def _option_text(question: Question) -> Callable[[Choice], str]:
    def text(choice: Choice) -> str:
        return f"{_choice_text(choice)} · {choice_label(question, choice)}"

    return text


def _consensus_key(question_id: str) -> str:
    return f"wf.cons.{question_id}"


def _on_consensus(ws: WorkshopStore, consensus_id: str, question_id: str) -> None:
    choice = st.session_state.get(_consensus_key(question_id))
    try:
        ws.assessments.save_answer(
            consensus_id, question_id, None if choice is None else Answer(choice=choice)
        )
    except StoreError as exc:
        st.session_state["wf.cons_error"] = str(exc)
    st.session_state.pop(PDF_KEY, None)


def _consensus(ws: WorkshopStore, framework: Framework, view: FacilitatorView) -> None:
    st.header("Consensus", anchor=False)
    st.caption(
        "Record the answer the room agrees on. The median of the participants' answers is "
        "offered as a start; questions left unset use it in the report."
    )
    summary = load_summary(ws, framework, view.token)
    saved = ws.assessments.load(view.consensus_id)
    agreed = saved.answers if saved else {}
    if st.button(
        "Use the median for every question not agreed yet",
        key="wf.cons_all",
        help="Takes the participants' answers as they are now.",
    ):
        fresh = load_summary(ws, framework, view.token)
        unset = {qid: c for qid, c in fresh.suggestions.items() if qid not in agreed}
        if unset:
            ws.assessments.save_answers(
                view.consensus_id, {qid: Answer(choice=c) for qid, c in unset.items()}
            )
            for qid, choice in unset.items():
                st.session_state[_consensus_key(qid)] = choice
            st.session_state.pop(PDF_KEY, None)
            st.rerun()
        st.info("Nothing to take: no participant answer waits for a consensus.")
    if error := st.session_state.pop("wf.cons_error", None):
        st.error("Not saved: " + md_escape(error))
    dist = {q.question_id: q for q in summary.questions}
    for dimension in framework.dimensions:
        questions = framework.questions_for(dimension.id)
        done = sum(1 for q in questions if q.id in agreed)
        with st.expander(f"{md_escape(dimension.name)} · {done} of {len(questions)} agreed"):
            for q in questions:
                key = _consensus_key(q.id)
                if key not in st.session_state:
                    st.session_state[key] = agreed[q.id].choice if q.id in agreed else None
                suggestion = dist[q.id].suggestion
                st.selectbox(
                    md_escape(q.text),
                    CHOICES,
                    index=None,
                    key=key,
                    format_func=_option_text(q),
                    placeholder=f"Median suggestion: {_choice_text(suggestion)}",
                    on_change=_on_consensus,
                    args=(ws, view.consensus_id, q.id),
                )


# ----------------------------------------------------------------------------- report


def _report(ws: WorkshopStore, framework: Framework, view: FacilitatorView) -> None:
    st.header("Workshop report", anchor=False)
    st.caption(
        "The PDF action plan scored on the consensus, with a section on participation and "
        "disagreement (no individual answers)."
    )
    paper = st.radio(
        "Paper", ["a4", "letter"], horizontal=True, key="wf.paper", format_func=str.upper
    )
    if st.button("Prepare the workshop PDF", key="wf.prepare", icon=":material/picture_as_pdf:"):
        from ..report.workshop_section import build_workshop_report

        summary = load_summary(ws, framework, view.token)
        saved = ws.assessments.load(view.consensus_id)
        consensus = consensus_from_suggestions(
            summary, view.organization, saved.answers if saved else {}
        )
        st.session_state[PDF_KEY] = build_workshop_report(framework, summary, consensus, paper)
    if PDF_KEY in st.session_state:
        st.download_button(
            "Download the workshop PDF",
            st.session_state[PDF_KEY],
            file_name="workshop-action-plan.pdf",
            mime="application/pdf",
            key="wf.download",
            type="primary",
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
        view = ws.facilitator(token) if looks_like_token(token) else None
    except StoreError as exc:
        st.error("The workshop database cannot be reached right now.")
        st.caption(md_escape(str(exc)))
        return
    if view is None:
        st.title("Workshop not found")
        st.error("This facilitator link does not lead to a workshop: it may be mistyped.")
        return
    keep_in_url(token, FACILITATOR_PARAM)
    st.title("Workshop")
    st.text(f"Organisation: {view.organization.name}")
    _links(view)
    _status_controls(ws, view)

    @st.fragment(run_every=REFRESH_SECONDS if view.is_open else None)
    def live() -> None:
        _dashboard(framework, view.token)

    live()
    _consensus(ws, framework, view)
    _report(ws, framework, view)
    workshop_import.render(ws, framework, view)
