"""Planning: a Result and the answers in, a ranked, scheduled ActionPlan out. Pure functions.

Triage comes first: an answer that content/triage.yaml says cannot wait puts its quick win at
the top of the plan, due within its days, whatever the gap, the dimension's status or the
purpose gate. The rest comes from the answers, not from dimension averages: an action is
proposed while one of the questions it moves has a known answer in the range of rungs its text
is written for (from_rung up to, not including, raises_to). The rules are in `readout/method.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .decision import decide
from .models import (
    Action,
    ActionPlan,
    Answer,
    DimensionResult,
    DimensionStatus,
    Effort,
    Framework,
    Horizon,
    Kpi,
    PlannedAction,
    Responses,
    Result,
    StepKind,
    TriageRule,
)
from .rules import Truth, question_truth
from .scoring import GATE_DIMENSION

PLAN_SIZE = 10
"""Planned steps when the organisation's size is not given; sized ones follow PLAN_SIZES."""
PLAN_SIZES = ((9, 6, 6), (49, 8, 10), (249, 10, 20), (999, 12, 30))
"""(up to this many people, planned steps, backlog steps): a 5-person firm cannot run ten
steps in 90 days or read 33 more; a large one can and needs a deeper backlog. Beyond the last
row: 14 planned and the whole backlog; size unknown: PLAN_SIZE and the whole backlog."""
LARGE_PLAN = 14
EFFORT_COST = {Effort.S: 1, Effort.M: 2, Effort.L: 3}
HORIZON_ORDER = {Horizon.D30: 0, Horizon.D60: 1, Horizon.D90: 2, Horizon.LATER: 3}
LANES = [Horizon.D30, Horizon.D60, Horizon.D90]
LANE_CAPACITY = 6
"""Effort points one 30-day period can take (S=1, M=2, L=3): about three medium actions, so
the roadmap stays realistic instead of piling every quick win into the first month."""
GATED_FIRST = 4
"""While the purpose gate holds, the best purpose steps (up to this many) lead the plan; the
rest of the purpose work ranks by priority, so flags and other gaps still get room."""
EFFORT_DAYS = {Effort.S: (1, 3), Effort.M: (3, 8), Effort.L: (8, 20)}
"""Person-days behind S/M/L when an action gives no range of its own."""
HORIZON_DAYS = {Horizon.D30: (0, 30), Horizon.D60: (30, 60), Horizon.D90: (60, 90)}
HORIZON_DAYS[Horizon.LATER] = (90, 180)
"""Each period's start and due day, counted from the plan's start (as the readout words them)."""
UNMEASURED = "not measured yet: measure it first"


@dataclass(frozen=True)
class Candidate:
    action: Action
    kind: StepKind
    moving: dict[str, int]  # its questions with a known answer below raises_to -> that answer
    fixes: list[str]  # confirmed flags it fixes
    priority: float
    gated: bool  # purpose work while the purpose gate caps the level
    urgent: bool = False  # raised by a triage rule
    within_days: int = 0  # for urgent steps: due this many days after the plan's start


def known_answer(answers: Mapping[str, Answer], question_id: str) -> int | None:
    """The option chosen, or None for unanswered, "Don't know" and "Not applicable"."""
    answer = answers.get(question_id)
    return answer.choice if answer is not None and isinstance(answer.choice, int) else None


def priority(action: Action, dim: DimensionResult, lift: int) -> float:
    """gap x weight x impact x rungs climbed / effort: big gaps, low answers, cheap wins first."""
    return round(dim.gap * dim.weight * action.impact * lift / EFFORT_COST[action.effort], 2)


def gate_caps(result: Result) -> bool:
    """The purpose gate matters only when it lowers the level the other dimensions earn."""
    overall = result.overall
    return (
        result.gate.holds
        and overall.uncapped_level is not None
        and overall.uncapped_level > result.gate.max_level
    )


def _moving(action: Action, answers: Mapping[str, Answer]) -> dict[str, int]:
    """Its questions whose known answer is a rung the text is written for -> that answer."""
    current = {q: known_answer(answers, q) for q in action.questions}
    return {q: a for q, a in current.items() if a is not None and a in action.rungs}


