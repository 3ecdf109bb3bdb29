"""A follow-up workshop beside an earlier one of the same client: the consensus score then and
now per dimension, and whether the group's spread narrowed (`domain.progress.spread_change`).

The earlier workshop is named by its facilitator link (only its facilitator holds it), so a
facilitator compares only workshops of their own; one use case, one sentence per refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.evaluation import evaluate
from ..domain.models import Framework
from ..domain.progress import SpreadChange, spread_change
from ..store import StoreError, WorkshopStore
from .outcome import Outcome
from .workshops import Dashboard, load_dashboard, open_workshop


@dataclass(frozen=True)
class DimensionThenNow:
    dimension: str
    name: str
    consensus_then: float | None  # the consensus's dimension score; None when not assessed
    consensus_now: float | None
    spread: SpreadChange


@dataclass(frozen=True)
class WorkshopProgress:
    earlier_name: str
    earlier_created: str
    dimensions: list[DimensionThenNow]


def spread_words(row: DimensionThenNow) -> str:
    """The spread's change in words: too few answers, about the same (inside the noise),
    narrowed or widened."""
    s = row.spread
    if s.narrowed is None:
        return "too few answers to say"
    if s.small:
        return "about the same"
    return "narrowed" if s.narrowed else "widened"


def _token_of(link: str) -> str:
    """The token from a pasted facilitator link (`...?w=TOKEN`) or the bare token."""
    text = link.strip()
    if "w=" in text:
        text = text.split("w=", 1)[1].split("&", 1)[0]
    return text


def compare_with_earlier(
    ws: WorkshopStore, framework: Framework, now: Dashboard, earlier_link: str
) -> Outcome[WorkshopProgress]:
    """This workshop beside the earlier one its facilitator link opens."""
    token = _token_of(earlier_link)
    try:
        view = open_workshop(ws, token)
        if view is None:
            return Outcome.refused("That link leads to no workshop: paste its facilitator link.")
        if view.token == now.view.token:
            return Outcome.refused("That is this workshop: paste the earlier workshop's link.")
        then = load_dashboard(ws, framework, view)
    except StoreError as exc:
        return Outcome.refused(f"The earlier workshop could not be read: {exc}.")
    then_scores = evaluate(framework, then.consensus()).result
    now_scores = evaluate(framework, now.consensus()).result
    spreads = {s.dimension: s for s in spread_change(then.summary.spreads, now.summary.spreads)}
    rows = []
    for d in framework.dimensions:
        if d.id not in spreads:
            continue
        a, b = then_scores.dimensions.get(d.id), now_scores.dimensions.get(d.id)
        rows.append(
            DimensionThenNow(
                dimension=d.id,
                name=d.name,
                consensus_then=a.score if a is not None else None,
                consensus_now=b.score if b is not None else None,
                spread=spreads[d.id],
            )
        )
    return Outcome(
        WorkshopProgress(view.organization.name, view.created_at.date().isoformat(), rows)
    )
