"""The app's pages, in one list, and moving between them without losing the assessment id.

To add pages, add `PageSpec`s to `SECTIONS`: the menu shows one group per section, and
`go`/`link` work for every page listed here.

The menu is drawn by the app (`menu`), not by Streamlit's own sidebar navigation: its links keep
the assessment id, it reads as plain links (Streamlit's list markup fails axe-core's list
rules), and a workshop participant's page shows none of it (`PARTICIPANT_PAGES`): a participant
sees their own questionnaire, not Start, Results or Facilitate.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from .state import URL_PARAM, url_id

PAGES_DIR = "assessment/ui/pages"  # relative to streamlit_app.py


@dataclass(frozen=True)
class PageSpec:
    url_path: str
    file: str
    title: str
    icon: str
    default: bool = False


ASSESSMENT = [
    PageSpec("start", "start.py", "Start", ":material/home:", default=True),
    PageSpec("assessment", "wizard.py", "Assessment", ":material/checklist:"),
    PageSpec("results", "results.py", "Results", ":material/insights:"),
    PageSpec("report", "report.py", "Report", ":material/download:"),
    PageSpec("method", "method.py", "Method", ":material/menu_book:"),
]

JOIN = "join"  # the participants' page: its address goes on the projector
FACILITATE = "facilitate"
ROOM = "room"  # the projected room view: the client's eyes, so no menu either
PARTICIPANT_PAGES = frozenset({JOIN, ROOM})  # pages drawn without the app's menu

# ------------------------------------------------------------------ the navigation, by section
SECTIONS: dict[str, list[PageSpec]] = {
    "Assessment": ASSESSMENT,
    "Workshop": [
        PageSpec(JOIN, "workshop_join.py", "Join a workshop", ":material/group_add:"),
        PageSpec(FACILITATE, "workshop_facilitator.py", "Facilitate", ":material/co_present:"),
        PageSpec(ROOM, "workshop_room.py", "Room view", ":material/present_to_all:"),
    ],
}


def _spec(url_path: str) -> PageSpec:
    for specs in SECTIONS.values():
        for spec in specs:
            if spec.url_path == url_path:
                return spec
    raise KeyError(url_path)


def page(url_path: str) -> st.Page:
    """The `st.Page` for a page listed in SECTIONS (equal to the one in the navigation)."""
    spec = _spec(url_path)
    return st.Page(
        f"{PAGES_DIR}/{spec.file}",
        title=spec.title,
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
    )


def navigation_pages() -> dict[str, list[st.Page]]:
    return {
        section: [page(spec.url_path) for spec in specs]
        for section, specs in SECTIONS.items()
        if specs
    }


def _params(extra: dict[str, str] | None) -> dict[str, str]:
    params = {URL_PARAM: aid} if (aid := url_id()) else {}
    return params | (extra or {})


def go(url_path: str, extra: dict[str, str] | None = None) -> None:
    """Switch page, keeping the assessment id in the URL."""
    st.switch_page(page(url_path), query_params=_params(extra))


def link(url_path: str, label: str, icon: str | None = None) -> None:
    """A link to another page that keeps the assessment id in the URL."""
    st.page_link(page(url_path), label=label, icon=icon, query_params=_params(None))


def url_path_of(current: object) -> str:
    """The url path of the page `st.navigation` chose (the default page reports "")."""
    path = str(getattr(current, "url_path", "") or "")
    if path:
        return path
    return next(spec.url_path for specs in SECTIONS.values() for spec in specs if spec.default)


def is_participant_page(url_path: str) -> bool:
    return url_path in PARTICIPANT_PAGES


LANDING_KEY = "ui.landing"  # session_state: the page this session opened on


def note_landing(url_path: str) -> None:
    """Remember the page a session opened on (a link, a bookmark, a refresh)."""
    st.session_state.setdefault(LANDING_KEY, url_path)


def landed_on(url_path: str) -> bool:
    """Whether this session opened on that page (rather than reaching it from the menu)."""
    return bool(st.session_state.get(LANDING_KEY) == url_path)


WIDE_PAGES = {FACILITATE: "w", ROOM: "r"}  # wide once the page's link carries its token


def layout_of(url_path: str, params: dict[str, str]) -> str:
    """The page's layout, decided once per run before anything is drawn.

    A page that set its own (wide) layout after the app's (centered) one flipped between the
    two: after a redraw started by the page's watcher the facilitator's main column stayed
    at 736 px instead of 1140 (issue 21). One `set_page_config` per run keeps it still."""
    param = WIDE_PAGES.get(url_path)
    return "wide" if param is not None and params.get(param) else "centered"


def menu() -> None:
    """The app's menu in the sidebar: one group per section, links that keep the id."""
    with st.sidebar:
        for section, specs in SECTIONS.items():
            if not specs:
                continue
            st.markdown(f"**{section}**")
            for spec in specs:
                link(spec.url_path, spec.title, spec.icon)


LOCAL_BASE = "http://localhost:8501"  # when there is no browser request (tests, scripts)


def base_url(current: str) -> str:
    """The app's root as the browser reached it, from the address of the page it is on:
    scheme, host and any base path a proxy serves the app under (e.g. `/readiness`), without
    the page, query or trailing slash. Pure, so every link the app prints is built here."""
    parts = urlsplit(current)
    if not parts.scheme or not parts.netloc:
        return LOCAL_BASE
    path = parts.path.rstrip("/")
    known = {spec.url_path for specs in SECTIONS.values() for spec in specs}
    last = path.rsplit("/", 1)[-1] if path else ""
    base_path = path[: -len(last)].rstrip("/") if last in known else path
    return urlunsplit((parts.scheme, parts.netloc, base_path, "", ""))


def page_url(current: str, url_path: str, params: dict[str, str] | None = None) -> str:
    """An absolute link to one of the app's pages, keeping the scheme, host and base path of
    `current` (the address the browser is on)."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{base_url(current)}/{url_path}{query}"


def current_url() -> str:
    """The address of the page the browser is on ("" outside a browser request)."""
    try:
        return st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests)
        return ""


def app_url(url_path: str, params: dict[str, str] | None = None) -> str:
    """An absolute link to one of the app's pages as the browser reaches the app (scheme,
    host and any base path): the assessment's link to keep, the workshop's join, room and
    facilitator links and the QR code all come from here."""
    return page_url(current_url(), url_path, params)


def without_scheme(url: str) -> str:
    """A link as a person types it from a projector: host, base path and page, no scheme."""
    return url.split("://", 1)[-1]


def assessment_url(assessment_id: str) -> str:
    """The link that brings an assessment back, from any browser: its Assessment page."""
    return app_url("assessment", {URL_PARAM: assessment_id})
