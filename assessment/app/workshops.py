"""Workshop use cases: create, join, remove, open/close; the facilitator's dashboard; consensus;
imported responses; the workshop report, from the database or from a form tool's export.

Everything is read from the database (several app processes serve one workshop), and each call
reads what it needs once: the dashboard is one read of the workshop, one of the participants and
one of the consensus, summarised once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..branding import NO_BRAND, Brand
from ..evaluation import evaluate
from ..models import Answer, Choice, Framework, Organization, Responses
from ..responses_import import ResponsesImport, parse_responses
from ..store import (
    FacilitatorView,
    ParticipantRecord,
    StoreError,
    WorkshopError,
    WorkshopStore,
    looks_like_token,
)
from ..store.limits import WORKSHOP, CreationLimiter, TooManyCreations
from ..workshop import Participant, WorkshopSummary, consensus_from_suggestions, summarize
from .outcome import Outcome

UNREACHABLE = "The workshop database cannot be reached right now; please try again."


# --------------------------------------------------------------------------- facilitator


def create_workshop(
    ws: WorkshopStore, name: str, sector: str = "", *, client_key: str = ""
) -> Outcome[str]:
    """A new open workshop, within the per-client limit; its value is the facilitator's token."""
    if not name.strip():
        return Outcome.refused("Please give the organisation's name.")
    try:
        organization = Organization(name=name, sector=sector.strip() or None)
    except ValueError:
        return Outcome.refused("Please give a name and sector of up to 200 characters each.")
    try:
        CreationLimiter(engine=ws.engine).check_and_record(WORKSHOP, client_key)
        token, _ = ws.create_workshop(organization)
    except TooManyCreations as exc:
        return Outcome.refused(str(exc))
    except StoreError as exc:
        return Outcome.refused(f"The workshop could not be created: {exc}. Please try again.")
    return Outcome(token)


def open_workshop(ws: WorkshopStore, token: str | None) -> FacilitatorView | None:
    """The workshop a facilitator link opens; None for a malformed or unknown token.

    Raises StoreError when the database cannot be read."""
    return ws.facilitator(token) if looks_like_token(token) else None


def set_open(ws: WorkshopStore, token: str, *, is_open: bool) -> Outcome[bool]:
    """Close (answers can no longer change) or reopen a workshop."""
    try:
        ws.set_open(token, is_open=is_open)
    except (StoreError, WorkshopError) as exc:
        verb = "reopened" if is_open else "closed"
        return Outcome.refused(f"The workshop could not be {verb}: {exc}. Please try again.")
    return Outcome(is_open)


def remove_participant(ws: WorkshopStore, token: str, number: int) -> Outcome[int]:
    """Remove a participant (e.g. someone who joined by mistake) and their answers."""
    try:
        removed = ws.remove_participant(token, number)
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"Participant {number} could not be removed: {exc}.")
    if not removed:
        return Outcome.refused(f"Participant {number} is not in this workshop (any more).")
    return Outcome(number)


def participants_of(records: list[ParticipantRecord]) -> list[Participant]:
    return [r.as_participant() for r in records]


@dataclass(frozen=True)
class Dashboard:
    """Everything the facilitator's page shows, read once."""

    view: FacilitatorView
    records: list[ParticipantRecord]
    summary: WorkshopSummary
    agreed: dict[str, Answer]  # the consensus settled so far

    def consensus(self) -> Responses:
        """What the report is scored on: the agreed answers, the suggestions elsewhere."""
        return consensus_from_suggestions(self.summary, self.view.organization, self.agreed)


def load_dashboard(ws: WorkshopStore, framework: Framework, view: FacilitatorView) -> Dashboard:
    """Participants, their summary and the consensus so far. Raises StoreError."""
    records = ws.participants(view.token)
    saved = ws.assessments.load(view.consensus_id)
    return Dashboard(
        view=view,
        records=records,
        summary=summarize(framework, participants_of(records)),
        agreed=dict(saved.answers) if saved else {},
    )


def settle(
    ws: WorkshopStore, view: FacilitatorView, question_id: str, choice: Choice | None
) -> Outcome[str]:
    """Record the room's answer to one question (None takes it back)."""
    answer = None if choice is None else Answer(choice=choice)
    try:
        ws.assessments.save_answers(view.consensus_id, {question_id: answer})
    except StoreError as exc:
        return Outcome.refused(f"Not saved: {exc}")
    return Outcome(question_id)


def accept_suggestions(
    ws: WorkshopStore, framework: Framework, view: FacilitatorView
) -> Outcome[dict[str, Choice]]:
    """Take the median suggestion for every question not settled yet, from fresh answers."""
    try:
        fresh = load_dashboard(ws, framework, view)
        unset = {q: c for q, c in fresh.summary.suggestions.items() if q not in fresh.agreed}
        if unset:
            ws.assessments.save_answers(
                view.consensus_id, {q: Answer(choice=c) for q, c in unset.items()}
            )
    except StoreError as exc:
        return Outcome.refused(f"Not saved: {exc}")
    return Outcome(unset)


def import_responses(ws: WorkshopStore, token: str, parsed: ResponsesImport) -> Outcome[int]:
    """Add the respondents of a form tool's export as participants, all or nothing."""
    try:
        count = ws.import_participants(token, [(r.name, r.role, r.answers) for r in parsed.rows])
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"Nothing was imported: the database did not accept it ({exc}).")
    return Outcome(count)


def workshop_pdf(
    framework: Framework,
    summary: WorkshopSummary,
    consensus: Responses,
    paper: str = "a4",
    basis: str | None = None,
    brand: Brand = NO_BRAND,
) -> bytes:
    """The workshop PDF: the action plan scored on the consensus, with the workshop section."""
    from ..report.workshop_section import build_workshop_report  # ReportLab only when needed

    return build_workshop_report(
        framework, summary, evaluate(framework, consensus), paper, basis=basis, brand=brand
    )


# --------------------------------------------------------------------------- participants


def join(ws: WorkshopStore, code: str, name: str, role: str, client_key: str) -> Outcome[str]:
    """Join with the projected code; the value is the participant's own private token."""
    try:
        return Outcome(ws.join(code, name, role, client_key))
    except WorkshopError as exc:
        return Outcome.refused(_sentence(str(exc)))
    except StoreError:
        return Outcome.refused(UNREACHABLE)


def finish(ws: WorkshopStore, token: str) -> Outcome[bool]:
    try:
        ws.set_finished(token)
    except (WorkshopError, StoreError) as exc:
        return Outcome.refused(_sentence(str(exc)))
    return Outcome(True)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


# --------------------------------------------------------------------------- from an export


def read_export(framework: Framework, data: bytes, file_name: str) -> ResponsesImport:
    """A form tool's export, read; ResponsesImportError when no part of it can be read."""
    return parse_responses(data, file_name, framework)


def report_from_export(
    framework: Framework,
    parsed: ResponsesImport,
    organization: Organization,
    paper: str = "a4",
    brand: Brand = NO_BRAND,
) -> bytes:
    """The workshop PDF from an export's readable rows: the consensus is the median suggestion
    per question (nobody settled it). The caller checks that `parsed.rows` is not empty."""
    participants = [
        Participant(
            key=str(row.row),
            label=row.name or f"Row {row.row}",
            role=row.role,
            finished=True,
            responses=row.responses(organization),
        )
        for row in parsed.rows
    ]
    summary = summarize(framework, participants)
    consensus = consensus_from_suggestions(summary, organization)
    return workshop_pdf(framework, summary, consensus, paper, basis=parsed.basis, brand=brand)
