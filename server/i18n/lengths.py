"""One unit formatter for lengths: millimetres, or inches with fractions to 1/16 (``36 1/2"``), or feet-inches.

Sizes are stored as mm (integers, or Decimal for computed ones). An imperial dealer's homeowner types
inches to 1/16 (see ``server/engine/units.py``); writing a length back rounds to the nearest
sixteenth (half up) and reduces the fraction, so ``36 1/2"`` typed comes back as ``36 1/2"`` and
never as ``35 16/16"``. The widget's parser reads every form written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from math import gcd
from typing import Any, Literal

from babel import units as babel_units

from server.engine.units import MM_PER_INCH, sixteenths_from_mm
from server.i18n.formats import babel_locale, format_number

__all__ = ["Bound", "Units", "bound_sixteenths", "dimension_text", "format_inches", "format_length", "format_mm",
           "format_size", "is_imperial", "stored_size"]

# How a dealer's lengths are written: millimetres, inches, or feet-inches (``3' 6 1/2"``); from
# the catalog's ``[dealer] units`` and ``imperial_lengths`` (``Dealer.length_units``).
Units = Literal["metric", "imperial", "feet-inches"]


def _inches_text(sixteenths: int) -> str:
    """``sixteenths`` (>= 0) as whole inches and a reduced fraction, without the inch mark: ``36 1/2``."""
    whole, rest = divmod(sixteenths, 16)
    if not rest:
        return str(whole)
    common = gcd(rest, 16)
    fraction = f"{rest // common}/{16 // common}"
    return f"{whole} {fraction}" if whole else fraction


Bound = Literal["min", "max"]


def _typed_back(sixteenths: int) -> Decimal:
    """The whole mm the widget sends for ``sixteenths`` typed (``Math.round`` of the inches in mm)."""
    return (Decimal(sixteenths) * MM_PER_INCH / 16).to_integral_value(ROUND_HALF_UP)


def bound_sixteenths(mm: int | Decimal, bound: Bound | None = None) -> int:
    """``mm`` to the nearest 1/16 in; for a limit (``bound``), the nearest one that, typed, keeps to it.

    A minimum of 350 mm is 13.78 in, nearest 13 3/4"; typed, that is 349.25 mm, sent as 349 and
    refused. So a minimum goes up one sixteenth (13 13/16") and a maximum down one when the nearest
    would fall outside once typed.
    """
    sixteenths = sixteenths_from_mm(mm)
    if bound == "min" and _typed_back(sixteenths) < mm:
        return sixteenths + 1
    if bound == "max" and _typed_back(sixteenths) > mm:
        return sixteenths - 1
    return sixteenths


def format_inches(mm: int | Decimal, feet: bool = False, bound: Bound | None = None) -> str:
    """``mm`` in inches to the nearest 1/16: ``36 1/2"``; with ``feet``, ``3' 6 1/2"`` (and ``0' 11"``).

    With ``bound`` the length is a limit the homeowner types against (:func:`bound_sixteenths`).
    """
    sixteenths = bound_sixteenths(mm, bound)
    sign = "-" if sixteenths < 0 else ""
    sixteenths = abs(sixteenths)
    if not feet:
        return f'{sign}{_inches_text(sixteenths)}"'
    whole_feet, rest = divmod(sixteenths, 12 * 16)
    return f"{sign}{whole_feet}' {_inches_text(rest)}\""


def format_mm(mm: int | Decimal, lang: str) -> str:
    """``mm`` in millimetres as ``new Intl.NumberFormat(loc, {style: "unit", unit: "millimeter"})`` writes it.

    ``1.230 mm`` (nl, de), ``1,230 mm`` (en): the locale's grouping and CLDR's short unit pattern
    (a plain space in these three locales, in Babel and in Chromium alike).
    """
    return babel_units.format_unit(Decimal(mm), "length-millimeter", "short", locale=babel_locale(lang))


def is_imperial(units: Units) -> bool:
    """True when ``units`` writes inches (plain or as feet-inches)."""
    return units != "metric"


def format_length(mm: int | Decimal, lang: str, units: Units = "metric", bound: Bound | None = None) -> str:
    """A length for a person: millimetres for a metric dealer, inches (or feet-inches) for an imperial one.

    ``bound`` marks a limit (a minimum or maximum the homeowner types against): see :func:`bound_sixteenths`.
    """
    if is_imperial(units):
        return format_inches(mm, feet=units == "feet-inches", bound=bound)
    return format_mm(mm, lang)


def format_size(width_mm: int | Decimal, height_mm: int | Decimal, lang: str, units: Units = "metric") -> str:
    """A window's size, width by height: ``1.230 × 1.480 mm`` (the unit once), ``48 1/2" × 58 1/4"``, or feet-inches."""
    if is_imperial(units):
        return f"{format_length(width_mm, lang, units)} × {format_length(height_mm, lang, units)}"
    return f"{format_number(Decimal(width_mm), lang)} × {format_mm(height_mm, lang)}"


def stored_size(configuration: Mapping[str, Any], lang: str, units: Units = "metric") -> str:
    """A stored item's size (its configuration's ``width_mm`` and ``height_mm``) as :func:`format_size` writes it.

    ``""`` when the configuration holds no whole-millimetre width and height (a stored item always
    does; an export or a page never fails on one that does not).
    """
    width, height = configuration.get("width_mm"), configuration.get("height_mm")
    if not isinstance(width, int) or isinstance(width, bool) or not isinstance(height, int) \
            or isinstance(height, bool):
        return ""
    return format_size(width, height, lang, units)


def dimension_text(mm: int, units: Units = "metric") -> str:
    """A length as a drawing's dimension line writes it: ``1230`` (mm, ungrouped), or ``48 1/2"``.

    Millimetres stay the bare number architects write on dimension lines (the caption names the
    unit); inches carry their mark, since a fraction without it reads as a ratio.
    """
    if is_imperial(units):
        return format_inches(mm, feet=units == "feet-inches")
    return str(mm)
