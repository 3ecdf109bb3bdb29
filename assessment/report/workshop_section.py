"""The workshop report's extra section: participation and disagreement.

`workshop_section(summary)` returns an `ExtraSection` for `build_report(..., extra_sections=...)`;
the report itself is scored on the consensus. The section shows aggregates only (counts per role,
spread per dimension, anonymous answer distributions, mean scores per role): the report is
handed to the client, and individual answers stay behind the facilitator link. Role names are
participant text and go through `Kit.para` (escaped), never into markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..domain.workshop import (
    DEFAULT_DISPUTED,
    ConsensusStatus,
    QuestionDistribution,
    WorkshopSummary,
)
from ..files.branding import NO_BRAND, Brand
from ..readout.vocabulary import DEFAULT_PAPER, choice_short, number_or_na
from ..readout.workshop import WorkshopReadout, workshop_readout
from .charts import spread_chart
from .kit import Kit, kpi_strip, table

if TYPE_CHECKING:
    from ..app.workshop_progress import WorkshopProgress


def _distribution_cells(kit: Kit, q: QuestionDistribution) -> list[object]:
    return [kit.para(str(q.counts[score]), kit.styles.cell_right) for score in range(5)] + [
        kit.para(str(q.dont_know), kit.styles.cell_right),
        kit.para(str(q.not_applicable), kit.styles.cell_right),
    ]


def _consensus_text(kit: Kit, ro: WorkshopReadout, question_id: str) -> str:
    """The consensus answer, or its status where the room has none ("Split - to discuss")."""
    answer = kit.responses.answers.get(question_id)
    if answer is None:
        return next(q.label for q in ro.questions if q.question_id == question_id)
    return choice_short(answer.choice)


def workshop_flowables(
    kit: Kit, summary: WorkshopSummary, basis: str | None = None
) -> list[Flowable]:
    """`basis` says what the participants' answers came from (an imported file, how many rows).

    The headline, statuses and spreads come from the workshop readout; the role table and the
    disputed questions' distributions from the summary's anonymous aggregates."""
    ro = workshop_readout(summary)
    p = ro.headline
    story: list[Flowable] = [
        kit.heading("Workshop: participation and disagreement"),
        kit.para(
            "This report is scored on the answers the group agreed in the workshop (the "
            "consensus). This section shows how far the participants' own answers agreed "
            "before that. Individual answers are not shown; distributions are anonymous. "
            + (basis or f"Based on the answers of {p.joined} participants."),
            kit.styles.small,
            max_chars=600,
        ),
        Spacer(1, 6),
        kpi_strip(
            kit,
            [
                (str(p.joined), "participants"),
                (str(p.finished), "finished"),
                (str(p.complete), "answered every question"),
                (str(ro.count(ConsensusStatus.SPLIT)), "split, to discuss"),
            ],
        ),
        Spacer(1, 8),
    ]
    # participation by role
    head = kit.head_row(("Role", "Participants", "Mean score per dimension"))
    rows: list[list[object]] = [head]
    names = {d.id: d.name for d in kit.framework.dimensions}
    for role in summary.roles:
        means = ", ".join(
            f"{names[did]} {number_or_na(m)}" for did, m in role.means.items() if m is not None
        )
        rows.append(
            [
                kit.para(role.role, kit.styles.cell_bold, max_chars=120),
                kit.para(str(role.participants), kit.styles.cell_right),
                kit.para(means or "no scores yet", kit.styles.cell),
            ]
        )
    story.append(
        KeepTogether([kit.heading("Who took part", 1), table(rows, [130, 72, kit.width - 202])])
    )

    # spread per dimension
    story += [
        KeepTogether(
            [
                kit.heading("Agreement per dimension", 1),
                kit.para(
                    "Each participant's answers were scored on their own (0-100 per dimension). "
                    "A short bar means the group saw the dimension alike; a long one that views "
                    "differ.",
                    kit.styles.small,
                ),
                Spacer(1, 4),
                spread_chart(ro.spreads, kit.width),
            ]
        ),
        Spacer(1, 6),
        kit.para(
            'Consensus: the agreed answers\' score; "not yet" where they hold too few known '
            "answers for the dimension to be assessed.",
            kit.styles.tiny,
        ),
        Spacer(1, 3),
    ]
    head = kit.head_row(
        ("Dimension", "Scored by", "Lowest", "Median", "Highest", "Std dev", "Consensus")
    )
    rows = [head]
    for sp in ro.spreads:
        agreed = kit.result.dimensions[sp.dimension]
        consensus = number_or_na(agreed.score) if agreed.assessed else "not yet"
        rows.append(
            [
                kit.para(sp.name, kit.styles.cell_bold),
                kit.para(sp.scored_by, kit.styles.cell_right),
                kit.para(sp.min_text, kit.styles.cell_right),
                kit.para(sp.median_text, kit.styles.cell_right),
                kit.para(sp.max_text, kit.styles.cell_right),
                kit.para(sp.stdev_text, kit.styles.cell_right),
                kit.para(consensus, kit.styles.cell_right, prefix="<b>", suffix="</b>"),
            ]
        )
    fixed = [52, 46, 46, 46, 46, 58]
    story.append(table(rows, [kit.width - sum(fixed), *fixed]))

    # disputed questions
    head_block: list[Flowable] = [
        kit.heading("The most disputed questions", 1),
        kit.para(
            "Ranked by the standard deviation of the option scores participants chose (0-4). "
            'Columns 0-4 count the participants who chose each option; DK is "Don\'t know", '
            'N/A "Not applicable" (both left out of the spread).',
            kit.styles.small,
        ),
        Spacer(1, 4),
    ]
    if summary.disputed:
        head = kit.head_row(("Question", "0", "1", "2", "3", "4", "DK", "N/A", "Std dev", "Agreed"))
        rows = [head]
        for q in summary.disputed[:DEFAULT_DISPUTED]:
            rows.append(
                [
                    [
                        kit.para(
                            q.text, kit.styles.cell, lead=f"{kit.numbers.get(q.question_id, '')}. "
                        ),
                        kit.para(names.get(q.dimension, q.dimension), kit.styles.tiny),
                    ],
                    *_distribution_cells(kit, q),
                    kit.para(number_or_na(q.stdev, 2), kit.styles.cell_right),
                    kit.para(_consensus_text(kit, ro, q.question_id), kit.styles.cell_bold),
                ]
            )
        fixed = [20] * 5 + [22, 26, 42, 44]
        story.append(KeepTogether([*head_block, table(rows, [kit.width - sum(fixed), *fixed])]))
    else:
        none = "No question split the group: everyone who answered agreed."
        story.append(KeepTogether([*head_block, kit.para(none, kit.styles.body)]))

    # minority views recorded with the consensus
    minority = [q for q in ro.questions if q.minority_view.strip()]
    if minority:
        views: list[Flowable] = [kit.heading("Minority views", 1)]
        for c in minority:
            number = kit.numbers.get(c.question_id, "")
            views.append(kit.para(c.text, kit.styles.cell_bold, lead=f"{number}. "))
            views.append(kit.para(c.minority_view, kit.styles.small, max_chars=2000))
            views.append(Spacer(1, 4))
        story.append(KeepTogether(views[:3]))
        story += views[3:]

    # role differences
    roles_head = kit.heading("Where roles differ", 1)
    if summary.role_gaps:
        rows = [kit.head_row(("Dimension", "Highest role", "Mean", "Lowest role", "Mean", "Gap"))]
        for g in summary.role_gaps:
            rows.append(
                [
                    kit.para(g.name, kit.styles.cell_bold),
                    kit.para(g.high_role, kit.styles.cell, max_chars=120),
                    kit.para(number_or_na(g.high), kit.styles.cell_right),
                    kit.para(g.low_role, kit.styles.cell, max_chars=120),
                    kit.para(number_or_na(g.low), kit.styles.cell_right),
                    kit.para(
                        number_or_na(g.gap), kit.styles.cell_right, prefix="<b>", suffix="</b>"
                    ),
                ]
            )
        fixed = [40, 40, 40]
        rest = kit.width - sum(fixed)
        widths = [rest * 0.3, rest * 0.35, 40, rest * 0.35, 40, 40]
        story.append(KeepTogether([roles_head, table(rows, widths)]))
    else:
        alike = "Fewer than two roles gave scores, or the roles saw every dimension alike."
        story.append(KeepTogether([roles_head, kit.para(alike, kit.styles.body)]))
    return story


def workshop_section(
    summary: WorkshopSummary, basis: str | None = None
) -> Callable[[Kit], list[Flowable]]:
    """An `ExtraSection` for `build_report` drawing this workshop's participation section."""

    def build(kit: Kit) -> list[Flowable]:
        return workshop_flowables(kit, summary, basis)

    return build


def build_workshop_report(
    framework: Framework,
    summary: WorkshopSummary,
    evaluation: Evaluation,
    paper: str = DEFAULT_PAPER,
    basis: str | None = None,
    today: dt.date | None = None,
    brand: Brand = NO_BRAND,
    progress: WorkshopProgress | None = None,
) -> bytes:
    """The workshop PDF: the action plan of the consensus evaluation plus the workshop section
    (and, for a follow-up workshop, `progress`: the section beside the earlier workshop).

    `evaluation` is the consensus scored by the caller (`evaluate(framework, consensus)`);
    `basis` replaces the default "Based on the answers of N participants." sentence.
    """
    from . import build_report  # the package imports this module's siblings, not this one
    from .workshop_progress import progress_section

    return build_report(
        framework,
        evaluation,
        paper,
        extra_sections=[workshop_section(summary, basis)]
        + ([progress_section(progress)] if progress is not None else []),
        today=today,
        brand=brand,
        lead_in=list(workshop_readout(summary).headline.lines),
        workshop=True,
    )
