"""Self-assessment use cases: create, import, resume, answer, set targets, evaluate.

A `Working` copy holds one user's answers and the saves the store has not accepted yet: every
change is kept in the copy first, then saved; a failed save stays pending and is retried (the
page retries on its own every few seconds), so an answer is never lost because the database was
busy or away for a moment. A save refused because the assessment no longer exists (purged, or
its workshop deleted) is never retried: the copy is marked `gone` so the page says so at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qs, urlparse

from pydantic import ValidationError

from ..domain.evaluation import Evaluation, evaluate
from ..domain.models import (
    MAX_NOTE_CHARS,
    Answer,
    Choice,
    Framework,
    Organization,
    Question,
    Responses,
)
from ..domain.sector_ids import SECTOR_LABELS, Sector
from ..files.answers_file import (
    AnswersFileError,
    carry_over_saved,
    describe_errors,
    read_answers,
)
from ..files.branding import NO_BRAND, Brand
from ..readout.build import build_readout, question_numbers
from ..readout.model import Readout
from ..readout.vocabulary import DEFAULT_PAPER
from ..store import AssessmentStore, StoreError, looks_like_token, unit_of_work
from ..store.limits import ASSESSMENT, CreationLimiter, TooManyCreations
from ..store.series import SeriesStore  # an imported file keeps its place in a series
from . import deliverables
from .answer_files import FileEvaluation, evaluate_file
from .deliverables import Download
from .outcome import Outcome

__all__ = ["FileEvaluation", "evaluate_file"]

if TYPE_CHECKING:
    from ..readout.progress import ProgressView

URL_PARAM = "a"
"""The query parameter holding the assessment id in a link: `?a=<id>`."""

REMEMBER_COOKIE = "readiness_last"
"""The cookie holding the last assessment id opened on this device (set by the page)."""


class AnswerStore(Protocol):
    """What answering needs from a store: read one assessment, save a batch of answers.

    `AssessmentStore` is one; a workshop participant's `ParticipantAnswers` is another, limited
    to that participant's own assessment.
    """

    def load(self, assessment_id: str) -> Responses | None: ...

    def save_answers(self, assessment_id: str, batch: Mapping[str, Answer | None]) -> None: ...


@dataclass
class Working:
    """One user's copy of an assessment, with the saves that have not reached the store yet."""

    assessment_id: str
    responses: Responses
    pending: dict[str, Answer | None] = field(default_factory=dict)
    pending_targets: bool = False
    last_error: str | None = None
    last_saved: str | None = None  # the question answered last, to say "Saved" beside it
    gone: bool = False  # the assessment was deleted from the store: nothing can be saved
    version: int = 0  # bumped on every change, so derived values are cached by it
    notices: list[str] = field(default_factory=list)  # from importing an older file
    _evaluation: tuple[int, Evaluation] | None = None
    _readout: tuple[int, Readout] | None = None
    _files: dict[str, tuple[str, Download]] = field(default_factory=dict)  # kind: (digest, file)

    @property
    def unsaved(self) -> int:
        return len(self.pending) + int(self.pending_targets)


# --------------------------------------------------------------------------- open


def open_working(store: AnswerStore, framework: Framework, assessment_id: str) -> Working | None:
    """A working copy of a saved assessment; None for a malformed or unknown id.

    Answers saved under retired question ids are moved to their new ids (the moves are pending
    saves, with a notice each). Raises StoreError when the database cannot be read.
    """
    if not looks_like_token(assessment_id):
        return None
    saved = store.load(assessment_id)
    if saved is None:
        return None
    responses, moves, notices = carry_over_saved(saved, framework)
    return Working(assessment_id, responses, pending=moves, notices=notices)


@dataclass(frozen=True)
class NewAssessment:
    """The start form, as typed."""

    name: str
    sector: str = ""
    size: str = ""
    assessor: str = ""
    sector_id: Sector | None = None  # the choice; `sector` holds the words (Other's detail)


def create(
    store: AssessmentStore,
    form: NewAssessment,
    today: dt.date | None = None,
    *,
    client_key: str = "",
    session_key: str = "",
) -> Outcome[Working]:
    """A new assessment from the start form, within the per-client limit on new assessments
    (per browser session when `session_key` is given, with a higher ceiling per address)."""
    try:
        organization = Organization(
            name=form.name,
            sector=form.sector.strip()
            or (SECTOR_LABELS[form.sector_id] if form.sector_id else None),
            sector_id=form.sector_id,
            size=form.size or None,
            assessor=form.assessor.strip() or None,
            date=today or dt.date.today(),
        )
    except ValidationError as exc:
        return Outcome.refused(*[_friendly(m) for m in describe_errors(exc)])
    try:
        with unit_of_work(store.engine) as uow:  # a failed creation is not counted
            CreationLimiter(engine=store.engine).check_and_record(
                ASSESSMENT, client_key, uow, session_key
            )
            assessment_id = store.create(organization, uow)
    except TooManyCreations as exc:
        return Outcome.refused(str(exc))
    except StoreError as exc:
        return Outcome.refused(f"The assessment could not be created: {exc}. Please try again.")
    return Outcome(Working(assessment_id, Responses(organization=organization)))


