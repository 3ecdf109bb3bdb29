"""The answers file: round trip, and one readable message per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.domain.models import MAX_NOTE_CHARS, Answer
from assessment.files.answers_file import (
    AnswersFileError,
    dump_answers,
    empty_template,
    max_file_bytes,
    read_answers,
)
from tests.builders import responses


def _doc(framework, **overrides):
    q = framework.questions[0].id
    doc = {
        "schema_version": 1,
        "organization": {"name": "Acme"},
        "answers": {q: {"choice": 3, "note": "ok"}},
    }
    doc.update(overrides)
    return doc


def _problems(framework, data) -> list[str]:
    with pytest.raises(AnswersFileError) as err:
        read_answers(data if isinstance(data, bytes | str) else json.dumps(data), framework)
    return err.value.problems


def test_round_trip_is_exact(framework):
    qs = framework.questions
    resp = responses(
        {
            qs[0].id: Answer(choice=0, note="<b>bold</b> & x<y"),
            qs[1].id: "dont_know",
            qs[2].id: Answer(choice="not_applicable", note="We have no shop"),
        },
        targets={"purpose": 5, "listening": 3},
        name="Café Ωmega 東京",
        sector="Retail",
        size="50-249",
        assessor="Zoë",
        date="2026-11-22",
    )
    assert read_answers(dump_answers(resp), framework).responses == resp
    assert dump_answers(read_answers(dump_answers(resp), framework).responses) == dump_answers(resp)


def test_bom_is_accepted(framework):
    data = "\ufeff" + json.dumps(_doc(framework))
    assert read_answers(data.encode("utf-8"), framework).responses.organization.name == "Acme"


def test_template_lists_every_question_and_parses_as_unanswered(framework):
    text = empty_template(framework)
    doc = json.loads(text)
    assert set(doc["answers"]) == {q.id for q in framework.questions}
    assert read_answers(text, framework).responses.answers == {}


def test_unknown_question_id_is_named(framework):
    doc = _doc(framework, answers={"purpose.nope": {"choice": 1}})
    assert _problems(framework, doc) == ["question 'purpose.nope': unknown question id"]


def test_value_out_of_range_names_question_and_field(framework):
    q = framework.questions[0].id
    (problem,) = _problems(framework, _doc(framework, answers={q: {"choice": 7}}))
    assert problem.startswith(f"question '{q}' field 'choice': must be a score 0-4")


def test_wrong_type_and_several_problems_each_reported(framework):
    q0, q1 = framework.questions[0].id, framework.questions[1].id
    doc = _doc(framework, answers={q0: {"choice": "three"}, q1: {"choice": 1, "note": 5}})
    doc["targets"] = {"purpose": 9, "nowhere": 3}
    problems = _problems(framework, doc)
    assert any(p.startswith(f"question '{q0}' field 'choice'") for p in problems)
    assert any(p.startswith(f"question '{q1}' field 'note'") for p in problems)
    assert any(p.startswith("target for 'purpose'") for p in problems)
    assert "target for 'nowhere': unknown dimension id" in problems


def test_bool_is_not_a_score(framework):
    q = framework.questions[0].id
    assert _problems(framework, _doc(framework, answers={q: {"choice": True}}))


def test_wrong_schema_version(framework):
    assert _problems(framework, _doc(framework, schema_version=2)) == [
        "field 'schema_version': expected 1, got 2"
    ]


def test_not_json_and_not_utf8(framework):
    assert _problems(framework, b"{nope")[0].startswith("not JSON:")
    assert _problems(framework, b"\xff\xfe\x00garbage") == ["file is not UTF-8 text"]
    assert _problems(framework, b"[1, 2]")[0].startswith("not an answers file")


def test_over_the_size_limit_is_refused_before_parsing(framework):
    data = b" " * (max_file_bytes(framework) + 1)
    assert _problems(framework, data)[0].startswith(f"file is {len(data):,} bytes")


def test_note_length_limit(framework):
    q = framework.questions[0].id
    ok = _doc(framework, answers={q: {"choice": 1, "note": "x" * MAX_NOTE_CHARS}})
    assert read_answers(json.dumps(ok), framework).responses.answers[q].note == "x" * MAX_NOTE_CHARS
    long = _doc(framework, answers={q: {"choice": 1, "note": "x" * (MAX_NOTE_CHARS + 1)}})
    (problem,) = _problems(framework, long)
    assert problem.startswith(f"question '{q}' field 'note'") and "20000" in problem


def test_missing_organization_name(framework):
    doc = _doc(framework, organization={"sector": "x"})
    assert _problems(framework, doc) == ["field 'organization.name': Field required"]


def test_note_without_choice_is_refused_not_dropped(framework):
    q = framework.questions[0].id
    doc = _doc(framework, answers={q: {"choice": None, "note": "important"}})
    (problem,) = _problems(framework, doc)
    assert problem.startswith(f"question '{q}' field 'choice': a note needs a choice")


def test_readme_example_is_a_valid_answers_file(framework):
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The answers file", 1)[1]
    example = section.split("```json", 1)[1].split("```", 1)[0]
    resp = read_answers(example, framework).responses
    assert resp.answers["listening.brand_monitoring"].choice == "dont_know"


# --------------------------------------------------------------------------- retired question ids

OLD_FILE = Path(__file__).parents[1] / "data" / "answers_before_question_renames.json"


def test_file_with_old_question_ids_still_loads(framework):
    """A file saved before questions were renamed or removed: carried over, dropped, reported."""
    read = read_answers(OLD_FILE.read_bytes(), framework)
    answers = read.responses.answers
    current = {q.id for q in framework.questions}
    assert set(answers) <= current
    # renamed: answer and note carried over to the new id
    assert answers["listening.gathering_places"] == Answer(
        choice=3, note="We mapped the running forums in March."
    )
    assert answers["shared_control.employee_voices"] == Answer(choice="dont_know", note="Ask HR.")
    assert answers["dedicated_staff.named_owner"].note == "Anna, when the shop is quiet."
    # removed: not loaded, and said so by name with the reason
    removed = [n for n in read.notices if "'purpose.valuable_traffic'" in n]
    assert len(removed) == 1 and "removed" in removed[0] and "effort_by_return" in removed[0]
    renamed = [n for n in read.notices if "' is now '" in n]
    assert len(renamed) == 3
    assert any(
        "'dedicated_staff.full_time_owner' is now 'dedicated_staff.named_owner'" in n
        for n in renamed
    )
    # everything else unchanged; the old API gives the same responses
    assert answers["purpose.business_objectives"].choice == 0
    assert read_answers(OLD_FILE.read_bytes(), framework).responses == read.responses


def test_current_files_have_no_notices(framework):
    read = read_answers(json.dumps(_doc(framework)), framework)
    assert read.notices == []


def test_old_and_new_id_both_answered_keeps_the_new(framework):
    doc = _doc(
        framework,
        answers={
            "dedicated_staff.full_time_owner": {"choice": 1},
            "dedicated_staff.named_owner": {"choice": 3, "note": "new"},
        },
    )
    read = read_answers(json.dumps(doc), framework)
    assert read.responses.answers == {"dedicated_staff.named_owner": Answer(choice=3, note="new")}
    (notice,) = read.notices
    assert "also answers" in notice and "'dedicated_staff.full_time_owner'" in notice


def test_unknown_id_is_still_refused(framework):
    doc = _doc(framework, answers={"listening.where_customers_gathered": {"choice": 1}})
    assert _problems(framework, doc) == [
        "question 'listening.where_customers_gathered': unknown question id"
    ]


def test_answers_saved_under_retired_ids_are_moved_with_the_saves_that_keep_them(framework):
    """An assessment saved before the question renames keeps its answers and notes."""
    from assessment.files.answers_file import carry_over_saved

    saved = responses(
        {
            "listening.where_customers_gather": Answer(choice=3, note="forums and Reddit"),
            "purpose.valuable_traffic": 2,
            "purpose.business_objectives": 1,
        },
        name="Old Co",
    )
    moved, saves, notices = carry_over_saved(saved, framework)
    assert moved.answers["listening.gathering_places"] == Answer(choice=3, note="forums and Reddit")
    assert "listening.where_customers_gather" not in moved.answers
    assert "purpose.valuable_traffic" not in moved.answers
    assert moved.answers["purpose.business_objectives"] == Answer(choice=1)
    assert saves == {
        "listening.where_customers_gather": None,
        "purpose.valuable_traffic": None,
        "listening.gathering_places": Answer(choice=3, note="forums and Reddit"),
    }
    assert len(notices) == 2 and any("purpose.valuable_traffic" in n for n in notices)
    again = carry_over_saved(moved, framework)
    assert again == (moved, {}, [])
