"""The cover and the executive summary, and the notices a provisional or incomplete result
carries wherever figures are shown."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, TableStyle

from .. import wording
from ..highlights import STRENGTH_MIN_LEVEL, largest_gaps, strengths, strongest
from ..models import DimensionResult, DimensionStatus
from ..vocabulary import horizon_name, number_or_na
from .charts import RadarPoint, radar_chart
from .document import COVER_BAND, MARGIN_TOP
from .kit import Kit, callout, kpi_strip, new_table, table
from .styles import AMBER, AMBER_LIGHT, WHITE


def incomplete_notice(kit: Kit) -> Flowable | None:
    r = kit.result
    if r.is_complete:
        return None
    answered = sum(1 for q in kit.framework.questions if q.id in kit.responses.answers)
    text = (
        f"Incomplete assessment: {r.completeness:.0f}% complete ({answered} of "
        f"{len(kit.framework.questions)} questions answered). Scores use the answers given so far; "
        "unanswered questions are left out and the plan may change once they are answered."
    )
    return callout(
        kit, [kit.para(text, kit.styles.callout, prefix="<b>", suffix="</b>")], tone="warn"
    )


def provisional_notice(kit: Kit) -> Flowable | None:
    """While the result is provisional: no level is claimed, and what each dimension lacks."""
    overall = kit.result.overall
    if not overall.provisional:
        return None
    lines = [kit.para(wording.provisional_intro(), kit.styles.callout, prefix="<b>", suffix="</b>")]
    lines += [kit.para(m, kit.styles.callout, prefix="\u2022 ") for m in overall.missing]
    return callout(kit, lines, tone="warn")


def cover(kit: Kit) -> list[Flowable]:
    org, r = kit.responses.organization, kit.result
    details = [
        ("Sector", org.sector),
        ("Size", org.size),
        ("Date", (org.date or kit.report_date).strftime("%d %B %Y")),
        ("Assessor", org.assessor),
    ]
    rows = [
        [kit.para(label, kit.styles.cell_bold), kit.para(value, kit.styles.cell)]
        for label, value in details
        if value
    ]
    story: list[Flowable] = [
        Spacer(1, COVER_BAND - MARGIN_TOP + 14 * mm),
        kit.para("Prepared for", kit.styles.small),
        kit.para(org.name, kit.styles.org, max_chars=400),
        Spacer(1, 22),
        table(rows, [70, kit.width - 70], header=False, zebra=False),
        Spacer(1, 24),
        _headline(kit),
        Spacer(1, 10),
        kit.para(r.overall.description, kit.styles.small),
    ]
    for notice in (provisional_notice(kit), incomplete_notice(kit)):
        if notice is not None:
            story += [Spacer(1, 12), notice]
    return story


def _missing(d: DimensionResult) -> str:
    """What a chart prints for a dimension without a score."""
    if d.status == DimensionStatus.NOT_APPLICABLE:
        return "not applicable"
    return "not yet assessed"


def _no_gap_text(kit: Kit) -> str:
    r = kit.result
    if not any(d.assessed for d in r.dimensions.values()):
        return "None yet: no dimension is assessed."
    if r.overall.provisional:
        waiting = [d.id for d in r.dimensions.values() if d.status == DimensionStatus.NOT_ASSESSED]
        return (
            f"None among the assessed dimensions; {wording.names(kit.framework, waiting)} "
            f"{'is' if len(waiting) == 1 else 'are'} {wording.NOT_YET_ASSESSED}."
        )
    return "None: every assessed dimension is at its target."


def first_sentence(text: str, limit: int = 150) -> str:
    """The first sentence of a text, cut at `limit` characters (for the one-page summary)."""
    end = text.find(". ")
    sentence = text if end < 0 else text[: end + 1]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "\u2026"


def _headline(kit: Kit) -> Flowable:
    """Level, score, confidence and completeness: the four figures on the cover and summary.

    While the result is provisional it claims no level and no overall score."""
    r = kit.result
    if r.overall.provisional:
        level = (wording.PROVISIONAL, "No overall level yet")
        score = ("not yet", "Overall score")
    else:
        level = (wording.overall_value(r.overall), r.overall.label)
        score = (f"{number_or_na(r.overall.score)}/100", "Overall score")
    return kpi_strip(
        kit,
        [
            level,
            score,
            (f"{r.confidence:.0f}%", "Confidence"),
            (f"{r.completeness:.0f}%", "Completeness"),
        ],
    )


def executive_summary(kit: Kit, frame_height: float) -> list[Flowable]:
    r = kit.result
    inner: list[Flowable] = [
        _headline(kit),
        Spacer(1, 6),
        kit.para(r.overall.description, kit.styles.small),
        Spacer(1, 4),
    ]
    for notice in (provisional_notice(kit), incomplete_notice(kit)):
        if notice is not None:
            inner += [notice, Spacer(1, 5)]
    if r.gate.holds and not (r.overall.provisional and r.gate.purpose_score is None):
        inner += [
            callout(
                kit,
                [kit.para(r.gate.reason, kit.styles.callout, prefix="<b>Purpose gate holds.</b> ")],
                tone="warn",
            ),
            Spacer(1, 5),
        ]

    radar_w = 290.0
    radar = radar_chart(
        [RadarPoint(d.name, d.score, d.target_score, _missing(d)) for d in r.dimensions.values()],
        width=radar_w,
        height=265,
    )
    side_w = kit.width - radar_w - 8
    side: list[Flowable] = [kit.para("Top strengths", kit.styles.h3)]
    top = strengths(r)
    if top:
        rows: list[list[object]] = [
            [
                kit.para(d.name, kit.styles.cell_bold),
                kit.para(number_or_na(d.score), kit.styles.cell_right),
                kit.para(f"level {d.level} {d.level_name}", kit.styles.cell),
            ]
            for d in top
        ]
        side.append(table(rows, [side_w - 100, 28, 72], header=False))
    elif not any(d.assessed for d in r.dimensions.values()):
        side.append(kit.para("No dimension is assessed yet.", kit.styles.small))
    else:
        best = strongest(r)
        text = f"No dimension is at level {STRENGTH_MIN_LEVEL} or above yet"
        text += f"; the strongest so far is {best.name} ({best.score:.0f})." if best else "."
        side.append(kit.para(text, kit.styles.small))
    side.append(kit.para("Largest gaps to target", kit.styles.h3))
    gaps = largest_gaps(r)
    if gaps:
        rows = [
            [
                kit.para(d.name, kit.styles.cell_bold),
                kit.para(f"{number_or_na(d.score)} \u2192 {d.target_score:.0f}", kit.styles.cell),
                kit.para(f"\u2212{d.gap:.0f}", kit.styles.cell_right, prefix="<b>", suffix="</b>"),
            ]
            for d in gaps
        ]
        side.append(table(rows, [side_w - 90, 56, 34], header=False))
        side.append(
            kit.para(
                "Score \u2192 lowest score of the target level; points to go.", kit.styles.tiny
            )
        )
    else:
        side.append(kit.para(_no_gap_text(kit), kit.styles.small))
    grid = new_table([[radar, side]], colWidths=[radar_w + 8, side_w])
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    inner += [grid, Spacer(1, 4)]

    confirmed = r.confirmed_flags
    inner.append(kit.para(wording.flag_count_text(r), kit.styles.h3))
    if confirmed:
        half = kit.width / 2
        cells: list[object] = [
            [
                kit.para(f.title, kit.styles.cell_bold, prefix="! "),
                kit.para(first_sentence(f.explanation), kit.styles.tiny),
            ]
            for f in confirmed
        ]
        if len(cells) % 2:
            cells.append("")
        grid_rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        inner.append(
            table(
                grid_rows,
                [half, half],
                header=False,
                zebra=False,
                extra=[
                    ("LINEBEFORE", (0, 0), (-1, -1), 2.5, AMBER),
                    ("LINEBELOW", (0, 0), (-1, -1), 0, WHITE),
                    ("BACKGROUND", (0, 0), (-1, -1), AMBER_LIGHT),
                    ("LINEAFTER", (0, 0), (0, -1), 3, WHITE),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
                + (
                    [
                        ("BACKGROUND", (1, -1), (1, -1), WHITE),
                        ("LINEBEFORE", (1, -1), (1, -1), 0, WHITE),
                    ]
                    if len(confirmed) % 2
                    else []
                ),
            )
        )
        inner.append(
            kit.para(
                "Each flag is explained in full, with the answers that raised it, on the "
                "scorecard page.",
                kit.styles.tiny,
            )
        )
    else:
        inner.append(kit.para("No risk flag is confirmed by these answers.", kit.styles.small))
    if r.flags_to_check:
        inner.append(kit.para(f"To check ({len(r.flags_to_check)})", kit.styles.h3))
        inner.append(
            kit.para(
                'Possible risks that only "Don\'t know" answers point to; not findings:',
                kit.styles.tiny,
            )
        )
        inner += [kit.para(f.check, kit.styles.small, prefix="? ") for f in r.flags_to_check]

    plan = kit.evaluation.plan
    inner.append(kit.para("First priorities", kit.styles.h3))
    if plan.actions:
        inner += [
            kit.para(
                f"{a.rank}. {a.title} ({horizon_name(a.horizon)}; {a.owner})", kit.styles.small
            )
            for a in plan.actions[:3]
        ]
    status = wording.plan_status(kit.framework, r, plan)
    if status:
        inner.append(kit.para(status, kit.styles.small))
    fitted = KeepInFrame(kit.width, frame_height - 40, inner, mode="shrink", hAlign="LEFT")
    return [kit.heading("Executive summary"), fitted]
