"""Helpers shared by several test modules: the CLI as a separate process, AppTest page text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m assessment ARGS` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def assert_user_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Bad input: exit 2, one line on stderr containing every fragment, no traceback."""
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]


TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "error",
    "warning",
    "info",
    "success",
    "text",
    "code",
)


def page_texts(at: Any) -> str:
    """Everything an AppTest page shows as text, for 'is this shown' checks."""
    parts = [str(e.value) for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(parts).replace("\\", "")
