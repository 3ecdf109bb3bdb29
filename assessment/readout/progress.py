"""The progress page's words: what a follow-up shows about the one before it, decided once.

Built from `domain.progress.compare` (and the series' trend points) by `progress_view`; the
Results page, the PDF's progress page and the DOCX draw it and decide nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ..domain.models import Framework, StepState
from ..domain.progress import DimensionMove, Progress, TrendPoint, choice_words
from ..domain.sector_ids import Sector
from ..domain.sectors import flag_titles
from .highlights import day


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MoveLine(_Frozen):
    """A dimension that moved, with the answers that moved it."""

    name: str
    then: str  # "38", "not assessed"
    now: str
    moved: str  # "+21", "-8"
    rose: bool
    small: bool
    causes: tuple[str, ...]  # '"Return in sales and loyalty": 1 of 4 -> 3 of 4'


class StepLine(_Frozen):
    title: str
    status: str  # "done, and showing", "done, not showing yet", "done, cannot tell yet"
    date: str  # "" when not given
    note: str


class TrendLine(_Frozen):
    date: str
    score: float | None  # None while provisional
    level: int | None


class ProgressView(_Frozen):
    since: str  # "Since 15 Nov 2026"
    level_then: str  # "Level 2 Experimenting" or "Provisional"
    level_now: str
    score_then: str  # "38/100" or "no overall score"
    score_now: str
    story: tuple[str, ...]
    decision_kind: str  # "continue", "re-plan", "stop"
    decision: str
    moves: tuple[MoveLine, ...]  # the three biggest, small moves left out
    done_showing: tuple[StepLine, ...]
    done_not_showing: tuple[StepLine, ...]
    fell: tuple[str, ...]
    flags_raised: tuple[str, ...]
    flags_cleared: tuple[str, ...]
    confidence: str
    trend: tuple[TrendLine, ...]  # the series, oldest first, when it has three or more


SHOWING = {True: "done, and showing", False: "done, not showing yet", None: "done, cannot tell yet"}
TREND_FROM = 3  # a trend chart once the series has this many assessments


def _score(value: float | None) -> str:
    return "not assessed" if value is None else f"{value:.0f}"


def _level(level: int | None, label: str) -> str:
    return "Provisional" if level is None else f"Level {level}"


def _topic(framework: Framework, question_id: str) -> str:
    question = framework.question(question_id)
    return question.topic or question.text.rstrip("?")


def _move(framework: Framework, progress: Progress, move: DimensionMove) -> MoveLine:
    by_question = {c.question: c for c in progress.changed}
    rose = (move.moved or 0) > 0
    causes = move.rose if rose else move.fell
    return MoveLine(
        name=move.name,
        then=_score(move.then),
        now=_score(move.now),
        moved=f"{move.moved:+.0f}",
        rose=rose,
        small=move.small,
        causes=tuple(
            f"{_topic(framework, q)}: {choice_words(by_question[q].then)} \u2192 "
            f"{choice_words(by_question[q].now)}"
            for q in causes[:3]
        ),
    )


def progress_view(
    framework: Framework,
    progress: Progress,
    since: object,
    trend: Sequence[TrendPoint] = (),
    sector_id: Sector | None = None,
) -> ProgressView:
    """The words of the progress page. `since` is the earlier assessment's date (or None);
    flags are named in the words of the sector (the latest assessment's)."""
    titles = flag_titles(framework, sector_id)
    level = progress.level
    steps = [s for s in progress.steps if s.status == StepState.DONE]

    def line(s) -> StepLine:  # type: ignore[no-untyped-def]
        when = day(dt.date.fromisoformat(s.date)) if s.date else ""
        return StepLine(title=s.title, status=SHOWING[s.showing], date=when, note=s.note)

    fell = tuple(
        f"{_topic(framework, c.question)}: {choice_words(c.then)} \u2192 {choice_words(c.now)}"
        + (f' ("{c.note_now}")' if c.note_now else "")
        for c in progress.fell
    )
    points = tuple(
        TrendLine(date=day(p.date) if p.date else "", score=p.score, level=p.level) for p in trend
    )
    return ProgressView(
        since=f"Since {day(since)}" if hasattr(since, "year") else "Since last time",  # type: ignore[arg-type]
        level_then=_level(level.then, level.label_then),
        level_now=_level(level.now, level.label_now),
        score_then="none" if level.score_then is None else f"{level.score_then:.0f}",
        score_now="none" if level.score_now is None else f"{level.score_now:.0f}",
        story=tuple(level.story),
        decision_kind=progress.decision.kind,
        decision=progress.decision.reason,
        moves=tuple(_move(framework, progress, m) for m in progress.biggest_moves(3)),
        done_showing=tuple(line(s) for s in steps if s.showing is True),
        done_not_showing=tuple(line(s) for s in steps if s.showing is not True),
        fell=fell,
        flags_raised=tuple(titles[f] for f in progress.flags_raised),
        flags_cleared=tuple(titles[f] for f in progress.flags_cleared),
        confidence=(
            f"Confidence {progress.confidence[0]:.0f}% \u2192 {progress.confidence[1]:.0f}%, "
            f"completeness {progress.completeness[0]:.0f}% \u2192 {progress.completeness[1]:.0f}%."
        ),
        trend=points if len(points) >= TREND_FROM else (),
    )
