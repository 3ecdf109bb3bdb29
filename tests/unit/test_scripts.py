"""Scripts beyond Latin: font per character, Arabic joining, right-to-left order, placeholders."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from assessment.report.fonts import (
    BOLD,
    EMOJI,
    FALLBACK,
    HANGUL,
    HANGUL_BOLD,
    REGULAR,
    _to_unicode_cmap,
    markup,
    register_fonts,
    script_fonts,
    text_width,
)
from assessment.report.scripts import (
    PLACEHOLDER,
    BidiParagraph,
    Fallback,
    ScriptFonts,
    base_level,
    visual_lines,
    visual_order,
)

HEBREW = "קפה תל אביב"
ARABIC = "شركة القهوة العربية"  # no lam-alef: NFKC of the joined forms gives the letters back


def visual(text: str, level: int | None = None) -> str:
    return "".join(ch for _, ch in visual_order(text, base_level(text) if level is None else level))


@pytest.fixture(scope="module")
def fonts() -> ScriptFonts:
    return script_fonts()


# ----------------------------------------------------------------- fonts per character
def test_plain_text_takes_the_fast_path_unchanged(fonts):
    for text in ("Crème Brûlée Zoë Łódź", "Кофейня", "Ελληνική", "a < b & c", HEBREW):
        assert fonts.is_plain(text)
        assert fonts.runs(text) == [(None, text)]
    for text in ("서울", "東京", "🚀", ARABIC, "x\u200dy", "\u0915", "\ud83d"):
        assert not fonts.is_plain(text), text


def test_hangul_cjk_and_emoji_each_get_their_font(fonts):
    runs = fonts.runs("Café 서울 커피: 東京 🚀🎉 ok")
    assert runs == [
        (None, "Café "),
        (HANGUL, "서울 커피"),  # the space between two Korean words stays in the Korean run
        (None, ": "),
        (FALLBACK, "東京"),
        (None, " "),
        (EMOJI, "🚀🎉"),
        (None, " ok"),
    ]


def test_decomposed_hangul_is_composed_into_syllables(fonts):
    decomposed = unicodedata.normalize("NFD", "서울")
    assert len(decomposed) == 5
    assert fonts.runs(decomposed) == [(HANGUL, "서울")]


def test_emoji_come_from_the_emoji_font_even_where_dejavu_has_one(fonts):
    assert 0x1F600 in register_fonts()  # DejaVu draws a few emoticons in its own style
    assert fonts.runs("😀") == [(EMOJI, "😀")]
    assert fonts.runs("\u2764") == [(None, "\u2764")]  # text-style heart: DejaVu
    assert fonts.runs("\u2764\ufe0f") == [(EMOJI, "\u2764")]  # emoji-style heart: emoji font


def test_joiners_selectors_and_skin_tones_are_not_drawn_as_boxes(fonts):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert fonts.runs(family) == [(EMOJI, "\U0001f468\U0001f469\U0001f467")]
    assert fonts.runs("\U0001f44d\U0001f3fd") == [(EMOJI, "\U0001f44d")]
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert fonts.runs(flag) == [(EMOJI, "\U0001f3f4")]
    assert fonts.runs("a\u200eb") == [(None, "ab")]  # a bidi mark in text with no RTL: dropped


def test_what_no_font_draws_becomes_a_visible_box_never_a_blank(fonts):
    runs = fonts.runs("नमस्ते ok \ud83d")  # Devanagari (no font here) and a lone surrogate
    assert runs == [(None, PLACEHOLDER * 6 + " ok " + PLACEHOLDER)]
    assert ord(PLACEHOLDER) in register_fonts()


def test_arabic_is_joined_into_contextual_forms(fonts):
    ((font, shaped),) = fonts.runs(ARABIC)
    assert font is None
    assert shaped != ARABIC
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in shaped if ch != " ")
    assert unicodedata.normalize("NFKC", shaped) == ARABIC
    # initial, medial and final forms of beh in one word: U+FE91, U+FE92, U+FE90
    assert fonts.runs("ببب") == [(None, "\ufe91\ufe92\ufe90")]
    # lam + alef is a mandatory ligature; the harakat (vowel marks) are kept
    assert fonts.runs("لا") == [(None, "\ufefb")]
    assert "\u064e" in fonts.runs("كَتَبَ")[0][1]


def test_a_presentation_form_the_font_lacks_goes_back_to_its_letter():
    base = frozenset(range(0x20, 0x7F)) | frozenset(range(0x600, 0x700))
    fonts = ScriptFonts(base)
    ((_, shaped),) = fonts.runs("ببب")
    assert shaped == "ببب"  # no presentation forms in this font: plain letters, not boxes


def test_a_missing_fallback_font_is_reported_and_its_text_shows_as_boxes(caplog):
    def missing() -> frozenset[int]:
        raise FileNotFoundError("ReadinessHangul-Regular.ttf")

    fonts = ScriptFonts(register_fonts(), [Fallback(HANGUL, missing)], emoji=EMOJI)
    with caplog.at_level(logging.WARNING):
        assert fonts.runs("서울 ok") == [(None, PLACEHOLDER * 2 + " ok")]
        fonts.runs("커피")
    warnings = [r for r in caplog.records if HANGUL in r.getMessage()]
    assert len(warnings) == 1  # said once, not per character


def test_fallback_fonts_load_only_when_needed():
    loaded = []

    def load() -> frozenset[int]:
        loaded.append(1)
        return frozenset({0xAC00})

    fonts = ScriptFonts(register_fonts(), [Fallback("K", load, (range(0xAC00, 0xD7A4),))])
    fonts.runs("Crème Brûlée")
    fonts.runs("東京")  # outside the font's blocks: not loaded for it
    assert loaded == []
    assert fonts.runs("\uac00") == [("K", "\uac00")]
    assert loaded == [1]


# ----------------------------------------------------------------- markup and widths
def test_markup_wraps_fallback_runs_and_escapes(fonts):
    assert markup("Zoë <b> & co") == "Zoë &lt;b&gt; &amp; co"
    assert markup("<서울>") == f'&lt;<font name="{HANGUL}">서울</font>&gt;'
    assert markup("🚀\n#") == f'<font name="{EMOJI}">🚀</font><br/>#'


def test_text_width_measures_the_font_that_draws(fonts):
    width = pdfmetrics.stringWidth
    assert text_width("Ab 서울", 10) == width("Ab ", REGULAR, 10) + width("서울", HANGUL, 10)
    assert text_width("Ab 서울", 10, bold=True) == width("Ab ", BOLD, 10) + width(
        "서울", HANGUL_BOLD, 10
    )
    assert text_width(ARABIC, 10) == pytest.approx(
        sum(text_width(ch, 10) for ch in fonts.runs(ARABIC)[0][1])
    )


def test_to_unicode_cmap_writes_astral_characters_as_utf16_pairs():
    cmap = _to_unicode_cmap("F", [0, 0x41, 0x5D0, 0x1F680])
    assert "<01> <0041>" in cmap
    assert "<02> <05D0>" in cmap
    assert "<03> <D83DDE80>" in cmap
    assert "<1F680>" not in cmap


# ----------------------------------------------------------------- right to left
def test_hebrew_is_reversed_and_numbers_and_latin_keep_their_order():
    assert visual(HEBREW) == "ביבא לת הפק"
    assert visual("חברת ABC בעמ 2024") == "2024 מעב ABC תרבח"
    assert visual("We met צוות השיווק on 12.5.2024") == "We met קווישה תווצ on 12.5.2024"


def test_brackets_are_mirrored_inside_right_to_left_text():
    # "(a quote)" in Hebrew: drawn left to right the brackets swap so they still enclose it
    assert visual("שלום (עולם)") == "(םלוע) םולש"


def test_the_first_strong_character_sets_the_direction():
    assert base_level("שלום world") == 1
    assert base_level("hello שלום") == 0
    assert base_level("2024 שלום") == 1
    assert visual("hello שלום.") == "hello םולש."
    assert visual("שלום hello.") == ".hello םולש"


def test_bidi_marks_steer_and_are_not_drawn():
    assert visual("abc שלום") == "abc םולש"
    assert visual("\u200fabc שלום") == "םולש abc"  # RLM first: a right-to-left paragraph


def _text(bl) -> list[str]:
    if bl.kind == 0:
        return [" ".join(words) for _, words in bl.lines]
    return ["".join(f.text for f in line.words) for line in bl.lines]


def _lines(para: BidiParagraph) -> tuple[list[str], list[str]]:
    """(logical, visual) text of each laid-out line."""
    shown = visual_lines(para.blPara)
    assert shown is not None
    return _text(para.blPara), _text(shown)


LETTERS = "אבגדהוזחטיכלמנסעפצקרשת"


@pytest.mark.parametrize("prefix", ["", "<b>Note:</b> "])
def test_a_wrapped_right_to_left_paragraph_keeps_its_line_order(prefix):
    register_fonts()
    words = [LETTERS[n % 22] + LETTERS[n // 22] + "ים" for n in range(40)]  # all distinct
    style = ParagraphStyle("t", fontName=REGULAR, fontSize=10, leading=12)
    para = BidiParagraph(prefix + " ".join(words), style)
    para.wrap(150, 1000)
    logical, shown = _lines(para)
    assert len(logical) > 3
    seen: list[str] = []
    for log_line, vis_line in zip(logical, shown, strict=True):
        vis_words = [w for w in vis_line.split() if w != "Note:"]
        # each line shows its own words (no line borrows from another), mirrored as a whole
        assert [w[::-1] for w in reversed(vis_words)] == [
            w for w in log_line.split() if w != "Note:"
        ]
        seen += [w[::-1] for w in reversed(vis_words)]
    assert seen == words  # read line by line, right to left: the text in its order
    assert (para.blPara.kind == 0) == (prefix == "")


def test_each_line_break_starts_a_new_direction():
    register_fonts()
    style = ParagraphStyle("t", fontName=REGULAR, fontSize=10, leading=12)
    para = BidiParagraph("שלום world<br/>hello עולם", style)
    para.wrap(400, 1000)
    _, shown = _lines(para)
    assert shown == ["world םולש", "hello םלוע"]


def test_bold_style_gives_fallback_runs_the_bold_face():
    markup("서울")  # loads the Hangul fonts
    bold = ParagraphStyle("b", fontName=BOLD, fontSize=10, leading=12)
    regular = ParagraphStyle("r", fontName=REGULAR, fontSize=10, leading=12)
    assert {f.fontName for f in BidiParagraph(markup("서울 ok"), bold).frags} == {
        HANGUL_BOLD,
        BOLD,
    }
    assert {f.fontName for f in BidiParagraph(markup("서울 ok"), regular).frags} == {
        HANGUL,
        REGULAR,
    }


def test_left_to_right_paragraphs_are_drawn_untouched():
    register_fonts()
    style = ParagraphStyle("t", fontName=REGULAR, fontSize=10, leading=12)
    para = BidiParagraph("Crème brûlée 서울 " * 30, style)
    para.wrap(200, 1000)
    assert visual_lines(para.blPara) is None
