"""Report page: the PDF action plan, the same in the client's own tools (Word, Excel, a
calendar, a tracker), the answers file and the plan as CSV.

One function per section (`pdf_section`, `tools_section`, `data_section`), each under its own h2.
"""

from __future__ import annotations

import re

import streamlit as st

from ..app import assessments as service
from ..app import followups
from ..app.assessments import Working, answers_digest, evaluation
from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..files.exports import plan_csv
from ..readout.vocabulary import PAPER_NAMES, PAPERS
from ..report import build_report
from .state import current_boot
from .text import md_escape
from .wizard import need_assessment

PDF_CACHE_KEY = "rp.pdf"  # session_state: (digest of answers + paper, pdf bytes)


def file_stem(name: str) -> str:
    """A safe file name from the organisation's name (letters, digits and dashes only)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60]
    return stem or "assessment"


def pdf_bytes(framework: Framework, result_and_plan: Evaluation, paper: str) -> bytes:
    """The PDF for these answers, built once per change of answers or paper (kept in session)."""
    digest = answers_digest(result_and_plan.responses, paper)
    cached = st.session_state.get(PDF_CACHE_KEY)
    if cached and cached[0] == digest:
        return bytes(cached[1])
    with st.spinner("Building your PDF action plan…"):
        data = build_report(framework, result_and_plan, paper=paper)
    st.session_state[PDF_CACHE_KEY] = (digest, data)
    return bytes(data)


def render() -> None:
    boot = current_boot()
    st.title("Report")
    if boot.work is None:
        need_assessment("report")
        return
    framework, work = boot.framework, boot.work
    st.caption(md_escape(work.responses.organization.name))
    result_and_plan = evaluation(framework, work)
    stem = file_stem(work.responses.organization.name)
    pdf_section(framework, result_and_plan, stem)
    tools_section(framework, work)
    data_section(work, result_and_plan, stem)


def pdf_section(framework: Framework, result_and_plan: Evaluation, stem: str) -> None:
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
    paper = st.radio("Paper size", PAPERS, format_func=PAPER_NAMES.__getitem__, horizontal=True)
    try:
        pdf = pdf_bytes(framework, result_and_plan, paper)
    except Exception:  # noqa: BLE001 - a broken PDF must not take the other downloads down
        st.error("The PDF could not be built. Your answers are safe; please try again later.")
    else:
        st.download_button(
            "Download the PDF action plan",
            pdf,
            file_name=f"{stem}-action-plan.pdf",
            mime="application/pdf",
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
    made = service.export(framework, work, kind)
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


def data_section(work: Working, result_and_plan: Evaluation, stem: str) -> None:
    st.header("Your data", anchor=False)
    st.download_button(
        "Download the answers (JSON)",
        followups.answers_file(current_boot().store.engine, work),  # with its series link
        file_name=f"{stem}-answers.json",
        mime="application/json",
        icon=":material/data_object:",
        key="rp.json.download",
        on_click="ignore",
    )
    st.caption("Keep it to import later, or to share the answers with a colleague.")
    st.download_button(
        "Download the action plan (CSV)",
        plan_csv(result_and_plan.plan),
        file_name=f"{stem}-action-plan.csv",
        mime="text/csv",
        icon=":material/table:",
        key="rp.csv.download",
        on_click="ignore",
    )
    st.caption("Opens in any spreadsheet; one row per action, plan first, then the backlog.")
