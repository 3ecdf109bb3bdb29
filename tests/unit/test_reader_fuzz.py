"""Fuzz: random and adversarial files fed to every reader of user files (issue 23).

Readers: the answers file (JSON), a form tool's export (CSV, text, .xlsx), the branding
settings file (YAML or JSON) and the logo (PNG or JPEG). For each file the reader either
succeeds or refuses with its own error type and one line per problem (never a traceback,
never another exception), within the budget stated here:

    TIME_BUDGET_S  per file: 3 s (a shared 2-core machine; typical is milliseconds)
    MEMORY_BUDGET  per file: 64 MB peak of Python allocations (tracemalloc)

Files are random bytes, random bytes behind a real header (zip, PNG, JPEG, BOMs), the
measured attacks shrunk to a few hundred KB (wide rows, separators, deep nesting), and
mutations of valid files (bytes flipped, cut short). Runs in about a minute
(FUZZ_EXAMPLES=... for more).
"""

from __future__ import annotations

import io
import json
import os
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.domain.content import default_framework
from assessment.files.answers_file import AnswersFileError, empty_template, read_answers
from assessment.files.branding import BrandError, brand_from_fields, load_brand
from assessment.files.responses_import import ResponsesImportError, parse_responses
from assessment.report.logo import logo_reader
from tests import hostile_files as hostile

FW = default_framework()
TIME_BUDGET_S = 3.0
MEMORY_BUDGET = 64_000_000
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the budget is asserted below, with the memory
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)

HEADERS = [
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"{",
    b"[",
    b"%PDF",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
]


def valid_xlsx() -> bytes:
    return hostile.xlsx(
        '<row><c t="inlineStr"><is><t>Name</t></is></c><c t="inlineStr"><is><t>'
        + FW.questions[0].id
        + "</t></is></c></row>"
        + '<row><c t="inlineStr"><is><t>Ann</t></is></c><c t="n"><v>3</v></c></row>'
    )


VALID = {
    "answers": empty_template(FW).encode(),
    "csv": f"Name,{FW.questions[0].id}\nAnn,3\nBob,2\n".encode(),
    "xlsx": valid_xlsx(),
    "png": hostile.png(40, 20),
    "yaml": b'prepared_by: Northlight\nprimary_colour: "#0B5394"\n',
}

ATTACKS = [
    hostile.csv_one_line(0.3, ","),
    hostile.csv_one_line(0.3, "a"),
    ((";" * 999 + "\n") * 200).encode(),
    b"[" * 100_000,
    b"{" * 50_000 + b'"a":1',
    ("prepared_by: " + "[" * 5_000).encode(),
    hostile.xlsx_wide_row(50_000),
    hostile.png(20_000, 20_000),
    b'"' * 200_000,
    b"\x00" * 100_000,
]


@st.composite
def files(draw: st.DrawFn, kind: str) -> bytes:
    """Random bytes, a header and random bytes, an attack, or a mutated valid file."""
    how = draw(st.sampled_from(["random", "header", "attack", "mutant", "cut"]))
    if how == "random":
        return draw(st.binary(max_size=4_000))
    if how == "header":
        return draw(st.sampled_from(HEADERS)) + draw(st.binary(max_size=4_000))
    if how == "attack":
        return draw(st.sampled_from(ATTACKS))
    valid = VALID[kind]
    if how == "cut":
        return valid[: draw(st.integers(0, len(valid)))]
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data)


def within_budget(read: Callable[[], object], allowed: tuple[type[Exception], ...]) -> None:
    """Run one read: success or an allowed refusal of one-line problems, within the budget."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        read()
    except allowed as exc:
        problems = getattr(exc, "problems", None) or [str(exc)]
        assert all(p and "\n" not in p and "Traceback" not in p for p in problems), problems
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < TIME_BUDGET_S, f"{elapsed:.2f} s"
    assert peak < MEMORY_BUDGET, f"{peak:,} bytes"


@FUZZ
@given(files("answers"))
def test_answers_file_reader(data: bytes) -> None:
    within_budget(lambda: read_answers(data, FW), (AnswersFileError,))


@FUZZ
@given(files("csv"))
def test_form_export_reader_on_text(data: bytes) -> None:
    within_budget(lambda: parse_responses(data, "r.csv", FW), (ResponsesImportError,))


@FUZZ
@given(files("xlsx"))
def test_form_export_reader_on_workbooks(data: bytes) -> None:
    within_budget(lambda: parse_responses(data, "r.xlsx", FW), (ResponsesImportError,))


@FUZZ
@given(files("png"))
def test_logo_reader(data: bytes) -> None:
    def read() -> None:
        logo_reader(brand_from_fields("Northlight", "#0B5394", data))

    within_budget(read, (BrandError,))


@settings(FUZZ, max_examples=max(20, EXAMPLES // 2))
@given(files("yaml"))
def test_branding_file_reader(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brand.yaml"
        path.write_bytes(data)
        (Path(folder) / "logo.png").write_bytes(VALID["png"])
        within_budget(lambda: load_brand(path), (BrandError,))


def test_a_workbook_zip_holding_a_zip_bomb_part_is_refused_from_its_sizes() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 60_000_000 + b">")
    data = out.getvalue()
    assert len(data) < 200_000
    within_budget(lambda: parse_responses(data, "bomb.xlsx", FW), (ResponsesImportError,))
    with pytest.raises(ResponsesImportError, match="unpacks to"):
        parse_responses(data, "bomb.xlsx", FW)


def test_json_attacks_on_the_answers_file() -> None:
    for doc in ("[" * 100_000, '{"a":' * 50_000, json.dumps({"x": "y" * 3_000_000})):
        data = doc.encode()
        within_budget(lambda: read_answers(data, FW), (AnswersFileError,))  # noqa: B023
