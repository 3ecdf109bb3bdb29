"""Workshop use cases: create, join, remove, open/close, who may join; the facilitator's
dashboard and the room view; consensus, minority views, blind round and re-votes; imported
responses; the workshop report, from the database or from a form tool's export.

Everything is read from the database (several app processes serve one workshop), and each call
reads what it needs once: the dashboard is one read of the workshop, one of the participants,
one of the consensus and one of the rounds, summarised once.

Two views of one workshop: the facilitator's (`Dashboard`: names, the participant matrix,
every distribution) and the room's (`Room`: only `WorkshopSummary`, which follows the anonymity
rule). Actions the room view may take (record the consensus on a card, a minority view, reveal,
re-vote, pause joining) take either view; the others take the facilitator's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..domain.models import Answer, Choice, Framework, Organization, Responses
from ..domain.sector_ids import SECTOR_LABELS, Sector
from ..domain.workshop import (
    FacilitatorDetail,
    Participant,
    WorkshopSummary,
    analyse,
    consensus_from_suggestions,
    summarize,
)
from ..files.branding import NO_BRAND, Brand
from ..files.responses_import import ResponsesImport, parse_responses
from ..readout.vocabulary import DEFAULT_PAPER
from ..readout.workshop import WorkshopReadout, workshop_readout
from ..store import (
    ConsensusRecord,
    FacilitatorView,
    JoinThrottled,
    ParticipantRecord,
    RoomView,
    Rounds,
    StoreError,
    WorkshopError,
    WorkshopStore,
    looks_like_token,
    unit_of_work,
)
from ..store.limits import WORKSHOP, CreationLimiter, TooManyCreations
from . import deliverables
from .outcome import Outcome

UNREACHABLE = "The workshop database cannot be reached right now; please try again."

AnyView = FacilitatorView | RoomView


def _token(view: AnyView) -> tuple[str, bool]:
    """(token, room_ok): what the store is asked with, for either view."""
    return view.token, isinstance(view, RoomView)


# --------------------------------------------------------------------------- facilitator


def create_workshop(
    ws: WorkshopStore,
    name: str,
    sector: str = "",
    *,
    sector_id: Sector | None = None,
    client_key: str = "",
    session_key: str = "",
) -> Outcome[str]:
    """A new open workshop, within the per-client limit; its value is the facilitator's token.

    The sector is the start page's choice (`sector_id`) with `sector` as its words ("Other"'s
    detail); words alone, as older callers give, are matched to the sector they clearly name."""
    if not name.strip():
        return Outcome.refused("Please give the organisation's name.")
    words = sector.strip() or (SECTOR_LABELS[sector_id] if sector_id else "")
    try:
        organization = Organization(name=name, sector=words or None, sector_id=sector_id)
    except ValueError:
        return Outcome.refused("Please give a name and sector of up to 200 characters each.")
    try:
        with unit_of_work(ws.engine) as uow:  # a failed creation is not counted
            CreationLimiter(engine=ws.engine).check_and_record(
                WORKSHOP, client_key, uow, session_key
            )
            token, _ = ws.create_workshop(organization, uow)
    except TooManyCreations as exc:
        return Outcome.refused(str(exc))
    except StoreError as exc:
        return Outcome.refused(f"The workshop could not be created: {exc}. Please try again.")
    return Outcome(token)


def open_workshop(ws: WorkshopStore, token: str | None) -> FacilitatorView | None:
    """The workshop a facilitator link opens; None for a malformed or unknown token.

    Raises StoreError when the database cannot be read."""
    return ws.facilitator(token) if looks_like_token(token) else None


def open_room(ws: WorkshopStore, token: str | None) -> RoomView | None:
    """The workshop a room-view link opens; None for a malformed or unknown token.

    Raises StoreError when the database cannot be read."""
    return ws.room(token) if looks_like_token(token) else None


def _refused(action: str, exc: Exception) -> Outcome:  # type: ignore[type-arg]
    return Outcome.refused(f"{action}: {exc}. Please try again.")


def set_open(ws: WorkshopStore, token: str, *, is_open: bool) -> Outcome[bool]:
    """Close (answers can no longer change) or reopen a workshop."""
    try:
        ws.set_open(token, is_open=is_open)
    except (StoreError, WorkshopError) as exc:
        verb = "reopened" if is_open else "closed"
        return _refused(f"The workshop could not be {verb}", exc)
    return Outcome(is_open)


def set_joining(ws: WorkshopStore, view: AnyView, *, joining_open: bool) -> Outcome[bool]:
    """Pause joining (either view) or open it again (the facilitator's only)."""
    token, room_ok = _token(view)
    try:
        ws.set_joining(token, joining_open=joining_open, room_ok=room_ok)
    except (StoreError, WorkshopError) as exc:
        return _refused("Joining could not be " + ("opened" if joining_open else "paused"), exc)
    return Outcome(joining_open)


def set_max_participants(ws: WorkshopStore, token: str, limit: int) -> Outcome[int]:
    try:
        ws.set_max_participants(token, limit)
    except (StoreError, WorkshopError) as exc:
        return _refused("The limit was not changed", exc)
    return Outcome(limit)


def set_blind(ws: WorkshopStore, token: str, *, blind: bool) -> Outcome[bool]:
    """A blind round: the room view hides the answers until everyone has finished or until
    they are revealed."""
    try:
        ws.set_blind(token, blind=blind)
    except (StoreError, WorkshopError) as exc:
        return _refused("Not changed", exc)
    return Outcome(blind)


def reveal(ws: WorkshopStore, view: AnyView) -> Outcome[bool]:
    try:
        ws.reveal(view.token)
    except (StoreError, WorkshopError) as exc:
        return _refused("The answers could not be shown", exc)
    return Outcome(True)


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
    """As the aggregation sees them; no name means anonymous (a number only, see workshop.py)."""
    return [r.as_participant().model_copy(update={"anonymous": not r.name}) for r in records]


@dataclass(frozen=True)
class Dashboard:
    """Everything the facilitator's page shows, read once."""

    view: FacilitatorView
    records: list[ParticipantRecord]
    summary: WorkshopSummary  # what the client may see
    detail: FacilitatorDetail  # the private part: names, the matrix, every distribution
    record: ConsensusRecord  # the consensus settled so far, and how
    rounds: Rounds

    @property
    def agreed(self) -> dict[str, Answer]:
        return self.record.answers

    @cached_property
    def readout(self) -> WorkshopReadout:
        """What the client may be shown, in words and counts (as the room and the PDF)."""
        return workshop_readout(self.summary)

    def consensus(self) -> Responses:
        """What the report is scored on: the recorded answers, the clear majorities elsewhere."""
        return consensus_from_suggestions(self.summary, self.view.organization, self.agreed)


def load_dashboard(ws: WorkshopStore, framework: Framework, view: FacilitatorView) -> Dashboard:
    """Participants, their summary and the consensus so far. Raises StoreError."""
    records = ws.participants(view.token)
    record = ws.consensus(view.token)
    rounds = ws.rounds(view.token)
    summary, detail = analyse(framework, participants_of(records), record.decisions, rounds.first)
    return Dashboard(
        view=view, records=records, summary=summary, detail=detail, record=record, rounds=rounds
    )


@dataclass(frozen=True)
class Room:
    """What the room view shows: the anonymous summary only, read once."""

    view: RoomView
    summary: WorkshopSummary
    rounds: Rounds

    @cached_property
    def readout(self) -> WorkshopReadout:
        """What the room is shown, in words and counts (the dashboard and the PDF draw the same)."""
        return workshop_readout(self.summary)

    @property
    def everyone_finished(self) -> bool:
        p = self.summary.participation
        return p.joined > 0 and p.finished == p.joined

    @property
    def answers_hidden(self) -> bool:
        """A blind round hides the answers until everyone has finished or they are revealed."""
        return self.view.blind and not self.view.revealed and not self.everyone_finished


def load_room(ws: WorkshopStore, framework: Framework, view: RoomView) -> Room:
    """The room view's summary (no names are read). Raises StoreError."""
    records = ws.participants(view.token, room_ok=True)
    record = ws.consensus(view.token, room_ok=True)
    rounds = ws.rounds(view.token, room_ok=True)
    summary = summarize(framework, participants_of(records), record.decisions, rounds.first)
    return Room(view=view, summary=summary, rounds=rounds)


def version(ws: WorkshopStore, view: AnyView) -> tuple[object, ...]:
    """A fingerprint that changes whenever what either view shows changes (a cheap read, for
    polling). Raises StoreError."""
    token, room_ok = _token(view)
    return ws.version(token, room_ok=room_ok)


def settle(
    ws: WorkshopStore, view: AnyView, question_id: str, choice: Choice | None
) -> Outcome[str]:
    """Record the room's answer to one question (None takes it back): agreed in the room."""
    token, room_ok = _token(view)
    try:
        ws.record_decisions(token, {question_id: choice}, how="room", room_ok=room_ok)
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"Not saved: {exc}")
    return Outcome(question_id)


