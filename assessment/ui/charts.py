"""Altair charts for the Results page. Plain functions of a Result; no Streamlit here."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..models import Result

# Okabe-Ito colours: distinguishable with every common form of colour blindness.
CURRENT_COLOUR = "#0072B2"
TARGET_COLOUR = "#E69F00"
SERIES = ["Current", "Target"]


def dimension_frame(result: Result) -> pd.DataFrame:
    """One row per dimension and series: the current score and the target level's lower bound."""
    rows = []
    for order, dim in enumerate(result.dimensions.values()):
        current = dim.score if dim.score is not None else 0.0
        current_text = f"{dim.score:.0f}" if dim.score is not None else "not assessed"
        rows.append(
            {
                "order": order,
                "dimension": dim.name,
                "series": "Current",
                "score": current,
                "label": current_text,
                "level": f"level {dim.level} {dim.level_name}" if dim.level else "not assessed",
            }
        )
        rows.append(
            {
                "order": order,
                "dimension": dim.name,
                "series": "Target",
                "score": dim.target_score,
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
    base = alt.Chart(data).encode(
        y=y,
        yOffset=alt.YOffset("series:N", sort=SERIES),
        x=alt.X(
            "score:Q",
            scale=alt.Scale(domain=[0, 112]),  # room for the label of a full bar
            axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
            title="Score (0-100)",
        ),
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
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#1F2A30").encode(text="label:N")
    return (bars + labels).properties(height=alt.Step(14), title="Current score and target")
