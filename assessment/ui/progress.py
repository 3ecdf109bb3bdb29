"""Progress over time on the Results page: start a follow-up, mark the plan's steps, and (on a
follow-up) what moved since last time and why. Draws and asks; the use cases in
`app/followups.py` compute and store.

Also the "Last time: ..." line under each question of a carried-over follow-up, with a button
that confirms last time's answer (the step list then counts it as answered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ..app import followups
from ..app.assessments import AnswerStore, Working, evaluation
from ..domain.models import (
    FollowUpMode,
    Framework,
    PlannedAction,
    Question,
    StepState,
    StepStatus,
)
from ..domain.progress import Progress, choice_words
from ..readout.progress import ProgressView
from ..store import AssessmentStore
from . import nav
from .state import adopt, client_key, current_boot, session_key, set_current
from .text import md_escape

TREND_FROM = 3  # a trend chart once the series has this many assessments
FOLLOW_KEY = "pg.follow"  # session_state: assessment id -> FollowUp | None (read once)
MODE_KEY = "pg.mode"
STATE_NAMES = {
    StepState.TO_DO: "To do",
    StepState.DOING: "Doing",
    StepState.DONE: "Done",
    StepState.DROPPED: "Dropped",
}
MODE_NAMES = {
    FollowUpMode.CARRIED.value: "Carried over: last time's answers shown, to confirm or change",
    FollowUpMode.FRESH.value: "Fresh: blank, so last time's answers cannot anchor the new ones",
}
SHOWING = {True: "done, and showing", False: "done, not showing yet", None: "done, cannot tell"}


def follow_up(store: AssessmentStore, framework: Framework, assessment_id: str):  # type: ignore[no-untyped-def]
    """The earlier assessment this one follows (read once per session), or None."""
    cache: dict[str, followups.FollowUp | None] = st.session_state.setdefault(FOLLOW_KEY, {})
    if assessment_id not in cache:
        cache[assessment_id] = followups.follow_up_of(store.engine, framework, assessment_id)
    return cache[assessment_id]


# --------------------------------------------------------------------------- under a question


def _confirm(store: AssessmentStore, assessment_id: str, question_id: str, prefix: str) -> None:
    boot = current_boot()
    work = boot.work
    follow = follow_up(store, boot.framework, assessment_id)
    if work is None or work.assessment_id != assessment_id or follow is None:
        return
    followups.confirm(store, work, follow, question_id)
    for key in list(st.session_state):  # the question's widgets re-seed from the copy
        if isinstance(key, str) and key.startswith(f"{prefix}.") and question_id in key:
            del st.session_state[key]


def last_time(store: AnswerStore, work: Working, question: Question, prefix: str) -> None:
    """Under a question of a carried-over follow-up: last time's answer and a Confirm button."""
    if not isinstance(store, AssessmentStore):
        return  # a workshop participant's page: no series
    follow = follow_up(store, current_boot().framework, work.assessment_id)
    if follow is None or follow.mode != FollowUpMode.CARRIED:
        return
    last = follow.last_time.answers.get(question.id)
    if last is None:
        st.caption("Last time: not answered.")
        return
    words = (
        question.option_label(last.choice)
        if isinstance(last.choice, int)
        else choice_words(last.choice)
    )
    st.caption(f"Last time: {md_escape(words)}")
    now = work.responses.answers.get(question.id)
    if now is None:
        st.button(
            "Confirm: still the same",
            key=f"pg.confirm.{question.id}",
            on_click=_confirm,
            args=(store, work.assessment_id, question.id, prefix),
            icon=":material/check:",
        )


READ_ONLY_KEY = "pg.read_only"  # session_state: assessment id -> has a follow-up (read once)


def read_only(work: Working) -> bool:
    """True once `read_only_notice` found a follow-up: the questions are then drawn disabled,
    so no change is typed that the store would refuse and leave pending."""
    return bool(st.session_state.get(READ_ONLY_KEY, {}).get(work.assessment_id))


