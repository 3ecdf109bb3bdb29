"""Every script a client writes in, through the real `build_report`: Hangul, Hebrew, Arabic,
mixed right-to-left and left-to-right text with numbers, emoji, and characters no font has.

Checked three ways: the text parsed back (pypdf), the glyphs' positions on the page (PDFium's
text layer: which character is drawn left of which), and the page rendered to pixels (the region
where the text is drawn has ink). The fonts embedded prove which font drew the Hangul.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest

from assessment.domain.models import Answer, Choice, Question
from tests.builders import responses as build_responses

from .report_helpers import ParsedPdf, render, squash

KOREAN_ORG = "서울 커피 주식회사"
KOREAN_NOTE = "소셜 미디어 전략을 검토했습니다"
HEBREW_NOTE = "בדקנו את האסטרטגיה ברשתות החברתיות"
MIXED = "חברת ABC בעמ 2024"  # Hebrew paragraph with a Latin name and a number
MIXED_VISUAL = "2024 מעב ABC תרבח"  # as drawn, left to right
ARABIC = "شركة القهوة العربية"  # no lam-alef, so NFKC of the drawn forms gives the letters back
ARABIC_NA = "لا ينطبق على شركتنا"
EMOJI_NOTE = "Great launch 🚀🎉 and 👍🏽 ❤️"
LONG_HEBREW = " ".join(
    "אבגדהוזחטיכלמנסעפצקרשת"[n % 22] + "אבגדהוזחטיכלמנסעפצקרשת"[n // 22] + "ים" for n in range(60)
)
UNDRAWABLE = "नमस्ते"  # Devanagari: no font in the package has it
NOTES = [KOREAN_NOTE, HEBREW_NOTE, ARABIC, EMOJI_NOTE, LONG_HEBREW, UNDRAWABLE]
ARTIFACTS = Path(os.environ.get("REPORT_ARTIFACTS", Path(tempfile.gettempdir(), "report-scripts")))


def _choose(i: int, q: Question) -> Choice:
    return "not_applicable" if i == len(NOTES) * 2 else 2


def _note(i: int, q: Question) -> str:
    return ARABIC_NA if i == len(NOTES) * 2 else NOTES[i % len(NOTES)]


@pytest.fixture(scope="module")
def pdf(framework) -> ParsedPdf:
    given = {
        q.id: Answer(choice=choice, note=_note(i, q))
        for i, q in enumerate(framework.questions)
        if (choice := _choose(i, q)) is not None
    }
    responses = build_responses(
        given,
        name=f"{KOREAN_ORG} 🚀",
        assessor=MIXED,
        sector=ARABIC,
    )
    return render(framework, responses)


@dataclass
class Glyph:
    ch: str
    left: float
    bottom: float
    right: float
    top: float


def glyphs(pdf: ParsedPdf, page: int) -> list[Glyph]:
    """Every character PDFium finds on a page, with its box (PDF points, origin bottom left)."""
    text = pypdfium2.PdfDocument(pdf.data)[page].get_textpage()
    out = []
    count, i = text.count_chars(), 0
    while i < count:
        ch = text.get_text_range(i, 1) or text.get_text_range(i, 2)  # "" for half an emoji
        if ch.strip():
            out.append(Glyph(ch, *text.get_charbox(i, loose=True)))
        i += len(ch.encode("utf-16-le")) // 2 or 1
    return out


def drawn_line(pdf: ParsedPdf, page: int, anchor: str) -> tuple[str, list[Glyph]]:
    """The line holding the character `anchor`, its characters in drawing order (left to right)."""
    found = glyphs(pdf, page)
    first = next(g for g in found if g.ch == anchor)
    middle = (first.bottom + first.top) / 2
    line = sorted((g for g in found if g.bottom < middle < g.top), key=lambda g: g.left)
    return "".join(g.ch for g in line), line


def ink(pdf: ParsedPdf, page: int, boxes: list[Glyph], name: str) -> float:
    """Share of dark pixels where `boxes` are drawn, on the page rendered at 3x; PNG saved."""
    scale = 3
    document = pypdfium2.PdfDocument(pdf.data)
    image = document[page].render(scale=scale).to_pil().convert("L")
    height = document[page].get_height()
    left = min(b.left for b in boxes) * scale
    right = max(b.right for b in boxes) * scale
    top = (height - max(b.top for b in boxes)) * scale
    bottom = (height - min(b.bottom for b in boxes)) * scale
    region = image.crop((int(left), int(top), int(right) + 1, int(bottom) + 1))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    region.save(ARTIFACTS / f"{name}.png")
    dark = sum(region.histogram()[:160])
    return dark / (region.width * region.height)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# ----------------------------------------------------------------- Hangul
def test_korean_is_drawn_in_the_embedded_hangul_font(pdf):
    assert KOREAN_ORG in pdf.pages[0]
    assert squash(KOREAN_NOTE) in pdf.squashed
    fonts = pdf.font_files()
    hangul = {name: embedded for name, embedded in fonts.items() if "ReadinessHangul" in name}
    assert any(name.endswith("ReadinessHangul-Bold") for name in hangul), fonts  # cover, bold
    assert any(name.endswith("ReadinessHangul-Regular") for name in hangul), fonts  # notes
    assert all(hangul.values())


def test_korean_on_the_cover_has_ink(pdf):
    _, line = drawn_line(pdf, 0, KOREAN_ORG[0])
    korean = [g for g in line if "\uac00" <= g.ch <= "\ud7a3"]
    assert len(korean) == len(KOREAN_ORG.replace(" ", ""))
    assert ink(pdf, 0, korean, "korean-cover") > 0.08


# ----------------------------------------------------------------- Hebrew and Arabic
def test_mixed_hebrew_latin_and_numbers_are_drawn_in_visual_order(pdf):
    drawn, line = drawn_line(pdf, 0, "ח")
    assert squash(MIXED_VISUAL) in drawn
    assert ink(pdf, 0, [g for g in line if "\u05d0" <= g.ch <= "\u05ea"], "hebrew-cover") > 0.05


def test_arabic_is_joined_and_drawn_right_to_left(pdf):
    # the joined (contextual) forms were drawn, not the isolated letters typed: pypdf reports
    # the code points the glyphs stand for
    joined = re.findall("[\ufe70-\ufeff]+", pdf.squashed)
    assert squash(ARABIC) in [nfkc(run) for run in joined], joined
    # right to left: left to right on the page is the text reversed (PDFium gives letters)
    _, line = drawn_line(pdf, 0, "ش")
    arabic = [g for g in line if "\u0600" <= g.ch <= "\u06ff"]
    assert "".join(g.ch for g in arabic) == squash(ARABIC)[::-1]
    assert ink(pdf, 0, arabic, "arabic-cover") > 0.05


def test_right_to_left_notes_read_back_in_their_order(pdf):
    # pypdf turns right-to-left runs back into reading order: text drawn in typing order
    # (the old behaviour) would come back reversed
    assert squash(HEBREW_NOTE) in pdf.squashed
    assert squash(HEBREW_NOTE)[::-1] not in pdf.squashed
    assert nfkc(squash(ARABIC)) in nfkc(pdf.squashed)
    assert squash(ARABIC_NA.replace("لا", "")) in nfkc(pdf.squashed).replace("لا", "")


def test_a_long_hebrew_note_wraps_with_its_lines_in_order(pdf):
    """Each line drawn, read right to left, top to bottom, gives the note as typed: the lines
    are in order (not the end of the note on the first line) and each is mirrored whole."""

    def read_right_to_left(page: int) -> str:
        lines: dict[float, list[Glyph]] = {}
        for g in glyphs(pdf, page):
            if "\u05d0" <= g.ch <= "\u05ea":
                lines.setdefault(round((g.bottom + g.top) / 2), []).append(g)
        rows = (sorted(lines[y], key=lambda g: g.left) for y in sorted(lines, reverse=True))
        return "".join("".join(g.ch for g in row)[::-1] for row in rows)

    wrapped = [p for p, text in enumerate(pdf.pages) if LONG_HEBREW.split()[0] in text]
    assert wrapped
    assert any(squash(LONG_HEBREW) in read_right_to_left(p) for p in wrapped)


# ----------------------------------------------------------------- emoji and the rest
def test_emoji_are_drawn_from_the_emoji_font_and_read_back(pdf):
    assert "🚀" in pdf.pages[0]
    assert squash("Great launch 🚀🎉 and 👍 ❤") in pdf.squashed
    fonts = pdf.font_files()
    assert any("NotoEmoji" in name and embedded for name, embedded in fonts.items()), fonts
    _, line = drawn_line(pdf, 0, KOREAN_ORG[0])
    rocket = [g for g in line if g.left > max(x.right for x in line if x.ch == KOREAN_ORG[-1])]
    assert rocket
    assert ink(pdf, 0, rocket, "emoji-cover") > 0.05


def test_characters_no_font_has_print_as_boxes_not_blanks(pdf):
    assert "\u25a1" * len(UNDRAWABLE) in pdf.text
    assert UNDRAWABLE not in pdf.text


def test_a_missing_optional_font_still_gives_a_report(tmp_path):
    """A fresh process whose Hangul font file is missing: the report builds, says so, and the
    Korean prints as boxes."""
    out = tmp_path / "report.pdf"
    code = f"""
