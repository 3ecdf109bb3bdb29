"""Every renderer draws the same readout: for each persona, the Results page (AppTest), the PDF
(parsed back), the DOCX and `plan --format text` list the same first three steps, the same
largest gaps and the same strengths, as `readout.build` decides them."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from assessment.bundle import build_export
from assessment.domain.evaluation import Evaluation, evaluate
from assessment.domain.models import Framework, Responses
from assessment.readout.build import build_readout
from assessment.readout.model import Readout
from assessment.report import build_report
from assessment.store import AssessmentStore

from .report_helpers import ParsedPdf, squash

ROOT = Path(__file__).resolve().parents[2]
PERSONAS = ROOT / "tests" / "personas"
SLUGS = sorted(p.stem for p in PERSONAS.glob("*.json"))


def _evaluation(framework: Framework, slug: str) -> Evaluation:
    data = json.loads((PERSONAS / f"{slug}.json").read_text(encoding="utf-8"))
    return evaluate(framework, Responses.model_validate(data))


def _expected(ro: Readout) -> tuple[list[str], list[str], list[str]]:
    """The first steps as "1. Title (plan step 4)": numbered 1, 2, 3 with the plan's rank."""
    return (
        [f"{n}. {s.title} (plan step {s.rank})" for n, s in enumerate(ro.first_steps, start=1)],
        [d.name for d in ro.gaps],
        [d.name for d in ro.strengths],
    )


def _lead(lines: list[str], expected: list[str]) -> bool:
    """Each line starts with its expected step ("1. Title:") and names its rank ("(plan step
    4")."""

    def parts(step: str) -> tuple[str, str]:
        head, rank = re.match(r"^(.*) \((plan step \d+)\)$", step).groups()  # type: ignore[union-attr]
        return head, rank

    return len(lines) == len(expected) and all(
        line.startswith(f"{parts(step)[0]}:") and f"({parts(step)[1]}" in line
        for line, step in zip(lines, expected, strict=True)
    )


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def _section(lines: list[str], start: str, ends: tuple[str, ...]) -> list[str]:
    """The lines after `start` up to the first line that is one of `ends`."""
    begin = lines.index(start) + 1
    end = next(i for i in range(begin, len(lines)) if lines[i] in ends)
    return lines[begin:end]


def results_page(db_url: str, ev: Evaluation) -> tuple[list[str], list[str], list[str]]:
    aid = AssessmentStore(url=db_url).import_responses(ev.responses)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["a"] = aid
    at = at.run().switch_page("assessment/ui/pages/results.py").run()
    assert not at.exception, [e.value for e in at.exception]
    blocks = [m.value for m in at.markdown]
    steps_block = next(b for b in blocks if re.match(r"\d+\\\.", b))
    steps = []
    for p in steps_block.split("\n\n"):
        first, second = p.split("\n")[:2]
        n, title = re.match(r"^(\d+)\\\. \*\*(.*)\*\*", first).groups()  # type: ignore[union-attr]
        rank = re.search(r"plan step (\d+)", second).group(1)  # type: ignore[union-attr]
        steps.append(f"{n}. {_unescape(title)} (plan step {rank})")

    def names(after: str) -> list[str]:
        at_ = blocks.index(after) + 1
        bullets = blocks[at_] if blocks[at_].startswith("- ") else ""
        return [_unescape(line[2:]).split(":")[0] for line in bullets.splitlines()]

    gaps_block = next(b for b in blocks if "points to go" in b)
    gaps = [_unescape(line[2:]).split(":")[0] for line in gaps_block.splitlines()]
    return steps, gaps, names("**Strengths**")


def pdf_summary(framework: Framework, ev: Evaluation) -> str:
    pdf = ParsedPdf(build_report(framework, ev))
    return pdf.pages[pdf.page_of("Executive summary")]


def docx_summary(framework: Framework, ev: Evaluation) -> list[str]:
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    lines = [p.text for p in document.paragraphs]
    return lines[lines.index("Executive summary") : lines.index("Scorecard")]


