"""Series in the store, on SQLite and PostgreSQL: follow-ups linked, the earlier one kept
read-only, step statuses per assessment, and series that move between databases as files."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete

from assessment.domain.models import Answer, FollowUpMode, StepState, StepStatus
from assessment.files.answers_file import dump_answers, read_answers
from assessment.store import AssessmentStore, make_engine
from assessment.store.assessments import FollowedUp
from assessment.store.db import assessments, writing
from assessment.store.series import AlreadyFollowedUp, SeriesStore
from tests.builders import FW, responses

DAY0 = dt.date(2026, 3, 1)


@pytest.fixture
def stores(fresh_db_url: str) -> tuple[AssessmentStore, SeriesStore]:
    engine = make_engine(fresh_db_url)
    return AssessmentStore(engine), SeriesStore(engine)


def _first(store: AssessmentStore) -> str:
    resp = responses(2, name="Glow")
    resp.organization.date = DAY0
    return store.import_responses(resp)


def test_a_follow_up_gets_its_own_id_and_link_and_the_earlier_is_kept_read_only(stores):
    store, series = stores
    first = _first(store)
    before = store.load(first)
    second = series.follow_up(first, FollowUpMode.CARRIED, today=DAY0 + dt.timedelta(days=90))
    assert second != first
    assert series.previous(second) == first and series.follower(first) == second
    new = store.load(second)
    assert new is not None and new.answers == {}  # carried answers are shown, not copied
    assert new.organization.name == "Glow" and new.organization.date == dt.date(2026, 5, 30)
    link = series.link(second)
    assert link is not None and link.previous_date == DAY0 and link.mode == FollowUpMode.CARRIED
    assert link.previous_id == series.link(first).id  # the public reference, not the secret
    assert first not in (link.id, link.previous_id)
    with pytest.raises(FollowedUp):
        store.save_answers(first, {FW.questions[0].id: Answer(choice=4)})
    with pytest.raises(FollowedUp):
        store.save_targets(first, {"purpose": 5})
    assert store.load(first) == before
    store.save_answers(second, {FW.questions[0].id: Answer(choice=4)})  # the follow-up is open
    with pytest.raises(AlreadyFollowedUp):
        series.follow_up(first, FollowUpMode.FRESH)


def test_a_series_of_any_length_reads_oldest_first_from_any_member(stores):
    store, series = stores
    ids = [_first(store)]
    for n in range(1, 4):
        ids.append(series.follow_up(ids[-1], FollowUpMode.FRESH, DAY0 + dt.timedelta(90 * n)))
    for member in ids:
        entries = series.series(member)
        assert [e.assessment_id for e in entries] == ids
    assert [e.date for e in series.series(ids[0])] == [
        DAY0 + dt.timedelta(90 * n) for n in range(4)
    ]


def test_step_statuses_are_stored_per_assessment_and_settable_after_follow_up(stores):
    store, series = stores
    first = _first(store)
    series.set_status(first, "purpose.account_review", StepStatus(status=StepState.DOING))
    second = series.follow_up(first, FollowUpMode.FRESH)
    done = StepStatus(status=StepState.DONE, date=dt.date(2026, 4, 2), note="Closed 3 <accounts>")
    series.set_statuses(first, {"purpose.account_review": done, "next.listening.x": done})
    assert series.statuses(first) == {
        "purpose.account_review": done,
        "next.listening.x": done,
    }
    assert series.statuses(second) == {}


def test_a_series_moves_between_databases_as_files(stores, tmp_path):
    store, series = stores
    first = _first(store)
    series.set_status(first, "purpose.account_review", StepStatus(status=StepState.DONE))
    second = series.follow_up(first, FollowUpMode.FRESH, DAY0 + dt.timedelta(days=90))
    store.save_answers(second, {FW.questions[0].id: Answer(choice=3)})
    files = [dump_answers(series.load(aid)) for aid in (first, second)]  # type: ignore[arg-type]
    other = SeriesStore(make_engine(f"sqlite:///{tmp_path / 'other.db'}"))
    moved = [other.import_responses(read_answers(text, FW).responses) for text in files]
    assert other.previous(moved[1]) == moved[0]
    assert [e.assessment_id for e in other.series(moved[1])] == moved
    assert other.statuses(moved[0]) == series.statuses(first)
    assert other.load(moved[1]) == series.load(second)  # the same file, link included


def test_a_follow_up_file_without_its_earlier_assessment_keeps_the_reference(stores):
    store, series = stores
    first = _first(store)
    second = series.follow_up(first, FollowUpMode.FRESH, DAY0 + dt.timedelta(days=90))
    text = dump_answers(series.load(second))  # type: ignore[arg-type]
    alone = SeriesStore(store.engine)
    copy = alone.import_responses(read_answers(text, FW).responses)
    # the earlier is already followed up here: the copy keeps the reference and date only
    assert alone.previous(copy) is None
    entries = alone.series(copy)
    assert entries[0].assessment_id is None and entries[0].date == DAY0
    assert entries[0].ref == series.link(first).id  # type: ignore[union-attr]


def test_purging_the_earlier_assessment_keeps_the_follow_up(stores):
    store, series = stores
    first = _first(store)
    second = series.follow_up(first, FollowUpMode.FRESH)
    series.set_status(first, "purpose.account_review", StepStatus(status=StepState.DONE))
    with writing(store.engine) as conn:
        AssessmentStore.delete_within(conn, first)
        conn.execute(delete(assessments).where(assessments.c.id == first))
    assert series.previous(second) is None
    assert series.link(second).previous_date == DAY0  # type: ignore[union-attr]
    assert series.statuses(first) == {}


def test_the_app_starts_follow_ups_within_the_creation_limit_and_files_keep_the_series(
    fresh_db_url, monkeypatch
):
    from assessment.app import assessments as service
    from assessment.app import followups

    monkeypatch.setenv("READINESS_MAX_ASSESSMENTS_PER_HOUR", "2")
    engine = make_engine(fresh_db_url)
    store = AssessmentStore(engine)
    first = service.import_answers(store, FW, dump_answers(responses(2)).encode(), client_key="k")
    assert first.value is not None
    started = followups.start_follow_up(
        engine, FW, first.value.assessment_id, FollowUpMode.CARRIED, client_key="k"
    )
    assert started.value is not None
    refused = followups.start_follow_up(
        engine, FW, started.value.assessment_id, FollowUpMode.FRESH, client_key="k"
    )
    assert refused.value is None and "Too many new assessments" in refused.problems[0]
    assert SeriesStore(engine).follower(started.value.assessment_id) is None  # not half-made
    # the follow-up's answers file carries its link; importing it in the app keeps it
    from assessment.app.assessments import evaluation

    kept = followups.with_series(engine, started.value, evaluation(FW, started.value))
    text = dump_answers(kept.responses)
    monkeypatch.setenv("READINESS_MAX_ASSESSMENTS_PER_HOUR", "0")
    again = service.import_answers(store, FW, text.encode())
    assert again.value is not None
    link = SeriesStore(engine).link(again.value.assessment_id)
    assert link is not None and link.mode == FollowUpMode.CARRIED
    assert link.previous_id == SeriesStore(engine).link(first.value.assessment_id).id


def test_the_trend_of_a_series_reads_every_assessment_oldest_first(stores):
    from assessment.app import followups
    from assessment.app.assessments import open_working

    store, series = stores
    ids = [_first(store)]
    for n in (1, 2):
        ids.append(series.follow_up(ids[-1], FollowUpMode.FRESH, DAY0 + dt.timedelta(90 * n)))
        store.save_answers(ids[-1], {q.id: Answer(choice=2 + n) for q in FW.questions})
    work = open_working(store, FW, ids[-1])
    assert work is not None
    points = followups.series_trend(store.engine, FW, work)
    assert [p.date for p in points] == [DAY0 + dt.timedelta(90 * n) for n in range(3)]
    assert [p.score for p in points] == [50.0, 75.0, 100.0]


def test_a_follow_up_counts_against_the_browser_session_not_the_whole_address(
    fresh_db_url, monkeypatch
):
    """Two people behind one address (an office) each start a follow-up within a limit of one per
    hour: the session carries the limit, the address gets ADDRESS_FACTOR times it."""
    from assessment.app import followups

    engine = make_engine(fresh_db_url)
    store = AssessmentStore(engine)
    firsts = [_first(store), _first(store)]
    monkeypatch.setenv("READINESS_MAX_ASSESSMENTS_PER_HOUR", "1")
    one = followups.start_follow_up(
        engine, FW, firsts[0], FollowUpMode.FRESH, client_key="office", session_key="s1"
    )
    two = followups.start_follow_up(
        engine, FW, firsts[1], FollowUpMode.FRESH, client_key="office", session_key="s2"
    )
    assert one.value is not None and two.value is not None, (one.problems, two.problems)
    again = followups.start_follow_up(
        engine,
        FW,
        one.value.assessment_id,
        FollowUpMode.FRESH,
        client_key="office",
        session_key="s1",
    )
    assert again.value is None and "Too many new assessments" in again.problems[0]
