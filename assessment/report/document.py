"""The page machinery: paper sizes, cover and content page templates, header and footer with
the consultant's branding and "Page X of Y", the cover's contents, PDF outline and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from .fonts import BOLD, REGULAR, fit, markup
from .scripts import BidiParagraph
from .styles import GREY, GREY_DARK, GREY_LIGHT, INK, WHITE, Styles

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}  # vocabulary.PAPERS
REPORT_TITLE = "Social-media readiness action plan"
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
COVER_BAND = 64 * mm  # the coloured band at the top of the cover; the story starts below it
COVER_FOOT = 40 * mm  # the cover's story ends above this; "prepared by" and the logo go below
CONTENTS_FOOT = 36 * mm  # the contents, drawn under the story, end above this
FOOTER_Y = 10 * mm
PAGE_FORM = "running"  # the header and footer every content page shows
LOGO_COVER = (46 * mm, 18 * mm)  # the largest box a logo is fitted into
LOGO_FOOTER = (22 * mm, 5.5 * mm)


class FastParagraph(BidiParagraph):
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
    """A heading that also becomes an entry in the PDF outline (the reader's bookmarks pane);
    a chapter heading (level 0) is also listed in the cover's contents."""

    def __init__(self, text: Any, style: Any, outline: str = "", level: int = 0, **kw: Any):
        super().__init__(text, style, **kw)  # keyword arguments: ReportLab's split() passes them
        self.outline = outline
        self.outline_level = level


@dataclass(frozen=True)
class PageDress:
    """What every page shows around the story: who it is for and from, colour and logo."""

    organisation: str
    cover_note: str  # under the cover's title, e.g. "Prepared for the board of ..."
    footer_note: str  # left of the page number on every content page
    prepared_by: str = ""
    colour: colors.Color = field(default_factory=lambda: colors.HexColor("#1F4E79"))
    logo: ImageReader | None = None


def on_colour(fill: colors.Color) -> colors.Color:
    """White or ink, whichever reads on the fill (WCAG relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(fill.red) + 0.7152 * channel(fill.green) + 0.0722 * channel(fill.blue)
    return WHITE if (1.05 / (lum + 0.05)) >= (lum + 0.05) / 0.05 else INK


def _fit_box(image: ImageReader, box: tuple[float, float]) -> tuple[float, float]:
    w, h = image.getSize()
    scale = min(box[0] / w, box[1] / h)
    return w * scale, h * scale


class NumberedCanvas(Canvas):
    """Defers each page until the end so the footer can say "Page X of Y" and the cover can list
    the page each chapter starts on."""

    def __init__(self, *args: Any, doc: ReportDoc | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self._report = doc

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self._draw_page_number(total)
            elif self._report is not None:
                self._report.draw_contents(self)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(REGULAR, 7.5)
        self.setFillColor(GREY_DARK)
        self.drawRightString(width - MARGIN_X, FOOTER_Y, f"Page {self._pageNumber} of {total}")
        self.restoreState()


class ReportDoc(BaseDocTemplate):
    """Cover page template first, then content pages with header and footer."""

    def __init__(self, buffer: Any, *, paper: str, styles: Styles, dress: PageDress, **meta: Any):
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
        self.dress = dress
        self.contents: list[tuple[int, str, int]] = []  # (level, heading, page) after the cover
        self.cover_end: float | None = None  # where the cover's story ended
        header_org = fit(dress.organisation[:400], self.width * 0.55, styles.tiny.fontSize)
        self._header_org = FastParagraph(markup(header_org), styles.tiny)
        self._outline_keys = 0
        self._outline_level = -1
        self._page_form = False
        _, page_height = pagesize
        cover_top = page_height - COVER_BAND - 10 * mm
        cover = Frame(
            MARGIN_X, COVER_FOOT, self.width, cover_top - COVER_FOOT, id="cover", **_NO_PADDING
        )
        body = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", **_NO_PADDING
        )
        self.cover_height = cover_top - COVER_FOOT
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[cover], onPage=self._draw_cover),
                PageTemplate(id="content", frames=[body], onPage=self._draw_header_footer),
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
            if level <= 1 and self.page > 1:
                self.contents.append((level, flowable.outline[:80], self.page))
        if self.page == 1:
            self.cover_end = self.frame._y

    # ------------------------------------------------------------------ cover

    def _draw_cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        dress = self.dress
        ink = on_colour(dress.colour)
        canvas.saveState()
        canvas.setFillColor(dress.colour)
        canvas.rect(0, height - COVER_BAND, width, COVER_BAND, stroke=0, fill=1)
        canvas.setFillColor(ink)
        canvas.setFont(BOLD, 9)
        canvas.drawString(MARGIN_X, height - 16 * mm, "SOCIAL-MEDIA STRATEGY READINESS ASSESSMENT")
        canvas.setFont(BOLD, 26)
        canvas.drawString(MARGIN_X, height - 38 * mm, "Social-media readiness")
        canvas.drawString(MARGIN_X, height - 49 * mm, "action plan")
        canvas.setFont(REGULAR, 9)
        canvas.drawString(
            MARGIN_X, height - 58 * mm, fit(dress.cover_note, width - 2 * MARGIN_X, 9)
        )
        # who prepared it, with the logo, above the confidentiality line
        canvas.setStrokeColor(dress.colour)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN_X, 30 * mm, width - MARGIN_X, 30 * mm)
        if dress.prepared_by:
            canvas.setFillColor(GREY_DARK)
            canvas.setFont(REGULAR, 7.5)
            canvas.drawString(MARGIN_X, 24 * mm, "Prepared by")
            canvas.setFillColor(INK)
            canvas.setFont(BOLD, 11)
            canvas.drawString(
                MARGIN_X, 19 * mm, fit(dress.prepared_by, width * 0.55, 11, bold=True)
            )
        if dress.logo is not None:
            w, h = _fit_box(dress.logo, LOGO_COVER)
            canvas.drawImage(
                dress.logo, width - MARGIN_X - w, 13 * mm, w, h, mask="auto", anchor="sw"
            )
        canvas.setFillColor(GREY)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(MARGIN_X, FOOTER_Y, "Confidential: prepared for the organisation named.")
        canvas.restoreState()

    def draw_contents(self, canvas: Canvas) -> None:
        """The cover's contents under its story: each chapter (and, where there is room, each
        section) with the page it starts on, known only once every page is laid out."""
        if not self.contents or self.cover_end is None:
            return
        width, _ = self.pagesize
        row = 12.5
        top = self.cover_end - 12 * mm
        room = int((top - CONTENTS_FOOT) // row) - 1
        entries = self.contents
        if len(entries) > room:
            entries = [e for e in entries if e[0] == 0]
        entries = entries[: max(room, 0)]
        if not entries:
            return
        canvas.saveState()
        canvas.setFillColor(self.dress.colour)
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(MARGIN_X, top, "Contents")
        right = width - MARGIN_X
        canvas.setStrokeColor(GREY_LIGHT)
        canvas.setLineWidth(0.4)
        for i, (level, title, page) in enumerate(entries, start=1):
            y = top - i * row - 3
            x = MARGIN_X + 12 * level
            canvas.setFillColor(INK if level == 0 else GREY_DARK)
            canvas.setFont(BOLD if level == 0 else REGULAR, 8.5 if level == 0 else 8)
            canvas.drawString(x, y, fit(title, width * 0.6 - x, 8.5, bold=level == 0))
            canvas.drawRightString(right, y, str(page))
            canvas.setDash(1, 2)
            canvas.line(MARGIN_X + width * 0.62, y + 1, right - 14, y + 1)
            canvas.setDash()
        canvas.restoreState()

    # ------------------------------------------------------------------ content pages

    def _draw_header_footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """The running header and footer: drawn once into a form (PDF XObject) that every
        content page shows, so a long report does not redraw them page by page."""
        if not self._page_form:
            canvas.beginForm(PAGE_FORM)
            self._draw_running(canvas)
            canvas.endForm()
            self._page_form = True
        canvas.doForm(PAGE_FORM)

    def _draw_running(self, canvas: Canvas) -> None:
        width, height = self.pagesize
        dress = self.dress
        canvas.saveState()
        top = height - 12 * mm
        _, h = self._header_org.wrap(width * 0.55, 20)
        self._header_org.drawOn(canvas, MARGIN_X, top - h + 9)
        canvas.setFont(BOLD, 7.5)
        canvas.setFillColor(dress.colour)
        canvas.drawRightString(width - MARGIN_X, top, REPORT_TITLE)
        canvas.setStrokeColor(GREY_LIGHT)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 5, width - MARGIN_X, top - 5)
        canvas.setStrokeColor(dress.colour)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN_X, 14 * mm, width - MARGIN_X, 14 * mm)
        x = MARGIN_X
        if dress.logo is not None:
            w, h = _fit_box(dress.logo, LOGO_FOOTER)
            canvas.drawImage(dress.logo, x, FOOTER_Y - 1.5 * mm, w, h, mask="auto")
            x += w + 3 * mm
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(GREY_DARK)
        canvas.drawString(x, FOOTER_Y, fit(dress.footer_note, width - x - MARGIN_X - 70, 7.5))
        canvas.restoreState()


_NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
