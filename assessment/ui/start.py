"""Start page: what this is, then start a new assessment, resume one, or import an answers file.

With an assessment open, it comes first (continue it, its link to keep) and starting or importing
another asks before leaving it. Without one, the last assessment opened on this device is
offered (`resume.offer`).
"""

from __future__ import annotations

import streamlit as st

from ..app import Outcome
from ..app import assessments as service
from ..app.assessments import NewAssessment, Working
from ..domain.models import MAX_FIELD_CHARS, MAX_NAME_CHARS, Framework
from ..domain.sector_ids import SECTOR_LABELS, Sector
from ..files.answers_file import empty_template, max_file_bytes
from ..readout.vocabulary import answered_text
from . import browser, nav, resume
from .state import adopt, client_key, current_boot, session_key, set_current
from .text import md_escape

SIZES = ["", "1-9 people", "10-49 people", "50-249 people", "250-999 people", "1,000 or more"]
MINUTES_PER_QUESTION = 0.6
CONFIRM_KEY = "start.confirm"  # session_state: ("new", NewAssessment) | ("import", bytes)


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
    if page == "assessment":  # the first unanswered question, in view and focused
        page = resume.go_where_stopped(current_boot().framework, outcome.value.responses.answers)
    nav.go(page)


def _new(form: NewAssessment) -> None:
    boot = current_boot()
    _open(service.create(boot.store, form, client_key=client_key(), session_key=session_key()))


def _import(data: bytes) -> None:
    boot = current_boot()
    _open(
        service.import_answers(
            boot.store, boot.framework, data, client_key=client_key(), session_key=session_key()
        ),
        "results",
    )


def _ask_or_do(kind: str, value: NewAssessment | bytes, has_open: bool) -> None:
    """With an assessment open, ask first (the answer comes with the next click)."""
    if has_open:
        st.session_state[CONFIRM_KEY] = (kind, value)
        return
    if isinstance(value, NewAssessment):
        _new(value)
    else:
        _import(value)


def _cancel() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _confirm(kind: str, work: Working) -> None:
    """Ask before leaving the open assessment for a new one (drawn where the user asked)."""
    pending = st.session_state.get(CONFIRM_KEY)
    if not pending or pending[0] != kind:
        return
    value = pending[1]
    what = (
        f'start a new assessment for "{value.name.strip()}"'
        if isinstance(value, NewAssessment)
        else "import this file as a new assessment"
    )
    with st.container(border=True, key=f"start-confirm-{kind}"):
        st.warning(
            md_escape(
                f'You are working on "{work.responses.organization.name}". Do you want to '
                f"{what}? The one you are working on stays saved: its link (above) brings it "
                "back."
            ),
            icon=":material/help:",
        )
        row = st.container(horizontal=True)
        if row.button("Yes, start the new one", type="primary", key=f"start.yes.{kind}"):
            st.session_state.pop(CONFIRM_KEY, None)
            if isinstance(value, NewAssessment):
                _new(value)
            else:
                _import(value)
        row.button("No, keep working on this one", key=f"start.no.{kind}", on_click=_cancel)


def working_on(framework: Framework, work: Working) -> None:
    """The open assessment first: continue it, and its link to keep."""
    with st.container(border=True, key="start-current"):
        st.markdown("**You are working on**")
        st.markdown(md_escape(work.responses.organization.name))
        st.caption(answered_text(framework.questions, work.responses.answers))
        if st.button("Continue this assessment", type="primary", key="start.continue"):
            _open(Outcome(work))
        browser.link_bar(nav.assessment_url(work.assessment_id), key="rd-link-start")


def render() -> None:
    boot = current_boot()
    framework, store, work = boot.framework, boot.store, boot.work
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
        "saved as you give it, and the assessment's link brings you back to it."
    )

    if work is not None:
        working_on(framework, work)
        labels = ["Resume another assessment", "Start a new assessment", "Import an answers file"]
        resume_tab, new_tab, import_tab = st.tabs(labels)
    else:
        resume.offer()
        new_tab, resume_tab, import_tab = st.tabs(
            ["Start a new assessment", "Resume", "Import an answers file"]
        )

    with new_tab:
        with st.form("start.new", border=False):
            name = st.text_input("Organisation name", max_chars=MAX_NAME_CHARS)
            with st.expander("Sector, size, who answers (optional)"):  # Start stays in view
                choice = st.selectbox(
                    "Sector (optional)",
                    [None, *Sector],
                    format_func=lambda s: SECTOR_LABELS[s] if s else "Prefer not to say",
                )
                sector = st.text_input("Sector in your words (optional)", max_chars=MAX_FIELD_CHARS)
                size = st.selectbox(
                    "Size (optional)", SIZES, format_func=lambda s: s or "Prefer not to say"
                )
                assessor = st.text_input("Your name or role (optional)", max_chars=MAX_FIELD_CHARS)
            if st.form_submit_button("Start the assessment", type="primary"):
                form = NewAssessment(name, sector, size, assessor, sector_id=choice)
                if not name.strip():
                    _new(form)  # refused with the reason, nothing to ask
                else:
                    _ask_or_do("new", form, work is not None)
        if work is not None:
            _confirm("new", work)

    with resume_tab, st.form("start.resume", border=False):
        text = st.text_input("Your assessment link or code")
        if st.form_submit_button("Resume"):
            _open(service.resume(store, framework, text))

    with import_tab:
        st.markdown(
            "Upload an answers file (JSON) saved from this tool, or one filled in offline from "
            "the empty template below. It becomes a new assessment."
        )
        st.download_button(
            "Download the empty template",
            empty_template(framework),
            file_name="answers-template.json",
            mime="application/json",
            icon=":material/download:",
            key="start.template",
            on_click="ignore",
        )
        # the true limit, rounded down (3.8 MB): "up to 4 MB" promised more than is taken
        upload = st.file_uploader(
            f"Answers file (JSON, up to {max_file_bytes(framework) // 100_000 / 10} MB)",
            type=["json"],
            key="start.upload",
        )
        if upload is not None and st.button("Import these answers", key="start.import"):
            _ask_or_do("import", upload.getvalue(), work is not None)
        if work is not None:
            _confirm("import", work)
