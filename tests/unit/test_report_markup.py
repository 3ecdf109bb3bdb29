"""User text in the PDF's paragraphs: markup is escaped and printed literally."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from assessment.report.fonts import markup
from tests.texts import HOSTILE


def test_markup_escapes_and_keeps_paragraphs_literal():
    for hostile in HOSTILE:
        para = Paragraph(markup(hostile))
        assert "".join(para.getPlainText().split()) == "".join(hostile.split())
