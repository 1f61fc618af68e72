"""The homeowner's configuration: what the API accepts and what the engine gives back.

Input is decoded strictly for types (wrong types are the caller's 422) but loosely for
meaning: unknown ids and impossible sizes become field errors in the evaluation, so the
widget can always show what is wrong.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

__all__ = ["MAX_MM", "Bars", "Configuration", "SectionChoice", "canonical_json"]

ShortText = Annotated[str, msgspec.Meta(max_length=64)]
# Bounds far beyond any window, so an absurd number (10^30 written out) is refused where it
# enters, naming its field, instead of overflowing Decimal arithmetic; the engine still
# turns every size within them that no product allows into a field error.
MAX_MM = 100_000
Size = Annotated[int, msgspec.Meta(ge=0, le=MAX_MM, description=f"mm, 0..{MAX_MM}")]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_MM, description=f"0..{MAX_MM}")]


class Bars(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Glazing bars of a section as rows x columns of bars (0 x 0: none)."""

    rows: int = 0
    columns: int = 0


class SectionChoice(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """What was chosen for one section; omitted fields take the section's defaults."""

    opening: ShortText | None = None
    fill: ShortText | None = None
    bars: Bars | None = None


class Configuration(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """A window as configured. Sizes are integer mm; omitted fields take their defaults."""

    product: ShortText
    width_mm: Size | None = None
    height_mm: Size | None = None
    layout: ShortText | None = None
    divisions: Annotated[dict[ShortText, Size], msgspec.Meta(
        max_length=32, description=f"each division's position in mm, 0..{MAX_MM}")] = {}
    sections: Annotated[dict[ShortText, SectionChoice], msgspec.Meta(max_length=32)] = {}
    options: Annotated[dict[ShortText, ShortText], msgspec.Meta(max_length=64)] = {}
    quantity: Count = 1


_encoder = msgspec.json.Encoder(order="sorted")


def canonical_json(config: Configuration) -> bytes:
    """The canonical JSON of a configuration: sorted keys, no spaces; equal configs, equal bytes."""
    return _encoder.encode(config)
