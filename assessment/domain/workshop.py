"""Workshop aggregation: many participants' answers in, one picture of agreement out. Pure.

Definitions the facilitator's view, the room view, the CLI and the PDF share (computed once,
here; `method.py` says the same in words for the client):

Anonymity (`MIN_GROUP` = 3). No figure is shown to the client for a group of fewer than three
people. `WorkshopSummary`, the only thing the room view and the workshop PDF read, holds:
- a question's distribution (counts, spread, middle answer, shared notes) only once at least 3
  people answered it (an option, "Don't know" or "Not applicable");
- a dimension's spread (lowest, median, highest, standard deviation) only from at least 3
  participants' scores;
- a role's figures only for a role of at least 3 people, and per dimension only where at least
  3 of them have a score. Roles with fewer people are pooled as "Other roles (fewer than 3
  each)", shown only when the pool reaches 3 (else left out); role gaps only between groups shown;
- no participant names, keys or per-participant figures. Those (the participant-by-dimension
  matrix, labels, every distribution however few answered) are in `FacilitatorDetail`, the
  facilitator's private view. Shared notes are listed in alphabetical order, so their order
  does not tell who wrote them.

Anonymous participants (`Participant.anonymous`: joined without a name) are a number only, to
the facilitator too: `FacilitatorDetail` holds no role for them and no row of their own in the
matrix; they are pooled into one row (`ANONYMOUS_KEY`), their mean per dimension, shown only
from `MIN_GROUP` anonymous participants (and per dimension from `MIN_GROUP` scores).

One question's answers:
- A *choice* is an option score 0-4, "Don't know" or "Not applicable"; `answered` counts all
  three kinds. "Don't know" and "Not applicable" are not opinions about the level: they are
  counted in the distribution and in the majority's denominator, never in spread or median.
- *Spread* = population standard deviation of the option scores chosen, with the range beside it.
- *Middle answer* = the median of the option scores chosen; for an even number of them, the lower
  of the two middle scores (`statistics.median_low`): always a score somebody chose, and never
  overstating readiness.
- *Clear majority* (Delphi-style consensus): at least `MIN_GROUP` answers, and at least 75%
  (`MAJORITY_SHARE`) of all answers within one option (`MAJORITY_BAND`) of the middle answer; or
  at least 75% "Don't know" (or "Not applicable"). The majority's answer is then the middle
  answer (or "Don't know" / "Not applicable").
- *Split*: at least 3 answers and no clear majority. *Too few answers*: fewer than 3.
- *Suggestion* for the consensus: the majority's answer for a clear majority, and nothing
  otherwise. For a split question the facilitator is offered the answers people chose, most
  chosen first (`offered`): a median nobody chose is never suggested.

Consensus status of a question (`ConsensusStatus`):
- *Agreed in the room*: the facilitator recorded the room's answer (on its card, or in the list).
- *Clear majority*: accepted in bulk with the other clear majorities, or not recorded while the
  answers form a clear majority: the consensus takes the majority's answer.
- *Split - to discuss*: not recorded and the answers are split. The consensus holds no answer
  for it (a report lists it as open rather than scoring a compromise).
- *Too few answers - to discuss*: not recorded and fewer than 3 answers: likewise no answer.

Dispute ranking (`dispute_key`): a question is disputed when its answers differ (two or more
different choices). Disputed questions are ranked split first, then clear majorities; within
each, by standard deviation (highest first; none counts as 0), then range, then the number of
answers (more voices first), then framework order.

Rounds: a re-vote keeps the first round's answers (`first_rounds`); the current answers are the
second round, and statuses and suggestions follow the current answers.

Dimension scores per participant come from `scoring.score_dimension` (not reimplemented here).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from .models import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Answer,
    Choice,
    Framework,
    Organization,
    Question,
    Responses,
)
from .scoring import DEFAULT_TARGET_LEVEL, score_dimension

MIN_GROUP = 3  # the anonymity threshold: no figure for fewer people
MAJORITY_SHARE = 0.75  # a clear majority: this share of the answers ...
MAJORITY_BAND = 1  # ... within this many options of the middle answer
NO_ROLE = "No role given"
OTHER_ROLES = f"Other roles (fewer than {MIN_GROUP} each)"
DEFAULT_DISPUTED = 10  # how many disputed questions a renderer lists by default
MAX_SHARED_NOTE_CHARS = 500  # a shared note is cut to this length for the room and the report

How = Literal["room", "majority"]


class Agreement(StrEnum):
    """How the participants' answers to one question agree (see module doc)."""

    MAJORITY = "majority"
    SPLIT = "split"
    FEW = "few"


