"""The workshop readout: what any reader of a workshop is shown, decided once.

`workshop_readout(summary)` turns the anonymous `WorkshopSummary` (domain/workshop.py: the
maths) into one frozen object: the headline (who took part and finished, how the questions were
settled), each question's status, the four status counts, and each dimension's spread with the
cells a table prints. The workshop PDF section, the room view and the facilitator's dashboard
draw it and decide nothing; like the summary it holds no names and no figure for a group smaller
than the anonymity minimum.

To extend it, add a field with a default here and fill it in `workshop_readout`.
"""

from __future__ import annotations

from ..domain.models import Choice
from ..domain.workshop import STATUS_LABELS, ConsensusStatus, WorkshopSummary
from .model import Frozen
from .vocabulary import counted, number_or_na


class WorkshopHeadline(Frozen):
    """Who took part and how the questions were settled: the figures and the sentences."""

    joined: int
    started: int  # gave at least one answer
    finished: int  # marked themselves finished
    complete: int  # answered every question
    minority_views: int
    lines: tuple[str, ...]  # two or three sentences, e.g. "12 people took part: ..."


class StatusCount(Frozen):
    """One consensus status with its label and how many questions have it."""

    status: ConsensusStatus
    label: str  # "Split - to discuss"
    count: int


class QuestionStatus(Frozen):
    """One question's consensus as every reader sees it."""

    question_id: str
    dimension: str
    text: str
    status: ConsensusStatus
    label: str  # the status in words
    answer: Choice | None  # recorded, else the clear majority's, else None (to discuss)
    recorded: bool
    minority_view: str = ""


class SpreadLine(Frozen):
    """One dimension's spread of participant scores, with the cells a table prints."""

    dimension: str
    name: str
    n: int  # participants with a score in this dimension
    shown: bool  # n reaches the anonymity minimum: the figures may be printed
    min: float | None
    max: float | None
    median: float | None
    stdev: float | None
    scored_by: str  # "7", or "< 3" under the anonymity minimum
    min_text: str
    median_text: str
    max_text: str
    stdev_text: str  # one decimal


class WorkshopReadout(Frozen):
    """Everything a reader of one workshop is shown, in the order it is shown."""

    min_group: int
    headline: WorkshopHeadline
    statuses: tuple[StatusCount, ...]  # every status, in ConsensusStatus order
    questions: tuple[QuestionStatus, ...]  # every question, framework order
    spreads: tuple[SpreadLine, ...]  # framework order

    def count(self, status: ConsensusStatus) -> int:
        return next(s.count for s in self.statuses if s.status == status)

    def status_counts(self) -> dict[ConsensusStatus, int]:
        """Status -> number of questions, every status present, in ConsensusStatus order."""
        return {s.status: s.count for s in self.statuses}

    @property
    def total(self) -> int:
        return sum(s.count for s in self.statuses)

    @property
    def recorded(self) -> int:
        """Questions whose answer is recorded (settled in the room or a majority accepted)."""
        return sum(q.recorded for q in self.questions)


def headline_lines(summary: WorkshopSummary) -> tuple[str, ...]:
    """The workshop in two or three sentences: who took part, how the questions were settled."""
    p, c = summary.participation, summary.counts
    lines = [
        f"{counted(p.joined, 'person', 'people')} took part: {p.finished} finished and "
        f"{p.complete} answered every question."
    ]
    parts = [f"{c.agreed} agreed in the room", f"{c.majority} by a clear majority of the answers"]
    if c.split:
        parts.append(f"{c.split} split and still to discuss")
    if c.few:
        parts.append(f"{c.few} with too few answers to call")
    lines.append(f"Of {counted(c.total, 'question')}: " + ", ".join(parts) + ".")
    if views := len(summary.minority_views):
        lines.append(f"{counted(views, 'minority view')} recorded with the consensus.")
    return tuple(lines)


def workshop_readout(summary: WorkshopSummary) -> WorkshopReadout:
    """The one readout of a workshop, from its anonymous summary (pure)."""
    p = summary.participation
    return WorkshopReadout(
        min_group=summary.min_group,
        headline=WorkshopHeadline(
            joined=p.joined,
            started=p.started,
            finished=p.finished,
            complete=p.complete,
            minority_views=len(summary.minority_views),
            lines=headline_lines(summary),
        ),
        statuses=tuple(
            StatusCount(status=s, label=STATUS_LABELS[s], count=summary.counts.of(s))
            for s in ConsensusStatus
        ),
        questions=tuple(
            QuestionStatus(
                question_id=c.question_id,
                dimension=c.dimension,
                text=c.text,
                status=c.status,
                label=c.label,
                answer=c.answer,
                recorded=c.recorded,
                minority_view=c.minority_view,
            )
            for c in summary.consensus
        ),
        spreads=tuple(
            SpreadLine(
                dimension=sp.dimension,
                name=sp.name,
                n=sp.n,
                shown=sp.n >= summary.min_group,
                min=sp.min,
                max=sp.max,
                median=sp.median,
                stdev=sp.stdev,
                scored_by=str(sp.n) if sp.n >= summary.min_group else f"< {summary.min_group}",
                min_text=number_or_na(sp.min),
                median_text=number_or_na(sp.median),
                max_text=number_or_na(sp.max),
                stdev_text=number_or_na(sp.stdev, 1),
            )
            for sp in summary.spreads
        ),
    )


__all__ = [
    "QuestionStatus",
    "SpreadLine",
    "StatusCount",
    "WorkshopHeadline",
    "WorkshopReadout",
    "headline_lines",
    "workshop_readout",
]
