"""Results page: the level first, then where to start and the largest gaps, then the details.

Order, top to bottom: the overall level (or "Provisional") with its score and the band it
covers; the plan's first three steps; the largest gaps and the strengths (never the same
dimension); then the chart with its text equivalent, each dimension, the flags, the targets
(each with its score band, marked "suggested" until the user sets it, and a line right below
the control saying what a change did) and the whole plan as cards, which read on a phone.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ..app import assessments as service
from ..app.assessments import Working, evaluation, hold_targets
from ..app.deliverables import PDF
from ..domain.models import ActionPlan, Answer, DimensionStatus, Framework, Result
from ..readout import wording
from ..readout.build import NO_CONFIRMED_FLAG
from ..readout.model import Readout, StepCard
from ..readout.vocabulary import counted
from ..readout.wording import find_out_text
from . import nav, progress, saving, sector
from .charts import chart_sentence, chart_table, dimension_chart
from .report_page import chosen_start
from .state import chosen_paper, current_boot
from .text import content_md, md_escape
from .wizard import need_assessment, open_review

CHANGED_KEY = "rs.changed"  # session_state: (dimension id, old level, new level, version)


def _target_key(dimension_id: str) -> str:
    return f"rs.target.{dimension_id}"


def _on_target(dimension_id: str) -> None:
    boot = current_boot()
    if boot.work is None:
        return
    targets = dict(boot.work.responses.targets)
    old = evaluation(boot.framework, boot.work).result.dimensions[dimension_id].target
    new = int(st.session_state[_target_key(dimension_id)])
    targets[dimension_id] = new
    hold_targets(boot.work, targets)  # saved once the page is drawn
    st.session_state[CHANGED_KEY] = (dimension_id, old, new, boot.work.version)


def _bullets(lines: list[str]) -> str:
    """A Markdown list of escaped lines."""
    return "\n".join(f"- {md_escape(line)}" for line in lines)


def _band(framework: Framework, level: int) -> str:
    low, high = service.level_band(framework, level)
    return f"{low}–{high}"


def headline(framework: Framework, work: Working, result: Result) -> None:
    """The level (or "Provisional") and the score, with the band that links them."""
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
        if overall.level is not None and overall.score is not None:
            st.markdown(
                md_escape(
                    f"A score of {overall.score:.0f} out of 100 is level {overall.level} "
                    f"({overall.label}), which covers scores "
                    f"{_band(framework, overall.level)}."
                )
            )
    st.markdown(md_escape(overall.description))
    if overall.provisional:
        st.warning(
            md_escape(wording.provisional_intro()) + "\n\n" + _bullets(overall.missing),
            icon=":material/hourglass_empty:",
        )
    if result.gate.holds and not (overall.provisional and result.gate.purpose_score is None):
        st.warning(md_escape(result.gate.reason), icon=":material/flag:")
    answered = sum(1 for q in framework.questions if q.id in work.responses.answers)
    st.caption(
        f"Based on {answered} of {len(framework.questions)} questions answered (completeness "
        f"{result.completeness:.0f}%); {result.confidence:.0f}% of the applicable answers are "
        'known (confidence): "Don\'t know" counts as 0.'
    )
    if not result.is_complete and st.button(
        f"Answer the {counted(len(framework.questions) - answered, 'unanswered question')}",
        icon=":material/checklist:",
        key="rs.unanswered",
    ):
        open_review()
        nav.go("assessment")


def decision(readout: Readout) -> None:
    """The verdict and the decision it asks for, as the PDF's page 2 words them."""
    v = readout.verdict
    with st.container(border=True):
        st.markdown(f"**{md_escape(v.sentence)}**")
        if v.decision_lines:
            st.markdown(
                "Decision to take  \n"
                + "  \n".join(
                    f"**{md_escape(lead.rstrip())}** {md_escape(text)}"
                    for lead, text in v.decision_lines
                )
            )
        else:
            st.markdown(f"**Decision to take:** {md_escape(v.decision)}")


def first_steps(readout: Readout, plan: ActionPlan) -> None:
    st.header("Where to start", anchor=False)
    if not readout.first_steps:
        st.info(md_escape(readout.plan_status or "No step is planned yet."), icon=":material/info:")
        return
    lines = [
        f"{n}\\. **{md_escape(s.title)}**  \n"
        + md_escape(
            f"plan step {s.rank} · {s.period} · due {s.due_text} · owner: {s.owner} · "
            f"effort {s.effort_days}" + (f" · {s.label}" if s.label else "")
        )
        for n, s in enumerate(readout.first_steps, start=1)
    ]
    st.markdown("\n\n".join(lines))
    st.caption(
        md_escape(
            f"The {len(readout.first_steps)} of the {len(plan.actions)} steps in your plan "
            "that come first in time; the plan below lists every step by its rank."
        )
    )