class ConsensusStatus(StrEnum):
    AGREED = "agreed"
    MAJORITY = "majority"
    SPLIT = "split"
    FEW = "few"


STATUS_LABELS: dict[ConsensusStatus, str] = {
    ConsensusStatus.AGREED: "Agreed in the room",
    ConsensusStatus.MAJORITY: "Clear majority",
    ConsensusStatus.SPLIT: "Split - to discuss",
    ConsensusStatus.FEW: "Too few answers - to discuss",
}


class Participant(BaseModel):
    """One participant's answers as the aggregation sees them (from the store or a CSV row)."""

    key: str  # stable and unique within the workshop (never shown to other participants)
    label: str  # what the facilitator sees: the name, or "Participant 3" when anonymous
    role: str = ""
    finished: bool = False
    responses: Responses
    shared: set[str] = Field(default_factory=set)  # question ids whose note they share
    anonymous: bool = False  # joined without a name: a number only, to the facilitator too


class Decision(BaseModel):
    """What the facilitator recorded for one question."""

    choice: Choice
    how: How = "room"  # "room": settled in the room; "majority": accepted in bulk
    minority_view: str = ""


class QuestionDistribution(BaseModel):
    """The anonymous distribution of answers to one question, with its spread and agreement."""

    question_id: str
    dimension: str
    text: str
    counts: dict[int, int]  # option score 0-4 -> participants who chose it (all five keys)
    dont_know: int
    not_applicable: int
    unanswered: int
    scored: int  # participants who chose an option (0-4)
    answered: int  # scored + "Don't know" + "Not applicable"
    stdev: float | None  # population standard deviation of option scores; None with < 2
    range: int | None  # max - min of option scores; None with < 2
    median: float | None  # exact median of the option scores
    middle: int | None  # the middle answer: median_low of the option scores (someone chose it)
    agreement: Agreement
    majority_share: float | None  # share of answers backing the majority answer; None if few
    suggestion: Choice | None  # the clear majority's answer; None when split or too few
    offered: list[Choice]  # the answers chosen, most chosen first (what a split room picks from)
    shared_notes: list[str] = Field(default_factory=list)  # notes shared with the room, sorted

    def count(self, choice: Choice) -> int:
        if choice == DONT_KNOW:
            return self.dont_know
        if choice == NOT_APPLICABLE:
            return self.not_applicable
        return self.counts[int(choice)]

    @property
    def differs(self) -> bool:
        """Two or more different answers: a candidate for discussion."""
        return len(self.offered) >= 2


class DimensionSpread(BaseModel):
    dimension: str
    name: str
    n: int  # participants with a score in this dimension
    min: float | None  # None with fewer than MIN_GROUP scores (anonymity)
    max: float | None
    median: float | None
    stdev: float | None  # population standard deviation; None with fewer than MIN_GROUP scores

    @property
    def range(self) -> float | None:
        return None if self.min is None or self.max is None else round(self.max - self.min, 1)


class RoleMeans(BaseModel):
    role: str
    participants: int  # at least MIN_GROUP
    means: dict[str, float | None]  # dimension id -> mean; None with fewer than 3 scores


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


class QuestionConsensus(BaseModel):
    """One question's consensus: its status, the answer the report uses, a minority view."""

    question_id: str
    dimension: str
    text: str
    status: ConsensusStatus
    answer: Choice | None  # recorded, else the clear majority's answer, else None (to discuss)
    recorded: bool
    minority_view: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


class ConsensusCounts(BaseModel):
    agreed: int = 0
    majority: int = 0
    split: int = 0
    few: int = 0

    @property
    def total(self) -> int:
        return self.agreed + self.majority + self.split + self.few

    def of(self, status: ConsensusStatus) -> int:
        return int(getattr(self, status.value))


