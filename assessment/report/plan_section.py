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
from ..readout.highlights import assessment_start, day
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
    """The due day, the period, and the label under them ("Urgent: due within 14 days"): the
    step's cell is taller, so the label costs no line."""
    return [
        kit.para(card.due_text, kit.styles.cell_bold),
        kit.para(card.period, kit.styles.tiny),
        *step_label(kit, card),
    ]


LABEL_COLOUR = "#B7791F"  # styles.AMBER: the colour of what cannot wait


def step_label(kit: Kit, card: StepCard) -> list[Flowable]:
    """ "Urgent: due within 14 days" / "Quick win", in amber bold."""
    if not card.label:
        return []
    return [
        kit.para(
            card.label,
            kit.styles.tiny,
            prefix=f'<font color="{LABEL_COLOUR}"><b>',
            suffix="</b></font>",
        )
    ]


def step_cell(kit: Kit, card: StepCard) -> list[Flowable]:
    """The whole step (its label is drawn under the due date): title, what to do, what it
    moves, fixes and waits for, the KPI from its baseline to its target by the due date, and
    what doing nothing costs."""
    s = kit.styles
    out = [
        kit.para(card.title, s.cell_bold),
        kit.para(card.what, s.tiny, lead=f"{card.dimension}: "),
        *step_details(kit, card),
        kit.para(card.kpi_text or card.kpi, s.tiny, lead="KPI: "),
    ]
    if card.risk_if_not_done:
        out.append(kit.para(card.risk_if_not_done, s.tiny, lead="Risk if not done: "))
    return out


def _action_rows(kit: Kit, cards: Sequence[StepCard]) -> list[list[object]]:
    s = kit.styles
    rows: list[list[object]] = [kit.head_row(("#", "Step", "Owner, effort", "Due"))]
    for card in cards:
        rows.append(
            [
                kit.para(str(card.rank), s.cell_bold),
                step_cell(kit, card),
                [kit.para(card.owner, s.cell), kit.para(card.effort_text or card.effort, s.tiny)],
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
    urgent = [c for c in kit.readout.steps if c.urgent]
    intro = (
        f"The {len(plan.actions)} highest-priority steps, ranked by gap, dimension weight, "
        "impact and effort, with every confirmed risk's fix. Each names the questions it moves "
        "(from today's answer to the one it brings), the risks it fixes, the steps it waits "
        "for, its KPI from where it stands to its target and what doing nothing risks. "
        f"{dates_sentence(kit)}"
    )
    if urgent:
        days = max((c.due - kit.start).days for c in urgent if c.due)
        intro += f" Urgent steps come first, due within {days} days whatever their rank."
    if kit.result.gate.holds:
        first = HORIZON_NAMES[Horizon.D30]
        intro += (
            f" While the purpose gate holds, purpose steps come {'next' if urgent else 'first'},"
            f" in {first}."
        )
    fixed = [22, 84, 68]
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


def dates_sentence(kit: Kit) -> str:
    """Where the dates count from: the assessment's date, or a start day the user chose."""
    assessed = assessment_start(kit.responses, kit.report_date)
    if kit.start == assessed:
        return f"Due dates count from the assessment date, {day(kit.start)}."
    return (
        f"Due dates count from {day(kit.start)}, the start date chosen for this plan "
        f"(assessed {day(assessed)})."
    )


def roadmap(kit: Kit) -> list[Flowable]:
    spans = {
        h: f"{short_day(start_date(kit.start, h))} \u2013 {short_day(due_date(kit.start, h))}"
        for h in HORIZON_NAMES
    }
    items = [
        RoadmapItem(
            c.rank,
            c.title,
            c.horizon,
            c.effort,
            (c.due - kit.start).days if c.urgent and c.due else 0,
        )
        for c in kit.readout.steps
    ]
    last = due_date(kit.start, Horizon.LATER)
    urgent = [i.within_days for i in items if i.within_days]
    note = (
        f" Urgent steps (amber) are due within {max(urgent)} days, inside the first period."
        if urgent
        else ""
    )
    return [
        Spacer(1, 6),
        KeepTogether(
            [
                kit.heading("Roadmap", 1),
                kit.para(
                    f"Each step sits in the period it is scheduled for, from {day(kit.start)} to "
                    f"{day(last)}; the bar shows its rank and effort.{note}",
                    kit.styles.small,
                ),
                Spacer(1, 4),
                roadmap_timeline(items, kit.width, spans),
            ]
        ),
    ]


def find_out_first(kit: Kit) -> list[Flowable]:
    """The questions answered "Don't know" or left blank: find them out before acting."""
    s = kit.styles
    task = kit.readout.find_out
    if task is None:
        return []
    head = [kit.para("Find out first", s.h3), kit.para(task.intro, s.small)]
    items = [kit.para(question, s.small) for question in task.questions]
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
