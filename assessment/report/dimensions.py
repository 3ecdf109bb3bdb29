"""One section per dimension: figures, question scores, findings, why it matters, evidence
and the steps planned from it."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from .. import wording
from ..models import DONT_KNOW, NOT_APPLICABLE, Answer, DimensionResult, DimensionStatus, Question
from ..vocabulary import NA, answer_text, horizon_name, number_or_na
from .charts import Bar, question_bars
from .fonts import markup
from .kit import Kit, callout, kpi_strip, table
from .styles import TEAL, WHITE

FINDING_NOTE_CHARS = 700  # a long note is shortened in the findings; the appendix has it all


def _bar(number: int, question: Question, answer: Answer | None) -> Bar:
    label = f"Q{number}  {question.text}"
    if answer is None:
        return Bar(label, None, "Not answered")
    if answer.choice == NOT_APPLICABLE:
        return Bar(label, None, "Not applicable (excluded)")
    if answer.choice == DONT_KNOW:
        return Bar(label, 0, "Don't know")
    return Bar(label, int(answer.choice))


def dimension_section(kit: Kit, dim: DimensionResult, index: int) -> list[Flowable]:
    fw = kit.framework
    content = fw.dimension(dim.id)
    questions = fw.questions_for(dim.id)
    answers = kit.responses.answers
    level = fw.level(dim.level) if dim.level is not None else None
    if dim.assessed:
        figures = [
            (f"{number_or_na(dim.score)}/100", "Score"),
            (f"Level {dim.level}", dim.level_name or ""),
            (f"Level {dim.target}", f"Target (score {dim.target_score:.0f})"),
            (f"{dim.gap:.0f}", "Points of gap"),
        ]
    elif dim.status == DimensionStatus.NOT_APPLICABLE:
        figures = [
            (NA, "Score"),
            (NA, "Not applicable"),
            (f"Level {dim.target}", f"Target (score {dim.target_score:.0f})"),
            (NA, "Points of gap"),
        ]
    else:
        figures = [
            ("not yet", "Score"),
            ("not yet", "Level: not yet assessed"),
            (f"Level {dim.target}", f"Target (score {dim.target_score:.0f})"),
            ("not yet", "Points of gap"),
        ]
    strip = kpi_strip(kit, figures)
    story: list[Flowable] = [
        KeepTogether(
            [
                kit.heading(f"{index}. {dim.name}", 1, outline=dim.name),
                kit.para(content.summary, kit.styles.small),
                Spacer(1, 6),
                strip,
                Spacer(1, 5),
            ]
        ),
    ]
    if level is not None:
        story.append(
            kit.para(
                level.description,
                kit.styles.small,
                prefix=f"<b>Level {level.level} {markup(level.name)}:</b> ",
            )
        )
    elif dim.status == DimensionStatus.NOT_ASSESSED:
        more = dim.needed - dim.known
        story.append(
            callout(
                kit,
                [
                    kit.para(
                        f"{wording.not_assessed_text(dim).capitalize()}: {more} more known "
                        f"answer{'s give' if more != 1 else ' gives'} this dimension a score and "
                        'a level. "Don\'t know" and unanswered questions do not count.',
                        kit.styles.callout,
                    )
                ],
                tone="warn",
            )
        )
    if dim.excluded or dim.dont_know or dim.unanswered:
        story.append(
            kit.para(
                f"{len(questions)} questions: {len(dim.question_scores)} scored"
                f' ({len(dim.dont_know)} "Don\'t know"), {len(dim.excluded)} not applicable, '
                f"{len(dim.unanswered)} not answered. Confidence {dim.confidence:.0f}%, "
                f"completeness {dim.completeness:.0f}%.",
                kit.styles.small,
            )
        )
    bars = [_bar(i, q, answers.get(q.id)) for i, q in enumerate(questions, start=1)]
    story += [
        KeepTogether(
            [
                kit.para("Question scores (0 to 4)", kit.styles.h3),
                question_bars(bars, kit.width),
            ]
        ),
    ]
    rows: list[list[object]] = []
    for i, q in enumerate(questions, start=1):
        answer = answers.get(q.id)
        cell: list[Flowable] = [
            kit.para(q.text, kit.styles.cell_bold),
            kit.para(answer_text(q, answer), kit.styles.cell, prefix="<i>Answer:</i> "),
        ]
        if answer is not None and answer.note.strip():
            note = answer.note.strip()
            suffix = " <i>(full note in the appendix)</i>" if len(note) > FINDING_NOTE_CHARS else ""
            cell.append(
                kit.para(
                    note,
                    kit.styles.tiny,
                    prefix="<i>Note:</i> ",
                    max_chars=FINDING_NOTE_CHARS,
                    suffix=suffix,
                )
            )
        rows.append([kit.para(f"Q{i}", kit.styles.cell_bold), cell])
    findings = table(rows, [24, kit.width - 24], header=False)
    story += [kit.para("Findings", kit.styles.h3), findings]

    evidence = [
        table(
            [
                [
                    [
                        kit.para(ev.claim, kit.styles.cell),
                        kit.para(kit.cite(ev.source), kit.styles.tiny, prefix="Source: "),
                    ]
                ]
            ],
            [kit.width],
            header=False,
            zebra=False,
            extra=[
                ("LINEBEFORE", (0, 0), (0, -1), 2, TEAL),
                ("LINEBELOW", (0, 0), (-1, -1), 0, WHITE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        )
        for ev in content.evidence
    ]
    story += [
        KeepTogether([kit.para("Why it matters", kit.styles.h3), kit.para(content.why_it_matters)]),
        KeepTogether([kit.para("Evidence from the sources", kit.styles.h3), evidence[0]]),
        *evidence[1:],
    ]
    plan = kit.evaluation.plan
    planned = [a for a in plan.actions if a.dimension == dim.id]
    story.append(kit.para("In the action plan", kit.styles.h3))
    if planned:
        story += [
            kit.para(f"#{a.rank} {a.title} ({horizon_name(a.horizon)})", kit.styles.small)
            for a in planned
        ]
    else:
        backlog = [a for a in plan.backlog if a.dimension == dim.id]
        text = wording.dimension_plan_text(dim, len(backlog), len(plan.actions))
        story.append(kit.para(text, kit.styles.small))
    return story
