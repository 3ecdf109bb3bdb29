"""Tables from an uploaded file: the CSV and text files form tools and Excel write, or an .xlsx.

Pure: bytes and the file's name in, candidate tables out. A text file gives one table per
separator it contains (`,` `;` tab), an .xlsx one table per sheet: which one holds the responses
is decided by the importer (the header that matches the most questions), because the separator
cannot be told from the text alone (question texts contain commas). Text is read with the csv
module's `excel` rules (`""` inside a quoted cell is a quote), as every tool writes it.

Files that are not a table (a zip, an old .xls, a PDF, ...) raise `TableError` with a message
that says what to do instead.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO

MAX_BYTES = 5_000_000
MAX_UNZIPPED_BYTES = 40_000_000  # an .xlsx is a zip: refuse zip bombs before opening it
MAX_SHEET_XML_BYTES = 30_000_000  # one sheet's XML (5,100 rows of 150 cells is ~20 MB)
MAX_SHARED_STRINGS_BYTES = 8_000_000  # the workbook's text (a 5 MB CSV's text, with room)
MAX_TABLE_ROWS = 5_100  # rows read per table; the importer caps respondents below this
MAX_COLUMNS = 1_000
MAX_CELLS = 1_000_000  # cells per table (500 people x 150 columns is 75,000)
MAX_LINE_CHARS = 1_000_000  # one physical line of a text table
MAX_CELL_CHARS = 25_000  # a note may have 20,000; a heading far less (matching it costs)
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}

SAVE_AS = "export the responses as CSV or Excel (.xlsx) and import that file"


class TableError(ValueError):
    """The file is not a table this reader understands; the message says what to do."""


@dataclass(frozen=True)
class Table:
    source: str  # how it was read, for the preview: "CSV, UTF-8, semicolon-separated"
    rows: list[list[str]]


def read_tables(data: bytes) -> list[Table]:
    """Every way the file reads as a table (at least one), or TableError."""
    if len(data) > MAX_BYTES:
        raise TableError(f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if not data.strip():
        raise TableError("the file is empty")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_tables(data)
    _refuse_known_binaries(data)
    text, encoding = decode(data)
    if _looks_binary(text):
        raise TableError(f"this is not a text table (CSV) or an Excel workbook: {SAVE_AS}")
    return _text_tables(text, encoding)


# ----------------------------------------------------------------------------- binaries


def _refuse_known_binaries(data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise TableError(
            "this is an old Excel workbook (.xls) or a password-protected one: open it in "
            "Excel, remove any password and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
        )
    if data.startswith(b"%PDF"):
        raise TableError(f"this is a PDF, not a table: {SAVE_AS}")
    if data.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf\x27\x1c")):
        raise TableError("this is a compressed archive: extract the CSV inside and import that")
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise TableError(f"this is an image, not a table: {SAVE_AS}")


def _zip_tables(data: bytes) -> list[Table]:
    """An .xlsx (a zip holding xl/workbook.xml) is read; any other zip gets advice."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError(
            "this looks like a damaged zip or Excel file: download or save it again"
        ) from None
    if "xl/workbook.xml" in names:
        if unzipped > MAX_UNZIPPED_BYTES:
            raise TableError(f"the workbook unpacks to more than {MAX_UNZIPPED_BYTES:,} bytes")
        _check_xlsx_parts(archive)
        return _xlsx_tables(data)
    if "content.xml" in names and "mimetype" in names:
        raise TableError(
            "this is an OpenDocument spreadsheet (.ods): save it as 'Excel Workbook (.xlsx)' "
            "or as CSV and import that"
        )
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        raise TableError(
            "this is an Apple Numbers file: use File > Export To > Excel (or CSV) and import that"
        )
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise TableError(f"this is a Word or PowerPoint document, not a table: {SAVE_AS}")
    tables = [n for n in names if n.lower().endswith((".csv", ".tsv", ".txt", ".xlsx"))]
    inside = f" ({', '.join(repr(n) for n in tables[:3])})" if tables else ""
    raise TableError(
        f"this is a zip archive (Google Forms downloads responses as one): extract the CSV "
        f"inside{inside} and import that"
    )


def _check_xlsx_parts(archive: zipfile.ZipFile) -> None:
    """Bound every part a parser would hold before it holds it: the shared strings by size,
    each sheet by size and then by a streamed count of rows and cells per row that stops at
    the first limit (openpyxl builds a whole `<row>` before `max_col` cuts it)."""
    for info in archive.infolist():
        name = info.filename
        if name == "xl/sharedStrings.xml" and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise TableError(
                f"the workbook holds {info.file_size:,} bytes of text; the limit is "
                f"{MAX_SHARED_STRINGS_BYTES:,}"
            )
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            if info.file_size > MAX_SHEET_XML_BYTES:
                raise TableError(
                    f"a sheet of the workbook unpacks to {info.file_size:,} bytes; the limit is "
                    f"{MAX_SHEET_XML_BYTES:,}"
                )
            with archive.open(info) as part:
                _check_sheet_shape(part)


_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s>/])")
_SCAN_CHUNK = 1 << 20


