"""The method, written once: scales, formulas, bands, the purpose gate and the ranking.

Every renderer (app Method page, PDF appendix, CLI `method`) shows these sections, and the
numbers in them are read from the same constants and content that the scoring code uses, so
what we tell a client is what we compute.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..domain.evidence import evidence_note
from ..domain.models import Framework
from ..domain.planning import (
    EFFORT_COST,
    GATED_FIRST,
    LANE_CAPACITY,
    LARGE_PLAN,
    PLAN_SIZE,
    PLAN_SIZES,
)
from ..domain.scoring import DEFAULT_TARGET_LEVEL, GATE_MAX_LEVEL, GATE_THRESHOLD, MIN_KNOWN_SHARE
from ..domain.sectors import SECTOR_METHOD, default_sector_content
from ..domain.workshop import MAJORITY_BAND, MAJORITY_SHARE, MIN_GROUP, OTHER_ROLES
from .highlights import STRENGTH_MIN_LEVEL

RANKING_RULE = (
    "Steps are ranked by priority = gap x dimension weight x impact x rungs climbed / effort"
)
"""The ranking as every reader is told it (`planning.priority` computes it)."""


class MethodSection(BaseModel):
    title: str
    paragraphs: list[str]


def workshop_method() -> MethodSection:
    """How a workshop's answers become a consensus, and what the client is shown of them."""
    share = f"{MAJORITY_SHARE:.0%}"
    band = "one option" if MAJORITY_BAND == 1 else f"{MAJORITY_BAND} options"
    return MethodSection(
        title="Workshops: anonymity and consensus",
        paragraphs=[
            "In a workshop several people of one organisation answer on their own devices. "
            "The workshop report is scored on the answers the group settles together (the "
            "consensus), not on an average of the individual answers.",
            f"Anonymity: no figure is shown to the client for a group of fewer than {MIN_GROUP} "
            "people. A question's answer counts appear (on the projected room view and in the "
            f"report) only once at least {MIN_GROUP} people have answered it; a dimension's "
            f"spread only from at least {MIN_GROUP} participants' scores; a role's figures only "
            f"for a role of at least {MIN_GROUP} people. Smaller roles are pooled as "
            f'"{OTHER_ROLES}" when together they reach {MIN_GROUP}, and are otherwise left '
            "out. Names appear only in the facilitator's private view, never on the room view "
            "or in the report. A participant's note appears on the room view only when they "
            "chose to share it, and then without their name.",
            "The middle answer of a question is the median of the options chosen; for an even "
            "number of answers, the lower of the two middle options. It is always an answer "
            "somebody gave.",
            f"A question has a clear majority when at least {MIN_GROUP} people answered and at "
            f'least {share} of all answers ("Don\'t know" and "Not applicable" included) '
            f'lie within {band} of the middle answer, or at least {share} are "Don\'t know" '
            '(or "Not applicable"): a Delphi-style consensus threshold. The majority\'s answer '
            "is then the middle answer (or that word). With fewer than "
            f"{MIN_GROUP} answers a question has too few answers to call; otherwise it is split.",
            "Each question's consensus has a status. Agreed in the room: the facilitator "
            "recorded the group's answer, usually after discussion. Clear majority: the "
            "majority's answer, accepted together with the other clear majorities or not yet "
            "discussed. Split - to discuss: no answer is suggested; the facilitator is offered "
            "the answers people chose, so a median nobody chose is never proposed. Only clear "
            "majorities can be accepted all at once. A split question left undecided, and one "
            "with too few answers, has no consensus answer and counts as unanswered in the "
            "scores. A minority view can be recorded with an answer and is reported with it.",
            "Questions to discuss are those with two or more different answers. They are "
            "ranked split before clear majority, then by the standard deviation of the options "
            "chosen (highest first), then by their range, then by the number of answers.",
            "In a blind round the room view hides the answers until everyone has finished or "
            "the facilitator reveals them. After discussion a question can be voted on again: "
            "the first round is kept and shown beside the second, and the status follows the "
            "second.",
        ],
    )


