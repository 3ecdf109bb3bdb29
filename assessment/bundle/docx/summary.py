"""The cover, the footer, the executive summary (drawn from the readout) and the scorecard."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ...readout import wording
from ...readout.build import day
from ...readout.vocabulary import (
    NA,
    answered_text,
    number_or_na,
)
from ..charts import radar_png
from .kit import GREY, TITLE, CellText, DocxKit, page_number, rgb


class SummarySections(DocxKit):
    """The sections that open the report: footer, cover, executive summary, scorecard."""

    def footer(self) -> None:
        org = self.ev.responses.organization
        p = self.doc.sections[0].footer.paragraphs[0]
        if self.brand.logo is not None:
            p.add_run().add_picture(io.BytesIO(self.brand.logo), height=Cm(0.7))
            p.add_run("  ")
        parts = [org.name, day(self.day0)]
        if self.brand.prepared_by:
            parts.append(f"Prepared by {self.brand.prepared_by}")
        if self.ev.result.overall.provisional:
            parts.append(wording.PROVISIONAL.upper())
        run = p.add_run(self.text(" \u00b7 ".join(parts)) + " \u00b7 page ")
        run.font.size = Pt(8)
        page_number(p)

    def cover(self) -> None:
        org, r, v = self.ev.responses.organization, self.ev.result, self.readout.verdict
        if self.brand.logo is not None:
            self.doc.add_picture(io.BytesIO(self.brand.logo), height=Cm(2.2))
        self.para(TITLE, "Title")
        self.para("Action plan prepared for", size=11, colour=GREY)
        self.para(org.name, bold=True, size=20)
        details = [
            ("Date", day(self.day0)),
            ("Sector", org.sector),
            ("Size", org.size),
            ("Assessor", org.assessor),
        ]
        for label, value in details:
            if value:
                self.runs([(f"{label}: ", True), (value, False)])
        p = self.para(v.headline, bold=True, size=22, colour=rgb(self.brand.primary_colour))
        p.paragraph_format.space_before = Pt(18)
        if r.overall.provisional:
            self.para(wording.provisional_intro())
            for missing in v.missing:
                self.bullet(missing)
        else:
            self.para(f"Overall score {wording.overall_score_text(r.overall)}/100.")
            self.para(r.overall.description, italic=True)
        if not r.is_complete:
            self.para(
                f"Incomplete assessment: "
                f"{answered_text(self.fw.questions, self.answers)} ({r.completeness:.0f}%).",
                bold=True,
            )
        if self.brand.prepared_by:
            p = self.runs([("Prepared by ", False), (self.brand.prepared_by, True)])
            p.paragraph_format.space_before = Pt(24)

    # ----------------------------------------------------------------- summary

    def executive_summary(self) -> None:
        ro = self.readout
        self.heading("Executive summary")
        self.runs([("Verdict: ", True), (ro.verdict.sentence, False)])
        for missing in ro.verdict.missing:
            self.bullet(missing)
        self.heading(ro.verdict.decision_title, 2)
        if ro.verdict.decision_lines:
            for lead, text in ro.verdict.decision_lines:
                self.runs([(lead, True), (text, False)])
        else:
            self.para(ro.verdict.decision)
        self.heading("First actions", 2)
        for n, step in enumerate(ro.first_steps, start=1):
            label = f"; {step.label}" if step.label else ""
            self.para(
                f"{n}. {step.title}: {step.owner}, due {step.due_text}, effort "
                f"{step.effort_days} (plan step {step.rank}{label})"
            )
        if ro.plan_status:
            self.para(ro.plan_status)
        self.heading("Largest gaps to target", 2)
        for d in ro.gaps:
            self.bullet(
                f"{d.name}: {number_or_na(d.score)} against {d.target_score:.0f} for level "
                f"{d.target}, {d.gap:.0f} points to go"
            )
        if not ro.gaps:
            self.para(ro.no_gap_text)
        self.heading("Strengths", 2)
        for d in ro.strengths:
            self.bullet(f"{d.name}: {number_or_na(d.score)}, level {d.level} {d.level_name}")
        if not ro.strengths:
            self.para(ro.no_strength_text)
        self.heading(f"Risk flags ({len(ro.confirmed_flags)})", 2)
        for flag in ro.confirmed_flags:
            self.bullet(flag.headline)
        if not ro.confirmed_flags:
            self.para(ro.no_confirmed_flag_text)
        if ro.flags_to_check:
            self.heading(f"To check ({len(ro.flags_to_check)})", 2)
            self.small('Possible risks that only "Don\'t know" answers point to; not findings.')
            for flag in ro.flags_to_check:
                self.bullet(flag.headline)
        self.heading("Confidence", 2)
        self.para(ro.confidence)

    def scorecard(self) -> None:
        r = self.ev.result
        self.heading("Scorecard").paragraph_format.page_break_before = True
        self.para(
            "Scores run from 0 to 100. The target is the level the organisation aims for, with "
            "the lowest score of that level; the gap is the number of points still to go. A "
            "dimension without enough known answers is not yet assessed: it has no score, level "
            "or gap."
        )
        rows: list[list[CellText]] = []
        for d in self.readout.dimensions:
            rows.append(
                [
                    [[(d.name, True)]],
                    f"{d.weight:g}",
                    number_or_na(d.score),
                    d.level_text,
                    f"{d.target} ({d.target_score:.0f})",
                    f"{d.gap:.0f}" if d.assessed else NA,
                    f"{d.confidence:.0f}%",
                ]
            )
        rows.append(
            [
                [[("Overall (weighted)", True)]],
                "",
                [[(number_or_na(r.overall.score), True)]],
                [[(wording.overall_level_text(r.overall), True)]],
                "",
                "",
                f"{r.confidence:.0f}%",
            ]
        )
        head = ["Dimension", "Weight", "Score", "Level", "Target", "Gap", "Confidence"]
        self.table(head, rows, [3.6, 1.5, 1.5, 3.8, 1.9, 1.4, 2.3])
        self.doc.add_picture(io.BytesIO(radar_png(self.ev)), width=Cm(10.5))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.para(
            "Figure 1. Score per dimension (filled, solid outline) against the target level "
            "(dashed), on a 0-100 scale.",
            "Caption",
        )
        uncapped, capped = r.overall.uncapped_level, r.overall.level
        if r.gate.holds and uncapped is not None and capped is not None and uncapped > capped:
            self.para(f"Without the purpose gate the overall level would be {uncapped}.")
        if r.gate.holds and not r.overall.provisional:
            self.runs([("Purpose gate holds. ", True), (r.gate.reason, False)])
        self.heading("Maturity levels", 2)
        bounds = [lv.min_score for lv in self.fw.levels] + [100]
        self.table(
            ["Level", "Band", "What it looks like"],
            [
                [
                    [[(f"{lv.level} {lv.name}", True)]],
                    f"{lv.min_score:g}-{upper:g}",
                    lv.description,
                ]
                for lv, upper in zip(self.fw.levels, bounds[1:], strict=True)
            ],
            [3.2, 1.8, 11.0],
        )
