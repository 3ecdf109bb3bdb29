"""The consultant's logo, made ready to embed once: decoded, checked and scaled down.

A 2 MB PNG can hold a 100-megapixel image; embedding it whole would make every report slow and
heavy. The logo is read lazily (header first), refused above MAX_PIXELS, and scaled to at most
MAX_SIDE pixels on its longer side (enough for print at the size it is drawn).
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, UnidentifiedImageError
from reportlab.lib.utils import ImageReader

from ..files.branding import MAX_LOGO_PIXELS as MAX_PIXELS
from ..files.branding import Brand, BrandError

MAX_SIDE = 800


def logo_reader(brand: Brand) -> ImageReader | None:
    """The brand's logo as an ImageReader, or None without one; BrandError if it is unusable."""
    if brand.logo is None:
        return None
    return ImageReader(io.BytesIO(_prepared(brand.logo)))


@lru_cache(maxsize=8)
def _prepared(data: bytes) -> bytes:
    """PNG bytes of the logo scaled to MAX_SIDE (cached: the same logo is prepared once)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BrandError(
                    f"logo: {width}x{height} pixels is too large; use an image under "
                    f"{MAX_PIXELS // 1_000_000} megapixels"
                )
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a smaller scale
            image.load()
            keep = image.convert(
                "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            )
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise BrandError("logo: the image cannot be read (is it a valid PNG or JPEG?)") from None
    keep.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    keep.save(out, format="PNG", optimize=False)
    return out.getvalue()
