"""The action plan and the roadmap, dated as the readout dates them."""

from __future__ import annotations

from ...domain.models import Horizon, PlannedAction
from ...readout import wording
from ...readout.build import day
from ...readout.vocabulary import (
    HORIZON_NAMES,
    due_date,
    effort_name,
    horizon_name,
    start_date,
)
from ...readout.wording import find_out_text
from ..common import (
    BACKLOG,
    PLAN,
    plan_rows,
)
from .kit import CellText, DocxKit, Run


class PlanSections(DocxKit):
    """The action plan with its backlog, then the roadmap by period."""

    # ----------------------------------------------------------------- plan

    def action_plan(self) -> None:
        plan, fw = self.ev.plan, self.fw
        self.heading("Action plan").paragraph_format.page_break_before = True
        status = wording.plan_status(fw, self.ev.result, plan)
        if status:
            self.para(status)
        note = wording.unassessed_note(fw, plan)
        if note:
            self.para(note, italic=True)
        if plan.to_check:
            self.heading("Find out first", 2)
            self.para(
                f"{find_out_text(len(plan.to_check), len(plan.unanswered))}: find out the "
                "answers, then assess again."
            )
            for qid in plan.to_check:
                self.bullet(f"{self.number(qid)} {fw.question(qid).text}")
        rows = plan_rows(fw, self.ev, self.today)
        planned = [row for row in rows if row.section == PLAN]
        if planned:
            self.para(
                f"The {len(planned)} highest-priority steps, ranked by gap, dimension weight, "
                "impact and effort, with every confirmed risk's fix. Dates count from the "
                f"assessment date, {day(self.day0)}."
            )
            table_rows: list[list[CellText]] = []
            for row in planned:
                a = row.step
                detail: list[list[Run]] = [[(a.title, True)], [(row.dimension, False)]]
                detail.append([(a.what, False)])
                detail += [[("Moves: ", True), (m, False)] for m in self._moves(a)]
                detail += [[("Fixes: ", True), (f, False)] for f in wording.fixes(fw, a)]
                detail += [[("After: ", True), (w, False)] for w in wording.waits_for(plan, a)]
                table_rows.append(
                    [
                        str(a.rank),
                        detail,
                        a.owner,
                        f"{row.effort} / {row.impact}",
                        [
                            [(row.horizon, True)],
                            [(f"from {row.start.isoformat()}", False)],
                            [(f"due {row.due.isoformat()}" if row.due else "", False)],
                        ],
                        a.kpi,
                    ]
                )
            head = ["#", "Action", "Owner", "Effort / impact", "When", "KPI"]
            self.table(head, table_rows, [0.8, 6.2, 2.3, 1.9, 2.3, 2.5])
        backlog = [row for row in rows if row.section == BACKLOG]
        if backlog:
            self.heading("Backlog", 2)
            self.para(
                f"{len(backlog)} further proposed steps, in rank order, for after the plan; "
                "each with the earliest day it could start."
            )
            self.table(
                ["#", "Action", "Dimension", "Owner", "Effort", "Earliest start"],
                [
                    [
                        str(row.step.rank),
                        row.step.title,
                        row.dimension,
                        row.step.owner,
                        effort_name(row.step.effort),
                        row.start.isoformat(),
                    ]
                    for row in backlog
                ],
                [0.8, 5.6, 2.8, 2.6, 1.8, 2.4],
            )

    def _moves(self, step: PlannedAction) -> list[str]:
        return [
            f"{self.number(qid)} {text}"
            for qid, text in zip(
                step.questions, wording.moves(self.fw, step, self.answers), strict=True
            )
        ]

    def roadmap(self) -> None:
        plan = self.ev.plan
        if not plan.actions:
            return
        self.heading("Roadmap")
        self.para("The plan's steps by period, with the calendar days each period covers.")
        for horizon in HORIZON_NAMES:
            steps = [a for a in plan.actions if a.horizon == horizon]
            if not steps:
                continue
            first, last = start_date(self.day0, horizon), due_date(self.day0, horizon)
            self.heading(f"{horizon_name(horizon)}: {day(first)} to {day(last)}", 2)
            if horizon == Horizon.LATER:
                self.small("Steps that wait for earlier ones; planned for the next quarter.")
            for a in steps:
                self.bullet(f"#{a.rank} {a.title} ({a.owner}; effort {effort_name(a.effort)})")