def record_minority_view(
    ws: WorkshopStore, view: AnyView, question_id: str, text: str
) -> Outcome[str]:
    """Keep a minority view with a recorded consensus answer (it goes into the report)."""
    token, room_ok = _token(view)
    try:
        done = ws.set_minority_view(token, question_id, text, room_ok=room_ok)
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"Not saved: {exc}")
    if not done:
        return Outcome.refused("Record the room's answer first; the minority view goes with it.")
    return Outcome(question_id)


def accept_suggestions(
    ws: WorkshopStore, framework: Framework, view: FacilitatorView
) -> Outcome[dict[str, Choice]]:
    """Accept the clear majority's answer for every question not settled yet, from fresh
    answers. Split questions and those with too few answers are left for the room."""
    try:
        fresh = load_dashboard(ws, framework, view)
        unset = {q: c for q, c in fresh.summary.suggestions.items() if q not in fresh.agreed}
        recorded = (
            ws.record_decisions(view.token, dict(unset), how="majority", only_unset=True)
            if unset
            else {}
        )
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"Not saved: {exc}")
    return Outcome(recorded)


def start_revote(ws: WorkshopStore, view: AnyView, question_id: str) -> Outcome[str]:
    """Vote again on a question after discussion; the first round's answers are kept."""
    token, room_ok = _token(view)
    try:
        started = ws.start_revote(token, question_id, room_ok=room_ok)
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"The new vote could not start: {exc}.")
    if not started:
        return Outcome.refused("This question has already been voted on again.")
    return Outcome(question_id)


