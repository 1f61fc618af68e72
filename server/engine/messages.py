"""The engine's own sentences (field errors, reasons), in every language it speaks."""

from __future__ import annotations

__all__ = ["say"]

_TEXT: dict[str, dict[str, str]] = {
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
        "nl": "Vak {section} wordt te klein ({value} mm).",
        "en": "Section {section} becomes too small ({value} mm).",
        "de": "Feld {section} wird zu klein ({value} mm).",
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
        "nl": "vak {section} ({opening}): {bound} {limit} mm",
        "en": "section {section} ({opening}): {bound} {limit} mm",
        "de": "Feld {section} ({opening}): {bound} {limit} mm",
    },
    "held_by_division": {
        "nl": "grens van deze verdeling", "en": "this division's own limit",
        "de": "Grenze dieser Teilung",
    },
    "bound_min": {"nl": "minimaal", "en": "at least", "de": "mindestens"},
    "bound_max": {"nl": "maximaal", "en": "at most", "de": "höchstens"},
    "quantity_discount": {
        "nl": "Staffelkorting {percent}%", "en": "Quantity discount {percent}%",
        "de": "Mengenrabatt {percent}%",
    },
    "minimum_price": {
        "nl": "Toeslag minimumprijs", "en": "Minimum price surcharge", "de": "Mindestpreiszuschlag",
    },
}


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` (English when missing) with ``values`` filled in."""
    texts = _TEXT[key]
    return texts.get(lang, texts["en"]).format(**values)
