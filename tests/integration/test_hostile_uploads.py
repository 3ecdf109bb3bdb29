"""Uploads that took a replica down (issue 23) are refused with one line, quickly, in little
memory: each reproduced the failure before the bounds were added (then: seconds and hundreds
of MB, or a crash), and passes now. Budgets are generous (a shared 2-core machine): the point
is "bounded", the figures are in benchmarks/bench_hostile_uploads.py."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import pytest

from assessment.files import tables
from assessment.files.tables import (
    MAX_COLUMNS,
    MAX_SHARED_STRINGS_BYTES,
    TableError,
    read_tables,
)
from tests import hostile_files as hostile

BUDGET_S = 15.0  # under tracemalloc on a loaded 2-core CI machine; the failures took 31-104 s
BUDGET_BYTES = 60_000_000


def refused_within_budget(call: Callable[[], object], exc: type[Exception]) -> str:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(exc) as caught:
            call()
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    message = str(caught.value)
    assert "\n" not in message and message
    assert elapsed < BUDGET_S, f"{elapsed:.1f} s"
    assert peak < BUDGET_BYTES, f"{peak:,} bytes"
    return message


def test_an_xlsx_row_of_a_million_cells_is_refused_before_openpyxl_builds_it() -> None:
    data = hostile.xlsx_wide_row(1_000_000)
    assert len(data) < 500_000  # small on the wire
    message = refused_within_budget(lambda: read_tables(data), TableError)
    assert f"more than {MAX_COLUMNS:,} cells" in message


def test_an_xlsx_with_too_much_shared_text_is_refused_before_it_is_parsed() -> None:
    data = hostile.xlsx_big_shared_strings(MAX_SHARED_STRINGS_BYTES // 1_000_000 + 2)
    message = refused_within_budget(lambda: read_tables(data), TableError)
    assert "bytes of text" in message


def test_an_xlsx_with_too_many_cells_in_all_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_CELLS", 50_000)  # the mechanism, at a tenth of the size
    rows = "".join("<row>" + '<c t="n"><v>1</v></c>' * 500 + "</row>" for _ in range(101))
    data = hostile.xlsx(rows)
    message = refused_within_budget(lambda: read_tables(data), TableError)
    assert "more than 50,000 cells" in message


@pytest.mark.parametrize("char", [",", ";", "\t", "a"])
def test_a_csv_of_one_huge_line_is_refused_fast(char: str) -> None:
    data = b"a" + hostile.csv_one_line(4.8, char)
    message = refused_within_budget(lambda: read_tables(data), TableError)
    assert "line 1" in message or "columns" in message


def test_a_csv_of_many_lines_of_separators_is_refused_fast() -> None:
    data = ((";" * 900 + "\n") * 5_000).encode()  # 4.5 MB, 4.5 million empty cells
    message = refused_within_budget(lambda: read_tables(data), TableError)
    assert "cells" in message


def test_an_honest_wide_xlsx_still_reads() -> None:
    data = hostile.xlsx(
        '<row><c t="inlineStr"><is><t>Name</t></is></c><c t="n"><v>3</v></c></row>' * 10
    )
    read = read_tables(data)
    assert read[0].rows[0] == ["Name", "3"] and len(read[0].rows) == 10


def test_headings_made_of_brackets_are_matched_in_linear_time() -> None:
    """Found by the fuzz test: the grid pattern backtracked over `[[[[...` (800 KB: 37 s)."""
    from assessment.domain.content import default_framework
    from assessment.files.responses_import import ResponsesImportError, parse_responses

    data = (b"[" * 1_999 + b",") * 100  # 200 KB: 9 s before
    message = refused_within_budget(
        lambda: parse_responses(data, "r.csv", default_framework()), ResponsesImportError
    )
    assert "no column heading" in message
