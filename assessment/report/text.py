"""Plain text without markup, wrapped and drawn cheaply: the report's everyday text flowable.

A ReportLab `Paragraph` parses markup, builds fragments and breaks lines word by word; for the
hundreds of short cells and the long notes of a report that is most of the build time. `TextBlock`
breaks a plain string with cumulative character widths (one pass in C-level `accumulate`, then a
binary search per line) and draws each line with one text operator; it splits between lines, so
a note of any length flows over pages in linear time.

It draws only what needs no shaping or font fallback: `is_plain` says whether a string qualifies
(every character in the DejaVu faces and before the right-to-left blocks); anything else goes
through `fonts.markup` and a Paragraph (`Kit.para` decides).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from .fonts import (  # noqa: F401 - MAX_FONT_RUNS, within_run_budget: used from here too
    BOLD,
    MAX_FONT_RUNS,
    REGULAR,
    clean,
    register_fonts,
    script_fonts,
    within_run_budget,
)
from .fonts import fit as fonts_fit

RETURN = "\u21b5"
"""Shown where a long note had a line break: the note stays compact and nothing is hidden."""
_BEFORE_RTL = re.compile(r"[^\u0590-\U0010ffff]*")  # Latin, Greek, Cyrillic, Armenian...
_GENERAL = re.compile(r"[\u2000-\u206f\u20a0-\u20bf\u2190-\u21ff\u2122\u2212]")  # punctuation, €


@lru_cache(maxsize=8)
def char_widths(font_name: str) -> tuple[dict[str, float], float]:
    """Each character's advance width in 1/1000 of the font size, and the font's default."""
    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return {chr(code): width for code, width in face.charWidths.items()}, face.defaultWidth


@lru_cache(maxsize=1)
def _covered() -> frozenset[str]:
    """Characters both DejaVu faces draw."""
    regular, _ = char_widths(REGULAR)
    bold, _ = char_widths(BOLD)
    return frozenset(regular) & frozenset(bold)


@lru_cache(maxsize=2048)
def is_plain(text: str) -> bool:
    """True when `TextBlock` draws the text faithfully: no right-to-left or complex script, no
    character the DejaVu faces lack (those need the fallback font, shaping or reordering)."""
    if text.isascii():
        return True
    covered = _covered()
    rest = _GENERAL.sub("", text)
    return _BEFORE_RTL.fullmatch(rest) is not None and all(ch in covered for ch in set(rest))


def text_width(text: str, font_name: str, size: float) -> float:
    widths, default = char_widths(font_name)
    return sum(map(widths.get, text, repeat(default))) * size / 1000


def break_lines(
    text: str, font_name: str, size: float, width: float, first: float = 0
) -> list[str]:
    """Greedy line breaking at spaces (and after `RETURN`); a word wider than a line is cut.

    `first` is the width already taken on the first line (a bold lead-in). Line breaks in the
    text are kept.
    """
    widths, default = char_widths(font_name)
    limit = max(width, 1.0) * 1000 / size
    lines: list[str] = []
    append = lines.append
    taken = first * 1000 / size
    for part in text.split("\n"):
        n = len(part)
        if n == 0:
            append("")
            taken = 0
            continue
        cum = list(accumulate(map(widths.get, part, repeat(default))))
        if cum[-1] + taken <= limit:  # the whole part fits on one line
            append(part)
            taken = 0
            continue
        find, start = part.rfind, 0
        while start < n:
            end = bisect_right(cum, (cum[start - 1] if start else 0.0) - taken + limit, start)
            taken = 0
            if end >= n:
                append(part[start:])
                break
            cut = find(" ", start, end + 1)
            mark = find(RETURN, start, end) + 1
            if mark > cut:
                cut = mark
            if cut <= start:  # no break opportunity: cut the word (at least one character)
                cut = end if end > start else start + 1
                append(part[start:cut])
            else:
                append(part[start:cut].rstrip(" "))
            start = cut
            while start < n and part[start] == " ":
                start += 1
    return lines


class _Encoder:
    """Encodes plain lines for one TrueType font in one document with one `str.translate` per
    line, where ReportLab's `splitString` loops over every character in Python (on a report
    full of long notes, most of the build time).

    Characters get their subset codes from ReportLab itself (`splitString` on each character
    seen for the first time), so the embedded subsets are the ones ReportLab writes; a line whose
    characters fall in several subsets is left to ReportLab.
    """

    def __init__(self, font: Any, doc: Any):
        self.font = font
        self.doc = doc
        self.known: set[str] = set()
        self.members: dict[int, set[str]] = {}  # subset -> the characters coded in it
        self.byte: dict[int, str] = {10: "\n"}  # code point -> its one-byte code in its subset
        self._names: dict[int, str] = {}

    def name(self, subset: int) -> str:
        """The PDF name of a subset of the font (registers the subset with the document)."""
        if subset not in self._names:
            self._names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return self._names[subset]

    def _learn(self, chars: set[str]) -> None:
        self.font.splitString("".join(sorted(chars)), self.doc)  # assigns their codes
        assignments = self.font.state[self.doc].assignments
        for ch in chars:
            code = ord(ch)
            n = assignments.get(32 if code == 0xA0 else code, 0)
            self.members.setdefault(n >> 8, set()).add(ch)
            self.byte[code] = chr(n & 0xFF)
        self.known |= chars

    def encode_lines(self, lines: list[str]) -> tuple[int, list[bytes]] | None:
        """(subset, each line's bytes) when every character of the lines is in one subset;
        None when ReportLab must split them. One translation for all the lines."""
        joined = "\n".join(lines)
        chars = set(joined)
        chars.discard("\n")
        if not chars <= self.known:
            self._learn(chars - self.known)
        subset = next((n for n, members in self.members.items() if chars <= members), None)
        if subset is None:
            return None
        data = joined.translate(self.byte).encode("latin-1")
        out, pos = [], 0
        for line in lines:
            out.append(data[pos : pos + len(line)])
            pos += len(line) + 1
        return subset, out


def _encoder(canvas: Any, font_name: str) -> _Encoder | None:
    """The document's encoder for a font (kept on the canvas: one per document and font)."""
    font = pdfmetrics.getFont(font_name)
    if not getattr(font, "_dynamicFont", False) or not hasattr(font, "state"):
        return None
    cache: dict[str, _Encoder] = canvas.__dict__.setdefault("_plain_encoders", {})
    if font_name not in cache:
        cache[font_name] = _Encoder(font, canvas._doc)
    return cache[font_name]


class TextBlock(Flowable):
    """Plain text in one style, optionally led by a bold label; splits between lines."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        lead: str = "",
        *,
        _lines: list[str] | None = None,
        _width: float | None = None,
        _first: bool = True,
    ):
        super().__init__()
        self.text = text
        self.style = style
        self.lead = lead
        self._lines = _lines
        self._width = _width
        self._first = _first  # False for the continuation of a split block (no lead, no space)
        self.spaceBefore = style.spaceBefore if _first else 0
        self.spaceAfter = style.spaceAfter

    @property
    def lines(self) -> list[str]:
        return self._lines or []

    def _lead_width(self) -> float:
        if not (self.lead and self._first):
            return 0.0
        return text_width(self.lead, BOLD, self.style.fontSize)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        indent = self.style.leftIndent
        if self._lines is None or self._width != availWidth:
            s = self.style
            self._lines = break_lines(
                self.text, s.fontName, s.fontSize, availWidth - indent, self._lead_width()
            )
            self._width = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split between lines, never leaving a single line alone at a page foot or head."""
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        total = len(self.lines)
        if fit >= total:
            return [self]
        fit = min(fit, total - 2)
        if fit < 2:
            return []
        head = TextBlock(
            self.text, self.style, self.lead, _lines=self.lines[:fit], _width=self._width
        )
        head._first = self._first
        head.spaceAfter = 0
        head.spaceBefore = self.spaceBefore
        tail = TextBlock(
            self.text, self.style, _lines=self.lines[fit:], _width=self._width, _first=False
        )
        return [head, tail]

    def draw(self) -> None:
        ops = self._ops(self.canv)
        if ops is None:
            self._draw_with_text_object()
        else:
            self.canv._code.append(ops)

    def _ops(self, canvas: Any) -> str | None:
        """The block as PDF text operators, written directly: one string per block instead of a
        text object with its font, colour and position calls (the cost of hundreds of cells),
        and one translation of all its lines at once. None when something here is not plain
        enough (the text object draws it then)."""
        s = self.style
        colour = _colour_op(s.textColor)
        lead = self.lead if self._first else ""
        regular = _encoder(canvas, s.fontName)
        bold = _encoder(canvas, BOLD) if lead else None
        if colour is None or regular is None or (lead and bold is None):
            return None
        body = regular.encode_lines(self.lines)
        head = bold.encode_lines([lead]) if bold is not None else None
        if body is None or (lead and head is None):
            return None
        size = fp_str(s.fontSize)
        font = f"{regular.name(body[0])} {size} Tf"
        lead_ops = ""
        if bold is not None and head is not None:
            lead_ops = f"{bold.name(head[0])} {size} Tf ({canvas._escape(head[1][0])}) Tj {font}"
        y = self.height - _ascent(s.fontName, s.fontSize)
        x0 = s.leftIndent
        escape = canvas._escape
        out = [f"BT {colour} {font} {fp_str(s.leading)} TL"]
        if s.alignment not in (TA_RIGHT, TA_CENTER):  # left: one position, then line feeds
            out.append(f"1 0 0 1 {fp_str(x0, y)} Tm")
            if lead_ops:
                out.append(lead_ops)
            out.append(" T* ".join(f"({escape(data)}) Tj" for data in body[1]))
            out.append("ET")
            return " ".join(out)
        for i, (line, data) in enumerate(zip(self.lines, body[1], strict=True)):
            width = text_width(line, s.fontName, s.fontSize)
            if i == 0 and lead:
                width += text_width(lead, BOLD, s.fontSize)
            free = self.width - x0 - width
            x = x0 + (free if s.alignment == TA_RIGHT else free / 2)
            out.append(f"1 0 0 1 {fp_str(x, y)} Tm")
            if i == 0 and lead_ops:
                out.append(lead_ops)
            out.append(f"({escape(data)}) Tj")
            y -= s.leading
        out.append("ET")
        return " ".join(out)

    def _draw_with_text_object(self) -> None:
        s = self.style
        canvas = self.canv
        x0 = s.leftIndent
        y = self.height - _ascent(s.fontName, s.fontSize)
        tx = canvas.beginText(x0, y)
        tx.setFillColor(s.textColor)
        lead = self.lead if self._first else ""
        aligned = s.alignment in (TA_RIGHT, TA_CENTER)
        for i, line in enumerate(self.lines):
            if aligned:
                width = text_width(line, s.fontName, s.fontSize)
                if i == 0 and lead:
                    width += text_width(lead, BOLD, s.fontSize)
                free = self.width - x0 - width
                tx.setTextOrigin(x0 + (free if s.alignment == TA_RIGHT else free / 2), y)
                y -= s.leading
            if i == 0 and lead:
                tx.setFont(BOLD, s.fontSize, s.leading)
                tx.textOut(lead)
            tx.setFont(s.fontName, s.fontSize, s.leading)
            if aligned:
                tx.textOut(line)
            else:
                tx.textLine(line)
        canvas.drawText(tx)


@lru_cache(maxsize=32)
def _ascent(font_name: str, size: float) -> float:
    return float(pdfmetrics.getAscent(font_name, size))


def _colour_op(colour: Any) -> str | None:
    """ "r g b rg" for a plain RGB colour (what the palette holds); None for anything else."""
    if type(colour) is not Color or getattr(colour, "alpha", 1) != 1:
        return None
    return f"{fp_str(colour.red, colour.green, colour.blue)} rg"


_LINE_END_SPACE = re.compile(r"[ \t\u00a0]+\n")
_BLANK_RUN = re.compile(r"\n{3,}")


@lru_cache(maxsize=128)
def compact(text: str, max_lines: int = 12) -> str:
    """A note as the report shows it: control characters dropped, spaces at line ends trimmed,
    runs of blank lines collapsed to one; a note with more than `max_lines` lines is joined into
    one flowing text with `RETURN` where each line ended, so line breaks cannot fill pages.
    (Regular expressions and `str` methods only: linear and fast on a 20,000-character note.)"""
    value = _BLANK_RUN.sub("\n\n", _LINE_END_SPACE.sub("\n", clean(text).strip()))
    if value.count("\n") < max_lines:
        return value
    return value.replace("\n", RETURN)


__all__ = ["RETURN", "TextBlock", "break_lines", "compact", "fit", "is_plain", "text_width"]


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """Text on one line, cut with an ellipsis to fit `width` points (chart labels): the fast
    widths for plain text, `fonts.fit` (fallback font widths) for anything else."""
    value = " ".join(clean(text).split())
    font = BOLD if bold else REGULAR
    if not is_plain(value):
        return fonts_fit(value, width, size, bold)
    if text_width(value, font, size) <= width:
        return value
    widths, default = char_widths(font)
    limit = (width - text_width("\u2026", font, size)) * 1000 / size
    cum = list(accumulate(map(widths.get, value, repeat(default))))
    return value[: bisect_right(cum, limit)].rstrip() + "\u2026"
