"""The scoring rules a user relies on, against the shipped framework."""

from __future__ import annotations

import pytest

from assessment.models import Answer, Organization, Responses
from assessment.scoring import GATE_MAX_LEVEL, GATE_THRESHOLD, default_target, level_for, score
from tests.conftest import responses_with


def test_all_top_gives_100_and_level_5(framework, all_at):
    result = score(framework, all_at(4))
    assert result.overall.score == 100
    assert result.overall.level == 5
    assert all(d.score == 100 and d.level == 5 for d in result.dimensions.values())
    assert not result.gate.holds
    assert result.confidence == 100 and result.completeness == 100


def test_all_bottom_gives_0_and_level_1(framework, all_at):
    result = score(framework, all_at(0))
    assert result.overall.score == 0
    assert result.overall.level == 1
    assert result.overall.label == framework.level(1).name


def test_dimension_score_is_mean_scaled_so_4_is_100(framework):
    qs = framework.questions_for("listening")
    points = [4, 3, 0, 1] + [2] * (len(qs) - 4)
    answers = {q.id: Answer(choice=p) for q, p in zip(qs, points, strict=True)}
    r = score(framework, Responses(organization=Organization(name="X"), answers=answers))
    expected = round(sum(points) / len(points) / 4 * 100, 1)
    assert r.dimensions["listening"].score == expected


def test_not_applicable_is_left_out_of_denominator_and_listed(framework):
    qs = framework.questions_for("purpose")
    answers = {qs[0].id: Answer(choice="not_applicable", note="no web shop")}
    answers |= {q.id: Answer(choice=4) for q in qs[1:]}
    r = score(framework, Responses(organization=Organization(name="X"), answers=answers))
    assert r.dimensions["purpose"].score == 100
    assert r.dimensions["purpose"].excluded == [qs[0].id]
    assert qs[0].id in r.exclusions


def test_dont_know_scores_zero_and_lowers_confidence(framework):
    qs = framework.questions_for("purpose")
    answers = {q.id: Answer(choice=4) for q in qs}
    answers[qs[0].id] = Answer(choice="dont_know")
    r = score(framework, Responses(organization=Organization(name="X"), answers=answers))
    n = len(qs)
    assert r.dimensions["purpose"].score == round(100 * 4 * (n - 1) / (4 * n), 1)
    assert r.dimensions["purpose"].confidence == round(100 * (n - 1) / n, 1)
    assert r.confidence < 100
    assert r.dimensions["purpose"].dont_know == [qs[0].id]


def test_unanswered_lowers_completeness_not_score(framework):
    qs = framework.questions_for("accountability")
    answers = {qs[0].id: Answer(choice=3)}
    r = score(framework, Responses(organization=Organization(name="X"), answers=answers))
    dim = r.dimensions["accountability"]
    assert dim.score == 75
    assert dim.completeness == round(100 / len(qs), 1)
    assert r.completeness == round(100 / len(framework.questions), 1)
    assert r.confidence == 100  # the one answer given is known
    assert r.dimensions["purpose"].score is None


def test_overall_is_weighted_mean(framework):
    by_dim = {"purpose": 4, "shared_control": 0, "participant_rewards": 2}
    resp = responses_with(framework, lambda q: by_dim.get(q.dimension, 1))
    r = score(framework, resp)
    weights = {d.id: d.weight for d in framework.dimensions}
    scores = {d: r.dimensions[d].score for d in weights}
    expected = sum(scores[d] * weights[d] for d in weights) / sum(weights.values())
    assert r.overall.score == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize("purpose_choice", [0, 1])
def test_purpose_gate_caps_level_whatever_the_others_score(framework, purpose_choice):
    resp = responses_with(framework, lambda q: purpose_choice if q.dimension == "purpose" else 4)
    r = score(framework, resp)
    assert r.dimensions["purpose"].score < GATE_THRESHOLD
    assert r.gate.holds
    assert r.overall.level <= GATE_MAX_LEVEL
    assert r.overall.uncapped_level > GATE_MAX_LEVEL
    assert "purpose" in r.gate.reason.lower() and "capped" in r.gate.reason


def test_purpose_gate_lifts_at_threshold(framework):
    # purpose at 2/4 = 50 >= 40: no cap
    resp = responses_with(framework, lambda q: 2 if q.dimension == "purpose" else 4)
    r = score(framework, resp)
    assert not r.gate.holds
    assert r.overall.level == r.overall.uncapped_level


def test_levels_follow_documented_bands(framework):
    for lv in framework.levels:
        assert level_for(framework, lv.min_score) == lv.level
        if lv.min_score > 0:
            assert level_for(framework, lv.min_score - 0.1) == lv.level - 1
    assert level_for(framework, 100) == 5


def test_default_target_is_4_or_one_above():
    assert default_target(None) == 4
    assert default_target(1) == 4
    assert default_target(3) == 4
    assert default_target(4) == 5
    assert default_target(5) == 5


def test_gap_to_target_and_user_target(framework):
    resp = responses_with(framework, lambda q: 2, targets={"listening": 3})
    r = score(framework, resp)
    assert r.dimensions["purpose"].score == 50
    assert r.dimensions["purpose"].target == 4
    assert r.dimensions["purpose"].gap == framework.level(4).min_score - 50
    assert r.dimensions["listening"].target == 3
    assert r.dimensions["listening"].gap == 0  # 50 is already level 3


def test_unknown_question_ids_do_not_count(framework, all_at):
    resp = all_at(4)
    resp.answers["nope.question"] = Answer(choice=0)
    assert score(framework, resp).overall.score == 100


def test_flags_raised_by_rules(framework, all_at):
    assert score(framework, all_at(4)).flags == []
    raised = {f.id for f in score(framework, all_at(0)).flags}
    assert {
        "autopilot",
        "broadcast_only",
        "link_blasting",
        "contradictory_accounts",
        "popularity_contest",
    } <= raised