def reveal_revote(ws: WorkshopStore, view: AnyView, question_id: str) -> Outcome[str]:
    token, room_ok = _token(view)
    try:
        ws.reveal_revote(token, question_id, room_ok=room_ok)
    except (StoreError, WorkshopError) as exc:
        return Outcome.refused(f"Not shown: {exc}.")
    return Outcome(question_id)


def import_responses(ws: WorkshopStore, token: str, parsed: ResponsesImport) -> Outcome[int]:
    """Add the respondents of a form tool's export as participants, all or nothing."""
    try:
        count = ws.import_participants(token, [(r.name, r.role, r.answers) for r in parsed.rows])
    except WorkshopError as exc:  # over the participant cap: the message says how many fit
        return Outcome.refused(f"Nothing was imported: {exc}.")
    except StoreError as exc:
        return Outcome.refused(f"Nothing was imported: the database did not accept it ({exc}).")
    return Outcome(count)


def branding(prepared_by: str, colour: str, logo: bytes | None) -> Outcome[Brand]:
    """The consultant's branding from the facilitator's form, checked (the logo must decode)."""
    from ..files.branding import BrandError, brand_from_fields
    from ..report.logo import logo_reader  # the logo must also decode as an image

    try:
        brand = brand_from_fields(prepared_by, colour, logo)
        logo_reader(brand)
    except BrandError as exc:
        return Outcome.refused(str(exc))
    return Outcome(brand)


def workshop_pdf(
    framework: Framework,
    summary: WorkshopSummary,
    consensus: Responses,
    paper: str = DEFAULT_PAPER,
    basis: str | None = None,
    brand: Brand = NO_BRAND,
) -> bytes:
    """The workshop PDF: the action plan scored on the consensus, with the workshop section."""
    made = deliverables.workshop_report(framework, summary, consensus, paper, brand, basis=basis)
    assert made is not None  # built on request
    return made.data


# --------------------------------------------------------------------------- participants


JOIN_WAIT_SECONDS = 35.0  # longest a join waits for its turn behind a guesser's address


def join(
    ws: WorkshopStore,
    code: str,
    name: str,
    role: str,
    client_key: str,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome[str]:
    """Join with the projected code; the value is the participant's own private token.

    When many wrong codes came from this address the store takes one attempt at a time: this
    waits for the attempt's turn (up to JOIN_WAIT_SECONDS) instead of refusing it, so the
    guesser is slowed and a person typing the right code behind the same address joins."""
    waited = 0.0
    while True:
        try:
            return Outcome(ws.join(code, name, role, client_key))
        except JoinThrottled as exc:
            if not 0 < exc.retry_after <= JOIN_WAIT_SECONDS - waited:
                return Outcome.refused(_sentence(str(exc)))
            sleep(exc.retry_after)
            waited += exc.retry_after
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


def share_note(ws: WorkshopStore, token: str, question_id: str, *, shared: bool) -> Outcome[bool]:
    """Share a participant's note on a question with the room (shown without their name)."""
    try:
        ws.share_note(token, question_id, shared=shared)
    except (WorkshopError, StoreError) as exc:
        return Outcome.refused(_sentence(str(exc)))
    return Outcome(shared)


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
    paper: str = DEFAULT_PAPER,
    brand: Brand = NO_BRAND,
) -> bytes:
    """The workshop PDF from an export's readable rows: nobody settled anything, so the
    consensus is the clear majority's answer where there is one; split questions stay open.
    The caller checks that `parsed.rows` is not empty."""
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
