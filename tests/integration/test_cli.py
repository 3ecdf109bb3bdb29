"""The command line on real files, called in-process through `cli.main(argv)`.

Two tests still start `python -m assessment` as a separate process, to prove the entry point
itself: a usage error reaches the shell as exit 2, and a real `report` writes its PDF
(test_report_cli.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assessment.domain.models import Answer
from assessment.files.answers_file import dump_answers
from tests.builders import responses
from tests.helpers import assert_user_error, run_cli_process
from tests.helpers import run_cli as run


@pytest.fixture
def answers_file(tmp_path, framework):
    resp = responses(1)
    path = tmp_path / "answers.json"
    path.write_text(dump_answers(resp), encoding="utf-8")
    return path


def test_questions_text_and_json(framework):
    proc = run("questions", "--format", "json")
    assert proc.returncode == 0
    rows = json.loads(proc.stdout)
    assert [r["id"] for r in rows] == [q.id for q in framework.questions]
    assert all([o["score"] for o in r["options"]] == [0, 1, 2, 3, 4] for r in rows)
    text = run("questions").stdout
    assert framework.questions[0].text in text


def test_template_written_and_scored(tmp_path):
    out = tmp_path / "t.json"
    assert run("template", "-o", str(out)).returncode == 0
    proc = run("score", str(out), "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["completeness"] == 0


def test_score_json_keys(answers_file, framework):
    proc = run("score", str(answers_file), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["overall"]["score"] == 25
    assert {"score", "level", "label"} <= set(doc["overall"])
    for d in framework.dimensions:
        assert {"score", "level", "target", "gap"} <= set(doc["dimensions"][d.id])
    assert {"confidence", "completeness", "flags", "gate"} <= set(doc)
    assert doc["gate"]["holds"] is True


def test_score_text(answers_file):
    proc = run("score", str(answers_file))
    assert proc.returncode == 0
    assert "Overall: level" in proc.stdout and "Purpose gate" in proc.stdout


def test_plan_formats(answers_file, framework):
    text = run("plan", str(answers_file))
    assert text.returncode == 0 and "Action plan" in text.stdout
    doc = json.loads(run("plan", str(answers_file), "--format", "json").stdout)
    assert len(doc["actions"]) >= 10
    titles = {a.title for a in framework.actions}
    library = [a for a in doc["actions"] if a["kind"] == "action"]
    assert library and all(a["title"] in titles for a in library)
    for a in doc["actions"]:  # the fields other tools read
        assert a["questions"] and isinstance(a["flags"], list) and isinstance(a["after"], list)
    assert isinstance(doc["to_check"], list) and isinstance(doc["unassessed"], list)
    rows = list(
        csv.DictReader(io.StringIO(run("plan", str(answers_file), "--format", "csv").stdout))
    )
    assert [r["section"] for r in rows[:10]] == ["plan"] * 10
    assert rows[0]["rank"] == "1"


def test_validate_content_ok_and_broken(tmp_path):
    ok = run("validate-content")
    assert ok.returncode == 0 and "content OK" in ok.stdout
    broken = tmp_path / "content"
    broken.mkdir()
    assert_user_error(run("validate-content", str(broken)), "sources.yaml: file is missing")


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (b"{not json", ["not JSON"]),
        (b'{"schema_version": 9, "organization": {"name": "x"}}', ["schema_version", "expected 1"]),
        (
            b'{"schema_version": 1, "organization": {"name": "x"}, '
            b'"answers": {"bogus.q": {"choice": 1}}}',
            ["bogus.q", "unknown question id"],
        ),
    ],
)
def test_bad_answers_files_exit_2_with_one_line(tmp_path, content, fragments):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    for command in ("score", "plan"):
        assert_user_error(run(command, str(path)), str(path), *fragments)


def test_missing_file_and_bad_arguments(tmp_path):
    assert_user_error(run("score", str(tmp_path / "nope.json")), "no such file")
    assert_user_error(run("plan", "x.json", "--format", "xml", cwd=tmp_path), "invalid choice")
    assert_user_error(run("frobnicate"), "invalid choice")
    assert_user_error(run(), "required")


def test_out_of_range_choice_message_names_question(tmp_path, framework):
    q = framework.questions[0].id
    resp = responses()
    doc = json.loads(dump_answers(resp))
    doc["answers"][q] = {"choice": 9}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc))
    assert_user_error(run("score", str(path)), q, "choice")
    doc["answers"][q] = Answer(choice=2).model_dump()
    path.write_text(json.dumps(doc))
    assert run("score", str(path)).returncode == 0


def test_method_is_printed(framework):
    proc = run("method")
    assert proc.returncode == 0
    assert "PURPOSE GATE" in proc.stdout and "priority = gap x dimension weight" in proc.stdout


def test_score_json_says_provisional_and_flags_to_check(tmp_path, framework):
    answers = {q.id: Answer(choice="dont_know") for q in framework.questions[:20]}
    answers |= {q.id: Answer(choice=4) for q in framework.questions[:3]}
    resp = responses(answers)
    path = tmp_path / "few.json"
    path.write_text(dump_answers(resp), encoding="utf-8")
    proc = run("score", str(path), "--format", "json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["overall"]["provisional"] is True and doc["overall"]["level"] is None
    assert doc["overall"]["missing"]
    assert doc["flags"] and all(f["confirmed"] is False for f in doc["flags"])
    proc = run("score", str(path))
    assert proc.returncode == 0
    text = proc.stdout
    assert "Overall: provisional" in text and "level None" not in text
    assert "To check" in text and "Risk flags:" not in text
    proc = run("plan", str(path), "--format", "json")
    assert proc.returncode == 0
    plan = json.loads(proc.stdout)
    blank = len(framework.questions) - 20
    assert plan["unassessed"] and len(plan["to_check"]) == 17 + blank  # "Don't know" and blank
    assert len(plan["unanswered"]) == blank
    proc = run("plan", str(path))
    assert proc.returncode == 0
    assert "every assessed dimension is at its target" not in proc.stdout


def test_answers_file_with_old_question_ids_scores_with_warnings():
    """An answers file from before questions were renamed: scored, with what changed on stderr."""
    old = Path(__file__).parents[1] / "data" / "answers_before_question_renames.json"
    proc = run("score", str(old), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)
    warnings = proc.stderr.strip().splitlines()
    assert len(warnings) == 4
    assert all(w.startswith("python -m assessment: warning: ") for w in warnings)
    assert any("'purpose.valuable_traffic' was removed" in w for w in warnings)
    assert any("'listening.where_customers_gather' is now" in w for w in warnings)


def test_help_lists_every_command():
    proc = run("--help")
    assert proc.returncode == 0 and proc.stderr == ""
    for command in ("questions", "template", "score", "plan", "report", "validate-content"):
        assert command in proc.stdout
    assert "method" in proc.stdout and "workshop-report" in proc.stdout


def test_entry_point_usage_error_reaches_the_shell():
    """Smoke test of `python -m assessment` itself: a separate process gets exit 2 and one line."""
    proc = run_cli_process()
    assert_user_error(proc, "required")
    assert proc.stdout == ""


def test_plan_json_carries_dates_kpi_effort_urgency_and_risk(tmp_path, framework):
    """The fields other tools read: per step start/due ISO dates, kpi as an object, effort
    days, urgent, risk if not done; `--start` moves every date; blank questions in to_check."""
    answers = {q.id: Answer(choice=1) for q in framework.questions}
    answers["dedicated_staff.posting_rights"] = Answer(choice=0)  # a shared password
    del answers["listening.gathering_places"]  # left blank
    path = tmp_path / "a.json"
    path.write_text(dump_answers(responses(answers)), encoding="utf-8")
    proc = run("plan", str(path), "--format", "json", "--start", "2027-03-01")
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)
    assert plan["start"] == "2027-03-01"
    assert "listening.gathering_places" in plan["to_check"]
    assert plan["unanswered"] == ["listening.gathering_places"]
    first = plan["actions"][0]
    assert first["id"] == "dedicated_staff.secure_logins" and first["urgent"] is True
    assert (first["start"], first["due"]) == ("2027-03-01", "2027-03-15")
    for step in plan["actions"]:
        assert set(step["kpi"]) == {"measure", "baseline", "target", "by"}
        assert step["kpi"]["by"] == step["due"] and step["kpi"]["target"]
        assert step["kpi"]["baseline"]
        low, high = step["effort_days"]
        assert 1 <= low <= high
        assert step["risk_if_not_done"]
        assert step["start"] >= "2027-03-01" and step["due"] > step["start"]
    for step in plan["backlog"]:
        assert step["start"] >= "2027-03-01" and step["due"] is None
    decision = plan["decision"]  # the plan carries the decision, written from its steps
    assert decision["text"] and not decision["provisional"]
    assert decision["urgent"][0] == first["title"] and decision["days"][0] >= 1
    assert decision["review"] in {step["due"] for step in plan["actions"]}  # a planned due day
    later = json.loads(run("plan", str(path), "--format", "json", "--start", "2027-04-01").stdout)
    assert later["actions"][0]["due"] == "2027-04-15"
    assert later["decision"]["review"] > decision["review"]  # it moves with --start


def test_plan_start_must_be_a_date(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(dump_answers(responses(1)), encoding="utf-8")
    assert_user_error(run("plan", str(path), "--start", "1 March"), "--start", "YYYY-MM-DD")