def _friendly(message: str) -> str:
    if message.startswith("field 'name'"):
        return "Please enter the organisation's name (up to 200 characters)."
    return message


def import_answers(
    store: AssessmentStore,
    framework: Framework,
    data: bytes,
    *,
    client_key: str = "",
    session_key: str = "",
) -> Outcome[Working]:
    """A new assessment holding an answers file; refused with the file's problems (or over the
    per-client limit on new assessments)."""
    try:
        read = read_answers(data, framework)
    except AnswersFileError as exc:
        return Outcome.refused(*exc.problems)
    try:
        with unit_of_work(store.engine) as uow:  # a failed import is not counted
            CreationLimiter(engine=store.engine).check_and_record(
                ASSESSMENT, client_key, uow, session_key
            )
            assessment_id = SeriesStore(store.engine).import_responses(read.responses, uow)
    except TooManyCreations as exc:
        return Outcome.refused(str(exc))
    except StoreError as exc:
        return Outcome.refused(
            f"The file was read but could not be saved: {exc}. Please try again."
        )
    return Outcome(Working(assessment_id, read.responses, notices=list(read.notices)))


def id_from_text(text: str) -> str | None:
    """The assessment id in a pasted link (`...?a=<id>`) or a bare code; None if neither."""
    text = (text or "").strip()
    if looks_like_token(text):
        return text
    try:
        values = parse_qs(urlparse(text).query).get(URL_PARAM, [])
    except ValueError:
        return None
    return values[0] if values and looks_like_token(values[0]) else None


def resume(store: AnswerStore, framework: Framework, text: str) -> Outcome[Working]:
    """The assessment a pasted link or code names."""
    assessment_id = id_from_text(text)
    if assessment_id is None:
        return Outcome.refused(
            "That is not an assessment link or code. Paste the whole link you kept."
        )
    try:
        work = open_working(store, framework, assessment_id)
    except StoreError as exc:
        return Outcome.refused(f"The assessment could not be read: {exc}. Please try again.")
    if work is None:
        return Outcome.refused(
            "No assessment has that link or code. Check that it was copied whole."
        )
    return Outcome(work)


def remembered(store: AnswerStore, framework: Framework, cookie: str | None) -> Working | None:
    """The assessment this device opened last (its id kept in a cookie), if it still exists.

    Anything else in the cookie (cut short, edited, an assessment since deleted, a database
    that cannot be read right now) gives None: the offer to resume is simply not made.
    """
    if not cookie or not looks_like_token(cookie):
        return None
    try:
        return open_working(store, framework, cookie)
    except StoreError:
        return None


# --------------------------------------------------------------------------- answer


def flush(store: AnswerStore, work: Working) -> bool:
    """Try to save whatever is pending; True when nothing is left unsaved.

    A failure keeps the pending saves in the copy (retried on the next call) and records the
    reason for the user to see. Targets are saved only to an `AssessmentStore` (a workshop
    participant has none to save).
    """
    if not work.unsaved:
        return True
    if work.gone:
        return False
    try:
        if work.pending:
            store.save_answers(work.assessment_id, dict(work.pending))
            work.pending.clear()
        if work.pending_targets and isinstance(store, AssessmentStore):
            store.save_targets(work.assessment_id, work.responses.targets)
            work.pending_targets = False
    except StoreError as exc:
        work.last_error = str(exc)
        work.gone = is_gone(store, work.assessment_id)
        return False
    work.last_error = None
    return not work.unsaved


def is_gone(store: AnswerStore, assessment_id: str) -> bool:
    """Whether the store no longer holds this assessment (asked after a failed save: a purged
    assessment or workshop refuses every save, which must not read as "busy, retrying").
    False when the database cannot be read: then it is away, not the assessment."""
    try:
        return store.load(assessment_id) is None
    except StoreError:
        return False


def hold_answer(work: Working, question_id: str, answer: Answer | None) -> None:
    """Keep an answer in the copy as a pending save (None clears it), without saving yet.

    The page shows the answer with "Saving..." at once and saves (`flush`) once it is drawn,
    so a slow or locked database never keeps the user looking at an unchanged page.
    """
    if answer is None:
        work.responses.answers.pop(question_id, None)
    else:
        work.responses.answers[question_id] = answer
    work.pending[question_id] = answer
    work.last_saved = question_id
    work.version += 1


def hold_choice(work: Working, question_id: str, choice: Choice) -> None:
    """A new choice for a question, kept to be saved; the note given with it stays."""
    previous = work.responses.answers.get(question_id)
    note = previous.note if previous else ""
    hold_answer(work, question_id, Answer(choice=choice, note=note))


