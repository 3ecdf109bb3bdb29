"""`score` and `compare` read files only: they must not import the store (SQLAlchemy), which
is most of the CLI's start-up time (benchmarks/bench_compare.py has the figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PERSONA = ROOT / "tests" / "personas" / "glow_cosmetics.json"

PROBE = """
import contextlib, io, json, sys
from assessment.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if
    m.startswith(("sqlalchemy", "assessment.store", "reportlab", "docx", "openpyxl")))}))
"""


def _loaded(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("score", str(PERSONA)),
        ("compare", str(PERSONA), str(PERSONA), "--format", "json"),
        ("compare", str(PERSONA), str(PERSONA)),
    ],
)
def test_score_and_compare_import_no_store(args: tuple[str, ...]) -> None:
    seen = _loaded(*args)
    assert seen["code"] == 0
    assert seen["modules"] == []


def test_purge_still_imports_the_store_it_needs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    seen = _loaded("purge", "--older-than", "30", "--dry-run", env={"READINESS_DATABASE_URL": url})
    assert seen["code"] == 0
    assert any(m.startswith("sqlalchemy") for m in seen["modules"])
