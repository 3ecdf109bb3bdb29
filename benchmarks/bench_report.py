"""PDF report build time, side by side with a bare ReportLab document of the same page count.

Run: .venv/bin/python benchmarks/bench_report.py [--runs N]

Prints, in one run:
- the full report's build time (median of N warm builds, fonts already registered), as wall time
  and as CPU time of this process (CPU time is what other processes on a busy machine do not
  disturb),
- a bare ReportLab document (plain paragraphs, no tables or charts) with the same number of pages
  and a similar amount of text per page, in Helvetica and in the embedded DejaVu font, and the
  ratios (runs interleaved so background load affects each alike);
- the worst input the product accepts (a note of 20,000 characters on each of the questions:
  dense text, and one character per line), with its pages and its time beside the full report;
- the whole-process wall time of `python -m assessment report` (interpreter start, imports,
  content load, scoring, PDF, write), median of N runs.
Aims: full report within 3x the bare document; worst input within 5x the full report; the
command under 2.5 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.domain.content import default_framework  # noqa: E402
from assessment.domain.evaluation import evaluate  # noqa: E402
from assessment.domain.models import MAX_NOTE_CHARS, Answer, Organization, Responses  # noqa: E402
from assessment.files.answers_file import dump_answers  # noqa: E402
from assessment.report import build_report  # noqa: E402
from assessment.report.fonts import REGULAR  # noqa: E402

PATTERN = [1, 2, 0, "dont_know", 3, 1, "not_applicable", 2, 4]


def sample_responses() -> Responses:
    """A realistic full assessment: every kind of answer, a note on every third question."""
    fw = default_framework()
    answers = {
        q.id: Answer(
            choice=PATTERN[i % len(PATTERN)],  # type: ignore[arg-type]
            note=f"Interview note {i}: seen in the weekly report. " * 3 if i % 3 == 0 else "",
        )
        for i, q in enumerate(fw.questions)
    }
    org = Organization(name="Benchmark Café Ltd", assessor="Zoë Analyst", sector="Retail")
    return Responses(organization=org, answers=answers)


def worst_responses(note: str) -> Responses:
    """Every question answered with the longest note the product accepts."""
    fw = default_framework()
    answers = {
        q.id: Answer(choice=PATTERN[i % len(PATTERN)], note=note[:MAX_NOTE_CHARS])  # type: ignore[arg-type]
        for i, q in enumerate(fw.questions)
    }
    return Responses(organization=Organization(name="Worst Case Ltd"), answers=answers)


def bare_document(pages: int, chars_per_page: int, font: str = "Helvetica") -> bytes:
    """Plain ReportLab: paragraphs only, one page each, about the same text per page."""
    styles = getSampleStyleSheet()
    for name in ("Heading1", "BodyText"):
        styles[name].fontName = font
    words = "readiness assessment social media purpose control rewards staff listening "
    text = (words * (chars_per_page // len(words) + 1))[: max(chars_per_page - 200, 200)]
    story = []
    for n in range(pages):
        story += [Paragraph(f"Section {n + 1}", styles["Heading1"])]
        body = styles["BodyText"]
        story += [Paragraph(text[i : i + 600], body) for i in range(0, len(text), 600)]
        if n < pages - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def median_times(
    fns: list[Callable[[], object]], runs: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    """Median time of each function; runs are interleaved so background load hits all alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, bucket in zip(fns, times, strict=True):
            start = clock()
            fn()
            bucket.append(clock() - start)
    return [statistics.median(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    fw = default_framework()
    responses = sample_responses()
    ev = evaluate(fw, responses)
    cold_start = time.perf_counter()
    pdf = build_report(fw, ev)  # first build registers the fonts
    cold = time.perf_counter() - cold_start
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    chars = sum(len(p.extract_text() or "") for p in reader.pages) // pages
    bare_pdf = bare_document(pages, chars)
    bare_pages = len(PdfReader(io.BytesIO(bare_pdf)).pages)

    builds: list[Callable[[], object]] = [
        lambda: build_report(fw, ev),
        lambda: bare_document(pages, chars),
        lambda: bare_document(pages, chars, REGULAR),
    ]
    full_t, bare_t, bare_ttf_t = median_times(builds, args.runs)
    full_c, bare_c, bare_ttf_c = median_times(builds, args.runs, time.process_time)

    worst = {
        "dense text": evaluate(fw, worst_responses("lorem ipsum dolor sit amet " * 1000)),
        "a character per line": evaluate(fw, worst_responses("x\n" * MAX_NOTE_CHARS)),
    }
    worst_pages = {
        k: len(PdfReader(io.BytesIO(build_report(fw, w))).pages) for k, w in worst.items()
    }
    worst_c = median_times(
        [lambda w=w: build_report(fw, w) for w in worst.values()],  # type: ignore[misc]
        max(3, args.runs // 2),
        time.process_time,
    )

    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers.json"
        answers.write_text(dump_answers(responses), encoding="utf-8")
        out = Path(tmp) / "plan.pdf"
        cmd = [sys.executable, "-m", "assessment", "report", str(answers), "-o", str(out)]

        def run_cli() -> None:
            subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)

        (cli_t,) = median_times([run_cli], max(3, args.runs // 2))

    ratio = full_t / bare_t
    print(f"PDF report benchmark ({args.runs} runs, median; Python {sys.version.split()[0]})")
    print(f"{'':34}{'full report':>14}{'bare Helvetica':>16}{'bare DejaVu':>14}")
    print(f"{'pages':34}{pages:>14}{bare_pages:>16}{bare_pages:>14}")
    print(f"{'text characters per page':34}{chars:>14}{chars:>16}{chars:>14}")
    print(f"{'PDF size (KB)':34}{len(pdf) / 1024:>14.0f}{len(bare_pdf) / 1024:>16.0f}")
    print(f"{'build time, warm (s)':34}{full_t:>14.3f}{bare_t:>16.3f}{bare_ttf_t:>14.3f}")
    print(f"{'full report / bare':34}{'':>14}{ratio:>15.1f}x{full_t / bare_ttf_t:>13.1f}x")
    print(f"{'CPU time, warm (s)':34}{full_c:>14.3f}{bare_c:>16.3f}{bare_ttf_c:>14.3f}")
    cpu_ratio = full_c / bare_c
    print(
        f"{'full report / bare (CPU)':34}{'':>14}{cpu_ratio:>15.1f}x{full_c / bare_ttf_c:>13.1f}x"
    )
    print()
    print(f"{'worst input: 43 notes of 20,000 chars':40}{'pages':>8}{'CPU (s)':>10}{'/ full':>9}")
    for (name, _), w_pages, w_c in zip(worst.items(), worst_pages.values(), worst_c, strict=True):
        print(f"{'  ' + name:40}{w_pages:>8}{w_c:>10.3f}{w_c / full_c:>8.1f}x")
    print(f"{'  the full report, for scale':40}{pages:>8}{full_c:>10.3f}{1:>8.1f}x")
    worst_ratio = max(worst_c) / full_c
    print()
    print(f"{'first build incl. font load (s)':34}{cold:>14.3f}")
    print(f"{'`python -m assessment report` (s)':34}{cli_t:>14.3f}")
    print(
        f"aims: full report within 3x bare -> {'met' if ratio <= 3 else 'NOT met'} "
        f"(CPU {'met' if cpu_ratio <= 3 else 'NOT met'}); worst input within 5x the full report "
        f"-> {'met' if worst_ratio <= 5 else 'NOT met'}; "
        f"command under 2.5 s -> {'met' if cli_t < 2.5 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
