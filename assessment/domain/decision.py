"""The decision asked of the board, written from this client's plan. Pure functions.

Different plans give different decisions: urgent steps are approved at once, capacity steps ask
for the role they need (content: an action's `needs_role`), practices the answers reveal are
named to stop (`stop`), and the effort is summed in person-days with a band saying whether it
fits in existing time. No currency figure is given: the product has no source for day rates.
"""

from __future__ import annotations

import datetime as dt

from .models import ActionPlan, Decision, Horizon, PlannedAction, Result

BANDS = ((10, "small"), (30, "moderate"), (60, "substantial"))
"""Upper person-day bounds of each band over the planned steps (the high end of their ranges)."""
BAND_WORDS = {
    "small": "small: fits in existing staff time",
    "moderate": "moderate: about a quarter of one person's time over 90 days",
    "substantial": "substantial: plan it as a project with its own time and budget line",
    "large": "large: more than 60 person-days; fund it as a programme, with the roles named",
}


def band(days: tuple[int, int]) -> str:
    """The budget band, from the high end of the person-day range."""
    name = next((n for limit, n in BANDS if days[1] <= limit), "large")
    return BAND_WORDS[name]


def _unique(items: list[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _day(date: dt.date) -> str:
    """As the readout writes dates: 2 Nov 2026."""
    return f"{date.day} {date:%b %Y}"


def _ranks(ranks: list[int]) -> str:
    """ "1-5", "1, 2 and 4": the plan's numbers, as a reader finds them in the plan."""
    if len(ranks) > 2 and ranks == list(range(ranks[0], ranks[-1] + 1)):
        return f"{ranks[0]}-{ranks[-1]}"
    words = [str(r) for r in ranks]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _steps(steps: list[PlannedAction], kind: str = "") -> str:
    """ "the 3 urgent steps (plan steps 1-3)"; one step by its title. The titles are in the
    plan and, for the first three, right under the decision."""
    if len(steps) == 1:
        return f'"{steps[0].title}" (plan step {steps[0].rank})'
    return f"the {len(steps)} {kind}steps (plan steps {_ranks([s.rank for s in steps])})"


def lead(label: str) -> str:
    """A line's label as it leads the text: "Owners: ", "Review progress on "."""
    return f"{label} " if label.endswith(" on") else f"{label}: "


def review_day(steps: list[PlannedAction]) -> dt.date | None:
    """When the board looks again: when the 90-day steps are due (a board does not wait six
    months for its first look); the last due day only when every step is later than that."""
    soon = [s.due for s in steps if s.due is not None and s.horizon != Horizon.LATER]
    later = [s.due for s in steps if s.due is not None]
    return max(soon) if soon else (max(later) if later else None)


def decide(result: Result, plan: ActionPlan) -> Decision:
    """What to approve, what it needs (people, days, a budget band), what to stop."""
    steps = plan.actions
    urgent = [s for s in steps if s.urgent]
    rest = [s for s in steps if not s.urgent]
    days = (sum(s.effort_days[0] for s in steps), sum(s.effort_days[1] for s in steps))
    roles = _unique([s.needs_role for s in steps])
    stops = _unique([s.stop for s in steps])
    people = _unique([s.owner for s in steps])
    review = review_day(steps)
    provisional = result.overall.provisional
    lines: list[tuple[str, str]] = []
    if urgent:
        when = max(s.due for s in urgent if s.due is not None)
        lines.append((f"Approve now, done by {_day(when)}", f"{_steps(urgent, 'urgent ')}."))
    if rest and not provisional:
        other = "other " if urgent else ""
        lines.append(
            ("Approve the plan", f"{_steps(rest, other)}, with their owners and due dates.")
        )
    if roles:
        lines.append(("Name or fund", f"{'; '.join(roles)}."))
    if steps:
        # labelled, not in a sentence: role names ("Whoever answers customers") start with a capital
        lines.append(("Owners", f"{'; '.join(people)}."))
        lines.append(("Time", f"about {days[0]}-{days[1]} person-days in all ({band(days)})."))
    if stops:
        lines.append(("Stop", f"{'; '.join(stops)}."))
    if review is not None and not provisional:
        lines.append(("Review progress on", f"{_day(review)}."))
    if not steps:
        lines.append(("Nothing to approve", "no step is proposed by these answers."))
    return Decision(
        provisional=provisional,
        urgent=[s.title for s in urgent],
        approve=[s.title for s in rest],
        people=people,
        new_roles=roles,
        days=days,
        budget_band=band(days),
        stop=stops,
        review=review,
        text=" ".join(lead(label) + text for label, text in lines),
        lines=lines,
    )
