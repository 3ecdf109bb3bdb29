"""User text in the PDF's paragraphs: markup is escaped and printed literally."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from assessment.report.fonts import markup
from tests.texts import HOSTILE


def test_markup_escapes_and_keeps_paragraphs_literal():
    for hostile in HOSTILE:
        para = Paragraph(markup(hostile))
        assert "".join(para.getPlainText().split()) == "".join(hostile.split())


# ----------------------------------------------------------------- one bound on every text

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from assessment.report.fonts import MAX_FONT_RUNS, fit  # noqa: E402
from tests.texts import UNICODE  # noqa: E402

# the fuzz alphabet: Latin, Hangul, Arabic, Hebrew, CJK, emoji, markup, spaces and line breaks
SCRIPTS = "a\ud55c\u0628\u05d0\u5317\U0001f600<&é \n" + "".join(UNICODE.values())


def font_runs(out: str) -> int:
    return out.count("<font ")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(SCRIPTS), max_size=3_000))
def test_no_text_lays_out_more_than_the_run_budget(text: str) -> None:
    """Issue 23: only appendix notes were bounded; every Paragraph of user text (names, notes
    on the dimension pages, workshop notes and minority views, headings) goes through markup."""
    assert font_runs(markup(text)) <= MAX_FONT_RUNS
    assert font_runs(markup(text, max_chars=2_000)) <= MAX_FONT_RUNS


def test_a_text_switching_script_at_every_character_is_cut_with_an_ellipsis() -> None:
    text = "a\ud55c" * 1_000  # a minority view at the workshop section's 2,000-character cut
    out = markup(text)
    assert font_runs(out) <= MAX_FONT_RUNS
    plain = Paragraph(out).getPlainText()
    assert plain.endswith("\u2026") and text.startswith(plain[:-1])
    assert markup("Réunion 회의 " * 20).count("\u2026") == 0  # real mixes are left whole
    for hostile in HOSTILE:  # and markup still prints literally
        assert "".join(Paragraph(markup(hostile)).getPlainText().split()) == "".join(
            hostile.split()
        )


def test_canvas_text_is_bounded_too() -> None:
    """The cover and branding lines are drawn with `fit`: the same bound before measuring."""
    cut = fit("a\ud55c" * 50_000, 10_000, 8)
    assert cut.endswith("\u2026") and len(cut) <= MAX_FONT_RUNS + 1
