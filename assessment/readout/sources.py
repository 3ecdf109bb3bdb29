"""Which sources this report cites, so the appendix lists those and no other.

A report cites the evidence behind every dimension (appendix A.2), the source of each risk flag
it shows and the source of each sector note. The framework holds more (every sector's notes);
listing them all would send a hospital's reader to the influencer guide of a clothing brand.
Numbers follow the framework's order among the cited sources, so [n] is the same everywhere in
one report.
"""

from __future__ import annotations

from ..domain.evaluation import Evaluation
from ..domain.models import Framework


def cited_source_ids(framework: Framework, evaluation: Evaluation) -> list[str]:
    """The ids of the sources this report cites, in the framework's order."""
    cited = {ev.source for d in framework.dimensions for ev in d.evidence}
    result = evaluation.result
    cited |= {f.source for f in result.confirmed_flags + result.flags_to_check}
    if evaluation.sector is not None:
        urls = {n.source.url for n in evaluation.sector.notes}
        cited |= {s.id for s in framework.sources if s.url and s.url in urls}
    return [s.id for s in framework.sources if s.id in cited]
