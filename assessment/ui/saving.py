"""Saving once the page is drawn: a change shows at once with "Saving…", then reaches the store.

A widget's callback only keeps the change in the user's `Working` copy (`service.hold_*`). The
page is drawn from that copy, with a status slot beside the control that changed; when the page
script is done, `settle` saves every copy the page showed (and the current assessment) and fills
each slot: "Saved", or that the change is kept in the tab and retried.

So a locked or slow database never keeps the user looking at an unchanged page: the answer and
"Saving…" are on screen before the store is asked, and the store's own time limit (a few
seconds, see `assessment.store.db.SQLITE_BUSY_TIMEOUT_MS`) bounds how long "Saving…" shows.
A failed save is tried once per run, never twice; the line saying so carries a timer
(`browser.retry_timer`) that asks for one more run `RETRY_SECONDS` later, so unsaved changes are
retried on their own until they are saved, and nothing polls once they are.

A save refused because the assessment is gone (purged) is said at once, with the answers offered
as a file; it is never retried. An idle page finds out too: `still_there` asks every
EXISTS_CHECK_SECONDS whether the assessment still exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..app import assessments as service
from ..app.assessments import AnswerStore, Working
from ..files.answers_file import dump_answers
from ..readout.vocabulary import counted
from . import browser
from .style import QUESTION_STATUS
from .text import md_escape

_RUN_KEY = "ui.saving"  # session_state: {assessment id: _Watch}, for this run only
RETRY_SECONDS = 3.0
"""How long after a failed save it is tried again on its own (each try waits at most the store's
busy timeout, 3 s in the app, or the PostgreSQL connect timeout)."""
_TRIES_KEY = "ui.saving.tries"  # session_state: a counter, one per retry timer drawn
_DRAWN_KEY = "ui.saving.drawn"  # session_state: True while a page run draws `still_there`

Draw = Callable[[Working, bool], None]
"""Draws a status into the current slot: (the copy, still saving?)."""
Shows = Callable[[Working, bool], bool]
"""Whether a status has anything to show: (the copy, still saving?)."""


@dataclass(frozen=True)
class Status:
    shows: Shows
    draw: Draw

    def into(self, placeholder: DeltaGenerator, work: Working, saving: bool) -> None:
        if self.shows(work, saving):
            with placeholder.container():
                self.draw(work, saving)
        else:
            placeholder.empty()


@dataclass
class _Watch:
    store: AnswerStore
    work: Working
    slots: list[tuple[DeltaGenerator, Status]] = field(default_factory=list)


def begin_run() -> None:
    """Forget the last run's slots (call first thing every run)."""
    st.session_state[_RUN_KEY] = {}


def _watches() -> dict[str, _Watch]:
    watches: dict[str, _Watch] = st.session_state.setdefault(_RUN_KEY, {})
    return watches


def _watch(store: AnswerStore, work: Working) -> _Watch:
    watches = _watches()
    if work.assessment_id not in watches:
        watches[work.assessment_id] = _Watch(store, work)
    return watches[work.assessment_id]


def slot(store: AnswerStore, work: Working, status: Status) -> None:
    """A status slot here, drawn now (saving) and again once the save is done."""
    placeholder = st.empty()
    status.into(placeholder, work, True)
    _watch(store, work).slots.append((placeholder, status))


def watch(store: AnswerStore, work: Working) -> None:
    """Save this copy at the end of the run even if no slot shows it."""
    _watch(store, work)