class WorkshopSummary(BaseModel):
    """What may be shown to the client: the room view and the workshop PDF read only this.

    It follows the anonymity rule (module doc): no names, no per-participant figures, no figure
    for a group of fewer than `min_group` people."""

    min_group: int = MIN_GROUP
    participation: Participation
    dimension_ids: list[str]
    spreads: list[DimensionSpread]
    questions: list[QuestionDistribution]  # answered by >= min_group, framework order
    disputed: list[QuestionDistribution]  # from `questions`, most disputed first
    first_rounds: dict[str, QuestionDistribution] = Field(default_factory=dict)  # re-voted
    roles: list[RoleMeans]  # groups of >= min_group only
    role_gaps: list[RoleGap]  # largest first; empty with fewer than two groups shown
    consensus: list[QuestionConsensus]  # every question, framework order
    counts: ConsensusCounts
    suggestions: dict[str, Choice] = Field(default_factory=dict)  # clear majorities' answers

    def question(self, question_id: str) -> QuestionDistribution | None:
        return next((q for q in self.questions if q.question_id == question_id), None)

    def consensus_of(self, question_id: str) -> QuestionConsensus:
        return next(c for c in self.consensus if c.question_id == question_id)

    @property
    def minority_views(self) -> list[QuestionConsensus]:
        """Questions whose consensus was recorded with a minority view, framework order."""
        return [c for c in self.consensus if c.minority_view.strip()]


class FacilitatorDetail(BaseModel):
    """The facilitator's private view: per participant, names included. Never for the client."""

    labels: dict[str, str]  # participant key -> label ("Participant 3" when anonymous)
    roles: dict[str, str]  # participant key -> role as given ("" for anonymous participants)
    # named participant key (or ANONYMOUS_KEY: the anonymous ones' mean) -> dimension -> score
    matrix: dict[str, dict[str, float | None]]
    questions: list[QuestionDistribution]  # every question, however few answered
    disputed: list[QuestionDistribution]  # every disputed question, most disputed first


# ----------------------------------------------------------------------------- one question


def pstdev(values: Sequence[float]) -> float | None:
    """Population standard deviation rounded to 2 places; None for fewer than two values."""
    return round(statistics.pstdev(values), 2) if len(values) >= 2 else None


def middle_answer(points: Sequence[int]) -> int | None:
    """The median option score, the lower one of the two middle scores: always a chosen one."""
    return int(statistics.median_low(points)) if points else None


def agreement_of(
    points: Sequence[int], dont_know: int = 0, not_applicable: int = 0
) -> tuple[Agreement, float | None, Choice | None]:
    """(agreement, share backing the majority answer, the majority answer) per the module doc."""
    answered = len(points) + dont_know + not_applicable
    if answered < MIN_GROUP:
        return Agreement.FEW, None, None
    middle = middle_answer(points)
    near = sum(1 for p in points if middle is not None and abs(p - middle) <= MAJORITY_BAND)
    best: tuple[int, Choice | None] = max(
        [(near, middle), (dont_know, DONT_KNOW), (not_applicable, NOT_APPLICABLE)],
        key=lambda pair: pair[0],
    )
    share = round(best[0] / answered, 3)
    if share >= MAJORITY_SHARE:
        return Agreement.MAJORITY, share, best[1]
    return Agreement.SPLIT, share, None


def offered_choices(counts: Mapping[int, int], dont_know: int, not_applicable: int) -> list[Choice]:
    """The answers somebody chose, most chosen first (ties in scale order, then DK, then N/A)."""
    pairs: list[tuple[int, int, Choice]] = [(counts.get(s, 0), s, s) for s in range(5)]
    pairs += [(dont_know, 5, DONT_KNOW), (not_applicable, 6, NOT_APPLICABLE)]
    return [choice for n, _, choice in sorted(pairs, key=lambda t: (-t[0], t[1])) if n > 0]


