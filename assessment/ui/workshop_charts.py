"""Charts for the facilitator dashboard: Vega-Lite specs built from the summary and, for the
per-participant dots and the heatmap, from the facilitator's private detail.

Plain dicts for `st.vega_lite_chart` rather than Altair objects: Altair validates every spec
against the schema on each redraw, which with 200 participants took longer than everything else
on the page. Participant names reach the charts only as data (axis labels), which Vega draws as
text; no tooltips, so nothing a participant typed is ever rendered as HTML. These charts belong
to the facilitator's private view only: the room view never draws per-participant marks.
"""

from __future__ import annotations

from typing import Any

from ..domain.workshop import ANONYMOUS_KEY, FacilitatorDetail, WorkshopSummary

Spec = dict[str, Any]
DIM_SCALE = {"domain": [0, 100]}


def spread_rows(detail: FacilitatorDetail, names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"participant": key, "dimension": names[did], "score": value}
        for key, scores in detail.matrix.items()
        if key != ANONYMOUS_KEY  # a mean is not a participant's dot
        for did, value in scores.items()
        if value is not None
    ]


def spread_chart(
    summary: WorkshopSummary, detail: FacilitatorDetail, names: dict[str, str]
) -> Spec:
    """Per dimension: range of participant scores (bar, from 3 scores), each participant (dot),
    median (tick)."""
    order = [names[d] for d in summary.dimension_ids]
    ranges = [
        {"dimension": s.name, "min": s.min, "max": s.max, "median": s.median}
        for s in summary.spreads
        if s.min is not None
    ]
    y = {
        "field": "dimension",
        "type": "nominal",
        "sort": order,
        "scale": {"domain": order},  # every dimension, scored or not
        "title": None,
    }
    y_axis = y | {"axis": {"labelLimit": 160}}
    x = {"type": "quantitative", "scale": DIM_SCALE}
    return {
        "height": 40 * len(order) + 20,
        "layer": [
            {
                "data": {"values": ranges},
                "mark": {"type": "bar", "height": 14, "color": "#D9DEE3", "stroke": "#1F3A5F"},
                "encoding": {
                    "y": y_axis,
                    "x": x
                    | {
                        "field": "min",
                        "title": "Score (0-100)",
                        "axis": {"values": [0, 20, 40, 60, 80, 100]},
                    },
                    "x2": {"field": "max"},
                },
            },
            {
                "data": {"values": spread_rows(detail, names)},
                "mark": {"type": "circle", "size": 45, "opacity": 0.7, "color": "#0072B2"},
                "encoding": {"y": y, "x": x | {"field": "score"}},
            },
            {
                "data": {"values": ranges},
                "mark": {"type": "tick", "thickness": 3, "size": 22, "color": "black"},
                "encoding": {"y": y, "x": x | {"field": "median"}},
            },
        ],
    }


def heatmap(summary: WorkshopSummary, detail: FacilitatorDetail, names: dict[str, str]) -> Spec:
    """Participant by dimension, the score in each cell (blank when nothing was scored)."""
    rows = [
        {
            "participant": detail.labels[key]
            if key == ANONYMOUS_KEY
            else f"{detail.labels[key][:40]} [{key}]",
            "dimension": names[did],
            "score": value,
            "text": "" if value is None else f"{value:.0f}",
        }
        for key, scores in detail.matrix.items()
        for did, value in scores.items()
    ]
    order = [names[d] for d in summary.dimension_ids]
    encoding = {
        "x": {
            "field": "dimension",
            "type": "nominal",
            "sort": order,
            "title": None,
            "axis": {"labelAngle": -25, "labelLimit": 140, "labelOverlap": False},
        },
        "y": {
            "field": "participant",
            "type": "nominal",
            "sort": None,
            "title": None,
            "axis": {"labelLimit": 200, "labelOverlap": False},
        },
    }
    return {
        "data": {"values": rows},
        "height": {"step": 26},
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white"},
                "encoding": encoding
                | {
                    "color": {
                        "field": "score",
                        "type": "quantitative",
                        "scale": {"domain": [0, 100], "scheme": "blues"},
                        "title": "Score",
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": encoding
                | {
                    "text": {"field": "text", "type": "nominal"},
                    "color": {
                        "condition": {"test": "datum.score > 60", "value": "white"},
                        "value": "black",
                    },
                },
            },
        ],
    }