def in_fragment_rerun() -> bool:
    """Whether this run redraws only a fragment (an answer click on the wizard), not the page."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def begin_fragment() -> None:
    """At the start of a fragment: a fragment rerun starts its own slots (the page's are gone
    from this run); within a whole-page run, nothing to do."""
    if in_fragment_rerun():
        begin_run()


def end_fragment(*, show: bool = True) -> None:
    """At the end of a fragment: a fragment rerun saves here (the page's own end is not run)."""
    if in_fragment_rerun():
        settle(show=show)


def settle(*, show: bool = True) -> None:
    """Save every copy this run showed; then redraw their slots (unless the run is leaving)."""
    for watched in list(_watches().values()):
        service.flush(watched.store, watched.work)
        if not show:
            continue
        for placeholder, status in watched.slots:
            status.into(placeholder, watched.work, False)
    _watches().clear()


# --------------------------------------------------------------------------- the usual slots


def question_status(store: AnswerStore, work: Working, question_id: str) -> None:
    """Under a question: "Saving…", then "Saved" or "Not saved yet" (the last one changed).

    One line, in a box of its own whose height is kept whether it shows a status or not (see
    `style.py`): a "Saved" line going away must not move the page under the user's finger."""

    def shows(work: Working, saving: bool) -> bool:
        return question_id in work.pending or question_id == work.last_saved

    def draw(work: Working, saving: bool) -> None:
        if question_id in work.pending:
            if saving:
                st.caption(":material/progress_activity: Saving…")
            elif work.gone:
                st.caption(":material/cloud_off: Not saved: this assessment no longer exists")
            else:
                st.caption(":material/sync_problem: **Not saved yet** — kept here, retrying")
        else:
            st.caption(":material/check: Saved")

    with st.container(key=f"{QUESTION_STATUS}-{question_id.replace('.', '-')}"):
        slot(store, work, Status(shows, draw))


def overall_status(store: AnswerStore, work: Working) -> None:
    """One line for the whole assessment while something is unsaved, with a retry button; and
    a check every EXISTS_CHECK_SECONDS that the assessment still exists (`still_there`)."""

    def shows(work: Working, saving: bool) -> bool:
        if work.gone:
            return True
        # While saving, only a failure already known is shown: a line appearing and vanishing
        # at the top on every click would move the page under the user's finger.
        return bool(work.unsaved) and not (saving and work.last_error is None)

    def draw(work: Working, saving: bool) -> None:
        if work.gone:
            gone(work, saving)
            return
        them, they = ("it", "It is") if work.unsaved == 1 else ("them", "They are")
        st.error(
            f"{counted(work.unsaved, 'change')} not saved: the database did not accept {them}. "
            f"{they} kept in this browser tab and saved as soon as it does: this page tries "
            f"again every {RETRY_SECONDS:.0f} seconds by itself.",
            icon=":material/sync_problem:",
        )
        if work.last_error:
            st.caption(md_escape(work.last_error))
        if not saving:  # drawn once per run: a widget key may appear only once
            st.button("Try saving again", key=f"retry.{work.assessment_id[:12]}")
            tries = st.session_state.get(_TRIES_KEY, 0) + 1
            st.session_state[_TRIES_KEY] = tries
            browser.retry_timer(f"retry-{work.assessment_id[:12]}", RETRY_SECONDS, tries)

    slot(store, work, Status(shows, draw))
    st.session_state[_DRAWN_KEY] = True  # the check below runs in this run: it skips once
    still_there(store, work)


EXISTS_CHECK_SECONDS = 10
"""How often an open assessment page asks the store whether its assessment still exists (one
read of its answers): a purge is said within this long, not at the next click (issue 23)."""


def still_there(store: AnswerStore, work: Working) -> None:
    """Checks every EXISTS_CHECK_SECONDS, in a fragment of its own (only in its own runs), that
    the assessment still
    exists; once it does not, it says so here at once (with the answers as a file) and marks
    the copy gone, so `overall_status` says it on every later run (and this draws nothing
    more). The page around it is not run again: a participant's page would then find no
    workshop and show "link not found" instead. A database that cannot be read is away, not
    purged (`service.is_gone`): nothing is said then."""

    @st.fragment(run_every=EXISTS_CHECK_SECONDS)
    def check() -> None:
        # Drawn by the page (or the step's fragment) run: that run saves and says "gone"
        # itself when a save is refused; checking here too would say it twice.
        if st.session_state.pop(_DRAWN_KEY, False) or work.gone:
            return
        if service.is_gone(store, work.assessment_id):
            work.gone = True  # from now on `overall_status` says it; this once, here
            gone(work, False)

    check()


def gone(work: Working, saving: bool) -> None:
    """The assessment was deleted: say so, and hand the answers over as a file."""
    lost = (
        f"so your last {counted(work.unsaved, 'change')} cannot be saved"
        if work.unsaved
        else "so nothing more can be saved"
    )
    st.error(
        f"This assessment no longer exists on the server: it was deleted (for instance after "
        f"months without use), {lost}. "
        "Download your answers to keep them; the answers file can be imported as a new "
        "assessment from the start page.",
        icon=":material/cloud_off:",
    )
    if not saving:  # drawn once per run: a widget key may appear only once
        st.download_button(
            "Download your answers",
            data=dump_answers(work.responses),
            file_name="answers.json",
            mime="application/json",
            icon=":material/download:",
            key=f"gone.{work.assessment_id[:12]}",
        )
