"""The PDF's and the DOCX's plan tables, backlog and roadmap draw the readout's step cards (and
the scorecard its dimension lines): a readout with marked cards comes out marked, so nothing in
those sections is recomputed from the evaluation."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest

from assessment.bundle import build_export
from assessment.domain.evaluation import Evaluation, evaluate
from assessment.domain.models import Framework, Responses
from assessment.readout import build as readout_build
from assessment.readout.model import Readout
from assessment.report import build_report

from .report_helpers import ParsedPdf, squash

PERSONA = Path(__file__).parents[1] / "personas" / "harbour_bank.json"


def _evaluation(framework: Framework) -> Evaluation:
    data = json.loads(PERSONA.read_text(encoding="utf-8"))
    return evaluate(framework, Responses.model_validate(data))


def _marked(ro: Readout) -> Readout:
    """Every step card and dimension line with text no rule of the product would write."""

    def card(c: Any) -> Any:
        return c.model_copy(
            update={
                "title": f"Marked title {c.rank}",
                "owner": f"Owner{c.rank}",
                "due_text": f"Due{c.rank}" if c.due_text else "",
                "period": f"Period{c.rank}",
                "kpi": f"Kpi{c.rank}",
                "kpi_text": f"Kpi{c.rank}",
                "effort_text": f"Effort{c.rank}",
                "label": f"Label{c.rank}",
                "risk_if_not_done": f"Risk{c.rank}",
                "move_refs": (f"Moves{c.rank}",),
            }
        )

    def line(i: int, d: Any) -> Any:
        return d.model_copy(
            update={"level_text": f"Levelmark{i}", "confidence": 11.0 + i, "completeness": 1.0 + i}
        )

    return ro.model_copy(
        update={
            "steps": tuple(card(c) for c in ro.steps),
            "backlog": tuple(card(c) for c in ro.backlog),
            "dimensions": tuple(line(i, d) for i, d in enumerate(ro.dimensions)),
        }
    )


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    real = readout_build.build_readout

    def fake(*args: Any, **kwargs: Any) -> Readout:
        return _marked(real(*args, **kwargs))

    from assessment.bundle.docx import kit as docx_kit
    from assessment.report import kit as pdf_kit

    monkeypatch.setattr(pdf_kit, "build_readout", fake)
    monkeypatch.setattr(docx_kit, "build_readout", fake)


@pytest.mark.usefixtures("marked")
def test_pdf_plan_backlog_and_roadmap_draw_the_step_cards(framework: Framework) -> None:
    ev = _evaluation(framework)
    assert ev.plan.actions and ev.plan.backlog
    pdf = ParsedPdf(build_report(framework, ev))
    plan_pages = squash(" ".join(pdf.pages[pdf.page_of("Action plan") - 1 :]))
    for a in ev.plan.actions:
        for text in (f"Markedtitle{a.rank}", f"Owner{a.rank}", f"Due{a.rank}", f"Kpi{a.rank}"):
            assert text in plan_pages
        for text in (f"Label{a.rank}", f"Effort{a.rank}", f"Risk{a.rank}"):
            assert text in plan_pages
        assert f"Moves{a.rank}" in plan_pages
    for a in ev.plan.backlog:
        assert f"Markedtitle{a.rank}" in plan_pages and f"Period{a.rank}" in plan_pages


@pytest.mark.usefixtures("marked")
def test_docx_plan_backlog_and_roadmap_draw_the_step_cards(framework: Framework) -> None:
    ev = _evaluation(framework)
    made = build_export("docx", framework, ev)
    document = docx.Document(io.BytesIO(made.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    everything = text + "\n" + cells
    for a in ev.plan.actions:
        assert f"Marked title {a.rank}" in cells  # the plan table
        assert f"#{a.rank} Marked title {a.rank} (Owner{a.rank}" in text  # the roadmap
        assert f"Kpi{a.rank}" in cells and f"Period{a.rank}" in cells
        for marked in (f"Label{a.rank}", f"Effort{a.rank}", f"Risk{a.rank}"):
            assert marked in cells
    for a in ev.plan.backlog:
        assert f"Marked title {a.rank}" in everything


@pytest.mark.usefixtures("marked")
def test_pdf_and_docx_scorecards_draw_the_dimension_lines(framework: Framework) -> None:
    ev = _evaluation(framework)
    dims = list(ev.result.dimensions.values())
    pdf = ParsedPdf(build_report(framework, ev))
    scorecard = squash(next(p for p in pdf.pages if "Scores run from 0 to 100" in p))
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Dimension")
    docx_rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    for i, d in enumerate(dims):
        assert f"Levelmark{i}" in scorecard and f"{11 + i}%" in scorecard
        assert f"{1 + i}%" in scorecard
        assert docx_rows[i][0] == d.name
        assert docx_rows[i][3] == f"Levelmark{i}" and docx_rows[i][6] == f"{11 + i}%"


@pytest.mark.usefixtures("marked")
def test_dimension_sections_list_the_step_cards(framework: Framework) -> None:
    ev = _evaluation(framework)
    pdf = squash(ParsedPdf(build_report(framework, ev)).text)
    document = docx.Document(io.BytesIO(build_export("docx", framework, ev).data))
    bullets = {p.text for p in document.paragraphs}
    for a in ev.plan.actions:
        assert f"#{a.rank}Markedtitle{a.rank}(Period{a.rank})" in pdf
        assert f"#{a.rank} Marked title {a.rank} (Period{a.rank}, due Due{a.rank})" in bullets
