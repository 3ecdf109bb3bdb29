"""The action plan and the roadmap, dated as the readout dates them."""

from __future__ import annotations

from ...domain.models import Horizon
from ...readout import wording
from ...readout.build import day
from ...readout.model import StepCard
from ...readout.vocabulary import (
    HORIZON_NAMES,
    due_date,
    horizon_name,
    start_date,
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
                f"{len(plan.to_check)} question{'s were' if len(plan.to_check) != 1 else ' was'}"
                ' answered "Don\'t know". They count as 0 and no step is planned from them: find '
                "out the answers, then assess again."
            )
            for qid in plan.to_check:
                self.bullet(f"{self.number(qid)} {fw.question(qid).text}")
        planned = self.readout.steps
        if planned:
            self.para(
                f"The {len(planned)} highest-priority steps, ranked by gap, dimension weight, "
                "impact and effort, with every confirmed risk's fix. Dates count from the "
                f"assessment date, {day(self.day0)}."
            )
            table_rows: list[list[CellText]] = []
            for card in planned:
                detail: list[list[Run]] = [[(card.title, True)], [(card.dimension, False)]]
                detail.append([(card.what, False)])
                detail += [[("Moves: ", True), (m, False)] for m in self._moves(card)]
                detail += [[("Fixes: ", True), (f, False)] for f in card.fixes]
                detail += [[("After: ", True), (w, False)] for w in card.waits_for]
                table_rows.append(
                    [
                        str(card.rank),
                        detail,
                        card.owner,
                        f"{card.effort} / {card.impact}",
                        [
                            [(card.period, True)],
                            [(f"from {card.start.isoformat()}", False)],
                            [(f"due {card.due.isoformat()}" if card.due else "", False)],
                        ],
                        card.kpi,
                    ]
                )
            head = ["#", "Action", "Owner", "Effort / impact", "When", "KPI"]
            self.table(head, table_rows, [0.8, 6.2, 2.3, 1.9, 2.3, 2.5])
        backlog = self.readout.backlog
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
                        str(card.rank),
                        card.title,
                        card.dimension,
                        card.owner,
                        card.effort,
                        card.start.isoformat(),
                    ]
                    for card in backlog
                ],
                [0.8, 5.6, 2.8, 2.6, 1.8, 2.4],
            )

    def _moves(self, card: StepCard) -> list[str]:
        """ "Q12 “question” from option 1 to 3" for each question the step moves."""
        return [
            f"{self.number(qid)} {text}"
            for qid, text in zip(card.questions, card.moves, strict=True)
        ]

    def roadmap(self) -> None:
        steps = self.readout.steps
        if not steps:
            return
        self.heading("Roadmap")
        self.para("The plan's steps by period, with the calendar days each period covers.")
        for horizon in HORIZON_NAMES:
            in_period = [c for c in steps if c.horizon == horizon]
            if not in_period:
                continue
            first, last = start_date(self.day0, horizon), due_date(self.day0, horizon)
            self.heading(f"{horizon_name(horizon)}: {day(first)} to {day(last)}", 2)
            if horizon == Horizon.LATER:
                self.small("Steps that wait for earlier ones; planned for the next quarter.")
            for c in in_period:
                self.bullet(f"#{c.rank} {c.title} ({c.owner}; effort {c.effort})")
