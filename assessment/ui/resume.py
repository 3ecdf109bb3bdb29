"""Coming back on this device: the last assessment opened here, offered when none is open.

The page helper keeps the current assessment's id in a cookie (`browser.helper`); a new session
(a new tab, a bookmark of the app without the link, a closed browser) reads it at start, and
Start and the assessment pages offer to resume that assessment, naming it, or to forget it on
this device. Nothing opens by itself: on a shared computer the next person chooses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from ..app import assessments as service
from ..domain.models import Answer, Framework
from ..readout.vocabulary import answered_text
from . import browser, nav
from .questionnaire import card_selector
from .state import adopt, current_boot, set_current
from .steps import go_to
from .text import md_escape

WIZARD = "wz"  # the wizard's key prefix (wizard.PREFIX; imported there, not here: no cycle)
STOPPED_KEY = "wz.stopped"  # session_state: "You stopped at question 21 of 43." to say once
_REMEMBERED_KEY = "ui.remembered"  # session_state: Remembered | None, read once per session
FORGET_KEY = "ui.forget"  # session_state: True once the user asked to forget it here


@dataclass(frozen=True)
class Remembered:
    assessment_id: str
    organization: str
    answered: str


def remembered() -> Remembered | None:
    """The assessment this device opened last, if it exists (read once per session)."""
    if st.session_state.get(FORGET_KEY):
        return None
    if _REMEMBERED_KEY not in st.session_state:
        boot = current_boot()
        work = service.remembered(boot.store, boot.framework, browser.cookie())
        st.session_state[_REMEMBERED_KEY] = (
            None
            if work is None
            else Remembered(
                work.assessment_id,
                work.responses.organization.name,
                answered_text(boot.framework.questions, work.responses.answers),
            )
        )
    found: Remembered | None = st.session_state[_REMEMBERED_KEY]
    return found


def cookie_value(current_id: str | None) -> str | None:
    """What the page helper keeps in this device's cookie: the open assessment, nothing after
    "forget", else leave it as it is (None)."""
    if current_id:
        return current_id
    return "" if st.session_state.get(FORGET_KEY) else None


def go_where_stopped(framework: Framework, answers: Mapping[str, Answer]) -> str:
    """Put the wizard on the first unanswered question (and say so); the page to open:
    "assessment", or "results" when every question is answered."""
    left = service.unanswered(framework, answers)
    if not left:
        return "results"
    first = left[0]
    go_to(WIZARD, first.step, card_selector(WIZARD, first.question.id))  # focus goes there too
    if answers:  # a new assessment starts at question 1 without a word
        st.session_state[STOPPED_KEY] = (
            f"You stopped at question {first.number} of {len(framework.questions)}."
        )
    return "assessment"


def _forget() -> None:
    st.session_state[FORGET_KEY] = True
    st.session_state.pop(_REMEMBERED_KEY, None)


def offer(page: str = "assessment") -> bool:
    """Offer to resume the assessment this device opened last; True when one is offered."""
    found = remembered()
    if found is None:
        return False
    with st.container(border=True, key="rd-remembered"):
        st.markdown("**Your last assessment on this device**")
        st.markdown(md_escape(found.organization))
        st.caption(found.answered)
        row = st.container(horizontal=True)
        if row.button(
            "Resume it", type="primary", icon=":material/play_arrow:", key="resume.remembered"
        ):
            boot = current_boot()
            outcome = service.resume(boot.store, boot.framework, found.assessment_id)
            if outcome.value is None:
                for problem in outcome.problems:
                    st.error(md_escape(problem), icon=":material/error:")
            else:
                adopt(outcome.value)
                set_current(outcome.value.assessment_id)
                if page == "assessment":  # back to where they stopped
                    page = go_where_stopped(boot.framework, outcome.value.responses.answers)
                nav.go(page)
        row.button(
            "Forget it on this device",
            type="tertiary",
            icon=":material/close:",
            key="resume.forget",
            on_click=_forget,
        )
        st.caption(
            "Only this browser remembers it. On a shared computer, choose Forget: the "
            "assessment stays saved and its link still opens it."
        )
    return True
