"""Pydantic models: the framework (content), the answers people give, and what we compute.

Everything here is plain data. Content models are validated when `content.load_framework`
reads the YAML files; answer models when an answers file is imported; result models are
produced by `scoring.score` and `planning.plan` and rendered by the UI, CLI and PDF.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .sector_ids import SECTOR_LABELS, Sector, match_sector

DIMENSION_IDS: tuple[str, ...] = (
    "purpose",
    "shared_control",
    "participant_rewards",
    "dedicated_staff",
    "listening",
    "accountability",
)
"""The six dimensions, in the order the questionnaire walks them (Gartner's four steps first)."""

MAX_NOTE_CHARS = 20_000
MAX_NAME_CHARS = 200
MAX_FIELD_CHARS = 200
# An assessment date the plan's due dates (up to 180 days on) can be counted from: 9999-12-31
# overflowed the date type in the report (issue 23).
EARLIEST_DATE, LATEST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

# Characters no user means to type that one engine or format refuses: NUL (PostgreSQL text
# cannot hold it), other C0/C1 controls (invisible; JSON writes them as \uXXXX) and lone
# surrogates (not encodable as UTF-8: neither engine, nor an exported file, can hold them).
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def clean_note(value: object) -> object:
    """A typed note as it is stored, the same on every engine: control characters stripped.

    Newlines and tabs stay (a note is multi-line text); CR LF and lone CR become a newline; NUL,
    the other control characters and lone surrogates are removed rather than refused, since a
    user typing or pasting a note never means them and would only lose the note to an error
    (PostgreSQL refuses NUL, which SQLite would keep). Non-strings pass through for pydantic.
    """
    if not isinstance(value, str):
        return value
    return _UNSTORABLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_name(value: str, limit: int | None = None) -> str:
    """A one-line name (organisation, sector, size, assessor; a participant's name or role):
    Unicode NFC (a composed "é" and a decomposed one are the same name), line breaks and tabs as
    spaces, other control characters and lone surrogates removed, runs of spaces collapsed, the
    ends trimmed, and cut to `limit` when one is given. The one rule for names wherever they come
    in: the app, an answers file, an import, a workshop join (`store.workshops` may call it)."""
    text = unicodedata.normalize("NFC", _UNSTORABLE.sub("", _LINE_BREAKS.sub(" ", value)))
    text = " ".join(text.split())
    return text if limit is None else text[:limit].rstrip()


def clean_line(value: object) -> object:
    """`clean_name` as a pydantic before-validator (non-strings pass through for pydantic)."""
    if not isinstance(value, str):
        return value
    return clean_name(value)


Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Base for content: unknown fields are errors, so a typo in YAML is caught on load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- rules


class QuestionAtMost(Strict):
    """Holds when the question is answered at or below `at_most`.

    "Don't know" is unknown: `rules.evaluate` says whether a rule holds for certain, could hold,
    or cannot hold. "Not applicable" and unanswered questions never hold.
    """

    question: Id
    at_most: int = Field(ge=0, le=4)


class QuestionAtLeast(Strict):
    """A known answer at or above `at_least`: evidence that contradicts a flag."""

    question: Id
    at_least: int = Field(ge=1, le=4)


class AllOf(Strict):
    all: list[Rule] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Rule] = Field(min_length=1)


Rule = QuestionAtMost | AllOf | AnyOf
AllOf.model_rebuild()
AnyOf.model_rebuild()


# --------------------------------------------------------------------------- content


class Source(Strict):
    id: Id
    short_name: Text
    title: Text
    publisher: Text
    year: int | None = None
    file: str | None = None  # file name in the seeds folder the text comes from
    caveat: Text | None = None  # whom the evidence is about, or how far to trust it
    url: str | None = None  # public guidance behind a sector note (content/sectors.yaml)
    country: str | None = None  # where that guidance applies: UK, England, EU, US...


class Evidence(Strict):
    """A figure or claim quoted by the product, always with the source it comes from."""

    claim: Text
    source: Id


class Dimension(Strict):
    id: Id
    name: Text
    summary: Text  # what it means
    why_it_matters: Text
    evidence: list[Evidence] = Field(min_length=1)
    weight: float = Field(gt=0, le=10)


class Option(Strict):
    score: int = Field(ge=0, le=4)
    label: Text  # a concrete description of what an organisation at this level does


class Question(Strict):
    id: Id
    dimension: Id
    text: Text
    topic: Text | None = None  # a short noun phrase, the title of the question's next step
    help: Text
    options: list[Option] = Field(min_length=5, max_length=5)
    source: Id | None = None
    unmeasured_at_most: int | None = Field(default=None, ge=0, le=3)
    """Answers at or below this say nothing is measured yet: a KPI's baseline is then
    "not measured yet: measure it first" rather than the answer's own words."""

    @field_validator("options")
    @classmethod
    def _scores_0_to_4(cls, options: list[Option]) -> list[Option]:
        scores = [o.score for o in options]
        if sorted(scores) != [0, 1, 2, 3, 4]:
            raise ValueError(f"options must have scores 0, 1, 2, 3 and 4 once each, got {scores}")
        return sorted(options, key=lambda o: o.score)

    def option_label(self, score: int) -> str:
        return self.options[score].label


