"""Deliverables: every file a user takes away, built and cached in one place.

The PDF action plan, each file of the bundle (DOCX, XLSX, ICS, tracker CSV), the answers (JSON),
the plan (CSV) and the workshop PDF. A file is built once per change of what it is made from
(the answers' digest, with the paper and the branding) and kept in a cache the caller owns (a
user's `Working` copy, a page's session state; none for the CLI), never in a module global, which
every user would share. Pages and the CLI only ask for files; none builds one itself.

Every file is named by one rule: the readout's stem (`readout.build.file_stem`, ASCII with accents
folded: "Café Zürich" -> "cafe-zurich-readiness-2026-11-02"), then what it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.evaluation import Evaluation, evaluate
from ..domain.models import Framework, Responses
from ..domain.workshop import WorkshopSummary
from ..files.answers_file import dump_answers
from ..files.branding import NO_BRAND, Brand
from ..files.exports import plan_csv
from ..readout.build import assessment_start, file_stem
from ..readout.progress import ProgressView
from ..readout.vocabulary import DEFAULT_PAPER
from .outcome import Outcome

if TYPE_CHECKING:  # the comparison's module reads the store; building a file does not
    from .workshop_progress import WorkshopProgress

PDF = "application/pdf"


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    mime: str


Cache = MutableMapping[str, tuple[str, Download]]
"""What a caller keeps between requests: kind of file -> (digest it was built from, the file)."""


def answers_digest(responses: Responses, *parts: str) -> str:
    """A fingerprint of everything a deliverable is built from (answers, paper, brand...)."""
    data = dump_answers(responses) + "\x00" + "\x00".join(parts)
    return hashlib.sha256(data.encode()).hexdigest()


def brand_key(brand: Brand) -> str:
    """The branding as a digest part (the logo by its hash: it is bytes, and may be large)."""
    logo = hashlib.sha256(brand.logo).hexdigest() if brand.logo else ""
    return f"{brand.prepared_by}\x00{brand.primary_colour}\x00{logo}"


def download_name(stem: str, what: str, extension: str) -> str:
    """ "cafe-zurich-readiness-2026-11-02-answers.json": the stem, what it is, its extension."""
    return f"{stem}{'-' + what if what else ''}.{extension}"


def _cached(cache: Cache | None, kind: str, digest: str, build: Callable[[], Download]) -> Download:
    if cache is not None:
        held = cache.get(kind)
        if held is not None and held[0] == digest:
            return held[1]
    made = build()
    if cache is not None:
        cache[kind] = (digest, made)
    return made


def stem_of(evaluation: Evaluation, today: dt.date | None = None) -> str:
    start = assessment_start(evaluation, today)
    return file_stem(evaluation.responses.organization.name, start)


# --------------------------------------------------------------------------- one assessment


def report_pdf_name(evaluation: Evaluation, today: dt.date | None = None) -> str:
    """The PDF action plan's file name, known before the file is built (a page offers the
    download at once and builds the file only when it is clicked)."""
    return download_name(stem_of(evaluation, today), "", "pdf")


def starting(framework: Framework, evaluation: Evaluation, start: dt.date | None) -> Evaluation:
    """The evaluation planned from `start`, a day the user chose (the plan's dates, the
    decision's review date), or as it is when none was chosen."""
    if start is None or evaluation.plan.start == start:
        return evaluation
    return evaluate(framework, evaluation.responses, start)


def report_pdf(
    framework: Framework,
    evaluation: Evaluation,
    paper: str = DEFAULT_PAPER,
    brand: Brand = NO_BRAND,
    *,
    cache: Cache | None = None,
    today: dt.date | None = None,
    progress: ProgressView | None = None,
    start: dt.date | None = None,
) -> Download:
    """The PDF action plan (a follow-up's with its progress page after the summary), its dates
    counted from `start` when the user chose one (the report says so). ValueError for an unknown
    paper; BrandError for an unusable logo."""
    from ..report import build_report  # ReportLab loads only when a PDF is asked for

    def build() -> Download:
        data = build_report(
            framework,
            starting(framework, evaluation, start),
            paper=paper,
            brand=brand,
            today=today,
            progress=progress,
            start=start,
        )
        return Download(data, report_pdf_name(evaluation, today), PDF)

    seen = progress.model_dump_json() if progress is not None else ""
    digest = answers_digest(
        evaluation.responses, "pdf", paper, brand_key(brand), str(today), seen, str(start)
    )
    return _cached(cache, "pdf", digest, build)


def bundle_file(
    framework: Framework,
    evaluation: Evaluation,
    kind: str,
    brand: Brand = NO_BRAND,
    *,
    cache: Cache | None = None,
    today: dt.date | None = None,
    progress: ProgressView | None = None,
    paper: str = DEFAULT_PAPER,
    start: dt.date | None = None,
    with_backlog: bool = False,
) -> Outcome[Download]:
    """A file of the bundle (docx, xlsx, ics, tracker-csv); refused with the reason when there
    is nothing to put in it (a calendar of a plan with no step). The Word report is on `paper`
    (the PDF's); dates count from `start` when the user chose one; the tracker CSV holds the
    backlog too only `with_backlog`. ValueError for an unknown kind or paper."""
    from ..bundle import ExportError, build_export  # the format libraries load only here

    def build() -> Download:
        made = build_export(
            kind,
            framework,
            starting(framework, evaluation, start),
            brand,
            today,
            progress,
            paper,
            start=start,
            with_backlog=with_backlog,
        )
        return Download(made.data, made.filename, made.mime)

    seen = progress.model_dump_json() if progress is not None else ""
    on = paper if kind == "docx" else ""  # only the Word report has pages
    digest = answers_digest(
        evaluation.responses,
        kind,
        brand_key(brand),
        str(today),
        seen,
        on,
        str(start),
        "backlog" if with_backlog else "",
    )
    try:
        return Outcome(_cached(cache, kind, digest, build))
    except ExportError as exc:
        return Outcome.refused(str(exc))


def answers_file(evaluation: Evaluation, today: dt.date | None = None) -> Download:
    """The answers file (JSON), to import again later."""
    name = download_name(stem_of(evaluation, today), "answers", "json")
    return Download(dump_answers(evaluation.responses).encode(), name, "application/json")


def plan_file(evaluation: Evaluation, today: dt.date | None = None) -> Download:
    """The plan then the backlog as CSV, one row per step."""
    name = download_name(stem_of(evaluation, today), "plan", "csv")
    return Download(plan_csv(evaluation.plan).encode(), name, "text/csv")


# --------------------------------------------------------------------------- a workshop


def workshop_report_name(consensus: Responses, today: dt.date | None = None) -> str:
    """The workshop PDF's file name, known before it is built: the client's stem, as for a
    self-assessment ("acme-readiness-2026-11-02-workshop.pdf"). The dates count from the
    workshop's own date, else today (the readout's `assessment_start` rule)."""
    organization = consensus.organization
    start = organization.date or today or dt.date.today()
    return download_name(file_stem(organization.name, start), "workshop", "pdf")


def workshop_report(
    framework: Framework,
    summary: WorkshopSummary,
    consensus: Responses,
    paper: str = DEFAULT_PAPER,
    brand: Brand = NO_BRAND,
    *,
    basis: str | None = None,
    cache: Cache | None = None,
    build: bool = True,
    today: dt.date | None = None,
    progress: WorkshopProgress | None = None,
) -> Download | None:
    """The workshop PDF scored on the consensus; for a follow-up workshop, with `progress` (this
    workshop beside the earlier one: `app.workshop_progress.compare_with_earlier`) its "Since
    the earlier workshop" section. With `build=False`, only a file already built from the same
    consensus, paper, branding and comparison (else None): the page builds on request."""
    from ..report.workshop_section import build_workshop_report  # ReportLab only when needed

    def make() -> Download:
        evaluation = evaluate(framework, consensus)
        data = build_workshop_report(
            framework,
            summary,
            evaluation,
            paper,
            basis=basis,
            today=today,
            brand=brand,
            progress=progress,
        )
        return Download(data, workshop_report_name(consensus, today), PDF)

    compared = repr(progress) if progress is not None else ""  # frozen dataclasses: exact
    digest = answers_digest(
        consensus,
        "workshop",
        paper,
        summary.model_dump_json(),
        brand_key(brand),
        basis or "",
        compared,
    )
    if not build:
        held = cache.get("workshop") if cache is not None else None
        return held[1] if held is not None and held[0] == digest else None
    return _cached(cache, "workshop", digest, make)
