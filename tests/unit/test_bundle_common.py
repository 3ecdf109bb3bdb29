"""The bundle's pure rules: safe text, dated plan rows, file names, the summary's words."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.bundle.common import (
    BACKLOG,
    PLAN,
    clean_text,
    file_stem,
    note_paragraphs,
    plan_rows,
    question_numbers,
)
from assessment.bundle.tracker_csv import label
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Horizon, Organization, Responses
from assessment.readout import highlights
from assessment.readout.build import build_readout
from assessment.readout.vocabulary import HORIZON_DAYS
from tests.builders import responses

DAY0 = dt.date(2026, 11, 2)


def dated(responses: Responses, day: dt.date | None = DAY0, name: str = "Acme Ltd") -> Responses:
    return responses.model_copy(update={"organization": Organization(name=name, date=day)})


def test_clean_text_keeps_words_and_drops_what_xml_cannot_hold():
    kept = "Café 한국어 עברית العربية 🎉\ttab\nline"
    assert clean_text(kept) == kept
    hostile = "a\x00b\x01c\x0bd\x1fe\ud800f\ufffeg\uffffh\x85i"
    assert clean_text(hostile) == "abcdefghi"
    assert clean_text("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert clean_text(None) == ""


def test_note_paragraphs_collapse_runs_of_blank_lines():
    assert note_paragraphs("first" + "\n" * 20_000 + "second") == ["first", "second"]
    assert note_paragraphs("a\nb\n \n\t\n\nc") == ["a\nb", "c"]
    assert note_paragraphs("\n\n  \n") == []


def test_note_paragraphs_keep_every_word_of_many_short_lines_compactly():
    note = "".join(f"line {n}\n" for n in range(6_000))
    shown = note_paragraphs(note, max_lines=40)
    assert shown[0] == "\n".join(f"line {n}" for n in range(40))
    assert shown[1] == " / ".join(f"line {n}" for n in range(40, 6_000))
    assert len(shown) == 2
    paragraphs = "\n\n".join(f"para {n}" for n in range(100))
    shown = note_paragraphs(paragraphs, max_lines=3)
    assert shown == ["para 0", "para 1", "para 2", " / ".join(f"para {n}" for n in range(3, 100))]


def test_plan_rows_are_dated_from_the_assessment_date(framework):
    ev = evaluate(framework, dated(responses(lambda q: 1)))
    rows = plan_rows(framework, ev)
    assert [r.step.rank for r in rows] == list(range(1, len(rows) + 1))
    assert [r.section for r in rows] == [PLAN] * len(ev.plan.actions) + [BACKLOG] * len(
        ev.plan.backlog
    )
    assert any(r.step.urgent for r in rows)  # shared logins at answer 1: a triage step
    for row in rows:
        first, last = HORIZON_DAYS[row.step.horizon]
        if row.step.urgent:  # the plan's own dates: from day one, due within its days
            assert row.start == DAY0 and row.due == row.step.due
            assert row.due is not None and row.due - DAY0 <= dt.timedelta(days=14)
            continue
        assert row.start == DAY0 + dt.timedelta(days=first)
        if row.section == PLAN:
            assert row.due == DAY0 + dt.timedelta(days=last)
        else:
            assert row.due is None  # beyond the plan: no invented deadline
    assert rows[0].priority == ("High" if rows[0].step.horizon == Horizon.D30 else "Medium")
    assert all(r.priority == "Low" for r in rows if r.section == BACKLOG)


def test_an_undated_assessment_counts_from_today(framework):
    ev = evaluate(framework, dated(responses(lambda q: 1), None))
    today = dt.date(2027, 3, 1)
    first = plan_rows(framework, ev, today)[0]
    assert first.start == today + dt.timedelta(days=HORIZON_DAYS[first.step.horizon][0])


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Crumb & Co. Bakery", "crumb-co-bakery-readiness-2026-11-02"),
        ("Zoë's Café", "zoe-s-cafe-readiness-2026-11-02"),
        ("한국 회사", "assessment-readiness-2026-11-02"),
        ("../../etc/passwd", "etc-passwd-readiness-2026-11-02"),
    ],
)
def test_file_names_are_plain_ascii(framework, name, stem):
    ev = evaluate(framework, dated(responses(lambda q: 1), name=name))
    assert file_stem(ev) == stem


def test_questions_are_numbered_as_in_the_app(framework):
    numbers = question_numbers(framework)
    assert sorted(numbers.values()) == list(range(1, len(framework.questions) + 1))
    first_dim = framework.dimensions[0].id
    assert numbers[framework.questions_for(first_dim)[0].id] == 1


def test_tracker_labels_have_no_spaces():
    assert label("Days 1-30") == "days-1-30"
    assert label("shared_control") == "shared-control"


def test_readout_of_a_complete_assessment_decides_with_dates(framework):
    ev = evaluate(framework, dated(responses(lambda q: 1)))
    ro = build_readout(framework, ev)
    assert ro.verdict.headline.startswith(f"Level {ev.result.overall.level}")
    assert f"is at level {ev.result.overall.level} of 5" in ro.verdict.sentence
    assert ev.plan.decision is not None
    assert ro.verdict.decision == ev.plan.decision.text  # written from this client's plan
    assert "Review progress on" in ro.verdict.decision
    assert len(ro.first_steps) == 3
    dues = [s.due for s in ro.first_steps]
    assert None not in dues and dues == sorted(dues)  # type: ignore[type-var]
    first = ro.first_steps[0]
    step = next(a for a in ev.plan.actions if a.rank == first.rank)
    assert (first.title, first.owner) == (step.title, step.owner)
    assert first.due_text == f"{first.due.day} {first.due:%b %Y}" if first.due else False


def test_readout_of_an_empty_assessment_is_provisional(framework):
    ev = evaluate(framework, dated(responses(lambda q: None)))
    ro = build_readout(framework, ev)
    assert ro.verdict.headline == "Provisional" and ro.verdict.provisional
    assert ro.verdict.sentence.startswith("No overall level yet:")
    assert len(ro.verdict.missing) == len(framework.dimensions)
    assert ro.first_steps == ()
    assert "finds out the missing answers by 2 Dec 2026" in ro.verdict.decision


def test_readout_first_steps_come_first_in_time_and_strengths_are_never_gaps(framework):
    ev = evaluate(framework, dated(responses(lambda q: 1 + len(q.id) % 2)))
    ro = build_readout(framework, ev)
    by_time = sorted(ro.steps, key=lambda s: (s.due, s.rank))[:3]  # type: ignore[arg-type, return-value]
    assert [s.rank for s in ro.first_steps] == [s.rank for s in by_time]
    assert [d.id for d in ro.gaps] == [d.id for d in highlights.largest_gaps(ev.result)]
    assert not {d.id for d in ro.gaps} & {d.id for d in ro.strengths}
    assert all((d.level or 0) >= highlights.STRENGTH_MIN_LEVEL for d in ro.strengths)
    assert ro.confidence == highlights.confidence_text(ev.result)
    assert [s.rank for s in ro.steps] == [a.rank for a in ev.plan.actions]
    assert all(s.due is None and s.due_text == "" for s in ro.backlog)
