"""The Word report's "Your sector" section, after the roadmap: as the PDF's (`Readout.sector`),
each note with its source (publisher, title, year, country, link) and the steps left out."""

from __future__ import annotations

from ...readout.sector import SECTOR_HEADING
from ...readout.sources import cited_source_ids
from .kit import DocxKit


class SectorSections(DocxKit):
    """What the chosen sector changed in this plan; nothing without a sector."""

    def sector_section(self) -> None:
        sector = self.readout.sector
        if sector is None:
            return
        self.heading(SECTOR_HEADING).paragraph_format.page_break_before = True
        self.para(sector.intro)
        cited = cited_source_ids(self.fw, self.ev)
        by_url = {s.url: s.id for s in self.fw.sources if s.url}
        if sector.notes:
            self.heading("Rules to keep in mind", 2)
            for note in sector.notes:
                self.heading(note.title, 3)
                self.para(note.text)
                sid = by_url.get(note.source.url)
                number = f"[{cited.index(sid) + 1}] " if sid in cited else ""
                self.small(f"Source {number}: {note.source.citation}".replace(" :", ":"))
        if sector.left_out:
            self.heading("Steps this plan leaves out", 2)
            for step in sector.left_out:
                self.runs([(f"{step.title}: ", True), (step.reason, False)])