def gaps_and_strengths(readout: Readout) -> None:
    st.header("Largest gaps", anchor=False)
    if readout.gaps:
        st.markdown(
            _bullets(
                [
                    f"{d.name}: {d.score:.0f} now (level {d.level} {d.level_name}), target "
                    f"level {d.target} from {d.target_score:.0f}: {d.gap:.0f} points to go"
                    for d in readout.gaps
                ]
            )
        )
    else:
        st.markdown(md_escape(readout.no_gap_text))
    st.markdown("**Strengths**")
    if readout.strengths:
        st.markdown(
            _bullets(
                [
                    f"{d.name}: {d.score:.0f} (level {d.level} {d.level_name})"
                    for d in readout.strengths
                ]
            )
        )
    else:
        st.markdown(md_escape(readout.no_strength_text))


def chart_section(result: Result) -> None:
    st.header("Score by dimension", anchor=False)
    st.altair_chart(dimension_chart(result), width="stretch")
    st.markdown(md_escape(chart_sentence(result)))
    with st.expander("The chart as a table"):
        st.table(chart_table(result))


def dimension_details(framework: Framework, work: Working, result: Result) -> None:
    st.header("Dimension by dimension", anchor=False)
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
            gap = f"{dim.gap:.0f} points" if dim.assessed else "not yet"
            st.markdown(
                md_escape(
                    f"Gap to target (level {dim.target}): {gap} · confidence "
                    f"{dim.confidence:.0f}% · completeness {dim.completeness:.0f}%"
                )
            )
            if dim.excluded:
                st.markdown("**Not applicable** (left out of the score)")
                for qid in dim.excluded:
                    reason = work.responses.answers[qid].note.strip() or "no reason given"
                    st.markdown(
                        f"- {md_escape(framework.question(qid).text)}  \n"
                        f"  Reason: {md_escape(reason)}"
                    )
            if dim.dont_know:
                st.markdown("**Don't know** (counted as 0)")
                st.markdown(_bullets(wording.question_texts(framework, dim.dont_know)))
            if dim.unanswered:
                st.caption(f"{counted(len(dim.unanswered), 'question')} not answered yet.")


def flags(framework: Framework, result: Result, answers: Mapping[str, Answer]) -> None:
    """Confirmed flags as findings with the answers that raised them; guesses "to check"."""
    st.header("Risk flags", anchor=False)
    if not result.confirmed_flags:
        st.success(md_escape(NO_CONFIRMED_FLAG), icon=":material/check_circle:")
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


def _target_status(dimension_id: str, suggested: bool, now: str) -> saving.Status:
    """The line right below a target: its state, and what the last change did."""

    def draw(work: Working, saving_now: bool) -> None:
        changed = st.session_state.get(CHANGED_KEY)
        if changed and changed[0] == dimension_id and changed[3] == work.version:
            _, old, new, _ = changed
            if saving_now and work.pending_targets:
                st.caption(f":material/progress_activity: Saving: level {old} → {new}…")
            elif work.pending_targets:
                st.error(
                    f"Target changed from level {old} to {new} here, but not saved yet: kept "
                    "in this tab and retried with your next click.",
                    icon=":material/sync_problem:",
                )
            else:
                st.success(
                    f"Changed from level {old} to {new} and saved: the gaps and the plan "
                    "below follow it.",
                    icon=":material/check:",
                )
            return
        st.caption(md_escape(f"{now} · {'suggested' if suggested else 'set by you'}"))

    return saving.Status(lambda work, saving_now: True, draw)


def targets_editor(framework: Framework, work: Working, result: Result) -> None:
    st.header("Targets", anchor=False)
    st.caption(
        "Where should each dimension be in a year? Each target starts at the method's "
        "suggestion — level 4, or 5 once every dimension reaches 4 — marked "
        '"suggested" until you change it. The gaps and the plan follow your targets.'
    )
    levels = {lv.level: lv.name for lv in framework.levels}
    store = current_boot().store
    dims = list(result.dimensions.values())
    for pair in (dims[i : i + 2] for i in range(0, len(dims), 2)):
        for column, dim in zip(st.columns(2), pair, strict=False):
            with column:
                key = _target_key(dim.id)
                st.session_state[key] = dim.target  # re-seeded each run from the result
                st.selectbox(
                    f"Target for {dim.name}",
                    list(levels),
                    format_func=lambda n: f"Level {n} · {levels[n]} (score {_band(framework, n)})",
                    key=key,
                    on_change=_on_target,
                    args=(dim.id,),
                )
                now = (
                    f"Now {dim.score:.0f} (level {dim.level})"
                    if dim.assessed and dim.score is not None
                    else f"Now: {wording.NOT_YET_ASSESSED}"
                )
                suggested = dim.id not in work.responses.targets
                saving.slot(store, work, _target_status(dim.id, suggested, now))


