"""Every script a client writes in: which embedded font draws each character, Arabic joined,
right-to-left lines in reading order, and a visible mark where no font has the character.

ReportLab draws glyphs one by one from the code points it is given, left to right, with no
fallback font, no shaping and no bidirectional ordering. So:

- `ScriptFonts.runs` splits text into runs for the base font (DejaVu: Latin, Greek, Cyrillic,
  Hebrew, Arabic) and the fallback fonts (Hangul, CJK, emoji), in logical order. Arabic letters
  become their joined presentation forms (arabic-reshaper); invisible format characters (variation
  selectors, joiners) are dropped; anything no font draws becomes `PLACEHOLDER`, never a blank.
  Plain text (every character in the base font, nothing to shape) is returned as it is, after one
  regular-expression scan.
- `BidiParagraph` draws each line of a laid-out paragraph in visual order (Unicode bidirectional
  algorithm, per line as UAX #9 asks), so Hebrew and Arabic read right to left and numbers and
  Latin words inside them left to right. Line breaking and page splitting work on the logical
  text, so a long right-to-left note wraps and splits in the right order.

The bidirectional levels come from python-bidi's pure-Python implementation (`bidi.algorithm`):
its Rust `get_display` is faster but does not mirror brackets. It only runs on paragraphs that
hold a right-to-left character.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import Any, ClassVar

from reportlab.lib.fonts import ps2tt
from reportlab.platypus import Paragraph

log = logging.getLogger(__name__)
PLACEHOLDER = "\u25a1"  # WHITE SQUARE: drawn by the base font where no font has the character
EMOJI_FROM = 0x1F000  # pictographs from here on prefer the emoji font to the base font's few
VS16 = "\ufe0f"  # "draw the previous character as an emoji"
SKIN_TONES = range(0x1F3FB, 0x1F400)
_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff]")

# Characters that need more than a font lookup: Arabic (shaped), format characters (dropped or
# kept for the bidi algorithm), and the emoji-presentation selector.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff"
_SHAPED = re.compile(f"[{_ARABIC}]")
_JAMO = re.compile("[\u1100-\u11ff]")
_BIDI_MARKS = "\u200e\u200f"  # LRM, RLM: strong, invisible; kept while the text has RTL
_DROPPED = re.compile(
    "[\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0e\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)
_NO_MARKS = str.maketrans("", "", _BIDI_MARKS)
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_RTL = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


class _Cache(dict[str, str | None]):
    """A dict that computes a missing key once: `__getitem__` stays a C call when cached."""

    def __init__(self, compute: Callable[[str], str | None]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: str) -> str | None:
        value = self[key] = self._compute(key)
        return value


def _char_class(codes: Iterable[int]) -> str:
    """A regex character class body matching exactly `codes` (as ranges, escaped)."""
    out = []
    ordered = sorted(codes)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        lo, hi = re.escape(chr(ordered[i])), re.escape(chr(ordered[j]))
        out.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(out)


def _reshaper(covered: frozenset[int]) -> Any:
    """Arabic joining with the harakat kept and only the ligatures the base font has.

    Imported here: only text with Arabic letters pays for loading arabic-reshaper.
    """
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, Any] = {
        "language": "Arabic",
        "delete_harakat": False,  # DejaVu places the marks itself; dropping them loses text
        "shift_harakat_position": False,
        "delete_tatweel": False,
        "support_zwj": True,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": True,
    }
    for name, (_, forms) in LIGATURES:
        wanted = name.startswith("ARABIC LIGATURE LAM WITH ALEF") or name == "ARABIC LIGATURE ALLAH"
        config[name] = wanted and all(ord(f) in covered for f in forms if f)
    # arabic-reshaper fails with ligatures on but none enabled
    config["support_ligatures"] = any(config[name] for name, _ in LIGATURES)
    return arabic_reshaper.ArabicReshaper(configuration=config)


@dataclass
class Fallback:
    """A fallback font, loaded the first time a character might need it.

    `load` registers the font with ReportLab and returns the code points it draws (raising if
    the file is missing); `only`, when given, limits the font to those code points, so text in
    other scripts does not load it.
    """

    name: str
    load: Callable[[], frozenset[int]]
    only: tuple[range, ...] = ()
    _cmap: frozenset[int] | None = field(default=None, repr=False)

    def draws(self, code: int) -> bool:
        """Whether the font is used for `code` (loading it if `code` may need it)."""
        if self.only and not any(code in r for r in self.only):
            return False
        return code in self.cmap()

    def cmap(self) -> frozenset[int]:
        if self._cmap is None:
            try:
                self._cmap = self.load()
            except Exception as exc:  # missing or unreadable file: say so, keep building
                log.warning(
                    "font %s not available (%s): its characters print as a box", self.name, exc
                )
                self._cmap = frozenset()
        return self._cmap


@dataclass
class ScriptFonts:
    """The base font's coverage and the fallback fonts, in the order they are tried.

    `emoji` names the fallback tried first for pictographs (code points from `EMOJI_FROM` on,
    or followed by VS16), so every emoji comes from the emoji font in one style.
    """

    base: frozenset[int]
    fallbacks: Sequence[Fallback] = ()
    emoji: str = ""
    placeholder: str = PLACEHOLDER
    _arabic: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        plain = {c for c in self.base if 0x20 <= c < EMOJI_FROM}
        plain -= {ord(ch) for ch in VS16 + _BIDI_MARKS}
        plain -= {c for c in plain if _SHAPED.match(chr(c)) or _DROPPED.match(chr(c))}
        plain -= {c for c in plain if _JAMO.match(chr(c))}
        plain.add(ord("\n"))
        # Any character outside `plain` sends the text down the slow path.
        self._special = re.compile(f"[^{_char_class(plain)}]")
        self._fonts = _Cache(lambda ch: self._lookup(ch, False))
        self._emoji_fonts = _Cache(lambda ch: self._lookup(ch, True))
        self._by_name = {fb.name: fb for fb in self.fallbacks}
        emoji_first = [fb for fb in self.fallbacks if fb.name == self.emoji]
        self._emoji_order = emoji_first + [fb for fb in self.fallbacks if fb.name != self.emoji]
        if ord(self.placeholder) not in self.base:
            self.placeholder = "?"

    def font_of(self, ch: str, emoji: bool = False) -> str | None:
        """The font that draws `ch`: None for the base font, "" for no font at all."""
        return self._emoji_fonts[ch] if emoji else self._fonts[ch]

    def _lookup(self, ch: str, emoji: bool) -> str | None:
        if ch == "\n":  # a line break (markup makes it <br/>), not a glyph
            return None
        code = ord(ch)
        in_base = code in self.base
        if in_base and not emoji and code < EMOJI_FROM:
            return None
        order = self._emoji_order if emoji or code >= EMOJI_FROM else self.fallbacks
        found = next((fb.name for fb in order if fb.draws(code)), None)
        return "" if found is None and not in_base else found

    def is_plain(self, text: str) -> bool:
        """True when the base font draws all of `text` as it is (the fast path)."""
        return self._special.search(text) is None

    def runs(self, text: str) -> list[tuple[str | None, str]]:
        """`text` as (font, run) pairs in logical order; None is the base font.

        Arabic joined; invisible format characters dropped (LRM/RLM kept while the text has
        right-to-left characters); a skin-tone modifier after an emoji dropped (the emoji font
        has one colour); characters no font draws replaced by the placeholder.
        """
        if self.is_plain(text):
            return [(None, text)]
        if _JAMO.search(text):  # decomposed Hangul (e.g. from macOS): syllables, which we draw
            text = unicodedata.normalize("NFC", text)
        if _SHAPED.search(text):
            text = self._unshape_missing(self._reshaper().reshape(text))
        text = _DROPPED.sub("", text)
        if not has_rtl(text):
            text = text.translate(_NO_MARKS)
        keyed: Iterable[tuple[str | None, Iterable[str]]]
        if VS16 in text or _SKIN_TONE.search(text):
            keyed = self._emoji_keys(text)
        else:
            keyed = groupby(text, self._fonts.__getitem__)  # one dict look-up per character
        out: list[tuple[str | None, str]] = []
        for font, chars in keyed:
            run = "".join(chars)
            if font == "":
                font, run = None, self.placeholder * len(run)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + run)
            elif (
                font is not None
                and len(out) > 1
                and out[-2][0] == font
                and out[-1][1] == " "
                and 32 in self._by_name[font].cmap()
            ):  # "word word" in one fallback run: fewer fragments, the script's own space
                out[-2:] = [(font, out[-2][1] + " " + run)]
            else:
                out.append((font, run))
        return out

    def _emoji_keys(self, text: str) -> Iterator[tuple[str | None, str]]:
        """(font, character) for text with emoji selectors or skin tones, which are dropped."""
        previous_emoji = False
        last = len(text) - 1
        for i, ch in enumerate(text):
            if ch == VS16 or (previous_emoji and ord(ch) in SKIN_TONES):
                continue
            font = self.font_of(ch, i < last and text[i + 1] == VS16)
            previous_emoji = bool(font) and font == self.emoji
            yield font, ch

    def _reshaper(self) -> Any:
        if self._arabic is None:
            self._arabic = _reshaper(self.base)
        return self._arabic

    def _unshape_missing(self, text: str) -> str:
        """Arabic presentation forms the base font lacks go back to their plain letters."""
        missing = {ch for ch in _PRESENTATION.findall(text) if ord(ch) not in self.base}
        if not missing:
            return text
        return "".join(
            unicodedata.normalize("NFKC", ch).strip() if ch in missing else ch for ch in text
        )


# ------------------------------------------------------------------ right-to-left drawing
def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def visual_order(text: str, base_level: int) -> list[tuple[int, str]]:
    """(logical index, character as drawn) in visual order for one line of text.

    Rules W1-W7, N1-N2, I1-I2, L1, L2 and L4 (mirrored brackets) of UAX #9 via python-bidi;
    LRM/RLM steer the order and are then left out.
    """
    from bidi import algorithm as uba  # only paragraphs with right-to-left text load it

    storage = uba.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return [(ch["index"], ch["ch"]) for ch in storage["chars"] if ch["ch"] not in _BIDI_MARKS]


def base_level(text: str) -> int:
    """0 (left to right) or 1 (right to left): the first strong character decides (P2, P3)."""
    from bidi import algorithm as uba

    return int(uba.get_base_level(text))


def _visual_words(words: Sequence[str], level: int) -> list[str]:
    """A kind-0 line (one style, a list of words) in visual order."""
    text = " ".join(words)
    return "".join(ch for _, ch in visual_order(text, level)).split(" ")


def _visual_frags(frags: Sequence[Any], level: int) -> list[Any]:
    """A kind-1 line (a list of styled fragments) in visual order, fragments cut where needed."""
    if any(hasattr(f, "cbDefn") for f in frags):
        return list(frags)  # an image or anchor inside the line: leave it as laid out
    text_frags = [f for f in frags if f.text]
    owner: list[int] = []
    for k, f in enumerate(text_frags):
        owner.extend([k] * len(f.text))
    out: list[Any] = []
    chars: list[str] = []
    current = -1
    for index, ch in visual_order("".join(f.text for f in text_frags), level):
        k = owner[index]
        if k != current and chars:
            out.append(text_frags[current].clone(text="".join(chars)))
            chars = []
        current = k
        chars.append(ch)
    if chars:
        out.append(text_frags[current].clone(text="".join(chars)))
    out.extend(f for f in frags if not f.text)  # an empty line-break fragment stays last
    return out


def visual_lines(bl_para: Any) -> Any | None:
    """A copy of a paragraph's broken lines in visual order; None if nothing reads right to left.

    Each run of lines between explicit line breaks is one bidi paragraph: its first strong
    character sets the direction of all its lines.
    """
    lines = bl_para.lines
    if bl_para.kind == 0:
        texts = [" ".join(words) for _, words in lines]
        if not any(has_rtl(t) for t in texts):
            return None
        level = base_level(" ".join(texts))
        new = [(space, _visual_words(words, level)) for space, words in lines]
        return bl_para.clone(lines=new)
    texts = ["".join(getattr(f, "text", "") or "" for f in line.words) for line in lines]
    if not any(has_rtl(t) for t in texts):
        return None
    new_lines = []
    start = 0
    for end, line in enumerate(lines):
        if line.lineBreak or end == len(lines) - 1:
            level = base_level("".join(texts[start : end + 1]))
            for k in range(start, end + 1):
                new_lines.append(lines[k].clone(words=_visual_frags(lines[k].words, level)))
            start = end + 1
    return bl_para.clone(lines=new_lines)


@lru_cache(maxsize=64)
def _is_bold(font_name: str) -> bool:
    try:
        return bool(ps2tt(font_name)[1])
    except ValueError:
        return False


class BidiParagraph(Paragraph):
    """A Paragraph whose lines are laid out in logical order and drawn in visual order.

    It also gives fallback-font runs the bold face in a bold style: `<font name=...>` resets
    ReportLab's bold flag, so a Korean name in a bold heading would otherwise print regular.
    """

    bold_faces: ClassVar[dict[str, str]] = {}  # fallback font -> its bold face, as they load
    _visual: tuple[Any, Any] | None = None

    def __init__(self, text: Any, style: Any = None, *args: Any, **kw: Any) -> None:
        super().__init__(text, style, *args, **kw)
        if self.bold_faces and _is_bold(self.style.fontName):
            for frag in self.frags:
                bold = self.bold_faces.get(getattr(frag, "fontName", ""))
                if bold:
                    frag.fontName = bold

    def drawPara(self, debug: int = 0) -> Any:  # noqa: N802 (ReportLab's name)
        logical: Any = self.__dict__.get("blPara")
        if self._visual is None or self._visual[0] is not logical:
            self._visual = (logical, visual_lines(logical))
        visual = self._visual[1]
        if visual is None:
            return super().drawPara(debug)
        self.blPara = visual
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical
