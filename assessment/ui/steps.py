"""The questionnaire in steps, one dimension per step: shared by the self-assessment wizard and
a workshop participant's page.

Each page gives a key prefix (its steps are its own) and the store its answers go to.

Every step change (Back, Next, the step list, a link to an unanswered question) asks the browser
to bring the new step's heading (or that question) to the top of the screen, once. The step
list shows how much of each step is answered, with a tick when it is all answered: as a grid
above the step on a wide screen, folded into "All steps" on a phone (`style.py` shows one).
"""

from __future__ import annotations

import streamlit as st

from ..app import assessments as service
from ..app.assessments import AnswerStore, Working
from ..domain.models import Framework
from ..readout.vocabulary import answered_count
from . import browser, saving
from .questionnaire import kept_in_browser, render_question
from .style import PROGRESS, STEPS_GRID, STEPS_INLINE
from .text import md_escape


def _step_key(prefix: str) -> str:
    return f"{prefix}.step"


def _scroll_key(prefix: str) -> str:
    return f"{prefix}.scroll"  # session_state: (nonce, CSS selector) of the last step change


def step_anchor(prefix: str, step: int) -> str:
    """The id of a step's heading."""
    return f"{prefix}-step-{step}"


def go_to(prefix: str, step: int, target: str | None = None) -> None:
    """Move to a step and bring its heading (or `target`, a CSS selector) into view."""
    st.session_state[_step_key(prefix)] = step
    nonce, _ = st.session_state.get(_scroll_key(prefix), (0, None))
    st.session_state[_scroll_key(prefix)] = (nonce + 1, target or f"#{step_anchor(prefix, step)}")


def current_step(prefix: str, initial: int = 1) -> int:
    step: int = st.session_state.setdefault(_step_key(prefix), initial)
    return step


def step_list(framework: Framework, work: Working, prefix: str, step: int, where: str) -> None:
    """Every step as a button: its number, name and answered count, a tick once complete."""
    for item in service.step_progress(framework, work.responses.answers):
        label = f"{item.step}. {md_escape(item.name)} · {item.answered} of {item.total}"
        st.button(
            label + (" · done" if item.done else ""),
            icon=":material/check_circle:" if item.done else ":material/radio_button_unchecked:",
            key=f"{prefix}.steps.{where}.{item.step}",
            type="primary" if item.step == step else "secondary",
            width="stretch",
            on_click=go_to,
            args=(prefix, item.step),
        )


def show_step(
    framework: Framework, store: AnswerStore, work: Working, prefix: str, step: int
) -> None:
    """Progress, the step list, the step's heading and its questions, numbered 1..N overall."""
    steps = len(framework.dimensions)
    total = len(framework.questions)
    done = answered_count(framework.questions, work.responses.answers)
    with st.container(key=f"{PROGRESS}-{prefix}"):  # stays in view (style.py)
        st.progress(done / total, text=f"{done} of {total} questions answered")
    saving.overall_status(store, work)
    with st.container(key=f"{STEPS_GRID}-{prefix}"):
        step_list(framework, work, prefix, step, "grid")
    with (
        st.container(key=f"{STEPS_INLINE}-{prefix}"),
        st.expander(f"All steps · now on step {step}"),
    ):
        step_list(framework, work, prefix, step, "fold")
    dimension = framework.dimensions[step - 1]
    st.header(
        f"Step {step} of {steps}: {md_escape(dimension.name)}", anchor=step_anchor(prefix, step)
    )
    st.markdown(md_escape(dimension.summary))
    in_step = framework.questions_for(dimension.id)
    st.caption(
        f"{answered_count(in_step, work.responses.answers)} of {len(in_step)} answered in this step"
    )
    first = sum(len(framework.questions_for(d.id)) for d in framework.dimensions[: step - 1])
    for offset, question in enumerate(in_step, start=1):
        render_question(store, work, question, number=first + offset, key_prefix=prefix)
    nonce, target = st.session_state.get(_scroll_key(prefix), (0, None))
    browser.helper(prefix, scroll_to=target, nonce=nonce, keep=kept_in_browser(work, prefix))


def step_buttons(
    prefix: str,
    step: int,
    steps: int,
    finish_label: str,
    *,
    finish_icon: str | None = None,
    finish_disabled: bool = False,
) -> bool:
    """Back and Next, and on the last step the finishing button: True when it is clicked.

    Side by side on every screen (columns would stack them on a phone)."""
    row = st.container(horizontal=True, key=f"{prefix}.buttons")
    back, forward = row, row
    back.button(
        "Back",
        icon=":material/arrow_back:",
        disabled=step == 1,
        on_click=go_to,
        args=(prefix, step - 1),
        key=f"{prefix}.back",
        width="stretch",
    )
    if step < steps:
        forward.button(
            "Next",
            icon=":material/arrow_forward:",
            icon_position="right",
            type="primary",
            on_click=go_to,
            args=(prefix, step + 1),
            key=f"{prefix}.next",
            width="stretch",
        )
        return False
    return forward.button(
        finish_label,
        icon=finish_icon,
        icon_position="right",
        type="primary",
        key=f"{prefix}.finish",
        width="stretch",
        disabled=finish_disabled,
    )