class Effort(StrEnum):
    S = "S"
    M = "M"
    L = "L"


class Horizon(StrEnum):
    D30 = "30"
    D60 = "60"
    D90 = "90"
    LATER = "later"


class Action(Strict):
    id: Id
    dimension: Id
    title: Text
    what: Text
    owner: Text
    effort: Effort
    impact: int = Field(ge=1, le=3)  # 1 low, 2 medium, 3 high
    horizon: Horizon
    kpi: Text
    source: Id
    questions: list[Id] = Field(min_length=1)  # the questions the action moves...
    raises_to: int = Field(ge=1, le=4)  # ...to this answer: proposed while one is below it
    flags: list[Id] = Field(default_factory=list)  # risk flags it fixes
    after: list[Id] = Field(default_factory=list)  # actions that must come first
    from_rung: int = Field(default=0, ge=0, le=3)
    up_to: int | None = Field(default=None, ge=0, le=3)
    """The answers the text is written for, from_rung..up_to (up_to defaults to raises_to - 1):
    proposed only for those, so a step never describes a practice below the answer given."""
    kpi_target: Text | None = None  # what the KPI should read once the step is done
    effort_days: tuple[int, int] | None = None  # person-days, low-high; default from effort
    risk_if_not_done: Text | None = None  # one line: what doing nothing costs
    quick_win: bool = False  # small, waits for nothing, shows results within weeks
    needs_role: Text | None = None  # capacity: the role the board must fund for this step
    stop: Text | None = None  # the practice the client stops once this step is approved

    @property
    def rungs(self) -> range:
        """The answers this step is written for."""
        top = self.raises_to - 1 if self.up_to is None else self.up_to
        return range(self.from_rung, top + 1)


class TriageRule(Strict):
    """An answer that means "act within N days", whatever the score, gap or purpose gate.

    Any one of `when` holding with a known answer makes `action` an urgent step at the top of
    the plan, due within `within_days` of the plan's start.
    """

    id: Id
    when: list[QuestionAtMost] = Field(min_length=1)
    action: Id
    within_days: int = Field(default=14, ge=1, le=30)
    why: Text  # one line: why this cannot wait


class Flag(Strict):
    id: Id
    title: Text  # stated as a finding once confirmed by known answers
    check: Text  # the same, asked as a question while only "Don't know" answers raise it
    explanation: Text
    source: Id
    rule: Rule
    unless: list[QuestionAtLeast] = Field(default_factory=list)  # strong answers that contradict it


class RetiredQuestion(Strict):
    """A question id that is no longer asked, so answers saved under it still load.

    `replaced_by` names the question that now asks the same thing (answers and notes carry
    over); None means the question was removed, and `reason` tells whoever loads an old file why.
    """

    id: Id
    replaced_by: Id | None = None
    reason: Text

    def notice(self) -> str:
        if self.replaced_by is not None:
            return (
                f"question '{self.id}' is now '{self.replaced_by}': its answer and note were "
                f"carried over ({self.reason})"
            )
        return f"question '{self.id}' was removed, so its answer was not loaded: {self.reason}"


class Level(Strict):
    level: int = Field(ge=1, le=5)
    name: Text
    min_score: float = Field(ge=0, le=100)  # lower bound of the band, inclusive
    description: Text


class Owners(Strict):
    """Who owns an action, fitted to the organisation's size (content/owners.yaml)."""

    small_max_people: int = Field(ge=1)
    small_roles: dict[str, Text]  # role named in actions -> who does it in a small organisation
    next_step_owner: dict[Id, Text]  # dimension -> the role owning its questions' next steps


class Framework(Strict):
    """The whole framework as loaded from `content/`."""

    dimensions: list[Dimension]
    questions: list[Question]
    actions: list[Action]
    flags: list[Flag]
    levels: list[Level]
    sources: list[Source]
    owners: Owners
    retired: list[RetiredQuestion] = Field(default_factory=list)  # old question ids
    triage: list[TriageRule] = Field(default_factory=list)  # answers that cannot wait

    def action(self, action_id: str) -> Action:
        return next(a for a in self.actions if a.id == action_id)

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def questions_for(self, dimension_id: str) -> list[Question]:
        return [q for q in self.questions if q.dimension == dimension_id]

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def flag(self, flag_id: str) -> Flag:
        return next(f for f in self.flags if f.id == flag_id)

    def level(self, number: int) -> Level:
        return next(lv for lv in self.levels if lv.level == number)

    def retired_question(self, question_id: str) -> RetiredQuestion | None:
        return next((r for r in self.retired if r.id == question_id), None)


