"""Workshop aggregation: many participants' answers in, one picture of agreement out. Pure.

Definitions the facilitator view, the CLI and the PDF share (computed once, here):

- A participant's *choice* on a question is one of the five option scores 0-4, "Don't know" or
  "Not applicable". Distributions count all of them (and the unanswered).
- *Spread* of a question = population standard deviation of the option scores chosen (0-4).
  "Don't know" and "Not applicable" are not opinions about the level, so they are shown in the
  distribution but left out of spread and median. The range (max - min) is reported beside it.
  Disputed questions are ranked by standard deviation, then range, then the number of scored
  answers (more voices first), then framework order; a question needs at least two scored answers
  to be disputed at all, and a standard deviation of 0 (everyone agrees) is never disputed.
- *Median suggestion* = the median of the chosen option scores; when it falls between two scores
  (an even number of answers split around the middle), the lower score is suggested: a consensus
  should not overstate readiness. With no option scores, "Don't know" is suggested when someone
  said so, else "Not applicable" when someone said so, else nothing.
- Dimension scores per participant come from `scoring.score` (not reimplemented here); the
  per-dimension spread is min, max, median and population standard deviation of those scores.
- Role differences: the mean dimension score per role (participants without a role are grouped
  as "No role given"), and per dimension the gap between the highest and lowest role mean.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from .models import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Answer,
    Choice,
    Framework,
    Organization,
    Responses,
)
from .scoring import score

NO_ROLE = "No role given"
DEFAULT_DISPUTED = 10


class Participant(BaseModel):
    """One participant's answers as the aggregation sees them (from the store or a CSV row)."""

    key: str  # stable and unique within the workshop (never shown to other participants)
    label: str  # what the facilitator sees: the name, or "Participant 3" when anonymous
    role: str = ""
    finished: bool = False
    responses: Responses


class QuestionDistribution(BaseModel):
    """The anonymous distribution of answers to one question, with its spread and median."""

    question_id: str
    dimension: str
    text: str
    counts: dict[int, int]  # option score 0-4 -> participants who chose it (all five keys)
    dont_know: int
    not_applicable: int
    unanswered: int
    scored: int  # participants who chose an option (0-4)
    stdev: float | None  # population standard deviation of option scores; None with < 2
    range: int | None  # max - min of option scores; None with < 2
    median: float | None  # exact median of the option scores
    suggestion: Choice | None  # the median suggestion for the consensus (see module doc)


class DimensionSpread(BaseModel):
    dimension: str
    name: str
    n: int  # participants with a score in this dimension
    min: float | None
    max: float | None
    median: float | None
    stdev: float | None  # population standard deviation; None with fewer than two scores

    @property
    def range(self) -> float | None:
        return None if self.min is None or self.max is None else round(self.max - self.min, 1)


class RoleMeans(BaseModel):
    role: str
    participants: int
    means: dict[str, float | None]  # dimension id -> mean score of the role's participants


class RoleGap(BaseModel):
    dimension: str
    name: str
    high_role: str
    high: float
    low_role: str
    low: float
    gap: float


class Participation(BaseModel):
    joined: int
    started: int  # gave at least one answer
    finished: int  # marked themselves finished
    complete: int  # answered every question


class WorkshopSummary(BaseModel):
    participation: Participation
    dimension_ids: list[str]
    matrix: dict[str, dict[str, float | None]]  # participant key -> dimension id -> score
    labels: dict[str, str]  # participant key -> label (facilitator only)
    spreads: list[DimensionSpread]
    questions: list[QuestionDistribution]  # framework order
    disputed: list[QuestionDistribution]  # most disputed first
    roles: list[RoleMeans]
    role_gaps: list[RoleGap]  # largest first; empty with fewer than two roles
    suggestions: dict[str, Choice] = Field(default_factory=dict)  # question id -> median suggestion


# ----------------------------------------------------------------------------- helpers


def pstdev(values: Sequence[float]) -> float | None:
    """Population standard deviation rounded to 2 places; None for fewer than two values."""
    return round(statistics.pstdev(values), 2) if len(values) >= 2 else None


def median_suggestion(
    points: Sequence[int], dont_know: int = 0, not_applicable: int = 0
) -> Choice | None:
    """The median option score, the lower one on a tie between two scores (see module doc)."""
    if points:
        return math.floor(statistics.median(points))
    if dont_know:
        return DONT_KNOW
    if not_applicable:
        return NOT_APPLICABLE
    return None


def distribution(
    framework: Framework, question_id: str, participants: Sequence[Participant]
) -> QuestionDistribution:
    question = framework.question(question_id)
    counts = dict.fromkeys(range(5), 0)
    dont_know = not_applicable = unanswered = 0
    points: list[int] = []
    for p in participants:
        answer = p.responses.answers.get(question_id)
        if answer is None:
            unanswered += 1
        elif answer.choice == DONT_KNOW:
            dont_know += 1
        elif answer.choice == NOT_APPLICABLE:
            not_applicable += 1
        else:
            value = int(answer.choice)
            counts[value] += 1
            points.append(value)
    return QuestionDistribution(
        question_id=question.id,
        dimension=question.dimension,
        text=question.text,
        counts=counts,
        dont_know=dont_know,
        not_applicable=not_applicable,
        unanswered=unanswered,
        scored=len(points),
        stdev=pstdev(points),
        range=(max(points) - min(points)) if len(points) >= 2 else None,
        median=float(statistics.median(points)) if points else None,
        suggestion=median_suggestion(points, dont_know, not_applicable),
    )


