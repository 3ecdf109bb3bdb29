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

from reportlab import rl_config
from reportlab.platypus import Flowable

from ..evaluation import Evaluation
from ..models import Framework
from ..vocabulary import PAPERS
from .appendix import appendix
from .dimensions import dimension_section
from .document import REPORT_TITLE, NumberedCanvas, ReportDoc
from .fonts import register_fonts
from .kit import Kit, page_start
from .plan_section import action_plan
from .scorecard import scorecard
from .styles import make_styles
from .summary import cover, executive_summary

# Streams are compressed; ASCII85 on top only makes them 25% bigger and costs a pure-Python pass.
rl_config.useA85 = 0

ExtraSection = Callable[[Kit], list[Flowable]]
"""Builds an extra section (it should start with `kit.heading(...)`); placed before the appendix."""

TOOL_NAME = "Social-media strategy readiness assessment"
LANGUAGE = "en-GB"


def build_report(
    framework: Framework,
    evaluation: Evaluation,
    paper: str = "a4",
    *,
    extra_sections: Sequence[ExtraSection] = (),
    today: dt.date | None = None,
) -> bytes:
    """The full PDF action plan for one evaluation, as bytes.

    `paper` is "a4" or "letter" (ValueError otherwise). Partial answers give a report marked
    incomplete, too few known answers one marked provisional. Every user string is escaped, so
    nothing a user types is read as markup.
    """
    paper = paper.lower()
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}"[:120])
    register_fonts()
    styles = make_styles()
    org = evaluation.responses.organization
    buffer = io.BytesIO()
    completeness = evaluation.result.completeness
    footer = f"{TOOL_NAME} \u00b7 {(org.date or today or dt.date.today()).isoformat()}"
    if completeness < 100:
        footer += f" \u00b7 INCOMPLETE: {completeness:.0f}% answered"
    provisional = evaluation.result.overall.provisional
    if provisional:
        footer += " \u00b7 PROVISIONAL"
    doc = ReportDoc(
        buffer,
        paper=paper,
        styles=styles,
        organisation=org.name,
        footer_note=footer,
        title=f"{REPORT_TITLE}: {org.name}",
        author=(org.assessor or "").strip() or TOOL_NAME,
        subject=f"Social-media strategy readiness assessment of {org.name}"
        + ("" if completeness >= 100 else f" (incomplete, {completeness:.0f}% answered)")
        + (" (provisional: no overall level yet)" if provisional else ""),
        creator=TOOL_NAME,
        keywords=["social media", "readiness", "action plan"],
        lang=LANGUAGE,
    )
    kit = Kit(framework, evaluation, styles, doc.width, today or dt.date.today())
    story: list[Flowable] = [*cover(kit)]
    story += page_start() + executive_summary(kit, doc.height)
    story += page_start() + scorecard(kit)
    story += page_start() + [kit.heading("Dimensions")]
    for index, dim in enumerate(evaluation.result.dimensions.values(), start=1):
        if index > 1:
            story += page_start()
        story += dimension_section(kit, dim, index)
    story += page_start() + action_plan(kit)
    for extra in extra_sections:
        story += page_start() + list(extra(kit))
    story += page_start() + appendix(kit)
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


__all__ = ["PAPERS", "ExtraSection", "Kit", "build_report"]
