"""The engine's messages in words (issue 15): :func:`say` writes a :class:`Message` for a language and units.

The engine returns codes with parameters (``server.engine.messages``); this module holds their
sentences in nl, en and de (the gettext catalogs take them over later) and fills them in the
locale's way: numbers and areas through :func:`server.i18n.formats.format_number` (``4,8`` in
nl and de, grouping ``1.300``), lengths through the one unit formatter, so an imperial dealer's
homeowner reads ``Choose a size from 24" to 84".`` and never millimetres.

A sentence writes its unit once after a metric length (``van 350 tot 1.300 mm``); for an imperial
dealer that `` mm`` goes and each length carries its inch mark (``from 13 3/4" to 51 3/16"``).
"""

from __future__ import annotations

import string
from decimal import ROUND_HALF_UP, Decimal

from server.engine.messages import CODES, Message, section_ref
from server.i18n.formats import format_number
from server.i18n.lengths import Units, format_length

__all__ = ["TEXTS", "placeholders", "say", "section_name"]

_HUNDREDTH = Decimal("0.01")

# Codes whose sentence starts with a section's name, which then starts with a capital.
_CAPITALISED = frozenset({"section_too_small"})

TEXTS: dict[str, dict[str, str]] = {
    "unknown_product": {
        "nl": "Onbekend product: {value}.", "en": "Unknown product: {value}.",
        "de": "Unbekanntes Produkt: {value}.",
    },
    "unknown_layout": {
        "nl": "Onbekende indeling: {value}.", "en": "Unknown layout: {value}.",
        "de": "Unbekannte Aufteilung: {value}.",
    },
    "unknown_group": {
        "nl": "Onbekende optie: {value}.", "en": "Unknown option: {value}.",
        "de": "Unbekannte Option: {value}.",
    },
    "unknown_value": {
        "nl": "{value} is geen keuze voor {group}.", "en": "{value} is not a choice for {group}.",
        "de": "{value} ist keine Auswahl für {group}.",
    },
    "unknown_section": {
        "nl": "Deze indeling heeft geen vak {value}.", "en": "This layout has no section {value}.",
        "de": "Diese Aufteilung hat kein Feld {value}.",
    },
    "unknown_division": {
        "nl": "Deze indeling heeft geen verdeling {value}.", "en": "This layout has no division {value}.",
        "de": "Diese Aufteilung hat keine Teilung {value}.",
    },
    "division_min": {
        "nl": "Deze verdeling moet minimaal {min} mm zijn.",
        "en": "This division must be at least {min} mm.",
        "de": "Diese Teilung muss mindestens {min} mm betragen.",
    },
    "opening_not_offered": {
        "nl": "{value} is hier niet mogelijk.", "en": "{value} is not offered here.",
        "de": "{value} ist hier nicht möglich.",
    },
    "fill_not_offered": {
        "nl": "Een paneel is in dit vak niet mogelijk.", "en": "A panel is not offered in this section.",
        "de": "Ein Paneel ist in diesem Feld nicht möglich.",
    },
    "bars_range": {
        "nl": "Roedes: 0 tot {max} per richting.", "en": "Glazing bars: 0 to {max} each way.",
        "de": "Sprossen: 0 bis {max} je Richtung.",
    },
    "size_range": {
        "nl": "Kies een maat van {min} tot {max} mm.", "en": "Choose a size from {min} to {max} mm.",
        "de": "Wählen Sie ein Maß von {min} bis {max} mm.",
    },
    "max_area": {
        "nl": "Dit product kan tot {max} m² (nu {value} m²).",
        "en": "This product goes up to {max} m² (now {value} m²).",
        "de": "Dieses Produkt geht bis {max} m² (jetzt {value} m²).",
    },
    "quantity_range": {
        "nl": "Aantal: 1 tot 999.", "en": "Quantity: 1 to 999.", "de": "Anzahl: 1 bis 999.",
    },
    "division_range": {
        "nl": "Deze verdeling kan van {min} tot {max} mm.",
        "en": "This division can go from {min} to {max} mm.",
        "de": "Diese Teilung geht von {min} bis {max} mm.",
    },
    "section_too_small": {
        "nl": "{section} wordt te klein ({value} mm).",
        "en": "{section} becomes too small ({value} mm).",
        "de": "{section} wird zu klein ({value} mm).",
    },
    "sash_min_width": {
        "nl": "{opening}: minimaal {limit} mm breed (nu {value} mm).",
        "en": "{opening}: at least {limit} mm wide (now {value} mm).",
        "de": "{opening}: mindestens {limit} mm breit (jetzt {value} mm).",
    },
    "sash_max_width": {
        "nl": "{opening}: maximaal {limit} mm breed (nu {value} mm).",
        "en": "{opening}: at most {limit} mm wide (now {value} mm).",
        "de": "{opening}: höchstens {limit} mm breit (jetzt {value} mm).",
    },
    "sash_min_height": {
        "nl": "{opening}: minimaal {limit} mm hoog (nu {value} mm).",
        "en": "{opening}: at least {limit} mm high (now {value} mm).",
        "de": "{opening}: mindestens {limit} mm hoch (jetzt {value} mm).",
    },
    "sash_max_height": {
        "nl": "{opening}: maximaal {limit} mm hoog (nu {value} mm).",
        "en": "{opening}: at most {limit} mm high (now {value} mm).",
        "de": "{opening}: höchstens {limit} mm hoch (jetzt {value} mm).",
    },
    "sash_max_area": {
        "nl": "{opening}: maximaal {limit} m² (nu {value} m²).",
        "en": "{opening}: at most {limit} m² (now {value} m²).",
        "de": "{opening}: höchstens {limit} m² (jetzt {value} m²).",
    },
    "held_by_section": {
        "nl": "{section} ({opening}): {bound} {limit} mm",
        "en": "{section} ({opening}): {bound} {limit} mm",
        "de": "{section} ({opening}): {bound} {limit} mm",
    },
    "held_by_division": {
        "nl": "grens van deze verdeling", "en": "this division's own limit",
        "de": "Grenze dieser Teilung",
    },
    "bound_min": {"nl": "minimaal", "en": "at least", "de": "mindestens"},
    "bound_max": {"nl": "maximaal", "en": "at most", "de": "höchstens"},
    # issue 15: engine codes
    "rule": {"nl": "{text}", "en": "{text}", "de": "{text}"},
    # issue 15: engine codes (a section by its place, with its article so it can start a sentence;
    # the widget names the usual ids the same way)
    "section_window": {"nl": "het raam", "en": "the window", "de": "das Fenster"},
    "section_left": {"nl": "het linkervak", "en": "the left section", "de": "das linke Feld"},
    "section_right": {"nl": "het rechtervak", "en": "the right section", "de": "das rechte Feld"},
    "section_middle": {"nl": "het middenvak", "en": "the middle section", "de": "das mittlere Feld"},
    "section_top": {"nl": "het bovenlicht", "en": "the top light", "de": "das Oberlicht"},
    "section_bottom": {"nl": "het ondervak", "en": "the bottom section", "de": "das untere Feld"},
    "section_id": {"nl": "vak {id}", "en": "section {id}", "de": "Feld {id}"},
    # issue 15: engine codes (price-line labels: the dealer's own, and the lines the engine adds)
    "label": {"nl": "{text}", "en": "{text}", "de": "{text}"},
    "quantity_discount": {
        "nl": "Staffelkorting {percent}%", "en": "Quantity discount {percent}%",
        "de": "Mengenrabatt {percent}%",
    },
    "minimum_price": {
        "nl": "Toeslag minimumprijs", "en": "Minimum price surcharge", "de": "Mindestpreiszuschlag",
    },
    "vat_share": {
        "nl": "{label} ({rate}% btw)", "en": "{label} ({rate}% VAT)", "de": "{label} ({rate}% MwSt.)",
    },
}


