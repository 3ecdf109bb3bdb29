"""Altair charts for the facilitator dashboard: plain functions of the summary and, for the
per-participant dots and the heatmap, of the facilitator's private detail.

Participant names reach the charts only as data (axis labels, text marks), which Vega draws as
text; no tooltips, so nothing a participant typed is ever rendered as HTML. These charts belong
to the facilitator's private view only: the room view never draws per-participant marks.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..workshop import FacilitatorDetail, WorkshopSummary

DIM_SCALE = alt.Scale(domain=[0, 100])


def spread_frame(detail: FacilitatorDetail, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for key, scores in detail.matrix.items():
        for did, value in scores.items():
            if value is not None:
                rows.append({"participant": key, "dimension": names[did], "score": value})
    return pd.DataFrame(rows, columns=["participant", "dimension", "score"])


def spread_chart(
    summary: WorkshopSummary, detail: FacilitatorDetail, names: dict[str, str]
) -> alt.LayerChart:
    """Per dimension: range of participant scores (bar), each participant (dot), median (tick)."""
    order = [names[d] for d in summary.dimension_ids]
    ranges = pd.DataFrame(
        [
            {"dimension": s.name, "min": s.min, "max": s.max, "median": s.median}
            for s in summary.spreads
            if s.min is not None
        ],
        columns=["dimension", "min", "max", "median"],
    )
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=160))
    bars = (
        alt.Chart(ranges)
        .mark_bar(height=14, color="#D9DEE3", stroke="#1F3A5F")
        .encode(
            y=y,
            x=alt.X(
                "min:Q",
                scale=DIM_SCALE,
                title="Score (0-100)",
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
            ),
            x2="max:Q",
        )
    )
    dots = (
        alt.Chart(spread_frame(detail, names))
        .mark_circle(size=45, opacity=0.7, color="#0072B2")
        .encode(y=y, x=alt.X("score:Q", scale=DIM_SCALE))
    )
    median = (
        alt.Chart(ranges)
        .mark_tick(thickness=3, size=22, color="black")
        .encode(y=y, x=alt.X("median:Q", scale=DIM_SCALE))
    )
    return (bars + dots + median).properties(height=40 * len(order) + 20)


def heatmap(
    summary: WorkshopSummary, detail: FacilitatorDetail, names: dict[str, str]
) -> alt.LayerChart:
    """Participant by dimension, the score in each cell (blank when nothing was scored)."""
    rows = []
    for key, scores in detail.matrix.items():
        for did, value in scores.items():
            rows.append(
                {
                    "participant": f"{detail.labels[key][:40]} [{key}]",
                    "dimension": names[did],
                    "score": value,
                    "text": "" if value is None else f"{value:.0f}",
                }
            )
    data = pd.DataFrame(rows, columns=["participant", "dimension", "score", "text"])
    order = [names[d] for d in summary.dimension_ids]
    base = alt.Chart(data).encode(
        x=alt.X(
            "dimension:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelAngle=-25, labelLimit=140, labelOverlap=False),
        ),
        y=alt.Y(
            "participant:N",
            title=None,
            sort=None,
            axis=alt.Axis(labelLimit=200, labelOverlap=False),
        ),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 100], scheme="blues"), title="Score")
    )
    labels = base.mark_text(fontSize=11).encode(
        text="text:N",
        color=alt.condition("datum.score > 60", alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(height=alt.Step(26))
