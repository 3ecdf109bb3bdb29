"""Machine-readable exports: score JSON, plan JSON and a spreadsheet-safe plan CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from ..domain.models import ActionPlan, PlannedAction, Result

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

PLAN_COLUMNS = [
    "section",
    "rank",
    "id",
    "dimension",
    "title",
    "what",
    "owner",
    "effort",
    "impact",
    "horizon",
    "kpi",
    "source",
    "priority",
    "kind",
    "questions",
    "raises_to",
    "flags",
    "after",
]


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a table on screen whose every text cell is `safe_cell`.

    Streamlit's `st.dataframe` offers its own "Download as CSV", which writes the cells as they
    are: every table the app shows with people's words (names, roles, minority views) goes
    through this one helper, so none hands a spreadsheet a formula.
    """
    return [{key: safe_cell(value) for key, value in row.items()} for row in rows]


def score_dict(result: Result) -> dict[str, Any]:
    return {
        "overall": result.overall.model_dump(mode="json"),
        "dimensions": {k: v.model_dump(mode="json") for k, v in result.dimensions.items()},
        "confidence": result.confidence,
        "completeness": result.completeness,
        "flags": [f.model_dump(mode="json") for f in result.flags],
        "gate": result.gate.model_dump(mode="json"),
        "exclusions": result.exclusions,
    }


def plan_dict(plan: ActionPlan) -> dict[str, Any]:
    return plan.model_dump(mode="json")


def _row(section: str, a: PlannedAction) -> list[Any]:
    data = a.model_dump(mode="json")
    data["section"] = section
    for listed in ("questions", "flags", "after"):
        data[listed] = " ".join(data[listed])
    return [safe_cell(data[c]) for c in PLAN_COLUMNS]


def plan_csv(plan: ActionPlan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PLAN_COLUMNS)
    writer.writerows(_row("plan", a) for a in plan.actions)
    writer.writerows(_row("backlog", a) for a in plan.backlog)
    return out.getvalue()
