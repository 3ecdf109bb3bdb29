"""The DOCX writer's kit: styles, paragraphs, runs, tables and cells, shared by every section
(like `report/kit.py` for the PDF). User and content text pass through `clean_text`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ...domain.evaluation import Evaluation
from ...domain.models import Framework
from ...files.branding import Brand
from ...readout.build import build_readout
from ...readout.model import Readout
from ..common import (
    assessment_date,
    clean_text,
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


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def is_dark(hex_colour: str) -> bool:
    """Whether white text reads on this colour (relative luminance below about 0.4)."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.55


class DocxKit:
    """What every section writes with: the document, its styles, escaped text, runs, tables."""

    def __init__(
        self,
        framework: Framework,
        evaluation: Evaluation,
        brand: Brand,
        today: dt.date | None,
        start: dt.date | None = None,  # a day the user chose: the plan's dates count from it
    ):
        self.fw = framework
        self.ev = evaluation
        self.brand = brand
        self.day0 = assessment_date(evaluation, today)
        self.today = today
        self.numbers = question_numbers(framework)
        self.answers = evaluation.responses.answers
        self.readout: Readout = build_readout(framework, evaluation, today, start)
        self.doc: DocxDocument = Document()
        self._style_ids: dict[str, str] = {}
        self._styles()

    # ----------------------------------------------------------------- building blocks

    def _styles(self) -> None:
        colour = rgb(self.brand.primary_colour)
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
        dark = is_dark(self.brand.primary_colour)
        header = table.rows[0]
        repeat_header(header._tr)
        for cell, title, width in zip(header.cells, head, widths, strict=True):
            cell.width = Cm(width)
            shade(cell, self.brand.primary_colour)
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


def shade(cell: _Cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_header(tr: object) -> None:
    """Mark a table row as a header row Word repeats at the top of each page."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(header)  # type: ignore[attr-defined]


def page_number(paragraph: Paragraph) -> None:
    """A PAGE field: Word fills in the page number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
