"""The workshop report's extra section: participation and disagreement.

`workshop_section(summary)` returns an `ExtraSection` for `build_report(..., extra_sections=...)`;
the report itself is scored on the consensus. The section shows aggregates only (counts per role,
spread per dimension, anonymous answer distributions, mean scores per role): the report is
handed to the client, and individual answers stay behind the facilitator link. Role names are
participant text and go through `Kit.para` (escaped), never into markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from ..evaluation import evaluate
from ..models import Framework, Responses
from ..workshop import DimensionSpread, QuestionDistribution, WorkshopSummary
from .fonts import BOLD, REGULAR, fit, register_fonts
from .sections import Kit, _kpi_strip, _table
from .styles import GREY, GREY_DARK, GREY_LIGHT, GREY_PALE, INK, NAVY, WHITE

MAX_DISPUTED_ROWS = 10


def _num(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def spread_chart(spreads: Sequence[DimensionSpread], width: float) -> Drawing:
    """Per dimension, a bar from the lowest to the highest participant score with the median
    as a black diamond; values printed beside it, so it reads in greyscale."""
    register_fonts()
    row, top, bottom = 22.0, 8.0, 34.0
    height = bottom + row * len(spreads) + top
    d = Drawing(width, height)
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
        text = f"{_num(s.min)}\u2013{_num(s.max)}, median {_num(s.median)}"
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


def _distribution_cells(kit: Kit, q: QuestionDistribution) -> list[object]:
    return [kit.para(str(q.counts[score]), "cell_right") for score in range(5)] + [
        kit.para(str(q.dont_know), "cell_right"),
        kit.para(str(q.not_applicable), "cell_right"),
    ]


def _consensus_text(kit: Kit, question_id: str) -> str:
    answer = kit.responses.answers.get(question_id)
    if answer is None:
        return "not set"
    if answer.choice == "dont_know":
        return "Don't know"
    if answer.choice == "not_applicable":
        return "N/A"
    return f"{int(answer.choice)}/4"


def workshop_flowables(kit: Kit, summary: WorkshopSummary) -> list[Flowable]:
    s = kit.styles
    p = summary.participation
    story: list[Flowable] = [
        kit.heading("Workshop: participation and disagreement"),
        kit.para(
            "This report is scored on the answers the group agreed in the workshop (the "
            "consensus). This section shows how far the participants' own answers agreed "
            "before that. Individual answers are not shown; distributions are anonymous.",
            "small",
        ),
        Spacer(1, 6),
        _kpi_strip(
            kit,
            [
                (str(p.joined), "participants"),
                (str(p.finished), "finished"),
                (str(p.complete), "answered every question"),
                (str(len(summary.disputed)), "disputed questions"),
            ],
        ),
        Spacer(1, 8),
    ]
    # participation by role
    head = [Paragraph(h, s.head_cell) for h in ("Role", "Participants", "Mean score per dimension")]
    rows: list[list[object]] = [head]
    names = {d.id: d.name for d in kit.framework.dimensions}
    for role in summary.roles:
        means = ", ".join(
            f"{names[did]} {_num(m)}" for did, m in role.means.items() if m is not None
        )
        rows.append(
            [
                kit.para(role.role, "cell_bold", max_chars=120),
                kit.para(str(role.participants), "cell_right"),
                kit.para(means or "no scores yet", "cell"),
            ]
        )
    story += [kit.heading("Who took part", 1), _table(rows, [130, 72, kit.width - 202])]

    # spread per dimension
    story += [
        kit.heading("Agreement per dimension", 1),
        kit.para(
            "Each participant's answers were scored on their own (0-100 per dimension). A short "
            "bar means the group saw the dimension alike; a long one that views differ.",
            "small",
        ),
        Spacer(1, 4),
        spread_chart(summary.spreads, kit.width),
        Spacer(1, 6),
        kit.para(
            'Consensus: the agreed answers\' score; "not yet" where they hold too few known '
            "answers for the dimension to be assessed.",
            "tiny",
        ),
        Spacer(1, 3),
    ]
    head = [
        Paragraph(h, s.head_cell)
        for h in ("Dimension", "Scored by", "Lowest", "Median", "Highest", "Std dev", "Consensus")
    ]
    rows = [head]
    for sp in summary.spreads:
        agreed = kit.result.dimensions[sp.dimension]
        consensus = _num(agreed.score) if agreed.assessed else "not yet"
        rows.append(
            [
                kit.para(sp.name, "cell_bold"),
                kit.para(str(sp.n), "cell_right"),
                kit.para(_num(sp.min), "cell_right"),
                kit.para(_num(sp.median), "cell_right"),
                kit.para(_num(sp.max), "cell_right"),
                kit.para(_num(sp.stdev, 1), "cell_right"),
                kit.para(consensus, "cell_right", prefix="<b>", suffix="</b>"),
            ]
        )
    fixed = [52, 46, 46, 46, 46, 58]
    story.append(_table(rows, [kit.width - sum(fixed), *fixed]))

    # disputed questions
    story += [
        CondPageBreak(160),
        kit.heading("The most disputed questions", 1),
        kit.para(
            "Ranked by the standard deviation of the option scores participants chose (0-4). "
            'Columns 0-4 count the participants who chose each option; DK is "Don\'t know", '
            'N/A "Not applicable" (both left out of the spread).',
            "small",
        ),
        Spacer(1, 4),
    ]
    if summary.disputed:
        head = [
            Paragraph(h, s.head_cell)
            for h in ("Question", "0", "1", "2", "3", "4", "DK", "N/A", "Std dev", "Agreed")
        ]
        rows = [head]
        for q in summary.disputed[:MAX_DISPUTED_ROWS]:
            rows.append(
                [
                    kit.para(f"{names.get(q.dimension, q.dimension)}: {q.text}", "cell"),
                    *_distribution_cells(kit, q),
                    kit.para(_num(q.stdev, 2), "cell_right"),
                    kit.para(_consensus_text(kit, q.question_id), "cell_bold"),
                ]
            )
        fixed = [20] * 5 + [22, 26, 42, 44]
        story.append(_table(rows, [kit.width - sum(fixed), *fixed]))
    else:
        story.append(kit.para("No question split the group: everyone who answered agreed.", "body"))

    # role differences
    story += [CondPageBreak(120), kit.heading("Where roles differ", 1)]
    if summary.role_gaps:
        rows = [
            [
                Paragraph(h, s.head_cell)
                for h in ("Dimension", "Highest role", "Mean", "Lowest role", "Mean", "Gap")
            ]
        ]
        for g in summary.role_gaps:
            rows.append(
                [
                    kit.para(g.name, "cell_bold"),
                    kit.para(g.high_role, "cell", max_chars=120),
                    kit.para(_num(g.high), "cell_right"),
                    kit.para(g.low_role, "cell", max_chars=120),
                    kit.para(_num(g.low), "cell_right"),
                    kit.para(_num(g.gap), "cell_right", prefix="<b>", suffix="</b>"),
                ]
            )
        fixed = [40, 40, 40]
        rest = kit.width - sum(fixed)
        story.append(
            KeepTogether([_table(rows, [rest * 0.3, rest * 0.35, 40, rest * 0.35, 40, 40])])
        )
    else:
        story.append(
            kit.para(
                "Fewer than two roles gave scores, or the roles saw every dimension alike.", "body"
            )
        )
    return story


def workshop_section(summary: WorkshopSummary) -> Callable[[Kit], list[Flowable]]:
    """An `ExtraSection` for `build_report` drawing this workshop's participation section."""

    def build(kit: Kit) -> list[Flowable]:
        return workshop_flowables(kit, summary)

    return build


def build_workshop_report(
    framework: Framework,
    summary: WorkshopSummary,
    consensus: Responses,
    paper: str = "a4",
    today: dt.date | None = None,
) -> bytes:
    """The workshop PDF: the action plan scored on the consensus plus the workshop section."""
    from . import build_report  # the package imports this module's siblings, not this one

    return build_report(
        framework,
        evaluate(framework, consensus),
        paper,
        extra_sections=[workshop_section(summary)],
        today=today,
    )
