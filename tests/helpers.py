"""Helpers shared by several test modules: the CLI in-process and as a process, AppTest text."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

from assessment.cli import main
from assessment.domain.models import Answer
from assessment.store import WorkshopStore

ROOT = Path(__file__).resolve().parents[1]


class CliRun(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> CliRun:
    """`python -m assessment ARGS` called in this process: `main(argv)` with stdout and stderr
    captured. Relative paths resolve against `cwd` (default: the current folder)."""
    out, err = io.StringIO(), io.StringIO()
    chdir = contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext()
    with chdir, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse's own exit after --help
            status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return CliRun(status, out.getvalue(), err.getvalue())


def run_cli_process(*args: str, cwd: Path = ROOT) -> CliRun:
    """`python -m assessment ARGS` as a user runs it: a separate process (slow; smoke tests)."""
    done = subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    return CliRun(done.returncode, done.stdout, done.stderr)


def assert_user_error(proc: CliRun, *fragments: str) -> None:
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


def own_answers(ws: WorkshopStore, participant_token: str) -> dict[str, Answer]:
    """The answers a participant's link opens: their own saved assessment."""
    access = ws.participant(participant_token)
    assert access is not None, "unknown participant link"
    saved = ws.assessments.load(access.assessment_id)
    assert saved is not None
    return saved.answers
