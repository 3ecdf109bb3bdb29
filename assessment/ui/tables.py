"""Tables of people's words on screen, safe to download.

Streamlit's `st.dataframe` has its own toolbar "Download as CSV", which writes the cells as they
are: a name like `=HYPERLINK(...)` or `+cmd|...` would run as a formula in a spreadsheet. Every
table the app shows with names, roles, headings or minority views goes through `safe_dataframe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from ..files.exports import safe_rows


def safe_dataframe(rows: Iterable[Mapping[str, Any]], **kwargs: Any) -> None:
    """`st.dataframe` of these rows with every formula-like text cell neutralised."""
    st.dataframe(safe_rows(rows), **kwargs)
