"""The engine's messages in words (issue 15): :func:`say` writes a :class:`Message` for a language and units.

The engine returns codes with parameters (``server.engine.messages``); this module holds their
sentences (the catalogs' ``engine`` family, ``engine.size_range``) and fills them in the
locale's way: numbers and areas through :func:`server.i18n.formats.format_number` (``4,8`` in
nl and de, grouping ``1.300``), lengths through the one unit formatter, so an imperial dealer's
homeowner reads ``Choose a size from 24" to 84".`` and never millimetres.

A sentence writes its unit once after a metric length (``van 350 tot 1.300 mm``); for an imperial
dealer that `` mm`` goes and each length carries its inch mark (``from 13 3/4" to 51 3/16"``).

A price formula (dealer only, ``formula_*`` codes) quotes money (``665,50``: at least two
decimals), exact figures (``1,316678`` m², a factor ``1,1``: every decimal the engine reckoned
with) and lengths it reckons in metres (``5,2 m``, or ``204 3/4"`` for an imperial dealer).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import numbers as babel_numbers

from server.engine.messages import CODES, Message, section_ref
from server.i18n.formats import babel_locale, format_number, format_percent
from server.i18n.lengths import Bound, Units, format_length, is_imperial
from server.i18n.words import words

__all__ = ["say", "section_name"]

_HUNDREDTH = Decimal("0.01")

# Codes whose sentence starts with a section's name, which then starts with a capital.
_CAPITALISED = frozenset({"section_too_small"})


# Which limit a length parameter is: a minimum is written in inches that, typed, are not below it
# (and a maximum not above it); by code and parameter, ``held_by_section``'s by its ``bound``.
_BOUNDS: dict[tuple[str, str], Bound] = {
    ("size_range", "min"): "min", ("size_range", "max"): "max",
    ("division_range", "min"): "min", ("division_range", "max"): "max", ("division_min", "min"): "min",
    ("sash_min_width", "limit"): "min", ("sash_min_height", "limit"): "min",
    ("sash_max_width", "limit"): "max", ("sash_max_height", "limit"): "max",
    ("width_none", "min"): "min", ("width_none", "max"): "max",
    ("height_none", "min"): "min", ("height_none", "max"): "max",
    ("layout_needs_width", "min"): "min", ("layout_needs_height", "min"): "min",
}


def _bound(msg: Message, name: str) -> Bound | None:
    if msg.code == "held_by_section" and name == "limit":
        word = msg.params.get("bound")
        code = word.code if isinstance(word, Message) else ""
        return "min" if code == "bound_min" else "max" if code == "bound_max" else None
    return _BOUNDS.get((msg.code, name))


def _length(mm: object, lang: str, units: Units, bound: Bound | None = None) -> str:
    if not isinstance(mm, int | Decimal) or isinstance(mm, bool):
        return str(mm)
    if is_imperial(units):
        return format_length(mm, lang, units, bound)
    # The sentence writes " mm" once (after a range's second figure): here the figure alone, in
    # the grouping format_length gives millimetres (1.300 in nl and de, 1,300 in en).
    return format_number(mm, lang)


def _area(value: object, lang: str) -> str:
    # Areas keep at most two decimals, half up, as the engine rounds the figure it shows.
    if not isinstance(value, int | Decimal) or isinstance(value, bool):
        return str(value)
    return format_number(Decimal(value).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP), lang)


def _exact(value: object, lang: str, places: int = 0) -> str:
    # Every decimal kept (a formula's figures are the ones the engine reckoned with), at least
    # ``places`` of them (money: ``629,00``), in the locale's grouping and decimal sign.
    if not isinstance(value, int | Decimal) or isinstance(value, bool):
        return str(value)
    exponent = Decimal(value).normalize().as_tuple().exponent
    decimals = max(places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(Decimal(value), format=pattern, locale=babel_locale(lang))


def _metres(mm: object, lang: str, units: Units) -> str:
    # A length a formula reckons in metres: in inches for an imperial dealer (the sentence's " m" goes).
    if not isinstance(mm, int | Decimal) or isinstance(mm, bool):
        return str(mm)
    if is_imperial(units):
        return format_length(mm, lang, units)
    return _exact(Decimal(mm) / 1000, lang)


def _sentence(code: str, lang: str, units: Units) -> str:
    text = words("engine", lang)[code]
    if is_imperial(units):
        # Each inch figure carries its own mark: the metric sentence's " mm" (or a formula's " m")
        # after a length goes.
        for name, kind in CODES.get(code, {}).items():
            if kind == "length":
                text = text.replace(f"{{{name}}} mm", f"{{{name}}}")
            elif kind == "metres":
                text = text.replace(f"{{{name}}} m", f"{{{name}}}")
    return text


def say(msg: Message, lang: str, units: Units = "metric") -> str:
    """``msg`` in words for ``lang`` (the catalogs' fallback rule), lengths in the dealer's ``units``.

    Lengths in mm for a metric dealer (``1.300``, the sentence says ``mm``), inches to 1/16 for an
    imperial one (``51 3/16"``, or ``4' 3 3/16"`` in ``feet-inches``); areas and numbers the locale's way.
    """
    kinds = CODES.get(msg.code, {})
    values: dict[str, str] = {}
    for name, value in msg.params.items():
        kind = kinds.get(name, "text")
        if isinstance(value, Message):
            values[name] = say(value, lang, units)
        elif kind == "length":
            values[name] = _length(value, lang, units, _bound(msg, name))
        elif kind == "area":
            values[name] = _area(value, lang)
        elif kind == "number" and isinstance(value, int | Decimal) and not isinstance(value, bool):
            values[name] = format_number(value, lang)
        elif kind == "percent" and isinstance(value, int | Decimal) and not isinstance(value, bool):
            values[name] = format_percent(value, lang)
        elif kind == "money":
            values[name] = _exact(value, lang, places=2)
        elif kind == "decimal":
            values[name] = _exact(value, lang)
        elif kind == "metres":
            values[name] = _metres(value, lang, units)
        else:
            values[name] = str(value)
    text = _sentence(msg.code, lang, units).format(**values)
    return text[:1].upper() + text[1:] if msg.code in _CAPITALISED else text


def section_name(place: str | None, section_id: str, lang: str) -> str:
    """A section as a sentence names it: ``het linkervak`` by its place, else ``vak {id}``."""
    return say(section_ref(place, section_id), lang)
