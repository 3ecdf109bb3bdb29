"""Report page: the PDF action plan, the same in the client's own tools (Word, Excel, a
calendar, a tracker), the answers file and the plan as CSV.

One function per section (`pdf_section`, `tools_section`, `data_section`), each under its own h2.
"""

from __future__ import annotations

import streamlit as st

from ..app import assessments as service
from ..app import deliverables, followups
from ..app.assessments import Working, evaluation
from ..domain.evaluation import Evaluation
from ..domain.models import Framework
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
    pdf_section(framework, work, result_and_plan)
    tools_section(framework, work)
    data_section(result_and_plan)


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
                framework, work, paper, progress=progress.report_progress(framework, work)
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
    "tracker-csv": "One task per step with summary, description, due date and labels; the "
    "README says how to import it into Jira, Trello, Asana or Planner.",
}


def tools_section(framework: Framework, work: Working) -> None:
    from ..bundle import LABELS

    st.header("In your own tools", anchor=False)
    kind = st.radio(
        "Format", list(LABELS), format_func=LABELS.__getitem__, key="rp.tool", horizontal=True
    )
    st.caption(TOOL_HELP[kind])
    made = service.export(framework, work, kind, paper=chosen_paper())  # the PDF's paper
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
