"""Embedded TrueType fonts, and the one function that turns user text into safe Paragraph markup.

Helvetica draws anything outside Latin-1 as black boxes, so every string goes through DejaVu Sans
(Latin with accents, Greek, Cyrillic); characters DejaVu lacks (Chinese, Japanese, Korean) are
wrapped in Droid Sans Fallback. Both are embedded as subsets, so the PDF reads the same anywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FALLBACK = "DroidSansFallback"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register the fonts once per process; return the code points both DejaVu faces cover."""
    regular = TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf"))
    bold = TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    fallback = TTFont(FALLBACK, str(FONT_DIR / "DroidSansFallbackFull.ttf"))
    for font in (regular, bold, fallback):
        pdfmetrics.registerFont(font)
    # <b> inside DejaVu text picks the bold face; italics have no face of their own here.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    addMapping(FALLBACK, 0, 0, FALLBACK)
    addMapping(FALLBACK, 1, 0, FALLBACK)
    addMapping(FALLBACK, 0, 1, FALLBACK)
    addMapping(FALLBACK, 1, 1, FALLBACK)
    return frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)


def clean(text: str | None) -> str:
    """Drop control characters (they are invisible or break the PDF text layer); keep \\n, \\t."""
    return _CONTROL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def _runs(text: str, covered: frozenset[int]) -> list[tuple[bool, str]]:
    """Split text into runs DejaVu draws (True) and runs for the fallback font (False)."""
    return [
        (ok, "".join(chars))
        for ok, chars in groupby(text, key=lambda ch: ord(ch) in covered or ch in "\n ")
    ]


def markup(text: str | None, *, max_chars: int | None = None) -> str:
    """User or content text as Paragraph markup: escaped, fallback font for CJK, newlines kept.

    This is the only way text reaches a Paragraph, so `<b>`, `&`, `<img src=...>` or
    `<font color=...>` typed by a user print literally and nothing is read from disk.
    """
    covered = register_fonts()
    value = clean(text)
    if max_chars is not None and len(value) > max_chars:
        value = value[: max_chars - 1].rstrip() + "\u2026"
    if value.isascii():
        return escape(value).replace("\n", "<br/>")
    parts = []
    for ok, run in _runs(value, covered):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(safe if ok else f'<font name="{FALLBACK}">{safe}</font>')
    return "".join(parts)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of text as drawn: DejaVu where it has the glyph, the fallback elsewhere."""
    covered = register_fonts()
    face = BOLD if bold else REGULAR
    return sum(
        pdfmetrics.stringWidth(run, face if ok else FALLBACK, size)
        for ok, run in _runs(text, covered)
    )


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """Plain text on one line, cut with an ellipsis so it fits `width` points (labels, header)."""
    value = " ".join(clean(text).split())
    if text_width(value, size, bold) <= width:
        return value
    lo, hi = 0, len(value)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(value[:mid] + "\u2026", size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return value[:lo].rstrip() + "\u2026"
