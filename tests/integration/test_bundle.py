"""The bundle built from the personas' real answers files and read back with the libraries the
consultant's tools use: python-docx, openpyxl, icalendar and the csv module."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar
from PIL import Image

from assessment.bundle import KINDS, Export, ExportError, build_export
from assessment.bundle.tracker_csv import COLUMNS as CSV_COLUMNS
from assessment.bundle.xlsx_plan import COLUMNS as XLSX_COLUMNS
from assessment.bundle.xlsx_plan import STATUSES
from assessment.cli import build_parser, main
from assessment.domain.evaluation import Evaluation, evaluate
from assessment.domain.models import Answer, Framework
from assessment.files.branding import NO_BRAND, Brand
from assessment.readout.build import build_readout, day
from assessment.readout.vocabulary import HORIZON_DAYS, start_date

PERSONAS = sorted((Path(__file__).parents[1] / "personas").glob("*.json"))
SLUGS = [p.stem for p in PERSONAS if p.stem != "riverside_harriers"]  # complete ones
HOSTILE = "=cmd|' /C calc'!A0, \"quoted\", comma,\nnew line"


def unfinished(framework: Framework, ev: Evaluation, *dimensions: str) -> Evaluation:
    """The same organisation before it answered the questions of these dimensions."""
    drop = {q.id for q in framework.questions if q.dimension in dimensions}
    answers = {k: v for k, v in ev.responses.answers.items() if k not in drop}
    return evaluate(framework, ev.responses.model_copy(update={"answers": answers}))


def with_hostile_first_step(ev: Evaluation) -> Evaluation:
    first = ev.plan.actions[0].model_copy(
        update={"title": HOSTILE, "owner": "+44 20 7946 0000", "kpi": "@SUM(A1:A9)"}
    )
    plan = ev.plan.model_copy(update={"actions": [first, *ev.plan.actions[1:]]})
    return ev.model_copy(update={"plan": plan})


def logo_png(colour: str = "#0B5394") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(out, format="PNG")
    return out.getvalue()


def day0(ev: Evaluation) -> dt.date:
    assert ev.responses.organization.date is not None  # every persona is dated
    return ev.responses.organization.date


# --------------------------------------------------------------------------- DOCX


def docx_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def headings(document: docx.document.Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.mark.parametrize("slug", SLUGS)
def test_docx_has_the_report_sections_and_a_summary_that_decides(framework, persona, slug):
    ev = persona(slug)
    export = build_export("docx", framework, ev)
    assert export.filename.endswith(f"-readiness-{day0(ev).isoformat()}.docx")
    document = docx.Document(io.BytesIO(export.data))
    assert headings(document, 1) == [
        "Executive summary",
        "Scorecard",
        "Risk flags",
        "Dimensions",
        "Action plan",
        "Roadmap",
        *(["Your sector"] if build_readout(framework, ev).sector else []),
        "Appendix",
    ]
    assert [h.split(". ", 1)[1] for h in headings(document, 2) if h[:1].isdigit()] == [
        d.name for d in framework.dimensions
    ]
    ro = build_readout(framework, ev)
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Executive summary")
    end = paragraphs.index("Scorecard")
    exec_text = "\n".join(paragraphs[start:end])
    assert f"Verdict: {ro.verdict.sentence}" in exec_text
    assert ev.result.overall.label in ro.verdict.sentence
    assert ro.verdict.decision_lines  # drawn as lines: each lead in bold, then its text
    for lead, text in ro.verdict.decision_lines:
        assert f"{lead}{text}" in exec_text
    # the three steps that come first in time, with owner and calendar date
    first = sorted(ev.plan.actions, key=lambda a: (a.due, a.rank))[:3]
    for n, step in enumerate(first, start=1):
        due = day(step.due)
        low, high = step.effort_days
        assert f"{n}. {step.title}: {step.owner}, due {due}, effort {low}-{high} person-days " in (
            exec_text
        )
        assert f"(plan step {step.rank}" in exec_text
    for flag in ev.result.confirmed_flags:
        assert flag.title in exec_text
    for gap in ro.gaps:
        assert f"{gap.name}: " in exec_text
    assert f"Confidence {ev.result.confidence:.0f}%" in exec_text
    # the radar chart is a real picture
    assert len(document.inline_shapes) >= 1
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert any(r.target_part.blob.startswith(b"\x89PNG") for r in images)


def test_docx_prints_each_answer_once_with_the_apps_question_numbers(framework, persona):
    ev = persona("river_trust")
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    answer_rows = [
        [c.text for c in row.cells]
        for table in document.tables
        if [c.text for c in table.rows[0].cells] == ["No.", "Question", "Answer"]
        for row in table.rows[1:]
    ]
    assert [r[0] for r in answer_rows] == [f"Q{n}" for n in range(1, len(framework.questions) + 1)]
    assert sorted(r[1] for r in answer_rows) == sorted(q.text for q in framework.questions)
    noted = [q for q in framework.questions if ev.responses.answers[q.id].note]
    appendix = "\n".join(p.text for p in document.paragraphs)
    for q in noted:  # each note once, in the appendix, under the question's number
        assert appendix.count(ev.responses.answers[q.id].note.strip().split("\n")[0]) == 1


def test_docx_scorecard_and_plan_tables(framework, persona):
    ev = persona("corner_bakery")
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    by_head = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    scorecard = by_head[("Dimension", "Weight", "Score", "Level", "Target", "Gap", "Confidence")]
    names = [row.cells[0].text for row in scorecard.rows[1:]]
    assert names == [d.name for d in framework.dimensions] + ["Overall (weighted)"]
    assert scorecard.rows[-1].cells[3].text == "Level 2 \u00b7 Experimenting"
    plan = by_head[("#", "Action", "Owner", "Effort / impact", "When", "KPI")]
    assert len(plan.rows) - 1 == len(ev.plan.actions)
    first = plan.rows[1].cells
    step = ev.plan.actions[0]
    lines = first[1].text.split("\n")
    label = "Urgent: due within 14 days" if step.urgent else "Quick win" if step.quick_win else ""
    assert lines[0].startswith(label) and step.title in lines[:2] and first[2].text == step.owner
    assert f"Risk if not done: {step.risk_if_not_done}" in lines
    assert f"due {step.due.isoformat()}" in first[4].text
    backlog = by_head[("#", "Action", "Dimension", "Owner", "Effort", "Earliest start")]
    assert len(backlog.rows) - 1 == len(ev.plan.backlog)


def test_docx_carries_the_consultants_brand(framework, persona):
    logo = logo_png()
    brand = Brand(prepared_by="Northlight Consulting", primary_colour="#0B5394", logo=logo)
    document = docx.Document(
        io.BytesIO(build_export("docx", framework, persona("harbour_bank"), brand).data)
    )
    cover = [
        p.text
        for p in document.paragraphs[
            : [p.text for p in document.paragraphs].index("Executive summary")
        ]
    ]
    assert "Prepared by Northlight Consulting" in cover
    footer = document.sections[0].footer.paragraphs[0].text
    assert "Prepared by Northlight Consulting" in footer
    blobs = [r.target_part.blob for r in document.part.rels.values() if "image" in r.reltype]
    assert logo in blobs  # the logo on the cover
    footer_blobs = [
        r.target_part.blob
        for r in document.sections[0].footer.part.rels.values()
        if "image" in r.reltype
    ]
    assert logo in footer_blobs  # and in the footer
    assert str(document.styles["Heading 1"].font.color.rgb) == "0B5394"
    assert document.core_properties.author == "Northlight Consulting"
    unbranded = docx.Document(
        io.BytesIO(build_export("docx", framework, persona("harbour_bank"), NO_BRAND).data)
    )
    assert "Prepared by" not in docx_text(unbranded)
    assert str(unbranded.styles["Heading 1"].font.color.rgb) != "0B5394"


def test_docx_of_a_provisional_result_says_provisional(framework, persona):
    ev = unfinished(framework, persona("glow_cosmetics"), "listening", "accountability")
    assert ev.result.overall.provisional
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    text = docx_text(document)
    assert "Provisional" in [p.text for p in document.paragraphs[:12]]  # the cover's verdict
    assert "Level " not in "\n".join(p.text for p in document.paragraphs[:12])
    for missing in ev.result.overall.missing:
        assert missing in text
    assert "Verdict: No overall level yet:" in text
    assert "PROVISIONAL" in document.sections[0].footer.paragraphs[0].text


def test_docx_survives_hostile_notes(framework, persona):
    ev = persona("northwind_b2b")
    nasty = (
        '<w:p><w:r><w:t>injected</w:t></w:r></w:p> ]]> &amp; "\x00\x07\x1b\ud83d\ufffe'
        + "\n" * 19_000
        + "end of note \u202e\u05e2\u05d1\u05e8\u05d9\u05ea \ud55c\uad6d\uc5b4 \U0001f389"
    )
    short_lines = "".join(f"line {n}\n" for n in range(3_000))
    answers = {
        qid: a.model_copy(update={"note": nasty if i % 2 else short_lines})
        for i, (qid, a) in enumerate(ev.responses.answers.items())
    }
    hostile = evaluate(framework, ev.responses.model_copy(update={"answers": answers}))
    data = build_export("docx", framework, hostile).data
    document = docx.Document(io.BytesIO(data))  # it opens: no character broke the XML
    text = docx_text(document)
    assert text.count("<w:p><w:r><w:t>injected</w:t></w:r></w:p> ]]> &amp;") == len(answers) // 2
    assert text.count("line 2998 / line 2999") == (len(answers) + 1) // 2  # every line kept
    assert max(p.text.count("\n") for p in document.paragraphs) < 40  # compactly
    assert "end of note \u202e\u05e2\u05d1\u05e8\u05d9\u05ea \ud55c\uad6d\uc5b4 \U0001f389" in text
    assert not any(ch in text for ch in "\x00\x07\x1b\ufffe")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"<w:t>injected</w:t>" not in xml  # written as text, escaped, never as markup
    # 19,000 line breaks collapse: the note is two paragraphs, not thousands of lines
    assert len(document.paragraphs) < 1000


# --------------------------------------------------------------------------- XLSX


def test_xlsx_plan_with_dates_status_filter_and_frozen_header(framework, persona):
    ev = persona("river_trust")
    export = build_export("xlsx", framework, ev)
    workbook = openpyxl.load_workbook(io.BytesIO(export.data))
    sheet = workbook["Action plan"]
    header = [c.value for c in sheet[1]]
    assert header == [name for name, _ in XLSX_COLUMNS]
    col = {name: i for i, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    steps = ev.plan.actions + ev.plan.backlog
    assert [r[col["Rank"]] for r in rows] == [a.rank for a in steps]
    assert [r[col["Action"]] for r in rows] == [a.title for a in steps]
    for r, step in zip(rows, steps, strict=True):
        assert isinstance(r[col["Start"]], dt.datetime)  # a real date cell, not text
        assert r[col["Start"]].date() == start_date(day0(ev), step.horizon)
        assert r[col["Status"]] == "Not started"
        assert r[col["KPI"]] == step.kpi and r[col["Owner"]] == step.owner
    for r, step in zip(rows, ev.plan.actions, strict=False):
        assert r[col["Section"]] == "Plan"
        assert r[col["Due"]].date() == step.due
        days = (r[col["Due"]].date() - day0(ev)).days
        assert days <= 14 if step.urgent else days == HORIZON_DAYS[step.horizon][1]
    assert all(r[col["Due"]] is None for r in rows[len(ev.plan.actions) :])
    assert sheet.cell(row=2, column=col["Start"] + 1).number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:U{len(rows) + 1}"  # 21 columns, Status date included
    for r, step in zip(rows, ev.plan.actions, strict=False):  # the whole step card
        low, high = step.effort_days
        assert r[col["Person-days"]] == f"{low}-{high} person-days"
        assert step.kpi_detail and r[col["KPI baseline"]] == step.kpi_detail.baseline
        assert r[col["KPI target"]] == step.kpi_detail.target
        assert r[col["Risk if not done"]] == step.risk_if_not_done
        assert (r[col["Label"]] or "").startswith("Urgent: due within") == step.urgent
        if step.urgent:
            assert r[col["Horizon"]] == "Days 1-14"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert validations[0].formula1 == '"' + ",".join(STATUSES) + '"'
    assert "L2:L" in str(validations[0].sqref)  # the Status column
    assert sheet.column_dimensions["C"].width >= 40  # the action's title is readable
    about = workbook["About"]
    assert about["B1"].value == ev.responses.organization.name
    assert about["B3"].value == "Level 2 \u00b7 Experimenting"
    periods = [about.cell(row=r, column=1).value for r in range(1, about.max_row + 1)]
    assert any(s.urgent for s in ev.plan.actions)
    urgent_at = periods.index("Urgent: days 1-14")
    assert periods[urgent_at + 1] == "Days 1-30"  # the urgent group before the first period


def test_xlsx_cells_are_formula_safe(framework, persona):
    ev = with_hostile_first_step(persona("glow_cosmetics"))
    data = build_export("xlsx", framework, ev).data
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Action plan"]
    header = [c.value for c in sheet[1]]
    for name, value in (("Action", HOSTILE), ("Owner", "+44 20 7946 0000"), ("KPI", "@SUM(A1:A9)")):
        cell = sheet.cell(row=2, column=header.index(name) + 1)
        assert cell.value == value  # the user's text, unchanged...
        assert cell.data_type == "s"  # ...stored as a string...
        assert cell.quotePrefix  # ...with Excel's apostrophe guard
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml  # no formula anywhere in the sheet
    plain = sheet.cell(row=3, column=header.index("Action") + 1)
    assert not plain.quotePrefix  # ordinary text is left alone


def test_xlsx_of_a_provisional_result_says_provisional(framework, persona):
    ev = unfinished(framework, persona("glow_cosmetics"), "listening", "accountability")
    workbook = openpyxl.load_workbook(io.BytesIO(build_export("xlsx", framework, ev).data))
    assert workbook["About"]["B3"].value == "Provisional"


# --------------------------------------------------------------------------- ICS


@pytest.mark.parametrize("slug", SLUGS)
def test_ics_has_one_dated_event_per_planned_step(framework, persona, slug):
    ev = persona(slug)
    export = build_export("ics", framework, ev)
    assert export.mime == "text/calendar" and export.filename.endswith(".ics")
    calendar = Calendar.from_ical(export.data)
    events = calendar.walk("VEVENT")
    find_out = [e for e in events if str(e["summary"]).startswith("Due: Find out ")]
    assert len(find_out) == (1 if ev.plan.to_check else 0)  # the missing answers, dated too
    events = [e for e in events if e not in find_out]
    assert len(events) == len(ev.plan.actions)
    for event, step in zip(events, ev.plan.actions, strict=True):
        due = step.due
        assert event.decoded("dtstart") == due  # an all-day date, not a date-time
        assert event.decoded("dtend") == due + dt.timedelta(days=1)
        assert str(event["summary"]) == f"Due: #{step.rank} {step.title}"
        description = str(event["description"])
        assert f"KPI: {step.kpi}" in description and f"Owner: {step.owner}" in description
    uids = [str(e["uid"]) for e in events + find_out]
    assert len(set(uids)) == len(uids)
    again = Calendar.from_ical(build_export("ics", framework, ev).data).walk("VEVENT")
    assert [str(e["uid"]) for e in again] == uids  # stable: a re-import updates, never duplicates


def test_ics_without_a_plan_is_refused_with_the_reason(framework, persona):
    ev = unfinished(framework, persona("river_trust"), *[d.id for d in framework.dimensions])
    assert not ev.plan.actions
    with pytest.raises(ExportError, match="no calendar: the plan has no step"):
        build_export("ics", framework, ev)


def test_ics_text_with_hostile_characters_round_trips(framework, persona):
    ev = with_hostile_first_step(persona("corner_bakery"))
    event = Calendar.from_ical(build_export("ics", framework, ev).data).walk("VEVENT")[0]
    assert str(event["summary"]) == f"Due: #1 {HOSTILE}"


# --------------------------------------------------------------------------- tracker CSV


def read_csv(export: Export) -> list[dict[str, str]]:
    assert export.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows accents
    text = export.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("slug", SLUGS)
def test_tracker_csv_rows_columns_and_dates(framework, persona, slug):
    ev = persona(slug)
    export = build_export("tracker-csv", framework, ev)
    assert export.filename.endswith("-tasks.csv") and export.mime == "text/csv"
    header = next(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert header == CSV_COLUMNS
    rows = read_csv(export)
    if ev.plan.to_check:  # the find-out task comes first: its answers may change the plan
        task = rows.pop(0)
        assert task["Section"] == "Find out" and task["Summary"].startswith("Find out ")
    assert [r["Summary"] for r in rows] == [a.title for a in ev.plan.actions]  # the plan only
    for row, step in zip(rows, ev.plan.actions, strict=True):
        assert dt.date.fromisoformat(row["Due Date"]) == step.due
        assert step.kpi in row["Description"] and row["Owner"] == step.owner
        assert f"Risk if not done: {step.risk_if_not_done}" in row["Description"]
        assert "readiness-plan" in row["Labels"].split() and " " not in row["Priority"]
    everything = read_csv(build_export("tracker-csv", framework, ev, with_backlog=True))
    everything = [r for r in everything if r["Section"] != "Find out"]
    steps = ev.plan.actions + ev.plan.backlog
    assert [r["Summary"] for r in everything] == [a.title for a in steps]  # asked: the backlog too
    for row in everything[len(ev.plan.actions) :]:
        assert row["Due Date"] == "" and "backlog" in row["Labels"].split()


def test_tracker_csv_quotes_and_neutralises_a_hostile_title(framework, persona):
    ev = with_hostile_first_step(persona("corner_bakery"))
    export = build_export("tracker-csv", framework, ev)
    first = read_csv(export)[0]
    assert first["Summary"] == "'" + HOSTILE  # quotes, comma and line break kept; = disarmed
    assert first["Owner"] == "'+44 20 7946 0000"
    assert first["KPI"] == "'@SUM(A1:A9)"
    assert first["Rank"] == "1"
    record = export.data.decode("utf-8-sig").split("\r\n")[1]  # the line break inside stays
    assert record.startswith('"\'=cmd|\' /C calc\'!A0, ""quoted"", comma,\nnew line",')


# --------------------------------------------------------------------------- build_export, CLI


def test_unknown_kind_is_refused(framework, persona):
    with pytest.raises(ValueError, match="unknown export 'pdf'"):
        build_export("pdf", framework, persona("corner_bakery"))


def test_cli_offers_exactly_the_bundles_kinds():
    export = build_parser()._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    to = next(a for a in export._actions if a.dest == "to")
    assert list(to.choices) == list(KINDS)


def assert_is_a(kind: str, data: bytes) -> None:
    """The file opens as what the kind says: Word, a workbook, a calendar, the tracker CSV."""
    if kind == "docx":
        assert docx.Document(io.BytesIO(data)).paragraphs
    elif kind == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data))["Action plan"]["A1"].value == "Rank"
    elif kind == "ics":
        assert Calendar.from_ical(data).walk("VEVENT")
    else:
        assert data.decode("utf-8-sig").startswith(",".join(CSV_COLUMNS))


@pytest.mark.parametrize("kind", list(KINDS))
def test_cli_export_writes_each_kind(tmp_path, capsys, kind):
    out = tmp_path / f"out.{kind}"
    status = main(["export", str(PERSONAS[0]), "--to", kind, "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out.startswith(f"wrote {out}: ") and captured.err == ""
    assert_is_a(kind, out.read_bytes())


def test_cli_export_with_a_brand_file(tmp_path, capsys):
    (tmp_path / "logo.png").write_bytes(logo_png())
    brand = tmp_path / "brand.yaml"
    brand.write_text('prepared_by: Northlight\nprimary_colour: "#0B5394"\nlogo: logo.png\n')
    out = tmp_path / "report.docx"
    assert (
        main(["export", str(PERSONAS[0]), "--to", "docx", "-o", str(out), "--brand", str(brand)])
        == 0
    )
    document = docx.Document(str(out))
    assert "Prepared by Northlight" in document.sections[0].footer.paragraphs[0].text


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--to", "pdf"], "invalid choice: 'pdf'"),
        (["--to", "docx", "--brand", "missing.yaml"], "missing.yaml: cannot read"),
    ],
)
def test_cli_export_bad_options_exit_2(tmp_path, capsys, args, fragment):
    status = main(["export", str(PERSONAS[0]), "-o", str(tmp_path / "x"), *args])
    assert status == 2
    assert fragment in one_error_line(capsys)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("report.docx", "docx"),
        ("plan.XLSX", "xlsx"),
        ("plan.ics", "ics"),
        ("tasks.csv", "tracker-csv"),
    ],
)
def test_cli_export_without_to_writes_what_the_name_says(tmp_path, capsys, name, kind):
    out = tmp_path / name
    assert main(["export", str(PERSONAS[0]), "-o", str(out)]) == 0, capsys.readouterr().err
    assert_is_a(kind, out.read_bytes())


@pytest.mark.parametrize(
    ("args", "name", "fragment"),
    [
        ([], "plan.pdf", "plan.pdf: cannot tell what to write from the name; end it in .docx"),
        ([], "plan", "(the PDF is the report command)"),
        (["--to", "docx"], "plan.xlsx", "the name ends in .xlsx but --to is docx; end it in .docx"),
        (["--to", "tracker-csv"], "plan.ics", "--to is tracker-csv; end it in .csv"),
    ],
)
def test_cli_export_a_name_that_does_not_say_the_kind_exit_2(
    tmp_path, capsys, args, name, fragment
):
    out = tmp_path / name
    assert main(["export", str(PERSONAS[0]), "-o", str(out), *args]) == 2
    assert fragment in one_error_line(capsys)
    assert not out.exists()


def test_cli_export_bad_input_exit_2(tmp_path, capsys):
    assert (
        main(["export", str(tmp_path / "none.json"), "--to", "xlsx", "-o", str(tmp_path / "x")])
        == 2
    )
    assert "none.json: no such file" in one_error_line(capsys)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["export", str(bad), "--to", "xlsx", "-o", str(tmp_path / "x")]) == 2
    assert "not JSON" in one_error_line(capsys)
    out = tmp_path / "no-folder" / "x.docx"
    assert main(["export", str(PERSONAS[0]), "--to", "docx", "-o", str(out)]) == 2
    assert "does not exist" in one_error_line(capsys)
    assert main(["export", str(PERSONAS[0]), "--to", "docx", "-o", str(tmp_path)]) == 2
    assert "is a directory" in one_error_line(capsys)


def test_cli_export_calendar_of_an_empty_assessment_exit_2(tmp_path, capsys):
    answers = tmp_path / "empty.json"
    assert main(["template", "-o", str(answers)]) == 0
    capsys.readouterr()
    assert main(["export", str(answers), "--to", "ics", "-o", str(tmp_path / "x.ics")]) == 2
    assert "no calendar: the plan has no step to date. No plan yet" in one_error_line(capsys)
    assert main(["export", str(answers), "--to", "docx", "-o", str(tmp_path / "x.docx")]) == 0
    assert (
        "PROVISIONAL"
        in docx.Document(str(tmp_path / "x.docx")).sections[0].footer.paragraphs[0].text
    )


def test_plan_csv_command_is_unchanged(tmp_path, capsys, framework, persona):
    assert main(["plan", str(PERSONAS[0]), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["section", "rank", "id"]
    ev = persona(PERSONAS[0].stem)
    assert len(rows) - 1 == len(ev.plan.actions) + len(ev.plan.backlog)


def test_answers_with_notes_survive_every_format(framework, persona):
    ev = persona("corner_bakery")
    answers = dict(ev.responses.answers)
    qid = next(iter(answers))
    answers[qid] = Answer(choice=answers[qid].choice, note="\x00" + HOSTILE)
    hostile = evaluate(framework, ev.responses.model_copy(update={"answers": answers}))
    for kind in KINDS:
        assert build_export(kind, framework, hostile).data
