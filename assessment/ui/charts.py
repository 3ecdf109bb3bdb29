"""Altair charts for the Results page. Plain functions of a Result; no Streamlit here.

Each chart has a text equivalent beside it (`chart_sentence`, `chart_table`): the same figures
for a screen reader, a phone too narrow to read labels, or a printout.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..domain.models import DimensionResult, DimensionStatus, Result
from ..readout import wording

# Okabe-Ito colours: distinguishable with every common form of colour blindness.
CURRENT_COLOUR = "#0072B2"
TARGET_COLOUR = "#E69F00"
SERIES = ["Current", "Target"]


def _no_score(dim: DimensionResult) -> str:
    if dim.status == DimensionStatus.NOT_APPLICABLE:
        return "not applicable"
    return wording.NOT_YET_ASSESSED


def dimension_frame(result: Result) -> pd.DataFrame:
    """One row per dimension and series: the current score and the target level's lower bound.

    A dimension without a score has no bar (its score is empty, never 0); its label says why
    and sits at the start of the axis (`label_at`).
    """
    rows = []
    for order, dim in enumerate(result.dimensions.values()):
        scored = dim.assessed and dim.score is not None
        rows.append(
            {
                "order": order,
                "dimension": dim.name,
                "series": "Current",
                "score": dim.score if scored else None,
                "label_at": dim.score if scored else 0.0,
                "label": f"{dim.score:.0f}" if scored else _no_score(dim),
                "level": f"level {dim.level} {dim.level_name}" if scored else _no_score(dim),
            }
        )
        rows.append(
            {
                "order": order,
                "dimension": dim.name,
                "series": "Target",
                "score": dim.target_score,
                "label_at": dim.target_score,
                "label": f"{dim.target_score:.0f}",
                "level": f"target level {dim.target}",
            }
        )
    return pd.DataFrame(rows)


def dimension_chart(result: Result) -> alt.LayerChart:
    """Horizontal grouped bars, current against target per dimension, each bar labelled.

    Horizontal so the dimension names stay readable on a phone.
    """
    data = dimension_frame(result)
    order = list(data.drop_duplicates("dimension")["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=160))

    def x(field: str) -> alt.X:
        return alt.X(
            field,
            scale=alt.Scale(domain=[0, 112]),  # room for the label of a full bar
            axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
            title="Score (0-100)",
        )

    base = alt.Chart(data).encode(
        y=y,
        yOffset=alt.YOffset("series:N", sort=SERIES),
        x=x("score:Q"),
        tooltip=[
            alt.Tooltip("dimension:N", title="Dimension"),
            alt.Tooltip("series:N", title=" "),
            alt.Tooltip("label:N", title="Score"),
            alt.Tooltip("level:N", title="Level"),
        ],
    )
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=SERIES, range=[CURRENT_COLOUR, TARGET_COLOUR]),
            legend=alt.Legend(title=None, orient="top"),
        )
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#1F2A30").encode(
        x=x("label_at:Q"), text="label:N"
    )
    return (bars + labels).properties(
        height=alt.Step(14),
        title=alt.TitleParams(
            "Current score and target",
            subtitle="Target: the score where the target level starts",
            anchor="start",
        ),
        description=chart_sentence(result),  # the chart's accessible name (aria-label)
    )


def chart_sentence(result: Result) -> str:
    """The chart in one sentence: each dimension's score and its target's lower bound."""
    parts = []
    for dim in result.dimensions.values():
        now = f"{dim.score:.0f}" if dim.assessed and dim.score is not None else _no_score(dim)
        parts.append(f"{dim.name} {now} (target {dim.target_score:.0f}, level {dim.target})")
    return "Scores out of 100 against target: " + "; ".join(parts) + "."


def chart_table(result: Result) -> pd.DataFrame:
    """The chart as a table of text cells: dimension, score, level, target, gap."""
    rows = []
    for dim in result.dimensions.values():
        scored = dim.assessed and dim.score is not None
        rows.append(
            {
                "Dimension": dim.name,
                "Score": f"{dim.score:.0f}" if scored else _no_score(dim),
                "Level": f"{dim.level} {dim.level_name}" if scored else "—",
                "Target": f"level {dim.target} (from {dim.target_score:.0f})",
                "Gap": f"{dim.gap:.0f}" if scored else "—",
            }
        )
    return pd.DataFrame(rows).set_index("Dimension")
