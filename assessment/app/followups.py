"""Follow-up use cases: start the next assessment of a series, confirm carried-over answers,
mark plan steps, and compare an assessment with the one it follows (app, CLI and files alike).

Each use case is one store call (or one pure computation) and hands back a value or the
problems in words (`Outcome`); the comparison itself is `domain.progress.compare`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from ..domain.evaluation import Evaluation, evaluate
from ..domain.models import (
    FollowUpMode,
    Framework,
    Responses,
    StepStatus,
)
from ..domain.progress import Progress, TrendPoint, compare, trend
from ..files.plan_status import StatusImport
from ..readout.progress import ProgressView, progress_view
from ..store import StoreError, unit_of_work
from ..store.limits import ASSESSMENT, CreationLimiter, TooManyCreations
from ..store.series import SeriesEntry, SeriesStore
from .answer_files import (
    MODES,
    FileComparison,
    compare_responses,
    file_ref,
    files_progress,
    follow_up_file,
    follow_up_responses,
    plan_steps,
    progress_dict,
    progress_lines,
    read_file,
    statuses_from_file,
)
from .assessments import AnswerStore, Working, flush, hold_answer, open_working
from .outcome import Outcome

__all__ = [
    "MODES",
    "FileComparison",
    "compare_responses",
    "file_ref",
    "files_progress",
    "follow_up_file",
    "follow_up_responses",
    "plan_steps",
    "progress_dict",
    "progress_lines",
    "read_file",
    "statuses_from_file",
]


@dataclass
class FollowUp:
    """A follow-up being answered: the earlier answers to show as "last time"."""

    previous_id: str
    mode: FollowUpMode
    last_time: Responses


def start_follow_up(
    engine: Engine,
    framework: Framework,
    assessment_id: str,
    mode: FollowUpMode,
    today: dt.date | None = None,
    *,
    client_key: str = "",
    session_key: str = "",
) -> Outcome[Working]:
    """The next assessment of this one's series, opened; the earlier one becomes read-only.
    A follow-up is a new assessment: it counts against the hourly limit, per browser session
    when `session_key` is given (with a higher ceiling per address), as `create` does."""
    try:
        with unit_of_work(engine) as uow:  # a failed follow-up is not counted
            CreationLimiter(engine=engine).check_and_record(
                ASSESSMENT, client_key, uow, session_key
            )
            new_id = SeriesStore(engine).follow_up(assessment_id, mode, today, uow)
        work = open_working(SeriesStore(engine).assessments, framework, new_id)
    except TooManyCreations as exc:
        return Outcome.refused(str(exc))
    except StoreError as exc:
        return Outcome.refused(f"The follow-up could not be started: {exc}.")
    if work is None:  # pragma: no cover - created just above
        return Outcome.refused("The follow-up could not be opened. Please try again.")
    return Outcome(work)


def follow_up_of(engine: Engine, framework: Framework, assessment_id: str) -> FollowUp | None:
    """When this assessment follows up one held here: the earlier answers and the mode."""
    series = SeriesStore(engine)
    previous = series.previous(assessment_id)
    link = series.link(assessment_id)
    if previous is None or link is None:
        return None
    earlier = series.assessments.load(previous)
    if earlier is None:
        return None
    return FollowUp(previous, link.mode or FollowUpMode.FRESH, earlier)


def confirm(store: AnswerStore, work: Working, follow: FollowUp, question_id: str) -> bool:
    """Take last time's answer (and note) as this time's; saved at once. False when last time
    had no answer to confirm."""
    last = follow.last_time.answers.get(question_id)
    if last is None:
        return False
    hold_answer(work, question_id, last)
    return flush(store, work)


def followed_up(engine: Engine, assessment_id: str) -> bool:
    """True once the assessment has a follow-up (its answers are then read-only)."""
    try:
        return SeriesStore(engine).follower(assessment_id) is not None
    except StoreError:
        return False


def series_of(engine: Engine, assessment_id: str) -> list[SeriesEntry]:
    return SeriesStore(engine).series(assessment_id)


def mark_step(
    engine: Engine, assessment_id: str, step_id: str, status: StepStatus
) -> Outcome[StepStatus]:
    try:
        SeriesStore(engine).set_status(assessment_id, step_id, status)
    except StoreError as exc:
        return Outcome.refused(f"The step's status was not saved: {exc}. Please try again.")
    return Outcome(status)


def step_statuses(engine: Engine, assessment_id: str) -> dict[str, StepStatus]:
    try:
        return SeriesStore(engine).statuses(assessment_id)
    except StoreError:
        return {}


def progress_for(engine: Engine, framework: Framework, work: Working) -> Outcome[Progress]:
    """What moved since the assessment this one follows up (refused when it follows none)."""
    try:
        follow = follow_up_of(engine, framework, work.assessment_id)
        if follow is None:
            return Outcome.refused("This assessment does not follow up another one.")
        statuses = SeriesStore(engine).statuses(follow.previous_id)
    except StoreError as exc:
        return Outcome.refused(f"The earlier assessment could not be read: {exc}.")
    then = evaluate(framework, follow.last_time)
    now = evaluate(framework, work.responses)
    return Outcome(compare(framework, then, now, statuses))


def import_statuses(
    engine: Engine,
    framework: Framework,
    assessment_id: str,
    responses: Responses,
    data: bytes,
    today: dt.date | None = None,
) -> Outcome[StatusImport]:
    """Set the steps' statuses from a file; nothing else of the assessment changes."""
    read = statuses_from_file(framework, responses, data, today)
    if read.value is None:
        return read
    try:
        SeriesStore(engine).set_statuses(assessment_id, read.value.statuses)
    except StoreError as exc:
        return Outcome.refused(f"The statuses were read but not saved: {exc}. Please try again.")
    return read


