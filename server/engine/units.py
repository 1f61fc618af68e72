"""Lengths: sizes are integer mm; imperial dealers' homeowners type inches.

The widget turns typed inches (to 1/16 in) into mm rounded to a whole millimetre. A
sixteenth is 1.5875 mm, so rounding to the nearest sixteenth gives the typed value back;
every inch-based price must start from that, not from the rounded mm.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["MM_PER_INCH", "inches_from_mm", "sixteenths_from_mm"]

MM_PER_INCH = Decimal("25.4")
_SIXTEENTHS = Decimal(16)


def sixteenths_from_mm(mm: int | Decimal) -> int:
    """``mm`` as a whole number of sixteenths of an inch, rounded half up (away from zero).

    The one rounding of mm to inches: a price per inch (``inches_from_mm``) and every length a
    person reads (``server.i18n.lengths``) start from it, so they never disagree by a sixteenth.
    """
    return int((Decimal(mm) * _SIXTEENTHS / MM_PER_INCH).to_integral_value(ROUND_HALF_UP))


def inches_from_mm(mm: int) -> Decimal:
    """``mm`` in inches, rounded half up to the nearest 1/16 in (the widget's precision)."""
    return sixteenths_from_mm(mm) / _SIXTEENTHS
