# ruff: noqa: E501  (the Open XML namespaces are long)
"""Hostile uploads, made small in the test (the attacks measured in issue 23, scaled as given).

Shared by tests/integration/test_hostile_uploads.py, tests/unit/test_reader_fuzz.py and
benchmarks/bench_hostile_uploads.py, so the benchmark measures what the tests refuse.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(sheet_rows: str, shared: str = "") -> bytes:
    """A minimal workbook whose sheet body is `sheet_rows` (`<row>...</row>` elements)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
            f"{sheet_rows}</sheetData></worksheet>",
        )
        z.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}">{shared}</sst>',
        )
    return out.getvalue()


def xlsx_wide_row(cells: int) -> bytes:
    """One row of `cells` numeric cells (the issue: 2.4 million in 234 KB)."""
    return xlsx('<row r="1">' + '<c t="n"><v>1</v></c>' * cells + "</row>")


def xlsx_many_rows(rows: int) -> bytes:
    """A header of two questions and `rows` answer rows: the participant cap's attack."""
    head = '<row><c t="inlineStr"><is><t>Name</t></is></c></row>'
    body = "".join(f'<row><c t="inlineStr"><is><t>P{i}</t></is></c></row>' for i in range(rows))
    return xlsx(head + body)


def xlsx_big_shared_strings(megabytes: int) -> bytes:
    """A shared-strings part of `megabytes` MB of one repeated text (compresses to little)."""
    text = "x" * 1_000
    shared = f"<si><t>{text}</t></si>" * (megabytes * 1_000)
    return xlsx('<row><c t="s"><v>0</v></c></row>', shared)


def csv_one_line(megabytes: float, char: str = "a") -> bytes:
    """One line of `megabytes` MB of `char` (a letter, or a separator)."""
    return (char * int(megabytes * 1_000_000)).encode()


def png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of width x height (tiny on disk, huge once decoded)."""
    raw = b"".join(b"\x00" + bytes((width + 7) // 8) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
