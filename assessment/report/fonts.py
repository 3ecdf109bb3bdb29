"""Embedded TrueType fonts, and the one function that turns user text into safe Paragraph markup.

Helvetica draws anything outside Latin-1 as black boxes, so every string goes through DejaVu Sans
(Latin with accents, Greek, Cyrillic, Hebrew, Arabic); characters DejaVu lacks are wrapped in a
fallback font: Hangul (a NanumGothic subset), Chinese and Japanese (Droid Sans Fallback), emoji
(Noto Emoji). `scripts.py` picks the font per character, joins Arabic, and draws right-to-left
lines in reading order. All fonts are embedded as subsets, so the PDF reads the same anywhere.
A fallback font missing from the install is logged and its characters print as a visible
placeholder; the report still builds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping, tt2ps
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from .scripts import BidiParagraph, Fallback, ScriptFonts

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
HANGUL = "ReadinessHangul"
HANGUL_BOLD = "ReadinessHangul-Bold"
FALLBACK = "DroidSansFallback"  # Chinese, Japanese
EMOJI = "NotoEmoji"
HANGUL_BLOCKS = (
    range(0x1100, 0x1200),
    range(0x3130, 0x3190),
    range(0xA960, 0xA980),
    range(0xAC00, 0xD800),
    range(0xFFA0, 0xFFDD),
)
# Tried in this order: name, file, bold face (name, file), the code points it is limited to.
FALLBACK_FONTS: list[tuple[str, str, tuple[str, str] | None, tuple[range, ...]]] = [
    (
        HANGUL,
        "ReadinessHangul-Regular.ttf",
        (HANGUL_BOLD, "ReadinessHangul-Bold.ttf"),
        HANGUL_BLOCKS,
    ),
    (FALLBACK, "DroidSansFallbackFull.ttf", None, ()),
    (EMOJI, "NotoEmoji-Regular.ttf", None, ()),
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with code points above U+FFFF written as UTF-16 pairs.

    ReportLab writes an emoji as `<1F680>`, which is not UTF-16: text extraction, copy and
    paste and screen readers then get nothing or a wrong character. Identical output otherwise.
    """
    pairs = [
        f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _fix_astral_to_unicode() -> None:
    """Use `_to_unicode_cmap` while ReportLab's own writes emoji wrongly (checked, not assumed)."""
    original = ttfonts.makeToUnicodeCMap
    if original is not _to_unicode_cmap and "<1F600>" in original("F", [0x1F600]):
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register the fonts once per process; return the code points both DejaVu faces cover."""
    _fix_astral_to_unicode()
    regular = TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf"))
    bold = TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    for font in (regular, bold):
        pdfmetrics.registerFont(font)
    # <b> inside DejaVu text picks the bold face; italics have no face of their own here.
    _family(REGULAR, BOLD)
    return frozenset(regular.face.charToGlyph) & frozenset(bold.face.charToGlyph)


def _family(regular: str, bold: str) -> None:
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)


def _loader(
    name: str, file: str, bold: tuple[str, str] | None = None
) -> Callable[[], frozenset[int]]:
    """Registers a fallback font (and its bold face) when called; returns what both draw."""

    def load() -> frozenset[int]:
        faces = [TTFont(name, str(FONT_DIR / file))]
        if bold:
            faces.append(TTFont(bold[0], str(FONT_DIR / bold[1])))
        for face in faces:
            pdfmetrics.registerFont(face)
        _family(name, faces[-1].fontName)
        if bold:
            BidiParagraph.bold_faces[name] = bold[0]
        return frozenset.intersection(*(frozenset(f.face.charToGlyph) for f in faces))

    return load


@lru_cache(maxsize=1)
def script_fonts() -> ScriptFonts:
    """DejaVu's coverage and the fallback fonts (each loaded when first needed)."""
    fallbacks = [
        Fallback(name, _loader(name, file, bold), only) for name, file, bold, only in FALLBACK_FONTS
    ]
    return ScriptFonts(register_fonts(), fallbacks, emoji=EMOJI)


def clean(text: str | None) -> str:
    """Drop control characters (they are invisible or break the PDF text layer); keep \\n, \\t."""
    return _CONTROL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


# Font changes one text may cost in the PDF: each is a fragment ReportLab lays out, and a note
# whose script changes at every character (`a한` x 10,000) took 61 s and 384 MB (issue 23).
# A real text in two scripts changes font a few times per sentence. Applied here, in `markup`
# (every Paragraph of user text: names, notes, workshop notes, headings, the page header) and in
# `fit` (text drawn on the canvas: the cover, branding): one bound for every text.
MAX_FONT_RUNS = 400


def within_run_budget(text: str, budget: int = MAX_FONT_RUNS) -> tuple[str, int]:
    """The text cut before its font run number `budget + 1`, and how many characters were
    left out (0: all of it fits). Linear: one font look-up per character."""
    if text.isascii():
        return text, 0
    fonts = script_fonts()
    if fonts.is_plain(text):
        return text, 0
    runs, last = 0, ""
    for index, ch in enumerate(text):
        font = fonts.font_of(ch) if not ch.isspace() else last  # spaces join either side
        if font != last:
            runs, last = runs + 1, font or ""
            if runs > budget:
                return text[:index].rstrip(), len(text) - index
    return text, 0


def bounded(text: str) -> str:
    """The text within MAX_FONT_RUNS font changes, an ellipsis where it was cut."""
    kept, left_out = within_run_budget(text)
    return kept + "\u2026" if left_out else text


def markup(text: str | None, *, max_chars: int | None = None) -> str:
    """User or content text as Paragraph markup: escaped, a fallback font where DejaVu has no
    glyph, Arabic joined, newlines kept (right-to-left lines are ordered when drawn), at most
    MAX_FONT_RUNS font changes (`bounded`).

    This is the only way text reaches a Paragraph, so `<b>`, `&`, `<img src=...>` or
    `<font color=...>` typed by a user print literally and nothing is read from disk.
    """
    value = clean(text)
    if max_chars is not None and len(value) > max_chars:
        value = value[: max_chars - 1].rstrip() + "\u2026"
    value = bounded(value)
    if value.isascii():
        return escape(value).replace("\n", "<br/>")
    parts = []
    for font, run in script_fonts().runs(value):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(safe if font is None else f'<font name="{font}">{safe}</font>')
    return "".join(parts)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of text as drawn: DejaVu where it has the glyph, a fallback elsewhere."""
    face = BOLD if bold else REGULAR
    if text.isascii():
        return pdfmetrics.stringWidth(text, face, size)
    return sum(
        pdfmetrics.stringWidth(run, face if font is None else tt2ps(font, bold, 0), size)
        for font, run in script_fonts().runs(text)
    )


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """Plain text on one line, cut with an ellipsis so it fits `width` points (labels, header)."""
    value = bounded(" ".join(clean(text).split()))
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
