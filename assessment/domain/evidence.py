"""How old, where from and how good the evidence is: one line a 2026 board reads beside it."""

from __future__ import annotations

import re

from .models import Framework


def evidence_years(framework: Framework) -> tuple[int, int]:
    """Earliest and latest year of the evidence: the sources' own years and any year a
    source's title names (Cone Research, September 2008, re-posted in 2009)."""
    seeds = [s for s in framework.sources if s.file]  # the evidence texts, not sector guidance
    years = [s.year for s in seeds if s.year is not None]
    for s in seeds:
        years += [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", s.title)]
    return min(years), max(years)


def evidence_note(framework: Framework) -> str:
    """One line: the evidence's age, geography and quality, from sources.yaml."""
    first, last = evidence_years(framework)
    caveats = " ".join(s.caveat for s in framework.sources if s.caveat)
    return (
        f"The evidence dates from {first} to {last} and predates today's networks; "
        f"read it as direction, not as current figures. {caveats}"
    ).strip()