def hold_note(work: Working, question_id: str, note: str) -> bool:
    """A note (or an N/A reason) for an answered question, kept to be saved; False when there
    is nothing to change (no answer yet, or the same note)."""
    previous = work.responses.answers.get(question_id)
    note = note[:MAX_NOTE_CHARS]
    if previous is None or previous.note == note:
        return False
    hold_answer(work, question_id, Answer(choice=previous.choice, note=note))
    return True


def hold_targets(work: Working, targets: Mapping[str, int]) -> None:
    """New targets kept in the copy, to be saved with the next `flush`."""
    work.responses.targets = dict(targets)
    work.pending_targets = True
    work.version += 1


# --------------------------------------------------------------------------- evaluate


def evaluation(framework: Framework, work: Working) -> Evaluation:
    """Score and plan for the copy's answers, computed once per change (not once per rerun)."""
    if work._evaluation is None or work._evaluation[0] != work.version:
        work._evaluation = (work.version, evaluate(framework, work.responses))
    return work._evaluation[1]


def export(
    framework: Framework,
    work: Working,
    kind: str,
    brand: Brand = NO_BRAND,
    paper: str = DEFAULT_PAPER,
    start: dt.date | None = None,
    with_backlog: bool = False,
) -> Outcome[Download]:
    """A file of the bundle (docx, xlsx, ics, tracker-csv) for the copy's answers, built once
    per change of answers or paper (kept in the copy); refused with the reason when there is
    nothing to put in it (a calendar of a plan with no step). The Word report is on `paper`."""
    return deliverables.bundle_file(
        framework,
        evaluation(framework, work),
        kind,
        brand,
        cache=work._files,
        paper=paper,
        start=start,
        with_backlog=with_backlog,
    )


def report_pdf(
    framework: Framework,
    work: Working,
    paper: str = DEFAULT_PAPER,
    brand: Brand = NO_BRAND,
    progress: ProgressView | None = None,
    start: dt.date | None = None,
) -> Download:
    """The PDF action plan for the copy's answers, built once per change of answers, paper or
    start day (a follow-up's with its progress page, `followups.app_progress`)."""
    return deliverables.report_pdf(
        framework,
        evaluation(framework, work),
        paper,
        brand,
        cache=work._files,
        progress=progress,
        start=start,
    )


def report_pdf_name(framework: Framework, work: Working) -> str:
    """The name `report_pdf` gives its file, without building it."""
    return deliverables.report_pdf_name(evaluation(framework, work))


# --------------------------------------------------------------------------- where the user is


def step_from_param(raw: str | None, steps: int) -> int | None:
    """The step a `?step=` value names, or None when it names none (absent, not a plain
    number such as "²" or "1e3", thousands of digits, or out of range)."""
    if raw is None or not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
        return None
    step = int(raw)
    return step if 1 <= step <= steps else None


@dataclass(frozen=True)
class StepProgress:
    """One step of the questionnaire (a dimension) and how much of it is answered."""

    step: int
    dimension_id: str
    name: str
    answered: int
    total: int

    @property
    def done(self) -> bool:
        return self.answered >= self.total


def step_progress(framework: Framework, answers: Mapping[str, Answer]) -> list[StepProgress]:
    return [
        StepProgress(
            step=index,
            dimension_id=dim.id,
            name=dim.name,
            answered=sum(1 for q in framework.questions_for(dim.id) if q.id in answers),
            total=len(framework.questions_for(dim.id)),
        )
        for index, dim in enumerate(framework.dimensions, start=1)
    ]


@dataclass(frozen=True)
class Unanswered:
    """A question still without an answer, with where it is: its step and its number."""

    step: int
    number: int  # 1..N over the whole questionnaire, as the wizard numbers it
    question: Question


def unanswered(framework: Framework, answers: Mapping[str, Answer]) -> list[Unanswered]:
    """Every unanswered question, in the order the wizard asks them, numbered as everywhere
    (`readout.build.question_numbers`)."""
    numbers = question_numbers(framework)
    return [
        Unanswered(step, numbers[question.id], question)
        for step, dim in enumerate(framework.dimensions, start=1)
        for question in framework.questions_for(dim.id)
        if question.id not in answers
    ]


# --------------------------------------------------------------------------- results first


def readout(framework: Framework, work: Working, today: dt.date | None = None) -> Readout:
    """What the Results page shows (the same object the PDF and the other files draw), built
    once per change of answers."""
    if work._readout is None or work._readout[0] != work.version:
        work._readout = (work.version, build_readout(framework, evaluation(framework, work), today))
    return work._readout[1]


def level_band(framework: Framework, level: int) -> tuple[int, int]:
    """The scores (0-100) a level covers: from its lower bound to just below the next one."""
    ordered = sorted(framework.levels, key=lambda lv: lv.min_score)
    for index, lv in enumerate(ordered):
        if lv.level == level:
            upper = ordered[index + 1].min_score - 1 if index + 1 < len(ordered) else 100
            return int(lv.min_score), int(upper)
    raise KeyError(level)
