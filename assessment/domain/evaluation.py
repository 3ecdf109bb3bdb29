"""One call from answers to everything the renderers show: the result and the plan."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from .decision import decide
from .models import ActionPlan, Framework, Responses, Result
from .planning import plan
from .scoring import score
from .sectors import SectorView, apply_profile, default_sector_content, flags_in_their_words


class Evaluation(BaseModel):
    responses: Responses
    result: Result
    plan: ActionPlan
    sector: SectorView | None = None  # the sector's words, notes and exclusions behind the plan


def evaluate(
    framework: Framework, responses: Responses, start: dt.date | None = None
) -> Evaluation:
    """Score, then plan with dates counted from `start` (else the assessment date, else today)."""
    result = score(framework, responses)
    content = default_sector_content()
    steps, sector = apply_profile(
        framework, content, responses.organization, plan(framework, responses, result, start)
    )
    # scored and planned first; only then do the flags speak the sector's words
    result = flags_in_their_words(result, content.profile(responses.organization.sector_id))
    # the decision quotes the steps' titles and owners: write it from the sector's words
    steps = steps.model_copy(update={"decision": decide(result, steps)})
    return Evaluation(responses=responses, result=result, plan=steps, sector=sector)
