"""Every link the app prints keeps the base path a proxy serves the app under (ui/nav.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from assessment.store import format_join_code
from assessment.ui import nav
from assessment.ui import workshop_facilitator as facilitator

BEHIND_PROXY = "https://consult.example.org/readiness/facilitate?w=secret"


@pytest.mark.parametrize(
    ("current", "base"),
    [
        (BEHIND_PROXY, "https://consult.example.org/readiness"),
        ("https://consult.example.org/readiness/", "https://consult.example.org/readiness"),
        ("https://consult.example.org/readiness", "https://consult.example.org/readiness"),
        ("https://consult.example.org/a/b/results?id=x", "https://consult.example.org/a/b"),
        ("http://127.0.0.1:8501/join?code=ABC", "http://127.0.0.1:8501"),
        ("http://127.0.0.1:8501/", "http://127.0.0.1:8501"),
        ("", nav.LOCAL_BASE),
    ],
)
def test_base_url_keeps_the_proxy_path_and_drops_the_page(current: str, base: str) -> None:
    assert nav.base_url(current) == base


def test_page_url_adds_page_and_query_after_the_base_path() -> None:
    url = nav.page_url(BEHIND_PROXY, nav.ROOM, {"r": "tok en"})
    assert url == "https://consult.example.org/readiness/room?r=tok+en"


@pytest.fixture
def behind_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nav, "current_url", lambda: BEHIND_PROXY)


@pytest.mark.usefixtures("behind_proxy")
def test_workshop_links_keep_the_base_path() -> None:
    code = "ABCD2345"
    join = urlsplit(facilitator.join_url(code))
    assert (join.netloc, join.path) == ("consult.example.org", "/readiness/join")
    assert parse_qs(join.query) == {"code": [format_join_code(code)]}

    fac = urlsplit(facilitator.facilitator_url("tok"))
    assert fac.path == "/readiness/facilitate"
    assert parse_qs(fac.query) == {facilitator.FACILITATOR_PARAM: ["tok"]}

    assessment = urlsplit(nav.assessment_url("abc"))
    assert assessment.path == "/readiness/assessment"


@pytest.mark.usefixtures("behind_proxy")
def test_room_link_and_projected_address_keep_the_base_path() -> None:
    class View:
        room_token = "room-token"  # noqa: S105 - a made-up token

    room = urlsplit(facilitator.room_url(View()))  # type: ignore[arg-type]
    assert room.path == "/readiness/room"
    assert nav.without_scheme(nav.app_url(nav.JOIN)) == "consult.example.org/readiness/join"
