"""Start page: what this is, then start a new assessment, resume one, or import an answers file."""

from __future__ import annotations

import streamlit as st

from ..answers_file import max_file_bytes
from ..app import Outcome
from ..app import assessments as service
from ..app.assessments import NewAssessment, Working
from ..models import MAX_FIELD_CHARS, MAX_NAME_CHARS, Framework
from ..vocabulary import answered_text
from . import nav
from .state import adopt, client_key, current_boot, set_current
from .text import md_escape, plain

SIZES = ["", "1-9 people", "10-49 people", "50-249 people", "250-999 people", "1,000 or more"]
MINUTES_PER_QUESTION = 0.6


def minutes_needed(framework: Framework) -> tuple[int, int]:
    """A range of minutes for the whole questionnaire, rounded to fives."""
    low = len(framework.questions) * MINUTES_PER_QUESTION
    return max(5, int(low // 5 * 5)), int(low * 1.5 // 5 * 5 + 5)


def _show(problems: list[str]) -> None:
    for problem in problems:
        st.error(md_escape(problem), icon=":material/error:")


def _open(outcome: Outcome[Working], page: str = "assessment") -> None:
    """Go to the assessment the form opened, or say what stopped it."""
    if outcome.value is None:
        _show(outcome.problems)
        return
    adopt(outcome.value)
    set_current(outcome.value.assessment_id)
    nav.go(page)


def render() -> None:
    boot = current_boot()
    framework, store = boot.framework, boot.store
    st.title("Social-media strategy readiness")
    low, high = minutes_needed(framework)
    st.markdown(
        f"How ready is your organisation to use social media well? Answer "
        f"{len(framework.questions)} questions on six dimensions — Gartner's four steps "
        f"(purpose, shared control, participant rewards, dedicated staff) plus listening and "
        f"accountability — and get your readiness level, the gaps that matter and a ranked "
        f"90-day action plan as a PDF."
    )
    st.markdown(
        f"It takes about **{low}–{high} minutes**, in one sitting or several: every answer is "
        "saved as you give it, and the link in your address bar brings you back to it."
    )

    if boot.work is not None:
        with st.container(border=True):
            st.markdown("**You are working on**")
            plain(boot.work.responses.organization.name)
            st.caption(answered_text(framework.questions, boot.work.responses.answers))
            if st.button("Continue this assessment", type="primary", key="start.continue"):
                _open(Outcome(boot.work))
            st.caption("Keep this link to come back later, from any browser:")
            st.code(resume_link(boot.work.assessment_id), language=None, wrap_lines=True)

    new_tab, resume_tab, import_tab = st.tabs(
        ["Start a new assessment", "Resume", "Import an answers file"]
    )
    with new_tab, st.form("start.new", border=False):
        name = st.text_input("Organisation name", max_chars=MAX_NAME_CHARS)
        sector = st.text_input("Sector (optional)", max_chars=MAX_FIELD_CHARS)
        size = st.selectbox(
            "Size (optional)", SIZES, format_func=lambda s: s or "Prefer not to say"
        )
        assessor = st.text_input("Your name or role (optional)", max_chars=MAX_FIELD_CHARS)
        if st.form_submit_button("Start the assessment", type="primary"):
            form = NewAssessment(name, sector, size, assessor)
            _open(service.create(store, form, client_key=client_key()))

    with resume_tab, st.form("start.resume", border=False):
        text = st.text_input("Your assessment link or code")
        if st.form_submit_button("Resume"):
            _open(service.resume(store, framework, text))

    with import_tab:
        st.markdown(
            "Upload an answers file (JSON) saved from this tool or filled in offline from the "
            "template (`python -m assessment template`). It becomes a new assessment."
        )
        upload = st.file_uploader(
            f"Answers file (JSON, up to {max_file_bytes(framework) / 1e6:.0f} MB)",
            type=["json"],
            key="start.upload",
        )
        if upload is not None and st.button("Import these answers", key="start.import"):
            data = upload.getvalue()
            _open(
                service.import_answers(store, framework, data, client_key=client_key()), "results"
            )


def resume_link(assessment_id: str) -> str:
    """The link that brings this assessment back (this page's URL with the id)."""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # noqa: BLE001 - no browser context (tests)
        base = ""
    return f"{base}?a={assessment_id}" if base else assessment_id
