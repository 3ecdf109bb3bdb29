"""The multi-replica set-up in a real browser: nginx, two app replicas, one PostgreSQL.

`scripts/cluster.sh` (what `make cluster` runs) is started as it is; the browser goes through
the proxy only. Shown here: the security headers on every response and framing refused; no
Content-Security-Policy violation while the app is used; a self-assessment answered through
the proxy, its every request (WebSocket included) on one replica, its link opened on the other
replica with the same answers; a workshop whose facilitator and participants are on different
replicas and still see each other's work. Which replica served what is read from nginx's
`X-Upstream` header and its access log. Run with `make cluster-test` (marker `cluster`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assessment.domain.content import default_framework
from assessment.store import limits
from assessment.store.db import creations, join_events, make_engine
from assessment.store.workshops import joining

from .conftest import APP_IDLE, ROOT, _free_port, _no_browser, wait_idle
from .helpers import answer_step, go_to_step

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]

FW = default_framework()
TOTAL = len(FW.questions)
Q0 = FW.questions[0]
ROUTE_COOKIE = "readiness_route"
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Cluster:
    url: str
    dir: Path
    replicas: list[str]  # upstream addresses as nginx names them, 127.0.0.1:PORT
    database_url: str  # the replicas' PostgreSQL

    def routes(self) -> dict[str, set[str]]:
        """Route cookie -> the replicas nginx sent its requests to (from the access log)."""
        seen: dict[str, set[str]] = defaultdict(set)
        for line in (self.dir / "nginx-access.log").read_text().splitlines():
            match = re.search(r"route=(\S+) upstream=(\S+)", line)
            if match:
                seen[match.group(1)].add(match.group(2))
        return seen

    def websockets(self, route: str) -> int:
        """WebSocket sessions of one browser that went through the proxy (logged when closed)."""
        log = (self.dir / "nginx-access.log").read_text()
        return len(re.findall(rf'"GET /_stcore/stream" 101 route={route} ', log))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """`bash scripts/cluster.sh` on free ports; stopped (process group) after the module."""
    if not Path("/usr/sbin/nginx").exists() and not any(
        (Path(p) / "nginx").exists() for p in os.environ.get("PATH", "").split(":")
    ):
        _no_browser("nginx is not installed (scripts/install-system-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("cluster")
    env = os.environ | {
        "PYTHON": sys.executable,
        "CLUSTER_PORT": str(_free_port()),
        "CLUSTER_DIR": str(folder),
        "CLUSTER_REPLICAS": "2",
    }
    env.pop("READINESS_DATABASE_URL", None)
    # a PostgreSQL of its own even under `make test` (whose TEST_POSTGRES_URL other tests use)
    env.pop("TEST_POSTGRES_URL", None)
    log = folder / "cluster.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", "scripts/cluster.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one below
        )
    try:
        deadline = time.monotonic() + 120
        state = folder / "cluster.env"
        while not state.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the cluster did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        values = dict(line.split("=", 1) for line in state.read_text().splitlines() if line)
        replicas = [f"127.0.0.1:{port}" for port in values["CLUSTER_REPLICA_PORTS"].split()]
        yield Cluster(
            url=values["CLUSTER_URL"],
            dir=folder,
            replicas=replicas,
            database_url=values["CLUSTER_DATABASE_URL"],
        )
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    for replica_log in folder.glob("replica-*.log"):
        assert "Traceback" not in replica_log.read_text(), replica_log.read_text()[-3000:]


def route_to(cluster: Cluster, replica: str) -> str:
    """A route cookie value nginx hashes to the given replica (found by asking nginx)."""
    for n in range(500):
        value = f"test{n}"
        request = urllib.request.Request(  # noqa: S310 - http to our own proxy
            f"{cluster.url}/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={value}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.headers["X-Upstream"] == replica:
                return value
    raise AssertionError(f"no route leads to {replica}")


def watch_csp(page: Any, problems: list[str]) -> Any:
    """Collect every Content-Security-Policy violation the page reports in its console."""
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return page


def context_on(browser: Any, cluster: Cluster, replica: str | None, **kwargs: Any) -> Any:
    """A browser context (its own cookies), pinned to a replica by its route cookie if given."""
    context = browser.new_context(viewport=DESKTOP, **kwargs)
    if replica is not None:
        context.add_cookies(
            [{"name": ROUTE_COOKIE, "value": route_to(cluster, replica), "url": cluster.url}]
        )
    return context


def route_of(context: Any) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE)


def assert_security_headers(headers: dict[str, str]) -> None:
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp and "'unsafe-eval'" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_headers_on_every_response_and_framing_refused(cluster: Cluster, browser: Any) -> None:
    context = context_on(browser, cluster, None)
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    first = page.goto(cluster.url)
    assert first is not None
    assert f"{ROUTE_COOKIE}=" in first.all_headers().get("set-cookie", "")
    page.wait_for_selector(APP_IDLE)
    scripts = [r for r in responses if r.url.endswith(".js")]
    assert scripts, [r.url for r in responses]
    for response in [first, scripts[0]]:
        assert_security_headers(response.headers)

    # Another site framing the app (clickjacking the facilitator page): the browser refuses.
    framing = context.new_page()
    refused: list[str] = []
    framing.on("console", lambda msg: refused.append(msg.text))
    framing.set_content(f'<iframe src="{cluster.url}/facilitate" width="800" height="600">')
    expect(framing.locator("iframe")).to_have_count(1)
    deadline = time.monotonic() + 15
    while not any("frame-ancestors" in text for text in refused):
        assert time.monotonic() < deadline, refused
        framing.wait_for_timeout(200)
    assert framing.frames[1].url.startswith("chrome-error://"), framing.frames[1].url
    context.close()


def answers_file(skip_dimension: str) -> bytes:
    """An answers file with every question answered except those of one dimension."""
    answers = {
        q.id: {"choice": [1, 2, 3, 2][i % 4], "note": ""}
        for i, q in enumerate(FW.questions)
        if q.dimension != skip_dimension
    }
    doc = {"schema_version": 1, "organization": {"name": "Harbour & Co"}, "answers": answers}
    return json.dumps(doc).encode()


def test_a_self_assessment_through_the_proxy(cluster: Cluster, browser: Any) -> None:
    csp: list[str] = []
    context = context_on(browser, cluster, None, accept_downloads=True)  # nginx picks
    page = watch_csp(context.new_page(), csp)
    page.goto(cluster.url)
    page.wait_for_selector(APP_IDLE)

    # An answers file uploaded (the upload must reach the replica holding the session) ...
    first_dimension = FW.questions[0].dimension
    step_one = len(FW.questions_for(first_dimension))
    page.get_by_role("tab", name="Import an answers file").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        files=[
            {
                "name": "answers.json",
                "mimeType": "application/json",
                "buffer": answers_file(first_dimension),
            }
        ]
    )
    page.get_by_role("button", name="Import these answers").click()
    expect(page.get_by_text("Overall level", exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    assessment_id = re.search(r"[?&]a=([A-Za-z0-9_-]{43})", page.url)
    assert assessment_id, page.url

    # ... and the first step answered in the wizard, each click saved through the WebSocket.
    page.goto(f"{cluster.url}/assessment?a={assessment_id.group(1)}")
    expect(page.get_by_text(f"{TOTAL - step_one} of {TOTAL} questions answered")).to_be_visible(
        timeout=30_000
    )
    if not page.get_by_text("Step 1 of 6").is_visible():
        go_to_step(page, 1)
    assert answer_step(page, 1, TOTAL - step_one) == step_one
    page.reload()  # a new session, on the same replica (cookie), restored from the database
    expect(page.get_by_text(f"{TOTAL} of {TOTAL} questions answered")).to_be_visible(timeout=30_000)
    wait_idle(page)

    home = route_of(context)
    served = cluster.routes()[home]
    assert len(served) == 1, served
    (replica,) = served
    other_replica = next(r for r in cluster.replicas if r != replica)

    # Results (Vega chart) and the PDF (a download served by the replica holding the session)
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_text("Overall level", exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    chart = page.locator(".vega-embed").first.locator("canvas, svg.marks").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    assert chart.evaluate("e => e.getBoundingClientRect().height") > 100  # drawn (no eval)
    page.get_by_role("link", name="Download the PDF plan and your answers").click()
    page.get_by_text("PDF action plan").first.wait_for()
    wait_idle(page, timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF action plan").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # The same link on the other replica: the answers come from the shared database.
    phone_context = context_on(browser, cluster, other_replica)
    phone = watch_csp(phone_context.new_page(), csp)
    response = phone.goto(f"{cluster.url}/assessment?a={assessment_id.group(1)}")
    assert response is not None and response.headers["x-upstream"] == other_replica
    expect(phone.get_by_text(f"{TOTAL} of {TOTAL} questions answered")).to_be_visible(
        timeout=30_000
    )
    wait_idle(phone)

    phone_route = route_of(phone_context)
    context.close()
    phone_context.close()
    time.sleep(0.5)  # nginx logs a WebSocket when it closes
    served_now = cluster.routes()
    for route in (home, phone_route):
        assert len(served_now[route]) == 1, (route, served_now[route])  # sticky, all requests
        assert cluster.websockets(route) >= 1
    assert served_now[phone_route] == {other_replica}
    log = (cluster.dir / "nginx-access.log").read_text()
    assert re.search(rf'"PUT /_stcore/upload_file/\S+" 20\d route={home} ', log)
    assert csp == []


def join(
    browser: Any, cluster: Cluster, replica: str, code: str, name: str, csp: list[str], **kw: Any
) -> Any:
    context = context_on(browser, cluster, replica, **kw)
    page = watch_csp(context.new_page(), csp)
    response = page.goto(f"{cluster.url}/join?code={code}")
    assert response is not None and response.headers["x-upstream"] == replica
    page.get_by_role("button", name="Join the workshop").wait_for()
    wait_idle(page)
    page.get_by_label("Your name").fill(name)
    role_box = page.locator("[data-testid='stSelectbox']").filter(has_text="Your role")
    role_box.locator("input").fill("IT")
    role_box.locator("input").press("Enter")
    page.get_by_role("button", name="Join the workshop").click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"[?&]p="))
    return page


def spoofing(address: str) -> dict[str, Any]:
    """Browser-context settings that put a made-up X-Forwarded-For on every request."""
    return {"extra_http_headers": {"X-Forwarded-For": address}}


def test_a_workshop_with_participants_on_different_replicas(cluster: Cluster, browser: Any) -> None:
    """Also: the facilitator and Ann send a spoofed X-Forwarded-For on every request; nginx
    replaces it with the address it saw, so the creation limit and the join throttle count
    127.0.0.1 (issue 23: uvicorn believed such a header on a direct connection)."""
    first, second = cluster.replicas[:2]
    csp: list[str] = []
    fac_context = context_on(browser, cluster, first, **spoofing("203.0.113.7"))
    fac = watch_csp(fac_context.new_page(), csp)
    response = fac.goto(f"{cluster.url}/facilitate")
    assert response is not None and response.headers["x-upstream"] == first
    fac.wait_for_selector(APP_IDLE)
    fac.get_by_label("Organisation name").fill("Harbour & Co")
    fac.get_by_role("button", name="Create the workshop").click()
    code_text = fac.get_by_text(re.compile(r"^Join code: [A-Z2-9]{4}-[A-Z2-9]{4}$"))
    code_text.wait_for(timeout=30_000)
    wait_idle(fac)
    code = code_text.inner_text().split(": ")[1]
    qr = fac.locator("[data-testid='stImage'] img").first  # media: only on the session's replica
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    # another replica than the facilitator
    ann = join(browser, cluster, second, code, "Ann", csp, **spoofing("198.51.100.23"))
    bob = join(browser, cluster, first, code, "Bob", csp)
    for page, score in ((ann, 0), (bob, 4)):
        page.locator("[data-testid='stRadio']").first.get_by_text(
            Q0.option_label(score), exact=True
        ).click()
        wait_idle(page)
        page.get_by_text(f"1 of {TOTAL} questions answered").wait_for()

    # The facilitator's dashboard (replica 1) shows both, from the shared database.
    joined = fac.locator("[data-testid='stMetric']").filter(has_text="Joined")
    expect(joined.locator("[data-testid='stMetricValue']")).to_have_text("2", timeout=30_000)

    placed = {route_of(p.context): r for p, r in ((fac, first), (ann, second), (bob, first))}
    for page in (fac, ann, bob):
        page.context.close()
    time.sleep(0.5)
    served = cluster.routes()
    for route, replica in placed.items():
        assert served[route] == {replica}, (route, served[route])
        assert cluster.websockets(route) >= 1
    assert csp == []

    real = "ip:127.0.0.1"  # the browser's address, as nginx saw it
    with make_engine(cluster.database_url).connect() as conn:
        created = set(conn.execute(select(creations.c.client_key)).scalars())
        joins = set(conn.execute(select(join_events.c.client_key)).scalars())
    assert limits.client_hash(real) in created
    assert limits.client_hash("ip:203.0.113.7") not in created
    assert joins == {joining.client_hash(real)}  # Ann's and Bob's joins, both counted as ours


# ----------------------------------------------------------------------------- limits at the proxy


def test_an_exported_answers_file_at_the_note_limits_passes_the_proxy(cluster: Cluster) -> None:
    """The answers file the app itself writes with every note at its limit (~3.4 MB of 4-byte
    characters) is not refused by nginx with 413: it reaches a replica (issue 23: "AxiosError
    ... 413" with `client_max_body_size 2m`)."""
    from assessment.domain.models import MAX_NOTE_CHARS, Answer, Organization, Responses
    from assessment.files.answers_file import dump_answers

    note = "\U0001f600" * MAX_NOTE_CHARS  # 4 bytes each in UTF-8, as the exporter writes them
    responses = Responses(
        organization=Organization(name="Acme"),
        answers={q.id: Answer(choice=2, note=note) for q in FW.questions},
    )
    body = dump_answers(responses).encode()
    assert len(body) > 3_000_000
    boundary = "readinessboundary"
    payload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="answers.json"\r\nContent-Type: application/json\r\n\r\n'
        ).encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(  # noqa: S310 - http to our own proxy
        f"{cluster.url}/_stcore/upload_file/no-such-session/no-such-file",
        data=payload,
        method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, upstream = response.status, response.headers["X-Upstream"]
    except urllib.error.HTTPError as error:  # the replica refuses the made-up session: fine
        status, upstream = error.code, error.headers["X-Upstream"]
    assert status != 413, "nginx refused the app's own export as too large"
    assert upstream in cluster.replicas, (status, upstream)  # the body reached a replica


def test_idle_websockets_from_one_address_do_not_lock_out_a_page_load(cluster: Cluster) -> None:
    """600 idle WebSockets from one address (issue 23: ~480 locked everyone out of a proxy with
    1,024 connections and no per-address limit): nginx takes 300 from the address and refuses
    the rest, and a page load through the proxy is still served. Bounded: plain sockets, 2 s
    timeouts, all closed at the end."""
    import socket

    ATTACKER = ("127.0.0.2", 0)  # noqa: N806
    host, port = cluster.url.removeprefix("http://").split(":")
    upgrade = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    ).encode()
    sockets: list[socket.socket] = []
    statuses: dict[str, int] = defaultdict(int)
    try:
        for _ in range(600):
            # the attacker from 127.0.0.2, the user below from 127.0.0.1: two addresses
            s = socket.create_connection((host, int(port)), timeout=2, source_address=ATTACKER)
            sockets.append(s)
            s.sendall(upgrade)
        for s in sockets:
            try:
                head = s.recv(64).split(b" ", 2)
                statuses[head[1].decode() if len(head) > 1 else "closed"] += 1
            except OSError:
                statuses["no answer"] += 1
        # a normal user's page load while the sockets are held open
        started = time.monotonic()
        with urllib.request.urlopen(f"{cluster.url}/", timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert b"<html" in response.read().lower()
        assert time.monotonic() - started < 10
    finally:
        for s in sockets:
            s.close()
    assert statuses["101"] <= 300, statuses  # the per-address limit held
    assert statuses["429"] >= 250, statuses  # the rest refused at once, not queued
