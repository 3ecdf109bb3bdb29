"""Broken content stops loading with messages naming the file, the item id and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from assessment.domain.content import DEFAULT_CONTENT_DIR, ContentError, load_framework
from assessment.domain.sectors import load_sector_content


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target


def edit(path: Path, key: str, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data[key])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_framework(content)
    return err.value.problems


def test_copy_of_shipped_content_loads(content):
    assert len(load_framework(content).questions) >= 36


def test_duplicate_question_id(content):
    path = content / "questions" / "purpose.yaml"
    edit(path, "questions", lambda qs: qs.append(dict(qs[0])))
    first = yaml.safe_load(path.read_text())["questions"][0]["id"]
    assert any(f"question '{first}' field 'id': duplicate id" in p for p in problems_of(content))


def test_action_naming_unknown_question(content):
    path = content / "actions.yaml"
    edit(
        path,
        "actions",
        lambda acts: acts[0].update(questions=[*acts[0]["questions"], "purpose.ghost"]),
    )
    action_id = yaml.safe_load(path.read_text())["actions"][0]["id"]
    (problem,) = problems_of(content)
    assert str(path) in problem and f"action '{action_id}'" in problem
    assert "field 'questions'" in problem and "unknown question 'purpose.ghost'" in problem


def test_answer_with_no_step_written_for_it(content):
    """Every answer below the top needs an authored step: no generated 'Next step' remains."""
    path = content / "actions.yaml"
    edit(
        path,
        "actions",
        lambda acts: acts.remove(
            next(a for a in acts if a["id"] == "purpose.quarterly_objectives")
        ),
    )
    (problem,) = problems_of(content)
    assert str(path) in problem and "question 'purpose.business_objectives'" in problem
    assert "no action is written for answer 3" in problem


def test_step_without_a_risk_line(content):
    path = content / "actions.yaml"
    edit(path, "actions", lambda acts: acts[1].pop("risk_if_not_done"))
    action_id = yaml.safe_load(path.read_text())["actions"][1]["id"]
    (problem,) = problems_of(content)
    assert f"action '{action_id}' field 'risk_if_not_done': missing" in problem


def test_triage_rule_naming_a_step_that_waits(content):
    path = content / "triage.yaml"
    edit(path, "triage", lambda rules: rules[0].update(action="dedicated_staff.restrict_posting"))
    problems = problems_of(content)
    assert any(
        "triage rule 'shared_access' field 'action'" in p and "must wait for nothing" in p
        for p in problems
    ), problems


def test_triage_rule_catching_answers_its_step_is_not_written_for(content):
    path = content / "triage.yaml"
    edit(path, "triage", lambda rules: rules[3]["when"][0].update(at_most=2))
    (problem,) = problems_of(content)
    assert "triage rule 'no_cover' field 'when.0'" in problem
    assert "written for answers 0-1, not for 0-2" in problem


def test_flag_without_a_fix(content):
    path = content / "actions.yaml"

    def drop_no_purpose(acts):
        for a in acts:
            a["flags"] = [f for f in a.get("flags", []) if f != "no_purpose"]

    edit(path, "actions", drop_no_purpose)
    (problem,) = problems_of(content)
    assert problem == f"{path}: no action fixes flag 'no_purpose' (add it to an action's flags)"


def test_prerequisites_in_a_circle(content):
    path = content / "actions.yaml"

    def circle(acts):
        acts[0]["after"] = [acts[1]["id"]]
        acts[1]["after"] = [acts[0]["id"]]

    edit(path, "actions", circle)
    (problem,) = problems_of(content)
    assert "wait for each other in a circle" in problem


def test_unknown_prerequisite(content):
    path = content / "actions.yaml"
    edit(path, "actions", lambda acts: acts[0].update(after=["purpose.ghost"]))
    (problem,) = problems_of(content)
    assert "field 'after': unknown action 'purpose.ghost'" in problem


def test_owner_without_titles_by_size(content):
    path = content / "actions.yaml"
    edit(path, "actions", lambda acts: acts[0].update(owner="Chief Vibes Officer"))
    with pytest.raises(ContentError) as exc:
        load_sector_content(content, load_framework(content))
    (problem,) = exc.value.problems
    assert problem.startswith(f"{content / 'roles.yaml'} field 'roles'")
    assert "'Chief Vibes Officer'" in problem


def test_owners_yaml_has_no_size_rule_of_its_own(content):
    """One size rule: the bands of roles.yaml. The old small_max_people knob is refused."""
    path = content / "owners.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["small_max_people"] = 15
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    (problem,) = problems_of(content)
    assert "owners.yaml" in problem and "small_max_people" in problem


def test_flag_unless_naming_unknown_question(content):
    path = content / "flags.yaml"
    edit(path, "flags", lambda fs: fs[0].update(unless=[{"question": "x.y", "at_least": 3}]))
    (problem,) = problems_of(content)
    assert "field 'unless': unknown question 'x.y'" in problem


def test_missing_option(content):
    path = content / "questions" / "listening.yaml"
    edit(path, "questions", lambda qs: qs[1]["options"].pop())
    qid = yaml.safe_load(path.read_text())["questions"][1]["id"]
    (problem,) = problems_of(content)
    assert problem.startswith(f"{path}: question '{qid}' field 'options'")


def test_score_out_of_range(content):
    path = content / "questions" / "accountability.yaml"
    edit(path, "questions", lambda qs: qs[0]["options"][4].update(score=5))
    qid = yaml.safe_load(path.read_text())["questions"][0]["id"]
    problems = problems_of(content)
    assert any(p.startswith(f"{path}: question '{qid}' field 'options.4.score'") for p in problems)


def test_unknown_field_typo_is_caught(content):
    path = content / "flags.yaml"
    edit(path, "flags", lambda fs: fs[0].update(explanaton="typo"))
    fid = yaml.safe_load(path.read_text())["flags"][0]["id"]
    assert any(f"flag '{fid}' field 'explanaton'" in p for p in problems_of(content))


def test_unknown_source_and_dimension(content):
    path = content / "actions.yaml"
    edit(path, "actions", lambda acts: acts[0].update(source="wikipedia", dimension="vibes"))
    problems = problems_of(content)
    assert any("field 'source': unknown source 'wikipedia'" in p for p in problems)
    assert any("field 'dimension': unknown dimension 'vibes'" in p for p in problems)


def test_invalid_yaml_names_the_file(content):
    path = content / "levels.yaml"
    path.write_text("levels: [unclosed", encoding="utf-8")
    (problem,) = problems_of(content)
    assert problem.startswith(f"{path}: not valid YAML")


def test_retired_id_that_is_still_a_question(content):
    path = content / "retired_questions.yaml"
    edit(
        path,
        "retired_questions",
        lambda rs: rs.append(
            {"id": "purpose.business_objectives", "replaced_by": None, "reason": "gone"}
        ),
    )
    (problem,) = problems_of(content)
    assert problem.startswith(f"{path}: retired question 'purpose.business_objectives' field 'id'")
    assert "still a current question id" in problem


def test_retired_id_replaced_by_unknown_question(content):
    path = content / "retired_questions.yaml"
    edit(
        path,
        "retired_questions",
        lambda rs: rs.append(
            {"id": "purpose.old", "replaced_by": "purpose.ghost", "reason": "renamed"}
        ),
    )
    (problem,) = problems_of(content)
    assert f"{path}: retired question 'purpose.old' field 'replaced_by'" in problem
    assert "unknown question 'purpose.ghost'" in problem


def test_retired_question_needs_a_reason(content):
    path = content / "retired_questions.yaml"
    edit(
        path, "retired_questions", lambda rs: rs.append({"id": "purpose.old", "replaced_by": None})
    )
    (problem,) = problems_of(content)
    assert f"{path}: retired question 'purpose.old' field 'reason'" in problem


def test_content_without_retired_questions_file_loads(content):
    (content / "retired_questions.yaml").unlink()
    assert load_framework(content).retired == []