def placeholders(text: str) -> set[str]:
    """The names a sentence fills in: ``{"min", "max"}`` for ``"from {min} to {max} mm"``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _length(mm: object, lang: str, units: Units, feet: bool) -> str:
    if not isinstance(mm, int | Decimal) or isinstance(mm, bool):
        return str(mm)
    if units == "imperial":
        return format_length(mm, lang, units, feet)
    # The sentence writes " mm" once (after a range's second figure): here the figure alone, in
    # the grouping format_length gives millimetres (1.300 in nl and de, 1,300 in en).
    return format_number(mm, lang)


def _area(value: object, lang: str) -> str:
    # Areas keep at most two decimals, half up, as the engine rounds the figure it shows.
    if not isinstance(value, int | Decimal) or isinstance(value, bool):
        return str(value)
    return format_number(Decimal(value).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP), lang)


def _sentence(code: str, lang: str, units: Units) -> str:
    texts = TEXTS[code]
    text = texts.get(lang, texts["en"])
    if units == "imperial":
        # Each inch figure carries its own mark: the metric sentence's " mm" after a length goes.
        for name, kind in CODES.get(code, {}).items():
            if kind == "length":
                text = text.replace(f"{{{name}}} mm", f"{{{name}}}")
    return text


def say(msg: Message, lang: str, units: Units = "metric", feet: bool = False) -> str:
    """``msg`` in words for ``lang`` (English when a sentence is missing), lengths in the dealer's ``units``.

    Lengths in mm for a metric dealer (``1.300``, the sentence says ``mm``), inches to 1/16 for an
    imperial one (``51 3/16"``, feet-inches with ``feet``); areas and numbers the locale's way.
    """
    kinds = CODES.get(msg.code, {})
    values: dict[str, str] = {}
    for name, value in msg.params.items():
        kind = kinds.get(name, "text")
        if isinstance(value, Message):
            values[name] = say(value, lang, units, feet)
        elif kind == "length":
            values[name] = _length(value, lang, units, feet)
        elif kind == "area":
            values[name] = _area(value, lang)
        elif kind == "number" and isinstance(value, int | Decimal) and not isinstance(value, bool):
            values[name] = format_number(value, lang)
        else:
            values[name] = str(value)
    text = _sentence(msg.code, lang, units).format(**values)
    return text[:1].upper() + text[1:] if msg.code in _CAPITALISED else text


def section_name(place: str | None, section_id: str, lang: str) -> str:
    """A section as a sentence names it: ``het linkervak`` by its place, else ``vak {id}``."""
    return say(section_ref(place, section_id), lang)
