"""The dimensions, one after another: figures, every answer once (the findings), why the
dimension matters and the steps planned from it.

Questions are numbered 1..N in framework order, as in the app. A note is printed with its answer;
a long one is shortened here and printed in full, once, in the appendix (A.1).
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ..domain.models import Answer, DimensionResult, DimensionStatus
from ..readout import wording
from ..readout.vocabulary import NA, answer_text, number_or_na
from .charts import score_pips
from .kit import Kit, callout, kpi_strip, table
from .text import compact

NOTE_LINES = 6
NOTE_CHARS = 420
"""A note up to this long (and this many lines) is printed in full with its answer."""
EXCERPT_CHARS = 220
HEAD_ROOM = 150  # points: a dimension starts on a new page unless its head and first rows fit


def is_long(note: str) -> bool:
    """True when a note is printed in full in the appendix rather than with its answer."""
    text = compact(note)
    return len(text) > NOTE_CHARS or text.count("\n") >= NOTE_LINES


def dimensions(kit: Kit) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(HEAD_ROOM + 30), kit.heading("Dimensions")]
    for index, dim in enumerate(kit.result.dimensions.values(), start=1):
        if index > 1:
            story.append(CondPageBreak(HEAD_ROOM))
        story += dimension_section(kit, dim, index)
    return story


def _figures(dim: DimensionResult) -> list[tuple[str, str]]:
    target = (f"Target level {dim.target}", f"({dim.target_score:.0f})")
    if dim.assessed:
        return [
            (f"{number_or_na(dim.score)}/100", "score"),
            (f"Level {dim.level}", dim.level_name or ""),
            target,
            (f"{dim.gap:.0f}", "points to go"),
        ]
    if dim.status == DimensionStatus.NOT_APPLICABLE:
        return [("Score", NA), ("Level", "not applicable"), target, ("Gap", NA)]
    return [
        ("Score", "not yet"),
        ("Level", "not yet assessed"),
        target,
        ("Gap", "not yet"),
    ]


def _note(kit: Kit, answer: Answer | None) -> list[Flowable]:
    if answer is None or not answer.note.strip():
        return []
    s = kit.styles
    if not is_long(answer.note):
        return [kit.para(compact(answer.note), s.tiny, lead="Note: ")]
    excerpt = " ".join(compact(answer.note).split())
    return [
        kit.para(
            excerpt,
            s.tiny,
            lead="Note: ",
            max_chars=EXCERPT_CHARS,
        ),
        kit.para("the note in full is in appendix A.1.", s.tiny, lead="\u2192 "),
    ]


def findings(kit: Kit, dim: DimensionResult) -> Flowable:
    """Every question of the dimension with its answer (printed here only) and its note."""
    s = kit.styles
    answers = kit.responses.answers
    rows: list[list[object]] = [kit.head_row(("#", "Question", "", "Answer"))]
    for q in kit.framework.questions_for(dim.id):
        answer = answers.get(q.id)
        points = answer.choice if answer is not None and isinstance(answer.choice, int) else None
        rows.append(
            [
                kit.para(str(kit.numbers[q.id]), s.cell_bold),
                [kit.para(q.text, s.cell_bold), *_note(kit, answer)],
                score_pips(points),
                kit.para(answer_text(q, answer), s.cell),
            ]
        )
    rest = kit.width - 22 - 34
    return table(rows, [22, rest * 0.48, 34, rest * 0.52])


def dimension_section(kit: Kit, dim: DimensionResult, index: int) -> list[Flowable]:
    s = kit.styles
    fw = kit.framework
    content = fw.dimension(dim.id)
    story: list[Flowable] = [
        kit.heading(f"{index}. {dim.name}", 1, outline=dim.name),
        kit.para(content.summary, s.small),
        Spacer(1, 3),
        kpi_strip(kit, _figures(dim), small=True),
        Spacer(1, 5),
    ]
    if dim.status == DimensionStatus.NOT_ASSESSED:
        more = dim.needed - dim.known
        story += [
            callout(
                kit,
                [
                    kit.para(
                        f"{wording.not_assessed_text(dim).capitalize()}: {more} more known "
                        f"answer{'s give' if more != 1 else ' gives'} this dimension a score and "
                        'a level. "Don\'t know" and unanswered questions do not count.',
                        s.callout,
                    )
                ],
                tone="warn",
            ),
            Spacer(1, 5),
        ]
    story.append(findings(kit, dim))
    numbers = dict.fromkeys(kit.source_number(ev.source) for ev in content.evidence)
    cited = ", ".join(f"[{n}]" for n in numbers)
    story.append(Spacer(1, 5))
    story.append(
        kit.para(
            f"{content.why_it_matters} (Evidence in appendix A.2: {cited}.)",
            s.small,
            lead="Why it matters: ",
        )
    )
    ro = kit.readout
    planned = [c for c in ro.steps if c.dimension_id == dim.id]
    if planned:
        steps = "; ".join(f"#{c.rank} {c.title} ({c.period})" for c in planned)
        story.append(kit.para(steps + ".", s.small, lead="In the plan: "))
    else:
        backlog = [c for c in ro.backlog if c.dimension_id == dim.id]
        text = wording.dimension_plan_text(dim, len(backlog), len(ro.steps))
        story.append(kit.para(text, s.small, lead="In the plan: "))
    return story
