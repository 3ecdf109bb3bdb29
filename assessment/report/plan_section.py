"""The action plan: what to find out first, the ranked steps with owners and due dates, the
roadmap over calendar dates, and the backlog.

Periods are named once (`vocabulary.HORIZON_NAMES`, "Days 1-30"...) and dated from the
assessment's date; questions are referred to by their numbers (1..N, as in the app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from ..domain.models import Horizon, PlannedAction
from ..readout import wording
from ..readout.highlights import day
from ..readout.vocabulary import (
    HORIZON_NAMES,
    choice_short,
    due_date,
    effort_name,
    horizon_name,
    start_date,
)
from ..readout.wording import find_out_text
from .charts import RoadmapItem, roadmap_timeline
from .kit import Kit, callout, table
from .summary import provisional_notice


def short_day(date: dt.date) -> str:
    """ "2 Dec" (the roadmap's sentence gives the years)."""
    return f"{date.day} {date:%b}"


def step_details(kit: Kit, a: PlannedAction) -> list[Flowable]:
    """What a step moves (question numbers, from the answer today to the one it brings), which
    confirmed risks it fixes and what it waits for."""
    s, fw = kit.styles, kit.framework
    answers = kit.responses.answers
    moves = []
    for qid in a.questions:
        q = fw.question(qid)
        answer = answers.get(qid)
        now = f"{choice_short(answer.choice)} \u2192 " if answer is not None else ""
        moves.append(f"{kit.numbers[qid]}. {q.topic or q.text} ({now}{a.raises_to}/4)")
    out = [kit.para("; ".join(moves), s.tiny, lead="Moves: ")] if moves else []
    fixes = wording.fixes(fw, a)
    if fixes:
        out.append(kit.para("; ".join(fixes), s.tiny, lead="Fixes: "))
    after = wording.waits_for(kit.plan, a)
    if after:
        out.append(kit.para("; ".join(after), s.tiny, lead="After: "))
    return out


def _when(kit: Kit, a: PlannedAction) -> list[Flowable]:
    return [
        kit.para(day(due_date(kit.start, a.horizon)), kit.styles.cell_bold),
        kit.para(horizon_name(a.horizon), kit.styles.tiny),
    ]


def _action_rows(kit: Kit, actions: Sequence[PlannedAction]) -> list[list[object]]:
    s = kit.styles
    rows: list[list[object]] = [kit.head_row(("#", "Step", "Owner", "Effort", "Due"))]
    for a in actions:
        rows.append(
            [
                kit.para(str(a.rank), s.cell_bold),
                [
                    kit.para(a.title, s.cell_bold),
                    kit.para(a.what, s.tiny, lead=f"{kit.framework.dimension(a.dimension).name}: "),
                    *step_details(kit, a),
                    kit.para(a.kpi, s.tiny, lead="KPI: "),
                ],
                kit.para(a.owner, s.cell),
                kit.para(effort_name(a.effort), s.cell),
                _when(kit, a),
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
        table(_action_rows(kit, plan.actions), widths),
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
            backlog_table(kit, plan.backlog),
        ]
    return story


def roadmap(kit: Kit) -> list[Flowable]:
    plan = kit.plan
    spans = {
        h: f"{short_day(start_date(kit.start, h))} \u2013 {short_day(due_date(kit.start, h))}"
        for h in HORIZON_NAMES
    }
    items = [RoadmapItem(a.rank, a.title, a.horizon, effort_name(a.effort)) for a in plan.actions]
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
    """The questions answered "Don't know" or left blank: find them out before acting."""
    s = kit.styles
    to_check = kit.plan.to_check
    if not to_check:
        return []
    head = [
        kit.para("Find out first", s.h3),
        kit.para(
            f"{find_out_text(len(to_check), len(kit.plan.unanswered))}: find out the "
            f"answers by {day(due_date(kit.start, Horizon.D30))}, then assess again.",
            s.small,
        ),
    ]
    items = [
        kit.para(kit.framework.question(qid).text, s.small, lead=f"{kit.numbers[qid]}. ")
        for qid in to_check
    ]
    return [KeepTogether(head + items[:1]), *items[1:]]


def backlog_table(kit: Kit, actions: Sequence[PlannedAction]) -> Table:
    """The backlog in brief: one line per step (the plan table carries the detail)."""
    s = kit.styles
    rows: list[list[object]] = [
        kit.head_row(("#", "Step", "Dimension", "Owner", "Effort", "Earliest"))
    ]
    for a in actions:
        rows.append(
            [
                kit.para(str(a.rank), s.cell_bold),
                kit.para(a.title, s.cell),
                kit.para(kit.framework.dimension(a.dimension).name, s.cell),
                kit.para(a.owner, s.cell),
                kit.para(effort_name(a.effort), s.cell),
                kit.para(horizon_name(a.horizon), s.cell),
            ]
        )
    fixed = [22, 84, 96, 46, 62]
    return table(rows, [fixed[0], kit.width - sum(fixed), *fixed[1:]])
