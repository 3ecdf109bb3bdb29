"""The question widget: one question, its options, the N/A reason and a note, saved as given.

Reusable by any page that lets someone answer the questionnaire against an assessment id
(the wizard, a workshop participant's page): every function takes the store and the id, and the
answers live in that id's `Working` copy in the session, so widgets are re-seeded from it
whenever the user comes back to a page.

A change is kept in the copy by the widget's callback and saved once the page is drawn
(`saving`), with "Saving…" then "Saved" (or why not) under the question. The options are one
radio group: the five practices, then "Don't know" and "Not applicable", set apart by the CSS
in `style.py` and saying what they count as where the user chooses them.
"""

from __future__ import annotations

import hashlib
import re
import struct

import streamlit as st

from ..app import assessments as service
from ..app.assessments import AnswerStore, Working
from ..domain.models import DONT_KNOW, MAX_NOTE_CHARS, NOT_APPLICABLE, Choice, Question
from ..readout.vocabulary import CHOICES, option_text
from . import progress, saving, sector
from .state import working
from .style import QUESTION_CARD
from .text import content_md

NA_REASON_LABEL = "Why is this not applicable?"
NOTE_LABEL = "Note (optional)"
NOTE_PLACEHOLDER = "Evidence, context. Saved when you leave the field."
NOTE_CHOOSE_FIRST = "Choose an answer first"
DONT_KNOW_LABEL = "Don't know — counts as 0 until you find out"
NOT_APPLICABLE_LABEL = "Not applicable — left out of the score (give a reason)"


def choice_label(question: Question, choice: Choice) -> str:
    """An option as offered: the described practice, or what an unknown answer counts as."""
    if choice == DONT_KNOW:
        return DONT_KNOW_LABEL
    if choice == NOT_APPLICABLE:
        return NOT_APPLICABLE_LABEL
    return option_text(question, choice)


def card_key(prefix: str, question_id: str) -> str:
    """The key of a question's container: Streamlit gives it the CSS class `st-key-<key>`."""
    return f"{QUESTION_CARD}-{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '-', question_id)}"


def card_selector(prefix: str, question_id: str) -> str:
    """A CSS selector for a question's container (to scroll to it)."""
    return f".st-key-{card_key(prefix, question_id)}"


def widget_key(prefix: str, assessment_id: str, question_id: str, part: str) -> str:
    """Widget keys carry a digest of the id, so two assessments never share a widget's state."""
    digest = hashlib.sha256(assessment_id.encode()).hexdigest()[:12]
    return f"{prefix}.{digest}.{question_id}.{part}"


def note_digest(text: str) -> str:
    """A short digest of a note (FNV-1a, 32 bits, over UTF-16 code units), computed alike by
    the browser (`browser._HELPER_JS`'s noteDigest) to tell a kept note from the saved one;
    not a secret, so not a cryptographic hash (crypto.subtle needs https)."""
    value = 0x811C9DC5
    for (unit,) in struct.iter_unpack("<H", text.encode("utf-16-le")):
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return format(value, "x")


def kept_in_browser(work: Working, prefix: str) -> dict[str, object]:
    """What the browser needs to keep choices and notes until they are saved (see
    `browser.helper`): a digest of the id, every saved answer as its question card's key and
    option index, and a digest of every saved answer's note."""
    done = [(qid, a) for qid, a in work.responses.answers.items() if qid not in work.pending]
    saved = {card_key(prefix, qid): CHOICES.index(answer.choice) for qid, answer in done}
    notes = {card_key(prefix, qid): note_digest(answer.note) for qid, answer in done}
    digest = hashlib.sha256(work.assessment_id.encode()).hexdigest()[:16]
    return {"scope": f"{prefix}-{digest}", "saved": saved, "notes": notes}


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
    service.hold_choice(work, question_id, choice)  # saved once the page is drawn


def _on_note(
    store: AnswerStore, assessment_id: str, question_id: str, key: str, other_key: str
) -> None:
    work = working(store, assessment_id)
    if work is None:
        return
    st.session_state.pop(other_key, None)  # the other field re-seeds from the saved note
    service.hold_note(work, question_id, str(st.session_state.get(key) or ""))


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
    locked = progress.read_only(work)  # followed up: shown as it was, nothing to change

    with st.container(border=True, key=card_key(key_prefix, qid)):
        st.markdown(f"**{number}\\. {content_md(question.text)}**")
        st.caption(content_md(question.help))
        progress.last_time(store, work, question, key_prefix)  # a carried-over follow-up
        sector.question_hint(work.responses.organization.sector_id, qid)  # note, N/A hint
        shown = st.radio(
            f"{number}. {question.text}",
            CHOICES,
            # The saved answer as the default, never seeded into the session: a browser that
            # sends its own value (a new server session after a switch) must be heard.
            index=CHOICES.index(answer.choice) if answer else None,
            format_func=lambda c: content_md(choice_label(question, c)),
            key=choice_key,
            label_visibility="collapsed",
            disabled=locked,
            on_change=_on_choice,
            args=(store, aid, qid, choice_key),
        )
        if not locked and shown is not None and (answer is None or answer.choice != shown):
            # The browser shows a choice this copy does not hold: a click whose callback never
            # ran, because it reached a new server session (a replica switch, a restart) before
            # any widget was registered there. Keep it as the callback would have.
            service.hold_choice(work, qid, shown)
            answer = work.responses.answers.get(qid)
        if answer is not None and answer.choice == NOT_APPLICABLE:
            _seed(reason_key, answer.note)
            st.text_input(
                NA_REASON_LABEL,
                key=reason_key,
                max_chars=MAX_NOTE_CHARS,
                disabled=locked,
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
                    disabled=answer is None or locked,
                    placeholder=NOTE_CHOOSE_FIRST if answer is None else NOTE_PLACEHOLDER,
                    label_visibility="collapsed",
                    on_change=_on_note,
                    args=(store, aid, qid, note_key, reason_key),
                )
        saving.question_status(store, work, qid)
