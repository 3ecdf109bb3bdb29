"""Start page: what this is, then start a new assessment, resume one, or import an answers file."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from ..answers_file import AnswersFileError, describe_errors, read_answers
from ..models import MAX_FIELD_CHARS, MAX_NAME_CHARS, Framework, Organization, Responses
from ..store import AssessmentStore, StoreError
from . import nav
from .state import adopt, current_boot, id_from_text, set_current, working
from .text import md_escape, plain

SIZES = ["", "1-9 people", "10-49 people", "50-249 people", "250-999 people", "1,000 or more"]
MINUTES_PER_QUESTION = 0.6


def minutes_needed(framework: Framework) -> tuple[int, int]:
    """A range of minutes for the whole questionnaire, rounded to fives."""
    low = len(framework.questions) * MINUTES_PER_QUESTION
    return max(5, int(low // 5 * 5)), int(low * 1.5 // 5 * 5 + 5)


def create_assessment(
    store: AssessmentStore, name: str, sector: str, size: str, assessor: str
) -> tuple[str | None, list[str]]:
    """Create an assessment from the form; the new id, or the problems to show."""
    try:
        organization = Organization(
            name=name,
            sector=sector.strip() or None,
            size=size or None,
            assessor=assessor.strip() or None,
            date=dt.date.today(),
        )
    except ValidationError as exc:
        return None, [_friendly(m) for m in describe_errors(exc)]
    try:
        assessment_id = store.create(organization)
    except StoreError as exc:
        return None, [f"The assessment could not be created: {exc}. Please try again."]
    adopt(assessment_id, Responses(organization=organization))
    return assessment_id, []


def _friendly(message: str) -> str:
    if message.startswith("field 'name'"):
        return "Please enter the organisation's name (up to 200 characters)."
    return message


def import_answers(
    store: AssessmentStore, framework: Framework, data: bytes
) -> tuple[str | None, list[str]]:
    """A new assessment holding an uploaded answers file; checked by size and content."""
    try:
        read = read_answers(data, framework)
    except AnswersFileError as exc:
        return None, exc.problems
    responses = read.responses
    try:
        assessment_id = store.import_responses(responses)
    except StoreError as exc:
        return None, [f"The file was read but could not be saved: {exc}. Please try again."]
    adopt(assessment_id, responses, read.notices)
    return assessment_id, []


def resume(store: AssessmentStore, text: str) -> tuple[str | None, list[str]]:
    assessment_id = id_from_text(text)
    if assessment_id is None:
        return None, ["That is not an assessment link or code. Paste the whole link you kept."]
    try:
        work = working(store, assessment_id)
    except StoreError as exc:
        return None, [f"The assessment could not be read: {exc}. Please try again."]
    if work is None:
        return None, ["No assessment has that link or code. Check that it was copied whole."]
    return assessment_id, []


def _show(problems: list[str]) -> None:
    for problem in problems:
        st.error(md_escape(problem), icon=":material/error:")


def _open(assessment_id: str, page: str = "assessment") -> None:
    set_current(assessment_id)
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
            answered = len(boot.work.responses.answers)
            st.caption(f"{answered} of {len(framework.questions)} questions answered")
            if st.button("Continue this assessment", type="primary", key="start.continue"):
                _open(boot.work.assessment_id)
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
            new_id, problems = create_assessment(store, name, sector, size, assessor)
            if new_id:
                _open(new_id)
            _show(problems)

    with resume_tab, st.form("start.resume", border=False):
        text = st.text_input("Your assessment link or code")
        if st.form_submit_button("Resume"):
            found, problems = resume(store, text)
            if found:
                _open(found)
            _show(problems)

    with import_tab:
        st.markdown(
            "Upload an answers file (JSON) saved from this tool or filled in offline from the "
            "template (`python -m assessment template`). It becomes a new assessment."
        )
        upload = st.file_uploader(
            "Answers file (JSON, up to 1 MB)", type=["json"], key="start.upload"
        )
        if upload is not None and st.button("Import these answers", key="start.import"):
            new_id, problems = import_answers(store, framework, upload.getvalue())
            if new_id:
                _open(new_id, "results")
            _show(problems)


def resume_link(assessment_id: str) -> str:
    """The link that brings this assessment back (this page's URL with the id)."""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # noqa: BLE001 - no browser context (tests)
        base = ""
    return f"{base}?a={assessment_id}" if base else assessment_id
