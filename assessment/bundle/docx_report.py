"""The report as an editable Word document (python-docx): real headings, tables and lists.

Sections follow the PDF: cover, executive summary, scorecard, risk flags, the dimensions with
their answers, the action plan and backlog, the roadmap, and an appendix with the notes. The
radar chart is a picture; everything else is text a consultant can edit. User text is written as
text runs (python-docx never reads markup in it) after `clean_text` has dropped the characters
XML cannot hold, so a hostile note can neither inject markup nor break the file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..domain.evaluation import Evaluation
from ..domain.models import DimensionResult, Framework, Horizon, PlannedAction
from ..files.branding import Brand
from ..readout import wording
from ..readout.build import build_readout, day
from ..readout.method import describe_method
from ..readout.model import Readout
from ..readout.vocabulary import (
    HORIZON_NAMES,
    NA,
    answer_text,
    answered_text,
    due_date,
    effort_name,
    horizon_name,
    number_or_na,
    start_date,
)
from .charts import radar_png
from .common import (
    BACKLOG,
    PLAN,
    assessment_date,
    clean_text,
    note_paragraphs,
    plan_rows,
    question_numbers,
)

TOOL_NAME = "Social-media strategy readiness assessment"
TITLE = "Social-media strategy readiness"
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_WIDTH_CM = 16.0  # A4 less 2.5 cm margins
GREY = RGBColor(0x4A, 0x55, 0x60)
CELL_STYLE = "Table Text"

Run = tuple[str, bool]  # text and whether it is bold
CellText = str | Sequence[Sequence[Run]]  # plain text, or paragraphs of runs


def build_docx(
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None = None,
) -> bytes:
    """The whole report as .docx bytes."""
    writer = _Writer(framework, evaluation, brand, today)
    writer.write()
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _is_dark(hex_colour: str) -> bool:
    """Whether white text reads on this colour (relative luminance below about 0.4)."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.55


