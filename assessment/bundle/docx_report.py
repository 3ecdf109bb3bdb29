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

from docx.shared import Cm

from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..files.branding import Brand
from ..readout.progress import ProgressView
from ..readout.vocabulary import DEFAULT_PAPER
from .docx.appendix import AppendixSections
from .docx.findings import FindingSections
from .docx.kit import MIME, TITLE, TOOL_NAME
from .docx.plan import PlanSections
from .docx.progress import ProgressSections
from .docx.sector import SectorSections
from .docx.summary import SummarySections

__all__ = ["MIME", "build_docx"]


class _Writer(
    SummarySections,
    ProgressSections,
    FindingSections,
    PlanSections,
    AppendixSections,
    SectorSections,
):
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
        self.progress_section()  # a follow-up: what moved since the one before
        self.scorecard()
        self.risk_flags()
        self.dimensions()
        self.action_plan()
        self.roadmap()
        self.sector_section()  # the sector's notes and sources; nothing without a sector
        self.appendix()


# The PDF's papers (vocabulary.PAPERS), width x height. python-docx's blank document is US
# Letter: without this the Word report was Letter while the PDF beside it was A4.
PAPER_SIZES_CM: dict[str, tuple[float, float]] = {"a4": (21.0, 29.7), "letter": (21.59, 27.94)}


def build_docx(
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None = None,
    progress: ProgressView | None = None,
    paper: str = DEFAULT_PAPER,
    start: dt.date | None = None,
) -> bytes:
    """The whole report as .docx bytes (a follow-up's with its progress after the summary), on
    the PDF's paper (A4 unless Letter is chosen)."""
    if paper not in PAPER_SIZES_CM:
        raise ValueError(f"unknown paper {paper!r}; choose one of {', '.join(PAPER_SIZES_CM)}")
    writer = _Writer(framework, evaluation, brand, today, start)
    width, height = PAPER_SIZES_CM[paper]
    for section in writer.doc.sections:
        section.page_width, section.page_height = Cm(width), Cm(height)
    if progress is not None:
        writer.readout = writer.readout.model_copy(update={"progress": progress})
    writer.write()
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()
