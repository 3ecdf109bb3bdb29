"""Results page: the level, the chart, each dimension, the flags, editable targets and the plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..models import ActionPlan, Framework, Horizon, PlannedAction, Result
from ..planning import IMPACT_NAMES
from . import nav
from .charts import dimension_chart
from .questionnaire import overall_save_status
from .state import Working, current_boot, evaluation, record_targets
from .text import md_escape, plain
from .wizard import need_assessment

HORIZON_NAMES = {
    Horizon.D30: "First 30 days",
    Horizon.D60: "Days 31-60",
    Horizon.D90: "Days 61-90",
    Horizon.LATER: "Later",
}
EFFORT_NAMES = {"S": "small", "M": "medium", "L": "large"}


def plan_frame(framework: Framework, actions: list[PlannedAction]) -> pd.DataFrame:
    """The plan as a table: plain text cells, shown as text (never as Markdown)."""
    return pd.DataFrame(
        [
            {
                "Rank": a.rank,
                "Action": a.title,
                "Dimension": framework.dimension(a.dimension).name,
                "When": HORIZON_NAMES[a.horizon],
                "Effort": EFFORT_NAMES[a.effort.value],
                "Impact": IMPACT_NAMES[a.impact],
                "Owner": a.owner,
                "KPI": a.kpi,
            }
            for a in actions
        ],
        columns=["Rank", "Action", "Dimension", "When", "Effort", "Impact", "Owner", "KPI"],
    )


def _target_key(dimension_id: str) -> str:
    return f"rs.target.{dimension_id}"


def _on_target(dimension_id: str) -> None:
    boot = current_boot()
    if boot.work is None:
        return
    targets = dict(boot.work.responses.targets)
    targets[dimension_id] = int(st.session_state[_target_key(dimension_id)])
    record_targets(boot.store, boot.work, targets)


def headline(result: Result) -> None:
    overall = result.overall
    level, score = st.columns(2)
    level.metric("Overall level", f"{overall.level} · {overall.label}")
    score.metric(
        "Overall score", f"{overall.score:.0f} / 100" if overall.score is not None else "—"
    )
    st.markdown(md_escape(overall.description))
    if result.gate.holds:
        st.warning(md_escape(result.gate.reason), icon=":material/flag:")
    confidence, completeness = st.columns(2)
    confidence.metric(
        "Confidence",
        f"{result.confidence:.0f}%",
        help="Share of applicable answered questions with a known answer (not Don't know).",
    )
    completeness.metric(
        "Completeness",
        f"{result.completeness:.0f}%",
        help="Share of all questions answered.",
    )
    if not result.is_complete:
        st.caption("Some questions are unanswered: the results cover what has been answered.")


def targets_editor(framework: Framework, work: Working, result: Result) -> None:
    st.subheader("Targets", anchor=False)
    st.caption(
        "Where should each dimension be in a year? The gaps and the plan follow your targets."
    )
    levels = {lv.level: lv.name for lv in framework.levels}
    columns = st.columns(2)
    for index, dim in enumerate(result.dimensions.values()):
        key = _target_key(dim.id)
        st.session_state[key] = dim.target  # re-seeded each run: defaults follow the answers
        columns[index % 2].selectbox(
            f"Target for {dim.name}",
            list(levels),
            format_func=lambda n: f"Level {n} · {levels[n]}",
            key=key,
            on_change=_on_target,
            args=(dim.id,),
        )


def dimension_details(framework: Framework, work: Working, result: Result) -> None:
    st.subheader("Dimension by dimension", anchor=False)
    for dim in result.dimensions.values():
        content = framework.dimension(dim.id)
        now = (
            f"{dim.score:.0f}/100, level {dim.level} {dim.level_name}"
            if dim.score is not None
            else "not assessed"
        )
        with st.expander(f"{md_escape(dim.name)}: {now}"):
            st.markdown(md_escape(content.summary))
            st.caption(md_escape(content.why_it_matters))
            cols = st.columns(3)
            cols[0].metric("Gap to target", f"{dim.gap:.0f} pts", help=f"Target level {dim.target}")
            cols[1].metric("Confidence", f"{dim.confidence:.0f}%")
            cols[2].metric("Completeness", f"{dim.completeness:.0f}%")
            if dim.excluded:
                st.markdown("**Not applicable** (left out of the score)")
                for qid in dim.excluded:
                    reason = work.responses.answers[qid].note.strip() or "no reason given"
                    st.markdown(f"- {md_escape(framework.question(qid).text)}")
                    plain(f"Reason: {reason}")
            if dim.dont_know:
                st.markdown("**Don't know** (counted as 0)")
                for qid in dim.dont_know:
                    st.markdown(f"- {md_escape(framework.question(qid).text)}")
            if dim.unanswered:
                st.caption(f"{len(dim.unanswered)} question(s) not answered yet.")


def flags(framework: Framework, result: Result) -> None:
    st.subheader("Risk flags", anchor=False)
    if not result.flags:
        st.success("No risk flag is raised by these answers.", icon=":material/check_circle:")
        return
    for flag in result.flags:
        with st.container(border=True):
            st.markdown(f":material/warning: **{md_escape(flag.title)}**")
            st.markdown(md_escape(flag.explanation))
            st.caption(f"Source: {md_escape(framework.source(flag.source).short_name)}")


def action_plan(framework: Framework, plan: ActionPlan) -> None:
    st.subheader("Your action plan", anchor=False)
    if not plan.actions:
        st.info("No action is proposed: every dimension is at its target.")
        return
    st.caption("Ranked by gap x weight x impact / effort; purpose first while the gate holds.")
    st.dataframe(plan_frame(framework, plan.actions), hide_index=True, width="stretch")
    with st.expander("What each action involves"):
        for a in plan.actions:
            st.markdown(f"**{a.rank}\\. {md_escape(a.title)}**")
            st.markdown(md_escape(a.what))
            st.caption(md_escape(a.reason))
    if plan.backlog:
        with st.expander(f"Backlog: {len(plan.backlog)} more action(s)"):
            st.dataframe(plan_frame(framework, plan.backlog), hide_index=True, width="stretch")


def render() -> None:
    boot = current_boot()
    st.title("Results")
    if boot.work is None:
        need_assessment()
        return
    framework, work = boot.framework, boot.work
    overall_save_status(boot.store, work)
    result_and_plan = evaluation(framework, work)
    result = result_and_plan.result
    plain(work.responses.organization.name)
    for notice in work.notices:  # what importing an older answers file changed
        st.info(md_escape(notice), icon=":material/info:")
    if not work.responses.answers:
        st.info("No question is answered yet.", icon=":material/info:")
        nav.link("assessment", "Answer the questions", ":material/checklist:")
        return
    headline(result)
    st.altair_chart(dimension_chart(result), width="stretch")
    dimension_details(framework, work, result)
    flags(framework, result)
    targets_editor(framework, work, result)
    action_plan(framework, result_and_plan.plan)
    nav.link("report", "Download the PDF plan and your answers", ":material/download:")
