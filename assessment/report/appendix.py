"""The appendix: long notes in full (once), the evidence behind each dimension, the method and
the sources. Every answer is printed once, in the dimension findings; the appendix adds only what
did not fit there."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from ..readout.method import describe_method
from .dimensions import is_long
from .kit import Kit, table
from .scorecard import maturity_levels
from .styles import TEAL, WHITE


def long_notes(kit: Kit) -> list[Flowable]:
    """Notes too long to print with their answer, in full, compactly (runs of blank lines
    collapsed; a note of many lines flows with a mark where each line ended)."""
    s, answers = kit.styles, kit.responses.answers
    heading: list[Flowable] = [kit.heading("A.1 Notes in full", 1)]
    story: list[Flowable] = []
    for q in kit.framework.questions:
        answer = answers.get(q.id)
        if answer is None or not answer.note.strip() or not is_long(answer.note):
            continue
        head = kit.para(q.text, s.cell_bold, lead=f"{kit.numbers[q.id]}. ")
        # the question stays with the note's first lines (a TextBlock splits between lines)
        story += [CondPageBreak(80), *heading, head, *kit.long_text(answer.note)]
        heading = []
    if heading:
        story += [*heading, kit.para("Every note is printed in full with its answer.", s.small)]
    return story


def evidence(kit: Kit) -> list[Flowable]:
    """The quoted figures and claims behind each dimension, each with its source."""
    s = kit.styles
    story: list[Flowable] = []
    heading: list[Flowable] = [kit.heading("A.2 Evidence from the sources", 1)]
    for d in kit.framework.dimensions:
        rows = [
            [[kit.para(ev.claim, s.cell), kit.para(kit.cite(ev.source), s.tiny, lead="Source: ")]]
            for ev in d.evidence
        ]
        box = table(
            rows,
            [kit.width],
            header=False,
            zebra=False,
            extra=[
                ("LINEBEFORE", (0, 0), (0, -1), 2, TEAL),
                ("LINEBELOW", (0, 0), (-1, -1), 2, WHITE),
            ],
        )
        story.append(KeepTogether([*heading, kit.heading(d.name, 2), box]))
        heading = []
    return story


def appendix(kit: Kit) -> list[Flowable]:
    fw, s = kit.framework, kit.styles
    notes = long_notes(kit)
    story: list[Flowable] = [kit.heading("Appendix"), *notes, *evidence(kit)]
    story += maturity_levels(kit)
    story.append(kit.heading("A.4 Method in brief", 1))
    for section in describe_method(fw, workshop=kit.workshop):
        story.append(kit.para(section.title, s.h3))
        story += [kit.para(p, s.small) for p in section.paragraphs]
    story.append(kit.heading("A.5 Sources", 1))
    for n, src in enumerate((fw.source(i) for i in kit.cited_sources), start=1):
        year = f", {src.year}" if src.year else ""
        story.append(
            kit.para(
                f"{src.title}. {src.publisher}{year}.",
                s.small,
                lead=f"[{n}] {src.short_name}: ",
            )
        )
    return story
