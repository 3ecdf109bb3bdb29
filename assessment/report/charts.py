"""Vector charts (ReportLab graphics) that read in grayscale print: the radar, question bars,
the roadmap timeline and the workshop's spread of scores.

Every value is printed as text and series differ by line style and fill, not by colour alone:
the current score is a filled polygon with a solid outline, the target a dashed outline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.platypus import Flowable

from ..domain.models import Horizon
from ..readout.vocabulary import HORIZON_DAYS, HORIZON_NAMES, number_or_na
from ..readout.workshop import SpreadLine
from .fonts import BOLD, REGULAR, register_fonts
from .styles import (
    AMBER,
    GREY,
    GREY_DARK,
    GREY_LIGHT,
    GREY_PALE,
    INK,
    NAVY,
    TEAL,
    TEAL_LIGHT,
    WHITE,
)
from .text import fit

DASH = [4, 2.5]


def drawing(width: float, height: float) -> Drawing:
    """A Drawing whose default font is DejaVu, so no unembedded Helvetica enters the PDF."""
    d = Drawing(width, height)
    d.initialFontName = REGULAR  # type: ignore[attr-defined]
    d.initialFontSize = 7  # type: ignore[attr-defined]
    return d


@dataclass(frozen=True)
class RadarPoint:
    label: str
    current: float | None  # 0-100, None when the dimension has no score: never drawn as 0
    target: float  # 0-100
    missing: str = "not yet assessed"  # printed instead of the score when current is None


def _two_lines(label: str) -> list[str]:
    """Break a long axis label at its middle space so labels stay narrow."""
    words = label.split()
    if len(label) <= 12 or len(words) < 2:
        return [label]
    best = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(label) / 2))
    return [" ".join(words[:best]), " ".join(words[best:])]


def radar_chart(points: Sequence[RadarPoint], width: float = 270, height: float = 230) -> Drawing:
    """Spider chart: current (filled, solid) against target (dashed), rings every 20 points."""
    register_fonts()
    d = drawing(width, height)
    legend_h = 18
    cx, cy = width / 2, legend_h + (height - legend_h) / 2
    radius = min(width / 2 - 62, (height - legend_h) / 2 - 36)
    n = len(points)

    def xy(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in (20, 40, 60, 80, 100):
        ring_pts = [c for i in range(n) for c in xy(i, ring)]
        d.add(Polygon(ring_pts, fillColor=None, strokeColor=GREY_LIGHT, strokeWidth=0.6))
    for i in range(n):
        x, y = xy(i, 100)
        d.add(Line(cx, cy, x, y, strokeColor=GREY_LIGHT, strokeWidth=0.6))

    _draw_current(d, points, xy)
    target = [c for i, p in enumerate(points) for c in xy(i, p.target)]
    target += target[:2]
    d.add(PolyLine(target, strokeColor=NAVY, strokeWidth=1.3, strokeDashArray=DASH))

    for i, p in enumerate(points):
        angle = math.pi / 2 - 2 * math.pi * i / n
        x, y = xy(i, 110)
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        lines = [(fit(t, 64, 7.5, bold=True), BOLD, 7.5, INK) for t in _two_lines(p.label)]
        if p.current is None:  # no score: say why, on its own line, and never plot a 0
            lines.append((p.missing, REGULAR, 6.5, GREY_DARK))
            lines.append((f"target {p.target:.0f}", REGULAR, 6.5, GREY_DARK))
        else:
            lines.append(
                (f"{number_or_na(p.current)} / target {p.target:.0f}", REGULAR, 6.5, GREY_DARK)
            )
        block = 8.5 * len(lines)
        if sin > 0.2:
            top = y + 3 + block
        elif sin < -0.2:
            top = y - 3
        else:
            top = y + block / 2
        for k, (text, font, size, colour) in enumerate(lines):
            d.add(
                String(
                    x,
                    top - 8.5 * (k + 1) + 2,
                    text,
                    fontName=font,
                    fontSize=size,
                    fillColor=colour,
                    textAnchor=anchor,
                )
            )

    for ring in (20, 40, 60, 80, 100):
        # Ring values sit midway along the first edge, clear of the axis labels.
        (x1, y1), (x2, y2) = xy(0, ring), xy(1, ring)
        d.add(
            String(
                (x1 + x2) / 2 + 1.5,
                (y1 + y2) / 2 + 1.5,
                str(ring),
                fontName=REGULAR,
                fontSize=5.5,
                fillColor=GREY,
            )
        )

    # Legend: the two series differ by fill and line style, so grayscale print keeps them apart.
    lx = width / 2 - 95
    d.add(Rect(lx, 4, 14, 8, fillColor=TEAL_LIGHT, strokeColor=TEAL, strokeWidth=1.4))
    d.add(String(lx + 18, 5, "Current score", fontName=REGULAR, fontSize=7, fillColor=INK))
    tx = lx + 100
    d.add(Line(tx, 8, tx + 16, 8, strokeColor=NAVY, strokeWidth=1.3, strokeDashArray=DASH))
    d.add(String(tx + 20, 5, "Target level", fontName=REGULAR, fontSize=7, fillColor=INK))
    return d


def _draw_current(
    d: Drawing, points: Sequence[RadarPoint], xy: Callable[[int, float], tuple[float, float]]
) -> None:
    """The current scores: a filled polygon when every dimension has one; otherwise only the
    lines between neighbouring scored dimensions, so a dimension without a score is a gap in
    the outline, never a point at 0."""
    n = len(points)
    scored = [p.current is not None for p in points]
    if all(scored):
        outline = [c for i, p in enumerate(points) for c in xy(i, p.current or 0.0)]
        d.add(
            Polygon(
                outline, fillColor=TEAL_LIGHT, strokeColor=TEAL, strokeWidth=1.6, strokeLineJoin=1
            )
        )
    else:
        for i in range(n):
            j = (i + 1) % n
            a, b = points[i].current, points[j].current
            if a is not None and b is not None and n > 1:
                (x1, y1), (x2, y2) = xy(i, a), xy(j, b)
                d.add(Line(x1, y1, x2, y2, strokeColor=TEAL, strokeWidth=1.6))
    for i, p in enumerate(points):
        if p.current is not None:
            x, y = xy(i, p.current)
            d.add(Circle(x, y, 1.9, fillColor=TEAL, strokeColor=WHITE, strokeWidth=0.4))


class ScorePips(Flowable):
    """An answer's score as four boxes, as many filled as points (0-4); nothing for no score.

    Drawn straight on the canvas (four rectangles): one per answer, so no chart machinery."""

    def __init__(self, points: int | None, width: float = 30, height: float = 7):
        super().__init__()
        self.points = points
        self.width, self.height = width, height + 3
        self._box = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        if self.points is None:
            return
        canvas = self.canv
        gap = 1.5
        box = (self.width - 3 * gap) / 4
        canvas.setLineWidth(0.5)
        for i in range(4):
            filled = i < self.points
            canvas.setFillColor(TEAL if filled else WHITE)
            canvas.setStrokeColor(NAVY if filled else GREY_LIGHT)
            canvas.rect(i * (box + gap), 1, box, self._box, stroke=1, fill=1)


def score_pips(points: int | None) -> Flowable:
    return ScorePips(points)


@dataclass(frozen=True)
class RoadmapItem:
    rank: int
    title: str
    horizon: Horizon
    effort: str
    within_days: int = 0  # an urgent step: due this many days into the first period


def roadmap_timeline(
    items: Sequence[RoadmapItem], width: float, spans: Mapping[Horizon, str] | None = None
) -> Drawing:
    """The roadmap as a timeline: one labelled lane per period (with its calendar span under the
    name), one bar per step."""
    register_fonts()
    row, head = 16.0, 40.0 if spans else 30.0
    height = head + row * max(len(items), 1) + 6
    d = drawing(width, height)
    label_w = width * 0.42
    lanes = list(HORIZON_NAMES)
    lane_w = (width - label_w) / len(lanes)
    body_top = height - head
    shades = [GREY_PALE, WHITE, GREY_PALE, WHITE]
    for j, horizon in enumerate(lanes):
        x = label_w + j * lane_w
        d.add(
            Rect(
                x,
                2,
                lane_w,
                body_top - 2,
                fillColor=shades[j],
                strokeColor=GREY_LIGHT,
                strokeWidth=0.5,
            )
        )
        # The lane header: a labelled arrow segment of the time axis.
        d.add(
            Rect(
                x + 1,
                body_top + (18 if spans else 8),
                lane_w - 2,
                14,
                fillColor=NAVY if j < 3 else GREY,
                strokeColor=None,
            )
        )
        d.add(
            String(
                x + lane_w / 2,
                body_top + (22 if spans else 12),
                HORIZON_NAMES[horizon],
                fontName=BOLD,
                fontSize=7.5,
                fillColor=WHITE,
                textAnchor="middle",
            )
        )
        if spans:
            d.add(
                String(
                    x + lane_w / 2,
                    body_top + 7,
                    spans[horizon],
                    fontName=REGULAR,
                    fontSize=6.5,
                    fillColor=GREY_DARK,
                    textAnchor="middle",
                )
            )
    d.add(
        String(
            0,
            body_top + (22 if spans else 12),
            "Step (rank)",
            fontName=BOLD,
            fontSize=7.5,
            fillColor=INK,
        )
    )
    if not items:
        d.add(
            String(
                label_w + 6,
                body_top - row + 4,
                "No action needed.",
                fontName=REGULAR,
                fontSize=7.5,
                fillColor=GREY_DARK,
            )
        )
    for i, item in enumerate(items):
        y = body_top - (i + 1) * row + 4
        d.add(Line(0, y - 4, width, y - 4, strokeColor=GREY_LIGHT, strokeWidth=0.3))
        label = fit(f"{item.rank}. {item.title}", label_w - 6, 7.5)
        d.add(String(0, y + 1.5, label, fontName=REGULAR, fontSize=7.5, fillColor=INK))
        j = lanes.index(item.horizon)
        x = label_w + j * lane_w + 4
        bar_w = lane_w - 8
        text = f"#{item.rank} \u00b7 {item.effort}"
        fill = TEAL if j < 3 else GREY
        if item.within_days and j == 0:  # urgent: a bar as long as its days, in amber
            days = HORIZON_DAYS[item.horizon][1] - HORIZON_DAYS[item.horizon][0]
            bar_w = max(bar_w * min(item.within_days, days) / days, 18.0)
            text, fill = f"#{item.rank}", AMBER
            d.add(
                String(
                    x + bar_w + 3,
                    y + 1.5,
                    f"by day {item.within_days}",
                    fontName=BOLD,
                    fontSize=6.5,
                    fillColor=AMBER,
                )
            )
        d.add(
            Rect(
                x,
                y - 1,
                bar_w,
                row - 7,
                rx=2,
                ry=2,
                fillColor=fill,
                strokeColor=NAVY,
                strokeWidth=0.5,
            )
        )
        d.add(
            String(
                x + bar_w / 2,
                y + 1.5,
                text,
                fontName=BOLD,
                fontSize=6.5,
                fillColor=WHITE,
                textAnchor="middle",
            )
        )
    return d


def spread_chart(spreads: Sequence[SpreadLine], width: float) -> Drawing:
    """Per dimension, a bar from the lowest to the highest participant score with the median
    as a black diamond; values printed beside it, so it reads in greyscale."""
    register_fonts()
    row, top, bottom = 22.0, 8.0, 34.0
    height = bottom + row * len(spreads) + top
    d = drawing(width, height)
    label_w = min(130.0, width * 0.28)
    x0 = label_w + 8
    text_w = 118.0
    scale_w = width - x0 - text_w
    plot_top = height - top

    def x(value: float) -> float:
        return x0 + scale_w * max(0.0, min(100.0, value)) / 100

    for tick in range(0, 101, 20):
        d.add(Line(x(tick), bottom - 2, x(tick), plot_top, strokeColor=GREY_LIGHT, strokeWidth=0.5))
        d.add(
            String(
                x(tick),
                bottom - 12,
                str(tick),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    for i, s in enumerate(spreads):
        y = plot_top - (i + 1) * row + row / 2
        d.add(
            String(0, y - 3, fit(s.name, label_w, 8), fontName=REGULAR, fontSize=8, fillColor=INK)
        )
        if s.min is None or s.max is None or s.median is None:
            d.add(
                String(
                    x0 + 4,
                    y - 3,
                    "no scores yet",
                    fontName=REGULAR,
                    fontSize=7,
                    fillColor=GREY_DARK,
                )
            )
            continue
        left, right = x(s.min), x(s.max)
        d.add(
            Rect(
                left,
                y - 4,
                max(right - left, 1.5),
                8,
                fillColor=GREY_PALE,
                strokeColor=NAVY,
                strokeWidth=0.7,
            )
        )
        d.add(Line(left, y - 6, left, y + 6, strokeColor=NAVY, strokeWidth=1))
        d.add(Line(right, y - 6, right, y + 6, strokeColor=NAVY, strokeWidth=1))
        m = x(s.median)
        d.add(
            Polygon(
                [m, y + 5, m + 5, y, m, y - 5, m - 5, y],
                fillColor=INK,
                strokeColor=WHITE,
                strokeWidth=0.6,
            )
        )
        text = f"{number_or_na(s.min)}\u2013{number_or_na(s.max)}, median {number_or_na(s.median)}"
        d.add(String(x0 + scale_w + 8, y - 3, text, fontName=BOLD, fontSize=7, fillColor=INK))
    # legend
    ly = 4.0
    d.add(Rect(x0, ly, 16, 6, fillColor=GREY_PALE, strokeColor=NAVY, strokeWidth=0.7))
    d.add(
        String(
            x0 + 20,
            ly,
            "lowest to highest participant score",
            fontName=REGULAR,
            fontSize=6.5,
            fillColor=GREY_DARK,
        )
    )
    lx = x0 + 150
    d.add(Polygon([lx, ly + 7, lx + 4, ly + 3, lx, ly - 1, lx - 4, ly + 3], fillColor=INK))
    d.add(String(lx + 8, ly, "median", fontName=REGULAR, fontSize=6.5, fillColor=GREY_DARK))
    return d