def cli_text(slug: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "plan", str(PERSONAS / f"{slug}.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout.splitlines()


@pytest.mark.parametrize("slug", SLUGS)
def test_every_renderer_lists_the_same_first_steps_gaps_and_strengths(
    framework: Framework, db_url: str, slug: str
) -> None:
    ev = _evaluation(framework, slug)
    ro = build_readout(framework, ev)
    steps, gaps, strengths = _expected(ro)
    assert len(steps) == 3 and gaps  # every persona has a plan and a gap
    assert not set(gaps) & set(strengths)  # never both

    assert results_page(db_url, ev) == (steps, gaps, strengths)

    lines = docx_summary(framework, ev)
    assert _lead([line for line in lines if re.match(r"\d\. ", line)], steps)
    assert _section(lines, "Largest gaps to target", ("Strengths",)) == [
        line for line in lines if line.split(":")[0] in gaps
    ]
    assert [
        line.split(":")[0] for line in _section(lines, "Largest gaps to target", ("Strengths",))
    ] == gaps
    after = _section(
        lines, "Strengths", tuple(line for line in lines if line.startswith("Risk flags"))
    )
    assert [line.split(":")[0] for line in after] == (
        strengths or [ro.no_strength_text.split(":")[0]]
    )

    text = cli_text(slug)
    listed = [line.strip() for line in _section(text, "First steps", ("",))]
    listed = [line for line in listed if re.match(r"\d\. ", line)]
    assert _lead(listed, steps)
    assert [line.strip().split(":")[0] for line in _section(text, "Largest gaps", ("",))] == gaps
    listed = [line.strip().split(":")[0] for line in _section(text, "Strengths", ("",))]
    assert listed == (strengths or [ro.no_strength_text.split(":")[0]])

    page = pdf_summary(framework, ev)
    flat = squash(page)
    # the first-steps table: ranks and titles in order
    positions = [flat.index(squash(s.title)) for s in ro.first_steps]
    assert positions == sorted(positions)
    gap_at = flat.index(squash("Largest gaps to target"))
    strength_at = flat.index(squash("Strengths"), gap_at)
    flags_at = flat.index(squash("Risk flags ("), strength_at)
    in_gaps = flat[gap_at:strength_at]
    in_strengths = flat[strength_at:flags_at]
    every = [d.name for d in ro.dimensions]
    assert [n for n in every if squash(n) in in_gaps] == sorted(gaps, key=every.index)
    if strengths:
        assert [n for n in every if squash(n) in in_strengths] == sorted(strengths, key=every.index)
    else:
        assert squash(ro.no_strength_text) in in_strengths


@pytest.mark.parametrize("slug", SLUGS)
def test_the_plan_files_list_the_readouts_steps_with_its_dates(
    framework: Framework, slug: str
) -> None:
    """The spreadsheet, the calendar and the tracker CSV: the readout's steps, backlog and dates."""
    import csv

    import openpyxl
    from icalendar import Calendar

    ev = _evaluation(framework, slug)
    ro = build_readout(framework, ev)
    every = ro.steps + ro.backlog

    sheet = openpyxl.load_workbook(io.BytesIO(build_export("xlsx", framework, ev).data))
    rows = list(sheet["Action plan"].iter_rows(values_only=True))
    head = list(rows[0])
    cells = [dict(zip(head, row, strict=False)) for row in rows[1:] if row[0] is not None]
    assert [(c["Rank"], c["Action"], c["Horizon"]) for c in cells] == [
        (s.rank, s.title, s.period) for s in every
    ]
    assert [c["Due"].date() if c["Due"] else None for c in cells] == [s.due for s in every]

    events = Calendar.from_ical(build_export("ics", framework, ev).data).walk("VEVENT")
    task = ro.find_out  # the find-out task, when answers are missing, is dated like a step
    found = [(f"Due: {task.title}", task.due)] if task else []
    assert sorted((str(e["summary"]), e.decoded("dtstart")) for e in events) == sorted(
        [(f"Due: #{s.rank} {s.title}", s.due) for s in ro.steps] + found
    )

    made = build_export("tracker-csv", framework, ev, with_backlog=True)
    text = made.data.decode("utf-8-sig")
    tasks = list(csv.DictReader(io.StringIO(text)))
    first = [(task.title, task.due.isoformat(), task.start.isoformat())] if task else []
    assert [(t["Summary"], t["Due Date"], t["Start Date"]) for t in tasks] == first + [
        (s.title, s.due.isoformat() if s.due else "", s.start.isoformat()) for s in every
    ]
