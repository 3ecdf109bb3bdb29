"""The PDF's "Your sector" section, after the action plan: what the chosen sector changed in this
plan, its notes each with the public source behind it, and the steps it left out with why.

Draws `Readout.sector` (`readout.sector`) and decides nothing. No sector chosen (or "Other" with
nothing to say): no section. The notes are content text and go through `Kit.para` (escaped).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from ..readout.sector import SECTOR_HEADING
from .kit import Kit, chapter_break


def _number(kit: Kit, url: str) -> str:
    """'[12]' as the appendix numbers this source, or '' if it is not listed there."""
    ids = [src.id for src in kit.framework.sources if src.url == url]
    n = kit.source_number(ids[0]) if ids else 0
    return f"[{n}]" if n else ""


def sector_section(kit: Kit) -> list[Flowable]:
    """The section's flowables, led by a chapter break; [] when the report has no sector."""
    sector = kit.readout.sector
    if sector is None:
        return []
    s = kit.styles
    story: list[Flowable] = [*chapter_break(), kit.heading(SECTOR_HEADING)]
    story.append(kit.para(sector.intro, s.body))
    if sector.notes:
        story.append(kit.heading("Rules to keep in mind", 1))
        for note in sector.notes:
            number = _number(kit, note.source.url)
            story.append(
                KeepTogether(
                    [
                        kit.para(note.title, s.h3),
                        kit.para(note.text, s.body),
                        kit.para(
                            note.source.citation,
                            s.tiny,
                            lead=f"Source {number}: " if number else "Source: ",
                        ),
                    ]
                )
            )
    if sector.left_out:
        story.append(kit.heading("Steps this plan leaves out", 1))
        for step in sector.left_out:
            story.append(kit.para(step.reason, s.body, lead=f"{step.title}: "))
    return story
