"""Assessment page: a wizard, one dimension per step, every answer saved as it is given."""

from __future__ import annotations

import streamlit as st

from ..models import Framework
from . import nav
from .questionnaire import answered_count, overall_save_status, render_question
from .state import current_boot, keep_in_url
from .text import md_escape, plain

STEP_KEY = "wz.step"
JUMP_KEY = "wz.jump"
STEP_PARAM = "step"


def need_assessment() -> None:
    """What the assessment pages show when no assessment is open yet."""
    st.info("Start a new assessment or resume one first.", icon=":material/info:")
    nav.link("start", "Go to the start page", ":material/home:")


def _initial_step(steps: int) -> int:
    """The step in the URL (a refresh keeps the user's place), else the first."""
    raw = st.query_params.get(STEP_PARAM, "1")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= steps else 1


def _go_to(step: int) -> None:
    st.session_state[STEP_KEY] = step
    st.session_state[JUMP_KEY] = step


def _on_jump() -> None:
    st.session_state[STEP_KEY] = st.session_state[JUMP_KEY]


def step_label(framework: Framework, step: int) -> str:
    # Fixed labels: a widget's options are part of its identity, so no counts in them.
    return f"{step}. {framework.dimensions[step - 1].name}"


def render() -> None:
    boot = current_boot()
    st.title("Assessment")
    if boot.work is None:
        need_assessment()
        return
    framework, store, work = boot.framework, boot.store, boot.work
    steps = len(framework.dimensions)
    step = st.session_state.setdefault(STEP_KEY, _initial_step(steps))
    st.session_state.setdefault(JUMP_KEY, step)
    keep_in_url(str(step), STEP_PARAM)

    plain(work.responses.organization.name)
    total = len(framework.questions)
    done = answered_count(work, framework.questions)
    st.progress(done / total, text=f"{done} of {total} questions answered")
    overall_save_status(store, work)

    st.selectbox(
        "Jump to a step",
        range(1, steps + 1),
        format_func=lambda k: step_label(framework, k),
        key=JUMP_KEY,
        on_change=_on_jump,
    )

    dimension = framework.dimensions[step - 1]
    st.header(f"Step {step} of {steps}: {md_escape(dimension.name)}", anchor=False)
    st.markdown(md_escape(dimension.summary))
    in_step = framework.questions_for(dimension.id)
    st.caption(f"{answered_count(work, in_step)} of {len(in_step)} answered in this step")
    first = sum(len(framework.questions_for(d.id)) for d in framework.dimensions[: step - 1])
    for offset, question in enumerate(framework.questions_for(dimension.id), start=1):
        render_question(store, work, question, number=first + offset, key_prefix="wz")

    back, forward = st.columns(2)
    back.button(
        "Back",
        icon=":material/arrow_back:",
        disabled=step == 1,
        on_click=_go_to,
        args=(step - 1,),
        key="wz.back",
        width="stretch",
    )
    if step < steps:
        forward.button(
            "Next",
            icon=":material/arrow_forward:",
            icon_position="right",
            type="primary",
            on_click=_go_to,
            args=(step + 1,),
            key="wz.next",
            width="stretch",
        )
    elif forward.button(
        "See your results",
        icon=":material/insights:",
        icon_position="right",
        type="primary",
        key="wz.finish",
        width="stretch",
    ):
        nav.go("results")
    if done < total:
        st.caption(
            "You can leave questions unanswered and come back later: results show how complete "
            "the assessment is."
        )
