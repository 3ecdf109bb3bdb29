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

from ..app import workshops as service
from ..app.assessments import answers_digest
from ..app.workshops import Dashboard
from ..models import Choice, Framework, Question
from ..store import FacilitatorView, StoreError, WorkshopStore, format_join_code
from ..vocabulary import CHOICES, PAPER_NAMES, PAPERS, answered_count, choice_short, option_text
from . import nav, workshop_import
from . import workshop_charts as charts
from .state import current_boot, keep_in_url, workshop_store
from .text import md_escape

FACILITATOR_PARAM = "w"
REFRESH_SECONDS = 5
PDF_KEY = "wf.pdf"  # session_state: (digest of the consensus and paper, pdf bytes)


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
    return f"{app_base_url()}/{nav.JOIN}?{urlencode({'code': format_join_code(code)})}"


def facilitator_url(token: str) -> str:
    return f"{app_base_url()}/{nav.FACILITATE}?{urlencode({FACILITATOR_PARAM: token})}"


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
        created = service.create_workshop(ws, name, sector)
        if created.value is None:
            for problem in created.problems:
                st.error(md_escape(problem))
            return
        keep_in_url(created.value, FACILITATOR_PARAM)
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
        clicked = st.button("Close the workshop", key="wf.close", icon=":material/lock:")
    else:
        st.info("Closed: answers can no longer be changed.", icon=":material/lock:")
        clicked = st.button("Reopen the workshop", key="wf.reopen", icon=":material/lock_open:")
    if clicked:
        changed = service.set_open(ws, view.token, is_open=not view.is_open)
        if changed.ok:
            st.rerun()
        for problem in changed.problems:
            st.error(md_escape(problem))


def _participation(framework: Framework, dash: Dashboard) -> None:
    p = dash.summary.participation
    a, b, c = st.columns(3)
    a.metric("Joined", p.joined)
    b.metric("Finished", p.finished)
    c.metric("Answered everything", p.complete)
    records = dash.records
    if records:
        st.dataframe(
            [
                {
                    "#": r.number,
                    "Name": r.name or "(anonymous)",
                    "Role": r.role,
                    "Answered": answered_count(framework.questions, r.responses.answers),
                    "Finished": "yes" if r.finished else "",
                }
                for r in records
            ],
            hide_index=True,
            width="stretch",
        )


def _dashboard(framework: Framework, dash: Dashboard) -> None:
    """Everything that changes as participants answer."""
    summary = dash.summary
    names = {d.id: d.name for d in framework.dimensions}
    st.header("Participation", anchor=False)
    _participation(framework, dash)
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
                f"median suggestion: {md_escape(choice_short(q.suggestion))}"
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


# ----------------------------------------------------------------------------- consensus


def _option_text(question: Question) -> Callable[[Choice], str]:
    def text(choice: Choice) -> str:
        return f"{choice_short(choice)} · {option_text(question, choice)}"

    return text


def _consensus_key(question_id: str) -> str:
    return f"wf.cons.{question_id}"


def _on_consensus(ws: WorkshopStore, view: FacilitatorView, question_id: str) -> None:
    choice = st.session_state.get(_consensus_key(question_id))
    settled = service.settle(ws, view, question_id, choice)
    if not settled.ok:
        st.session_state["wf.cons_error"] = settled.problems[0]


def _consensus(ws: WorkshopStore, framework: Framework, dash: Dashboard) -> None:
    st.header("Consensus", anchor=False)
    st.caption(
        "Record the answer the room agrees on. The median of the participants' answers is "
        "offered as a start; questions left unset use it in the report."
    )
    agreed = dash.agreed
    if st.button(
        "Use the median for every question not agreed yet",
        key="wf.cons_all",
        help="Takes the participants' answers as they are now.",
    ):
        accepted = service.accept_suggestions(ws, framework, dash.view)
        for problem in accepted.problems:
            st.error(md_escape(problem))
        if accepted.value:
            for qid, choice in accepted.value.items():
                st.session_state[_consensus_key(qid)] = choice
            st.rerun()
        if accepted.ok:
            st.info("Nothing to take: no participant answer waits for a consensus.")
    if error := st.session_state.pop("wf.cons_error", None):
        st.error(md_escape(error))
    dist = {q.question_id: q for q in dash.summary.questions}
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
                    placeholder=f"Median suggestion: {choice_short(suggestion)}",
                    on_change=_on_consensus,
                    args=(ws, dash.view, q.id),
                )


# ----------------------------------------------------------------------------- report


def _report(framework: Framework, dash: Dashboard) -> None:
    st.header("Workshop report", anchor=False)
    st.caption(
        "The PDF action plan scored on the consensus, with a section on participation and "
        "disagreement (no individual answers)."
    )
    paper = st.radio(
        "Paper", PAPERS, horizontal=True, key="wf.paper", format_func=PAPER_NAMES.__getitem__
    )
    consensus = dash.consensus()
    digest = answers_digest(consensus, paper, dash.summary.model_dump_json())
    cached = st.session_state.get(PDF_KEY)
    if cached is not None and cached[0] != digest:
        st.session_state.pop(PDF_KEY)  # the answers changed since it was prepared
    if st.button("Prepare the workshop PDF", key="wf.prepare", icon=":material/picture_as_pdf:"):
        pdf = service.workshop_pdf(framework, dash.summary, consensus, paper)
        st.session_state[PDF_KEY] = (digest, pdf)
    if PDF_KEY in st.session_state:
        st.download_button(
            "Download the workshop PDF",
            st.session_state[PDF_KEY][1],
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
        view = service.open_workshop(ws, token)
        dash = service.load_dashboard(ws, framework, view) if view else None
    except StoreError as exc:
        st.error("The workshop database cannot be reached right now.")
        st.caption(md_escape(str(exc)))
        return
    if view is None or dash is None:
        st.title("Workshop not found")
        st.error("This facilitator link does not lead to a workshop: it may be mistyped.")
        return
    keep_in_url(token, FACILITATOR_PARAM)
    st.title("Workshop")
    st.text(f"Organisation: {view.organization.name}")
    _links(view)
    _status_controls(ws, view)
    first_run = [dash]  # the full run shows what it read; timer reruns read afresh

    @st.fragment(run_every=REFRESH_SECONDS if view.is_open else None)
    def live() -> None:
        current = first_run.pop() if first_run else None
        if current is None:
            try:
                current = service.load_dashboard(ws, framework, view)
            except StoreError as exc:
                st.error("The workshop database cannot be reached right now; retrying.")
                st.caption(md_escape(str(exc)))
                return
        _dashboard(framework, current)

    live()
    # Each section in its own container: what a section shows or hides never moves the next
    # one, so an open expander stays open across reruns.
    with st.container():
        _consensus(ws, framework, dash)
    with st.container():
        _report(framework, dash)
    workshop_import.render(ws, framework, dash)
