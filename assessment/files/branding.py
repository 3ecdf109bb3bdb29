"""A consultant's branding for the deliverables: who prepared them, a colour and a logo.

Read from a small settings file (YAML or JSON), for example:

    prepared_by: Northlight Consulting
    primary_colour: "#0B5394"
    logo: northlight-logo.png   # PNG or JPEG, relative to the settings file

Pure: a `Brand` is plain data; the PDF and DOCX builders decide where it goes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..domain.models import MAX_FIELD_CHARS

DEFAULT_COLOUR = "#1F4E79"
MAX_LOGO_BYTES = 2_000_000
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
    """The logo's bytes when they are a PNG or JPEG of a sensible size; BrandError otherwise."""
    if len(data) > MAX_LOGO_BYTES:
        raise BrandError(f"{name}: the logo is larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    if not (data.startswith(_PNG) or data.startswith(_JPEG)):
        raise BrandError(f"{name}: the logo must be a PNG or JPEG image")
    return data


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
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BrandError(f"{path}: cannot read ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise BrandError(f"{path}: not a YAML or JSON settings file") from None
    if not isinstance(raw, dict):
        raise BrandError(f"{path}: expected keys prepared_by, primary_colour and logo")
    settings = dict(raw)
    logo = settings.pop("logo", None)
    if logo is not None:
        logo_path = file.parent / str(logo)
        try:
            settings["logo"] = check_logo(logo_path.read_bytes(), str(logo_path))
        except OSError as exc:
            raise BrandError(f"{logo_path}: cannot read the logo ({exc.strerror})") from None
    try:
        return Brand.model_validate(settings)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        hint = " (a colour is written like #1F4E79)" if where == "primary_colour" else ""
        raise BrandError(f"{path}: {where}: {first['msg']}{hint}") from None