# --------------------------------------------------------------------------- answers

Choice = int | Literal["dont_know", "not_applicable"]
DONT_KNOW: Literal["dont_know"] = "dont_know"
NOT_APPLICABLE: Literal["not_applicable"] = "not_applicable"


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    choice: Choice
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS)] = ""

    @field_validator("choice", mode="before")
    @classmethod
    def _one_clear_message(cls, value: object) -> object:
        """One message for a bad choice instead of one per branch of the union."""
        if value in (DONT_KNOW, NOT_APPLICABLE):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 4:
            return value
        raise ValueError(
            f'must be a score 0-4, "{DONT_KNOW}" or "{NOT_APPLICABLE}", got {value!r}'[:120]
        )

    _clean_note = field_validator("note", mode="before")(clean_note)

    @property
    def points(self) -> int | None:
        """Score points for this answer: the option's score, 0 for Don't know, None for N/A."""
        if self.choice == NOT_APPLICABLE:
            return None
        if self.choice == DONT_KNOW:
            return 0
        return int(self.choice)


class Organization(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)
    ]
    sector: Annotated[str, StringConstraints(max_length=MAX_FIELD_CHARS)] | None = None
    size: Annotated[str, StringConstraints(max_length=MAX_FIELD_CHARS)] | None = None
    assessor: Annotated[str, StringConstraints(max_length=MAX_FIELD_CHARS)] | None = None
    date: Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None = None

    sector_id: Sector | None = None  # the choice; `sector` keeps the words (Other's detail)

    _clean_lines = field_validator("name", "sector", "size", "assessor", mode="before")(clean_line)

    @field_validator("sector_id", mode="before")
    @classmethod
    def _known_sector(cls, value: object) -> object:
        """An id or a label of the list; anything else is refused with the choices named."""
        if value is None or isinstance(value, Sector):
            return value
        if isinstance(value, str):
            for sector, label in SECTOR_LABELS.items():
                if value.strip().casefold() in (sector.value, label.casefold()):
                    return sector
        choices = ", ".join(s.value for s in Sector)
        raise ValueError(f"must be one of {choices}; got {str(value)[:40]!r}")

    @model_validator(mode="after")
    def _sector_from_words(self) -> Organization:
        """Older files give only free text: the sector it clearly names, else Other."""
        if self.sector_id is None and self.sector and self.sector.strip():
            self.sector_id = match_sector(self.sector)
        return self


SCHEMA_VERSION: Literal[1] = 1


# --------------------------------------------------------------------------- series (follow-ups)

SeriesRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
MAX_STATUS_NOTE_CHARS = 2_000


class FollowUpMode(StrEnum):
    CARRIED = "carried"  # the earlier answers shown as "last time", each confirmed or changed
    FRESH = "fresh"  # blank, so the earlier answers cannot anchor the new ones


class SeriesLink(BaseModel):
    """Where an assessment sits in a series: its own reference and the one it follows up.

    The reference is not the store's secret id (that one opens the assessment): it is a public
    label, so a file can name the assessment it follows without giving access to it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: SeriesRef | None = None  # this assessment's reference
    previous_id: SeriesRef | None = None  # the assessment this one follows up
    previous_date: dt.date | None = None
    mode: FollowUpMode | None = None


class StepState(StrEnum):
    TO_DO = "to_do"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


class StepStatus(BaseModel):
    """Where one step of an assessment's plan stands: set in the app or imported from a tracker."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: StepState
    date: dt.date | None = None
    note: Annotated[str, StringConstraints(max_length=MAX_STATUS_NOTE_CHARS)] = ""

    _clean_note = field_validator("note", mode="before")(clean_note)


