"""The bundle's exports (DOCX, XLSX, ICS, tracker CSV), each beside a bare baseline of its library.

Run: .venv/bin/python benchmarks/bench_bundle.py [--runs N] [--persona SLUG]

For a full persona's answers (tests/personas/), prints per format the median warm build time of
`build_export` and of a bare document of the same library with about as much content (an empty
python-docx Document saved; the same number of plain paragraphs and table cells; a bare openpyxl
workbook with the same cells; an icalendar Calendar with as many bare events; csv.writer over the
same rows), runs interleaved so background load hits each alike. Also the radar chart's PNG
alone and the `export` command end to end. Aim: every export under 1 s warm.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
from icalendar import Calendar, Event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.bundle import KINDS, build_export  # noqa: E402
from assessment.bundle.charts import radar_png  # noqa: E402
from assessment.domain.content import default_framework  # noqa: E402
from assessment.domain.evaluation import evaluate  # noqa: E402
from assessment.files.answers_file import read_answers  # noqa: E402
from assessment.files.branding import Brand  # noqa: E402


def median_times(fns: list[Callable[[], object]], runs: int) -> list[float]:
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, bucket in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def bare_docx(paragraphs: list[str], cells: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=3)
    for i in range(0, len(cells), 3):
        row = table.add_row().cells
        for cell, text in zip(row, cells[i : i + 3], strict=False):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def empty_docx() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def bare_xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bare_ics(count: int) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for n in range(count):
        event = Event()
        event.add("uid", f"{n}@bench.invalid")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("dtstart", dt.date(2026, 1, 1) + dt.timedelta(days=n))
        event.add("summary", f"Step {n}")
        calendar.add_component(event)
    return calendar.to_ical()


def bare_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--persona", default="river_trust")
    args = parser.parse_args()

    fw = default_framework()
    answers_path = ROOT / "tests" / "personas" / f"{args.persona}.json"
    ev = evaluate(fw, read_answers(answers_path.read_bytes(), fw).responses)
    brand = Brand(prepared_by="Benchmark Consulting", primary_colour="#0B5394")

    cold: dict[str, float] = {}
    built: dict[str, bytes] = {}
    for kind in KINDS:  # first build: imports the format's library, registers fonts
        start = time.perf_counter()
        built[kind] = build_export(kind, fw, ev, brand).data
        cold[kind] = time.perf_counter() - start

    document = docx.Document(io.BytesIO(built["docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    sheet = openpyxl.load_workbook(io.BytesIO(built["xlsx"]))["Action plan"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    events = len(Calendar.from_ical(built["ics"]).walk("VEVENT"))
    csv_rows = list(csv.reader(io.StringIO(built["tracker-csv"].decode("utf-8-sig"))))

    def export(kind: str) -> Callable[[], object]:
        return lambda: build_export(kind, fw, ev, brand)

    fns: list[Callable[[], object]] = [
        export("docx"),
        empty_docx,
        lambda: bare_docx(paragraphs, cells),
        export("xlsx"),
        lambda: bare_xlsx(rows),
        export("ics"),
        lambda: bare_ics(events),
        export("tracker-csv"),
        lambda: bare_csv(csv_rows),
        lambda: radar_png(ev),
    ]
    t = median_times(fns, args.runs)
    docx_t, empty_t, bare_docx_t, xlsx_t, bare_xlsx_t, ics_t, bare_ics_t, csv_t, bare_csv_t = t[:9]
    radar_t = t[9]

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.docx"
        cmd = [sys.executable, "-m", "assessment", "export", str(answers_path)]
        cmd += ["--to", "docx", "-o", str(out)]

        def run_cli() -> None:
            subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)

        (cli_t,) = median_times([run_cli], max(3, args.runs // 2))

    print(
        f"Bundle export benchmark: persona {args.persona}, {len(ev.plan.actions)} planned + "
        f"{len(ev.plan.backlog)} backlog steps ({args.runs} runs, median; "
        f"Python {sys.version.split()[0]})"
    )
    print(f"{'':12}{'export (s)':>12}{'first (s)':>11}{'bare (s)':>10}{'ratio':>8}  bare baseline")
    lines = [
        ("docx", docx_t, bare_docx_t, f"{len(paragraphs)} paragraphs + {len(cells)} cells"),
        ("", None, empty_t, "empty Document saved"),
        ("xlsx", xlsx_t, bare_xlsx_t, f"workbook of {len(rows)} rows x {len(rows[0])} values"),
        ("ics", ics_t, bare_ics_t, f"Calendar of {events} bare events"),
        ("tracker-csv", csv_t, bare_csv_t, f"csv.writer, {len(csv_rows)} rows"),
    ]
    for kind, mine, bare, what in lines:
        if mine is None:
            print(f"{kind:12}{'':>12}{'':>11}{bare:>10.3f}{'':>8}  {what}")
            continue
        ratio = mine / bare if bare else float("inf")
        print(f"{kind:12}{mine:>12.3f}{cold[kind]:>11.3f}{bare:>10.3f}{ratio:>7.1f}x  {what}")
    print(f"{'radar PNG':12}{radar_t:>12.3f}{'':>11}{'':>10}{'':>8}  (part of docx)")
    print(f"{'`export --to docx` command, end to end (s)':46}{cli_t:>8.3f}")
    worst = max(docx_t, xlsx_t, ics_t, csv_t)
    print(f"aim: every export under 1 s warm -> {'met' if worst < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
