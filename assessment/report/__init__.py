"""The PDF action plan: `build_report(framework, evaluation)` returns the PDF as bytes.

Used by the app's download button and the `report` command. The drawing kit is `kit.py`; the
sections are `summary.py` (cover, executive summary), `scorecard.py`, `dimensions.py`,
`plan_section.py` and `appendix.py`; charts in `charts.py`, the page machinery in `document.py`,
fonts and text escaping in `fonts.py`. Extra sections (e.g. the workshop report's participation
section) are callbacks that receive a `Kit` and return flowables; they go before the appendix.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from functools import partial

from reportlab.lib import colors
from reportlab.platypus import Flowable

from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..files.branding import NO_BRAND, Brand
from ..readout.highlights import assessment_start, day
from ..readout.progress import ProgressView
from ..readout.vocabulary import DEFAULT_PAPER, PAPERS
from . import _settings  # noqa: F401  (first: ReportLab settings before its graphics load)
from .appendix import appendix
from .dimensions import dimensions
from .document import REPORT_TITLE, NumberedCanvas, PageDress, ReportDoc
from .fonts import register_fonts
from .kit import Kit, chapter_break, page_start
from .logo import logo_reader
from .plan_section import action_plan
from .progress_page import progress_page
from .scorecard import scorecard
from .sector_section import sector_section
from .styles import make_styles
from .summary import cover, executive_summary

ExtraSection = Callable[[Kit], list[Flowable]]
"""Builds an extra section (it should start with `kit.heading(...)`); placed before the appendix."""

TOOL_NAME = "Social-media strategy readiness assessment"
LANGUAGE = "en-GB"


def build_report(
    framework: Framework,
    evaluation: Evaluation,
    paper: str = DEFAULT_PAPER,
    *,
    extra_sections: Sequence[ExtraSection] = (),
    today: dt.date | None = None,
    brand: Brand = NO_BRAND,
    lead_in: Sequence[str] = (),
    workshop: bool = False,
    progress: ProgressView | None = None,
    start: dt.date | None = None,
) -> bytes:
    """The full PDF action plan for one evaluation, as bytes.

    `paper` is "a4" or "letter" (ValueError otherwise). Partial answers give a report marked
    incomplete, too few known answers one marked provisional. Dates count from the assessment's
    date, else `today` (the build date). `brand` puts a consultant's name, colour and logo on
    the cover and footer (BrandError if its logo cannot be used). `lead_in` are sentences the
    executive summary opens with (the workshop report: who took part, how questions were
    settled); `workshop` adds to the method how a group's consensus is reached. `start`, a day
    the user chose, is the day the plan's dates count from (the report says so); the cover
    keeps the assessment date. Every user string is escaped, so nothing a user types is read
    as markup.
    """
    paper = paper.lower()
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}"[:120])
    register_fonts()
    styles = make_styles()
    org = evaluation.responses.organization
    built = today or dt.date.today()
    assessed = assessment_start(evaluation.responses, built)
    completeness = evaluation.result.completeness
    provisional = evaluation.result.overall.provisional
    footer = f"Prepared by {brand.prepared_by}" if brand.prepared_by else TOOL_NAME
    footer += f" \u00b7 {day(assessed)}"
    if completeness < 100:
        footer += f" \u00b7 INCOMPLETE: {completeness:.0f}% answered"
    if provisional:
        footer += " \u00b7 PROVISIONAL"
    dress = PageDress(
        organisation=org.name,
        cover_note=f"Assessed {day(assessed)}",
        footer_note=footer,
        prepared_by=brand.prepared_by,
        colour=colors.HexColor(brand.primary_colour),
        logo=logo_reader(brand),
    )
    buffer = io.BytesIO()
    doc = ReportDoc(
        buffer,
        paper=paper,
        styles=styles,
        dress=dress,
        title=f"{REPORT_TITLE}: {org.name}",
        author=(org.assessor or "").strip() or brand.prepared_by or TOOL_NAME,
        subject=f"Social-media strategy readiness assessment of {org.name}"
        + ("" if completeness >= 100 else f" (incomplete, {completeness:.0f}% answered)")
        + (" (provisional: no overall level yet)" if provisional else ""),
        creator=TOOL_NAME,
        keywords=["social media", "readiness", "action plan"],
        lang=LANGUAGE,
    )
    kit = Kit(
        framework, evaluation, styles, doc.width, built, brand, tuple(lead_in), progress, start
    )
    kit.workshop = workshop  # the method then says how the group reached its answers
    story: list[Flowable] = cover(kit, doc.cover_height)
    story += page_start() + executive_summary(kit, doc.height)
    if progress is not None:  # a follow-up: what moved since the one before
        story += page_start() + progress_page(kit)
    story += page_start() + scorecard(kit)
    story += dimensions(kit)
    story += chapter_break() + action_plan(kit)
    story += sector_section(kit)  # the sector's notes and sources; [] without a sector
    for extra in extra_sections:
        story += chapter_break() + list(extra(kit))
    story += chapter_break() + appendix(kit)
    doc.build(story, canvasmaker=partial(NumberedCanvas, doc=doc))
    return buffer.getvalue()


__all__ = ["PAPERS", "ExtraSection", "Kit", "build_report"]
