"""The plan as a calendar (icalendar): one all-day event per planned step, on its due date.

All-day VEVENTs rather than VTODOs: Outlook, Google Calendar and Apple Calendar all import
events, while several ignore to-dos. Each event says when the step starts, who owns it and how
its success is measured. UIDs are derived from the organisation, the assessment date and the
step, so importing a rebuilt file updates the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from ..domain.evaluation import Evaluation
from ..domain.models import Framework
from ..files.branding import Brand
from ..readout.build import build_readout, day
from .common import PLAN, ExportError, assessment_date, clean_text, plan_rows

MIME = "text/calendar"
PRODID = "-//Social-media strategy readiness//Action plan//EN"
UID_DOMAIN = "social-readiness.invalid"  # RFC 2606: a name that can never clash with a real host


def step_uid(evaluation: Evaluation, step_id: str, today: dt.date | None = None) -> str:
    org = evaluation.responses.organization.name
    key = f"{org}\n{assessment_date(evaluation, today).isoformat()}\n{step_id}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def build_ics(
    framework: Framework,
    evaluation: Evaluation,
    brand: Brand,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> bytes:
    rows = [row for row in plan_rows(framework, evaluation, today, start) if row.section == PLAN]
    if not rows:
        from ..readout.wording import plan_status

        status = plan_status(framework, evaluation.result, evaluation.plan) or "no planned step"
        raise ExportError(f"no calendar: the plan has no step to date. {status}")
    org = clean_text(evaluation.responses.organization.name)
    day0 = assessment_date(evaluation, today)
    stamp = dt.datetime.combine(day0, dt.time(), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Action plan: {org}")
    for row in rows:
        a = row.step
        assert row.due is not None  # planned steps always have one
        description = [
            clean_text(a.what),
            "",
            f"Owner: {clean_text(a.owner)}",
            *([row.card.label] if row.card.label else []),
            f"KPI: {clean_text(row.card.kpi_text or a.kpi)}",
            *(
                [f"Risk if not done: {clean_text(row.card.risk_if_not_done)}"]
                if row.card.risk_if_not_done
                else []
            ),
            f"Dimension: {row.dimension}",
            f"{row.horizon}: start {day(row.start)}, due {day(row.due)}",
            f"Effort {row.card.effort_text or row.effort}, impact {row.impact}; rank {a.rank} "
            "of the plan.",
            f"From the readiness assessment of {org} on {day(day0)}"
            + (f", prepared by {clean_text(brand.prepared_by)}." if brand.prepared_by else "."),
        ]
        event = Event()
        event.add("uid", step_uid(evaluation, a.id, today))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due)
        event.add("dtend", row.due + dt.timedelta(days=1))
        event.add("summary", f"Due: #{a.rank} {clean_text(a.title)}")
        event.add("description", "\n".join(description))
        event.add("categories", [row.dimension, row.horizon])
        event.add("priority", 1 if row.priority == "High" else 5)
        event.add("transp", "TRANSPARENT")  # a deadline, not a busy day
        calendar.add_component(event)
    task = build_readout(framework, evaluation, today, start).find_out
    if task is not None:
        event = Event()
        event.add("uid", step_uid(evaluation, "find_out", today))
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due)
        event.add("dtend", task.due + dt.timedelta(days=1))
        event.add("summary", f"Due: {task.title}")
        event.add("description", "\n".join([task.intro, "", *map(clean_text, task.questions)]))
        event.add("categories", ["Find out"])
        event.add("priority", 1)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