class _Writer:
    def __init__(
        self, framework: Framework, evaluation: Evaluation, brand: Brand, today: dt.date | None
    ):
        self.fw = framework
        self.ev = evaluation
        self.brand = brand
        self.day0 = assessment_date(evaluation, today)
        self.today = today
        self.numbers = question_numbers(framework)
        self.answers = evaluation.responses.answers
        self.readout: Readout = build_readout(framework, evaluation, today)
        self.doc: DocxDocument = Document()
        self._style_ids: dict[str, str] = {}
        self._styles()

    # ----------------------------------------------------------------- building blocks

    def _styles(self) -> None:
        colour = _rgb(self.brand.primary_colour)
        styles = self.doc.styles
        styles["Normal"].font.size = Pt(10.5)  # type: ignore[union-attr]
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            styles[name].font.color.rgb = colour  # type: ignore[union-attr]
        cell_style = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        cell_style.base_style = styles["Normal"]
        cell_style.font.size = Pt(9)  # type: ignore[union-attr]
        cell_style.paragraph_format.space_after = Pt(1)  # type: ignore[union-attr]
        section = self.doc.sections[0]
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)

    def style(self, paragraph: Paragraph, name: str | None) -> None:
        """Set a paragraph style by its id: python-docx's lookup by name scans every style
        each time (two thirds of the build time with a few hundred table cells)."""
        if name is None:
            return
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        p = paragraph._p
        if p.pPr is not None:
            p.style = self._style_ids[name]
            return
        p_pr, p_style = OxmlElement("w:pPr"), OxmlElement("w:pStyle")  # a new paragraph: the
        p_style.set(qn("w:val"), self._style_ids[name])  # fast way, without python-docx's
        p_pr.append(p_style)  # search for where the element goes
        p.insert(0, p_pr)

    def text(self, value: str | None) -> str:
        return clean_text(value)

    def para(
        self,
        value: str | None = "",
        style: str | None = None,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        colour: RGBColor | None = None,
    ) -> Paragraph:
        p = self.doc.add_paragraph()
        self.style(p, style)
        if value:
            run = p.add_run(self.text(value))
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
            if colour is not None:
                run.font.color.rgb = colour
        return p

    def runs(self, parts: Sequence[Run], style: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph()
        self.style(p, style)
        for value, bold in parts:
            p.add_run(self.text(value)).bold = bold or None
        return p

    def bullet(self, value: str) -> Paragraph:
        return self.para(value, "List Bullet")

    def heading(self, value: str, level: int = 1) -> Paragraph:
        return self.para(value, f"Heading {level}")  # add_heading looks the style up by name

    def small(self, value: str) -> Paragraph:
        return self.para(value, size=9, colour=GREY)

    def table(
        self, head: Sequence[str], rows: Sequence[Sequence[CellText]], widths: Sequence[float]
    ) -> Table:
        """A table with a shaded header row repeated on every page; widths in cm."""
        table = self.doc.add_table(rows=1, cols=len(head))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid LibreOffice and Google Docs lay out by
        dark = _is_dark(self.brand.primary_colour)
        header = table.rows[0]
        _repeat_header(header._tr)
        for cell, title, width in zip(header.cells, head, widths, strict=True):
            cell.width = Cm(width)
            _shade(cell, self.brand.primary_colour)
            self.style(cell.paragraphs[0], CELL_STYLE)
            run = cell.paragraphs[0].add_run(title)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if dark else RGBColor(0, 0, 0)
        for values in rows:
            cells = table.add_row().cells
            for cell, value, width in zip(cells, values, widths, strict=True):
                cell.width = Cm(width)
                self._fill(cell, value)
        return table

    def _fill(self, cell: _Cell, value: CellText) -> None:
        first = cell.paragraphs[0]
        self.style(first, CELL_STYLE)
        if isinstance(value, str):
            if value:
                first.add_run(self.text(value))
            return
        for i, parts in enumerate(value):
            p = first if i == 0 else cell.add_paragraph()
            if i:
                self.style(p, CELL_STYLE)
            for text, bold in parts:
                p.add_run(self.text(text)).bold = bold or None

    def number(self, question_id: str) -> str:
        return f"Q{self.numbers[question_id]}"

    # ----------------------------------------------------------------- document

    def write(self) -> None:
        org = self.ev.responses.organization
        props = self.doc.core_properties
        props.title = self.text(f"{TITLE}: {org.name}")[:250]
        props.subject = TOOL_NAME
        props.author = self.text(self.brand.prepared_by or org.assessor or TOOL_NAME)[:250]
        props.created = dt.datetime.combine(self.day0, dt.time())
        props.keywords = "social media; readiness; action plan"
        self.footer()
        self.cover()
        self.doc.add_page_break()
        self.executive_summary()
        self.scorecard()
        self.risk_flags()
        self.dimensions()
        self.action_plan()
        self.roadmap()
        self.appendix()

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
        _page_number(p)

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
        p = self.para(v.headline, bold=True, size=22, colour=_rgb(self.brand.primary_colour))
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
        self.heading("Decision asked of the board", 2)
        self.para(ro.verdict.decision)
        self.heading("First actions", 2)
        for step in ro.first_steps:
            self.bullet(f"#{step.rank} {step.title}: {step.owner}, due {step.due_text}")
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
        for d in r.dimensions.values():
            level = f"{d.level} {d.level_name}" if d.assessed else wording.dimension_status(d)
            rows.append(
                [
                    [[(d.name, True)]],
                    f"{d.weight:g}",
                    number_or_na(d.score),
                    level,
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
        ids = [s.id for s in self.fw.sources]
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
        plan = self.ev.plan
        for index, dim in enumerate(self.ev.result.dimensions.values(), start=1):
            self.dimension(index, dim, plan.actions, plan.backlog)

    def dimension(
        self,
        index: int,
        dim: DimensionResult,
        planned: list[PlannedAction],
        backlog: list[PlannedAction],
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
        mine = [a for a in planned if a.dimension == dim.id]
        if mine:
            self.para("In the action plan:", bold=True)
            for a in mine:
                self.bullet(
                    f"#{a.rank} {a.title} ({horizon_name(a.horizon)}, due "
                    f"{day(due_date(self.day0, a.horizon))})"
                )
        else:
            waiting = sum(1 for a in backlog if a.dimension == dim.id)
            self.para(wording.dimension_plan_text(dim, waiting, len(planned)))

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

    # ----------------------------------------------------------------- appendix

    def appendix(self) -> None:
        fw = self.fw
        self.heading("Appendix").paragraph_format.page_break_before = True
        self.heading("A.1 Notes", 2)
        noted = [q for q in fw.questions if (a := self.answers.get(q.id)) and a.note.strip()]
        if not noted:
            self.para("No note was recorded with the answers.")
        for q in sorted(noted, key=lambda q: self.numbers[q.id]):
            self.runs([(f"{self.number(q.id)} ", True), (q.text, True)])
            for text in note_paragraphs(self.answers[q.id].note):
                self.para(text)
        self.heading("A.2 Exclusions", 2)
        if self.ev.result.exclusions:
            self.para('Questions answered "Not applicable", left out of the scores:')
            for qid in self.ev.result.exclusions:
                self.bullet(f"{self.number(qid)} {fw.question(qid).text}")
        else:
            self.para('None: no question was answered "Not applicable".')
        self.heading("A.3 Method in brief", 2)
        for section in describe_method(fw):
            self.heading(section.title, 3)
            for paragraph in section.paragraphs:
                self.para(paragraph)
        self.heading("A.4 Sources", 2)
        for n, src in enumerate(fw.sources, start=1):
            year = f", {src.year}" if src.year else ""
            self.runs(
                [
                    (f"[{n}] {src.short_name}: ", True),
                    (f"{src.title}. {src.publisher}{year}.", False),
                ]
            )


# --------------------------------------------------------------------------- raw XML helpers


def _shade(cell: _Cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(tr: object) -> None:
    """Mark a table row as a header row Word repeats at the top of each page."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(header)  # type: ignore[attr-defined]


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field: Word fills in the page number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
