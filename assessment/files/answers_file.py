"""The answers file: JSON people exchange and keep. Parse with one clear message per problem."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from pydantic import ValidationError

from ..domain.models import (
    MAX_FIELD_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    SCHEMA_VERSION,
    Answer,
    Framework,
    Organization,
    Responses,
)
from ..domain.sector_ids import Sector

MAX_NESTING = 10  # an answers file nests 3 deep (file, "answers", question); more is not one
MAX_NUMBER_DIGITS = 20  # choices, targets and the version are one digit; 5,000 digits crash int()
MAX_UTF8_BYTES_PER_CHAR = 4  # no character takes more; controls JSON would escape are stripped
ANSWER_SLACK_BYTES = 1_024  # per answer: keys, choice, indentation, escaped quotes and breaks
FILE_SLACK_BYTES = 64 * 1_024  # organisation keys, dates, targets, BOM, an editor's re-indenting
# A JSON string, or an unterminated one up to the end: possessive, so every quote is looked at
# once (a pattern that fails on `"\"\"\"...` retries from each quote: quadratic, minutes for 2 MB).
_STRING = re.compile(r'"(?:[^"\\]++|\\[\s\S]?)*+(?:"|\Z)')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def max_file_bytes(framework: Framework) -> int:
    """The size limit for an answers file, computed from the note and field limits.

    Every answer may carry a note of MAX_NOTE_CHARS characters, each up to 4 bytes in UTF-8,
    so the limit is what `dump_answers` writes for a file with every question (and every
    retired id an older file may still use) answered with a maximal note, plus slack: an
    exported file always imports again. About 3.2 MB for 39 questions.
    """
    answers = len(framework.questions) + len(framework.retired)
    per_answer = MAX_NOTE_CHARS * MAX_UTF8_BYTES_PER_CHAR + ANSWER_SLACK_BYTES
    organization = (MAX_NAME_CHARS + 3 * MAX_FIELD_CHARS) * MAX_UTF8_BYTES_PER_CHAR
    return answers * per_answer + organization + FILE_SLACK_BYTES


MAX_PROBLEMS = 20  # listed one by one; past that, a count (a file of 50,000 wrong ids)
MAX_PROBLEM_CHARS = 300  # a key or value quoted in a message is cut, not repeated whole


class AnswersFileError(ValueError):
    """The file was refused; `problems` holds one readable message per problem.

    Messages quote the file's keys and values, so each is cut to MAX_PROBLEM_CHARS with any
    unpaired surrogate written as `\\udXXX` (printable, and encodable for the page), and past
    MAX_PROBLEMS the rest are counted.
    """

    def __init__(self, problems: list[str]):
        shown = [_printable(p) for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"and {len(problems) - MAX_PROBLEMS:,} more problems")
        self.problems = shown
        super().__init__("; ".join(shown))


def _printable(problem: str) -> str:
    text = problem.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= MAX_PROBLEM_CHARS else text[: MAX_PROBLEM_CHARS - 1] + "\u2026"


def describe_errors(exc: ValidationError) -> list[str]:
    """pydantic errors as messages a person can act on, naming the question id or field."""
    problems = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = [str(p) for p in err["loc"]]
        msg = err["msg"].removeprefix("Value error, ")
        if len(loc) >= 2 and loc[0] == "answers":
            where = f"question '{loc[1]}'" + (f" field '{'.'.join(loc[2:])}'" if loc[2:] else "")
        elif len(loc) >= 2 and loc[0] == "targets":
            where = f"target for '{loc[1]}'"
        else:
            where = f"field '{'.'.join(loc)}'" if loc else "file"
        problems.append(f"{where}: {msg}")
    return problems


@dataclass(frozen=True)
class ReadAnswers:
    """An answers file as read: the responses, and notices for whoever loaded it.

    Notices say what was done to a file written for an earlier questionnaire (a renamed question
    carried over, a removed question's answer not loaded); the file is still accepted.
    """

    responses: Responses
    notices: list[str] = field(default_factory=list)


def read_answers(data: bytes | str, framework: Framework) -> ReadAnswers:
    """Parse and check an answers file, mapping retired question ids; notices say what changed."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    limit = max_file_bytes(framework)
    if len(raw) > limit:
        raise AnswersFileError([f"file is {len(raw):,} bytes; the limit is {limit:,}"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersFileError(["file is not UTF-8 text"]) from None
    doc = _load_json(text)
    if not isinstance(doc, dict):
        raise AnswersFileError(["not an answers file: expected a JSON object at the top"])
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        raise AnswersFileError(
            [f"field 'schema_version': expected {SCHEMA_VERSION}, got {json.dumps(version)[:40]}"]
        )
    problems = _drop_unanswered(doc)
    notices = _carry_over_retired(doc, framework)
    problems += _unknown_ids(doc, framework)
    try:
        responses = Responses.model_validate(doc)
    except ValidationError as exc:
        raise AnswersFileError(describe_errors(exc) + problems) from None
    if problems:
        raise AnswersFileError(problems)
    return ReadAnswers(responses=responses, notices=notices)


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks: the file is refused with this message."""


def _load_json(text: str) -> Any:
    """json.loads that refuses, with one message, what it would crash on or silently accept.

    Nesting deeper than MAX_NESTING (json recurses: 10,000 levels raise RecursionError) is
    refused before parsing; numbers with more than MAX_NUMBER_DIGITS digits (int() raises
    past 4,300), NaN/Infinity (not JSON) and a key repeated in one object (json keeps the last
    one silently) while parsing.
    """
    depth = _nesting(text)
    if depth > MAX_NESTING:
        raise AnswersFileError(
            [f"not an answers file: JSON nested {depth:,} levels deep (the limit is {MAX_NESTING})"]
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_repeated_keys,
            parse_int=_small_int,
            parse_constant=_no_constant,
        )
    except _Refused as exc:
        raise AnswersFileError([str(exc)]) from None
    except RecursionError:  # pragma: no cover - _nesting refuses such files first
        raise AnswersFileError(["not an answers file: JSON nested too deep"]) from None
    except json.JSONDecodeError as exc:
        raise AnswersFileError([f"not JSON: {exc.msg} at line {exc.lineno}"]) from None


def _nesting(text: str) -> int:
    """How deep arrays and objects nest, counted without recursion (strings skipped)."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    steps = (1 if c in "[{" else -1 for c in brackets)
    return max(accumulate(steps, initial=0))


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc = dict(pairs)
    if len(doc) == len(pairs):
        return doc
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Refused(f"key {json.dumps(key)[:80]} appears twice in one object; keep one")
        seen.add(key)
    return doc  # pragma: no cover - a shorter dict means a key repeats


def _small_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(
            f"a number has {len(digits.lstrip('-')):,} digits; numbers in an answers file are "
            f"scores 0-4 and levels 1-5"
        )
    return int(digits)


def _no_constant(name: str) -> Any:
    raise _Refused(f"not JSON: {name} is not a JSON number")


def carry_over_saved(
    responses: Responses, framework: Framework
) -> tuple[Responses, dict[str, Answer | None], list[str]]:
    """Answers an older version saved under retired ids, moved to their new ids.

    Returns the moved responses, the saves that make the move stick in the store (old id
    cleared, new id written) and one notice per change, so nothing is lost without a word.
    """
    if not any(framework.retired_question(qid) for qid in responses.answers):
        return responses, {}, []
    doc = responses.model_dump(mode="json")
    notices = _carry_over_retired(doc, framework)
    moved = Responses.model_validate(doc)
    saves: dict[str, Answer | None] = {
        qid: None for qid in responses.answers if qid not in moved.answers
    }
    saves |= {qid: a for qid, a in moved.answers.items() if responses.answers.get(qid) != a}
    return moved, saves, notices


def _carry_over_retired(doc: dict[str, Any], framework: Framework) -> list[str]:
    """Move answers under renamed ids to their new ids, drop removed ones; one notice each."""
    answers = doc.get("answers")
    if not isinstance(answers, dict):
        return []
    notices = []
    for qid in list(answers):
        retired = framework.retired_question(qid)
        if retired is None:
            continue
        entry = answers.pop(qid)
        if retired.replaced_by is not None and retired.replaced_by in answers:
            notices.append(
                f"question '{qid}' is now '{retired.replaced_by}', which the file also answers: "
                f"the answer under the old id was not loaded"
            )
            continue
        if retired.replaced_by is not None:
            answers[retired.replaced_by] = entry
        notices.append(retired.notice())
    return notices


def _unknown_ids(doc: dict[str, Any], framework: Framework) -> list[str]:
    question_ids = {q.id for q in framework.questions}
    dimension_ids = {d.id for d in framework.dimensions}
    answers = doc.get("answers")
    targets = doc.get("targets")
    problems = []
    if isinstance(answers, dict):
        problems += [
            f"question '{k}': unknown question id" for k in answers if k not in question_ids
        ]
    if isinstance(targets, dict):
        problems += [
            f"target for '{k}': unknown dimension id" for k in targets if k not in dimension_ids
        ]
    return problems


def dump_answers(responses: Responses) -> str:
    """The answers file as pretty JSON; `read_answers` of it gives back the same Responses."""
    unset = {k for k in ("series", "step_status") if not getattr(responses, k)}  # files as before
    doc = responses.model_dump(mode="json", exclude=unset)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def empty_template(
    framework: Framework, organization_name: str = "Your organisation", sector: Sector | None = None
) -> str:
    """An answers file listing every question with `"choice": null`, to fill in offline.

    `read_answers` treats a null choice with no note as not answered yet.
    """
    doc = Responses(
        organization=Organization(name=organization_name, date=dt.date.today(), sector_id=sector)
    ).model_dump(mode="json")
    doc["answers"] = {q.id: {"choice": None, "note": ""} for q in framework.questions}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _drop_unanswered(doc: dict[str, Any]) -> list[str]:
    """Drop template placeholders (null choice, no note); refuse a note without a choice."""
    answers = doc.get("answers")
    if not isinstance(answers, dict):
        return []
    problems = []
    for qid, entry in list(answers.items()):
        if isinstance(entry, dict) and entry.get("choice", ...) is None:
            if entry.get("note"):
                problems.append(
                    f"question '{qid}' field 'choice': a note needs a choice "
                    f'(use "dont_know" when unsure)'
                )
            del answers[qid]
    return problems
