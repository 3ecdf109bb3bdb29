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

from dataclasses import dataclass

import streamlit as st

from ..app import assessments as service
from ..app import client_address
from ..app.assessments import URL_PARAM, AnswerStore, Working
from ..domain.content import load_framework
from ..domain.models import Framework
from ..readout.vocabulary import DEFAULT_PAPER, PAPERS
from ..store import AssessmentStore, StoreError, WorkshopStore, database_url, make_engine

APP_BUSY_TIMEOUT_MS = 3_000
"""How long a click's save waits for another writer on SQLite before the page says it is not
saved yet (the answer stays in the tab and is retried with the next click). Writes take
milliseconds, so 3 s queues many people at once; the store's default (15 s) is for batch work.
"""

_WORK_KEY = "ui.work"  # session_state: {assessment id: Working}
_CURRENT_KEY = "ui.current"  # session_state: the id this session is working on
_PAPER_KEY = "ui.paper"  # session_state: the paper chosen on the Report page


def chosen_paper() -> str:
    """The paper this session chose on the Report page (A4 until one is chosen): the PDF on
    Results and the Word report are built on it too."""
    paper = st.session_state.get(_PAPER_KEY, DEFAULT_PAPER)
    return paper if paper in PAPERS else DEFAULT_PAPER


def keep_paper(paper: str) -> None:
    st.session_state[_PAPER_KEY] = paper


# --------------------------------------------------------------------------- shared resources


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> AssessmentStore:
    """One store (engine + pool) per database URL; keyed by URL so tests never share one."""
    return AssessmentStore(engine=make_engine(url, busy_timeout_ms=APP_BUSY_TIMEOUT_MS))


def get_store() -> AssessmentStore:
    """The store for READINESS_DATABASE_URL, or the default SQLite file."""
    return _store_for(database_url())


def client_key() -> str:
    """Who is asking, for per-client limits and join throttling: the client's address
    (X-Forwarded-For believed only behind a trusted proxy; one shared key when unknown)."""
    try:
        address = st.context.ip_address
        forwarded = ",".join(st.context.headers.get_all("X-Forwarded-For"))
    except Exception:  # noqa: BLE001 - no request context (tests)
        address, forwarded = None, ""
    return client_address.client_key(address, forwarded, client_address.trusted_from_env())


def session_key() -> str:
    """This browser session's id, for per-session creation limits ("" without a session)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def workshop_store() -> WorkshopStore:
    """Workshops on the app's engine (the store object holds only the engine)."""
    return WorkshopStore(engine=current_boot().store.engine)


@st.cache_resource(show_spinner=False)
def get_framework() -> Framework:
    """The shipped framework, loaded and validated once per process (it is immutable)."""
    return load_framework()


# --------------------------------------------------------------------------- the user's copies


def _works() -> dict[str, Working]:
    works: dict[str, Working] = st.session_state.setdefault(_WORK_KEY, {})
    return works


def working(store: AnswerStore, assessment_id: str) -> Working | None:
    """This session's copy of an assessment, loaded from the store the first time.

    None when the id is malformed or unknown. Raises StoreError when the database cannot be read.
    """
    works = _works()
    if assessment_id in works:
        return works[assessment_id]
    work = service.open_working(store, get_framework(), assessment_id)
    if work is not None:
        works[assessment_id] = work
    return work


def adopt(work: Working) -> Working:
    """Hold a just-created or just-opened copy in this session (a copy it already holds, with
    its unsaved changes, wins)."""
    return _works().setdefault(work.assessment_id, work)


# --------------------------------------------------------------------------- the URL id


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
    """Run at the top of every rerun: find the current assessment.

    The URL wins over the session (a pasted link is what the user asked for); without an id in
    the URL, the session's current assessment is put back into it. Pending saves are retried
    once the page is drawn (`saving.settle`), not here: the page shows first.
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
