"""The page machinery: paper sizes, cover and content page templates, header and footer with
"Page X of Y", PDF outline (bookmarks) and metadata."""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate

from .fonts import BOLD, REGULAR, fit, markup
from .styles import GREY, GREY_DARK, GREY_LIGHT, NAVY, TEAL, WHITE, Styles

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}  # vocabulary.PAPERS
REPORT_TITLE = "Social-media readiness action plan"
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
COVER_BAND = 64 * mm  # the navy band at the top of the cover; the story starts below it


class FastParagraph(Paragraph):
    """A Paragraph that keeps its line breaks for a given width.

    Tables, KeepTogether and splitting wrap the same cell several times at the same width;
    breaking lines is the costliest step of a build, so it is done once per width.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # split() deletes blPara when it gives up; then the lines must be broken again.
        if self._wrapped_width == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return width, height


class Heading(FastParagraph):
    """A heading that also becomes an entry in the PDF outline (the reader's bookmarks pane)."""

    def __init__(self, text: Any, style: Any, outline: str = "", level: int = 0, **kw: Any):
        super().__init__(text, style, **kw)  # keyword arguments: ReportLab's split() passes them
        self.outline = outline
        self.outline_level = level


class NumberedCanvas(Canvas):
    """Defers each page until the end so the footer can say "Page X of Y"."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(REGULAR, 7.5)
        self.setFillColor(GREY_DARK)
        self.drawRightString(width - MARGIN_X, 10 * mm, f"Page {self._pageNumber} of {total}")
        self.restoreState()


class ReportDoc(BaseDocTemplate):
    """Cover page template first, then content pages with header and footer."""

    def __init__(
        self,
        buffer: Any,
        *,
        paper: str,
        styles: Styles,
        organisation: str,
        footer_note: str,
        **meta: Any,
    ):
        pagesize = PAGE_SIZES[paper]
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            displayDocTitle=1,
            initialFontName=REGULAR,
            initialFontSize=9.5,
            **meta,
        )
        self.styles = styles
        self.footer_note = footer_note
        header_org = fit(organisation[:400], self.width * 0.55, styles.tiny.fontSize)
        self._header_org = FastParagraph(markup(header_org), styles.tiny)
        self._outline_keys = 0
        self._outline_level = -1
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=self._draw_cover),
                PageTemplate(id="content", frames=[frame], onPage=self._draw_header_footer),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, Heading):
            self._outline_keys += 1
            key = f"h{self._outline_keys}"
            self.canv.bookmarkPage(key)
            # An outline may not skip a level (ReportLab raises); clamp so any order is safe.
            level = min(flowable.outline_level, self._outline_level + 1)
            self._outline_level = level
            self.canv.addOutlineEntry(flowable.outline[:200], key, level=level)

    def _draw_cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - COVER_BAND + 2 * mm, width, COVER_BAND - 2 * mm, stroke=0, fill=1)
        canvas.setFillColor(TEAL)
        canvas.rect(0, height - COVER_BAND, width, 2 * mm, stroke=0, fill=1)
        canvas.setFillColor(WHITE)
        canvas.setFont(BOLD, 9)
        canvas.drawString(MARGIN_X, height - 16 * mm, "SOCIAL-MEDIA STRATEGY READINESS ASSESSMENT")
        canvas.setFont(BOLD, 26)
        canvas.drawString(MARGIN_X, height - 40 * mm, "Social-media readiness")
        canvas.drawString(MARGIN_X, height - 51 * mm, "action plan")
        canvas.setFillColor(GREY)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(MARGIN_X, 10 * mm, "Confidential: prepared for the organisation named.")
        canvas.restoreState()

    def _draw_header_footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canvas.saveState()
        top = height - 12 * mm
        _, h = self._header_org.wrap(width * 0.55, 20)
        self._header_org.drawOn(canvas, MARGIN_X, top - h + 9)
        canvas.setFont(BOLD, 7.5)
        canvas.setFillColor(NAVY)
        canvas.drawRightString(width - MARGIN_X, top, REPORT_TITLE)
        canvas.setStrokeColor(GREY_LIGHT)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 5, width - MARGIN_X, top - 5)
        canvas.line(MARGIN_X, 14 * mm, width - MARGIN_X, 14 * mm)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(GREY_DARK)
        canvas.drawString(MARGIN_X, 10 * mm, self.footer_note)
        canvas.restoreState()
