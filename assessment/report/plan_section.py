"""The action plan: what to find out first, the ranked steps, the roadmap and the backlog."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from .. import wording
from ..models import PlannedAction
from ..vocabulary import HORIZON_NAMES, horizon_name
from .charts import RoadmapItem, roadmap_timeline
from .kit import Kit, callout, table
from .summary import provisional_notice


def step_details(kit: Kit, a: PlannedAction) -> list[Flowable]:
    """What a step moves, which confirmed risks it fixes and what it waits for."""
    fw, plan = kit.framework, kit.evaluation.plan
    out = [
        kit.para(m, kit.styles.tiny, prefix="<b>Moves:</b> ")
        for m in wording.moves(fw, a, kit.responses.answers)
    ]
    out += [kit.para(f, kit.styles.tiny, prefix="<b>Fixes:</b> ") for f in wording.fixes(fw, a)]
    out += [
        kit.para(w, kit.styles.tiny, prefix="<b>After:</b> ") for w in wording.waits_for(plan, a)
    ]
    return out


def _action_rows(kit: Kit, actions: Sequence[PlannedAction]) -> list[list[object]]:
    head = ["#", "Action", "Owner", "Effort", "Horizon", "KPI"]
    rows: list[list[object]] = [kit.head_row(head)]
    for a in actions:
        rows.append(
            [
                kit.para(str(a.rank), kit.styles.cell_bold),
                [
                    kit.para(a.title, kit.styles.cell_bold),
                    kit.para(kit.framework.dimension(a.dimension).name, kit.styles.tiny),
                    kit.para(a.what, kit.styles.tiny),
                    *step_details(kit, a),
                ],
                kit.para(a.owner, kit.styles.cell),
                kit.para(a.effort.value, kit.styles.cell),
                kit.para(horizon_name(a.horizon), kit.styles.cell),
                kit.para(a.kpi, kit.styles.cell),
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
        story.append(kit.para(status, kit.styles.body))
        notice = provisional_notice(kit)
        if notice is not None:
            story.append(notice)
    note = wording.unassessed_note(kit.framework, plan)
    if note:
        story.append(callout(kit, [kit.para(note, kit.styles.callout)], tone="warn"))
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
        kit.para(intro, kit.styles.small),
        Spacer(1, 6),
        table(_action_rows(kit, plan.actions), widths),
    ]
    items = [RoadmapItem(a.rank, a.title, a.horizon, a.effort.value) for a in plan.actions]
    story += [
        CondPageBreak(60),
        KeepTogether(
            [
                kit.heading("30/60/90-day roadmap", 1),
                kit.para(
                    "Each bar sits in the horizon the action is scheduled for: "
                    + ", ".join(HORIZON_NAMES.values())
                    + ".",
                    kit.styles.small,
                ),
                Spacer(1, 6),
                roadmap_timeline(items, kit.width),
            ]
        ),
    ]
    if plan.backlog:
        story += [
            CondPageBreak(90),
            kit.heading("Backlog", 1),
            kit.para(
                f"{len(plan.backlog)} further proposed steps, in rank order, for after the plan.",
                kit.styles.small,
            ),
            Spacer(1, 6),
            backlogtable(kit, plan.backlog),
        ]
    return story


def find_out_first(kit: Kit) -> list[Flowable]:
    """The questions answered "Don't know": finding them out comes before acting on them."""
    to_check = kit.evaluation.plan.to_check
    if not to_check:
        return []
    head = [
        kit.para("Find out first", kit.styles.h3),
        kit.para(
            f"{len(to_check)} question{'s were' if len(to_check) != 1 else ' was'} answered "
            '"Don\'t know". They count as 0 and no step is planned from them: find out the '
            "answers, then assess again.",
            kit.styles.small,
        ),
    ]
    items = [
        kit.para(q, kit.styles.small, prefix="\u2022 ")
        for q in wording.question_texts(kit.framework, to_check)
    ]
    return [KeepTogether(head + items[:1]), *items[1:]]


def backlogtable(kit: Kit, actions: Sequence[PlannedAction]) -> Table:
    """The backlog in brief: one line per action (the plan table carries the detail)."""
    head = ["#", "Action", "Dimension", "Owner", "Effort", "Earliest"]
    rows: list[list[object]] = [kit.head_row(head)]
    for a in actions:
        rows.append(
            [
                kit.para(str(a.rank), kit.styles.cell_bold),
                kit.para(a.title, kit.styles.cell),
                kit.para(kit.framework.dimension(a.dimension).name, kit.styles.cell),
                kit.para(a.owner, kit.styles.cell),
                kit.para(a.effort.value, kit.styles.cell),
                kit.para(horizon_name(a.horizon), kit.styles.cell),
            ]
        )
    fixed = [22, 92, 80, 36, 48]
    return table(rows, [fixed[0], kit.width - sum(fixed), *fixed[1:]])
