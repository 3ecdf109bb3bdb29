"""Helpers for the PDF report tests: a PDF built from answers and parsed back."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pypdf import PdfReader

from assessment.domain.evaluation import evaluate
from assessment.domain.models import Framework, Responses
from assessment.report import build_report

RUNNING = re.compile(
    r"^(Social-media readiness action plan|Social-media strategy readiness assessment \u00b7 .*"
    r"|Prepared by .* \u00b7 \d+ \w+ \d{4}.*|Page \d+ of \d+)$"
)


@dataclass
class ParsedPdf:
    data: bytes

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def squashed(self) -> str:
        """All text with every whitespace removed: long words wrap, so compare without it."""
        return squash(self.text)

    @property
    def body(self) -> str:
        """The text without the running header and footer, so text split across pages joins up."""
        parts = [self.pages[0]]
        for page in self.pages[1:]:
            lines = page.splitlines()[1:]  # the first line is the organisation in the header
            parts += [line for line in lines if not RUNNING.match(line.strip())]
        return "\n".join(parts)

    def font_files(self) -> dict[str, bool]:
        """Each font used on any page -> whether its TrueType program is embedded."""
        fonts: dict[str, bool] = {}
        for page in self.reader.pages:
            resources = page["/Resources"]
            for _, ref in (resources.get("/Font") or {}).items():
                font = ref.get_object()
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                descriptor = target.get("/FontDescriptor")
                embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
                fonts[str(font["/BaseFont"])] = embedded
        return fonts

    @property
    def content(self) -> str:
        """The body after the cover (whose contents list repeats the headings)."""
        return "\n".join("\n".join(self.body_lines(i)) for i in range(1, len(self.pages)))

    def body_lines(self, index: int) -> list[str]:
        """A page's lines without the running header and footer."""
        lines = self.pages[index].splitlines()[1:] if index else self.pages[0].splitlines()
        return [line for line in lines if line.strip() and not RUNNING.match(line.strip())]

    def page_of(self, heading: str) -> int:
        """The index of the first page with a line that is exactly this heading."""
        return next(i for i in range(1, len(self.pages)) if heading in self.body_lines(i))

    def outline(self) -> list[tuple[str, int]]:
        """Every bookmark (heading) with the index of the page it points to."""
        found: list[tuple[str, int]] = []

        def walk(items: list[Any]) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    found.append((str(item.title), self.reader.get_destination_page_number(item)))

        walk(self.reader.outline)
        return found

    def image_count(self) -> int:
        count = 0
        for page in self.reader.pages:
            xobjects = page["/Resources"].get("/XObject") or {}
            for _, ref in xobjects.items():
                if ref.get_object().get("/Subtype") == "/Image":
                    count += 1
        return count


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render(framework: Framework, responses: Responses, **kwargs: Any) -> ParsedPdf:
    return ParsedPdf(build_report(framework, evaluate(framework, responses), **kwargs))
