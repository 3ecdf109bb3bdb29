"""Risk flags and the dimensions, each answer once with its number."""

from __future__ import annotations

from collections.abc import Sequence

from docx.shared import Pt

from ...domain.models import DimensionResult
from ...readout import wording
from ...readout.model import StepCard
from ...readout.sources import cited_source_ids
from ...readout.vocabulary import (
    answer_text,
)
from .kit import CellText, DocxKit


class FindingSections(DocxKit):
    """Risk flags (findings apart from those to check), then each dimension with its answers."""

    # ----------------------------------------------------------------- flags

    def risk_flags(self) -> None:
        r = self.ev.result
        self.heading("Risk flags")
        self.heading(wording.flag_count_text(r), 2)
        if not r.confirmed_flags:
            self.para(self.readout.no_confirmed_flag_text)
        for flag in r.confirmed_flags:
            self.heading(flag.title, 3)
            self.para(flag.explanation)
            self.para("Raised by these answers:", bold=True)
            for qid in flag.raised_by:
                q = self.fw.question(qid)
                self.runs(
                    [
                        (f"{self.number(qid)} {q.text} ", False),
                        ("Answered: ", True),
                        (answer_text(q, self.answers.get(qid)), False),
                    ],
                    "List Bullet",
                )
            self.small(f"Source: {self._cite(flag.source)}")
        if r.flags_to_check:
            self.heading(f"To check ({len(r.flags_to_check)})", 2)
            self.para(
                'These risks are not findings: only "Don\'t know" answers point to them. Find '
                "out the answers below to confirm or rule each one out."
            )
            for flag in r.flags_to_check:
                self.heading(flag.check, 3)
                for qid in flag.unknown:
                    self.bullet(f"Find out: {self.number(qid)} {self.fw.question(qid).text}")
                self.small(f"Source: {self._cite(flag.source)}")

    def _cite(self, source_id: str) -> str:
        ids = cited_source_ids(self.fw, self.ev)  # numbered as the appendix lists them
        if source_id not in ids:
            return source_id
        return f"[{ids.index(source_id) + 1}] {self.fw.source(source_id).short_name}"

    # ----------------------------------------------------------------- dimensions

    def dimensions(self) -> None:
        self.heading("Dimensions")
        self.para(
            "Each answer is given once, here; notes recorded with the answers are in the "
            "appendix (A.1), under the same question number."
        )
        ro = self.readout
        for index, dim in enumerate(self.ev.result.dimensions.values(), start=1):
            self.dimension(index, dim, ro.steps, ro.backlog)

    def dimension(
        self,
        index: int,
        dim: DimensionResult,
        planned: Sequence[StepCard],
        backlog: Sequence[StepCard],
    ) -> None:
        content = self.fw.dimension(dim.id)
        self.heading(f"{index}. {dim.name}", 2)
        self.para(content.summary)
        self.runs(
            [
                ("Result: ", True),
                (f"{wording.dimension_status(dim)}; target level {dim.target}", False),
                (f" ({dim.gap:.0f} points to go)." if dim.assessed else ".", False),
            ]
        )
        if dim.level is not None:
            level = self.fw.level(dim.level)
            self.small(f"Level {level.level} {level.name}: {level.description}")
        rows: list[list[CellText]] = []
        for q in self.fw.questions_for(dim.id):
            answer = self.answers.get(q.id)
            text = answer_text(q, answer)
            if answer is not None and answer.note.strip():
                text += f" (note: A.1, {self.number(q.id)})"
            rows.append([self.number(q.id), q.text, text])
        self.table(["No.", "Question", "Answer"], rows, [1.3, 7.2, 7.5])
        why = self.runs([("Why it matters: ", True), (content.why_it_matters, False)])
        why.paragraph_format.space_before = Pt(6)
        mine = [c for c in planned if c.dimension_id == dim.id]
        if mine:
            self.para("In the action plan:", bold=True)
            for c in mine:
                self.bullet(f"#{c.rank} {c.title} ({c.period}, due {c.due_text})")
        else:
            waiting = sum(1 for c in backlog if c.dimension_id == dim.id)
            self.para(wording.dimension_plan_text(dim, waiting, len(planned)))