def describe_method(framework: Framework, *, workshop: bool = True) -> list[MethodSection]:
    """The method in sections; `workshop=False` leaves out how workshops reach a consensus
    (e.g. for a self-assessment's report)."""
    dims = ", ".join(f"{d.name} {d.weight:g}" for d in framework.dimensions)
    bands = "; ".join(
        f"level {lv.level} {lv.name} from {lv.min_score:g}" for lv in framework.levels
    )
    efforts = ", ".join(f"{e.value} = {c}" for e, c in EFFORT_COST.items())
    sizes = (
        ", ".join(f"{planned} steps up to {limit:,} people" for limit, planned, _ in PLAN_SIZES)
        + f", {LARGE_PLAN} beyond"
    )
    share = f"{MIN_KNOWN_SHARE:.0%}".replace("50%", "half")
    top = DEFAULT_TARGET_LEVEL + 1
    return [
        MethodSection(
            title="The framework",
            paragraphs=[
                "Six dimensions: Gartner's four steps for social media in customer relations, "
                "in order (define the purpose, surrender some control, reward participants, "
                "dedicate in-house staff), plus listening and accountability from the other "
                "sources.",
                f"There are {len(framework.questions)} questions. Each describes five levels of "
                "practice, scored 0 to 4, from what an organisation that has not started does "
                'to what a leading one does. Every question also accepts "Don\'t know" and '
                '"Not applicable".',
                evidence_note(framework),
            ],
        ),
        MethodSection(
            title="Scores",
            paragraphs=[
                "A dimension's score is the mean of its answered options, scaled so that 4 is "
                "100: score = mean(points) / 4 x 100.",
                '"Not applicable" leaves the question out of the calculation; it is listed as '
                "an exclusion. Unanswered questions are left out and lower completeness.",
                '"Don\'t know" counts as 0. A practice nobody can vouch for cannot be relied '
                "on, so it does not raise the score; but it is not treated as a fact either: it "
                "lowers confidence, it never raises a risk flag as a finding (only as something "
                "to check) and it never puts an action in the plan (the plan lists it as "
                "something to find out first).",
                f"The overall score is the weighted mean of the dimension scores. Weights: {dims}. "
                "The weights are our judgement, not figures from the sources: purpose counts "
                "most because it is the first of Gartner's four steps; dedicated staff and "
                "listening count a quarter more: CRM magazine calls accounts left on autopilot "
                "the mistake most companies make, and Customers Rock! asks organisations to "
                "listen first.",
                "Confidence is the share of applicable answered questions with a known answer "
                '(not "Don\'t know"). Completeness is the share of all questions answered.',
            ],
        ),
        MethodSection(
            title="Provisional results",
            paragraphs=[
                f"A dimension gets a score and a level only once at least {share} of its "
                'applicable questions (those not marked "Not applicable") have a known '
                'answer: one of the five options. Below that it is "not yet assessed".',
                "While any dimension is not yet assessed, the whole result is provisional: no "
                "overall level or score is claimed, and the report says which dimensions need "
                "how many more answers. No action is planned from a dimension that is not yet "
                "assessed, except to fix a confirmed risk flag.",
                'A dimension where every question is "Not applicable" is left out of the '
                "overall result.",
            ],
        ),
        MethodSection(
            title="Maturity levels",
            paragraphs=[
                f"Scores map to five levels by band: {bands}. All answers at the top give 100 "
                "and level 5; all at the bottom give 0 and level 1.",
                *[f"Level {lv.level} {lv.name}: {lv.description}" for lv in framework.levels],
                "A level describes what organisations in that band typically do; the answers, "
                "question by question, show what this one does.",
            ],
        ),
        MethodSection(
            title="The purpose gate",
            paragraphs=[
                f"While purpose scores below {GATE_THRESHOLD:g} (or is not assessed), the "
                f"overall level cannot exceed {GATE_MAX_LEVEL}, whatever the other dimensions "
                "score, and purpose actions lead the plan, starting in the first 30 days. "
                "Gartner lists defining the purpose as the first of its four steps; an "
                "organisation that is good at posting but cannot say what for is not ready.",
            ],
        ),
        MethodSection(
            title="Risk flags",
            paragraphs=[
                "A risk flag names an anti-pattern the sources warn about (accounts on "
                "autopilot, broadcast-only posting, follower counts as the goal...). It is "
                "raised by low answers to the questions that show it.",
                "A flag is a finding only when known answers raise it. When it would be raised "
                'only by counting "Don\'t know" answers as 0, it is listed as a question to '
                "check, not as a finding. A flag is not raised when a strong answer elsewhere "
                "contradicts it (for example, broadcast-only for a team that meets response "
                "targets).",
            ],
        ),
        MethodSection(
            title="Targets and gaps",
            paragraphs=[
                f"By default every dimension has the same target: level {DEFAULT_TARGET_LEVEL}, "
                "where social media runs against business objectives; once every assessed "
                f"dimension has reached level {DEFAULT_TARGET_LEVEL}, the target becomes level "
                f"{top} for all of them. One target for all means a weaker dimension always "
                "shows a gap at least as large as a stronger one. You may set any target.",
                "The gap is the number of points between the dimension's score and the lowest "
                "score of its target level.",
            ],
        ),
        MethodSection(
            title="The action plan",
            paragraphs=[
                "Steps come from the answers, question by question. Each action in the library "
                "names the questions it moves and the option it brings them to; it is proposed "
                "while one of those questions has a known answer below that option and its "
                "dimension is short of its target. Work already done is never proposed again, "
                'and a question answered "Not applicable" never proposes anything.',
                "Every step in the library is written for the answers it names (from one "
                "option to another), and it is proposed only for those answers, so its text "
                "never describes a practice below the one the organisation has. Every answer "
                "below the top option has such a step, at any level, including level 4.",
                "Some answers cannot wait for the ranking (triage): shared or unreviewed access "
                "to the accounts, customers left unanswered, criticism hidden or deleted, nobody "
                "covering for the only owner, a complaint spreading with no routine. Their step "
                "leads the plan and is due within 14 days, whatever the dimension's gap, status "
                "or the purpose gate.",
                f"{RANKING_RULE}, with impact 1 (low) to 3 (high) and effort {efforts}. While "
                f"the purpose gate caps the level, the best {GATED_FIRST} purpose steps come "
                "first. A step that another must wait for comes before it. The first ones form "
                f"the plan ({sizes}; {PLAN_SIZE} when the size is not given), and the fix for "
                "each confirmed risk flag is always in the plan, even when that makes it longer; "
                "the rest form the backlog.",
                f"The plan is scheduled into the first 30 days, days 31-60 and days 61-90: in "
                f"rank order, each step goes into the earliest period that still has room "
                f"({LANE_CAPACITY} effort points per period), not before its own earliest start "
                "and always after the period of a step it waits for. What fits nowhere is "
                "scheduled for later.",
                "Every page and document shows the same advice. The first steps are the "
                "three that come first in time (earliest due date, then rank), so a "
                "high-ranked step that waits for another is not listed first; their number is "
                "their rank in the plan. The largest gaps are up to three assessed dimensions "
                "below target, largest first. A strength is an assessed dimension at level "
                f"{STRENGTH_MIN_LEVEL} or above that is not among the largest gaps and "
                "holds no confirmed risk flag or urgent step: a dimension is never both. "
                "Dates are written like 2 Dec 2026 and count from the assessment date.",
                "Owners are roles, given the job title they have in the organisation's size "
                f"band ({_bands()} people) and, above the smallest band, in its sector: in "
                "the smallest, the owner or founder and the person who posts; without a size, "
                "the roles are kept.",
            ],
        ),
        MethodSection(title="What a sector changes", paragraphs=[SECTOR_METHOD]),
    ] + ([workshop_method()] if workshop else [])


def _bands() -> str:
    """'1-9, 10-49, 50-249, 250-999, 1,000+' from roles.yaml: the one size rule for owners."""
    names = [b.id for b in default_sector_content().roles.bands]
    return ", ".join(n.replace("1000+", "1,000+") for n in names)


def method_text(framework: Framework) -> str:
    """The method as plain text (CLI and tests)."""
    parts = []
    for section in describe_method(framework):
        parts.append(section.title.upper())
        parts += section.paragraphs
        parts.append("")
    return "\n".join(parts)
