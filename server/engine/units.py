"""Lengths: sizes are integer mm; imperial dealers' homeowners type inches.

The widget turns typed inches (to 1/16 in) into mm rounded to a whole millimetre. A
sixteenth is 1.5875 mm, so rounding to the nearest sixteenth gives the typed value back;
every inch-based price must start from that, not from the rounded mm.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["MM_PER_INCH", "inches_from_mm"]

MM_PER_INCH = Decimal("25.4")
_SIXTEENTHS = Decimal(16)


def inches_from_mm(mm: int) -> Decimal:
    """``mm`` in inches, rounded half up to the nearest 1/16 in (the widget's precision)."""
    sixteenths = (Decimal(mm) * _SIXTEENTHS / MM_PER_INCH).to_integral_value(ROUND_HALF_UP)
    return sixteenths / _SIXTEENTHS
