"""Command line: `python -m assessment ...` (also installed as `social-readiness`).

Exit 0 on success; 2 on bad input with one line on stderr and no traceback; 3 when
`workshop-report` read only some rows of its file (the PDF is written from the others).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .app import answer_files, deliverables  # files only: score and compare import no store
from .app import answer_files as followups
from .domain.content import DEFAULT_CONTENT_DIR, ContentError, default_framework, load_framework
from .domain.evaluation import Evaluation, evaluate
from .domain.models import FollowUpMode, Framework, Responses, StepStatus
from .domain.sector_ids import Sector
from .domain.sectors import load_sector_content
from .files.answers_file import AnswersFileError, empty_template
from .files.bounded import InputFileError, read_bounded
from .files.branding import NO_BRAND, Brand, BrandError, load_brand
from .files.exports import plan_csv, plan_dict, score_dict
from .files.tables import MAX_BYTES
from .readout.build import build_readout
from .readout.method import method_text
from .readout.model import Readout, StepCard
from .readout.vocabulary import DEFAULT_PAPER, PAPERS, number_or_na
from .readout.wording import dimension_status

PROG = "python -m assessment"
PARTIAL = 3  # exit status: some data rows of an imported file were skipped
EXIT_STATUS = (
    "exit status: 0 every data row was read; 3 some rows were skipped (each is named on "
    "stderr, the PDF is written from the others); 2 bad input (one line on stderr)"
)


EARLIER_HELP = (
    "a follow-up: the answers files of the series before it, oldest first (a progress page "
    "follows the summary, with a trend from three assessments)"
)
STATUS_HELP = (
    "the earlier plan's step statuses: its XLSX, or the tasks exported from Jira, Asana, Trello "
    "or Planner (CSV or .xlsx); may be given more than once"
)
BRAND_HELP = "branding settings (YAML or JSON): prepared_by, primary_colour, logo (PNG/JPEG)"

SECTOR_CHOICES = [s.value for s in Sector]


class UsageError(Exception):
    """Bad input from the user: reported as one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _read_input(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise UsageError(f"{path}: no such file")
    try:  # a regular file within the upload limit: never /dev/zero, a pipe or 10 GB
        return read_bounded(file, MAX_BYTES)
    except InputFileError as exc:
        raise UsageError(str(exc)) from None


def _evaluate_file(path: str) -> tuple[Framework, Evaluation]:
    framework = default_framework()
    data = _read_input(path)
    try:
        read = answer_files.evaluate_file(framework, data)
    except AnswersFileError as exc:
        raise UsageError(f"{path}: " + "; ".join(exc.problems)) from None
    for notice in read.notices:  # an older file: say what was carried over or left out
        warn(f"{path}: {notice}")
    return framework, read.evaluation


def _output_file(path: str, example: str) -> Path:
    """The file to write, checked before any work: not a folder, and its folder exists."""
    output = Path(path)
    if output.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name such as {example}")
    if not output.parent.is_dir():
        raise UsageError(f"{path}: folder {str(output.parent)!r} does not exist")
    return output


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write ({exc.strerror})") from None


# ----------------------------------------------------------------------------- commands


def cmd_questions(args: argparse.Namespace) -> None:
    fw = default_framework()
    if args.format == "json":
        rows = [
            {
                "id": q.id,
                "dimension": q.dimension,
                "text": q.text,
                "help": q.help,
                "options": [{"score": o.score, "label": o.label} for o in q.options],
            }
            for q in fw.questions
        ]
        _write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", None)
        return
    lines = []
    for d in fw.dimensions:
        lines.append(f"== {d.name} ({d.id})")
        for q in fw.questions_for(d.id):
            lines.append(f"{q.id}: {q.text}")
            lines += [f"    {o.score}  {o.label}" for o in q.options]
        lines.append("")
    _write("\n".join(lines), None)


def cmd_template(args: argparse.Namespace) -> None:
    sector = Sector(args.sector) if args.sector else None
    _write(empty_template(default_framework(), sector=sector), args.output)


def cmd_score(args: argparse.Namespace) -> None:
    _, ev = _evaluate_file(args.file)
    if args.format == "json":
        _write(json.dumps(score_dict(ev.result), indent=2, ensure_ascii=False) + "\n", None)
        return
    _write("\n".join(_score_lines(ev)) + "\n", None)


def _score_lines(ev: Evaluation) -> list[str]:
    r = ev.result
    if r.overall.provisional:
        lines = [f"Overall: provisional. {r.overall.description}"]
        lines += [f"  missing: {m}" for m in r.overall.missing]
    else:
        overall = number_or_na(r.overall.score)
        lines = [f"Overall: level {r.overall.level} {r.overall.label}, score {overall}/100"]
    lines.append(f"Confidence {r.confidence:.0f}%, completeness {r.completeness:.0f}%")
    if r.gate.holds and not r.overall.provisional:
        lines.append(f"Purpose gate: {r.gate.reason}")
    lines.append("")
    lines.append(f"{'dimension':<22}{'score':>7}{'level':>7}{'target':>8}{'gap':>6}")
    for d in r.dimensions.values():
        if not d.assessed:
            lines.append(f"{d.id:<22}  {dimension_status(d)}")
            continue
        lines.append(f"{d.id:<22}{d.score or 0:>7.0f}{d.level or '-':>7}{d.target:>8}{d.gap:>6.0f}")
    if r.confirmed_flags:
        lines += ["", "Risk flags:"] + [f"  ! {f.title}" for f in r.confirmed_flags]
    if r.flags_to_check:
        lines += ["", 'To check (raised only by "Don\'t know" answers):']
        lines += [f"  ? {f.check}" for f in r.flags_to_check]
    return lines


def _plan_lines(title: str, steps: tuple[StepCard, ...]) -> list[str]:
    lines = [title]
    for a in steps:
        when = a.period + (f", due {a.due_text}" if a.due_text else f", from {a.start_text}")
        effort = a.effort_text or a.effort
        lines.append(f"{a.rank:>3}. {a.title}  [{a.dimension}; {a.owner}; effort {effort}; {when}]")
        if a.label:
            lines.append(f"     {a.label}")
        numbers = ", ".join(f"Q{n}" for n in a.question_numbers)
        lines.append(f"     moves: {numbers} ({', '.join(a.questions)})")
        lines += [f"     fixes: {fix}" for fix in a.fixes]
        lines += [f"     after: {wait}" for wait in a.waits_for]
        lines.append(f"     KPI: {a.kpi_text or a.kpi}")
        if a.risk_if_not_done:
            lines.append(f"     risk if not done: {a.risk_if_not_done}")
    return lines


def _start_date(text: str | None) -> dt.date | None:
    """--start YYYY-MM-DD: the day the plan's dates count from."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--start: {text!r} is not a date; give it as YYYY-MM-DD") from None


def _readout_text(ro: Readout) -> str:
    """`plan --format text`: the readout as the Results page and the PDF show it, in order."""
    lines = [f"{ro.organisation}: {ro.verdict.headline}", ro.verdict.sentence]
    lines += [f"  missing: {m}" for m in ro.verdict.missing]
    lines += [f"{ro.verdict.decision_title}: {ro.verdict.decision}", "", "First steps"]
    lines += [
        f"  {n}. {s.title}: {s.owner}, due {s.due_text}, effort {s.effort_days} "
        f"(plan step {s.rank}{'; ' + s.label if s.label else ''})"
        for n, s in enumerate(ro.first_steps, start=1)
    ]
    lines += ["", "Largest gaps"]
    lines += [
        f"  {d.name}: {number_or_na(d.score)} against {d.target_score:.0f}, {d.gap:.0f} to go"
        for d in ro.gaps
    ] or [f"  {ro.no_gap_text}"]
    lines += ["", "Strengths"]
    lines += [
        f"  {d.name}: {number_or_na(d.score)}, level {d.level} {d.level_name}" for d in ro.strengths
    ] or [f"  {ro.no_strength_text}"]
    lines += ["", _plan_lines("Action plan", ro.steps)[0]]
    lines += _plan_lines("", ro.steps)[1:]
    if ro.backlog:
        lines += [""] + _plan_lines("Backlog", ro.backlog)
    if ro.plan_status:
        lines.append("  " + ro.plan_status)
    if ro.to_check:
        lines += ["", 'Find out first (answered "Don\'t know"):']
        lines += [f"  ? {text}" for text in ro.to_check]
    lines += ["", ro.confidence]
    return "\n".join(lines) + "\n"


def cmd_plan(args: argparse.Namespace) -> None:
    start = _start_date(args.start)
    framework, ev = _evaluate_file(args.file)
    if start is not None:
        ev = evaluate(framework, ev.responses, start)
    if args.format == "json":
        _write(json.dumps(plan_dict(ev.plan), indent=2, ensure_ascii=False) + "\n", None)
    elif args.format == "csv":
        _write(plan_csv(ev.plan), None)
    else:
        _write(_readout_text(build_readout(framework, ev, start=start)), None)


def cmd_validate_content(args: argparse.Namespace) -> None:
    try:
        fw = load_framework(args.dir) if args.dir else default_framework()
        sectors = load_sector_content(args.dir or DEFAULT_CONTENT_DIR, fw)
    except ContentError as exc:
        raise UsageError(
            f"content is broken ({len(exc.problems)} problems): " + " | ".join(exc.problems)
        ) from None
    print(
        f"content OK: {len(fw.dimensions)} dimensions, {len(fw.questions)} questions, "
        f"{len(fw.actions)} actions, {len(fw.flags)} flags, {len(fw.sources)} sources, "
        f"{len(sectors.profiles)} sector profiles"
    )


def cmd_report(args: argparse.Namespace) -> None:
    paper = args.paper.lower()
    if paper not in PAPERS:
        raise UsageError(f"--paper must be one of {', '.join(PAPERS)}, got {args.paper!r}"[:160])
    output = _output_file(args.output, "plan.pdf")
    brand = _brand(args.brand)
    start = _start_date(args.start)
    framework, ev = _evaluate_file(args.file)
    progress = _progress(args, framework, ev.responses)
    pdf = deliverables.report_pdf(framework, ev, paper, brand, progress=progress, start=start).data
    try:
        output.write_bytes(pdf)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write ({exc.strerror})") from None
    status = (
        "" if ev.result.is_complete else f" (incomplete: {ev.result.completeness:.0f}% answered)"
    )
    print(f"wrote {args.output}: {len(pdf):,} bytes{status}")


def _statuses(framework: Framework, earlier: Responses, paths: list[str]) -> dict[str, StepStatus]:
    """The earlier plan's step statuses from its XLSX or trackers' exports (`--status`)."""
    statuses: dict[str, StepStatus] = {}
    for path in paths:
        read = followups.statuses_from_file(framework, earlier, _read_input(path))
        if read.value is None:
            raise UsageError(f"{path}: " + "; ".join(read.problems))
        for problem in read.value.problems:
            warn(f"{path}: {problem}")
        statuses |= read.value.statuses
    return statuses


def _progress(args: argparse.Namespace, framework: Framework, later: Responses):  # type: ignore[no-untyped-def]
    """A follow-up's progress page from `--earlier` files (oldest first), or None."""
    if not args.earlier:
        return None
    earlier = [_read_answers_file(path) for path in args.earlier]
    view, warnings = followups.files_progress(
        framework, earlier, later, _statuses(framework, earlier[-1], args.status or [])
    )
    for message in warnings:
        warn(f"{args.file}: {message}")
    return view


EXPORT_SUFFIXES = {".docx": "docx", ".xlsx": "xlsx", ".ics": "ics", ".csv": "tracker-csv"}
"""The kind of file `export` writes for each extension of its output, when --to is not given."""


def _export_kind(to: str | None, output: str) -> str:
    """--to, else the kind the output's extension names; an extension of another kind is an
    error (a Word file named plan.xlsx opens nowhere)."""
    suffix = Path(output).suffix.lower()
    named = EXPORT_SUFFIXES.get(suffix)
    if to is None:
        if named is None:
            raise UsageError(
                f"{output}: cannot tell what to write from the name; end it in .docx, .xlsx, "
                ".ics or .csv, or give --to (the PDF is the report command)"
            )
        return named
    if named is not None and named != to:
        wanted = next(end for end, kind in EXPORT_SUFFIXES.items() if kind == to)
        raise UsageError(
            f"{output}: the name ends in {suffix} but --to is {to}; end it in {wanted} "
            "(or leave --to out)"
        )
    return to


def cmd_export(args: argparse.Namespace) -> None:
    """The report or the plan in a consultant's own tools: Word, Excel, a calendar, a tracker."""
    args.to = _export_kind(args.to, args.output)
    if args.with_backlog and args.to != "tracker-csv":
        raise UsageError("--with-backlog is for --to tracker-csv (the xlsx always has the backlog)")
    start = _start_date(args.start)
    output = _output_file(args.output, f"plan.{args.to.removeprefix('tracker-')}")
    brand = _brand(args.brand)
    framework, ev = _evaluate_file(args.file)
    progress = _progress(args, framework, ev.responses)
    made = deliverables.bundle_file(
        framework,
        ev,
        args.to,
        brand,
        progress=progress,
        paper=args.paper,
        start=start,
        with_backlog=args.with_backlog,
    )
    if made.value is None:
        raise UsageError(f"{args.file}: {'; '.join(made.problems)}")
    export = made.value
    try:
        output.write_bytes(export.data)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write ({exc.strerror})") from None
    print(f"wrote {args.output}: {len(export.data):,} bytes ({export.mime})")


def cmd_method(args: argparse.Namespace) -> None:
    _write(method_text(default_framework()), None)


def cmd_workshop_report(args: argparse.Namespace) -> int:
    """A workshop PDF from a responses export: clear majorities are the consensus, split questions
    stay open (nobody settled them), as `workshop.analyse` decides.

    Exit 0 when every data row was read, 3 when some were skipped (the PDF is still written from
    the others and each skipped row is named on stderr).
    """
    from .app import workshops as workshop_service  # imports the store: only here
    from .domain.models import Organization
    from .files.responses_import import ResponsesImportError, format_rows

    try:
        organization = Organization(name=args.organization, sector_id=args.sector)
    except ValueError:
        raise UsageError("--organization must be a name of 1 to 200 characters") from None
    framework = default_framework()
    data = _read_input(args.file)
    try:
        parsed = workshop_service.read_export(framework, data, args.file)
    except ResponsesImportError as exc:
        raise UsageError("; ".join(exc.problems)) from None
    for row, problems in parsed.skipped.items():
        warn(f"{args.file}: skipped row {row}: " + "; ".join(problems))
    for name, rows in parsed.duplicate_names.items():
        warn(f"{args.file}: rows {format_rows(rows)} have the same name {name!r}")
    if not parsed.rows:
        raise UsageError(f"{args.file}: no usable response rows ({parsed.data_rows} skipped)")
    brand = _brand(args.brand)
    pdf = workshop_service.report_from_export(framework, parsed, organization, args.paper, brand)
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write ({exc.strerror})") from None
    print(
        f"wrote {args.output}: {len(pdf):,} bytes, {len(parsed.rows)} of {parsed.data_rows} "
        f"respondents read, {len(parsed.skipped)} rows skipped"
    )
    if parsed.skipped:
        warn(
            f"{args.file}: read {len(parsed.rows)} of {parsed.data_rows} respondents; skipped "
            f"rows {format_rows(list(parsed.skipped))} (listed above); the PDF leaves them out"
        )
        return PARTIAL
    return 0


def cmd_purge(args: argparse.Namespace) -> None:
    """Delete what was not touched for DAYS days (store/retention.py); print the counts."""
    import os

    from .store import StoreError, make_engine, purge
    from .store.db import DATABASE_URL_ENV, DEFAULT_SQLITE_PATH
    from .store.retention import cutoff_for

    try:
        cutoff_for(args.older_than)
    except ValueError as exc:
        raise UsageError(f"--older-than: {exc}") from None
    if not os.environ.get(DATABASE_URL_ENV) and not DEFAULT_SQLITE_PATH.is_file():
        where = f"no database at {DEFAULT_SQLITE_PATH}"
        raise UsageError(f"{where}: run it where the app runs, or set {DATABASE_URL_ENV}")
    try:
        counts = purge(make_engine(), args.older_than, dry_run=args.dry_run)
    except StoreError as exc:
        raise UsageError(f"database: {exc}") from None
    done = "would remove (dry run)" if args.dry_run else "removed"
    print(f"{done}, not touched for {args.older_than} days:")
    print("\n".join(f"  {line}" for line in counts.lines()))


def _read_answers_file(path: str) -> Responses:
    try:
        return followups.read_file(default_framework(), _read_input(path))
    except AnswersFileError as exc:
        raise UsageError(f"{path}: " + "; ".join(exc.problems)) from None


def cmd_follow_up(args: argparse.Namespace) -> None:
    earlier = _read_answers_file(args.file)
    output = _output_file(args.output, "followup.json")
    try:
        today = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD, got {args.date[:40]!r}") from None
    mode = FollowUpMode(args.mode)
    _write(followups.follow_up_file(default_framework(), earlier, mode, today), str(output))


def cmd_compare(args: argparse.Namespace) -> None:
    framework = default_framework()
    earlier, later = _read_answers_file(args.old), _read_answers_file(args.new)
    statuses = _statuses(framework, earlier, args.status or [])
    compared = followups.compare_responses(framework, earlier, later, statuses)
    for message in compared.warnings:
        warn(f"{args.new}: {message}")
    if args.format == "json":
        doc = followups.progress_dict(compared.progress)
        _write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", None)
        return
    _write("\n".join(followups.progress_lines(framework, compared.progress)) + "\n", None)


def _brand(path: str | None) -> Brand:
    """`--brand FILE`: a consultant's name, colour and logo for the PDF; a bad file is exit 2."""
    if path is None:
        return NO_BRAND
    from .report.logo import logo_reader  # the logo must also decode as an image

    try:
        brand = load_brand(path)
        logo_reader(brand)
    except BrandError as exc:
        raise UsageError(str(exc)) from None
    return brand


def warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


# ----------------------------------------------------------------------------- parser


def _start_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help="the day the plan's dates count from (default: the assessment date, else today); "
        "the files say so",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Social-media strategy readiness assessment.",
        epilog="Exit status: 0 on success, 2 on bad input (one line on stderr), 3 when "
        "workshop-report skipped some rows of its file, 1 on an internal error.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("questions", help="list the question bank")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser("template", help="write an empty answers file to fill in offline")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--sector", choices=SECTOR_CHOICES, help="the organisation's sector")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("score", help="score an answers file")
    p.add_argument("file")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("plan", help="the ranked action plan and backlog for an answers file")
    p.add_argument("file")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")
    _start_option(p)
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("report", help="write the PDF action plan for an answers file")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True, help="PDF file to write, e.g. plan.pdf")
    p.add_argument("--paper", default=DEFAULT_PAPER, help="paper size: a4 (default) or letter")
    p.add_argument("--brand", metavar="FILE", help=BRAND_HELP)
    p.add_argument(
        "--earlier",
        action="append",
        metavar="ANSWERS",
        help=EARLIER_HELP,
    )
    p.add_argument("--status", action="append", metavar="FILE", help=STATUS_HELP)
    _start_option(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "export",
        help="the report as .docx, the plan as .xlsx, .ics or a task-tracker CSV",
        description="Write one file of the bundle: the report as an editable Word document "
        "(docx), the plan and backlog as a workbook (xlsx), the plan's due dates as a calendar "
        "(ics), or tasks to import into Jira, Trello, Asana or Planner (tracker-csv).",
    )
    p.add_argument("file", metavar="ANSWERS", help="answers file (JSON)")
    p.add_argument(
        "--to",
        choices=["docx", "xlsx", "ics", "tracker-csv"],
        help="what to write (default: from the output's extension: .docx, .xlsx, .ics, .csv)",
    )
    p.add_argument("-o", "--output", required=True, help="file to write")
    p.add_argument("--brand", metavar="FILE", help="branding settings (prepared_by, colour, logo)")
    p.add_argument(
        "--paper", choices=PAPERS, default=DEFAULT_PAPER, help="the Word report's paper size"
    )
    p.add_argument("--earlier", action="append", metavar="ANSWERS", help=EARLIER_HELP)
    p.add_argument("--status", action="append", metavar="FILE", help=STATUS_HELP)
    _start_option(p)
    p.add_argument(
        "--with-backlog",
        action="store_true",
        help="tracker-csv: the backlog's steps too (default: the plan's steps only)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("validate-content", help="check a content folder")
    p.add_argument("dir", nargs="?", help="content folder (default: the shipped content)")
    p.set_defaults(func=cmd_validate_content)

    p = sub.add_parser("method", help="print the scoring method")
    p.set_defaults(func=cmd_method)

    p = sub.add_parser(
        "workshop-report",
        help="workshop PDF from a form tool's responses export (CSV or .xlsx)",
        description="Write the workshop PDF from responses collected in a form tool: a CSV, "
        "tab-separated text or .xlsx export of Google Forms, Microsoft Forms, SurveyMonkey, "
        "Qualtrics, Typeform, LimeSurvey or Excel, one row per respondent.",
        epilog=EXIT_STATUS,
    )
    p.add_argument("file", metavar="RESPONSES", help="the export: .csv, .txt/.tsv or .xlsx")
    p.add_argument("-o", "--output", required=True, help="PDF file to write")
    p.add_argument("--paper", choices=PAPERS, default=DEFAULT_PAPER)
    p.add_argument("--organization", default="Workshop", help="organisation named in the report")
    p.add_argument("--sector", choices=SECTOR_CHOICES, help="the organisation's sector")
    p.add_argument("--brand", metavar="FILE", help=BRAND_HELP)
    p.set_defaults(func=cmd_workshop_report)

    p = sub.add_parser(
        "purge",
        help="delete assessments and workshops not touched for DAYS days",
        description="Delete assessments, and workshops with their participants, that nobody "
        "touched for DAYS days, from the app's database (READINESS_DATABASE_URL, else "
        "data/readiness.db); also expired join attempts and creation records.",
    )
    p.add_argument("--older-than", metavar="DAYS", type=int, required=True)
    p.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser(
        "follow-up",
        help="start the next assessment of a series from an answers file",
        description="Write the follow-up's answers file: same organisation, dated today, linked "
        "to the earlier one. carried: the earlier choices, to confirm or change; fresh: blank.",
    )
    p.add_argument("file", metavar="ANSWERS", help="the earlier answers file (JSON)")
    p.add_argument("-o", "--output", required=True, help="the follow-up's answers file")
    p.add_argument("--mode", choices=followups.MODES, default="carried")
    p.add_argument("--date", help="the follow-up's date, YYYY-MM-DD (default: today)")
    p.set_defaults(func=cmd_follow_up)

    p = sub.add_parser(
        "compare",
        help="what moved between two assessments, and whether done steps show",
        description="Compare an answers file with the follow-up that came after it.",
    )
    p.add_argument("old", metavar="OLD", help="the earlier answers file")
    p.add_argument("new", metavar="NEW", help="the later answers file")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--status",
        action="append",
        metavar="FILE",
        help=STATUS_HELP,
    )
    p.set_defaults(func=cmd_compare)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        status = args.func(args)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(f"{PROG}: error: shipped content is broken: {exc.problems[0]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # no traceback ever reaches a user
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return status or 0
