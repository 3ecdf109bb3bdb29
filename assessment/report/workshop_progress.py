"""The workshop PDF's "Since the earlier workshop" section: per dimension, the consensus score
then and now and whether the group's spread narrowed (aggregates only, as the workshop section).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..app.workshop_progress import WorkshopProgress, spread_words
from ..readout.vocabulary import number_or_na
from .kit import Kit, table


def progress_flowables(kit: Kit, progress: WorkshopProgress) -> list[Flowable]:
    head = kit.head_row(
        ("Dimension", "Consensus then", "Consensus now", "Spread then", "Spread now", "Spread")
    )
    rows = [head]
    for r in progress.dimensions:
        rows.append(
            [
                kit.para(r.name, kit.styles.cell_bold),
                kit.para(number_or_na(r.consensus_then), kit.styles.cell_right),
                kit.para(number_or_na(r.consensus_now), kit.styles.cell_right),
                kit.para(number_or_na(r.spread.stdev_then, 1), kit.styles.cell_right),
                kit.para(number_or_na(r.spread.stdev_now, 1), kit.styles.cell_right),
                kit.para(spread_words(r), kit.styles.cell),
            ]
        )
    fixed = [62, 62, 56, 56, 96]
    return [
        KeepTogether(
            [
                kit.heading("Since the earlier workshop"),
                kit.para(
                    f"Compared with the workshop of {progress.earlier_created} "
                    f"({progress.earlier_name}). Spread: the standard deviation of participants' "
                    "scores (from 3 scores); a change under 5 points is about the same.",
                    kit.styles.small,
                ),
                Spacer(1, 6),
                table(rows, [kit.width - sum(fixed), *fixed]),
            ]
        )
    ]


def progress_section(progress: WorkshopProgress) -> Callable[[Kit], list[Flowable]]:
    """An `ExtraSection` for `build_report`, after the workshop section."""

    def build(kit: Kit) -> list[Flowable]:
        return progress_flowables(kit, progress)

    return build
