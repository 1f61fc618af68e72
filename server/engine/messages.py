"""What the engine says, as codes with parameters: never a sentence (issue 15).

A :class:`Message` is a stable ``code`` and its ``params``: lengths in mm (int), areas in m²
and other numbers as Decimal, ids and dealer labels (already picked in the request's language:
they are catalog data) as str, and parts of a sentence as nested messages (a section's name, a
bound word). ``server.i18n.engine_words`` turns one into words for a language and a dealer's
units; the engine imports nothing of it.

:data:`CODES` lists every code the engine emits and the kind of each parameter, so the words
layer knows which figures are lengths (written in mm or inches) and a test can hold every code
to words in nl, en and de with the same placeholders.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import msgspec

__all__ = ["CODES", "Kind", "Message", "Param", "message", "section_place", "section_ref"]

# A length in mm; an area in m²; a plain number (a percentage, a count); a text (an id, a
# dealer's label); a nested message (a section's name, "at least"). A price formula (dealer only)
# also quotes an amount of money (``money``: at least two decimals, none lost), an exact figure
# (``decimal``: an area, a factor, a count, every decimal kept, since the dealer checks the
# arithmetic) and a length in mm that it reckons in metres (``metres``: a perimeter).
Kind = Literal["length", "area", "number", "percent", "text", "message", "money", "decimal", "metres"]


class Message(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One thing the engine says: a stable ``code`` and the figures it needs, language-free."""

    code: str
    params: dict[str, Param] = {}


# A parameter's value (after the class: a message nests messages). A message is an answer the
# engine gives, encoded and never decoded: msgspec refuses a decoder for a union of str and
# Decimal, so a reader of stored codes would decode ``params`` as plain JSON values.
Param = int | Decimal | str | Message

