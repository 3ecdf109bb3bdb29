"""Showing text safely: user text is never read as Markdown, HTML, LaTeX or Streamlit directives."""

from __future__ import annotations

import re
import string
from functools import lru_cache

import streamlit as st

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def md_escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, which CommonMark then shows literally.

    This defuses links, images, emphasis, HTML tags, `$` maths and `:red[...]` directives, so
    the result can go to any Streamlit element that renders Markdown (labels included).
    """
    return _PUNCTUATION.sub(r"\\\1", text).replace("\n", "  \n")


@lru_cache(maxsize=4096)
def content_md(text: str) -> str:
    """`md_escape` for the framework's own text (immutable), computed once per string.

    Never for user text: this cache is shared by every session.
    """
    return md_escape(text)


def plain(text: str) -> None:
    """Show a user's text as text."""
    st.markdown(md_escape(text))
