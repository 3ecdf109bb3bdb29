"""The method, written once: scales, formulas, bands, the purpose gate and the ranking.

Every renderer (app Method page, PDF appendix, CLI `method`) shows these sections, and the
numbers in them are read from the same constants and content that the scoring code uses, so
what we tell a client is what we compute.
"""

from __future__ import annotations

from pydantic import BaseModel

from .models import Framework
from .planning import EFFORT_COST, LANE_CAPACITY, PLAN_SIZE
from .scoring import DEFAULT_TARGET_LEVEL, GATE_MAX_LEVEL, GATE_THRESHOLD


class MethodSection(BaseModel):
    title: str
    paragraphs: list[str]


def describe_method(framework: Framework) -> list[MethodSection]:
    dims = ", ".join(f"{d.name} ({d.weight:g})" for d in framework.dimensions)
    bands = "; ".join(
        f"level {lv.level} {lv.name} from {lv.min_score:g}" for lv in framework.levels
    )
    efforts = ", ".join(f"{e.value} = {c}" for e, c in EFFORT_COST.items())
    return [
        MethodSection(
            title="The framework",
            paragraphs=[
                "Six dimensions: Gartner's four steps for social media in customer relations, "
                "in order (define the purpose, surrender some control, reward participants, "
                "dedicate in-house staff), plus listening and accountability.",
                f"There are {len(framework.questions)} questions. Each describes five levels of "
                "practice, scored 0 to 4, from what an organisation that has not started does "
                'to what a leading one does. Every question also accepts "Don\'t know" and '
                '"Not applicable".',
            ],
        ),
        MethodSection(
            title="Scores",
            paragraphs=[
                "A dimension's score is the mean of its answered options, scaled so that 4 is "
                "100: score = mean(points) / 4 x 100.",
                '"Not applicable" leaves the question out of the calculation; it is listed as '
                'an exclusion. "Don\'t know" counts as 0 and lowers confidence. Unanswered '
                "questions are left out and lower completeness.",
                f"The overall score is the weighted mean of the dimension scores. Weights: {dims}.",
                "Confidence is the share of applicable answered questions with a known answer "
                '(not "Don\'t know"). Completeness is the share of all questions answered.',
            ],
        ),
        MethodSection(
            title="Maturity levels",
            paragraphs=[
                f"Scores map to five levels by band: {bands}. All answers at the top give 100 "
                "and level 5; all at the bottom give 0 and level 1.",
                *[f"Level {lv.level} {lv.name}: {lv.description}" for lv in framework.levels],
            ],
        ),
        MethodSection(
            title="The purpose gate",
            paragraphs=[
                f"Gartner's first step comes first. While purpose scores below "
                f"{GATE_THRESHOLD:g} (or is not assessed), the overall level cannot exceed "
                f"{GATE_MAX_LEVEL}, whatever the other dimensions score, and purpose actions "
                "lead the plan, starting in the first 30 days.",
            ],
        ),
        MethodSection(
            title="Targets and gaps",
            paragraphs=[
                f"Each dimension has a target level: by default level {DEFAULT_TARGET_LEVEL}, "
                f"or one level above the current one where level {DEFAULT_TARGET_LEVEL} is "
                "already reached. You may set any target. The gap is the number of points "
                "between the dimension's score and the lowest score of its target level.",
            ],
        ),
        MethodSection(
            title="The action plan",
            paragraphs=[
                "An action enters the plan when its trigger holds (a question answered at or "
                "below a level, a dimension below a score, or a risk flag raised) and its "
                "dimension is short of its target. No action is proposed for a dimension "
                "already at its target.",
                f"Actions are ranked by priority = gap x dimension weight x impact / effort, "
                f"with impact 1 (low) to 3 (high) and effort {efforts}. While the purpose gate "
                f"holds, purpose actions come first. The first {PLAN_SIZE} form the plan; the "
                "rest form the backlog.",
                f"The plan is scheduled into the first 30 days, days 31-60 and days 61-90: in "
                f"rank order, each action goes into the earliest period that still has room "
                f"({LANE_CAPACITY} effort points per period) and is not before the action's own "
                "earliest start. What fits nowhere is scheduled for later.",
            ],
        ),
    ]


def method_text(framework: Framework) -> str:
    """The method as plain text (CLI and tests)."""
    parts = []
    for section in describe_method(framework):
        parts.append(section.title.upper())
        parts += section.paragraphs
        parts.append("")
    return "\n".join(parts)
