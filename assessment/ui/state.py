"""Session bootstrap: the assessment id in the URL, the shared store, and each user's own copy.

What is shared between users lives in `st.cache_resource` and holds no per-user data: the
framework (immutable content) and the store (only an engine). Everything that belongs to one
user lives in `st.session_state`, keyed by assessment id, so that a participant page can hold a
second assessment beside the one in the URL.

Streamlit forgets query parameters when the user moves between pages, and a browser refresh
starts a new session: the id is re-set in the URL every run, and a new session reloads
everything from the store by that id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import streamlit as st

from ..answers_file import carry_over_saved
from ..content import load_framework
from ..evaluation import Evaluation, evaluate
from ..models import Answer, Framework, Responses
from ..store import AssessmentStore, StoreError, database_url, looks_like_token

URL_PARAM = "a"
"""The query parameter holding the assessment id: `?a=<token>`."""

_WORK_KEY = "ui.work"  # session_state: {assessment id: Working}
_CURRENT_KEY = "ui.current"  # session_state: the id this session is working on


# --------------------------------------------------------------------------- shared resources


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> AssessmentStore:
    """One store (engine + pool) per database URL; keyed by URL so tests never share one."""
    return AssessmentStore(url=url)


def get_store() -> AssessmentStore:
    """The store for READINESS_DATABASE_URL, or the default SQLite file."""
    return _store_for(database_url())


@st.cache_resource(show_spinner=False)
def get_framework() -> Framework:
    """The shipped framework, loaded and validated once per process (it is immutable)."""
    return load_framework()


# --------------------------------------------------------------------------- the user's copy


@dataclass
class Working:
    """One user's copy of an assessment, with the saves that have not reached the store yet."""

    assessment_id: str
    responses: Responses
    pending: dict[str, Answer | None] = field(default_factory=dict)
    pending_targets: bool = False
    pending_organization: bool = False
    last_error: str | None = None
    saved_at: dt.datetime | None = None
    last_saved: str | None = None  # the question answered last, to say "Saved" beside it
    version: int = 0  # bumped on every change, so derived values can be cached by it
    notices: list[str] = field(default_factory=list)  # from importing a file, shown on Results
    _evaluation: tuple[int, Evaluation] | None = None

    @property
    def unsaved(self) -> int:
        return len(self.pending) + int(self.pending_targets) + int(self.pending_organization)


def evaluation(framework: Framework, work: Working) -> Evaluation:
    """Score and plan for the user's answers, computed once per change (not once per rerun)."""
    if work._evaluation is None or work._evaluation[0] != work.version:
        work._evaluation = (work.version, evaluate(framework, work.responses))
    return work._evaluation[1]


def _works() -> dict[str, Working]:
    works: dict[str, Working] = st.session_state.setdefault(_WORK_KEY, {})
    return works


def working(store: AssessmentStore, assessment_id: str) -> Working | None:
    """This session's copy of an assessment, loaded from the store the first time.

    None when the id is malformed or unknown. Raises StoreError when the database cannot be read.
    """
    works = _works()
    if assessment_id in works:
        return works[assessment_id]
    if not looks_like_token(assessment_id):
        return None
    saved = store.load(assessment_id)
    if saved is None:
        return None
    responses, moves, notices = carry_over_saved(saved, get_framework())
    works[assessment_id] = Working(
        assessment_id=assessment_id, responses=responses, pending=moves, notices=notices
    )
    return works[assessment_id]


def adopt(assessment_id: str, responses: Responses, notices: list[str] | None = None) -> Working:
    """Hold a just-created assessment without reading it back from the store."""
    work = Working(assessment_id=assessment_id, responses=responses, notices=notices or [])
    _works()[assessment_id] = work
    return work


def flush(store: AssessmentStore, work: Working) -> bool:
    """Try to save whatever is pending; True when nothing is left unsaved.

    A failure keeps the pending saves in the session (they are retried on the next run) and
    records the reason for the user to see.
    """
    if not work.unsaved:
        return True
    try:
        if work.pending:
            store.save_answers(work.assessment_id, dict(work.pending))
        if work.pending_targets:
            store.save_targets(work.assessment_id, work.responses.targets)
        if work.pending_organization:
            store.save_organization(work.assessment_id, work.responses.organization)
    except StoreError as exc:
        work.last_error = str(exc)
        return False
    work.pending.clear()
    work.pending_targets = False
    work.pending_organization = False
    work.last_error = None
    work.saved_at = dt.datetime.now(dt.UTC)
    return True


def record_answer(
    store: AssessmentStore, work: Working, question_id: str, answer: Answer | None
) -> bool:
    """Keep an answer in the session copy and save it at once (None clears it)."""
    if answer is None:
        work.responses.answers.pop(question_id, None)
    else:
        work.responses.answers[question_id] = answer
    work.pending[question_id] = answer
    work.last_saved = question_id
    work.version += 1
    return flush(store, work)


def record_targets(store: AssessmentStore, work: Working, targets: dict[str, int]) -> bool:
    work.responses.targets = dict(targets)
    work.pending_targets = True
    work.version += 1
    return flush(store, work)


# --------------------------------------------------------------------------- the URL id


def id_from_text(text: str) -> str | None:
    """The assessment id in a pasted link (`...?a=<id>`) or a bare code; None if neither."""
    text = (text or "").strip()
    if looks_like_token(text):
        return text
    try:
        values = parse_qs(urlparse(text).query).get(URL_PARAM, [])
    except ValueError:
        return None
    return values[0] if values and looks_like_token(values[0]) else None


def url_id(param: str = URL_PARAM) -> str | None:
    value = st.query_params.get(param)
    return value or None


def keep_in_url(value: str, param: str = URL_PARAM) -> None:
    """Re-set an id in the URL (navigation drops query parameters); no-op when already there."""
    if st.query_params.get(param) != value:
        st.query_params[param] = value


def set_current(assessment_id: str | None) -> None:
    """Make an assessment this session's current one, and put its id in the URL."""
    if assessment_id is None:
        st.session_state.pop(_CURRENT_KEY, None)
        st.query_params.pop(URL_PARAM, None)
        return
    st.session_state[_CURRENT_KEY] = assessment_id
    keep_in_url(assessment_id)


@dataclass
class Boot:
    """What a page needs: the shared resources and, when there is one, the current assessment."""

    framework: Framework
    store: AssessmentStore
    work: Working | None
    bad_id: bool = False  # the URL named an assessment that does not exist


def bootstrap(framework: Framework, store: AssessmentStore) -> Boot:
    """Run at the top of every rerun: find the current assessment and retry pending saves.

    The URL wins over the session (a pasted link is what the user asked for); without an id in
    the URL, the session's current assessment is put back into it.
    """
    wanted = url_id()
    if wanted is None:
        wanted = st.session_state.get(_CURRENT_KEY)
        if wanted is None:
            return Boot(framework, store, None)
    work = working(store, wanted)
    if work is None:
        st.session_state.pop(_CURRENT_KEY, None)
        return Boot(framework, store, None, bad_id=True)
    set_current(work.assessment_id)
    flush(store, work)
    return Boot(framework, store, work)


def current_boot() -> Boot:
    """The Boot that `streamlit_app.py` prepared for this run."""
    boot: Boot = st.session_state["ui.boot"]
    return boot


def store_boot(boot: Boot) -> None:
    st.session_state["ui.boot"] = boot


def storage_error(exc: StoreError) -> None:
    st.error(
        "The assessment database cannot be reached right now, so nothing can be loaded or "
        "saved. Please try again in a moment."
    )
    st.caption(str(exc))