def _candidate(
    action: Action,
    kind: StepKind,
    answers: Mapping[str, Answer],
    result: Result,
    confirmed: set[str],
) -> Candidate | None:
    moving = _moving(action, answers)
    if not moving:
        return None  # the work is done, not applicable, or not known
    fixes = [f for f in action.flags if f in confirmed]
    dim = result.dimensions[action.dimension]
    if not fixes and not (dim.assessed and dim.gap > 0):
        return None
    lift = action.raises_to - min(moving.values())
    return Candidate(
        action=action,
        kind=kind,
        moving=moving,
        fixes=fixes,
        priority=priority(action, dim, lift),
        gated=gate_caps(result) and action.dimension == GATE_DIMENSION,
    )


def sector_rules(framework: Framework, responses: Responses) -> list[TriageRule]:
    """The answers that cannot wait in this organisation's sector (sectors.yaml `urgent:`, e.g.
    a council whose alerts have nobody out of hours), for the actions this framework has."""
    sector = responses.organization.sector_id
    if sector is None:
        return []
    from .sectors import default_sector_content  # sectors dates steps by our periods: late import

    known = {a.id for a in framework.actions}
    return [r for r in default_sector_content().profile(sector).urgent if r.action in known]


def triaged(
    framework: Framework,
    responses: Responses,
    result: Result,
    extra: Sequence[TriageRule] = (),
) -> list[Candidate]:
    """Urgent steps: every triage rule a known answer triggers (the framework's, then the
    sector's `extra`), in content order, once each, for answers its action is written for."""
    answers = responses.answers
    confirmed = {f.id for f in result.confirmed_flags}
    out: dict[str, Candidate] = {}
    for rule in [*framework.triage, *extra]:
        hit = [q.question for q in rule.when if question_truth(q, answers) == Truth.TRUE]
        action = framework.action(rule.action)
        moving = _moving(action, answers)
        if not any(q in moving for q in hit):
            continue  # not triggered, or an answer below the text (a lower rung's rule acts)
        moving = {q: moving[q] for q in hit if q in moving} | moving
        earlier = out.get(action.id)
        days = min(rule.within_days, earlier.within_days) if earlier else rule.within_days
        dim = result.dimensions[action.dimension]
        lift = action.raises_to - min(moving.values())
        out[action.id] = Candidate(
            action=action,
            kind=StepKind.ACTION,
            moving=moving,
            fixes=[f for f in action.flags if f in confirmed],
            priority=priority(action, dim, lift),
            gated=False,
            urgent=True,
            within_days=days,
        )
    return list(out.values())


def candidates(
    framework: Framework,
    responses: Responses,
    result: Result,
    extra: Sequence[TriageRule] = (),
) -> list[Candidate]:
    """Triage steps, then library actions written for the answers given. Content guarantees a
    step for every answer below the top (content._check_ladders), so nothing is generated."""
    answers = responses.answers
    confirmed = {f.id for f in result.confirmed_flags}
    found = triaged(framework, responses, result, extra)
    urgent = {c.action.id for c in found}
    found += [
        c
        for a in framework.actions
        if a.id not in urgent
        and (c := _candidate(a, StepKind.ACTION, answers, result, confirmed)) is not None
    ]
    return found


def ranked(found: list[Candidate]) -> list[Candidate]:
    """Urgent steps first (soonest due), then the best gated purpose steps, then by priority;
    prerequisites pulled in first."""

    def by_priority(c: Candidate) -> tuple[float, int, str]:
        return (-c.priority, HORIZON_ORDER[c.action.horizon], c.action.id)

    # among equal priorities, take turns between dimensions rather than exhausting one first
    turn: dict[str, int] = {}
    seen: Counter[str] = Counter()
    for c in sorted(found, key=by_priority):
        turn[c.action.id] = seen[c.action.dimension]
        seen[c.action.dimension] += 1

    def fairly(c: Candidate) -> tuple[float, int, int, str]:
        return (-c.priority, turn[c.action.id], HORIZON_ORDER[c.action.horizon], c.action.id)

    urgent = sorted((c for c in found if c.urgent), key=lambda c: (c.within_days, *fairly(c)))
    leading = urgent + sorted((c for c in found if c.gated), key=fairly)[:GATED_FIRST]
    lead_ids = {c.action.id for c in leading}
    order = leading + sorted((c for c in found if c.action.id not in lead_ids), key=fairly)
    by_id = {c.action.id: c for c in order}
    out: list[Candidate] = []
    done: set[str] = set()

    def emit(c: Candidate) -> None:
        if c.action.id in done:
            return
        done.add(c.action.id)
        for prerequisite in c.action.after:
            if prerequisite in by_id:
                emit(by_id[prerequisite])
        out.append(c)

    for c in order:
        emit(c)
    return out