import logging
from assessment.report import fonts
fonts.FALLBACK_FONTS[0] = (fonts.HANGUL, "gone.ttf", None, fonts.HANGUL_BLOCKS)
logging.basicConfig()
from assessment.domain.content import default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Organization, Responses
from assessment.report import build_report
fw = default_framework()
r = Responses(organization=Organization(name="서울 커피 Ltd"), answers={{}})
open({str(out)!r}, "wb").write(build_report(fw, evaluate(fw, r)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ReadinessHangul not available" in done.stderr
    parsed = ParsedPdf(out.read_bytes())
    assert "□□ □□ Ltd" in parsed.pages[0]


def test_workshop_roles_in_korean_and_hebrew_are_drawn(framework):
    """Participant roles reach the workshop section (role tables) through the same path."""
    from assessment.domain.evaluation import evaluate
    from assessment.domain.models import Answer, Organization, Responses
    from assessment.domain.workshop import Participant, consensus_from_suggestions, summarize
    from assessment.report.workshop_section import build_workshop_report

    org = Organization(name=KOREAN_ORG)
    roles = {"마케팅 팀장": 1, "מנהלת שירות": 3}
    participants = [
        Participant(
            key=str(n),
            label=f"참가자 {n}",
            role=role,
            finished=True,
            responses=Responses(
                organization=org,
                answers={q.id: Answer(choice=score) for q in framework.questions},
            ),
        )
        for n, (role, score) in enumerate(
            [(role, score) for role, score in roles.items() for _ in range(3)]
        )  # three people per role: a role of fewer than 3 gets no figure (anonymity rule)
    ]
    summary = summarize(framework, participants)
    consensus = evaluate(framework, consensus_from_suggestions(summary, org))
    pdf = ParsedPdf(build_workshop_report(framework, summary, consensus))
    section = next(p for p, text in enumerate(pdf.pages) if p and "Where roles differ" in text)
    assert squash("마케팅 팀장") in squash(pdf.pages[section])
    assert squash("מנהלת שירות") in squash(pdf.pages[section])  # pypdf reads RTL back in order
    drawn, line = drawn_line(pdf, section, "ש")
    assert squash("תוריש תלהנמ") in drawn  # drawn right to left
    assert ink(pdf, section, [g for g in line if "\u05d0" <= g.ch <= "\u05ea"], "role") > 0.05
