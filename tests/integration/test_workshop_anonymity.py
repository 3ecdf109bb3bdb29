"""An anonymous participant is a number only, to the facilitator too (issue 21).

The facilitator's page is opened through AppTest on a real SQLite file. Two participants join
anonymously with roles nobody else has; everything the page draws (texts, tables, the remove
list, the charts' data) is searched for their roles and their scores. With three anonymous
participants the heatmap gets one pooled row, their mean, and still no role.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization
from assessment.store import WorkshopStore
from tests.helpers import page_texts

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
FW = default_framework()
ROLES = ("Zebra Unit", "Quokka Desk", "Narwhal Team")


def _workshop(db_url: str, anonymous: int) -> str:
    """Two named participants (Sales, answering 1) and `anonymous` ones (answering 4)."""
    ws = WorkshopStore(url=db_url)
    token, code = ws.create_workshop(Organization(name="Anon Co"))
    people = [("Ann", "Sales", 1), ("Bo", "Sales", 1)]
    people += [("", ROLES[i], 4) for i in range(anonymous)]
    for i, (name, role, score) in enumerate(people):
        own = ws.join(code, name, role, f"ip:{i}")
        ws.save_answers(own, {q.id: Answer(choice=score) for q in FW.questions})
    return token


def _facilitator(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["w"] = token
    at.run()
    at = at.switch_page("assessment/ui/pages/workshop_facilitator.py").run()
    assert not at.exception
    return at


def _everything(at: AppTest) -> str:
    """All the page draws as text, its tables, select options and chart data."""
    parts = [page_texts(at)]
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [" ".join(map(str, box.options)) for box in at.selectbox]
    parts += [c.proto.spec for c in _charts(at)]
    parts += [_chart_data(c).to_csv() for c in _charts(at) if c.proto.data.data]
    return "\n".join(parts)


def _charts(at: AppTest) -> list[Any]:
    return list(at.get("vega_lite_chart"))


def _chart_data(chart: Any) -> Any:
    """A chart's top-level data (Streamlit sends it apart from the spec, as Arrow)."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(chart.proto.data.data)


def _heatmap_rows(at: AppTest) -> dict[str, list[float | None]]:
    for chart in _charts(at):
        if chart.proto.data.data and "text" in (frame := _chart_data(chart)).columns:
            rows: dict[str, list[float | None]] = {}
            for label, score in zip(frame["participant"], frame["score"], strict=True):
                rows.setdefault(str(label), []).append(None if score != score else float(score))
            return rows
    raise AssertionError("no heatmap drawn")


def test_two_anonymous_participants_show_no_role_and_no_scores(db_url: str) -> None:
    at = _facilitator(_workshop(db_url, anonymous=2))
    shown = _everything(at)
    assert "Ann" in shown and "Sales" in shown  # the named ones are there (the search works)
    for role in ROLES[:2]:
        assert role not in shown
    rows = _heatmap_rows(at)
    assert len(rows) == 2 and all("Participant" not in label for label in rows)
    # no anonymous score (4 on every answer: 100) anywhere in the participant rows or dots
    assert all(score != 100 for scores in rows.values() for score in scores)
    assert "Participant 3" in shown  # a number only


def test_three_anonymous_participants_share_one_row_of_means(db_url: str) -> None:
    at = _facilitator(_workshop(db_url, anonymous=3))
    shown = _everything(at)
    for role in ROLES:
        assert role not in shown
    rows = _heatmap_rows(at)
    pooled = [label for label in rows if label.startswith("Anonymous participants (3")]
    assert len(rows) == 3 and pooled
    assert set(rows[pooled[0]]) == {100.0}  # their mean, as one row
