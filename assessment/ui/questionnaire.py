"""The question widget: one question, its options, the N/A reason and a note, saved as given.

Reusable by any page that lets someone answer the questionnaire against an assessment id
(the wizard, a workshop participant's page): every function takes the store and the id, and the
answers live in that id's `Working` copy in the session, so widgets are re-seeded from it
whenever the user comes back to a page.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from ..app import assessments as service
from ..app.assessments import AnswerStore, Working
from ..models import MAX_NOTE_CHARS, NOT_APPLICABLE, Question
from ..vocabulary import CHOICES, option_text
from .state import working
from .text import content_md, md_escape

NA_REASON_LABEL = "Why is this not applicable?"
NOTE_LABEL = "Note (optional)"


def widget_key(prefix: str, assessment_id: str, question_id: str, part: str) -> str:
    """Widget keys carry a digest of the id, so two assessments never share a widget's state."""
    digest = hashlib.sha256(assessment_id.encode()).hexdigest()[:12]
    return f"{prefix}.{digest}.{question_id}.{part}"


_MISSING = object()


def _seed(key: str, value: object) -> None:
    # Streamlit drops a widget's state when its page is left; re-seed from our own copy.
    # (`.get` rather than `in`: `in` walks every key in the session.)
    if st.session_state.get(key, _MISSING) is _MISSING:
        st.session_state[key] = value


def _on_choice(store: AnswerStore, assessment_id: str, question_id: str, key: str) -> None:
    work = working(store, assessment_id)
    choice = st.session_state.get(key)
    if work is None or choice is None:
        return
    service.choose(store, work, question_id, choice)


def _on_note(
    store: AnswerStore, assessment_id: str, question_id: str, key: str, other_key: str
) -> None:
    work = working(store, assessment_id)
    if work is None:
        return
    st.session_state.pop(other_key, None)  # the other field re-seeds from the saved note
    service.write_note(store, work, question_id, str(st.session_state.get(key) or ""))


def render_question(
    store: AnswerStore,
    work: Working,
    question: Question,
    number: int,
    key_prefix: str = "q",
) -> None:
    """Show one question with its five described options, Don't know, N/A, help and a note."""
    aid, qid = work.assessment_id, question.id
    answer = work.responses.answers.get(qid)
    choice_key = widget_key(key_prefix, aid, qid, "choice")
    reason_key = widget_key(key_prefix, aid, qid, "reason")
    note_key = widget_key(key_prefix, aid, qid, "note")
    _seed(choice_key, answer.choice if answer else None)

    with st.container(border=True):
        st.markdown(f"**{number}\\. {content_md(question.text)}**")
        st.caption(content_md(question.help))
        st.radio(
            f"{number}. {question.text}",
            CHOICES,
            index=None,
            format_func=lambda c: content_md(option_text(question, c)),
            key=choice_key,
            label_visibility="collapsed",
            on_change=_on_choice,
            args=(store, aid, qid, choice_key),
        )
        if answer is not None and answer.choice == NOT_APPLICABLE:
            _seed(reason_key, answer.note)
            st.text_input(
                NA_REASON_LABEL,
                key=reason_key,
                max_chars=MAX_NOTE_CHARS,
                placeholder="For example: we have no public accounts in this market",
                on_change=_on_note,
                args=(store, aid, qid, reason_key, note_key),
            )
            if not answer.note.strip():
                st.warning(
                    "Please give a short reason: the report lists every question left out.",
                    icon=":material/edit_note:",
                )
        else:
            has_note = bool(answer and answer.note.strip())
            _seed(note_key, answer.note if answer else "")
            with st.expander(NOTE_LABEL + (" · added" if has_note else "")):
                st.text_area(
                    NOTE_LABEL,
                    key=note_key,
                    max_chars=MAX_NOTE_CHARS,
                    disabled=answer is None,
                    placeholder="Choose an answer first" if answer is None else "Evidence, context",
                    label_visibility="collapsed",
                    on_change=_on_note,
                    args=(store, aid, qid, note_key, reason_key),
                )
        save_status(work, qid)


def save_status(work: Working, question_id: str) -> None:
    """A quiet "Saved", or a clear note that this answer is waiting to be saved."""
    if question_id in work.pending:
        st.error(
            "Not saved yet — kept here and retried with your next click.",
            icon=":material/sync_problem:",
        )
    elif question_id == work.last_saved:
        st.caption(":material/check: Saved")


def overall_save_status(work: Working) -> None:
    """One line for the whole assessment, with a retry button when something is unsaved."""
    if not work.unsaved:
        return
    st.error(
        f"{work.unsaved} change(s) not saved: the database did not accept them. They are kept "
        "in this browser tab and saved as soon as it does.",
        icon=":material/sync_problem:",
    )
    if work.last_error:
        st.caption(md_escape(work.last_error))
    st.button("Try saving again", key=f"retry.{work.assessment_id[:12]}")