class Responses(BaseModel):
    """One organisation's answers: the answers file, and what the store keeps per assessment."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    organization: Organization
    answers: dict[str, Answer] = Field(default_factory=dict)
    targets: dict[str, Annotated[int, Field(ge=1, le=5, strict=True)]] = Field(default_factory=dict)
    series: SeriesLink | None = None  # set once the assessment is part of a series
    step_status: dict[Id, StepStatus] = Field(default_factory=dict)  # plan step id -> status


# --------------------------------------------------------------------------- results


class DimensionStatus(StrEnum):
    ASSESSED = "assessed"  # enough known answers for a score and a level
    NOT_ASSESSED = "not_assessed"  # too few known answers: no score, no level, result provisional
    NOT_APPLICABLE = "not_applicable"  # every question answered "Not applicable"


class DimensionResult(BaseModel):
    id: str
    name: str
    weight: float
    status: DimensionStatus
    score: float | None  # 0-100; None unless the dimension is assessed
    level: int | None
    level_name: str | None
    target: int
    target_score: float  # the lower bound of the target level's band
    gap: float  # points from score to target_score, never negative; 0 unless assessed
    question_scores: dict[str, int]  # question id -> points, for scored answers only
    excluded: list[str]  # question ids answered "Not applicable"
    dont_know: list[str]
    unanswered: list[str]
    known: int  # questions answered with one of the five options
    needed: int  # known answers the dimension needs to be assessed
    confidence: float  # percent
    completeness: float  # percent

    @property
    def assessed(self) -> bool:
        return self.status == DimensionStatus.ASSESSED


class Overall(BaseModel):
    provisional: bool  # some dimension is not yet assessed: no overall level is claimed
    score: float | None  # None while provisional
    level: int | None  # None while provisional
    label: str
    description: str
    uncapped_level: int | None
    missing: list[str]  # while provisional: what each unassessed dimension still needs


class Gate(BaseModel):
    holds: bool
    threshold: float
    max_level: int
    purpose_score: float | None
    reason: str


class RaisedFlag(BaseModel):
    id: str
    confirmed: bool  # raised by known answers; False: only "Don't know" answers raise it
    title: str  # the finding (use `check` while not confirmed)
    check: str  # the question to check while not confirmed
    explanation: str
    source: str
    raised_by: list[str]  # question ids whose known answers raise it
    unknown: list[str]  # question ids answered "Don't know" that could raise it

    @property
    def headline(self) -> str:
        return self.title if self.confirmed else self.check


class Result(BaseModel):
    overall: Overall
    dimensions: dict[str, DimensionResult]
    confidence: float
    completeness: float
    flags: list[RaisedFlag]  # confirmed first
    gate: Gate
    exclusions: list[str]

    @property
    def is_complete(self) -> bool:
        return self.completeness >= 100

    @property
    def confirmed_flags(self) -> list[RaisedFlag]:
        return [f for f in self.flags if f.confirmed]

    @property
    def flags_to_check(self) -> list[RaisedFlag]:
        return [f for f in self.flags if not f.confirmed]


class StepKind(StrEnum):
    ACTION = "action"  # from the action library (content/actions.yaml)
    NEXT_STEP = "next_step"  # no longer produced: every answer has an authored step


class Kpi(BaseModel):
    """A KPI a client can check: what to measure, where it stands, where it should be, when."""

    measure: str
    baseline: str  # from the answer given, or "not measured yet: measure it first"
    target: str
    by: dt.date | None  # the step's due date


class PlannedAction(BaseModel):
    rank: int
    id: str
    kind: StepKind
    dimension: str
    title: str
    what: str
    owner: str
    effort: Effort
    impact: int
    horizon: Horizon
    kpi: str
    source: str
    priority: float
    reason: str
    questions: list[str]  # the questions it moves (those below raises_to)
    raises_to: int
    flags: list[str]  # confirmed risk flags it fixes
    after: list[str]  # planned actions that come first
    urgent: bool = False  # raised by a triage rule: due within its days, whatever the rank
    quick_win: bool = False
    start: dt.date | None = None
    due: dt.date | None = None  # None for backlog steps: only the earliest start is known
    kpi_detail: Kpi | None = None  # written as `kpi` in the plan JSON
    effort_days: tuple[int, int] = (1, 3)
    risk_if_not_done: str = ""
    from_rung: int = 0
    up_to: int = 0  # the answers the step's text is written for: from_rung..up_to
    needs_role: str | None = None
    stop: str | None = None


class Decision(BaseModel):
    """What the board is asked to approve, derived from this plan (domain/decision.py)."""

    provisional: bool  # too few answers: find out first (the readout keeps its own wording)
    urgent: list[str]  # titles of the steps due within days, approved at once
    approve: list[str]  # titles of the other planned steps, to approve with their owners
    people: list[str]  # roles the planned steps need
    new_roles: list[str]  # capacity the plan asks the board to fund
    days: tuple[int, int]  # person-days over the planned steps, low-high
    budget_band: str
    stop: list[str]  # practices to stop, from the answers given
    review: dt.date | None  # when to review progress: the last planned due date
    text: str  # the decision in a few sentences (CLI, JSON)
    lines: list[tuple[str, str]] = []  # the same as labelled lines, for the verdict box


class ActionPlan(BaseModel):
    actions: list[PlannedAction]  # the plan, ranked
    backlog: list[PlannedAction]  # proposed but beyond the plan's size, ranked on
    to_check: list[str]  # answered "Don't know" or left blank: find these out first
    unassessed: list[str]  # dimension ids not yet assessed: no action is planned from them
    unanswered: list[str] = Field(default_factory=list)  # left blank; also in to_check
    start: dt.date | None = None  # the day the plan's dates count from
    decision: Decision | None = None
