"""The scorecard: every dimension's figures, the risk flags with the answers that raised them
(and those only to check), and the maturity levels (printed once, here)."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from ..domain.models import DimensionStatus, RaisedFlag
from ..readout import wording
from ..readout.vocabulary import choice_short, number_or_na
from .kit import Kit, table
from .styles import AMBER, NAVY
from .summary import provisional_notice

DASH = "\u2014"


def scorecard(kit: Kit) -> list[Flowable]:
    r, s = kit.result, kit.styles
    head = ["Dimension", "Weight", "Score", "Level", "Target", "Gap", "Confidence", "Completeness"]
    rows: list[list[object]] = [kit.head_row(head)]
    for d in kit.readout.dimensions:
        level = "not applicable" if d.status == DimensionStatus.NOT_APPLICABLE else d.level_text
        rows.append(
            [
                kit.para(d.name, s.cell_bold),
                kit.para(f"{d.weight:g}", s.cell_right),
                kit.para(number_or_na(d.score) if d.assessed else DASH, s.cell_right),
                kit.para(level, s.cell if d.assessed else s.tiny),
                kit.para(f"{d.target} ({d.target_score:.0f})", s.cell),
                kit.para(f"{d.gap:.0f}" if d.assessed else DASH, s.cell_right),
                kit.para(f"{d.confidence:.0f}%", s.cell_right),
                kit.para(f"{d.completeness:.0f}%", s.cell_right),
            ]
        )
    overall = r.overall
    rows.append(
        [
            kit.para("Overall (weighted)", s.cell_bold),
            "",
            kit.para(
                number_or_na(overall.score) if overall.score is not None else DASH, s.cell_right
            ),
            kit.para(
                wording.PROVISIONAL
                if overall.level is None
                else f"{overall.level} {overall.label}",
                s.cell_bold,
            ),
            "",
            "",
            kit.para(f"{r.confidence:.0f}%", s.cell_right),
            kit.para(f"{r.completeness:.0f}%", s.cell_right),
        ]
    )
    fixed = [46, 34, 88, 44, 30, 62, 74]
    widths = [kit.width - sum(fixed), *fixed]
    scores = table(rows, widths, extra=[("LINEABOVE", (0, -1), (-1, -1), 1, NAVY)])
    story: list[Flowable] = [
        kit.heading("Scorecard"),
        kit.para(
            "Scores run from 0 to 100. The target is the level the organisation aims for, shown "
            "with the lowest score of that level; the gap is the number of points still to go. "
            "A dimension without enough known answers is not yet assessed: it has no score, "
            "level or gap. The levels are described in appendix A.3.",
            s.small,
        ),
        Spacer(1, 4),
        scores,
    ]
    notice = provisional_notice(kit)
    if notice is not None:
        story += [Spacer(1, 6), notice]
    uncapped, capped = overall.uncapped_level, overall.level
    if r.gate.holds and capped is not None:
        without = (
            f" Without it the overall level would be {uncapped}."
            if uncapped is not None and uncapped > capped
            else ""
        )
        story.append(kit.para(r.gate.reason + without, s.small, lead="Purpose gate holds: "))
    if r.exclusions:
        numbers = ", ".join(str(kit.numbers[q]) for q in r.exclusions)
        story.append(
            kit.para(
                f'Left out of the scores, answered "Not applicable": question'
                f"{'s' if len(r.exclusions) > 1 else ''} {numbers}.",
                s.small,
            )
        )
    story += risk_flags(kit)
    return story


def maturity_levels(kit: Kit) -> list[Flowable]:
    s = kit.styles
    rows: list[list[object]] = [kit.head_row(("Level", "Band", "What it looks like"))]
    bounds = [lv.min_score for lv in kit.framework.levels] + [100]
    for lv, upper in zip(kit.framework.levels, bounds[1:], strict=False):
        band = f"{lv.min_score:g}-{upper:g}" if lv.level < 5 else f"{lv.min_score:g}-100"
        rows.append(
            [
                kit.para(f"{lv.level} {lv.name}", s.cell_bold),
                kit.para(band, s.cell),
                kit.para(lv.description, s.cell),
            ]
        )
    return [
        KeepTogether(
            [kit.heading("A.3 Maturity levels", 1), table(rows, [90, 50, kit.width - 140])]
        )
    ]


def answer_refs(kit: Kit, question_ids: list[str], *, with_answer: bool) -> str:
    """ "12. Written business objectives (1/4); 15. ..." — question numbers as in the app and the
    findings, where each answer is printed in full once."""
    answers = kit.responses.answers
    parts = []
    for qid in sorted(question_ids, key=kit.numbers.__getitem__):
        q = kit.framework.question(qid)
        text = f"{kit.numbers[qid]}. {q.topic or q.text}"
        answer = answers.get(qid)
        if with_answer and answer is not None:
            text += f" ({choice_short(answer.choice)})"
        parts.append(text)
    return "; ".join(parts)


def _flag_box(kit: Kit, cell: list[Flowable], rule: float) -> Table:
    return table(
        [[cell]],
        [kit.width],
        header=False,
        zebra=False,
        extra=[("LINEBEFORE", (0, 0), (0, -1), rule, AMBER)],
    )


def _confirmed_box(kit: Kit, f: RaisedFlag) -> Table:
    s = kit.styles
    cell: list[Flowable] = [
        kit.para(f.title, s.cell_bold, lead="! "),
        kit.para(f.explanation, s.cell),
        kit.para(answer_refs(kit, f.raised_by, with_answer=True), s.tiny, lead="Raised by: "),
        kit.para(kit.cite(f.source), s.tiny, lead="Source: "),
    ]
    return _flag_box(kit, cell, 2.5)


def _to_check_box(kit: Kit, f: RaisedFlag) -> Table:
    s = kit.styles
    cell: list[Flowable] = [
        kit.para(f.check, s.cell_bold, lead="? "),
        kit.para(
            answer_refs(kit, f.unknown, with_answer=False),
            s.tiny,
            lead='Find out (answered "Don\'t know"): ',
        ),
        kit.para(kit.cite(f.source), s.tiny, lead="Source: "),
    ]
    return _flag_box(kit, cell, 1)


def risk_flags(kit: Kit) -> list[Flowable]:
    """Confirmed flags as findings, with the answers that raised them; then the flags that only
    "Don't know" answers raise, asked as questions under "To check"."""
    r, s = kit.result, kit.styles
    story: list[Flowable] = []
    sections: list[tuple[str, list[Table], str, str]] = [
        (
            wording.flag_count_text(r),
            [_confirmed_box(kit, f) for f in r.confirmed_flags],
            "",
            kit.readout.no_confirmed_flag_text,
        )
    ]
    if r.flags_to_check:
        sections.append(
            (
                f"To check ({len(r.flags_to_check)})",
                [_to_check_box(kit, f) for f in r.flags_to_check],
                'These risks are not findings: only "Don\'t know" answers point to them. Find '
                "out the answers below to confirm or rule each one out.",
                "",
            )
        )
    for title, boxes, intro, empty in sections:
        head: list[Flowable] = [kit.heading(title, 1)]
        if intro:
            head.append(kit.para(intro, s.small))
        if not boxes:
            story += [*head, kit.para(empty, s.small)]
            continue
        # One KeepTogether per flag (never nested: a nested one reports a huge height and
        # pushes the whole group to the next page).
        story.append(KeepTogether([*head, boxes[0]]))
        for box in boxes[1:]:
            story += [Spacer(1, 3), KeepTogether([box])]
    return story
