"""Workshop participant page: join with the code, then answer the questionnaire on your own.

The participant's secret token is the URL id (`?p=<token>`): it opens only their own assessment
(through `ParticipantAssessments`), so the question widget of the wizard is reused as is, and a
refresh or a later visit with the same link brings every saved answer back. Names and roles are
shown with `st.text` or escaped, never as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from .. import client_address
from ..store import (
    JoinThrottled,
    ParticipantAccess,
    ParticipantAssessments,
    StoreError,
    UnknownJoinCode,
    WorkshopClosed,
    WorkshopStore,
    looks_like_token,
)
from .questionnaire import answered_count, overall_save_status, render_question
from .state import current_boot, keep_in_url, working
from .text import md_escape

PARTICIPANT_PARAM = "p"
CODE_PARAM = "code"
ROLES = ["Marketing", "Customer service", "IT", "Leadership", "Sales", "Communications"]
TOKEN_KEY = "wj.token"  # noqa: S105 - a session_state key, not a secret
STEP_KEY = "wj.step"
JUMP_KEY = "wj.jump"


def workshop_store() -> WorkshopStore:
    """The workshop store on the app's engine (the store object holds only the engine)."""
    return WorkshopStore(engine=current_boot().store.engine)


def client_key() -> str:
    """Who is guessing join codes: the client address (one shared bucket when unknown)."""
    try:
        address = st.context.ip_address
        forwarded = ",".join(st.context.headers.get_all("X-Forwarded-For"))
    except Exception:  # noqa: BLE001 - no request context (tests)
        address, forwarded = None, ""
    return client_address.client_key(address, forwarded, client_address.trusted_from_env())


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
    try:
        token = ws.join(code, "" if anonymous else (name or ""), role or "", client_key())
    except (UnknownJoinCode, JoinThrottled, WorkshopClosed) as exc:
        st.error(str(exc), icon=":material/error:")
        return
    except StoreError as exc:
        st.error("The workshop database cannot be reached; please try again.")
        st.caption(md_escape(str(exc)))
        return
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


def _closed_view(access: ParticipantAccess, store: ParticipantAssessments) -> None:
    st.info(
        "The facilitator has closed this workshop: answers can no longer be changed. "
        "Thank you for taking part.",
        icon=":material/lock:",
    )
    framework = current_boot().framework
    saved = store.load(access.assessment_id)
    answers = saved.answers if saved else {}
    st.caption(f"You answered {len(answers)} of {len(framework.questions)} questions.")


def _on_step(step: int) -> None:
    st.session_state[STEP_KEY] = step
    st.session_state[JUMP_KEY] = step


def _on_jump() -> None:
    st.session_state[STEP_KEY] = st.session_state[JUMP_KEY]


def _questionnaire(ws: WorkshopStore, token: str, access: ParticipantAccess) -> None:
    boot = current_boot()
    framework = boot.framework
    store = ParticipantAssessments(ws, token, access.assessment_id)
    work = working(store, access.assessment_id)
    if work is None:
        st.error("Your answers could not be found; please join again.")
        return
    total = len(framework.questions)
    done = answered_count(work, framework.questions)
    st.progress(done / total, text=f"{done} of {total} questions answered")
    overall_save_status(store, work)
    steps = len(framework.dimensions)
    step = st.session_state.setdefault(STEP_KEY, 1)
    st.session_state.setdefault(JUMP_KEY, step)
    st.selectbox(
        "Section",
        range(1, steps + 1),
        format_func=lambda k: f"{k}. {framework.dimensions[k - 1].name}",
        key=JUMP_KEY,
        on_change=_on_jump,
    )
    dimension = framework.dimensions[step - 1]
    st.header(f"{step}. {md_escape(dimension.name)}", anchor=False)
    first = sum(len(framework.questions_for(d.id)) for d in framework.dimensions[: step - 1])
    for offset, question in enumerate(framework.questions_for(dimension.id), start=1):
        render_question(store, work, question, number=first + offset, key_prefix="wj")
    back, forward = st.columns(2)
    if step > 1:
        back.button("Back", key="wj.back", on_click=_on_step, args=(step - 1,), width="stretch")
    if step < steps:
        forward.button(
            "Next",
            key="wj.next",
            type="primary",
            on_click=_on_step,
            args=(step + 1,),
            width="stretch",
        )
    elif forward.button(
        "I have finished",
        key="wj.finish",
        type="primary",
        width="stretch",
        disabled=access.finished,
    ):
        try:
            ws.set_finished(token)
        except (WorkshopClosed, StoreError) as exc:
            st.error(str(exc))
        else:
            st.rerun()
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
        _closed_view(access, ParticipantAssessments(ws, token, access.assessment_id))
        return
    _questionnaire(ws, token, access)