def read_only_notice(store: AssessmentStore, work: Working) -> None:
    """On an assessment that has a follow-up: say that it is kept as it was (saves are refused)."""
    known: dict[str, bool] = st.session_state.setdefault(READ_ONLY_KEY, {})
    if work.assessment_id not in known:
        known[work.assessment_id] = followups.followed_up(store.engine, work.assessment_id)
    if known[work.assessment_id]:
        st.info(
            "This assessment has a follow-up, so it is kept as it was: changes here are not "
            "saved. Open the follow-up to record what changed.",
            icon=":material/lock:",
        )


# --------------------------------------------------------------------------- on Results


def _start(store: AssessmentStore, framework: Framework, assessment_id: str) -> None:
    mode = FollowUpMode(st.session_state.get(MODE_KEY) or FollowUpMode.CARRIED.value)
    outcome = followups.start_follow_up(
        store.engine,
        framework,
        assessment_id,
        mode,
        client_key=client_key(),
        session_key=session_key(),
    )
    if outcome.value is None:
        for problem in outcome.problems:
            st.error(md_escape(problem))
        return
    adopt(outcome.value)
    set_current(outcome.value.assessment_id)
    nav.go("assessment")


def _mark(store: AssessmentStore, assessment_id: str, step_id: str, key: str) -> None:
    state = StepState(st.session_state[key])
    status = StepStatus(status=state, date=dt.date.today())
    outcome = followups.mark_step(store.engine, assessment_id, step_id, status)
    if outcome.problems:
        st.session_state["pg.problem"] = outcome.problems


def start_section(store: AssessmentStore, framework: Framework, work: Working) -> None:
    """Start the next assessment of the series, or say which one follows this."""
    st.subheader("Assess again")
    if followups.followed_up(store.engine, work.assessment_id):
        st.info(
            "This assessment has a follow-up, so its answers are kept as they were.",
            icon=":material/lock:",
        )
        return
    st.caption(
        "About 90 days after acting on the plan, assess again to show what moved and why. "
        "This assessment is kept as it is; the follow-up gets its own link."
    )
    st.radio(
        "How should the follow-up start?",
        list(MODE_NAMES),
        format_func=lambda m: MODE_NAMES[m],
        key=MODE_KEY,
    )
    if st.button("Start the follow-up", key="pg.start", icon=":material/update:"):
        _start(store, framework, work.assessment_id)


def steps_section(
    store: AssessmentStore, framework: Framework, work: Working, steps: list[PlannedAction]
) -> None:
    """Each step of the plan with its status, to mark as the work goes on."""
    if not steps:
        return
    st.subheader("Where the plan stands")
    statuses = followups.step_statuses(store.engine, work.assessment_id)
    followups.keep_statuses(work, statuses)  # the XLSX and answers downloads carry them
    for step in steps:
        key = f"pg.step.{step.id}"
        current = statuses.get(step.id)
        st.session_state.setdefault(key, (current.status if current else StepState.TO_DO).value)
        left, right = st.columns([3, 1])
        left.markdown(f"{step.rank}\\. {md_escape(step.title)}")
        right.selectbox(
            f"Status of {step.title}",
            [s.value for s in StepState],
            format_func=lambda v: STATE_NAMES[StepState(v)],
            key=key,
            label_visibility="collapsed",
            on_change=_mark,
            args=(store, work.assessment_id, step.id, key),
        )
    data = st.file_uploader(
        "Or read the statuses from the plan's Excel file or a tracker's export (CSV or .xlsx)",
        type=["xlsx", "csv", "txt"],
        key="pg.status_file",
    )
    if data is not None:
        outcome = followups.import_statuses(
            store.engine, framework, work.assessment_id, work.responses, data.getvalue()
        )
        if outcome.value is None:
            st.error(md_escape("; ".join(outcome.problems)))
        else:
            st.success(
                f"{len(outcome.value.statuses)} step statuses read from {outcome.value.source}."
            )
            for problem in outcome.value.problems:
                st.warning(md_escape(problem))
            for step_id, status in outcome.value.statuses.items():
                st.session_state[f"pg.step.{step_id}"] = status.status.value


