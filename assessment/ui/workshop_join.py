"""Workshop participant page: join with the code, then answer the questionnaire on your own.

The participant's secret token is the URL id (`?p=<token>`): it opens only their own assessment
(through `ParticipantAnswers`), so the wizard's steps are reused as they are, and a
refresh or a later visit with the same link brings every saved answer back. Under each step the
participant may share a note with the room (shown on the projector without their name; not
shared unless they tick it), and a notice asks them to answer again when the room re-votes a
question. Names, roles and notes are shown with `st.text` or escaped, never as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from ..app import workshops as service
from ..app.assessments import Working
from ..domain.models import Framework
from ..readout.vocabulary import answered_count
from ..store import (
    ParticipantAccess,
    ParticipantAnswers,
    StoreError,
    WorkshopStore,
    looks_like_token,
)
from .state import client_key, current_boot, keep_in_url, working, workshop_store
from .steps import current_step, go_to, show_step, step_buttons
from .text import content_md, md_escape

PARTICIPANT_PARAM = "p"
CODE_PARAM = "code"
ROLES = ["Marketing", "Customer service", "IT", "Leadership", "Sales", "Communications"]
TOKEN_KEY = "wj.token"  # noqa: S105 - a session_state key, not a secret
PREFIX = "wj"
REVOTE_CHECK_SECONDS = 10
AWAY_CHECK_SECONDS = 3
ACCESS_KEY = "wj.access"  # session_state: (token, the ParticipantAccess last read)


def participant_token() -> str | None:
    token = st.query_params.get(PARTICIPANT_PARAM) or st.session_state.get(TOKEN_KEY)
    return token if looks_like_token(token) else None


def _join_form(ws: WorkshopStore) -> str | None:
    """The join form; the new participant's token once they joined (None until then).

    The form is drawn in a slot that a successful join empties, and the caller draws the first
    question in the same run: a rerun for it cost a second run of the whole app and a round
    trip between the click and the first question (issue 21: join within 2 s)."""
    slot = st.empty()
    with slot.container():
        submitted, code, anonymous, name, role = _join_fields()
    if not submitted:
        return None
    joined = service.join(ws, code, "" if anonymous else (name or ""), role or "", client_key())
    if joined.value is None:
        for problem in joined.problems:
            st.error(md_escape(problem), icon=":material/error:")
        return None
    slot.empty()
    token = joined.value
    st.session_state[TOKEN_KEY] = token
    st.query_params.pop(CODE_PARAM, None)
    keep_in_url(token, PARTICIPANT_PARAM)
    return token


def _join_fields() -> tuple[bool, str, bool, str, str | None]:
    """The page's head and the form: (submitted, code, anonymous, name, role)."""
    st.title("Join a workshop")
    st.write(
        "Your facilitator shows a join code on the screen. Your answers are yours: the other "
        "participants never see them; the facilitator sees them to lead the discussion."
    )
    code_default = st.query_params.get(CODE_PARAM, "")
    with st.form("wj.form"):
        code = st.text_input("Join code", value=code_default, max_chars=20, placeholder="ABCD-EFGH")
        anonymous = st.checkbox(
            "Join anonymously (the facilitator sees only a number: no name, no role)"
        )
        st.caption(
            "The room's screen never shows names, roles or anyone's own answers: only counts, "
            "and a role's figures only for a group of at least 3. With your name, the "
            "facilitator sees your name, role and answers. Anonymously, the facilitator sees "
            "'Participant' and a number, how many questions you answered, and your answers "
            "only inside totals and averages of at least 3 people."
        )
        name = st.text_input("Your name", max_chars=200, disabled=False)
        role = st.selectbox(
            "Your role",
            ROLES,
            index=None,
            placeholder="Choose or type your role",
            accept_new_options=True,
        )
        submitted = st.form_submit_button("Join the workshop", type="primary")
    return submitted, code, anonymous, name, role


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
    _revote_notice(ws, token, framework)
    show_step(framework, store, work, PREFIX, step)
    _share_notes(ws, token, framework, work, access, step)
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


def _on_share(ws: WorkshopStore, token: str, question_id: str, key: str) -> None:
    shared = service.share_note(ws, token, question_id, shared=bool(st.session_state.get(key)))
    if not shared.ok:
        st.session_state[key] = not st.session_state.get(key)
        st.session_state["wj.share_error"] = shared.problems[0]


