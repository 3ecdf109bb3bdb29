"""The cover and the executive summary (one page that decides), and the notices a provisional or
incomplete result carries wherever figures are shown.

What the summary says is chosen in the core (`highlights`): the verdict and the decision asked
of the board, the first steps with their dates, the gaps and strengths, confidence in one line.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle

from ..domain.models import DimensionResult, DimensionStatus
from ..readout import wording
from ..readout.highlights import (
    COUNT_WORDS,
    assessment_start,
    day,
)
from ..readout.model import Verdict
from ..readout.vocabulary import answered_text, number_or_na
from .charts import RadarPoint, radar_chart
from .fonts import BOLD
from .kit import Kit, callout, kpi_strip, new_table, table
from .styles import AMBER, AMBER_LIGHT, GREY_LIGHT, GREY_PALE, NAVY, WHITE
from .text import text_width


def incomplete_notice(kit: Kit) -> Flowable | None:
    r = kit.result
    if r.is_complete:
        return None
    text = (
        f"Incomplete assessment: {r.completeness:.0f}% complete "
        f"({answered_text(kit.framework.questions, kit.responses.answers)}). Scores use the "
        "answers given so far; unanswered questions are left out and the plan may change once "
        "they are answered."
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
    lines += [kit.para(m, kit.styles.callout, lead="\u2022 ") for m in overall.missing]
    return callout(kit, lines, tone="warn")


# --------------------------------------------------------------------------- cover


def cover(kit: Kit, height: float) -> list[Flowable]:
    """Who the report is for, the headline figures and any notice; the band, contents, logo and
    "prepared by" are drawn by the page template (`document.ReportDoc`)."""
    org, r, s = kit.responses.organization, kit.result, kit.styles
    assessed = assessment_start(kit.responses, kit.report_date)
    details = [
        ("Sector", org.sector),
        ("Size", org.size),
        ("Assessed", day(assessed)),
        ("Assessor", org.assessor),
    ]
    if kit.start != assessed:  # a start day the user chose
        details.insert(3, ("Plan dates", f"count from {kit.readout.start_text}"))
    if kit.brand.prepared_by:
        details.append(("Prepared by", kit.brand.prepared_by))
    rows = [
        [kit.para(label, s.cell_bold), kit.para(value, s.cell)] for label, value in details if value
    ]
    story: list[Flowable] = [
        kit.para("Prepared for", s.small),
        kit.para(org.name, s.org, max_chars=400),
        Spacer(1, 10),
        table(rows, [80, kit.width - 80], header=False, zebra=False),
        Spacer(1, 16),
        headline(kit),
        Spacer(1, 8),
        kit.para(r.overall.description, s.small),
    ]
    for notice in (provisional_notice(kit), incomplete_notice(kit)):
        if notice is not None:
            story += [Spacer(1, 8), notice]
    return [KeepInFrame(kit.width, height, story, mode="shrink", hAlign="LEFT")]


def headline(kit: Kit) -> Flowable:
    """Level, score, confidence and completeness: the four figures on the cover.

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


# --------------------------------------------------------------------------- summary


def _missing(d: DimensionResult) -> str:
    """What a chart prints for a dimension without a score."""
    if d.status == DimensionStatus.NOT_APPLICABLE:
        return "not applicable"
    return "not yet assessed"


def verdict_box(kit: Kit, v: Verdict) -> Table:
    """The verdict first: the level (or "Provisional"), the sentence a board needs, the decision."""
    s = kit.styles
    left = [kit.para(v.value, s.verdict_value), kit.para(v.label, s.cell_bold)]
    right: list[Flowable] = [kit.para(v.sentence, s.verdict)]
    if v.provisional and v.missing:
        right += [kit.para(m, s.small, lead="\u2022 ") for m in v.missing]
        right.append(Spacer(1, 3))
    if v.decision_lines:
        right.append(kit.para(f"{v.decision_title}:", s.cell_bold))
        right += [kit.para(text, s.callout, lead=lead) for lead, text in v.decision_lines]
    else:
        right.append(kit.para(v.decision, s.callout, lead=f"{v.decision_title}: "))
    fill, rule = (AMBER_LIGHT, AMBER) if v.provisional else (GREY_PALE, NAVY)
    left_w = max(118.0, text_width(v.value, BOLD, s.verdict_value.fontSize) + 24)
    box = new_table([[left, right]], colWidths=[left_w, kit.width - left_w], splitInRow=1)
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEBEFORE", (0, 0), (0, -1), 4, rule),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return box


def first_steps_table(kit: Kit) -> list[Flowable]:
    """The three first steps with owner and due date, or why there are none."""
    s, ro = kit.styles, kit.readout
    steps = ro.first_steps
    count = COUNT_WORDS.get(len(steps), str(len(steps)))
    title = f"The first {count} step{'s' if len(steps) != 1 else ''}" if steps else "First steps"
    out: list[Flowable] = [kit.para(title, s.h3)]
    if steps:
        rows: list[list[object]] = [kit.head_row(("", "Step", "Owner", "Effort", "Due"))]
        for n, step in enumerate(steps, start=1):
            beside = f"plan step {step.rank}" + (f" \u00b7 {step.label}" if step.label else "")
            rows.append(
                [
                    kit.para(f"{n}.", s.cell_bold),
                    [kit.para(step.title, s.cell_bold), kit.para(beside, s.tiny)],
                    kit.para(step.owner, s.cell),
                    kit.para(step.effort_days, s.cell),
                    [kit.para(step.due_text, s.cell_bold), kit.para(step.period, s.tiny)],
                ]
            )
        fixed = [22, 118, 64, 68]
        out.append(table(rows, [fixed[0], kit.width - sum(fixed), *fixed[1:]]))
        if kit.start != assessment_start(kit.responses, kit.report_date):
            out.append(
                kit.para(
                    f"Due dates count from {ro.start_text}, the start date chosen for this plan.",
                    s.tiny,
                )
            )
    if ro.plan_status:
        out.append(kit.para(ro.plan_status, s.small))
    return out


