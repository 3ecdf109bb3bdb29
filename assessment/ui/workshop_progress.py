"""Facilitator page, Overview: this workshop beside an earlier one of the same client (issue 22).

The facilitator pastes the earlier workshop's facilitator link; the page shows, per dimension,
the consensus score then and now and whether the group's spread narrowed, and the workshop PDF
of the Report tab carries the same comparison (`compared`, read once per run for both). Only
draws, asks and calls `app.workshop_progress`.
"""

from __future__ import annotations

import streamlit as st

from ..app.outcome import Outcome
from ..app.workshop_progress import WorkshopProgress, compare_with_earlier, spread_words
from ..app.workshops import Dashboard
from ..domain.models import Framework
from ..store import WorkshopStore
from .tables import safe_dataframe
from .text import md_escape

LINK_KEY = "wf.earlier_link"


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def compared(
    ws: WorkshopStore, framework: Framework, dash: Dashboard
) -> Outcome[WorkshopProgress] | None:
    """This workshop beside the earlier one whose link the facilitator pasted (None: no link).
    Read before the page draws, so the Overview and the PDF show the same comparison."""
    link = str(st.session_state.get(LINK_KEY) or "")
    return compare_with_earlier(ws, framework, dash, link) if link.strip() else None


def section(got: Outcome[WorkshopProgress] | None) -> None:
    """The link box and, once a link is pasted, the comparison (`compared`)."""
    st.header("Since an earlier workshop", anchor=False)
    st.text_input(
        "The earlier workshop's facilitator link",
        key=LINK_KEY,
        type="password",  # a facilitator link is a key: kept off the projector
        help="A follow-up workshop of the same client: paste the link of the earlier one. "
        "The workshop PDF then carries the comparison too.",
    )
    if got is None:
        st.caption("Paste the facilitator link of an earlier workshop to see what moved.")
        return
    if got.value is None:
        for problem in got.problems:
            st.error(md_escape(problem))
        return
    st.text(f"Earlier workshop: {got.value.earlier_name}, created {got.value.earlier_created}")
    st.caption(
        "Consensus: the dimension's score on the agreed answers. Spread: the standard deviation "
        "of participants' scores (from 3 scores); a change under 5 points is about the same."
    )
    safe_dataframe(
        [
            {
                "Dimension": r.name,
                "Consensus then": _figure(r.consensus_then),
                "Consensus now": _figure(r.consensus_now),
                "Spread then": _figure(r.spread.stdev_then),
                "Spread now": _figure(r.spread.stdev_now),
                "The group's spread": spread_words(r),
            }
            for r in got.value.dimensions
        ],
        hide_index=True,
        width="stretch",
    )
