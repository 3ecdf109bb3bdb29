"""The report's sections as lists of flowables: cover, executive summary, scorecard, one section per
dimension, the action plan with its roadmap, and the appendix.

All text goes through `Kit.para` (escaped, fallback font for CJK); only markup written here
surrounds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,  # the return type of Kit.para (a FastParagraph)
    Spacer,
    Table,
    TableStyle,
)

from .. import wording
from ..evaluation import Evaluation
from ..method import describe_method
from ..models import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Answer,
    DimensionResult,
    DimensionStatus,
    Framework,
    PlannedAction,
    Question,
    RaisedFlag,
)
from .charts import LANE_LABELS, Bar, RadarPoint, RoadmapItem, question_bars, radar_chart
from .charts import roadmap_timeline as draw_roadmap
from .document import COVER_BAND, MARGIN_TOP, FastParagraph, Heading
from .fonts import REGULAR, markup
from .styles import (
    AMBER,
    AMBER_LIGHT,
    GREY_LIGHT,
    GREY_PALE,
    NAVY,
    TEAL,
    TEAL_LIGHT,
    WHITE,
    Styles,
)

NOTE_CHUNK = 1500  # characters per Paragraph: layout time stays linear in the note's length
FINDING_NOTE_CHARS = 700  # a long note is shortened in the findings; the appendix has it all
HORIZON_TEXT = {"30": "30 days", "60": "60 days", "90": "90 days", "later": "Later"}
EFFORT_TEXT = {"S": "S (small)", "M": "M (medium)", "L": "L (large)"}


@dataclass
class Kit:
    """What a section needs to draw itself; also handed to extra sections (workshop report)."""

    framework: Framework
    evaluation: Evaluation
    styles: Styles
    width: float  # usable frame width in points
    report_date: dt.date = field(default_factory=dt.date.today)

    # ----------------------------------------------------------------- text helpers
    def para(
        self,
        text: str | None,
        style: str = "body",
        *,
        prefix: str = "",
        suffix: str = "",
        max_chars: int | None = None,
    ) -> Paragraph:
        """A Paragraph of escaped text; `prefix`/`suffix` are trusted markup written here."""
        return FastParagraph(
            prefix + markup(text, max_chars=max_chars) + suffix, getattr(self.styles, style)
        )

    def long_text(self, text: str, style: str = "note", *, prefix: str = "") -> list[Flowable]:
        """Text of any length as several Paragraphs, so layout time stays linear."""
        out: list[Flowable] = []
        for block in (b for b in text.split("\n\n") if b.strip()):
            for i, chunk in enumerate(_chunks(block.strip("\n"), NOTE_CHUNK)):
                out.append(self.para(chunk, style, prefix=prefix if not out and i == 0 else ""))
        return out or [self.para("", style, prefix=prefix)]

    def heading(self, text: str, level: int = 0, outline: str | None = None) -> Heading:
        style = {0: self.styles.h1, 1: self.styles.h2}.get(level, self.styles.h3)
        return Heading(markup(text), style, outline or text, level=min(level, 2))

    # ----------------------------------------------------------------- shortcuts
    @property
    def responses(self):  # type: ignore[no-untyped-def]
        return self.evaluation.responses

    @property
    def result(self):  # type: ignore[no-untyped-def]
        return self.evaluation.result

    def source_number(self, source_id: str) -> int:
        ids = [s.id for s in self.framework.sources]
        return ids.index(source_id) + 1 if source_id in ids else 0

    def cite(self, source_id: str) -> str:
        """A citation like "[2] Customers Rock! / Cone 2008" (plain text)."""
        number = self.source_number(source_id)
        try:
            name = self.framework.source(source_id).short_name
        except StopIteration:
            return source_id
        return f"[{number}] {name}"


def _chunks(text: str, size: int) -> list[str]:
    """Cut text into pieces of at most `size` characters, at a space where there is one."""
    pieces = []
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    pieces.append(text)
    return pieces


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def new_table(data: Sequence[Sequence[object]], **kw: object) -> Table:
    """A Table whose cells default to DejaVu (ReportLab's default is unembedded Helvetica)."""
    table = Table(data, **kw)  # type: ignore[arg-type]
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8.5)]))
    return table


