"""Answers files built to break the parser, and text no engine stores alike: each gets a message.

Deep nesting, huge numbers, repeated keys and NaN are refused with one message; the size limit
follows from the note limits (the largest file the export can write imports again); NUL,
control characters and lone surrogates are stripped at input by the models.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from assessment.domain.models import (
    MAX_FIELD_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    Answer,
    Framework,
    Organization,
    Responses,
)
from assessment.files.answers_file import (
    MAX_NESTING,
    AnswersFileError,
    dump_answers,
    max_file_bytes,
    read_answers,
)

ROOT = Path(__file__).resolve().parents[2]


def problems(framework: Framework, data: str | bytes) -> list[str]:
    with pytest.raises(AnswersFileError) as err:
        read_answers(data, framework)
    return err.value.problems


def nested_lists(depth: int) -> str:
    """A JSON array `depth` levels deep, written by json.dumps where its recursion allows."""
    if depth <= 500:
        value: list[object] = []
        for _ in range(depth - 1):
            value = [value]
        return json.dumps(value)
    inner = nested_lists(500)
    return "[" * (depth - 500) + inner + "]" * (depth - 500)


def answers_doc(framework: Framework, entry: str) -> str:
    """An answers file whose first answer is the raw JSON `entry`."""
    qid = framework.questions[0].id
    return (
        '{"schema_version": 1, "organization": {"name": "Acme"}, '
        f'"answers": {{"{qid}": {entry}}}}}'
    )


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 10_000, 200_000])
def test_deep_nesting_is_refused_with_one_message(framework: Framework, depth: int) -> None:
    data = answers_doc(framework, nested_lists(depth))
    (problem,) = problems(framework, data)
    assert problem.startswith("not an answers file: JSON nested")
    assert f"{depth + 2:,} levels deep" in problem  # two levels of the file around it


def test_nesting_inside_strings_does_not_count(framework: Framework) -> None:
    note = '[[{{ "quoted \\" [[[ ' * 200 + "\\\\"
    data = answers_doc(framework, json.dumps({"choice": 1, "note": note}))
    assert read_answers(data, framework).responses.answers[
        framework.questions[0].id
    ].note == json.loads(json.dumps(note))


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "data",
    ['{"a": "' + '\\"' * 1_000_000, '"\\' * 1_000_000, '{"a": "' + "[" * 2_000_000 + "\\"],
    ids=["escaped-quotes", "quote-backslash", "unterminated"],
)
def test_unterminated_strings_are_scanned_in_linear_time(framework: Framework, data: str) -> None:
    (problem,) = problems(framework, data)
    assert problem.startswith("not JSON: ")


@pytest.mark.parametrize("place", ["choice", "version", "target"])
def test_a_5000_digit_integer_is_refused_with_one_message(framework: Framework, place: str) -> None:
    huge = "9" * 5_000
    qid = framework.questions[0].id
    data = {
        "choice": answers_doc(framework, f'{{"choice": -{huge}}}'),
        "version": f'{{"schema_version": {huge}, "organization": {{"name": "A"}}}}',
        "target": '{"schema_version": 1, "organization": {"name": "A"}, '
        f'"answers": {{"{qid}": {{"choice": 1}}}}, "targets": {{"purpose": {huge}}}}}',
    }[place]
    assert problems(framework, data) == [
        "a number has 5,000 digits; numbers in an answers file are scores 0-4 and levels 1-5"
    ]


def test_a_long_float_is_no_crash(framework: Framework) -> None:
    (problem,) = problems(framework, answers_doc(framework, '{"choice": 1' + "0" * 5000 + ".5}"))
    assert "field 'choice': must be a score 0-4" in problem


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ('{"choice": 1, "choice": 4}', '"choice"'),
        ('{"choice": 1, "note": "a", "note": "b"}', '"note"'),
    ],
)
def test_repeated_keys_are_refused_not_last_wins(
    framework: Framework, entry: str, key: str
) -> None:
    assert problems(framework, answers_doc(framework, entry)) == [
        f"key {key} appears twice in one object; keep one"
    ]


def test_a_question_answered_twice_is_refused(framework: Framework) -> None:
    qid = framework.questions[0].id
    doc = (
        '{"schema_version": 1, "organization": {"name": "A"}, '
        f'"answers": {{"{qid}": {{"choice": 1}}, "{qid}": {{"choice": 4}}}}}}'
    )
    assert problems(framework, doc) == [f'key "{qid}" appears twice in one object; keep one']


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(framework: Framework, constant: str) -> None:
    assert problems(framework, answers_doc(framework, f'{{"choice": {constant}}}')) == [
        f"not JSON: {constant} is not a JSON number"
    ]


# --------------------------------------------------------------------------- size


def largest_export(framework: Framework) -> bytes:
    """The biggest answers file the product writes: every question with a maximal note of
    4-byte characters, quotes and line breaks, and every organisation field full."""
    pattern = '\U0001f600\u00e9"\\\n\t東'
    note = (pattern * (MAX_NOTE_CHARS // len(pattern) + 1))[:MAX_NOTE_CHARS]
    wide = "\U0001f600" * MAX_FIELD_CHARS
    responses = Responses(
        organization=Organization(
            name="\U0001f600" * MAX_NAME_CHARS, sector=wide, size=wide, assessor=wide
        ),
        answers={q.id: Answer(choice="not_applicable", note=note) for q in framework.questions},
        targets={d.id: 5 for d in framework.dimensions},
    )
    return dump_answers(responses).encode("utf-8")


def test_the_largest_export_imports_again(framework: Framework) -> None:
    data = largest_export(framework)
    assert len(data) > 1_500_000  # far over the old 1 MB limit
    assert len(data) <= max_file_bytes(framework)
    back = read_answers(data, framework).responses
    assert dump_answers(back).encode("utf-8") == data


def test_size_limit_follows_the_note_limit(framework: Framework) -> None:
    limit = max_file_bytes(framework)
    assert limit >= len(framework.questions) * MAX_NOTE_CHARS * 4
    (problem,) = problems(framework, b" " * (limit + 1))
    assert problem == f"file is {limit + 1:,} bytes; the limit is {limit:,}"


def test_streamlit_accepts_an_upload_of_the_largest_file(framework: Framework) -> None:
    """Streamlit refuses uploads over server.maxUploadSize (MiB) before our check runs."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= max_file_bytes(framework)


