"""The action plan: what to find out first, the ranked steps with owners and due dates, the
roadmap over calendar dates, and the backlog.

Periods are named once (`vocabulary.HORIZON_NAMES`, "Days 1-30"...) and dated from the
assessment's date; questions are referred to by their numbers (1..N, as in the app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from ..domain.models import Horizon
from ..readout import wording
from ..readout.highlights import day
from ..readout.model import StepCard
from ..readout.vocabulary import (
    HORIZON_NAMES,
    due_date,
    start_date,
)
from .charts import RoadmapItem, roadmap_timeline
from .kit import Kit, callout, table
from .summary import provisional_notice


def short_day(date: dt.date) -> str:
    """ "2 Dec" (the roadmap's sentence gives the years)."""
    return f"{date.day} {date:%b}"


def step_details(kit: Kit, card: StepCard) -> list[Flowable]:
    """What a step moves (question numbers, from the answer today to the one it brings), which
    confirmed risks it fixes and what it waits for: the readout's step card."""
    s = kit.styles
    out = [kit.para("; ".join(card.move_refs), s.tiny, lead="Moves: ")] if card.move_refs else []
    if card.fixes:
        out.append(kit.para("; ".join(card.fixes), s.tiny, lead="Fixes: "))
    if card.waits_for:
        out.append(kit.para("; ".join(card.waits_for), s.tiny, lead="After: "))
    return out


def _when(kit: Kit, card: StepCard) -> list[Flowable]:
    return [
        kit.para(card.due_text, kit.styles.cell_bold),
        kit.para(card.period, kit.styles.tiny),
    ]


def _action_rows(kit: Kit, cards: Sequence[StepCard]) -> list[list[object]]:
    s = kit.styles
    rows: list[list[object]] = [kit.head_row(("#", "Step", "Owner", "Effort", "Due"))]
    for card in cards:
        rows.append(
            [
                kit.para(str(card.rank), s.cell_bold),
                [
                    kit.para(card.title, s.cell_bold),
                    kit.para(card.what, s.tiny, lead=f"{card.dimension}: "),
                    *step_details(kit, card),
                    kit.para(card.kpi, s.tiny, lead="KPI: "),
                ],
                kit.para(card.owner, s.cell),
                kit.para(card.effort, s.cell),
                _when(kit, card),
            ]
        )
    return rows


def action_plan(kit: Kit) -> list[Flowable]:
    s, plan = kit.styles, kit.plan
    story: list[Flowable] = [kit.heading("Action plan")]
    status = wording.plan_status(kit.framework, kit.result, plan)
    if status:
        story.append(kit.para(status, s.body))
        notice = provisional_notice(kit)
        if notice is not None:
            story.append(notice)
    note = wording.unassessed_note(kit.framework, plan)
    if note:
        story.append(callout(kit, [kit.para(note, s.callout)], tone="warn"))
    story += find_out_first(kit)
    if not plan.actions:
        return story
    intro = (
        f"The {len(plan.actions)} highest-priority steps, ranked by gap, dimension weight, "
        "impact and effort, with every confirmed risk's fix. Each names the questions it moves "
        "(from today's answer to the one it brings), the risks it fixes and the steps it waits "
        f"for. Due dates count from the assessment date, {day(kit.start)}."
    )
    if kit.result.gate.holds:
        first = HORIZON_NAMES[Horizon.D30]
        intro += f" While the purpose gate holds, purpose steps come first, in {first}."
    fixed = [22, 82, 46, 72]
    widths = [fixed[0], kit.width - sum(fixed), *fixed[1:]]
    story += [
        kit.para(intro, s.small),
        Spacer(1, 4),
        table(_action_rows(kit, kit.readout.steps), widths),
    ]
    story += roadmap(kit)
    if plan.backlog:
        story += [
            CondPageBreak(90),
            kit.heading("Backlog", 1),
            kit.para(
                f"{len(plan.backlog)} further proposed steps, in rank order, for after the plan.",
                s.small,
            ),
            backlog_table(kit, kit.readout.backlog),
        ]
    return story


def roadmap(kit: Kit) -> list[Flowable]:
    spans = {
        h: f"{short_day(start_date(kit.start, h))} \u2013 {short_day(due_date(kit.start, h))}"
        for h in HORIZON_NAMES
    }
    items = [RoadmapItem(c.rank, c.title, c.horizon, c.effort) for c in kit.readout.steps]
    last = due_date(kit.start, Horizon.LATER)
    return [
        Spacer(1, 6),
        KeepTogether(
            [
                kit.heading("Roadmap", 1),
                kit.para(
                    f"Each step sits in the period it is scheduled for, from {day(kit.start)} to "
                    f"{day(last)}; the bar shows its rank and effort.",
                    kit.styles.small,
                ),
                Spacer(1, 4),
                roadmap_timeline(items, kit.width, spans),
            ]
        ),
    ]


def find_out_first(kit: Kit) -> list[Flowable]:
    """The questions answered "Don't know": finding them out comes before acting on them."""
    s = kit.styles
    to_check = kit.plan.to_check
    if not to_check:
        return []
    head = [
        kit.para("Find out first", s.h3),
        kit.para(
            f"{len(to_check)} question{'s were' if len(to_check) != 1 else ' was'} answered "
            '"Don\'t know". They count as 0 and no step is planned from them: find out the '
            f"answers by {day(due_date(kit.start, Horizon.D30))}, then assess again.",
            s.small,
        ),
    ]
    items = [
        kit.para(kit.framework.question(qid).text, s.small, lead=f"{kit.numbers[qid]}. ")
        for qid in to_check
    ]
    return [KeepTogether(head + items[:1]), *items[1:]]


def backlog_table(kit: Kit, cards: Sequence[StepCard]) -> Table:
    """The backlog in brief: one line per step (the plan table carries the detail)."""
    s = kit.styles
    rows: list[list[object]] = [
        kit.head_row(("#", "Step", "Dimension", "Owner", "Effort", "Earliest"))
    ]
    for card in cards:
        rows.append(
            [
                kit.para(str(card.rank), s.cell_bold),
                kit.para(card.title, s.cell),
                kit.para(card.dimension, s.cell),
                kit.para(card.owner, s.cell),
                kit.para(card.effort, s.cell),
                kit.para(card.period, s.cell),
            ]
        )
    fixed = [22, 84, 96, 46, 62]
    return table(rows, [fixed[0], kit.width - sum(fixed), *fixed[1:]])
