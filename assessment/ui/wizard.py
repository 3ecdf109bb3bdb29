"""Assessment page: a wizard, one dimension per step, every answer saved as it is given.

"See your results" with questions still unanswered first lists them, each a link to its
question, with the choice to see the results anyway.

The step (progress, step list, questions, Back/Next) is a fragment: an answer click redraws it,
not the page around it (menu, link, title), so a click costs about what the step itself costs.
"""

from __future__ import annotations

import streamlit as st

from ..app import assessments as service
from ..app.assessments import AnswerStore, Working
from ..domain.models import Framework
from . import nav, progress, resume, saving
from .questionnaire import card_selector
from .state import current_boot, keep_in_url
from .steps import current_step, go_to, show_step, step_buttons
from .text import md_escape

PREFIX = "wz"
STEP_PARAM = "step"
REVIEW_KEY = "wz.review"  # session_state: True once "See your results" found questions left
REVIEW_ANCHOR = "wz-review"


def need_assessment(page: str = "assessment") -> None:
    """What the assessment pages show when no assessment is open yet."""
    st.info("Start a new assessment or resume one first.", icon=":material/info:")
    resume.offer(page)
    nav.link("start", "Go to the start page", ":material/home:")


def _initial_step(steps: int) -> tuple[int, str | None]:
    """The step in the URL (a refresh keeps the user's place), else the first; and what to
    tell the user when the URL's step names none."""
    raw = st.query_params.get(STEP_PARAM)
    step = service.step_from_param(raw, steps)
    if step is not None:
        return step, None
    if raw is None:
        return 1, None
    shown = raw if len(raw) <= 12 else raw[:12] + "…"
    return 1, (
        f'The step in this link ("{shown}") is not a step of this assessment (1 to {steps}): '
        "here is step 1. Use the step list to go to another."
    )


def open_review() -> None:
    """Show the unanswered list on the last step, and bring it into view."""
    steps = len(current_boot().framework.dimensions)
    st.session_state[REVIEW_KEY] = True
    go_to(PREFIX, steps, f"#{REVIEW_ANCHOR}")


def review(framework: Framework, left: list[service.Unanswered]) -> None:
    """The questions still unanswered, each a link to it, and the way on to the results."""
    st.header("Before your results", anchor=REVIEW_ANCHOR)
    st.markdown(
        f"**{len(left)} of {len(framework.questions)} questions have no answer yet.** "
        "Results cover what is answered and say how complete they are. "
        'If you do not know an answer, "Don\'t know" counts as 0 and is listed to find out.'
    )
    if st.button(
        "See my results now", icon=":material/insights:", key="wz.results-now", type="primary"
    ):
        nav.go("results")
    for step, dimension in enumerate(framework.dimensions, start=1):
        in_step = [u for u in left if u.step == step]
        if not in_step:
            continue
        st.markdown(f"**Step {step}: {md_escape(dimension.name)}** · {len(in_step)} unanswered")
        with st.container(key=f"wz-left-{step}"):
            for item in in_step:
                st.button(
                    f"{item.number}\\. {md_escape(item.question.text)}",
                    key=f"wz.left.{item.question.id}",
                    type="tertiary",
                    icon=":material/arrow_forward:",
                    on_click=go_to,
                    args=(PREFIX, step, card_selector(PREFIX, item.question.id)),
                )


def render() -> None:
    boot = current_boot()
    st.title("Assessment")
    if boot.work is None:
        need_assessment()
        return
    framework, work = boot.framework, boot.work
    steps = len(framework.dimensions)
    if "wz.step" not in st.session_state:
        fresh = st.query_params.get(STEP_PARAM) is None and nav.landed_on("assessment")
        # the assessment's link, opened afresh: back to where they stopped
        if fresh and resume.go_where_stopped(framework, work.responses.answers) == "results":
            nav.go("results")
        initial, problem = _initial_step(steps)
        if problem:
            st.warning(md_escape(problem), icon=":material/link_off:")
    else:
        initial = 1
    current_step(PREFIX, initial)
    st.caption(md_escape(work.responses.organization.name))
    progress.read_only_notice(boot.store, work)  # followed up: kept as it was
    if stopped := st.session_state.pop(resume.STOPPED_KEY, None):
        st.info(stopped, icon=":material/bookmark:")
        st.toast(stopped, icon=":material/bookmark:")  # seen once the question is in view
    questionnaire(framework, boot.store, work)


@st.fragment
def questionnaire(framework: Framework, store: AnswerStore, work: Working) -> None:
    """The current step, redrawn alone on an answer click (and saved here then)."""
    saving.begin_fragment()
    try:
        _step(framework, store, work)
    except BaseException:  # st.rerun, st.switch_page: save, draw nothing more
        saving.end_fragment(show=False)
        raise
    saving.end_fragment()


def _step(framework: Framework, store: AnswerStore, work: Working) -> None:
    steps = len(framework.dimensions)
    step = current_step(PREFIX)
    keep_in_url(str(step), STEP_PARAM)
    show_step(framework, store, work, PREFIX, step)
    left = service.unanswered(framework, work.responses.answers)
    if step_buttons(PREFIX, step, steps, "See your results", finish_icon=":material/insights:"):
        if not left:
            nav.go("results")
        open_review()
        st.rerun()
    if st.session_state.get(REVIEW_KEY) and left:
        if step == steps:
            review(framework, left)
        else:
            st.button(
                f"Back to the list of unanswered questions ({len(left)} left)",
                icon=":material/checklist:",
                key="wz.to-review",
                type="tertiary",
                on_click=open_review,
            )
    elif left:
        st.caption(
            "You can leave questions unanswered and come back later: results show how complete "
            "the assessment is."
        )