def step_details(card: StepCard) -> str:
    """The answers a step moves, the risks it fixes and what it waits for, as escaped Markdown."""
    lines = [f"**Moves:** {md_escape(m)}" for m in card.moves]
    lines += [f"**Fixes:** {md_escape(f)}" for f in card.fixes]
    lines += [f"**After:** {md_escape(w)}" for w in card.waits_for]
    return "  \n".join(lines)


def find_out_first(readout: Readout) -> None:
    if not readout.to_check:
        return
    st.markdown("**Find out first**")
    st.caption(
        f"{find_out_text(len(readout.to_check), readout.to_check_blank)}. Find out the "
        "answers, then update them."
    )
    st.markdown(_bullets(list(readout.to_check)))


def action_card(card: StepCard) -> None:
    """One step as a card: every field on its own line, so nothing is cut off on a phone."""
    with st.container(border=True, key=f"rs-step-{card.rank}"):
        if card.label:  # "Urgent: due within 14 days" / "Quick win"
            st.badge(
                md_escape(card.label),
                icon=":material/priority_high:" if card.urgent else ":material/bolt:",
                color="orange" if card.urgent else "blue",
            )
        st.markdown(f"**{card.rank}\\. {md_escape(card.title)}**")
        st.caption(
            md_escape(
                f"{card.period} (due {card.due_text}) · {card.dimension} · "
                f"effort {card.effort_text or card.effort} · impact {card.impact}"
            )
        )
        lines = [
            f"**Owner:** {md_escape(card.owner)}",
            f"**KPI:** {md_escape(card.kpi_text or card.kpi)}",
        ]
        if card.risk_if_not_done:
            lines.append(f"**Risk if not done:** {md_escape(card.risk_if_not_done)}")
        st.markdown("  \n".join(lines))
        with st.expander("What it involves"):
            st.markdown(md_escape(card.what))
            details = step_details(card)
            if details:
                st.markdown(details)


def action_plan(readout: Readout) -> None:
    st.header("Your action plan", anchor=False)
    if readout.plan_status:
        st.info(md_escape(readout.plan_status), icon=":material/info:")
    if readout.unassessed_note:
        st.warning(md_escape(readout.unassessed_note), icon=":material/hourglass_empty:")
    find_out_first(readout)
    if not readout.steps:
        return
    st.caption(md_escape(f"{readout.ranking_rule}; purpose first while the gate holds."))
    for card in readout.steps:
        action_card(card)
    if readout.backlog:
        st.subheader(f"Backlog: {counted(len(readout.backlog), 'more action')}", anchor=False)
        with st.expander("Show the backlog"):
            st.markdown(
                "\n".join(
                    f"- **{md_escape(a.title)}** ({md_escape(a.period)}, "
                    f"{md_escape(a.dimension)}; owner: "
                    f"{md_escape(a.owner)}; effort {md_escape(a.effort_text or a.effort)}; "
                    f"KPI: {md_escape(a.kpi_text or a.kpi)})"
                    for a in readout.backlog
                )
            )


def pdf_button(framework: Framework, work: Working) -> None:
    """The PDF action plan, one click from the top (on a phone too). The page only draws: the
    file is built by the deliverables use case when the button is clicked, on the paper chosen
    on the Report page, and kept with the user's copy until the answers change."""
    paper = chosen_paper()
    seen = progress.deferred_progress(framework, work)

    start = chosen_start(work)  # the start day chosen on the Report page, if any

    def build() -> bytes:
        return service.report_pdf(framework, work, paper, progress=seen(), start=start).data

    st.download_button(
        "Download the PDF",
        build,
        file_name=service.report_pdf_name(framework, work),
        mime=PDF,
        type="primary",
        icon=":material/picture_as_pdf:",
        key="rs.pdf.download",
        on_click="ignore",
    )


def render() -> None:
    boot = current_boot()
    st.title("Results")
    if boot.work is None:
        need_assessment("results")
        return
    framework, work = boot.framework, boot.work
    st.caption(md_escape(work.responses.organization.name))
    saving.overall_status(boot.store, work)
    for notice in work.notices:  # what importing an older answers file changed
        st.info(md_escape(notice), icon=":material/info:")
    if not work.responses.answers:
        st.info("No question is answered yet.", icon=":material/info:")
        nav.link("assessment", "Answer the questions", ":material/checklist:")
        return
    result_and_plan = evaluation(framework, work)
    result, plan = result_and_plan.result, result_and_plan.plan
    answers = work.responses.answers
    readout = service.readout(framework, work)
    headline(framework, work, result)
    pdf_button(framework, work)  # not 11 screens down
    decision(readout)
    first_steps(readout, plan)
    gaps_and_strengths(readout)
    chart_section(result)
    dimension_details(framework, work, result)
    flags(framework, result, answers)
    targets_editor(framework, work, result)
    action_plan(readout)
    sector.render_section(readout)  # the sector's notes with their sources, steps left out
    progress.render_section()  # follow-ups: what moved, the plan's statuses, assess again
    nav.link("report", "Download the PDF plan and your answers", ":material/download:")
