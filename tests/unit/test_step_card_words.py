"""The step card's printed words, decided once in the readout (`build.step_card`) and drawn by
every renderer: the urgent / quick-win label, effort as S/M/L with person-days, the KPI with its
baseline, target and due date; and a start day the user chose moves every date."""

from __future__ import annotations

import datetime as dt

from assessment.domain.evaluation import evaluate
from assessment.domain.models import Answer, Organization
from assessment.readout.build import build_readout, kpi_text, step_label
from tests.builders import responses

DAY0 = dt.date(2026, 11, 2)


def _evaluation(framework, day=DAY0):
    answers = {q.id: Answer(choice=1) for q in framework.questions}
    answers["dedicated_staff.posting_rights"] = Answer(choice=0)  # a shared password: urgent
    resp = responses(answers)
    org = Organization(name="Acme Ltd", date=day)
    return evaluate(framework, resp.model_copy(update={"organization": org}))


def test_label_names_the_days_of_an_urgent_step_and_a_quick_win():
    due = DAY0 + dt.timedelta(days=14)
    assert step_label(True, False, DAY0, due) == "Urgent: due within 14 days"
    assert step_label(True, True, DAY0, due) == "Urgent: due within 14 days \u00b7 quick win"
    assert step_label(False, True, DAY0, due) == "Quick win"
    assert step_label(False, False, DAY0, due) == ""
    assert step_label(True, False, DAY0, None) == ""  # in the backlog: no due date to name


def test_kpi_text_reads_measure_baseline_target_and_date():
    text = kpi_text("Replies within a day", "Today (answer 0): none", "All", dt.date(2026, 12, 1))
    assert text == "Replies within a day: Today (answer 0): none \u2192 All by 1 Dec 2026"
    assert kpi_text("Replies", "", "", dt.date(2026, 12, 1)) == "Replies"
    assert kpi_text("Replies", "now", "All", None) == "Replies: now \u2192 All"


def test_every_planned_card_carries_its_words(framework):
    ro = build_readout(framework, _evaluation(framework))
    urgent = [c for c in ro.steps if c.urgent]
    assert urgent and ro.steps[0].urgent  # urgent steps come first
    for card in ro.steps:
        assert card.effort_text == f"{card.effort[0].upper()} ({card.effort_days})"
        assert card.due is not None and card.kpi_text.endswith(f" by {card.due_text}")
        assert f"{card.kpi_baseline} \u2192 {card.kpi_target}" in card.kpi_text
        days = (card.due - ro.start).days
        if card.urgent:
            assert card.label.startswith(f"Urgent: due within {days} days")
            assert card.period == f"Days 1-{days}" and days <= 14
        elif card.quick_win:
            assert card.label == "Quick win"
        else:
            assert card.label == ""
    for card in ro.backlog:
        assert card.due is None and card.kpi_text.endswith(card.kpi_target or card.kpi)


def test_a_chosen_start_moves_every_date_but_not_the_file_name(framework):
    ev = _evaluation(framework)
    start = dt.date(2027, 3, 1)
    ro = build_readout(framework, ev, start=start)
    assert ro.start == start and ro.start_text == "1 Mar 2027"
    assert ro.steps[0].due == start + dt.timedelta(days=14)
    assert all(c.start >= start for c in ro.steps + ro.backlog)
    assert ro.file_stem.endswith(DAY0.isoformat())
    same = build_readout(framework, ev)
    assert same.start == DAY0 and same.steps[0].due == DAY0 + dt.timedelta(days=14)
