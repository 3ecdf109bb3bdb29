"""A consultant's branding for the deliverables: who prepared them, a colour and a logo.

Read from a small settings file (YAML or JSON), for example:

    prepared_by: Northlight Consulting
    primary_colour: "#0B5394"
    logo: northlight-logo.png   # PNG or JPEG, relative to the settings file

Pure: a `Brand` is plain data; the PDF and DOCX builders decide where it goes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..domain.models import MAX_FIELD_CHARS
from .bounded import InputFileError, read_bounded

DEFAULT_COLOUR = "#1F4E79"
MAX_LOGO_BYTES = 2_000_000
# Decoded, a logo costs 4 bytes a pixel: a 39.9-megapixel PNG took +470 MB per upload (issue
# 23). 10 megapixels (a 3,000 x 3,000 logo, far more than the 800 pixels drawn) is ~40 MB.
MAX_LOGO_PIXELS = 10_000_000
MAX_SETTINGS_BYTES = 64_000  # three keys: a settings file is a few hundred bytes
MAX_SETTINGS_DEPTH = 20  # brackets nested: YAML 50,000 deep crashed the parser
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class BrandError(ValueError):
    """The branding file was refused; the message names the problem."""


class Brand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prepared_by: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=MAX_FIELD_CHARS)
    ] = ""
    primary_colour: Annotated[str, Field(pattern=_COLOUR.pattern)] = DEFAULT_COLOUR
    logo: bytes | None = None  # PNG or JPEG bytes, checked by `check_logo`


NO_BRAND = Brand()


def check_logo(data: bytes, name: str = "logo") -> bytes:
    """The logo's bytes when they are a PNG or JPEG of a sensible size in bytes and pixels
    (read from the header, before any decoding); BrandError otherwise."""
    if len(data) > MAX_LOGO_BYTES:
        raise BrandError(f"{name}: the logo is larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    if not (data.startswith(_PNG) or data.startswith(_JPEG)):
        raise BrandError(f"{name}: the logo must be a PNG or JPEG image")
    width, height = logo_size(data, name)
    if width * height > MAX_LOGO_PIXELS:
        raise BrandError(
            f"{name}: {width}x{height} pixels is too large; use an image under "
            f"{MAX_LOGO_PIXELS // 1_000_000} megapixels (800 pixels wide is plenty)"
        )
    return data


def logo_size(data: bytes, name: str = "logo") -> tuple[int, int]:
    """Width and height from the image's header (PIL's open reads the header only)."""
    from PIL import Image, UnidentifiedImageError  # lazy: only a logo needs it

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise BrandError(f"{name}: the image cannot be read (is it a valid PNG or JPEG?)") from None
    return int(width), int(height)


def _nesting(text: str) -> int:
    """How deep brackets nest (a cheap look before the YAML parser recurses)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def brand_from_fields(prepared_by: str, colour: str, logo: bytes | None) -> Brand:
    """A Brand from a form's fields (the facilitator's page); BrandError names the problem."""
    try:
        return Brand(
            prepared_by=prepared_by,
            primary_colour=colour or DEFAULT_COLOUR,
            logo=check_logo(logo) if logo else None,
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "branding"
        raise BrandError(f"{where}: {first['msg']}") from None


def load_brand(path: str | Path) -> Brand:
    """A Brand from a settings file; BrandError with one readable message on any problem."""
    file = Path(path)
    try:
        text = read_bounded(file, MAX_SETTINGS_BYTES, "settings file").decode("utf-8-sig")
        if _nesting(text) > MAX_SETTINGS_DEPTH:
            raise BrandError(f"{path}: nested too deeply for a settings file")
        raw = yaml.safe_load(text)
    except InputFileError as exc:
        raise BrandError(str(exc)) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        raise BrandError(f"{path}: not a YAML or JSON settings file") from None
    if not isinstance(raw, dict):
        raise BrandError(f"{path}: expected keys prepared_by, primary_colour and logo")
    settings = dict(raw)
    logo = settings.pop("logo", None)
    if logo is not None:
        logo_path = file.parent / str(logo)
        try:
            data = read_bounded(logo_path, MAX_LOGO_BYTES, "logo")
        except InputFileError as exc:
            raise BrandError(str(exc)) from None
        settings["logo"] = check_logo(data, str(logo_path))
    try:
        return Brand.model_validate(settings)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        hint = " (a colour is written like #1F4E79)" if where == "primary_colour" else ""
        raise BrandError(f"{path}: {where}: {first['msg']}{hint}") from None
