"""The appendix: every answer with its note, the exclusions, the method and the sources."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from ..method import describe_method
from ..vocabulary import answer_text
from .fonts import markup
from .kit import Kit


def appendix(kit: Kit) -> list[Flowable]:
    fw, answers = kit.framework, kit.responses.answers
    story: list[Flowable] = [
        kit.heading("Appendix"),
        kit.heading("A.1 Answers", 1),
        kit.para(
            "Every question with the answer given and the note recorded with it.", kit.styles.small
        ),
    ]
    for d in fw.dimensions:
        story.append(CondPageBreak(80))
        story.append(kit.heading(d.name, 2))
        for i, q in enumerate(fw.questions_for(d.id), start=1):
            answer = answers.get(q.id)
            block: list[Flowable] = [
                kit.para(q.text, kit.styles.body, prefix=f"<b>Q{i}.</b> "),
                kit.para(answer_text(q, answer), kit.styles.note, prefix="<b>Answer:</b> "),
            ]
            head = KeepTogether(block)
            story.append(head)
            if answer is not None and answer.note.strip():
                story += kit.long_text(answer.note.strip(), prefix="<b>Note:</b> ")
            story.append(Spacer(1, 4))

    story.append(kit.heading("A.2 Exclusions", 1))
    if kit.result.exclusions:
        story.append(
            kit.para(
                'Questions answered "Not applicable", left out of the scores:', kit.styles.small
            )
        )
        for qid in kit.result.exclusions:
            q = fw.question(qid)
            story.append(
                kit.para(
                    f"{fw.dimension(q.dimension).name}: {q.text}",
                    kit.styles.bullet,
                    prefix="\u2022 ",
                )
            )
    else:
        story.append(kit.para('None: no question was answered "Not applicable".', kit.styles.small))

    story.append(kit.heading("A.3 Method in brief", 1))
    for section in describe_method(fw):
        story.append(kit.para(section.title, kit.styles.h3))
        story += [kit.para(p, kit.styles.small) for p in section.paragraphs]

    story.append(kit.heading("A.4 Sources", 1))
    for n, src in enumerate(fw.sources, start=1):
        year = f", {src.year}" if src.year else ""
        story.append(
            kit.para(
                f"{src.title}. {src.publisher}{year}.",
                kit.styles.small,
                prefix=f"<b>[{n}] {markup(src.short_name)}</b>: ",
            )
        )
    return story