def disputed(
    questions: Sequence[QuestionDistribution], limit: int | None = DEFAULT_DISPUTED
) -> list[QuestionDistribution]:
    """Questions ranked by spread (stdev, then range, then more voices); agreement excluded."""
    order = {q.question_id: i for i, q in enumerate(questions)}
    candidates = [q for q in questions if q.stdev is not None and q.stdev > 0]
    ranked = sorted(
        candidates,
        key=lambda q: (-(q.stdev or 0.0), -(q.range or 0), -q.scored, order[q.question_id]),
    )
    return ranked if limit is None else ranked[:limit]


def dimension_matrix(
    framework: Framework, participants: Sequence[Participant]
) -> dict[str, dict[str, float | None]]:
    """Participant key -> dimension id -> dimension score (0-100, None when nothing scored)."""
    matrix: dict[str, dict[str, float | None]] = {}
    for p in participants:
        result = score(framework, p.responses)
        matrix[p.key] = {d.id: result.dimensions[d.id].score for d in framework.dimensions}
    return matrix


def dimension_spreads(
    framework: Framework, matrix: Mapping[str, Mapping[str, float | None]]
) -> list[DimensionSpread]:
    spreads = []
    for d in framework.dimensions:
        values = [row[d.id] for row in matrix.values() if row.get(d.id) is not None]
        scores = [v for v in values if v is not None]
        spreads.append(
            DimensionSpread(
                dimension=d.id,
                name=d.name,
                n=len(scores),
                min=min(scores) if scores else None,
                max=max(scores) if scores else None,
                median=round(statistics.median(scores), 1) if scores else None,
                stdev=pstdev(scores),
            )
        )
    return spreads


def role_means(
    framework: Framework,
    participants: Sequence[Participant],
    matrix: Mapping[str, Mapping[str, float | None]],
) -> list[RoleMeans]:
    """Mean dimension score per role, roles in order of first appearance (trimmed, case kept)."""
    groups: dict[str, list[str]] = defaultdict(list)
    canonical: dict[str, str] = {}
    for p in participants:
        name = " ".join(p.role.split()) or NO_ROLE
        key = name.casefold()
        canonical.setdefault(key, name)
        groups[key].append(p.key)
    result = []
    for key, members in groups.items():
        means: dict[str, float | None] = {}
        for d in framework.dimensions:
            scores = [s for m in members if (s := matrix[m].get(d.id)) is not None]
            means[d.id] = round(statistics.fmean(scores), 1) if scores else None
        result.append(RoleMeans(role=canonical[key], participants=len(members), means=means))
    return result


def role_gaps(framework: Framework, roles: Sequence[RoleMeans]) -> list[RoleGap]:
    """Per dimension, highest minus lowest role mean; largest gaps first, zero gaps left out."""
    gaps = []
    for d in framework.dimensions:
        scored = [(r.role, m) for r in roles if (m := r.means.get(d.id)) is not None]
        if len(scored) < 2:
            continue
        high = max(scored, key=lambda rm: rm[1])
        low = min(scored, key=lambda rm: rm[1])
        gap = round(high[1] - low[1], 1)
        if gap > 0:
            gaps.append(
                RoleGap(
                    dimension=d.id,
                    name=d.name,
                    high_role=high[0],
                    high=high[1],
                    low_role=low[0],
                    low=low[1],
                    gap=gap,
                )
            )
    return sorted(gaps, key=lambda g: -g.gap)


def participation(framework: Framework, participants: Sequence[Participant]) -> Participation:
    ids = {q.id for q in framework.questions}
    return Participation(
        joined=len(participants),
        started=sum(1 for p in participants if ids & p.responses.answers.keys()),
        finished=sum(1 for p in participants if p.finished),
        complete=sum(1 for p in participants if ids <= p.responses.answers.keys()),
    )


# ----------------------------------------------------------------------------- the summary


def summarize(
    framework: Framework,
    participants: Sequence[Participant],
    disputed_limit: int | None = DEFAULT_DISPUTED,
) -> WorkshopSummary:
    """Everything the facilitator dashboard and the workshop report show, in one pass."""
    keys = [p.key for p in participants]
    if len(set(keys)) != len(keys):
        raise ValueError("participant keys must be unique")
    matrix = dimension_matrix(framework, participants)
    questions = [distribution(framework, q.id, participants) for q in framework.questions]
    roles = role_means(framework, participants, matrix)
    return WorkshopSummary(
        participation=participation(framework, participants),
        dimension_ids=[d.id for d in framework.dimensions],
        matrix=matrix,
        labels={p.key: p.label for p in participants},
        spreads=dimension_spreads(framework, matrix),
        questions=questions,
        disputed=disputed(questions, disputed_limit),
        roles=roles,
        role_gaps=role_gaps(framework, roles) if len(roles) >= 2 else [],
        suggestions={q.question_id: q.suggestion for q in questions if q.suggestion is not None},
    )


def consensus_from_suggestions(
    summary: WorkshopSummary,
    organization: Organization,
    agreed: Mapping[str, Answer] | None = None,
) -> Responses:
    """The consensus answers: what the room agreed where it did, the median suggestion elsewhere."""
    answers = {qid: Answer(choice=choice) for qid, choice in summary.suggestions.items()}
    answers.update(agreed or {})
    return Responses(organization=organization, answers=answers)