def _topic(framework: Framework, question_id: str) -> str:
    question = framework.question(question_id)
    return question.topic or question.text


def progress_section(framework: Framework, progress: Progress, since: dt.date | None) -> None:
    """What moved since last time, drawn from the comparison."""
    when = f" since {since:%d %B %Y}" if since else " since last time"
    st.subheader("Progress" + when, anchor="progress")
    for line in progress.level.story:
        st.markdown(md_escape(line))
    st.info(
        f"**Decision: {progress.decision.kind}.** {md_escape(progress.decision.reason)}",
        icon=":material/gavel:",
    )
    rows = [
        {
            "Dimension": d.name,
            "Then": "—" if d.then is None else f"{d.then:.0f}",
            "Now": "—" if d.now is None else f"{d.now:.0f}",
            "Moved": (
                "not compared"
                if d.moved is None
                else f"{d.moved:+.0f}" + (" (small)" if d.small and d.moved else "")
            ),
        }
        for d in progress.dimensions
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    done = [s for s in progress.steps if s.status == StepState.DONE]
    if done:
        st.markdown("**Steps done last time**")
        st.markdown("\n".join(f"- {md_escape(s.title)}: {SHOWING[s.showing]}" for s in done))
    if progress.fell:
        st.markdown("**Answers that fell**")
        st.markdown(
            "\n".join(
                f"- {md_escape(_topic(framework, c.question))}: "
                f"{choice_words(c.then)} → {choice_words(c.now)}"
                for c in progress.fell
            )
        )
    st.caption(
        f"Confidence {progress.confidence[0]:.0f}% → {progress.confidence[1]:.0f}%; "
        f"completeness {progress.completeness[0]:.0f}% → {progress.completeness[1]:.0f}%."
    )


def render_section() -> None:
    """The Results page's progress section (one call from `ui/results.py`)."""
    boot = current_boot()
    work, framework = boot.work, boot.framework
    if work is None:
        return
    for problem in st.session_state.pop("pg.problem", []):
        st.error(md_escape(problem))
    store = boot.store
    follow = follow_up(store, framework, work.assessment_id)
    if follow is not None and work.responses.answers:
        outcome = followups.progress_for(store.engine, framework, work)
        if outcome.value is not None:
            progress_section(framework, outcome.value, follow.last_time.organization.date)
        points = followups.series_trend(store.engine, framework, work)
        if len(points) >= TREND_FROM:
            st.markdown("**Overall score over the series**")
            st.line_chart(
                pd.DataFrame(
                    {
                        "Assessment": [str(p.date or "") for p in points],
                        "Overall score": [p.score for p in points],
                    }
                ),
                x="Assessment",
                y="Overall score",
            )
    ev = evaluation(framework, work)
    steps_section(store, framework, work, ev.plan.actions)
    start_section(store, framework, work)


def deferred_progress(framework: Framework, work: Working) -> Callable[[], ProgressView | None]:
    """A follow-up's progress page for its PDF, asked for later: the returned function makes no
    Streamlit call, so a download button's deferred build (on its own thread) can call it."""
    store = current_boot().store
    if follow_up(store, framework, work.assessment_id) is None or not work.responses.answers:
        return lambda: None
    return lambda: followups.app_progress(store.engine, framework, work)


def report_progress(framework: Framework, work: Working) -> ProgressView | None:
    """On the Report page: a follow-up's progress page for its PDF (and a line saying so)."""
    view = deferred_progress(framework, work)()
    if view is not None:
        st.info(
            f"A follow-up: the PDF opens with a progress page after the summary "
            f"({view.since.lower()}: {view.level_then} \u2192 {view.level_now}; decision: "
            f"{view.decision_kind}).",
            icon=":material/trending_up:",
        )
    return view
