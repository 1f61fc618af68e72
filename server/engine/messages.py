"""The engine's own sentences (field errors, reasons), in every language it speaks.

Numbers are written the language's way in one place (:func:`number`): a decimal comma in
Dutch and German, at most two decimals, no thousands separators. Sections are named by
where they sit (:func:`section_name`), else by their id.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["number", "say", "section_name"]

_HUNDREDTH = Decimal("0.01")
_DECIMAL_COMMA = frozenset({"nl", "de"})

# A section by its place in the layout (see layout.section_places), with its article so it
# can start a sentence; the widget names the usual ids the same way.
_PLACES: dict[str, dict[str, str]] = {
    "window": {"nl": "het raam", "en": "the window", "de": "das Fenster"},
    "left": {"nl": "het linkervak", "en": "the left section", "de": "das linke Feld"},
    "right": {"nl": "het rechtervak", "en": "the right section", "de": "das rechte Feld"},
    "middle": {"nl": "het middenvak", "en": "the middle section", "de": "das mittlere Feld"},
    "top": {"nl": "het bovenlicht", "en": "the top light", "de": "das Oberlicht"},
    "bottom": {"nl": "het ondervak", "en": "the bottom section", "de": "das untere Feld"},
}
_SECTION_BY_ID = {"nl": "vak {id}", "en": "section {id}", "de": "Feld {id}"}

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


def number(value: object, lang: str) -> str:
    """``value`` written for ``lang``: ``4,5`` in nl and de, ``4.5`` in en; ints as they are.

    Decimals and floats keep at most two decimals (half up) and no trailing zeros.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, int):
        return str(value)
    amount = Decimal(str(value)) if isinstance(value, float) else value
    if not amount.is_finite():
        return str(amount)
    exponent = amount.as_tuple().exponent  # an int: the amount is finite
    if isinstance(exponent, int) and exponent < -2:
        amount = amount.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    text = format(amount.normalize(), "f")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang in _DECIMAL_COMMA else text


def section_name(place: str | None, section_id: str, lang: str, start: bool = False) -> str:
    """A section as a sentence names it: ``het linkervak`` by its place, else ``vak {id}``.

    ``start`` capitalises the first letter for the start of a sentence.
    """
    texts = _PLACES.get(place or "")
    if texts is not None:
        name = texts.get(lang, texts["en"])
    else:
        name = _SECTION_BY_ID.get(lang, _SECTION_BY_ID["en"]).format(id=section_id)
    return name[:1].upper() + name[1:] if start else name


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` (English when missing) with ``values`` filled in.

    Numbers are written the language's way (:func:`number`).
    """
    texts = _TEXT[key]
    return texts.get(lang, texts["en"]).format(**{k: number(v, lang) for k, v in values.items()})