def distribution_of(
    question: Question, choices: Iterable[Choice | None], notes: Iterable[str] = ()
) -> QuestionDistribution:
    """The distribution of one question's answers (None = not answered), anonymous."""
    counts = dict.fromkeys(range(5), 0)
    dont_know = not_applicable = unanswered = 0
    points: list[int] = []
    for choice in choices:
        if choice is None:
            unanswered += 1
        elif choice == DONT_KNOW:
            dont_know += 1
        elif choice == NOT_APPLICABLE:
            not_applicable += 1
        else:
            value = int(choice)
            counts[value] += 1
            points.append(value)
    agreement, share, suggestion = agreement_of(points, dont_know, not_applicable)
    return QuestionDistribution(
        question_id=question.id,
        dimension=question.dimension,
        text=question.text,
        counts=counts,
        dont_know=dont_know,
        not_applicable=not_applicable,
        unanswered=unanswered,
        scored=len(points),
        answered=len(points) + dont_know + not_applicable,
        stdev=pstdev(points),
        range=(max(points) - min(points)) if len(points) >= 2 else None,
        median=float(statistics.median(points)) if points else None,
        middle=middle_answer(points),
        agreement=agreement,
        majority_share=share,
        suggestion=suggestion,
        offered=offered_choices(counts, dont_know, not_applicable),
        shared_notes=sorted(
            n.strip()[:MAX_SHARED_NOTE_CHARS] for n in notes if n.strip()
        ),  # sorted: the order tells nothing about who wrote them
    )


def distribution(
    framework: Framework, question_id: str, participants: Sequence[Participant]
) -> QuestionDistribution:
    """One question's distribution over these participants, with the notes they shared."""
    question = framework.question(question_id)
    choices: list[Choice | None] = []
    notes: list[str] = []
    for p in participants:
        answer = p.responses.answers.get(question_id)
        choices.append(None if answer is None else answer.choice)
        if answer is not None and question_id in p.shared:
            notes.append(answer.note)
    return distribution_of(question, choices, notes)


def dispute_key(q: QuestionDistribution, position: int) -> tuple[int, float, int, int, int]:
    """Sort key of the dispute ranking (module doc): split first, then spread, range, voices."""
    return (
        0 if q.agreement == Agreement.SPLIT else 1,
        -(q.stdev or 0.0),
        -(q.range or 0),
        -q.answered,
        position,
    )


def disputed(
    questions: Sequence[QuestionDistribution], limit: int | None = None
) -> list[QuestionDistribution]:
    """The questions whose answers differ, most disputed first (see `dispute_key`)."""
    ranked = sorted(
        (pair for pair in enumerate(questions) if pair[1].differs),
        key=lambda pair: dispute_key(pair[1], pair[0]),
    )
    result = [q for _, q in ranked]
    return result if limit is None else result[:limit]


# ----------------------------------------------------------------------------- dimensions


def dimension_matrix(
    framework: Framework, participants: Sequence[Participant]
) -> dict[str, dict[str, float | None]]:
    """Participant key -> dimension id -> dimension score (0-100, None when not assessed)."""
    return {
        p.key: {
            d.id: score_dimension(framework, d.id, p.responses.answers, DEFAULT_TARGET_LEVEL).score
            for d in framework.dimensions
        }
        for p in participants
    }


ANONYMOUS_KEY = "anonymous"  # the anonymous participants' pooled row (keys are join numbers)


def pooled_row(
    framework: Framework, rows: Sequence[Mapping[str, float | None]]
) -> dict[str, float | None]:
    """Per dimension, the mean of these rows' scores; None from fewer than MIN_GROUP scores."""
    pooled: dict[str, float | None] = {}
    for d in framework.dimensions:
        scores = [v for row in rows if (v := row.get(d.id)) is not None]
        pooled[d.id] = round(statistics.fmean(scores), 1) if len(scores) >= MIN_GROUP else None
    return pooled


def dimension_spreads(
    framework: Framework, matrix: Mapping[str, Mapping[str, float | None]]
) -> list[DimensionSpread]:
    """Per dimension, the spread of participant scores; figures only from >= MIN_GROUP scores."""
    spreads = []
    for d in framework.dimensions:
        scores = [v for row in matrix.values() if (v := row.get(d.id)) is not None]
        shown = len(scores) >= MIN_GROUP
        spreads.append(
            DimensionSpread(
                dimension=d.id,
                name=d.name,
                n=len(scores),
                min=min(scores) if shown else None,
                max=max(scores) if shown else None,
                median=round(statistics.median(scores), 1) if shown else None,
                stdev=pstdev(scores) if shown else None,
            )
        )
    return spreads


