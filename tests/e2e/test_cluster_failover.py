"""Fail-over in the real cluster: a replica killed (SIGKILL) behind nginx while a participant
and a self-assessment are answering; the first click after the switch is saved and said so.

`scripts/cluster.sh` runs with three replicas in its command mode (`cluster.sh sleep N`), where a
dead replica does not stop the others: nginx moves the killed replica's users to another one,
as it would in production. Each browser is pinned to a replica by its route cookie, then that
replica is killed. Run with `make cluster-test` (marker `cluster`).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessment.domain.content import default_framework
from assessment.domain.models import Organization
from assessment.store import AssessmentStore, WorkshopStore

from .conftest import APP_CONNECTED, APP_IDLE, ROOT, _free_port, _no_browser, wait_idle
from .test_cluster import Cluster, context_on

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]

FW = default_framework()


@pytest.fixture(scope="module")
def cluster3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cluster, str]]:
    """Three replicas, nginx and PostgreSQL; yields the cluster and its database URL."""
    if not Path("/usr/sbin/nginx").exists():
        _no_browser("nginx is not installed (scripts/install-system-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("cluster3")
    env = os.environ | {
        "PYTHON": sys.executable,
        "CLUSTER_PORT": str(_free_port()),
        "CLUSTER_DIR": str(folder),
        "CLUSTER_REPLICAS": "3",
    }
    env.pop("READINESS_DATABASE_URL", None)
    env.pop("TEST_POSTGRES_URL", None)
    log = folder / "cluster.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", "scripts/cluster.sh", "sleep", "3600"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        state = folder / "cluster.env"
        while not state.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the cluster did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        values = dict(line.split("=", 1) for line in state.read_text().splitlines() if line)
        replicas = [f"127.0.0.1:{port}" for port in values["CLUSTER_REPLICA_PORTS"].split()]
        yield (
            Cluster(
                url=values["CLUSTER_URL"],
                dir=folder,
                replicas=replicas,
                database_url=values["CLUSTER_DATABASE_URL"],
            ),
            values["CLUSTER_DATABASE_URL"],
        )
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def kill_replica(replica: str) -> None:
    """SIGKILL the process listening on a replica's port (as a crash or an OOM kill does)."""
    port = replica.rsplit(":", 1)[1]
    found = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    pids = {int(p) for p in re.findall(r"pid=(\d+)", found)}
    assert pids, f"nothing listens on {replica}: {found!r}"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)


def _option(page: Any, number: int, choice: int) -> Any:
    question = FW.questions[number - 1]
    in_step = [q.id for q in FW.questions_for(question.dimension)]
    group = page.locator("[data-testid='stRadio']").nth(in_step.index(question.id))
    text = page.get_by_text(question.option_label(choice), exact=True)
    return group.locator("label").filter(has=text)


@pytest.mark.parametrize("where", ["participant", "assessment"])
def test_the_first_click_after_a_replica_is_killed_is_saved(
    cluster3: tuple[Cluster, str], browser: Any, where: str
) -> None:
    cluster, database_url = cluster3
    replica = cluster.replicas[0 if where == "participant" else 1]
    store = AssessmentStore(url=database_url)
    if where == "participant":
        ws = WorkshopStore(url=database_url)
        _, code = ws.create_workshop(Organization(name="Fail-over Co"))
        token = ws.join(code, "Ada", "IT", "ip:1")
        access = ws.participant(token)
        assert access is not None
        aid, path = access.assessment_id, f"/join?p={token}"
    else:
        aid = store.create(Organization(name="Fail-over Co"))
        path = f"/assessment?a={aid}"
    context = context_on(browser, cluster, replica)
    try:
        page = context.new_page()
        page.goto(cluster.url + path)
        page.wait_for_selector(APP_IDLE)
        _option(page, 1, 3).click()
        expect(page.locator("[class*='st-key-qstatus']").get_by_text("Saved")).to_be_visible()
        wait_idle(page)

        kill_replica(replica)
        page.wait_for_selector(
            "[data-testid='stApp']:not([data-test-connection-state='CONNECTED'])",
            state="attached",
            timeout=30_000,
        )
        page.wait_for_selector(APP_CONNECTED, state="attached", timeout=60_000)
        _option(page, 2, 1).click()  # the first click on the replica nginx moved us to
        expect(_option(page, 2, 1).locator("input")).to_be_checked()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            loaded = store.load(aid)
            if loaded is not None and len(loaded.answers) == 2:
                break
            time.sleep(0.5)
        loaded = store.load(aid)
        assert loaded is not None
        kept = {qid: a.choice for qid, a in loaded.answers.items()}
        print(f"fail-over ({where}): {len(kept)} of 2 answers kept")
        assert kept == {FW.questions[0].id: 3, FW.questions[1].id: 1}
        expect(page.locator("[class*='st-key-qstatus']").get_by_text("Saved")).to_be_visible()
        expect(page.get_by_text("Not saved yet")).to_have_count(0)
    finally:
        context.close()
