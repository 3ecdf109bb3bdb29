"""The scorecard: every dimension's figures, the risk flags with the answers that raised them
(and those only to check), and the maturity levels."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from .. import wording
from ..models import DimensionStatus, RaisedFlag
from ..vocabulary import number_or_na
from .kit import Kit, table
from .styles import AMBER, NAVY
from .summary import provisional_notice


def scorecard(kit: Kit) -> list[Flowable]:
    r = kit.result
    head = ["Dimension", "Weight", "Score", "Level", "Target", "Gap", "Confidence", "Completeness"]
    rows: list[list[object]] = [kit.head_row(head)]
    for d in r.dimensions.values():
        if d.status == DimensionStatus.NOT_APPLICABLE:
            level = "not applicable"
        else:
            level = f"{d.level} {d.level_name}" if d.assessed else wording.dimension_status(d)
        rows.append(
            [
                kit.para(d.name, kit.styles.cell_bold),
                kit.para(f"{d.weight:g}", kit.styles.cell_right),
                kit.para(number_or_na(d.score) if d.assessed else "\u2014", kit.styles.cell_right),
                kit.para(level, kit.styles.cell if d.assessed else kit.styles.tiny),
                kit.para(f"{d.target} ({d.target_score:.0f})", kit.styles.cell),
                kit.para(f"{d.gap:.0f}" if d.assessed else "\u2014", kit.styles.cell_right),
                kit.para(f"{d.confidence:.0f}%", kit.styles.cell_right),
                kit.para(f"{d.completeness:.0f}%", kit.styles.cell_right),
            ]
        )
    rows.append(
        [
            kit.para("Overall (weighted)", kit.styles.cell_bold),
            kit.para("", kit.styles.cell),
            kit.para(
                number_or_na(r.overall.score) if r.overall.score is not None else "\u2014",
                kit.styles.cell_right,
                prefix="<b>",
                suffix="</b>",
            ),
            kit.para(
                wording.PROVISIONAL
                if r.overall.level is None
                else f"{r.overall.level} {r.overall.label}",
                kit.styles.cell_bold,
            ),
            kit.para("", kit.styles.cell),
            kit.para("", kit.styles.cell),
            kit.para(f"{r.confidence:.0f}%", kit.styles.cell_right),
            kit.para(f"{r.completeness:.0f}%", kit.styles.cell_right),
        ]
    )
    fixed = [44, 36, 86, 46, 30, 62, 72]
    widths = [kit.width - sum(fixed), *fixed]
    scores = table(rows, widths, extra=[("LINEABOVE", (0, -1), (-1, -1), 1, NAVY)])
    story: list[Flowable] = [
        kit.heading("Scorecard"),
        kit.para(
            "Scores run from 0 to 100. The target is the level the organisation aims for, shown "
            "with the lowest score of that level; the gap is the number of points still to go. "
            "A dimension without enough known answers is not yet assessed: it has no score, "
            "level or gap.",
            kit.styles.small,
        ),
        Spacer(1, 6),
        scores,
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
                kit.styles.small,
            ),
        ]
    story.append(Spacer(1, 10))
    story += risk_flags(kit)
    levels = [kit.head_row(("Level", "Band", "What it looks like"))]
    bounds = [lv.min_score for lv in kit.framework.levels] + [100]
    for lv, upper in zip(kit.framework.levels, bounds[1:], strict=False):
        band = f"{lv.min_score:g}-{upper:g}" if lv.level < 5 else f"{lv.min_score:g}-100"
        levels.append(
            [
                kit.para(f"{lv.level} {lv.name}", kit.styles.cell_bold),
                kit.para(band, kit.styles.cell),
                kit.para(lv.description, kit.styles.cell),
            ]
        )
    story += [
        Spacer(1, 10),
        KeepTogether([kit.heading("Maturity levels", 1), table(levels, [90, 50, kit.width - 140])]),
    ]
    return story


def _flag_box(kit: Kit, cell: list[Flowable], rule: float) -> Table:
    return table(
        [[cell]],
        [kit.width],
        header=False,
        zebra=False,
        extra=[("LINEBEFORE", (0, 0), (0, -1), rule, AMBER)],
    )


def _confirmed_box(kit: Kit, f: RaisedFlag) -> Table:
    cell: list[Flowable] = [
        kit.para(f.title, kit.styles.cell_bold, prefix="! "),
        kit.para(f.explanation, kit.styles.cell),
        kit.para("Raised by these answers:", kit.styles.tiny, prefix="<b>", suffix="</b>"),
    ]
    for question, answer in wording.raised_by(kit.framework, f, kit.responses.answers):
        cell.append(kit.para(question, kit.styles.tiny, prefix="\u2022 "))
        cell.append(kit.para(answer, kit.styles.tiny, prefix="&nbsp;&nbsp;&nbsp;<i>Answered:</i> "))
    cell.append(kit.para(kit.cite(f.source), kit.styles.tiny, prefix="Source: "))
    return _flag_box(kit, cell, 2.5)


def _to_check_box(kit: Kit, f: RaisedFlag) -> Table:
    cell: list[Flowable] = [
        kit.para(f.check, kit.styles.cell_bold, prefix="? "),
        kit.para(
            'Find out (answered "Don\'t know"):', kit.styles.tiny, prefix="<b>", suffix="</b>"
        ),
    ]
    cell += [
        kit.para(q, kit.styles.tiny, prefix="\u2022 ")
        for q in wording.question_texts(kit.framework, f.unknown)
    ]
    cell.append(kit.para(kit.cite(f.source), kit.styles.tiny, prefix="Source: "))
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
                    kit.styles.small,
                )
            )
        if not boxes:
            story += [*head, kit.para(empty, kit.styles.small)]
            continue
        # One KeepTogether per flag (never nested: a nested one reports a huge height and
        # pushes the whole group to the next page).
        story.append(KeepTogether([*head, boxes[0]]))
        for box in boxes[1:]:
            story += [Spacer(1, 3), KeepTogether([box])]
    return story