CODES: dict[str, dict[str, Kind]] = {
    "unknown_product": {"value": "text"},
    "unknown_layout": {"value": "text"},
    "unknown_group": {"value": "text"},
    "unknown_value": {"value": "text", "group": "text"},
    "unknown_section": {"value": "text"},
    "unknown_division": {"value": "text"},
    "division_min": {"min": "length"},
    "opening_not_offered": {"value": "text"},
    "fill_not_offered": {},
    "bars_range": {"max": "number"},
    "size_range": {"min": "length", "max": "length"},
    "max_area": {"max": "area", "value": "area"},
    "quantity_range": {},
    "division_range": {"min": "length", "max": "length"},
    "section_too_small": {"section": "message", "value": "length"},
    "sash_min_width": {"opening": "text", "limit": "length", "value": "length"},
    "sash_max_width": {"opening": "text", "limit": "length", "value": "length"},
    "sash_min_height": {"opening": "text", "limit": "length", "value": "length"},
    "sash_max_height": {"opening": "text", "limit": "length", "value": "length"},
    "sash_max_area": {"opening": "text", "limit": "area", "value": "area"},
    "held_by_section": {"section": "message", "opening": "text", "bound": "message", "limit": "length"},
    "held_by_division": {},
    "bound_min": {},
    "bound_max": {},
    # A catalog rule's own message (dealer data, picked in the request's language).
    "rule": {"text": "text"},
    # Sections named by their place in the layout (see layout.section_places), else by id.
    "section_window": {},
    "section_left": {},
    "section_right": {},
    "section_middle": {},
    "section_top": {},
    "section_bottom": {},
    "section_id": {"id": "text"},
    # Price-line labels: the dealer's label (picked in the request's language, or joined with a
    # section id), and the lines the engine adds itself.
    "label": {"text": "text"},
    # A per-section line's label: the dealer's label and the section by its place (``Sash (left)``).
    "line_in_section": {"text": "text", "section": "message"},
    "place_window": {},
    "place_left": {},
    "place_right": {},
    "place_middle": {},
    "place_top": {},
    "place_bottom": {},
    "quantity_discount": {"percent": "percent"},
    "minimum_price": {},
    "vat_share": {"label": "message", "rate": "percent"},
    # How a price line was made (the dealer's formula, server/engine/pricing.py and order_fees.py):
    # the figures in the order the engine reckons with them, the words in the catalogs.
    "formula_matrix_round_up": {"width": "length", "height": "length", "to_width": "length",
                                "to_height": "length", "value": "money"},
    "formula_matrix_interpolated": {"width": "length", "height": "length", "w0": "length", "w1": "length",
                                    "h0": "length", "h1": "length", "value": "money"},
    "formula_united_inches": {"inches": "decimal", "rate": "money"},
    "formula_cm2": {"area": "decimal", "rate": "money"},
    "formula_m2": {"area": "decimal", "rate": "money"},
    "formula_m2_minimum": {"area": "decimal", "minimum": "decimal", "rate": "money"},
    "formula_tiered_area": {"area": "decimal", "bands": "message"},
    "formula_band": {"area": "decimal", "rate": "money"},
    "formula_plus": {"first": "message", "then": "message"},
    "formula_then": {"first": "message", "then": "message"},
    "formula_metres": {"length": "metres", "rate": "money"},
    "formula_frame": {"length": "metres", "rate": "money"},
    "formula_amount": {"amount": "money"},
    "formula_sashes": {"count": "decimal", "amount": "money"},
    "formula_bar_fields": {"count": "decimal", "amount": "money"},
    "formula_less_default": {"formula": "message", "default": "message"},
    "formula_default_choice": {},
    "formula_section": {"section": "text", "formula": "message"},
    "formula_percent_of": {"percent": "percent", "basis": "money", "of": "text"},
    "formula_factor": {"factor": "decimal", "basis": "money", "of": "text"},
    "formula_vat_share": {"formula": "message", "rate": "percent"},
    "formula_discount": {"percent": "percent", "basis": "money", "rate": "percent"},
    "formula_minimum": {"floor": "money", "window": "money", "rate": "percent"},
    "formula_minimum_share": {"floor": "money", "window": "money", "basis": "money", "rate": "percent"},
    "formula_minimum_rest": {"floor": "money", "window": "money", "rate": "percent"},
    "formula_markup": {"formula": "message", "markup": "decimal", "amount": "money"},
    "formula_result": {"formula": "message", "amount": "money"},
    "formula_per_order": {"amount": "money", "markup": "decimal", "result": "money"},
    # No size fits the choices (an empty live range): what they need and allow, and what to change.
    "width_none": {"min": "length", "max": "length"},
    "height_none": {"min": "length", "max": "length"},
    # The window is too small for its layout: the layout's label and the live minimum.
    "layout_needs_width": {"layout": "text", "min": "length"},
    "layout_needs_height": {"layout": "text", "min": "length"},
    # `catalog check`'s warning: the product's default window leaves most of a group unavailable.
    "mostly_unavailable_values": {"product": "text", "group": "text", "off": "number", "total": "number"},
    "mostly_unavailable_openings": {"product": "text", "section": "message", "off": "number", "total": "number"},
    # A saved draft's amount too large to reckon with in cents (Decimal's precision): the check's problem.
    "amount_too_large": {"max": "number"},
}

_PLACES = frozenset({"window", "left", "right", "middle", "top", "bottom"})


def message(code: str, **params: Param) -> Message:
    """The message ``code`` with ``params``; they must be the ones :data:`CODES` lists for it."""
    wanted = CODES[code]
    if set(params) != set(wanted):
        raise ValueError(f"{code}: expected params {sorted(wanted)}, got {sorted(params)}")
    return Message(code=code, params=params)


def section_ref(place: str | None, section_id: str) -> Message:
    """A section as a sentence names it: by its place (``section_left``), else by its id."""
    if place in _PLACES:
        return Message(code=f"section_{place}")
    return message("section_id", id=section_id)


def section_place(place: str | None, section_id: str) -> Message:
    """A section as a price line names it after the label: by its place (``place_left``), else by its id."""
    if place in _PLACES:
        return Message(code=f"place_{place}")
    return message("label", text=section_id)
