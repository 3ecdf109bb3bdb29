"""The plan as CSV: cells a spreadsheet would run as formulas are neutralised, numbers kept."""

from __future__ import annotations

import csv
import io

from assessment.domain.models import ActionPlan, Effort, Horizon, PlannedAction, StepKind
from assessment.files.exports import FORMULA_PREFIXES, plan_csv


def test_plan_csv_cells_are_spreadsheet_safe():
    hostile = PlannedAction(
        rank=1,
        id="x",
        dimension="purpose",
        title='=HYPERLINK("http://evil")',
        what="+1",
        owner="-2",
        effort=Effort.S,
        impact=3,
        horizon=Horizon.D30,
        kpi="@SUM(A1)",
        source="\tx",
        priority=12.5,
        reason="\rr",
        kind=StepKind.ACTION,
        questions=["=q"],
        raises_to=3,
        flags=[],
        after=["-a"],
    )
    text = plan_csv(ActionPlan(actions=[hostile], backlog=[], to_check=[], unassessed=[]))
    rows = list(csv.reader(io.StringIO(text)))
    for cell in rows[1]:
        assert not cell.startswith(FORMULA_PREFIXES), cell
    header = rows[0]
    assert rows[1][header.index("priority")] == "12.5"
    assert rows[1][header.index("impact")] == "3"
