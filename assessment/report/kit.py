"""The drawing kit: what every section draws with.

`Kit` carries the framework, the evaluation, the styles and the frame width, and makes escaped
paragraphs and headings; beside it, the house table, callout box and KPI strip. All user and
content text goes through `Kit.para` (escaped by `fonts.markup`); only markup written in this
package surrounds it. Styles are passed as objects (`kit.para(text, kit.styles.small)`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Table,
    TableStyle,
)

from ..domain.evaluation import Evaluation
from ..domain.models import ActionPlan, Framework, Responses, Result
from ..files.branding import NO_BRAND, Brand
from ..readout.build import build_readout, question_numbers
from ..readout.model import Readout
from ..readout.progress import ProgressView
from ..readout.sources import cited_source_ids
from .document import FastParagraph, Heading
from .fonts import REGULAR, clean, markup
from .styles import AMBER, AMBER_LIGHT, GREY_LIGHT, GREY_PALE, NAVY, TEAL, TEAL_LIGHT, WHITE, Styles
from .text import TextBlock, compact, is_plain, within_run_budget

NOTE_CHUNK = 1500  # characters per Paragraph: layout time stays linear in the note's length


@dataclass
class Kit:
    """What a section needs to draw itself; also handed to extra sections (workshop report)."""

    framework: Framework
    evaluation: Evaluation
    styles: Styles
    width: float  # usable frame width in points
    report_date: dt.date = field(default_factory=dt.date.today)
    brand: Brand = NO_BRAND
    lead_in: tuple[str, ...] = ()  # what the executive summary opens with (a workshop's facts)
    progress: ProgressView | None = None  # a follow-up's progress page (`readout.progress`)
    plan_start: dt.date | None = None  # a start day the user chose; else the assessment date
    workshop: bool = False  # a workshop's report: the method says how a consensus is reached

    # ----------------------------------------------------------------- text
    def para(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        *,
        lead: str = "",
        prefix: str = "",
        suffix: str = "",
        max_chars: int | None = None,
    ) -> Flowable:
        """Escaped text in a style, led by an optional bold label (`lead`, plain text).

        Plain text (no markup around it, nothing that needs the fallback font, shaping or
        reordering) becomes a `TextBlock`, which costs a fraction of a Paragraph; anything else
        a Paragraph of `fonts.markup`. `prefix`/`suffix` are trusted markup written here.
        """
        style = style or self.styles.body
        value = clean(text)
        if max_chars is not None and len(value) > max_chars:
            value = value[: max_chars - 1].rstrip() + "\u2026"
        if not prefix and not suffix and is_plain(value) and is_plain(lead):
            return TextBlock(value, style, lead)
        head = f"<b>{markup(lead)}</b>" if lead else ""
        return FastParagraph(prefix + head + markup(value) + suffix, style)

    def long_text(
        self, text: str, style: ParagraphStyle | None = None, *, lead: str = ""
    ) -> list[Flowable]:
        """A note of any length, compacted (`text.compact`), in linear time: one TextBlock that
        splits between lines, or Paragraphs of at most NOTE_CHUNK characters."""
        style = style or self.styles.note
        value = compact(text)
        if is_plain(value) and is_plain(lead):
            return [TextBlock(value, style, lead)]
        value, left_out = within_run_budget(value)  # bounded cost for any mix of scripts
        out: list[Flowable] = []
        for block in (b for b in value.split("\n\n") if b.strip()):
            for chunk in chunks(block, NOTE_CHUNK):
                out.append(self.para(chunk, style, lead=lead if not out else ""))
        if left_out:
            out.append(
                self.para(
                    f"[Shortened for the PDF: the last {left_out:,} characters change script "
                    "too often to lay out; the full note is in the answers file.]",
                    self.styles.small,
                )
            )
        return out or [self.para("", style, lead=lead)]

    def heading(self, text: str, level: int = 0, outline: str | None = None) -> Heading:
        """A heading (0 chapter, 1 section, 2 sub-section) that is also a PDF bookmark."""
        style = {0: self.styles.h1, 1: self.styles.h2}.get(level, self.styles.h3)
        return Heading(markup(text), style, outline or text, level=min(level, 2))

    def head_row(self, names: Sequence[str]) -> list[object]:
        """The header cells of a table."""
        return [self.para(name, self.styles.head_cell) for name in names]

    # ----------------------------------------------------------------- shortcuts
    @property
    def responses(self) -> Responses:
        return self.evaluation.responses

    @property
    def result(self) -> Result:
        return self.evaluation.result

    @property
    def plan(self) -> ActionPlan:
        return self.evaluation.plan

    @cached_property
    def readout(self) -> Readout:
        """What every reader is shown, decided once (`readout.build`): this PDF only draws it."""
        built = build_readout(self.framework, self.evaluation, self.report_date, self.plan_start)
        return built.model_copy(update={"progress": self.progress}) if self.progress else built

    @property
    def start(self) -> dt.date:
        """The day the plan's dates count from: a start day the user chose, else the assessment's
        date, else the build date."""
        return self.readout.start

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Question id -> its number, 1..N as the app numbers them (`readout.build`)."""
        return question_numbers(self.framework)

    @cached_property
    def cited_sources(self) -> list[str]:
        """The ids of the sources this report cites (`readout.sources`), numbered [1]..[n]."""
        return cited_source_ids(self.framework, self.evaluation)

    def source_number(self, source_id: str) -> int:
        ids = self.cited_sources
        return ids.index(source_id) + 1 if source_id in ids else 0

    def cite(self, source_id: str) -> str:
        """A citation like "[2] Customers Rock! / Cone 2008" (plain text)."""
        number = self.source_number(source_id)
        try:
            name = self.framework.source(source_id).short_name
        except StopIteration:
            return source_id
        return f"[{number}] {name}"


