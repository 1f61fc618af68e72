"""The catalog model (msgspec Structs) and decoding a catalog from TOML text.

A catalog is one dealer's file: ``[dealer]`` settings and ``[[products]]``. Decoding is
pure (text in, Catalog out); reading the file is the caller's job.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from server.engine.i18n import Lang

__all__ = [
    "Catalog",
    "CatalogError",
    "Dealer",
    "Labels",
    "Legal",
    "Product",
    "SizeRange",
    "decode_catalog",
]


class Base(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Every catalog type rejects unknown fields so a typo is an error, not a silent default."""


Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Millimetres = Annotated[int, msgspec.Meta(gt=0, le=20_000)]
HexColour = Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-fA-F]{6}$")]
Languages = Annotated[list[Lang], msgspec.Meta(min_length=1)]
Labels = dict[Lang, Annotated[str, msgspec.Meta(min_length=1, max_length=200)]]


class CatalogError(ValueError):
    """A catalog that cannot be used; ``str()`` names the file and the field."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class Legal(Base):
    """What a formal quote must show about the dealer."""

    address: str = ""
    vat_number: str = ""
    coc_number: str = ""
    terms: str = ""
    validity_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30


class Dealer(Base):
    """A dealer's settings as written in the catalog file (the back office may override)."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    languages: Languages = msgspec.field(default_factory=lambda: ["nl"])
    units: Literal["metric", "imperial"] = "metric"
    currency: Literal["EUR"] = "EUR"
    vat_rate: Decimal = Decimal("21")
    prices_include_vat: bool = True
    drawing_convention: Literal["vkg", "din"] = "vkg"
    allowed_origins: list[Annotated[str, msgspec.Meta(pattern=r"^https?://[^/\s]+$")]] = []
    privacy_notice_url: str = ""
    privacy_notice_version: str = ""
    accent_colour: HexColour = "#1f5f8b"
    logo_url: str = ""
    notification_emails: list[str] = []
    webhook_url: str = ""
    price_note: Labels = {}
    legal: Legal = Legal()

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.vat_rate <= Decimal(100):
            raise ValueError(f"vat_rate must be 0..100, got {self.vat_rate}")


class SizeRange(Base):
    """Overall width or height limits of a product, in mm."""

    min: Millimetres
    max: Millimetres
    default: Millimetres
    step: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 10

    def __post_init__(self) -> None:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside {self.min}..{self.max}")


class Product(Base):
    """A product family the homeowner can configure."""

    id: Id
    label: Labels
    width: SizeRange
    height: SizeRange


class Catalog(Base):
    """One dealer's catalog file."""

    dealer: Dealer
    products: Annotated[list[Product], msgspec.Meta(min_length=1)]


def decode_catalog(text: str, source: str) -> Catalog:
    """Decode TOML ``text`` into a :class:`Catalog`.

    Raises :class:`CatalogError` naming ``source`` and the dotted field path.
    Floats in TOML are read as Decimal so money never passes through binary floats.
    """
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(source, f"not valid TOML: {exc}") from None
    try:
        return msgspec.convert(data, Catalog, strict=True)
    except msgspec.ValidationError as exc:
        raise CatalogError(source, _dotted(str(exc))) from None


def _dotted(message: str) -> str:
    """Turn msgspec's ``- at `$.products[0].width`` into ``at products[0].width``."""
    head, sep, path = message.rpartition(" - at `$")
    if not sep:
        return message
    return f"{head} - at `{path.lstrip('.')}"
