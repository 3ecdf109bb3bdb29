"""Import responses collected in a form tool into a workshop: upload, preview, confirm.

Nothing is saved until the facilitator has seen which columns became which question, which were
ignored, which rows will be skipped and why, and which names repeat, and then confirms. File
contents (headings, names, cells) are shown only in data frames, `st.text` or escaped.
"""

from __future__ import annotations

import streamlit as st

from ..app import workshops as service
from ..app.workshops import Dashboard
from ..domain.models import Framework
from ..files.responses_import import (
    ResponsesImport,
    ResponsesImportError,
    format_rows,
    parse_responses,
)
from ..store import FacilitatorView, WorkshopStore
from .tables import safe_dataframe
from .text import md_escape

FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "zip"]  # .xls and .zip get advice, not refusal
COUNTER_KEY = "wf.import.n"  # part of the uploader's key: a new key empties it after an import
PARSED_KEY = "wf.import.parsed"  # (file id, result or problems): parse once per upload
DONE_KEY = "wf.import.done"
CONFIRM_KEY = "wf.import.confirm"


def uploader_key() -> str:
    return f"wf.import.file.{st.session_state.setdefault(COUNTER_KEY, 0)}"


def render(ws: WorkshopStore, framework: Framework, dash: Dashboard) -> None:
    with st.expander("Import responses collected elsewhere (CSV or Excel)"):
        st.caption(
            "Export the responses from Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, "
            "Typeform, LimeSurvey or Excel (CSV, tab-separated text or .xlsx), one row per "
            "respondent, with the question texts as column headings and the answers as option "
            "text or a score 0-4. You see what will be imported before anything is saved."
        )
        if done := st.session_state.pop(DONE_KEY, None):
            st.success(md_escape(done), icon=":material/check:")
        upload = st.file_uploader("Responses file", type=FILE_TYPES, key=uploader_key())
        if upload is None:
            st.session_state.pop(PARSED_KEY, None)
            return
        parsed = _parsed(upload.file_id, upload.name, upload.getvalue(), framework)
        if isinstance(parsed, list):
            st.error("This file cannot be imported:")
            for problem in parsed:
                st.text(problem)
            return
        existing = {_key(r.name) for r in dash.records if r.name}
        preview(parsed, framework, existing)
        _confirm(ws, dash.view, parsed)


def _parsed(
    file_id: str, name: str, data: bytes, framework: Framework
) -> ResponsesImport | list[str]:
    """The import result (or the file's problems), computed once per uploaded file."""
    cached = st.session_state.get(PARSED_KEY)
    if cached is not None and cached[0] == file_id:
        result: ResponsesImport | list[str] = cached[1]
        return result
    try:
        result = parse_responses(data, name, framework)
    except ResponsesImportError as exc:
        result = exc.problems
    st.session_state[PARSED_KEY] = (file_id, result)
    return result


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


# ----------------------------------------------------------------------------- preview


def preview(parsed: ResponsesImport, framework: Framework, existing: set[str]) -> None:
    st.subheader("Check before importing", anchor=False)
    st.text(f"{parsed.file_name}: {parsed.source}; question headings in row {parsed.header_row}.")
    a, b, c = st.columns(3)
    a.metric("Respondents to import", len(parsed.rows))
    b.metric("Rows to skip", len(parsed.skipped))
    c.metric("Questions found", f"{len(parsed.question_columns)} of {len(framework.questions)}")
    if parsed.skipped:
        st.warning(
            f"{len(parsed.skipped)} of {parsed.data_rows} rows will be skipped (listed below "
            "with the reason). Correct them in the file and import it again, or import the "
            "others now.",
            icon=":material/warning:",
        )
    _problems(parsed, existing)
    _columns(parsed, framework)
    _respondents(parsed)


def _columns(parsed: ResponsesImport, framework: Framework) -> None:
    st.markdown("**Columns read as questions**")
    safe_dataframe(
        [
            {
                "Column": c.column,
                "Heading": c.header,
                "Question": c.question_id,
                "Matched by": c.how,
            }
            for c in parsed.question_columns
        ],
        hide_index=True,
        width="stretch",
    )
    found = {c.question_id for c in parsed.question_columns}
    missing = [q for q in framework.questions if q.id not in found]
    if missing:
        st.caption(
            f"{len(missing)} questions have no column and stay unanswered for these "
            "respondents: " + md_escape(", ".join(q.id for q in missing))
        )
    st.text(
        "Name from: "
        + (" or ".join(parsed.name_columns) or "no name column (respondents stay anonymous)")
        + "\nRole from: "
        + (" or ".join(parsed.role_columns) or "no role column")
    )
    if parsed.ignored_columns:
        st.markdown("**Ignored columns**")
        safe_dataframe(
            [
                {"Column": c.column, "Heading": c.header or "(no heading)", "Why": c.reason}
                for c in parsed.ignored_columns
            ],
            hide_index=True,
            width="stretch",
        )


def _problems(parsed: ResponsesImport, existing: set[str]) -> None:
    """What needs the facilitator's eye first: rows to skip, names seen twice."""
    if parsed.skipped:
        st.markdown("**Rows that will be skipped**")
        safe_dataframe(
            [
                {"Row": row, "Problem": problem}
                for row, problems in parsed.skipped.items()
                for problem in problems
            ],
            hide_index=True,
            width="stretch",
        )
    repeated = parsed.duplicate_names
    again = sorted({r.name for r in parsed.rows if r.name and _key(r.name) in existing})
    if repeated or again:
        st.warning(
            "Some names appear more than once: check that nobody answered twice and that this "
            "file was not imported before.",
            icon=":material/group:",
        )
        safe_dataframe(
            [
                {"Name": n, "Rows": format_rows(rows), "Note": "on several rows"}
                for n, rows in repeated.items()
            ]
            + [
                {
                    "Name": n,
                    "Rows": format_rows([r.row for r in parsed.rows if r.name == n]),
                    "Note": "already in this workshop",
                }
                for n in again
            ],
            hide_index=True,
            width="stretch",
        )


def _respondents(parsed: ResponsesImport) -> None:
    if parsed.header_rows:
        st.markdown("**Header rows, not respondents**")
        safe_dataframe(
            [{"Row": row, "Why": why} for row, why in parsed.header_rows.items()], hide_index=True
        )
    if parsed.rows:
        st.markdown("**Respondents to import**")
        safe_dataframe(
            [
                {
                    "Row": r.row,
                    "Name": r.name or "(anonymous)",
                    "Role": r.role,
                    "Answered": len(r.answers),
                }
                for r in parsed.rows
            ],
            hide_index=True,
            width="stretch",
        )


def _confirm(ws: WorkshopStore, view: FacilitatorView, parsed: ResponsesImport) -> None:
    if not parsed.rows:
        st.error("No row of this file can be imported: see the reasons above.")
        return
    skipped = f", skip {len(parsed.skipped)} rows" if parsed.skipped else ""
    if not st.button(
        f"Import {len(parsed.rows)} respondents{skipped}",
        key=CONFIRM_KEY,
        type="primary",
        icon=":material/upload:",
    ):
        return
    imported = service.import_responses(ws, view.token, parsed)
    if imported.value is None:
        for problem in imported.problems:
            st.error(md_escape(problem))
        return
    count = imported.value
    st.session_state[DONE_KEY] = f"Imported {count} respondents from {parsed.file_name}" + (
        f"; {len(parsed.skipped)} rows were skipped." if parsed.skipped else "."
    )
    st.session_state[COUNTER_KEY] = st.session_state.get(COUNTER_KEY, 0) + 1
    st.session_state.pop(PARSED_KEY, None)
    st.rerun()