# ----------------------------------------------------------------------------- roles


def role_name(role: str) -> str:
    return " ".join(role.split()) or NO_ROLE


def role_groups(participants: Sequence[Participant]) -> list[tuple[str, list[str]]]:
    """(group name, participant keys): roles of >= MIN_GROUP people in order of first
    appearance (case-insensitive, spaces trimmed), then the smaller roles pooled as
    OTHER_ROLES when the pool reaches MIN_GROUP; a smaller pool is left out."""
    groups: dict[str, list[str]] = defaultdict(list)
    canonical: dict[str, str] = {}
    for p in participants:
        name = role_name(p.role)
        canonical.setdefault(name.casefold(), name)
        groups[name.casefold()].append(p.key)
    shown = [(canonical[k], keys) for k, keys in groups.items() if len(keys) >= MIN_GROUP]
    pooled = [key for keys in groups.values() if len(keys) < MIN_GROUP for key in keys]
    if len(pooled) >= MIN_GROUP:
        shown.append((OTHER_ROLES, pooled))
    return shown


def role_means(
    framework: Framework,
    groups: Sequence[tuple[str, Sequence[str]]],
    matrix: Mapping[str, Mapping[str, float | None]],
) -> list[RoleMeans]:
    """Mean dimension score per group; None where fewer than MIN_GROUP members have a score."""
    result = []
    for name, members in groups:
        means: dict[str, float | None] = {}
        for d in framework.dimensions:
            scores = [s for m in members if (s := matrix[m].get(d.id)) is not None]
            means[d.id] = round(statistics.fmean(scores), 1) if len(scores) >= MIN_GROUP else None
        result.append(RoleMeans(role=name, participants=len(members), means=means))
    return result


def role_gaps(framework: Framework, roles: Sequence[RoleMeans]) -> list[RoleGap]:
    """Per dimension, highest minus lowest group mean; largest gaps first, zero gaps left out."""
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


# ----------------------------------------------------------------------------- consensus


def consensus_status(dist: QuestionDistribution, decision: Decision | None) -> ConsensusStatus:
    """The status of one question's consensus (module doc)."""
    if decision is not None:
        return ConsensusStatus.MAJORITY if decision.how == "majority" else ConsensusStatus.AGREED
    if dist.agreement == Agreement.MAJORITY:
        return ConsensusStatus.MAJORITY
    return ConsensusStatus.SPLIT if dist.agreement == Agreement.SPLIT else ConsensusStatus.FEW


def question_consensus(dist: QuestionDistribution, decision: Decision | None) -> QuestionConsensus:
    status = consensus_status(dist, decision)
    return QuestionConsensus(
        question_id=dist.question_id,
        dimension=dist.dimension,
        text=dist.text,
        status=status,
        answer=decision.choice if decision is not None else dist.suggestion,
        recorded=decision is not None,
        minority_view=decision.minority_view if decision is not None else "",
    )


def count_statuses(consensus: Iterable[QuestionConsensus]) -> ConsensusCounts:
    counts = ConsensusCounts()
    for c in consensus:
        setattr(counts, c.status.value, counts.of(c.status) + 1)
    return counts


# ----------------------------------------------------------------------------- the summary


