"""Assessment page: a wizard, one dimension per step, every answer saved as it is given."""

from __future__ import annotations

import streamlit as st

from ..vocabulary import answered_count
from . import nav
from .state import current_boot, keep_in_url
from .steps import current_step, show_step, step_buttons
from .text import plain

PREFIX = "wz"
STEP_PARAM = "step"


def need_assessment() -> None:
    """What the assessment pages show when no assessment is open yet."""
    st.info("Start a new assessment or resume one first.", icon=":material/info:")
    nav.link("start", "Go to the start page", ":material/home:")


def _initial_step(steps: int) -> int:
    """The step in the URL (a refresh keeps the user's place), else the first."""
    raw = st.query_params.get(STEP_PARAM, "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3):  # "²" is a digit, not a number
        return 1
    return int(raw) if 1 <= int(raw) <= steps else 1


def render() -> None:
    boot = current_boot()
    st.title("Assessment")
    if boot.work is None:
        need_assessment()
        return
    framework, work = boot.framework, boot.work
    steps = len(framework.dimensions)
    step = current_step(PREFIX, _initial_step(steps))
    keep_in_url(str(step), STEP_PARAM)
    plain(work.responses.organization.name)
    show_step(framework, boot.store, work, PREFIX, step)
    if step_buttons(PREFIX, step, steps, "See your results", finish_icon=":material/insights:"):
        nav.go("results")
    if answered_count(framework.questions, work.responses.answers) < len(framework.questions):
        st.caption(
            "You can leave questions unanswered and come back later: results show how complete "
            "the assessment is."
        )
