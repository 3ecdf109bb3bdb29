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
        task = self.readout.find_out
        if task is not None:
            self.heading("Find out first", 2)
            self.para(task.intro)
            for question in task.questions:
                self.bullet(question)
        planned = self.readout.steps
        if planned:
            urgent = [c for c in planned if c.urgent]
            intro = (
                f"The {len(planned)} highest-priority steps, ranked by gap, dimension weight, "
                "impact and effort, with every confirmed risk's fix; each with its KPI from "
                "where it stands to its target and what doing nothing risks. "
                f"{self.dates_sentence()}"
            )
            if urgent:
                days = max(self.within_days(c) for c in urgent)
                intro += f" Urgent steps come first, due within {days} days whatever their rank."
            self.para(intro)
            table_rows: list[list[CellText]] = []
            for card in planned:
                detail: list[list[Run]] = [[(card.label, True)]] if card.label else []
                detail += [[(card.title, True)], [(card.dimension, False)]]
                detail.append([(card.what, False)])
                detail += [[("Moves: ", True), (m, False)] for m in self._moves(card)]
                detail += [[("Fixes: ", True), (f, False)] for f in card.fixes]
                detail += [[("After: ", True), (w, False)] for w in card.waits_for]
                if card.risk_if_not_done:
                    detail.append([("Risk if not done: ", True), (card.risk_if_not_done, False)])
                table_rows.append(
                    [
                        str(card.rank),
                        detail,
                        card.owner,
                        [[(card.effort_text or card.effort, False)], [(card.impact, False)]],
                        [
                            [(card.period, True)],
                            [(f"from {card.start.isoformat()}", False)],
                            [(f"due {card.due.isoformat()}" if card.due else "", False)],
                        ],
                        card.kpi_text or card.kpi,
                    ]
                )
            head = ["#", "Action", "Owner", "Effort / impact", "When", "KPI"]
            self.table(head, table_rows, [0.8, 5.6, 2.2, 2.2, 2.3, 3.1])
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

    def within_days(self, card: StepCard) -> int:
        """How many days after the start an urgent step is due."""
        return (card.due - self.readout.start).days if card.due else 0

    def dates_sentence(self) -> str:
        """Where the dates count from: the assessment's date, or a start day the user chose."""
        start = self.readout.start
        if start == self.day0:
            return f"Dates count from the assessment date, {day(start)}."
        return (
            f"Dates count from {day(start)}, the start date chosen for this plan "
            f"(assessed {day(self.day0)})."
        )

    def roadmap(self) -> None:
        steps = self.readout.steps
        if not steps:
            return
        start = self.readout.start
        self.heading("Roadmap")
        self.para(
            "The plan's steps by period, with the calendar days each period covers; urgent "
            "steps first, in their own group. " + self.dates_sentence()
        )
        urgent = [c for c in steps if c.urgent and c.due]
        if urgent:
            last = max(c.due for c in urgent if c.due)
            self.heading(f"Urgent: days 1-{(last - start).days}: {day(start)} to {day(last)}", 2)
            self.small("Steps that cannot wait, whatever their rank; each is due by its own day.")
            for c in urgent:
                self.bullet(f"#{c.rank} {c.title} ({c.owner}; effort {c.effort}; due {c.due_text})")
        for horizon in HORIZON_NAMES:
            in_period = [c for c in steps if c.horizon == horizon and c not in urgent]
            if not in_period:
                continue
            first, last = start_date(start, horizon), due_date(start, horizon)
            self.heading(f"{horizon_name(horizon)}: {day(first)} to {day(last)}", 2)
            if horizon == Horizon.LATER:
                self.small("Steps that wait for earlier ones; planned for the next quarter.")
            for c in in_period:
                self.bullet(f"#{c.rank} {c.title} ({c.owner}; effort {c.effort})")
