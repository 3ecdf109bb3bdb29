"""Rebuild the vendored script fonts in assessment/fonts/ from their upstream files.

Not run by the app or the tests: the subsets are committed. Re-run it only to update a font.

    apt-get download fonts-nanum && dpkg -x fonts-nanum_*.deb nanum
    npm pack @fontsource/noto-emoji && tar xzf fontsource-noto-emoji-*.tgz
    pip install fonttools
    python scripts/subset_fonts.py --nanum nanum/usr/share/fonts/truetype/nanum \\
        --emoji package/files/noto-emoji-emoji-400-normal.woff

- Hangul: NanumGothic Regular and Bold (Debian fonts-nanum, OFL 1.1), cut to the Hangul blocks
  (all 11,172 syllables and the jamo) and the space, without hinting. Nanum has Reserved Font
  Names, which the OFL forbids on a modified font, so the subsets are renamed "ReadinessHangul".
- Emoji: Noto Emoji (the monochrome outline font, OFL 1.1, no Reserved Font Name), every
  single-code-point emoji, without the ligature tables ReportLab does not read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parents[1] / "assessment" / "fonts"
HANGUL = "U+0020,U+1100-11FF,U+3130-318F,U+A960-A97F,U+AC00-D7A3,U+D7B0-D7FF,U+FFA0-FFDC"


def _subset(src: Path, unicodes: str | None) -> TTFont:
    """The font cut to `unicodes` (None: every code point it maps), without hinting."""
    options = subset.Options()
    options.layout_features = []  # ReportLab draws glyphs by code point: no GSUB/GPOS needed
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(src), options)
    subsetter = subset.Subsetter(options)
    wanted = subset.parse_unicodes(unicodes) if unicodes else list(font.getBestCmap())
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    return font


def _rename(font: TTFont, family: str, style: str) -> None:
    """Replace every name that carries the original (reserved) family name."""
    postscript = f"{family}-{style}"
    replace = {1: family, 3: f"{postscript};subset", 4: f"{family} {style}", 6: postscript}
    replace |= {16: family, 17: style, 18: f"{family} {style}"}
    table = font["name"]
    for record in list(table.names):
        if record.nameID == 7:  # trademark line naming the original font
            table.removeNames(nameID=7)
        elif record.nameID in replace:
            table.setName(replace[record.nameID], record.nameID, *_key(record))


def _key(record: object) -> tuple[int, int, int]:
    return record.platformID, record.platEncID, record.langID  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nanum", type=Path, required=True, help="folder with NanumGothic*.ttf")
    parser.add_argument("--emoji", type=Path, required=True, help="Noto Emoji .ttf/.woff")
    args = parser.parse_args()

    for src, style in (("NanumGothic.ttf", "Regular"), ("NanumGothicBold.ttf", "Bold")):
        font = _subset(args.nanum / src, HANGUL)
        _rename(font, "ReadinessHangul", style)
        font.flavor = None
        font.save(str(OUT / f"ReadinessHangul-{style}.ttf"))

    emoji = _subset(args.emoji, None)
    emoji.flavor = None
    emoji.save(str(OUT / "NotoEmoji-Regular.ttf"))
    for path in sorted(OUT.glob("*.ttf")):
        print(f"{path.name:32} {path.stat().st_size:>10,} bytes")


if __name__ == "__main__":
    main()
