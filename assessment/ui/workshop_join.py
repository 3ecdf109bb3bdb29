"""Workshop participant page: join with the code, then answer the questionnaire on your own.

The participant's secret token is the URL id (`?p=<token>`): it opens only their own assessment
(through `ParticipantAnswers`), so the wizard's steps are reused as they are, and a
refresh or a later visit with the same link brings every saved answer back. Names and roles are
shown with `st.text` or escaped, never as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from ..app import workshops as service
from ..models import Framework
from ..store import (
    ParticipantAccess,
    ParticipantAnswers,
    StoreError,
    WorkshopStore,
    looks_like_token,
)
from ..vocabulary import answered_count
from .state import current_boot, keep_in_url, working, workshop_store
from .steps import current_step, show_step, step_buttons
from .text import md_escape

PARTICIPANT_PARAM = "p"
CODE_PARAM = "code"
ROLES = ["Marketing", "Customer service", "IT", "Leadership", "Sales", "Communications"]
TOKEN_KEY = "wj.token"  # noqa: S105 - a session_state key, not a secret
PREFIX = "wj"


def client_key() -> str:
    """Who is guessing join codes: the client address (one shared bucket when unknown)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context (tests)
        address = None
    return f"ip:{address}" if address else "ip:unknown"


def participant_token() -> str | None:
    token = st.query_params.get(PARTICIPANT_PARAM) or st.session_state.get(TOKEN_KEY)
    return token if looks_like_token(token) else None


def _join_form(ws: WorkshopStore) -> None:
    st.title("Join a workshop")
    st.write(
        "Your facilitator shows a join code on the screen. Your answers are yours: the other "
        "participants never see them; the facilitator sees them to lead the discussion."
    )
    code_default = st.query_params.get(CODE_PARAM, "")
    with st.form("wj.form"):
        code = st.text_input("Join code", value=code_default, max_chars=20, placeholder="ABCD-EFGH")
        anonymous = st.checkbox("Join anonymously (the facilitator sees only a number)")
        name = st.text_input("Your name", max_chars=200, disabled=False)
        role = st.selectbox(
            "Your role",
            ROLES,
            index=None,
            placeholder="Choose or type your role",
            accept_new_options=True,
        )
        submitted = st.form_submit_button("Join the workshop", type="primary")
    if not submitted:
        return
    joined = service.join(ws, code, "" if anonymous else (name or ""), role or "", client_key())
    if joined.value is None:
        for problem in joined.problems:
            st.error(md_escape(problem), icon=":material/error:")
        return
    token = joined.value
    st.session_state[TOKEN_KEY] = token
    st.query_params.pop(CODE_PARAM, None)
    keep_in_url(token, PARTICIPANT_PARAM)
    st.rerun()


def _header(access: ParticipantAccess) -> None:
    st.title("Workshop questionnaire")
    st.text(f"Organisation: {access.organization_name}")
    who = access.name or f"Participant {access.number} (anonymous)"
    st.text(f"You: {who}" + (f" · {access.role}" if access.role else ""))
    st.caption(
        "Keep this page's address to come back to your answers later: the link is yours alone."
    )


def _closed_view(
    framework: Framework, access: ParticipantAccess, store: ParticipantAnswers
) -> None:
    st.info(
        "The facilitator has closed this workshop: answers can no longer be changed. "
        "Thank you for taking part.",
        icon=":material/lock:",
    )
    saved = store.load(access.assessment_id)
    done = answered_count(framework.questions, saved.answers if saved else {})
    st.caption(f"You answered {done} of {len(framework.questions)} questions.")


def _questionnaire(ws: WorkshopStore, token: str, access: ParticipantAccess) -> None:
    framework = current_boot().framework
    store = ParticipantAnswers(ws, token, access.assessment_id)
    work = working(store, access.assessment_id)
    if work is None:
        st.error("Your answers could not be found; please join again.")
        return
    step = current_step(PREFIX)
    show_step(framework, store, work, PREFIX, step)
    if step_buttons(
        PREFIX,
        step,
        len(framework.dimensions),
        "I have finished",
        finish_icon=":material/task_alt:",
        finish_disabled=access.finished,
    ):
        finished = service.finish(ws, token)
        if finished.ok:
            st.rerun()
        for problem in finished.problems:
            st.error(md_escape(problem))
    if access.finished:
        st.success(
            "You have marked your answers as finished. You can still change them until the "
            "facilitator closes the workshop.",
            icon=":material/task_alt:",
        )


def render() -> None:
    ws = workshop_store()
    token = participant_token()
    if token is None:
        _join_form(ws)
        return
    try:
        access = ws.participant(token)
    except StoreError as exc:
        st.error("The workshop database cannot be reached; please try again.")
        st.caption(md_escape(str(exc)))
        return
    if access is None:
        st.title("Workshop link not found")
        st.error("This participant link does not lead to a workshop: it may be mistyped.")
        if st.button("Join with a code"):
            st.session_state.pop(TOKEN_KEY, None)
            st.query_params.pop(PARTICIPANT_PARAM, None)
            st.rerun()
        return
    st.session_state[TOKEN_KEY] = token
    keep_in_url(token, PARTICIPANT_PARAM)
    _header(access)
    if not access.workshop_open:
        framework = current_boot().framework
        _closed_view(framework, access, ParticipantAnswers(ws, token, access.assessment_id))
        return
    _questionnaire(ws, token, access)
