"""The Results page's "Your sector" section: draws `Readout.sector` (`readout.sector`).

Every string goes through `md_escape` (content text, and the section never shows user text as
Markdown); a source's link is a Markdown link only when it is a plain https address.
"""

from __future__ import annotations

import re

import streamlit as st

from ..domain.sector_ids import Sector
from ..readout.model import Readout
from ..readout.sector import SECTOR_HEADING, SectorSource
from ..readout.sector import question_hint as sector_hint
from .text import md_escape

_SAFE_URL = re.compile(r"https://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")
"""A link Markdown cannot misread: https, no spaces, brackets or parentheses."""


def source_line(src: SectorSource) -> str:
    """'Source: publisher, title (year), country' with the title linked to the guidance."""
    year = f" ({src.year})" if src.year else ""
    country = f", {src.country}" if src.country else ""
    title = md_escape(src.title)
    if _SAFE_URL.fullmatch(src.url):
        title = f"[{title}]({src.url})"
    return f"Source: {md_escape(src.publisher)}, {title}{md_escape(year + country)}"


def render_section(readout: Readout) -> None:
    """Nothing without a sector; else its intro, notes with sources and left-out steps."""
    sector = readout.sector
    if sector is None:
        return
    st.subheader(SECTOR_HEADING, anchor=False)
    st.markdown(md_escape(sector.intro))
    for note in sector.notes:
        with st.container(border=True):
            st.markdown(f"**{md_escape(note.title)}**")
            st.markdown(md_escape(note.text))
            st.caption(source_line(note.source))
    if sector.left_out:
        st.markdown("**Steps this plan leaves out**")
        st.markdown(
            "\n".join(f"- **{md_escape(s.title)}**: {md_escape(s.reason)}" for s in sector.left_out)
        )


def question_hint(sector_id: Sector | None, question_id: str) -> None:
    """Under a question: the sector's one-line note and its "Not applicable" suggestion (a
    suggestion only: nothing is answered for the user)."""
    hint = sector_hint(sector_id, question_id)
    if hint is None:
        return
    if hint.note:
        st.caption(md_escape(hint.note))
    if hint.suggestion:
        st.info(md_escape(hint.suggestion), icon=":material/lightbulb:")