def with_series(engine: Engine, work: Working, evaluation: Evaluation) -> Evaluation:
    """The evaluation with the assessment's series link and step statuses in its responses, so
    the answers file (and the XLSX plan) carry them; as it was when the store cannot say."""
    try:
        series = SeriesStore(engine)
        link, statuses = series.link(work.assessment_id), series.statuses(work.assessment_id)
    except StoreError:
        return evaluation
    if link is None and not statuses:
        return evaluation
    responses = evaluation.responses.model_copy(update={"series": link, "step_status": statuses})
    return evaluation.model_copy(update={"responses": responses})


def series_trend(engine: Engine, framework: Framework, work: Working) -> list[TrendPoint]:
    """The overall score at each assessment of this one's series held here, oldest first (this
    one as it stands in the copy); empty when the series cannot be read."""
    try:
        series = SeriesStore(engine)
        entries = series.series(work.assessment_id)
        evaluations = []
        for entry in entries:
            if entry.assessment_id == work.assessment_id:
                evaluations.append(evaluate(framework, work.responses))
            elif entry.assessment_id is not None:
                earlier = series.assessments.load(entry.assessment_id)
                if earlier is not None:
                    evaluations.append(evaluate(framework, earlier))
    except StoreError:
        return []
    return trend(evaluations)


def app_progress(engine: Engine, framework: Framework, work: Working) -> ProgressView | None:
    """The progress page of an assessment that follows up one held here, else None."""
    outcome = progress_for(engine, framework, work)
    follow = follow_up_of(engine, framework, work.assessment_id)
    if outcome.value is None or follow is None:
        return None
    points = series_trend(engine, framework, work)
    return progress_view(
        framework,
        outcome.value,
        follow.last_time.organization.date,
        points,
        work.responses.organization.sector_id,
    )


def keep_statuses(work: Working, statuses: Mapping[str, StepStatus]) -> None:
    """Hold the plan's step statuses in the working copy, so the files built from it (the XLSX
    plan, the answers file) carry them; a change counts as a change of the copy."""
    if dict(work.responses.step_status) != dict(statuses):
        work.responses.step_status = dict(statuses)
        work.version += 1