def gaps_and_strengths(kit: Kit, width: float) -> list[Flowable]:
    s, ro = kit.styles, kit.readout
    out: list[Flowable] = [kit.para("Largest gaps to target", s.h3)]
    if ro.gaps:
        rows: list[list[object]] = [
            [
                kit.para(d.name, s.cell_bold),
                kit.para(f"{number_or_na(d.score)} \u2192 {d.target_score:.0f}", s.cell),
                kit.para(f"\u2212{d.gap:.0f}", s.cell_right, prefix="<b>", suffix="</b>"),
            ]
            for d in ro.gaps
        ]
        out.append(table(rows, [width - 90, 56, 34], header=False))
        out.append(
            kit.para(
                "Score now \u2192 score needed for the target level; points still to go.", s.tiny
            )
        )
    else:
        out.append(kit.para(ro.no_gap_text, s.small))
    out.append(kit.para("Strengths", s.h3))
    if ro.strengths:
        rows = [
            [
                kit.para(d.name, s.cell_bold),
                kit.para(number_or_na(d.score), s.cell_right),
                kit.para(f"level {d.level} {d.level_name}", s.cell),
            ]
            for d in ro.strengths
        ]
        out.append(table(rows, [width - 122, 26, 96], header=False))
    else:
        out.append(kit.para(ro.no_strength_text, s.small))
    return out


def flags_summary(kit: Kit) -> list[Flowable]:
    """Confirmed flags as findings (titles, two to a row); flags to check only counted."""
    s, ro = kit.styles, kit.readout
    confirmed = ro.confirmed_flags
    out: list[Flowable] = [kit.para(f"Risk flags ({len(confirmed)})", s.h3)]
    if confirmed:
        half = kit.width / 2
        cells: list[object] = [kit.para(f.headline, s.cell_bold, lead="! ") for f in confirmed]
        if len(cells) % 2:
            cells.append("")
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        extra: list[tuple[object, ...]] = [
            ("LINEBEFORE", (0, 0), (-1, -1), 2.5, AMBER),
            ("LINEBELOW", (0, 0), (-1, -1), 0, WHITE),
            ("BACKGROUND", (0, 0), (-1, -1), AMBER_LIGHT),
            ("LINEAFTER", (0, 0), (0, -1), 3, WHITE),
            ("LINEBELOW", (0, 0), (-1, -2), 2, WHITE),
        ]
        if len(confirmed) % 2:
            extra += [
                ("BACKGROUND", (1, -1), (1, -1), WHITE),
                ("LINEBEFORE", (1, -1), (1, -1), 0, WHITE),
            ]
        out.append(table(rows, [half, half], header=False, zebra=False, extra=extra))
    else:
        out.append(kit.para(ro.no_confirmed_flag_text, s.small))
    if ro.flags_to_check:
        count = len(ro.flags_to_check)
        it, they = ("it", "it is") if count == 1 else ("them", "they are")
        out.append(
            kit.para(
                f'{" ".join(f.headline for f in ro.flags_to_check)} Only "Don\'t know" answers '
                f"point to {it}, so {they} not a finding yet.",
                s.small,
                lead=f"To check ({count}): ",
            )
        )
    elif confirmed:
        out.append(
            kit.para(
                "Each is explained, with the answers that raised it, in the scorecard.", s.tiny
            )
        )
    return out


def executive_summary(kit: Kit, frame_height: float) -> list[Flowable]:
    """One page: the verdict and decision, the first steps, gaps and strengths beside the radar,
    confirmed flags, and confidence explained."""
    r, s = kit.result, kit.styles
    v = kit.readout.verdict
    inner: list[Flowable] = []
    if kit.lead_in:
        inner += [kit.para(" ".join(kit.lead_in), s.body, lead="The workshop: "), Spacer(1, 6)]
    inner += [verdict_box(kit, v), Spacer(1, 2)]
    notice = incomplete_notice(kit)
    if notice is not None:
        inner += [Spacer(1, 4), notice]
    inner += first_steps_table(kit)
    radar_w = 240.0
    radar = radar_chart(
        [RadarPoint(d.name, d.score, d.target_score, _missing(d)) for d in r.dimensions.values()],
        width=radar_w,
        height=196,
    )
    side_w = kit.width - radar_w - 10
    grid = new_table([[radar, gaps_and_strengths(kit, side_w)]], colWidths=[radar_w + 10, side_w])
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, 0), 8),
            ]
        )
    )
    inner += [grid, *flags_summary(kit), Spacer(1, 6)]
    inner.append(_rule(kit))
    inner.append(kit.para(kit.readout.confidence, s.small))
    fitted = KeepInFrame(kit.width, frame_height - 40, inner, mode="shrink", hAlign="LEFT")
    return [kit.heading("Executive summary"), fitted]


def _rule(kit: Kit) -> Table:
    line = new_table([[""]], colWidths=[kit.width], rowHeights=[4])
    line.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 0.5, GREY_LIGHT)]))
    return line


__all__ = ["cover", "executive_summary", "headline", "incomplete_notice", "provisional_notice"]
