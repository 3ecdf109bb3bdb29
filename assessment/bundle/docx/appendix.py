"""The appendix: every note in full, the exclusions, the method and the sources."""

from __future__ import annotations

from ...readout.method import describe_method
from ...readout.sources import cited_source_ids
from ..common import (
    note_paragraphs,
)
from .kit import DocxKit


class AppendixSections(DocxKit):
    """The appendix: notes in full, exclusions, method and sources."""

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
        for section in describe_method(fw, workshop=False):  # the Word report: one organisation
            self.heading(section.title, 3)
            for paragraph in section.paragraphs:
                self.para(paragraph)
        self.heading("A.4 Sources", 2)
        for n, src in enumerate((fw.source(i) for i in cited_source_ids(fw, self.ev)), 1):
            year = f", {src.year}" if src.year else ""
            self.runs(
                [
                    (f"[{n}] {src.short_name}: ", True),
                    (f"{src.title}. {src.publisher}{year}.", False),
                ]
            )


# --------------------------------------------------------------------------- raw XML helpers
