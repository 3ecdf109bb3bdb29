"""The strengths and gaps a reader sees first: chosen in the core, never the same dimension."""

from __future__ import annotations

from hypothesis import given

from assessment.highlights import (
    GAP_LIMIT,
    STRENGTH_MIN_LEVEL,
    largest_gaps,
    strengths,
    strongest,
)
from assessment.scoring import score
from tests.conftest import responses_with
from tests.strategies import FW, fast, mostly_known, responses_st


@fast
@given(responses_st | mostly_known)
def test_no_dimension_is_both_a_strength_and_a_gap(responses):
    result = score(FW, responses)
    gaps, strong = largest_gaps(result), strengths(result)
    assert not {d.id for d in gaps} & {d.id for d in strong}
    assert len(gaps) <= GAP_LIMIT
    assert all(d.assessed and d.gap > 0 for d in gaps)
    assert [d.gap for d in gaps] == sorted((d.gap for d in gaps), reverse=True)
    assert all(d.assessed and (d.level or 0) >= STRENGTH_MIN_LEVEL for d in strong)
    # nothing larger is left out of the gaps
    shown = {d.id for d in gaps}
    left = [d.gap for d in result.dimensions.values() if d.assessed and d.id not in shown]
    assert all(g <= min((d.gap for d in gaps), default=0) for g in left if g > 0)


def test_a_weak_organisation_has_no_strength_only_a_strongest(framework):
    def choose(q):
        return 1 if q.dimension == "listening" else 0

    result = score(framework, responses_with(framework, choose))
    assert strengths(result) == []
    best = strongest(result)
    assert best is not None and best.id == "listening"
    assert "listening" in {d.id for d in largest_gaps(result, limit=6)}


def test_a_dimension_at_target_is_a_strength_not_a_gap(framework):
    def choose(q):
        return 4 if q.dimension == "purpose" else 1

    result = score(framework, responses_with(framework, choose))
    assert [d.id for d in strengths(result)] == ["purpose"]
    assert "purpose" not in {d.id for d in largest_gaps(result)}
    assert len(largest_gaps(result)) == GAP_LIMIT


def test_nothing_assessed_gives_nothing(framework):
    result = score(framework, responses_with(framework, lambda q: None))
    assert largest_gaps(result) == [] and strengths(result) == [] and strongest(result) is None
