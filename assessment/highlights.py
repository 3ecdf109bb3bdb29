"""What a reader sees first: the largest gaps and the strengths, chosen once for every renderer.

Pure functions over a Result. A dimension is never both a strength and a gap: the gaps are chosen
first, and a strength is an assessed dimension at a solid level that is not among them.
"""

from __future__ import annotations

from .models import DimensionResult, Result

GAP_LIMIT = 3
STRENGTH_LIMIT = 3
STRENGTH_MIN_LEVEL = 3
"""A dimension counts as a strength from this level on (3: practices in place in a basic form);
below it, the highest score is only "the strongest so far", not a strength."""


def largest_gaps(result: Result, limit: int = GAP_LIMIT) -> list[DimensionResult]:
    """Assessed dimensions below their target, largest gap first (heavier weight on a tie)."""
    short = [d for d in result.dimensions.values() if d.assessed and d.gap > 0]
    return sorted(short, key=lambda d: (-d.gap, -d.weight))[:limit]


def strengths(result: Result, limit: int = STRENGTH_LIMIT) -> list[DimensionResult]:
    """Assessed dimensions at level 3 or above that are not among the largest gaps, best first."""
    gaps = {d.id for d in largest_gaps(result)}
    solid = [
        d
        for d in result.dimensions.values()
        if d.assessed and (d.level or 0) >= STRENGTH_MIN_LEVEL and d.id not in gaps
    ]
    return sorted(solid, key=lambda d: (-(d.score or 0), -d.weight))[:limit]


def strongest(result: Result) -> DimensionResult | None:
    """The highest-scoring assessed dimension with a score above 0 (which may not be a strength)."""
    scored = [d for d in result.dimensions.values() if d.assessed and d.score]
    return max(scored, key=lambda d: (d.score or 0, d.weight), default=None)
