"""The questionnaire in steps, one dimension per step: shared by the self-assessment wizard and
a workshop participant's page.

Each page gives a key prefix (its steps are its own) and the store its answers go to.
"""

from __future__ import annotations

import streamlit as st

from ..app.assessments import AnswerStore, Working
from ..models import Framework
from ..vocabulary import answered_count
from .questionnaire import overall_save_status, render_question
from .text import md_escape


def _step_key(prefix: str) -> str:
    return f"{prefix}.step"


def _jump_key(prefix: str) -> str:
    return f"{prefix}.jump"


def go_to(prefix: str, step: int) -> None:
    st.session_state[_step_key(prefix)] = step
    st.session_state[_jump_key(prefix)] = step


def _on_jump(prefix: str) -> None:
    st.session_state[_step_key(prefix)] = st.session_state[_jump_key(prefix)]


def current_step(prefix: str, initial: int = 1) -> int:
    step: int = st.session_state.setdefault(_step_key(prefix), initial)
    st.session_state.setdefault(_jump_key(prefix), step)
    return step


def step_label(framework: Framework, step: int) -> str:
    # Fixed labels: a widget's options are part of its identity, so no counts in them.
    return f"{step}. {framework.dimensions[step - 1].name}"


def show_step(
    framework: Framework, store: AnswerStore, work: Working, prefix: str, step: int
) -> None:
    """Progress, the step picker, the step's heading and its questions, numbered 1..N overall."""
    steps = len(framework.dimensions)
    total = len(framework.questions)
    done = answered_count(framework.questions, work.responses.answers)
    st.progress(done / total, text=f"{done} of {total} questions answered")
    overall_save_status(work)
    st.selectbox(
        "Jump to a step",
        range(1, steps + 1),
        format_func=lambda k: step_label(framework, k),
        key=_jump_key(prefix),
        on_change=_on_jump,
        args=(prefix,),
    )
    dimension = framework.dimensions[step - 1]
    st.header(f"Step {step} of {steps}: {md_escape(dimension.name)}", anchor=False)
    st.markdown(md_escape(dimension.summary))
    in_step = framework.questions_for(dimension.id)
    st.caption(
        f"{answered_count(in_step, work.responses.answers)} of {len(in_step)} answered in this step"
    )
    first = sum(len(framework.questions_for(d.id)) for d in framework.dimensions[: step - 1])
    for offset, question in enumerate(in_step, start=1):
        render_question(store, work, question, number=first + offset, key_prefix=prefix)


def step_buttons(
    prefix: str,
    step: int,
    steps: int,
    finish_label: str,
    *,
    finish_icon: str | None = None,
    finish_disabled: bool = False,
) -> bool:
    """Back and Next, and on the last step the finishing button: True when it is clicked."""
    back, forward = st.columns(2)
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