def _check_sheet_shape(part: IO[bytes]) -> None:
    """Scan a sheet's XML for `<row` and `<c` tags, a megabyte at a time: refuse at the first
    row over MAX_COLUMNS cells or past MAX_CELLS in all (rows past MAX_TABLE_ROWS are never
    read, so the scan stops there). A byte scan, not a parse: it holds one chunk, never a row."""
    rows = cells = in_row = 0
    tail = b""
    while chunk := part.read(_SCAN_CHUNK):
        buffer = tail + chunk
        cut = max(buffer.rfind(b"<"), len(buffer) - 64, 0)  # a tag split across chunks waits
        for match in _SHEET_TAG.finditer(buffer, 0, cut):
            if match.group(1) == b"row":
                rows, in_row = rows + 1, 0
                if rows > MAX_TABLE_ROWS:
                    return
                continue
            in_row, cells = in_row + 1, cells + 1
            if in_row > MAX_COLUMNS:
                raise TableError(f"row {rows:,} of a sheet has more than {MAX_COLUMNS:,} cells")
            if cells > MAX_CELLS:
                raise TableError(f"a sheet has more than {MAX_CELLS:,} cells")
        tail = buffer[cut:]


def _xlsx_tables(data: bytes) -> list[Table]:
    import openpyxl  # lazy: only .xlsx uploads need it

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        tables = []
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            sheet.reset_dimensions()  # some tools write a wrong size: read what is there
            rows: list[list[str]] = []
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                cells = [cell_text(v) for v in values]
                while cells and not cells[-1]:  # max_col pads every row to MAX_COLUMNS
                    cells.pop()
                _check_cell_sizes(cells, len(rows) + 1, TableError)
                rows.append(cells)
                if len(rows) >= MAX_TABLE_ROWS:
                    break
            tables.append(Table(f"Excel workbook, sheet '{sheet.title}'", rows))
    finally:
        workbook.close()
    if not tables:
        raise TableError("the workbook has no sheet with cells")
    return tables


def _check_cell_sizes(cells: list[str], row: int, error: type[Exception] = csv.Error) -> None:
    """Refuse a cell over MAX_CELL_CHARS (the importer compares headings with the questions:
    a 100,000-character heading took minutes)."""
    for column, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise error(
                f"row {row:,}, column {column:,} has {len(cell):,} characters; a cell may have "
                f"at most {MAX_CELL_CHARS:,}"
            )


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a user sees: 3 not 3.0, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


# ----------------------------------------------------------------------------- text


def decode(data: bytes) -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise TableError(
                f"the file says it is UTF-8 but byte {exc.start + 4:,} is not: save it again "
                "as 'CSV UTF-8'"
            ) from None
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), "UTF-16"
        except UnicodeDecodeError:
            raise TableError(
                "the file looks like UTF-16 text but does not decode: save it again as 'CSV UTF-8'"
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise TableError(
            "the text is not UTF-8, UTF-16 or Windows-1252: save it as 'CSV UTF-8'"
        ) from None


def _utf16_codec(data: bytes) -> str | None:
    """'utf-16' with a BOM; a byte order guessed from the zero bytes of Latin text without."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and max(even, odd) > len(sample) // 4:
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def _text_tables(text: str, encoding: str) -> list[Table]:
    """One table per separator present, each read only if its lines fit the limits: a line of
    millions of separators or characters is refused before the csv module splits it."""
    present = [sep for sep in SEPARATORS if sep in text] or [","]
    tables: list[Table] = []
    failures: list[str] = []
    lines = text.split("\n", MAX_TABLE_ROWS * 4)[: MAX_TABLE_ROWS * 4]
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise TableError(
                f"line {number:,} has {len(line):,} characters; a row may have at most "
                f"{MAX_LINE_CHARS:,}"
            )
    for sep in present:
        widest = max((line.count(sep) for line in lines), default=0)
        if widest >= MAX_COLUMNS * 4:  # separators inside quoted cells count too: room for them
            failures.append(
                f"a line holds {widest:,} {SEPARATORS[sep]}s (at most {MAX_COLUMNS:,} columns)"
            )
            continue
        reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=sep)
        try:
            rows: list[list[str]] = []
            cells_read = 0
            for cells in reader:
                if len(cells) > MAX_COLUMNS:
                    raise csv.Error(f"the row has {len(cells):,} columns (at most {MAX_COLUMNS:,})")
                cells_read += len(cells)
                if cells_read > MAX_CELLS:
                    raise csv.Error(f"the table has more than {MAX_CELLS:,} cells")
                _check_cell_sizes(cells, len(rows) + 1)
                rows.append(cells)
                if len(rows) >= MAX_TABLE_ROWS:
                    break
        except csv.Error as exc:
            failures.append(f"line {reader.line_num:,}: {exc} (is a closing quote missing?)")
            continue
        kind = "text" if sep == "\t" else "CSV"
        tables.append(Table(f"{kind}, {encoding}, {SEPARATORS[sep]}-separated", rows))
    if not tables:
        raise TableError(f"not a readable CSV file: {failures[0]}")
    return tables