def chunks(text: str, size: int) -> list[str]:
    """Cut text into pieces of at most `size` characters, at a space where there is one."""
    pieces = []
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    pieces.append(text)
    return pieces


def new_table(data: Sequence[Sequence[object]], **kw: object) -> Table:
    """A Table whose cells default to DejaVu (ReportLab's default is unembedded Helvetica)."""
    table = Table(data, **kw)  # type: ignore[arg-type]
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8.5)]))
    return table


def table(
    data: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    zebra: bool = True,
    extra: Sequence[tuple[object, ...]] = (),
    split_rows: bool = False,
) -> Table:
    """A table in the house style. It splits between rows; `split_rows` also lets a row split
    (for cells of unbounded text; off by default because a row split after a row-boundary split
    repeats the header on the same page)."""
    out = new_table(
        data,
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        splitInRow=1 if split_rows else 0,
        hAlign="LEFT",
    )
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GREY_LIGHT),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [WHITE, GREY_PALE]))
    out.setStyle(TableStyle(commands + list(extra)))
    return out


def callout(kit: Kit, flowables: list[Flowable], *, tone: str = "info") -> Table:
    """A shaded box with a coloured left rule (the rule's weight, not only its colour, marks it)."""
    fill, rule = (AMBER_LIGHT, AMBER) if tone == "warn" else (TEAL_LIGHT, TEAL)
    box = new_table([[flowables]], colWidths=[kit.width], splitInRow=1)
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEBEFORE", (0, 0), (0, -1), 3 if tone == "warn" else 2, rule),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def kpi_strip(kit: Kit, cells: list[tuple[str, str]], *, small: bool = False) -> Table:
    """A row of figures with a label under each (value, label); `small` puts them on one line,
    value in bold, for a section's head."""
    s = kit.styles
    row: list[object] = [
        kit.para(label, s.kpi_small, lead=f"{value} ")
        if small
        else [kit.para(value, s.kpi_value), kit.para(label, s.kpi_label)]
        for value, label in cells
    ]
    width = kit.width / len(cells)
    strip = new_table([row], colWidths=[width] * len(cells))
    pad = 3 if small else 6
    strip.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, GREY_LIGHT),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, GREY_LIGHT),
                ("BACKGROUND", (0, 0), (-1, -1), GREY_PALE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
            ]
        )
    )
    return strip


def page_start(template: str = "content") -> list[Flowable]:
    """Start a new page on the given page template."""
    return [NextPageTemplate(template), PageBreak()]


CHAPTER_ROOM = 200  # points: a chapter starts on a new page unless this much is left


def chapter_break() -> list[Flowable]:
    """Before a chapter: a new page only when less than CHAPTER_ROOM is left on this one, so a
    chapter never starts at a page foot and no page is left nearly empty."""
    return [CondPageBreak(CHAPTER_ROOM)]


__all__ = [
    "NOTE_CHUNK",
    "Kit",
    "callout",
    "chapter_break",
    "chunks",
    "kpi_strip",
    "new_table",
    "page_start",
    "table",
]
