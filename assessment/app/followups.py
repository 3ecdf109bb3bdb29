"""Follow-up use cases: start the next assessment of a series, confirm carried-over answers,
mark plan steps, and compare an assessment with the one it follows (app, CLI and files alike).

Each use case is one store call (or one pure computation) and hands back a value or the
problems in words (`Outcome`); the comparison itself is `domain.progress.compare`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from ..domain.evaluation import Evaluation, evaluate
from ..domain.models import (
    Answer,
    FollowUpMode,
    Framework,
    PlannedAction,
    Responses,
    SeriesLink,
    StepStatus,
)
from ..domain.progress import Progress, TrendPoint, choice_words, compare, trend
from ..files.answers_file import dump_answers, read_answers
from ..files.plan_status import StatusImport, StatusImportError, read_statuses
from ..readout.progress import ProgressView, progress_view
from ..store import StoreError, unit_of_work
from ..store.limits import ASSESSMENT, CreationLimiter, TooManyCreations
from ..store.series import SeriesEntry, SeriesStore, file_ref
from .assessments import AnswerStore, Working, flush, hold_answer, open_working
from .outcome import Outcome

MODES = tuple(m.value for m in FollowUpMode)


# --------------------------------------------------------------------------- files (CLI)


def follow_up_responses(
    framework: Framework, earlier: Responses, mode: FollowUpMode, today: dt.date
) -> Responses:
    """The next assessment's answers file: same organisation, dated today, linked to the earlier.

    Carried: each earlier choice is there to confirm or change (notes left blank: they told
    last time's story). Fresh: nothing answered.
    """
    answers = (
        {qid: Answer(choice=a.choice) for qid, a in earlier.answers.items()}
        if mode == FollowUpMode.CARRIED
        else {}
    )
    return Responses(
        organization=earlier.organization.model_copy(update={"date": today}),
        answers=answers,
        targets=dict(earlier.targets),
        series=SeriesLink(
            previous_id=file_ref(earlier),
            previous_date=earlier.organization.date,
            mode=mode,
        ),
    )


def follow_up_file(
    framework: Framework, responses: Responses, mode: FollowUpMode, today: dt.date
) -> str:
    """The follow-up as an answers file; a fresh one lists every question with a null choice,
    like the offline template."""
    new = follow_up_responses(framework, responses, mode, today)
    if mode == FollowUpMode.CARRIED:
        return dump_answers(new)
    doc = json.loads(dump_answers(new))
    doc["answers"] = {q.id: {"choice": None, "note": ""} for q in framework.questions}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class FileComparison:
    progress: Progress
    then: Evaluation
    now: Evaluation
    warnings: list[str] = field(default_factory=list)


def compare_responses(
    framework: Framework,
    earlier: Responses,
    later: Responses,
    statuses: Mapping[str, StepStatus] | None = None,
) -> FileComparison:
    """Two answers files compared; a warning when the later does not name the earlier."""
    warnings = []
    link = later.series
    if link is None or link.previous_id is None:
        warnings.append("the later file names no earlier assessment; compared as given")
    elif link.previous_id != file_ref(earlier):
        warnings.append(
            "the later file follows up another assessment (or the earlier file was changed "
            "since); compared as given"
        )
    then, now = evaluate(framework, earlier), evaluate(framework, later)
    given = dict(earlier.step_status) | dict(statuses or {})
    return FileComparison(compare(framework, then, now, given), then, now, warnings)


def read_file(framework: Framework, data: bytes) -> Responses:
    """An answers file (AnswersFileError names what is wrong with it)."""
    return read_answers(data, framework).responses


# --------------------------------------------------------------------------- as data and text


def progress_dict(progress: Progress) -> dict[str, Any]:
    """The comparison for other tools: `compare --format json`."""
    return {
        "level": progress.level.model_dump(mode="json"),
        "decision": progress.decision.model_dump(mode="json"),
        "dimensions": {
            d.id: {
                "then": d.then,
                "now": d.now,
                "moved": d.moved,
                "small": d.small,
                "level_then": d.level_then,
                "level_now": d.level_now,
                "rose": d.rose,
                "fell": d.fell,
            }
            for d in progress.dimensions
        },
        "changed": [
            {
                "question": c.question,
                "from": c.then,
                "to": c.now,
                "direction": c.direction,
                "note_from": c.note_then,
                "note_to": c.note_now,
            }
            for c in progress.changed
        ],
        "steps": [
            {
                "id": s.id,
                "title": s.title,
                "section": s.section,
                "status": s.status.value,
                "date": s.date,
                "note": s.note,
                "showing": s.showing,
            }
            for s in progress.steps
        ],
        "fell": [c.question for c in progress.fell],
        "flags_raised": progress.flags_raised,
        "flags_cleared": progress.flags_cleared,
        "confidence": {"then": progress.confidence[0], "now": progress.confidence[1]},
        "completeness": {"then": progress.completeness[0], "now": progress.completeness[1]},
    }


def _score(value: float | None) -> str:
    return "not assessed" if value is None else f"{value:.0f}"


def progress_lines(framework: Framework, progress: Progress) -> list[str]:
    """The comparison as plain text: the story, each dimension, the steps, what fell."""
    lines = list(progress.level.story)
    lines.append(f"Decision: {progress.decision.kind}. {progress.decision.reason}")
    lines.append("")
    lines.append("Dimensions (then -> now):")
    for d in progress.dimensions:
        if d.moved is None:
            how = "no comparison (not assessed at both ends)"
        elif d.moved == 0:
            how = "no change"
        else:
            how = f"{d.moved:+.0f}" + (
                " (small: within one answer by one option)" if d.small else ""
            )
        lines.append(f"  {d.name}: {_score(d.then)} -> {_score(d.now)}, {how}")
    done = [s for s in progress.steps if s.status.value == "done"]
    if done:
        lines.append("")
        lines.append("Steps done:")
        for s in done:
            word = {True: "showing", False: "not showing yet", None: "cannot tell yet"}[s.showing]
            lines.append(f"  {s.title}: done, {word}")
    if progress.fell:
        lines.append("")
        lines.append("Answers that fell:")
        for c in progress.fell:
            q = framework.question(c.question)
            lines.append(f"  {q.topic or q.text}: {choice_words(c.then)} -> {choice_words(c.now)}")
    lines.append("")
    lines.append(
        f"Confidence {progress.confidence[0]:.0f}% -> {progress.confidence[1]:.0f}%, "
        f"completeness {progress.completeness[0]:.0f}% -> {progress.completeness[1]:.0f}%"
    )
    return lines


# --------------------------------------------------------------------------- in the app


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


def plan_steps(framework: Framework, responses: Responses) -> list[PlannedAction]:
    """The steps of an assessment's plan and backlog: what statuses are set on."""
    ev = evaluate(framework, responses)
    return ev.plan.actions + ev.plan.backlog


def statuses_from_file(
    framework: Framework, responses: Responses, data: bytes, today: dt.date | None = None
) -> Outcome[StatusImport]:
    """Step statuses from the XLSX plan or a tracker's export; refused when the file has no
    columns to read them from. Rows that match no step are in the import's `problems`."""
    try:
        return Outcome(read_statuses(data, plan_steps(framework, responses), today))
    except StatusImportError as exc:
        return Outcome.refused(f"The statuses could not be read: {exc}.")


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


def files_progress(
    framework: Framework,
    earlier: list[Responses],
    later: Responses,
    statuses: Mapping[str, StepStatus] | None = None,
) -> tuple[ProgressView, list[str]]:
    """The progress page of `later` from answers files of the series before it (oldest first):
    compared with the last of them (its plan's statuses from the file and `statuses`), the
    trend over all of them; with the warnings of the comparison."""
    compared = compare_responses(framework, earlier[-1], later, statuses)
    points = trend([evaluate(framework, r) for r in earlier] + [compared.now])
    since = earlier[-1].organization.date
    return progress_view(framework, compared.progress, since, points), compared.warnings


def app_progress(engine: Engine, framework: Framework, work: Working) -> ProgressView | None:
    """The progress page of an assessment that follows up one held here, else None."""
    outcome = progress_for(engine, framework, work)
    follow = follow_up_of(engine, framework, work.assessment_id)
    if outcome.value is None or follow is None:
        return None
    points = series_trend(engine, framework, work)
    return progress_view(framework, outcome.value, follow.last_time.organization.date, points)


def keep_statuses(work: Working, statuses: Mapping[str, StepStatus]) -> None:
    """Hold the plan's step statuses in the working copy, so the files built from it (the XLSX
    plan, the answers file) carry them; a change counts as a change of the copy."""
    if dict(work.responses.step_status) != dict(statuses):
        work.responses.step_status = dict(statuses)
        work.version += 1
