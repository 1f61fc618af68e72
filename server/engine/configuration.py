"""The homeowner's configuration: what the API accepts and what the engine gives back.

Input is decoded strictly for types (wrong types are the caller's 422) but loosely for
meaning: unknown ids and impossible sizes become field errors in the evaluation, so the
widget can always show what is wrong.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

__all__ = ["Bars", "Configuration", "SectionChoice", "canonical_json"]

ShortText = Annotated[str, msgspec.Meta(max_length=64)]


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
    width_mm: int | None = None
    height_mm: int | None = None
    layout: ShortText | None = None
    divisions: Annotated[dict[ShortText, int], msgspec.Meta(max_length=32)] = {}
    sections: Annotated[dict[ShortText, SectionChoice], msgspec.Meta(max_length=32)] = {}
    options: Annotated[dict[ShortText, ShortText], msgspec.Meta(max_length=64)] = {}
    quantity: int = 1


_encoder = msgspec.json.Encoder(order="sorted")


def canonical_json(config: Configuration) -> bytes:
    """The canonical JSON of a configuration: sorted keys, no spaces; equal configs, equal bytes."""
    return _encoder.encode(config)
