"""Use cases on answers files alone: score one (`evaluate_file`), start a follow-up file,
compare two, read step statuses from a file. No store, so the CLI's score and compare do not
import SQLAlchemy; `assessments` and `followups` re-export them beside the store's use cases.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
from ..domain.progress import Progress, choice_words, compare, trend
from ..files.answers_file import dump_answers, read_answers
from ..files.plan_status import StatusImport, StatusImportError, read_statuses
from ..files.series_ref import file_ref
from ..readout.progress import ProgressView, progress_view
from .outcome import Outcome


@dataclass(frozen=True)
class FileEvaluation:
    evaluation: Evaluation
    notices: list[str]


def evaluate_file(framework: Framework, data: bytes) -> FileEvaluation:
    """An answers file scored and planned; AnswersFileError names what is wrong with it."""
    read = read_answers(data, framework)
    return FileEvaluation(evaluate(framework, read.responses), list(read.notices))


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
    view = progress_view(framework, compared.progress, since, points, later.organization.sector_id)
    return view, compared.warnings