# --------------------------------------------------------------------------- characters


def test_note_keeps_lines_and_tabs_and_drops_control_characters() -> None:
    note = Answer(choice=1, note="a\x00b\r\nc\rd\te\x1b[31m\x7f\x85\ud800f").note
    assert note == "ab\nc\nd\te[31mf"


@pytest.mark.parametrize("field", ["name", "sector", "size", "assessor"])
def test_one_line_fields_drop_nul_and_flatten_breaks(field: str) -> None:
    org = Organization.model_validate({"name": "Acme", field: "Ac\x00me\nLtd\t\ud800x"})
    assert getattr(org, field) == "Acme Ltd x"


def test_a_name_of_only_control_characters_is_missing() -> None:
    with pytest.raises(ValueError, match="at least 1 character"):
        Organization(name="\x00\x01 ")


def test_escaped_nul_and_surrogates_in_a_file_are_stripped(framework: Framework) -> None:
    raw = answers_doc(framework, '{"choice": 2, "note": "be\\u0000fore\\ud83d after\\u0007"}')
    raw = raw.replace('"name": "Acme"', '"name": "Ac\\u0000me", "sector": "x\\udfff"')
    read = read_answers(raw, framework).responses
    assert read.answers[framework.questions[0].id].note == "before after"
    assert read.organization.name == "Acme" and read.organization.sector == "x"
    dump_answers(read).encode("utf-8")  # the export of it is valid UTF-8


def test_messages_quote_keys_printably_briefly_and_count_the_rest(framework: Framework) -> None:
    many = ", ".join(f'"bogus.{i}": {{"choice": 1}}' for i in range(5_000))
    doc = f'{{"schema_version": 1, "organization": {{"name": "A"}}, "answers": {{{many}}}}}'
    found = problems(framework, doc)
    assert found[:2] == ["question 'bogus.0': unknown question id"] + [
        "question 'bogus.1': unknown question id"
    ]
    assert len(found) == 21 and found[-1] == "and 4,980 more problems"

    surrogate = answers_doc(framework, '{"choice": 1}').replace(
        framework.questions[0].id, "\\ud800" + "x" * 10_000
    )
    (problem,) = problems(framework, surrogate)
    problem.encode("utf-8")  # shown on a page or a terminal as it is
    assert problem.startswith("question '\\ud800xxx") and len(problem) == 300
