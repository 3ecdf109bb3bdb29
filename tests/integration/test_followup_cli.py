"""`follow-up` and `compare` on real files, through `cli.main(argv)`."""

from __future__ import annotations

import json
from pathlib import Path

from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, StepState, StepStatus
from assessment.files.answers_file import dump_answers, read_answers
from tests.builders import FW, responses
from tests.helpers import assert_user_error
from tests.helpers import run_cli as run

PERSONA = Path(__file__).parents[1] / "personas" / "glow_cosmetics.json"


def test_follow_up_carried_keeps_the_choices_and_links_the_earlier_file(tmp_path):
    new = tmp_path / "new.json"
    proc = run("follow-up", str(PERSONA), "-o", str(new), "--date", "2027-02-13")
    assert proc.returncode == 0, proc.stderr
    earlier = read_answers(PERSONA.read_bytes(), FW).responses
    later = read_answers(new.read_bytes(), FW).responses
    assert {q: a.choice for q, a in later.answers.items()} == {
        q: a.choice for q, a in earlier.answers.items()
    }
    assert later.organization.date.isoformat() == "2027-02-13"
    assert later.series is not None and later.series.mode == "carried"
    assert later.series.previous_date == earlier.organization.date
    # nothing changed yet: compare says so, and names no warning
    same = run("compare", str(PERSONA), str(new), "--format", "json")
    assert same.returncode == 0 and same.stderr == ""
    doc = json.loads(same.stdout)
    assert doc["changed"] == [] and all(d["moved"] == 0 for d in doc["dimensions"].values())


def test_follow_up_fresh_is_blank_like_the_template(tmp_path):
    new = tmp_path / "new.json"
    assert run("follow-up", str(PERSONA), "-o", str(new), "--mode", "fresh").returncode == 0
    later = read_answers(new.read_bytes(), FW).responses
    assert later.answers == {} and later.series is not None and later.series.mode == "fresh"
    raw = json.loads(new.read_text())
    assert set(raw["answers"]) == {q.id for q in FW.questions}


def test_compare_json_carries_what_other_tools_read(tmp_path):
    earlier = responses(1, name="Shop")
    old = tmp_path / "old.json"
    old.write_text(dump_answers(earlier), encoding="utf-8")
    new = tmp_path / "new.json"
    run("follow-up", str(old), "-o", str(new), "--date", "2027-01-01")
    later = read_answers(new.read_bytes(), FW).responses
    purpose = [q.id for q in FW.questions_for("purpose")]
    later.answers.update({q: Answer(choice=3, note="a plan now") for q in purpose})
    later.answers[FW.questions_for("listening")[0].id] = Answer(choice=0)
    new.write_text(dump_answers(later), encoding="utf-8")
    step = evaluate(FW, earlier).plan.actions[0]
    marked = earlier.model_copy(
        update={"step_status": {step.id: StepStatus(status=StepState.DONE)}}
    )
    old.write_text(dump_answers(marked), encoding="utf-8")  # marking steps keeps the reference
    proc = run("compare", str(old), str(new), "--format", "json")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["dimensions"]["purpose"] == doc["dimensions"]["purpose"] | {
        "then": 25.0,
        "now": 75.0,
        "moved": 50.0,
    }
    assert {c["question"] for c in doc["changed"]} == set(purpose) | {
        FW.questions_for("listening")[0].id
    }
    assert {"question", "from", "to"} <= set(doc["changed"][0])
    first = next(s for s in doc["steps"] if s["id"] == step.id)
    assert first["status"] == "done"
    assert first["showing"] is bool(set(step.questions) & set(purpose))
    assert all(s["showing"] is None for s in doc["steps"] if s["id"] != step.id)
    assert doc["fell"] == [FW.questions_for("listening")[0].id]
    assert set(doc["level"]) >= {"then", "now"}
    text = run("compare", str(old), str(new)).stdout
    assert "Purpose: 25 -> 75, +50" in text
    assert "Answers that fell:" in text


def test_compare_warns_when_the_later_file_follows_another(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(dump_answers(responses(1)), encoding="utf-8")
    new.write_text(dump_answers(responses(2)), encoding="utf-8")
    proc = run("compare", str(old), str(new))
    assert proc.returncode == 0
    assert "names no earlier assessment" in proc.stderr


def test_bad_input_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert_user_error(run("compare", str(bad), str(PERSONA)), "bad.json", "not JSON")
    assert_user_error(run("compare", str(PERSONA), str(tmp_path / "none.json")), "no such file")
    assert_user_error(
        run("follow-up", str(PERSONA), "-o", str(tmp_path / "x.json"), "--date", "soon"),
        "--date",
    )
    assert_user_error(
        run("follow-up", str(PERSONA), "-o", str(tmp_path / "x.json"), "--mode", "maybe"),
        "--mode",
    )


def test_report_of_a_follow_up_has_the_progress_page(tmp_path):
    from tests.integration.report_helpers import ParsedPdf

    new, pdf = tmp_path / "new.json", tmp_path / "new.pdf"
    run("follow-up", str(PERSONA), "-o", str(new), "--date", "2027-02-13")
    later = read_answers(new.read_bytes(), FW).responses
    purpose = [q.id for q in FW.questions_for("purpose")]
    later.answers.update({q: Answer(choice=4) for q in purpose})
    new.write_text(dump_answers(later), encoding="utf-8")
    proc = run("report", str(new), "-o", str(pdf), "--earlier", str(PERSONA))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    text = ParsedPdf(pdf.read_bytes()).text
    assert "Progress since 15 Nov 2026" in text and "Purpose rose" in text
    bad = run("report", str(new), "-o", str(pdf), "--earlier", str(tmp_path / "no.json"))
    assert_user_error(bad, "no such file")
