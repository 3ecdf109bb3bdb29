"""Palette and paragraph styles: one calm look (navy and teal on greys) used by every section."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import BOLD, REGULAR, register_fonts

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F7F")
TEAL_LIGHT = colors.HexColor("#CFE6E4")
AMBER = colors.HexColor("#B7791F")
AMBER_LIGHT = colors.HexColor("#FBF1DE")
INK = colors.HexColor("#1E2328")
GREY_DARK = colors.HexColor("#4A5560")
GREY = colors.HexColor("#8A949E")
GREY_LIGHT = colors.HexColor("#D9DEE3")
GREY_PALE = colors.HexColor("#F2F4F6")
WHITE = colors.white

BODY_SIZE = 9.5


@dataclass(frozen=True)
class Styles:
    """The paragraph styles, passed as objects: `kit.para(text, kit.styles.small)`."""

    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head_cell: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    org: ParagraphStyle
    kpi_value: ParagraphStyle
    kpi_small: ParagraphStyle
    kpi_label: ParagraphStyle
    verdict_value: ParagraphStyle
    verdict: ParagraphStyle
    note: ParagraphStyle
    callout: ParagraphStyle


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": REGULAR,
        "fontSize": BODY_SIZE,
        "leading": 13.5,
        "textColor": INK,
        "splitLongWords": 1,
        "alignment": TA_LEFT,
        "allowWidows": 0,
        "allowOrphans": 0,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


def make_styles() -> Styles:
    register_fonts()
    heading = {"fontName": BOLD, "textColor": NAVY, "keepWithNext": 1}
    return Styles(
        body=_style("body", spaceAfter=5),
        small=_style("small", fontSize=8.5, leading=11.5, textColor=GREY_DARK, spaceAfter=2),
        tiny=_style("tiny", fontSize=7.5, leading=9.5, textColor=GREY_DARK),
        cell=_style("cell", fontSize=8.5, leading=11),
        cell_bold=_style("cell_bold", fontName=BOLD, fontSize=8.5, leading=11),
        cell_right=_style("cell_right", fontSize=8.5, leading=11, alignment=TA_RIGHT),
        head_cell=_style("head_cell", fontName=BOLD, fontSize=8, leading=10, textColor=WHITE),
        h1=_style("h1", fontSize=17, leading=21, spaceBefore=12, spaceAfter=8, **heading),
        h2=_style("h2", fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4, **heading),
        h3=_style(
            "h3",
            fontSize=10,
            leading=13,
            spaceBefore=7,
            spaceAfter=3,
            **(heading | {"textColor": TEAL}),
        ),
        org=_style("org", fontName=BOLD, fontSize=20, leading=25, textColor=NAVY, spaceAfter=4),
        kpi_value=_style(
            "kpi_value", fontName=BOLD, fontSize=17, leading=20, textColor=NAVY, alignment=TA_CENTER
        ),
        kpi_small=_style("kpi_small", fontSize=8.5, leading=11, textColor=NAVY),
        kpi_label=_style(
            "kpi_label", fontSize=7.5, leading=9.5, textColor=GREY_DARK, alignment=TA_CENTER
        ),
        verdict_value=_style(
            "verdict_value", fontName=BOLD, fontSize=22, leading=26, textColor=NAVY
        ),
        verdict=_style("verdict", fontName=BOLD, fontSize=10.5, leading=14, spaceAfter=4),
        note=_style("note", fontSize=7, leading=8.6, textColor=GREY_DARK, spaceAfter=4),
        callout=_style("callout", fontSize=9, leading=12.5),
    )