def people(size: str | None) -> int | None:
    """The largest number in the size given ("10-49 people" -> 49), or None."""
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", size or "")]
    return max(numbers) if numbers else None


def plan_sizes(size: str | None) -> tuple[int, int | None]:
    """(planned steps, backlog steps or None for all) for an organisation of this size."""
    headcount = people(size)
    if headcount is None:
        return PLAN_SIZE, None
    for limit, planned, backlog in PLAN_SIZES:
        if headcount <= limit:
            return planned, backlog
    return LARGE_PLAN, None


def split_plan(
    order: list[Candidate], size: int = PLAN_SIZE
) -> tuple[list[Candidate], list[Candidate]]:
    """The first `size` steps, plus every urgent step and for every confirmed flag its best fix
    (and what those wait for), whatever its rank; the rest is the backlog. Order is kept."""
    essential: set[str] = set()
    by_id = {c.action.id: c for c in order}

    def need(c: Candidate) -> None:
        essential.add(c.action.id)
        for prerequisite in c.action.after:
            if prerequisite in by_id and prerequisite not in essential:
                need(by_id[prerequisite])

    for c in order:
        if c.urgent:
            need(c)
    for flag in dict.fromkeys(f for c in order for f in c.fixes):
        need(next(c for c in order if flag in c.fixes))
    room = max(0, size - len(essential))
    chosen: set[str] = set(essential)
    for c in order:
        if room == 0:
            break
        if c.action.id not in chosen:
            chosen.add(c.action.id)
            room -= 1
    return [c for c in order if c.action.id in chosen], [
        c for c in order if c.action.id not in chosen
    ]


def schedule(steps: list[Candidate]) -> list[Horizon]:
    """Place steps, in rank order, in the earliest 30-day lane that is not yet full.

    A step never starts before its own horizon (purpose work under the gate may start at once),
    and always in a later lane than a planned step it waits for. What fits nowhere goes 'later'.
    """
    used = dict.fromkeys(LANES, 0)
    placed: dict[str, Horizon] = {}
    for c in steps:
        # the gate and triage: start at once
        earliest = 0 if c.gated or c.urgent else HORIZON_ORDER[c.action.horizon]
        for prerequisite in c.action.after:
            if prerequisite in placed:
                earliest = max(earliest, HORIZON_ORDER[placed[prerequisite]] + 1)
        cost = EFFORT_COST[c.action.effort]
        # a lane takes steps in rank order until it is full (the one that fills it may run
        # over): a step's lane depends on the steps ranked above it, never on its own size, so
        # a bigger step for a lower answer is not pushed behind a smaller one ranked below it
        lane = next((h for h in LANES[earliest:] if used[h] < LANE_CAPACITY), None)
        if c.urgent:
            lane = Horizon.D30  # whatever the capacity: it cannot wait
        if lane is None:
            placed[c.action.id] = Horizon.LATER
        else:
            used[lane] += cost
            placed[c.action.id] = lane
    return [placed[c.action.id] for c in steps]


def plan_start(responses: Responses, start: dt.date | None = None) -> dt.date:
    """The day the plan's dates count from: the one chosen, else the assessment date, else today."""
    return start or responses.organization.date or dt.date.today()


def plan(
    framework: Framework, responses: Responses, result: Result, start: dt.date | None = None
) -> ActionPlan:
    """Rank the proposed steps: urgent ones first, then the first PLAN_SIZE and each confirmed
    flag's fix; every step dated from `start` (see plan_start)."""
    day0 = plan_start(responses, start)
    order = ranked(candidates(framework, responses, result, sector_rules(framework, responses)))
    planned_size, backlog_size = plan_sizes(responses.organization.size)
    planned, backlog = split_plan(order, planned_size)
    backlog = backlog if backlog_size is None else backlog[:backlog_size]
    horizons = schedule(planned) + [c.action.horizon for c in backlog]
    proposed = {c.action.id for c in order}
    steps = [
        _planned(framework, rank, c, result, horizon, proposed, day0, rank <= len(planned))
        for rank, (c, horizon) in enumerate(zip(planned + backlog, horizons, strict=True), 1)
    ]
    unanswered = [q.id for q in framework.questions if q.id in _blank(result)]
    drafted = ActionPlan(
        actions=steps[: len(planned)],
        backlog=steps[len(planned) :],
        to_check=[q.id for q in framework.questions if q.id in _dont_know(result) | _blank(result)],
        unassessed=[
            d.id for d in result.dimensions.values() if d.status == DimensionStatus.NOT_ASSESSED
        ],
        unanswered=unanswered,
        start=day0,
    )
    return drafted.model_copy(update={"decision": decide(result, drafted)})


