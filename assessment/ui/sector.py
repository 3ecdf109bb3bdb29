"""The Results page's "Your sector" section: draws `Readout.sector` (`readout.sector`).

Every string goes through `md_escape` (content text, and the section never shows user text as
Markdown); a source's link is a Markdown link only when it is a plain https address.
"""

from __future__ import annotations

import re

import streamlit as st

from ..domain.models import MAX_FIELD_CHARS, Organization
from ..domain.sector_ids import SECTOR_LABELS, Sector
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


def sector_inputs(key: str) -> tuple[Sector | None, str]:
    """The sector as the start page asks it: a choice from the list, and words of one's own
    (the detail of "Other"). Inside the caller's form; keys prefixed with `key`."""
    choice = st.selectbox(
        "Sector (optional)",
        [None, *Sector],
        format_func=lambda s: SECTOR_LABELS[s] if s else "Prefer not to say",
        key=f"{key}.sector_id",
    )
    words = st.text_input(
        "Sector in your words (optional)", max_chars=MAX_FIELD_CHARS, key=f"{key}.sector"
    )
    return choice, words


def sector_line(organization: Organization) -> str:
    """'Sector: Healthcare' or 'Sector: Other (widget makers)'; empty without a sector. Plain
    text for st.text: the words are the user's."""
    if organization.sector_id is None:
        return ""
    label = SECTOR_LABELS[organization.sector_id]
    words = (organization.sector or "").strip()
    detail = f" ({words})" if words and words.casefold() != label.casefold() else ""
    return f"Sector: {label}{detail}"
