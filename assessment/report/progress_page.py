"""The progress page of a follow-up, right after the executive summary: the level then and now,
the three biggest moves with the answers that caused them, the steps done and whether they show,
what fell, and (for a series of three or more) the trend of the overall score.

It draws `kit.readout.progress` (`readout.progress.progress_view`) and decides nothing.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Line, PolyLine, String
from reportlab.platypus import Flowable, Spacer

from ..readout.progress import ProgressView, TrendLine
from .charts import drawing
from .fonts import BOLD, REGULAR, register_fonts
from .kit import Kit, callout, kpi_strip, table
from .styles import GREY, GREY_LIGHT, INK, NAVY


def trend_chart(points: tuple[TrendLine, ...], width: float, height: float = 120) -> Flowable:
    """The overall score at each assessment of the series: a line with each value printed."""
    register_fonts()
    d = drawing(width, height)
    left, right, bottom, top = 30, 16, 24, 12
    plot_w, plot_h = width - left - right, height - bottom - top
    for value in (0, 25, 50, 75, 100):
        y = bottom + plot_h * value / 100
        d.add(Line(left, y, left + plot_w, y, strokeColor=GREY_LIGHT, strokeWidth=0.5))
        d.add(
            String(
                left - 4,
                y - 2.5,
                str(value),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=GREY,
                textAnchor="end",
            )
        )
    step = plot_w / max(1, len(points) - 1)
    xy: list[float] = []
    for i, p in enumerate(points):
        x = left + step * i
        d.add(
            String(x, 8, p.date, fontName=REGULAR, fontSize=7, fillColor=INK, textAnchor="middle")
        )
        if p.score is None:
            d.add(
                String(
                    x,
                    bottom + 4,
                    "provisional",
                    fontName=REGULAR,
                    fontSize=6.5,
                    fillColor=GREY,
                    textAnchor="middle",
                )
            )
            continue
        y = bottom + plot_h * p.score / 100
        xy += [x, y]
        d.add(Circle(x, y, 2.6, fillColor=NAVY, strokeColor=NAVY))
        label = f"{p.score:.0f}" + (f" (L{p.level})" if p.level else "")
        d.add(
            String(x, y + 6, label, fontName=BOLD, fontSize=7.5, fillColor=INK, textAnchor="middle")
        )
    if len(xy) >= 4:
        d.add(PolyLine(xy, strokeColor=NAVY, strokeWidth=1.4))
    return d


def progress_page(kit: Kit) -> list[Flowable]:
    view: ProgressView | None = kit.readout.progress
    if view is None:
        return []
    s = kit.styles
    out: list[Flowable] = [
        kit.heading(f"Progress {view.since[0].lower()}{view.since[1:]}", 0, "Progress")
    ]
    out.append(
        kpi_strip(
            kit,
            [
                (f"{view.level_then} \u2192 {view.level_now}", "Level then \u2192 now"),
                (f"{view.score_then} \u2192 {view.score_now}", "Overall score then \u2192 now"),
            ],
            small=True,
        )
    )
    out.append(Spacer(1, 6))
    out += [kit.para(line, s.body) for line in view.story]
    out.append(
        callout(kit, [kit.para(view.decision, s.callout, lead=f"Decision: {view.decision_kind}. ")])
    )
    out.append(kit.para("The biggest moves", s.h3))
    if view.moves:
        rows: list[list[object]] = [kit.head_row(("Dimension", "Then", "Now", "Moved", "Because"))]
        for m in view.moves:
            rows.append(
                [
                    kit.para(m.name, s.cell_bold),
                    kit.para(m.then, s.cell),
                    kit.para(m.now, s.cell),
                    kit.para(m.moved, s.cell_bold),
                    [kit.para(c, s.cell) for c in m.causes] or kit.para("", s.cell),
                ]
            )
        fixed = [96, 34, 34, 40]
        out.append(table(rows, [*fixed, kit.width - sum(fixed)]))
    else:
        out.append(kit.para("No dimension moved by more than one answer by one option.", s.small))
    out.append(kit.para("Steps done and whether they show", s.h3))
    done = view.done_not_showing + view.done_showing
    if done:
        rows = [kit.head_row(("Step", "Status", "Done on"))]
        for step in done:
            rows.append(
                [
                    kit.para(step.title, s.cell),
                    kit.para(step.status, s.cell_bold if "not" in step.status else s.cell),
                    kit.para(step.date, s.cell),
                ]
            )
        out.append(table(rows, [kit.width - 190, 120, 70]))
    else:
        out.append(kit.para("No step of the last plan is marked done.", s.small))
    if view.fell:
        out.append(kit.para("What fell", s.h3))
        out += [kit.para(f, s.small, lead="\u2022 ") for f in view.fell]
    if view.flags_raised or view.flags_cleared:
        out.append(kit.para("Risk flags", s.h3))
        out += [kit.para(f, s.small, lead="Raised: ") for f in view.flags_raised]
        out += [kit.para(f, s.small, lead="Cleared: ") for f in view.flags_cleared]
    if view.trend:
        out.append(kit.para("Overall score over the series", s.h3))
        out.append(trend_chart(view.trend, kit.width))
    out.append(kit.para(view.confidence, s.tiny))
    return out