def _dont_know(result: Result) -> set[str]:
    return {q for d in result.dimensions.values() for q in d.dont_know}


def _blank(result: Result) -> set[str]:
    return {q for d in result.dimensions.values() for q in d.unanswered}


def dates(
    c: Candidate, horizon: Horizon, day0: dt.date, in_plan: bool
) -> tuple[dt.date, dt.date | None]:
    """Start and due: urgent steps from day one, due within their days; others by period.
    A backlog step has only its earliest start."""
    if c.urgent and in_plan:
        return day0, day0 + dt.timedelta(days=c.within_days)
    first, last = HORIZON_DAYS[horizon]
    start = day0 + dt.timedelta(days=first)
    return start, (day0 + dt.timedelta(days=last)) if in_plan else None


def baseline(framework: Framework, c: Candidate) -> str:
    """Where the KPI stands today, in the client's own answer (the lowest one it moves)."""
    qid, answer = min(c.moving.items(), key=lambda item: item[1])
    question = framework.question(qid)
    if question.unmeasured_at_most is not None and answer <= question.unmeasured_at_most:
        return UNMEASURED
    return f"Today (answer {answer}): {question.option_label(answer)}"


def target(framework: Framework, c: Candidate) -> str:
    """The KPI's target: the action's own, else the practice its questions reach once done."""
    if c.action.kpi_target:
        return c.action.kpi_target
    question = framework.question(next(iter(c.moving)))
    return question.option_label(c.action.raises_to)


def _reason(framework: Framework, c: Candidate, result: Result) -> str:
    dim = result.dimensions[c.action.dimension]
    parts = []
    for qid, answer in list(c.moving.items())[:2]:
        question = framework.question(qid)
        parts.append(
            f'"{question.topic or question.text.rstrip("?")}" is at option {answer}; '
            f"this brings it to {c.action.raises_to}"
        )
    text = "; ".join(parts) + "."
    if dim.assessed and dim.gap > 0:
        text += (
            f" {dim.name} scores {dim.score:.0f}, {dim.gap:.0f} points short of level {dim.target}."
        )
    if c.fixes:
        titles = ", ".join(framework.flag(f).title for f in c.fixes)
        text += f" Fixes the confirmed risk: {titles}."
    if c.gated:
        text += " Purpose comes first while the purpose gate caps the level."
    if c.urgent:
        text = f"Cannot wait: due within {c.within_days} days. " + text
    return text


def _planned(
    framework: Framework,
    rank: int,
    c: Candidate,
    result: Result,
    horizon: Horizon,
    proposed: set[str],
    day0: dt.date,
    in_plan: bool,
) -> PlannedAction:
    a = c.action
    owner = a.owner  # a role: sectors.apply_profile fits it to the size band and the sector
    start, due = dates(c, horizon, day0, in_plan)
    return PlannedAction(
        rank=rank,
        id=a.id,
        kind=c.kind,
        dimension=a.dimension,
        title=a.title,
        what=a.what,
        owner=owner,
        effort=a.effort,
        impact=a.impact,
        horizon=horizon,
        kpi=a.kpi,
        source=a.source,
        priority=c.priority,
        reason=_reason(framework, c, result),
        questions=list(c.moving),
        raises_to=a.raises_to,
        flags=c.fixes,
        after=[p for p in a.after if p in proposed],
        urgent=c.urgent and in_plan,
        quick_win=a.quick_win,
        start=start,
        due=due,
        kpi_detail=Kpi(
            measure=a.kpi, baseline=baseline(framework, c), target=target(framework, c), by=due
        ),
        effort_days=a.effort_days or EFFORT_DAYS[a.effort],
        risk_if_not_done=a.risk_if_not_done or "",
        from_rung=a.from_rung,
        up_to=max(a.rungs),
        needs_role=a.needs_role,
        stop=a.stop,
    )