def analyse(
    framework: Framework,
    participants: Sequence[Participant],
    decisions: Mapping[str, Decision] | None = None,
    first_round: Mapping[str, Sequence[Choice]] | None = None,
) -> tuple[WorkshopSummary, FacilitatorDetail]:
    """Everything the room view, the report and the facilitator show, in one pass.

    `decisions`: what the facilitator recorded, per question id. `first_round`: per re-voted
    question id, the first round's answers (anonymous)."""
    keys = [p.key for p in participants]
    if len(set(keys)) != len(keys):
        raise ValueError("participant keys must be unique")
    decisions = decisions or {}
    matrix = dimension_matrix(framework, participants)
    every = [distribution(framework, q.id, participants) for q in framework.questions]
    shown = [q for q in every if q.answered >= MIN_GROUP]
    roles = role_means(framework, role_groups(participants), matrix)
    consensus = [question_consensus(q, decisions.get(q.question_id)) for q in every]
    first_rounds = {
        qid: dist
        for qid, choices in (first_round or {}).items()
        if (dist := distribution_of(framework.question(qid), choices)).answered >= MIN_GROUP
    }
    summary = WorkshopSummary(
        participation=participation(framework, participants),
        dimension_ids=[d.id for d in framework.dimensions],
        spreads=dimension_spreads(framework, matrix),
        questions=shown,
        disputed=disputed(shown),
        first_rounds=first_rounds,
        roles=roles,
        role_gaps=role_gaps(framework, roles),
        consensus=consensus,
        counts=count_statuses(consensus),
        suggestions={q.question_id: q.suggestion for q in every if q.suggestion is not None},
    )
    anonymous = [p.key for p in participants if p.anonymous]
    labels = {p.key: p.label for p in participants}
    private = {key: row for key, row in matrix.items() if key not in set(anonymous)}
    if len(anonymous) >= MIN_GROUP:
        private[ANONYMOUS_KEY] = pooled_row(framework, [matrix[key] for key in anonymous])
        labels[ANONYMOUS_KEY] = f"Anonymous participants ({len(anonymous)}, mean)"
    detail = FacilitatorDetail(
        labels=labels,
        roles={p.key: "" if p.anonymous else p.role for p in participants},
        matrix=private,
        questions=every,
        disputed=disputed(every),
    )
    return summary, detail


def summarize(
    framework: Framework,
    participants: Sequence[Participant],
    decisions: Mapping[str, Decision] | None = None,
    first_round: Mapping[str, Sequence[Choice]] | None = None,
) -> WorkshopSummary:
    """The client-safe summary alone (the room view, the report, the CLI)."""
    return analyse(framework, participants, decisions, first_round)[0]


def consensus_from_suggestions(
    summary: WorkshopSummary,
    organization: Organization,
    agreed: Mapping[str, Answer] | None = None,
) -> Responses:
    """The consensus answers: what the room recorded, the clear majority's answer where nothing
    was recorded; split questions and those with too few answers stay open (unanswered)."""
    answers = {qid: Answer(choice=choice) for qid, choice in summary.suggestions.items()}
    answers.update(agreed or {})
    return Responses(organization=organization, answers=answers)


# ----------------------------------------------------------------------------- in words


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _choice_words(choice: Choice | None) -> str:
    if choice == DONT_KNOW:
        return '"Don\'t know"'
    if choice == NOT_APPLICABLE:
        return '"Not applicable"'
    return "none" if choice is None else f"{choice}/4"


def spread_text(dist: QuestionDistribution) -> str:
    """One question's spread and agreement in a sentence (cards in the room and the app)."""
    if dist.agreement == Agreement.FEW:
        return (
            f"{_count(dist.answered, 'answer')} so far: too few to call (fewer than {MIN_GROUP})."
        )
    parts = []
    chosen = [score for score, n in dist.counts.items() if n]
    if dist.stdev is not None and chosen:
        parts.append(
            f"Answers from {min(chosen)}/4 to {max(chosen)}/4 (standard deviation "
            f"{dist.stdev:.2f})."
        )
    share = dist.majority_share or 0.0
    backing = f"{round(share * dist.answered)} of {dist.answered} answers ({share:.0%})"
    if dist.agreement == Agreement.MAJORITY and dist.suggestion in (DONT_KNOW, NOT_APPLICABLE):
        parts.append(f"Clear majority: {backing} are {_choice_words(dist.suggestion)}.")
    elif dist.agreement == Agreement.MAJORITY:
        parts.append(
            f"Clear majority: {backing} are within one option of the middle answer "
            f"({dist.middle}/4)."
        )
    else:
        around = (
            f"are within one option of the middle answer ({dist.middle}/4)"
            if dist.middle is not None
            else "agree"
        )
        parts.append(f"Split: {backing} {around}; a clear majority needs {MAJORITY_SHARE:.0%}.")
    return " ".join(parts)
