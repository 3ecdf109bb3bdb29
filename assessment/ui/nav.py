"""The app's pages, in one list, and moving between them without losing the assessment id.

To add pages (e.g. the consultant workshop), add `PageSpec`s to `SECTIONS`: the sidebar shows
one group per section, and `go`/`link` work for every page listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

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

# ------------------------------------------------------------------ the navigation, by section
SECTIONS: dict[str, list[PageSpec]] = {
    "Assessment": ASSESSMENT,
    "Workshop": [
        PageSpec(JOIN, "workshop_join.py", "Join a workshop", ":material/group_add:"),
        PageSpec(FACILITATE, "workshop_facilitator.py", "Facilitate", ":material/co_present:"),
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
