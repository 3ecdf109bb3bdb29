"""The report's plain-text flowable: line breaking, compact notes, splitting, and what it leaves
to ReportLab's Paragraph (anything needing the fallback font, shaping or reordering)."""

from __future__ import annotations

import io

from hypothesis import example, given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from assessment.report.fonts import BOLD, REGULAR
from assessment.report.styles import make_styles
from assessment.report.text import RETURN, TextBlock, break_lines, compact, is_plain, text_width

WORDS = st.text(alphabet="abcdefghij WXYZ.,;-éüß", min_size=0, max_size=400)


@given(WORDS, st.floats(20, 400), st.sampled_from([REGULAR, BOLD]))
@example("", 20.0, REGULAR)
@example("W" * 400, 20.0, BOLD)  # one word far wider than the line
@example("a " * 200, 20.0, REGULAR)
def test_lines_fit_and_keep_every_character(text, width, font):
    lines = break_lines(text, font, 8.5, width)
    for line in lines:
        assert text_width(line, font, 8.5) <= width + 1e-6 or len(line) == 1
    # nothing is lost but the spaces where a line was broken
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_breaks_at_spaces_then_after_the_return_mark_then_anywhere():
    assert break_lines("alpha beta gamma", REGULAR, 10, 62) == ["alpha beta", "gamma"]
    marked = f"x{RETURN}" * 30
    lines = break_lines(marked, REGULAR, 10, 60)
    assert all(line.endswith(RETURN) for line in lines[:-1])
    assert break_lines("W" * 40, REGULAR, 10, 50)[0] == "W" * 5


def test_compact_collapses_blank_runs_and_joins_many_lines():
    assert compact("a\n\n\n\nb\n  \n\nc  \n") == "a\n\nb\n\nc"
    assert compact("\n" * 20_000) == ""
    many = compact("x\n" * 10_000)
    assert "\n" not in many and many.count(RETURN) == 9_999 and many.count("x") == 10_000
    assert compact("line one\nline two") == "line one\nline two"  # a short note keeps its lines
    assert compact("tab\there\x00\x07") == "tab here"


def test_plain_text_is_only_what_needs_no_fallback_shaping_or_reordering():
    assert is_plain("Crème Brûlée Ελληνική Кофейня \u2013 \u201cquotes\u201d \u20ac5")
    for other in ("北京", "서울", "שלום", "مرحبا", "😀"):
        assert not is_plain(f"text {other}"), other


def _build(flowables) -> PdfReader:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(flowables)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def test_a_long_block_splits_over_pages_without_lone_lines():
    style = make_styles().note
    text = " ".join(f"word{i}" for i in range(6000))
    block = TextBlock(text, style, "Note: ")
    reader = _build([block])
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) > 1
    joined = " ".join(" ".join(pages).split())
    assert joined.startswith("Note: word0 word1")
    assert "word5999" in joined and joined.count("word4321 ") == 1
    # a split never leaves a single line on either side
    pieces = block.split(400, style.leading * 1.5)
    assert pieces == []
    head, tail = block.split(400, style.leading * 3)
    assert len(head.lines) == 3 and tail.lines[0] == block.lines[3]


def test_text_prints_literally_in_every_alignment():
    styles = make_styles()
    hostile = '<b>x</b> & (y) \\ <img src="/etc/hosts"/>'
    blocks = [TextBlock(hostile, s, "Lead: ") for s in (styles.body, styles.cell_right)]
    text = " ".join(p.extract_text() for p in _build(blocks).pages)
    assert text.count(hostile) == 2 and text.count("Lead: ") == 2
