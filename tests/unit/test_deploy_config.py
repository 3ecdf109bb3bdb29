"""The proxy and start settings that keep secrets out of logs and limits honest (issue 23).

Read from the files themselves (deploy/nginx.conf.template, .streamlit/config.toml, Makefile),
and the rendered nginx configuration checked by nginx itself when it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = (ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")


def directive(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", TEMPLATE, flags=re.MULTILINE)


def test_the_access_log_holds_paths_without_query_strings() -> None:
    formats = re.findall(r"log_format\s+\w+\s+((?:'[^']*'\s*)+);", TEMPLATE)
    assert formats, "no log_format"
    for fmt in formats:
        for leaky in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$arg_"):
            assert leaky not in fmt, f"{leaky} logs the links' tokens"
        assert "$uri" in fmt
    for log in directive("access_log"):
        assert log.split()[-1] in {"replicas", "off"}  # never nginx's default 'combined'


def test_the_proxy_takes_exactly_the_apps_upload_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    mib = config["server"]["maxUploadSize"]
    assert directive("client_max_body_size") == [f"{mib}m"]


def test_connections_are_limited_per_address_with_room_for_an_event() -> None:
    assert any("$binary_remote_addr" in zone for zone in directive("limit_conn_zone"))
    (per_address,) = directive("limit_conn")
    allowed = int(per_address.split()[-1])
    (workers,) = directive("worker_connections")
    assert 200 <= allowed <= int(workers) // 8  # a room of 200 on one NAT; one client < 1/8


def test_make_run_trusts_forwarded_headers_only_from_the_configured_proxies() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert 'FORWARDED_ALLOW_IPS="$${READINESS_TRUSTED_PROXIES-}"' in recipe
    cluster = (ROOT / "scripts" / "cluster.sh").read_text(encoding="utf-8")
    assert 'FORWARDED_ALLOW_IPS="$trusted"' in cluster


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_the_rendered_configuration_is_valid_nginx(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    text = (
        TEMPLATE.replace("@@DIR@@", str(tmp_path))
        .replace("@@LISTEN@@", "127.0.0.1:1")
        .replace("@@SCRIPT_HASHES@@", "'sha256-AAAA'")
        .replace("@@SERVERS@@", "        server 127.0.0.1:2;")
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "e.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def test_no_full_garbage_collection_after_every_run() -> None:
    """The live workshop pages run every half second; Streamlit's default full collection after
    each run (about 85 ms with the app loaded) was what made the room lag."""
    from streamlit import config as streamlit_config

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    # The key is one the installed Streamlit knows (a misspelt one would be ignored).
    assert "runner.postScriptGC" in streamlit_config._config_options_template
