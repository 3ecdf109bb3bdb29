"""Report page: the PDF action plan, the same in the client's own tools (Word, Excel, a
calendar, a tracker), the answers file and the plan as CSV.

One function per section (`pdf_section`, `tools_section`, `data_section`), each under its own h2.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..app import assessments as service
from ..app import deliverables, followups
from ..app.assessments import Working, evaluation
from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..readout.build import day
from ..readout.vocabulary import PAPER_NAMES, PAPERS
from . import progress
from .state import chosen_paper, current_boot, keep_paper
from .text import md_escape
from .wizard import need_assessment


def render() -> None:
    boot = current_boot()
    st.title("Report")
    if boot.work is None:
        need_assessment("report")
        return
    framework, work = boot.framework, boot.work
    st.caption(md_escape(work.responses.organization.name))
    result_and_plan = evaluation(framework, work)
    start_section(work)
    pdf_section(framework, work, result_and_plan)
    tools_section(framework, work)
    data_section(result_and_plan)


START_KEY = "rp.plan_start"  # session_state: (assessment id, the start day chosen)
START_INPUT = "rp.start"  # the date input's own key (gone once the page is left)


def assessed_on(work: Working) -> dt.date:
    """The assessment's date, else today: where the plan's dates count from unless chosen."""
    return work.responses.organization.date or dt.date.today()


def chosen_start(work: Working) -> dt.date | None:
    """The start day this session chose for this assessment on the Report page, or None (the
    assessment date): the PDF on Results and every download here count from it."""
    held = st.session_state.get(START_KEY)
    if not held or held[0] != work.assessment_id or held[1] == assessed_on(work):
        return None
    return held[1]


def _on_start(assessment_id: str) -> None:
    chosen = st.session_state.get(START_INPUT)
    if isinstance(chosen, dt.date):
        st.session_state[START_KEY] = (assessment_id, chosen)


def start_section(work: Working) -> None:
    """The day the plan's dates count from: the assessment's date unless the user picks one."""
    assessed = assessed_on(work)
    st.session_state[START_INPUT] = chosen_start(work) or assessed  # re-seeded each run
    st.date_input(
        "Plan dates count from",
        min_value=assessed - dt.timedelta(days=365),
        max_value=assessed + dt.timedelta(days=3 * 365),
        format="YYYY-MM-DD",
        key=START_INPUT,
        on_change=_on_start,
        args=(work.assessment_id,),
        help="Every start and due date in the PDF, the Word report, the spreadsheet, the "
        "calendar and the tracker CSV counts from this day; the report says so.",
    )
    start = chosen_start(work)
    st.caption(
        md_escape(
            f"Dates count from {day(start)}, the start you chose (assessed {day(assessed)})."
            if start
            else f"Dates count from the assessment date, {day(assessed)}."
        )
    )


def pdf_section(framework: Framework, work: Working, result_and_plan: Evaluation) -> None:
    st.header("PDF action plan", anchor=False)
    st.caption(
        "Executive summary, scorecard and chart, each dimension, risk flags (and what to check) "
        "and the ranked 30/60/90-day plan, with the method and sources in an appendix."
    )
    overall = result_and_plan.result.overall
    if overall.provisional:
        st.warning(
            "The result is provisional: the report claims no overall level and lists what "
            "each dimension still needs.",
            icon=":material/hourglass_empty:",
        )
    if result_and_plan.result.completeness < 100:
        st.info(
            f"{result_and_plan.result.completeness:.0f}% of the questions are answered: the "
            "report is marked incomplete.",
            icon=":material/info:",
        )
    paper = st.radio(
        "Paper size",
        PAPERS,
        index=PAPERS.index(chosen_paper()),
        format_func=PAPER_NAMES.__getitem__,
        horizontal=True,
    )
    keep_paper(paper)  # the PDF on Results and the Word report follow it
    try:
        with st.spinner("Building your PDF action plan…"):
            pdf = service.report_pdf(
                framework,
                work,
                paper,
                progress=progress.report_progress(framework, work),
                start=chosen_start(work),
            )
    except Exception:  # noqa: BLE001 - a broken PDF must not take the other downloads down
        st.error("The PDF could not be built. Your answers are safe; please try again later.")
    else:
        st.download_button(
            "Download the PDF action plan",
            pdf.data,
            file_name=pdf.filename,
            mime=pdf.mime,
            type="primary",
            icon=":material/picture_as_pdf:",
            key="rp.pdf.download",
            on_click="ignore",
        )


TOOL_HELP = {
    "docx": "The report as an editable Word document, charts included.",
    "xlsx": "The plan and backlog with owners, KPIs, start and due dates and a Status column.",
    "ics": "One dated entry per planned step, for Outlook, Google or Apple calendars.",
    "tracker-csv": "One task per planned step with summary, description, due date and labels; "
    "the README says how to import it into Jira, Trello, Asana or Planner.",
}


def tools_section(framework: Framework, work: Working) -> None:
    from ..bundle import LABELS

    st.header("In your own tools", anchor=False)
    kind = st.radio(
        "Format", list(LABELS), format_func=LABELS.__getitem__, key="rp.tool", horizontal=True
    )
    st.caption(TOOL_HELP[kind])
    with_backlog = kind == "tracker-csv" and st.checkbox(
        "Include the backlog",
        key="rp.tool.backlog",
        help="By default the tracker gets the plan's steps only; the backlog comes after them.",
    )
    made = service.export(  # on the PDF's paper, dated from the same start
        framework,
        work,
        kind,
        paper=chosen_paper(),
        start=chosen_start(work),
        with_backlog=with_backlog,
    )
    if made.value is None:
        for problem in made.problems:
            st.info(md_escape(problem), icon=":material/info:")
        return
    st.download_button(
        f"Download: {LABELS[kind]}",
        made.value.data,
        file_name=made.value.filename,
        mime=made.value.mime,
        icon=":material/download:",
        key="rp.tool.download",
        on_click="ignore",
    )


def data_section(result_and_plan: Evaluation) -> None:
    st.header("Your data", anchor=False)
    boot = current_boot()  # the file carries the assessment's place in a series
    kept = (
        followups.with_series(boot.store.engine, boot.work, result_and_plan) if boot.work else None
    )
    answers = deliverables.answers_file(kept or result_and_plan)
    st.download_button(
        "Download the answers (JSON)",
        answers.data,
        file_name=answers.filename,
        mime=answers.mime,
        icon=":material/data_object:",
        key="rp.json.download",
        on_click="ignore",
    )
    st.caption("Keep it to import later, or to share the answers with a colleague.")
    plan = deliverables.plan_file(result_and_plan)
    st.download_button(
        "Download the action plan (CSV)",
        plan.data,
        file_name=plan.filename,
        mime=plan.mime,
        icon=":material/table:",
        key="rp.csv.download",
        on_click="ignore",
    )
    st.caption("Opens in any spreadsheet; one row per action, plan first, then the backlog.")