def _share_notes(
    ws: WorkshopStore,
    token: str,
    framework: Framework,
    work: Working,
    access: ParticipantAccess,
    step: int,
) -> None:
    """The notes of this step, each with its own "share with the room" box (off by default)."""
    dimension = framework.dimensions[step - 1]
    noted = [
        q
        for q in framework.questions_for(dimension.id)
        if (a := work.responses.answers.get(q.id)) is not None and a.note.strip()
    ]
    if not noted:
        return
    with st.expander(f"Share your notes with the room ({len(noted)} in this step)"):
        st.caption(
            "Your notes stay private unless you tick them here. A shared note appears on the "
            "projected screen and on the facilitator's screen without your name or role, next "
            "to the question, once at least 3 people have answered it. Its wording can still "
            "tell who wrote it (a detail only you would know, your way of putting things): "
            "share what you are happy to have read as yours."
        )
        for q in noted:
            key = f"wj.share.{q.id}"
            st.session_state.setdefault(key, q.id in access.shared)
            st.checkbox(
                f"Share my note on: {content_md(q.text)}",
                key=key,
                on_change=_on_share,
                args=(ws, token, q.id, key),
            )
            st.text(work.responses.answers[q.id].note[:500])
        if error := st.session_state.pop("wj.share_error", None):
            st.error(md_escape(error))


def _step_of(framework: Framework, question_id: str) -> int:
    dimension = framework.question(question_id).dimension
    return next(i for i, d in enumerate(framework.dimensions, start=1) if d.id == dimension)


def _revote_notice(ws: WorkshopStore, token: str, framework: Framework) -> None:
    """Checks every few seconds whether the room votes again on a question, and says so."""

    @st.fragment(run_every=REVOTE_CHECK_SECONDS)
    def notice() -> None:
        try:
            access = ws.participant(token)
        except StoreError:
            return
        if access is None or not access.workshop_open or not access.revotes:
            return
        qid = access.revotes[-1]
        with st.container(border=True):
            st.markdown(
                ":material/how_to_vote: **The room votes again on this question.** Change your "
                "answer if the discussion changed your mind:"
            )
            st.markdown(content_md(framework.question(qid).text))
            if st.button("Go to this question", key=f"wj.revote.{qid}"):
                go_to(PREFIX, _step_of(framework, qid))
                st.rerun()

    notice()


def _last_access(token: str) -> ParticipantAccess | None:
    """What this session last read for this token (the page keeps working while the database
    is away: answers are kept in the tab and saved when it is back)."""
    kept = st.session_state.get(ACCESS_KEY)
    return kept[1] if kept and kept[0] == token else None


def _database_away(
    ws: WorkshopStore, token: str, exc: StoreError, *, questionnaire_kept: bool
) -> None:
    """Says the database is away, checks again every few seconds, and brings the whole page
    back by itself once it answers."""

    @st.fragment(run_every=AWAY_CHECK_SECONDS)
    def away() -> None:
        try:
            ws.participant(token)
        except StoreError:
            pass
        else:
            st.rerun()
        if questionnaire_kept:
            st.warning(
                "The workshop database cannot be reached right now. Keep answering: your "
                "answers stay on this page and are saved as soon as it is back.",
                icon=":material/cloud_off:",
            )
        else:
            st.error(
                "The workshop database cannot be reached right now. This page checks again "
                f"every {AWAY_CHECK_SECONDS} seconds and comes back by itself: your saved "
                "answers are safe.",
                icon=":material/cloud_off:",
            )
            st.caption(md_escape(str(exc)))

    away()


def render() -> None:
    ws = workshop_store()
    token = participant_token() or _join_form(ws)
    if token is None:
        return
    try:
        access = ws.participant(token)
    except StoreError as exc:
        access = _last_access(token)
        _database_away(ws, token, exc, questionnaire_kept=access is not None)
        if access is None:
            return
    st.session_state[ACCESS_KEY] = (token, access)
    if access is None:
        st.title("Workshop link not found")
        st.error(
            "This participant link does not lead to a workshop: it may be mistyped, or the "
            "workshop was deleted after a time without use."
        )
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
