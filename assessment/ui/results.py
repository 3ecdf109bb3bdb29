"""Results page: the level, the chart, each dimension, the flags, editable targets and the plan."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from .. import wording
from ..app.assessments import Working, evaluation, record_targets
from ..models import ActionPlan, Answer, DimensionStatus, Framework, PlannedAction, Result
from ..vocabulary import EFFORT_NAMES, HORIZON_NAMES, IMPACT_NAMES
from . import nav
from .charts import dimension_chart
from .questionnaire import overall_save_status
from .state import current_boot
from .text import content_md, md_escape, plain
from .wizard import need_assessment


def plan_frame(framework: Framework, actions: list[PlannedAction]) -> pd.DataFrame:
    """The plan as a table: plain text cells, shown as text (never as Markdown)."""
    return pd.DataFrame(
        [
            {
                "Rank": a.rank,
                "Action": a.title,
                "Dimension": framework.dimension(a.dimension).name,
                "When": HORIZON_NAMES[a.horizon],
                "Effort": EFFORT_NAMES[a.effort],
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


def _bullets(lines: list[str]) -> str:
    """A Markdown list of escaped lines."""
    return "\n".join(f"- {md_escape(line)}" for line in lines)


def headline(result: Result) -> None:
    overall = result.overall
    level, score = st.columns(2)
    if overall.provisional:
        level.metric(
            "Overall level",
            wording.PROVISIONAL,
            help="No overall level is claimed until every dimension has enough known answers.",
        )
        score.metric("Overall score", "not yet")
    else:
        level.metric("Overall level", f"{overall.level} · {overall.label}")
        score.metric(
            "Overall score", f"{overall.score:.0f} / 100" if overall.score is not None else "—"
        )
    st.markdown(md_escape(overall.description))
    if overall.provisional:
        st.warning(
            md_escape(wording.provisional_intro()) + "\n\n" + _bullets(overall.missing),
            icon=":material/hourglass_empty:",
        )
    if result.gate.holds and not (overall.provisional and result.gate.purpose_score is None):
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
        now = wording.dimension_status(dim)
        with st.expander(md_escape(f"{dim.name}: {now}")):
            st.markdown(content_md(content.summary))
            st.caption(content_md(content.why_it_matters))
            if dim.status == DimensionStatus.NOT_ASSESSED:
                more = dim.needed - dim.known
                st.info(
                    md_escape(
                        f"{wording.not_assessed_text(dim).capitalize()}: {more} more known "
                        f"answer{'s give' if more != 1 else ' gives'} this dimension a score "
                        'and a level. "Don\'t know" and unanswered questions do not count.'
                    ),
                    icon=":material/hourglass_empty:",
                )
            cols = st.columns(3)
            if dim.assessed:
                cols[0].metric(
                    "Gap to target", f"{dim.gap:.0f} pts", help=f"Target level {dim.target}"
                )
            else:
                cols[0].metric("Gap to target", "not yet", help=f"Target level {dim.target}")
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


def flags(framework: Framework, result: Result, answers: Mapping[str, Answer]) -> None:
    """Confirmed flags as findings with the answers that raised them; guesses "to check"."""
    st.subheader("Risk flags", anchor=False)
    if not result.confirmed_flags:
        st.success("No risk flag is confirmed by these answers.", icon=":material/check_circle:")
    for flag in result.confirmed_flags:
        with st.container(border=True):
            st.markdown(f":material/warning: **{content_md(flag.title)}**")
            st.markdown(content_md(flag.explanation))
            st.markdown("**Raised by these answers**")
            st.markdown(
                "\n".join(
                    f"- {md_escape(question)}  \n  *Answered:* {md_escape(answer)}"
                    for question, answer in wording.raised_by(framework, flag, answers)
                )
            )
            st.caption(f"Source: {md_escape(framework.source(flag.source).short_name)}")
    if not result.flags_to_check:
        return
    st.subheader("To check", anchor=False)
    st.caption(
        'Not findings: only "Don\'t know" answers point to these risks. Find out the answers '
        "to confirm or rule each one out."
    )
    for flag in result.flags_to_check:
        with st.container(border=True):
            st.markdown(f":material/help: **{content_md(flag.check)}**")
            st.markdown('Find out (answered "Don\'t know"):')
            st.markdown(_bullets(wording.question_texts(framework, flag.unknown)))


def step_details(
    framework: Framework, plan: ActionPlan, a: PlannedAction, answers: Mapping[str, Answer]
) -> str:
    """The answers a step moves, the risks it fixes and what it waits for, as escaped Markdown."""
    lines = [f"**Moves:** {md_escape(m)}" for m in wording.moves(framework, a, answers)]
    lines += [f"**Fixes:** {md_escape(f)}" for f in wording.fixes(framework, a)]
    lines += [f"**After:** {md_escape(w)}" for w in wording.waits_for(plan, a)]
    return "  \n".join(lines)


def find_out_first(framework: Framework, plan: ActionPlan) -> None:
    if not plan.to_check:
        return
    st.markdown("**Find out first**")
    st.caption(
        f'{len(plan.to_check)} question(s) answered "Don\'t know": they count as 0 and no '
        "step is planned from them. Find out the answers, then update them."
    )
    st.markdown(_bullets(wording.question_texts(framework, plan.to_check)))


def action_plan(
    framework: Framework, result: Result, plan: ActionPlan, answers: Mapping[str, Answer]
) -> None:
    st.subheader("Your action plan", anchor=False)
    status = wording.plan_status(framework, result, plan)
    if status:
        st.info(md_escape(status), icon=":material/info:")
    note = wording.unassessed_note(framework, plan)
    if note:
        st.warning(md_escape(note), icon=":material/hourglass_empty:")
    find_out_first(framework, plan)
    if not plan.actions:
        return
    st.caption("Ranked by gap x weight x impact / effort; purpose first while the gate holds.")
    st.dataframe(plan_frame(framework, plan.actions), hide_index=True, width="stretch")
    with st.expander("What each step involves: the answers it moves, the risks it fixes"):
        for a in plan.actions:
            st.markdown(f"**{a.rank}\\. {md_escape(a.title)}**")
            st.markdown(md_escape(a.what))
            details = step_details(framework, plan, a, answers)
            if details:
                st.markdown(details)
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
    overall_save_status(work)
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
    answers = work.responses.answers
    flags(framework, result, answers)
    targets_editor(framework, work, result)
    action_plan(framework, result, result_and_plan.plan, answers)
    nav.link("report", "Download the PDF plan and your answers", ":material/download:")