def _table(
    data: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    zebra: bool = True,
    extra: Sequence[tuple[object, ...]] = (),
) -> Table:
    """A table with the house style; Paragraph cells and splitInRow so long cells split."""
    table = new_table(
        data, colWidths=list(widths), repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT"
    )
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GREY_LIGHT),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [WHITE, GREY_PALE]))
    table.setStyle(TableStyle(commands + list(extra)))
    return table


def _callout(kit: Kit, flowables: list[Flowable], *, tone: str = "info") -> Table:
    """A shaded box with a coloured left rule (the rule's weight, not only its colour, marks it)."""
    fill, rule = (AMBER_LIGHT, AMBER) if tone == "warn" else (TEAL_LIGHT, TEAL)
    box = new_table([[flowables]], colWidths=[kit.width], splitInRow=1)
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEBEFORE", (0, 0), (0, -1), 3 if tone == "warn" else 2, rule),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def _kpi_strip(kit: Kit, cells: list[tuple[str, str]]) -> Table:
    s = kit.styles
    row: list[object] = [
        [FastParagraph(markup(value), s.kpi_value), FastParagraph(markup(label), s.kpi_label)]
        for value, label in cells
    ]
    width = kit.width / len(cells)
    table = new_table([row], colWidths=[width] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, GREY_LIGHT),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, GREY_LIGHT),
                ("BACKGROUND", (0, 0), (-1, -1), GREY_PALE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


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
    return _callout(kit, [kit.para(text, "callout", prefix="<b>", suffix="</b>")], tone="warn")


def provisional_notice(kit: Kit) -> Flowable | None:
    """While the result is provisional: no level is claimed, and what each dimension lacks."""
    overall = kit.result.overall
    if not overall.provisional:
        return None
    lines = [kit.para(wording.provisional_intro(), "callout", prefix="<b>", suffix="</b>")]
    lines += [kit.para(m, "callout", prefix="\u2022 ") for m in overall.missing]
    return _callout(kit, lines, tone="warn")


# --------------------------------------------------------------------------- cover


def cover(kit: Kit) -> list[Flowable]:
    org, r = kit.responses.organization, kit.result
    details = [
        ("Sector", org.sector),
        ("Size", org.size),
        ("Date", (org.date or kit.report_date).strftime("%d %B %Y")),
        ("Assessor", org.assessor),
    ]
    rows = [
        [kit.para(label, "cell_bold"), kit.para(value, "cell")] for label, value in details if value
    ]
    story: list[Flowable] = [
        Spacer(1, COVER_BAND - MARGIN_TOP + 14 * mm),
        kit.para("Prepared for", "small"),
        kit.para(org.name, "org", max_chars=400),
        Spacer(1, 22),
        _table(rows, [70, kit.width - 70], header=False, zebra=False),
        Spacer(1, 24),
        _headline(kit),
        Spacer(1, 10),
        kit.para(r.overall.description, "small"),
    ]
    for notice in (provisional_notice(kit), incomplete_notice(kit)):
        if notice is not None:
            story += [Spacer(1, 12), notice]
    return story


# --------------------------------------------------------------------------- summary


def strengths(kit: Kit) -> list[DimensionResult]:
    """The three highest-scoring assessed dimensions (with a score above 0)."""
    scored = [d for d in kit.result.dimensions.values() if d.assessed and d.score]
    return sorted(scored, key=lambda d: (-(d.score or 0), -d.weight))[:3]


def largest_gaps(kit: Kit) -> list[DimensionResult]:
    """Up to five dimensions furthest below their target, largest gap first."""
    gaps = [d for d in kit.result.dimensions.values() if d.assessed and d.gap > 0]
    return sorted(gaps, key=lambda d: (-d.gap, -d.weight))[:5]


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
        score = (f"{_score(r.overall.score)}/100", "Overall score")
    return _kpi_strip(
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
        kit.para(r.overall.description, "small"),
        Spacer(1, 4),
    ]
    for notice in (provisional_notice(kit), incomplete_notice(kit)):
        if notice is not None:
            inner += [notice, Spacer(1, 5)]
    if r.gate.holds and not (r.overall.provisional and r.gate.purpose_score is None):
        inner += [
            _callout(
                kit,
                [kit.para(r.gate.reason, "callout", prefix="<b>Purpose gate holds.</b> ")],
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
    side: list[Flowable] = [kit.para("Top strengths", "h3")]
    top = strengths(kit)
    if top:
        rows: list[list[object]] = [
            [
                kit.para(d.name, "cell_bold"),
                kit.para(_score(d.score), "cell_right"),
                kit.para(f"level {d.level} {d.level_name}", "cell"),
            ]
            for d in top
        ]
        side.append(_table(rows, [side_w - 100, 28, 72], header=False))
    elif not any(d.assessed for d in r.dimensions.values()):
        side.append(kit.para("No dimension is assessed yet.", "small"))
    else:
        side.append(kit.para("No assessed dimension scores above 0 yet.", "small"))
    side.append(kit.para("Largest gaps to target", "h3"))
    gaps = largest_gaps(kit)
    if gaps:
        rows = [
            [
                kit.para(d.name, "cell_bold"),
                kit.para(f"{_score(d.score)} \u2192 {d.target_score:.0f}", "cell"),
                kit.para(f"\u2212{d.gap:.0f}", "cell_right", prefix="<b>", suffix="</b>"),
            ]
            for d in gaps
        ]
        side.append(_table(rows, [side_w - 90, 56, 34], header=False))
        side.append(
            kit.para("Score \u2192 lowest score of the target level; points to go.", "tiny")
        )
    else:
        side.append(kit.para(_no_gap_text(kit), "small"))
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
    inner.append(kit.para(wording.flag_count_text(r), "h3"))
    if confirmed:
        half = kit.width / 2
        cells: list[object] = [
            [
                kit.para(f.title, "cell_bold", prefix="! "),
                kit.para(first_sentence(f.explanation), "tiny"),
            ]
            for f in confirmed
        ]
        if len(cells) % 2:
            cells.append("")
        grid_rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        inner.append(
            _table(
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
                "tiny",
            )
        )
    else:
        inner.append(kit.para("No risk flag is confirmed by these answers.", "small"))
    if r.flags_to_check:
        inner.append(kit.para(f"To check ({len(r.flags_to_check)})", "h3"))
        inner.append(
            kit.para(
                'Possible risks that only "Don\'t know" answers point to; not findings:', "tiny"
            )
        )
        inner += [kit.para(f.check, "small", prefix="? ") for f in r.flags_to_check]

    plan = kit.evaluation.plan
    inner.append(kit.para("First priorities", "h3"))
    if plan.actions:
        inner += [
            kit.para(f"{a.rank}. {a.title} ({HORIZON_TEXT[a.horizon.value]}; {a.owner})", "small")
            for a in plan.actions[:3]
        ]
    status = wording.plan_status(kit.framework, r, plan)
    if status:
        inner.append(kit.para(status, "small"))
    fitted = KeepInFrame(kit.width, frame_height - 40, inner, mode="shrink", hAlign="LEFT")
    return [kit.heading("Executive summary"), fitted]


# --------------------------------------------------------------------------- scorecard


def scorecard(kit: Kit) -> list[Flowable]:
    s, r = kit.styles, kit.result
    head = ["Dimension", "Weight", "Score", "Level", "Target", "Gap", "Confidence", "Completeness"]
    rows: list[list[object]] = [[FastParagraph(h, s.head_cell) for h in head]]
    for d in r.dimensions.values():
        if d.status == DimensionStatus.NOT_APPLICABLE:
            level = "not applicable"
        else:
            level = f"{d.level} {d.level_name}" if d.assessed else wording.dimension_status(d)
        rows.append(
            [
                kit.para(d.name, "cell_bold"),
                kit.para(f"{d.weight:g}", "cell_right"),
                kit.para(_score(d.score) if d.assessed else "\u2014", "cell_right"),
                kit.para(level, "cell" if d.assessed else "tiny"),
                kit.para(f"{d.target} ({d.target_score:.0f})", "cell"),
                kit.para(f"{d.gap:.0f}" if d.assessed else "\u2014", "cell_right"),
                kit.para(f"{d.confidence:.0f}%", "cell_right"),
                kit.para(f"{d.completeness:.0f}%", "cell_right"),
            ]
        )
    rows.append(
        [
            kit.para("Overall (weighted)", "cell_bold"),
            kit.para("", "cell"),
            kit.para(
                _score(r.overall.score) if r.overall.score is not None else "\u2014",
                "cell_right",
                prefix="<b>",
                suffix="</b>",
            ),
            kit.para(
                wording.PROVISIONAL
                if r.overall.level is None
                else f"{r.overall.level} {r.overall.label}",
                "cell_bold",
            ),
            kit.para("", "cell"),
            kit.para("", "cell"),
            kit.para(f"{r.confidence:.0f}%", "cell_right"),
            kit.para(f"{r.completeness:.0f}%", "cell_right"),
        ]
    )
    fixed = [44, 36, 86, 46, 30, 62, 72]
    widths = [kit.width - sum(fixed), *fixed]
    table = _table(rows, widths, extra=[("LINEABOVE", (0, -1), (-1, -1), 1, NAVY)])
    story: list[Flowable] = [
        kit.heading("Scorecard"),
        kit.para(
            "Scores run from 0 to 100. The target is the level the organisation aims for, shown "
            "with the lowest score of that level; the gap is the number of points still to go. "
            "A dimension without enough known answers is not yet assessed: it has no score, "
            "level or gap.",
            "small",
        ),
        Spacer(1, 6),
        table,
    ]
    notice = provisional_notice(kit)
    if notice is not None:
        story += [Spacer(1, 6), notice]
    uncapped, capped = r.overall.uncapped_level, r.overall.level
    if r.gate.holds and uncapped is not None and capped is not None and uncapped > capped:
        story += [
            Spacer(1, 6),
            kit.para(
                f"Without the purpose gate the overall level would be {r.overall.uncapped_level}.",
                "small",
            ),
        ]
    story.append(Spacer(1, 10))
    story += risk_flags(kit)
    levels = [[FastParagraph(h, s.head_cell) for h in ("Level", "Band", "What it looks like")]]
    bounds = [lv.min_score for lv in kit.framework.levels] + [100]
    for lv, upper in zip(kit.framework.levels, bounds[1:], strict=False):
        band = f"{lv.min_score:g}-{upper:g}" if lv.level < 5 else f"{lv.min_score:g}-100"
        levels.append(
            [
                kit.para(f"{lv.level} {lv.name}", "cell_bold"),
                kit.para(band, "cell"),
                kit.para(lv.description, "cell"),
            ]
        )
    story += [
        Spacer(1, 10),
        KeepTogether(
            [kit.heading("Maturity levels", 1), _table(levels, [90, 50, kit.width - 140])]
        ),
    ]
    return story


def _flag_box(kit: Kit, cell: list[Flowable], rule: float) -> Table:
    return _table(
        [[cell]],
        [kit.width],
        header=False,
        zebra=False,
        extra=[("LINEBEFORE", (0, 0), (0, -1), rule, AMBER)],
    )


def _confirmed_box(kit: Kit, f: RaisedFlag) -> Table:
    cell: list[Flowable] = [
        kit.para(f.title, "cell_bold", prefix="! "),
        kit.para(f.explanation, "cell"),
        kit.para("Raised by these answers:", "tiny", prefix="<b>", suffix="</b>"),
    ]
    for question, answer in wording.raised_by(kit.framework, f, kit.responses.answers):
        cell.append(kit.para(question, "tiny", prefix="\u2022 "))
        cell.append(kit.para(answer, "tiny", prefix="&nbsp;&nbsp;&nbsp;<i>Answered:</i> "))
    cell.append(kit.para(kit.cite(f.source), "tiny", prefix="Source: "))
    return _flag_box(kit, cell, 2.5)


def _to_check_box(kit: Kit, f: RaisedFlag) -> Table:
    cell: list[Flowable] = [
        kit.para(f.check, "cell_bold", prefix="? "),
        kit.para('Find out (answered "Don\'t know"):', "tiny", prefix="<b>", suffix="</b>"),
    ]
    cell += [
        kit.para(q, "tiny", prefix="\u2022 ")
        for q in wording.question_texts(kit.framework, f.unknown)
    ]
    cell.append(kit.para(kit.cite(f.source), "tiny", prefix="Source: "))
    return _flag_box(kit, cell, 1)


def risk_flags(kit: Kit) -> list[Flowable]:
    """Confirmed flags as findings, with the answers that raised them; then the flags that only
    "Don't know" answers raise, asked as questions under "To check"."""
    r = kit.result
    story: list[Flowable] = []
    sections = [
        (
            wording.flag_count_text(r),
            [_confirmed_box(kit, f) for f in r.confirmed_flags],
            "No risk flag is confirmed by these answers.",
        ),
    ]
    if r.flags_to_check:
        sections.append(
            (
                f"To check ({len(r.flags_to_check)})",
                [_to_check_box(kit, f) for f in r.flags_to_check],
                "",
            )
        )
    for title, boxes, empty in sections:
        head: list[Flowable] = [kit.heading(title, 1)]
        if title.startswith("To check"):
            head.append(
                kit.para(
                    'These risks are not findings: only "Don\'t know" answers point to them. '
                    "Find out the answers below to confirm or rule each one out.",
                    "small",
                )
            )
        if not boxes:
            story += [*head, kit.para(empty, "small")]
            continue
        # One KeepTogether per flag (never nested: a nested one reports a huge height and
        # pushes the whole group to the next page).
        story.append(KeepTogether([*head, boxes[0]]))
        for box in boxes[1:]:
            story += [Spacer(1, 3), KeepTogether([box])]
    return story


# --------------------------------------------------------------------------- dimensions


def answer_text(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return "Not answered"
    if answer.choice == DONT_KNOW:
        return "Don't know (counts as 0)"
    if answer.choice == NOT_APPLICABLE:
        return "Not applicable (excluded from the score)"
    points = int(answer.choice)
    return f"{points}/4: {question.option_label(points)}"


def _bar(number: int, question: Question, answer: Answer | None) -> Bar:
    label = f"Q{number}  {question.text}"
    if answer is None:
        return Bar(label, None, "Not answered")
    if answer.choice == NOT_APPLICABLE:
        return Bar(label, None, "Not applicable (excluded)")
    if answer.choice == DONT_KNOW:
        return Bar(label, 0, "Don't know")
    return Bar(label, int(answer.choice))


def dimension_section(kit: Kit, dim: DimensionResult, index: int) -> list[Flowable]:
    fw = kit.framework
    content = fw.dimension(dim.id)
    questions = fw.questions_for(dim.id)
    answers = kit.responses.answers
    level = fw.level(dim.level) if dim.level is not None else None
    if dim.assessed:
        figures = [
            (f"{_score(dim.score)}/100", "Score"),
            (f"Level {dim.level}", dim.level_name or ""),
            (f"Level {dim.target}", f"Target (score {dim.target_score:.0f})"),
            (f"{dim.gap:.0f}", "Points of gap"),
        ]
    elif dim.status == DimensionStatus.NOT_APPLICABLE:
        figures = [
            ("n/a", "Score"),
            ("n/a", "Not applicable"),
            (f"Level {dim.target}", f"Target (score {dim.target_score:.0f})"),
            ("n/a", "Points of gap"),
        ]
    else:
        figures = [
            ("not yet", "Score"),
            ("not yet", "Level: not yet assessed"),
            (f"Level {dim.target}", f"Target (score {dim.target_score:.0f})"),
            ("not yet", "Points of gap"),
        ]
    strip = _kpi_strip(kit, figures)
    story: list[Flowable] = [
        KeepTogether(
            [
                kit.heading(f"{index}. {dim.name}", 1, outline=dim.name),
                kit.para(content.summary, "small"),
                Spacer(1, 6),
                strip,
                Spacer(1, 5),
            ]
        ),
    ]
    if level is not None:
        story.append(
            kit.para(
                level.description,
                "small",
                prefix=f"<b>Level {level.level} {markup(level.name)}:</b> ",
            )
        )
    elif dim.status == DimensionStatus.NOT_ASSESSED:
        more = dim.needed - dim.known
        story.append(
            _callout(
                kit,
                [
                    kit.para(
                        f"{wording.not_assessed_text(dim).capitalize()}: {more} more known "
                        f"answer{'s give' if more != 1 else ' gives'} this dimension a score and "
                        'a level. "Don\'t know" and unanswered questions do not count.',
                        "callout",
                    )
                ],
                tone="warn",
            )
        )
    if dim.excluded or dim.dont_know or dim.unanswered:
        story.append(
            kit.para(
                f"{len(questions)} questions: {len(dim.question_scores)} scored"
                f' ({len(dim.dont_know)} "Don\'t know"), {len(dim.excluded)} not applicable, '
                f"{len(dim.unanswered)} not answered. Confidence {dim.confidence:.0f}%, "
                f"completeness {dim.completeness:.0f}%.",
                "small",
            )
        )
    bars = [_bar(i, q, answers.get(q.id)) for i, q in enumerate(questions, start=1)]
    story += [
        KeepTogether(
            [
                kit.para("Question scores (0 to 4)", "h3"),
                question_bars(bars, kit.width),
            ]
        ),
    ]
    rows: list[list[object]] = []
    for i, q in enumerate(questions, start=1):
        answer = answers.get(q.id)
        cell: list[Flowable] = [
            kit.para(q.text, "cell_bold"),
            kit.para(answer_text(q, answer), "cell", prefix="<i>Answer:</i> "),
        ]
        if answer is not None and answer.note.strip():
            note = answer.note.strip()
            suffix = " <i>(full note in the appendix)</i>" if len(note) > FINDING_NOTE_CHARS else ""
            cell.append(
                kit.para(
                    note,
                    "tiny",
                    prefix="<i>Note:</i> ",
                    max_chars=FINDING_NOTE_CHARS,
                    suffix=suffix,
                )
            )
        rows.append([kit.para(f"Q{i}", "cell_bold"), cell])
    findings = _table(rows, [24, kit.width - 24], header=False)
    story += [kit.para("Findings", "h3"), findings]

    evidence = [
        _table(
            [
                [
                    [
                        kit.para(ev.claim, "cell"),
                        kit.para(kit.cite(ev.source), "tiny", prefix="Source: "),
                    ]
                ]
            ],
            [kit.width],
            header=False,
            zebra=False,
            extra=[
                ("LINEBEFORE", (0, 0), (0, -1), 2, TEAL),
                ("LINEBELOW", (0, 0), (-1, -1), 0, WHITE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        )
        for ev in content.evidence
    ]
    story += [
        KeepTogether([kit.para("Why it matters", "h3"), kit.para(content.why_it_matters)]),
        KeepTogether([kit.para("Evidence from the sources", "h3"), evidence[0]]),
        *evidence[1:],
    ]
    plan = kit.evaluation.plan
    planned = [a for a in plan.actions if a.dimension == dim.id]
    story.append(kit.para("In the action plan", "h3"))
    if planned:
        story += [
            kit.para(f"#{a.rank} {a.title} ({HORIZON_TEXT[a.horizon.value]})", "small")
            for a in planned
        ]
    else:
        backlog = [a for a in plan.backlog if a.dimension == dim.id]
        text = wording.dimension_plan_text(dim, len(backlog), len(plan.actions))
        story.append(kit.para(text, "small"))
    return story


# --------------------------------------------------------------------------- action plan


def step_details(kit: Kit, a: PlannedAction) -> list[Flowable]:
    """What a step moves, which confirmed risks it fixes and what it waits for."""
    fw, plan = kit.framework, kit.evaluation.plan
    out = [
        kit.para(m, "tiny", prefix="<b>Moves:</b> ")
        for m in wording.moves(fw, a, kit.responses.answers)
    ]
    out += [kit.para(f, "tiny", prefix="<b>Fixes:</b> ") for f in wording.fixes(fw, a)]
    out += [kit.para(w, "tiny", prefix="<b>After:</b> ") for w in wording.waits_for(plan, a)]
    return out


def _action_rows(kit: Kit, actions: Sequence[PlannedAction]) -> list[list[object]]:
    s = kit.styles
    head = ["#", "Action", "Owner", "Effort", "Horizon", "KPI"]
    rows: list[list[object]] = [[FastParagraph(h, s.head_cell) for h in head]]
    for a in actions:
        rows.append(
            [
                kit.para(str(a.rank), "cell_bold"),
                [
                    kit.para(a.title, "cell_bold"),
                    kit.para(kit.framework.dimension(a.dimension).name, "tiny"),
                    kit.para(a.what, "tiny"),
                    *step_details(kit, a),
                ],
                kit.para(a.owner, "cell"),
                kit.para(a.effort.value, "cell"),
                kit.para(HORIZON_TEXT[a.horizon.value], "cell"),
                kit.para(a.kpi, "cell"),
            ]
        )
    return rows


def action_plan(kit: Kit) -> list[Flowable]:
    plan = kit.evaluation.plan
    fixed = [22, 70, 34, 44, 100]
    widths = [fixed[0], kit.width - sum(fixed), *fixed[1:]]
    story: list[Flowable] = [kit.heading("Action plan")]
    status = wording.plan_status(kit.framework, kit.result, plan)
    if status:
        story.append(kit.para(status, "body"))
        notice = provisional_notice(kit)
        if notice is not None:
            story.append(notice)
    note = wording.unassessed_note(kit.framework, plan)
    if note:
        story.append(_callout(kit, [kit.para(note, "callout")], tone="warn"))
    story += find_out_first(kit)
    if not plan.actions:
        return story
    intro = (
        f"The {len(plan.actions)} highest-priority steps, ranked by gap, dimension weight, "
        "impact and effort, with every confirmed risk's fix. Each step names the answers it "
        "moves (from the option chosen today to the option it brings), the risks it fixes and "
        "the steps it waits for. Effort: S small, M medium, L large."
    )
    if kit.result.gate.holds:
        intro += " While the purpose gate holds, purpose actions come first, in the first 30 days."
    story += [
        Spacer(1, 4),
        kit.para(intro, "small"),
        Spacer(1, 6),
        _table(_action_rows(kit, plan.actions), widths),
    ]
    items = [RoadmapItem(a.rank, a.title, a.horizon, a.effort.value) for a in plan.actions]
    story += [
        CondPageBreak(60),
        KeepTogether(
            [
                kit.heading("30/60/90-day roadmap", 1),
                kit.para(
                    "Each bar sits in the horizon the action is scheduled for: "
                    + ", ".join(LANE_LABELS.values())
                    + ".",
                    "small",
                ),
                Spacer(1, 6),
                draw_roadmap(items, kit.width),
            ]
        ),
    ]
    if plan.backlog:
        story += [
            CondPageBreak(90),
            kit.heading("Backlog", 1),
            kit.para(
                f"{len(plan.backlog)} further proposed steps, in rank order, for after the plan.",
                "small",
            ),
            Spacer(1, 6),
            backlog_table(kit, plan.backlog),
        ]
    return story


def find_out_first(kit: Kit) -> list[Flowable]:
    """The questions answered "Don't know": finding them out comes before acting on them."""
    to_check = kit.evaluation.plan.to_check
    if not to_check:
        return []
    head = [
        kit.para("Find out first", "h3"),
        kit.para(
            f"{len(to_check)} question{'s were' if len(to_check) != 1 else ' was'} answered "
            '"Don\'t know". They count as 0 and no step is planned from them: find out the '
            "answers, then assess again.",
            "small",
        ),
    ]
    items = [
        kit.para(q, "small", prefix="\u2022 ")
        for q in wording.question_texts(kit.framework, to_check)
    ]
    return [KeepTogether(head + items[:1]), *items[1:]]


def backlog_table(kit: Kit, actions: Sequence[PlannedAction]) -> Table:
    """The backlog in brief: one line per action (the plan table carries the detail)."""
    head = ["#", "Action", "Dimension", "Owner", "Effort", "Earliest"]
    rows: list[list[object]] = [[FastParagraph(h, kit.styles.head_cell) for h in head]]
    for a in actions:
        rows.append(
            [
                kit.para(str(a.rank), "cell_bold"),
                kit.para(a.title, "cell"),
                kit.para(kit.framework.dimension(a.dimension).name, "cell"),
                kit.para(a.owner, "cell"),
                kit.para(a.effort.value, "cell"),
                kit.para(HORIZON_TEXT[a.horizon.value], "cell"),
            ]
        )
    fixed = [22, 92, 80, 36, 48]
    return _table(rows, [fixed[0], kit.width - sum(fixed), *fixed[1:]])


# --------------------------------------------------------------------------- appendix


def appendix(kit: Kit) -> list[Flowable]:
    fw, answers = kit.framework, kit.responses.answers
    story: list[Flowable] = [
        kit.heading("Appendix"),
        kit.heading("A.1 Answers", 1),
        kit.para("Every question with the answer given and the note recorded with it.", "small"),
    ]
    for d in fw.dimensions:
        story.append(CondPageBreak(80))
        story.append(kit.heading(d.name, 2))
        for i, q in enumerate(fw.questions_for(d.id), start=1):
            answer = answers.get(q.id)
            block: list[Flowable] = [
                kit.para(q.text, "body", prefix=f"<b>Q{i}.</b> "),
                kit.para(answer_text(q, answer), "note", prefix="<b>Answer:</b> "),
            ]
            head = KeepTogether(block)
            story.append(head)
            if answer is not None and answer.note.strip():
                story += kit.long_text(answer.note.strip(), prefix="<b>Note:</b> ")
            story.append(Spacer(1, 4))

    story.append(kit.heading("A.2 Exclusions", 1))
    if kit.result.exclusions:
        story.append(
            kit.para('Questions answered "Not applicable", left out of the scores:', "small")
        )
        for qid in kit.result.exclusions:
            q = fw.question(qid)
            story.append(
                kit.para(f"{fw.dimension(q.dimension).name}: {q.text}", "bullet", prefix="\u2022 ")
            )
    else:
        story.append(kit.para('None: no question was answered "Not applicable".', "small"))

    story.append(kit.heading("A.3 Method in brief", 1))
    for section in describe_method(fw):
        story.append(kit.para(section.title, "h3"))
        story += [kit.para(p, "small") for p in section.paragraphs]

    story.append(kit.heading("A.4 Sources", 1))
    for n, src in enumerate(fw.sources, start=1):
        year = f", {src.year}" if src.year else ""
        story.append(
            kit.para(
                f"{src.title}. {src.publisher}{year}.",
                "small",
                prefix=f"<b>[{n}] {markup(src.short_name)}</b>: ",
            )
        )
    return story


def page_start(template: str = "content") -> list[Flowable]:
    return [NextPageTemplate(template), PageBreak()]


__all__ = [
    "Kit",
    "action_plan",
    "appendix",
    "cover",
    "dimension_section",
    "executive_summary",
    "page_start",
    "scorecard",
]
