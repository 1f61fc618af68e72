"""Money: Decimal only, rounded in one place, written as strings with two decimals.

The rule: every price line is rounded once, half up, to cents (``ROUND_HALF_UP``); sums
of rounded lines are exact; VAT is rounded once per VAT rate over the whole document
(one window, a list, a request, a quote, an invoice): :mod:`server.engine.document`.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

__all__ = ["CENT", "ZERO", "ceil_to", "floor_to", "fmt", "round_cents", "round_half_up_int"]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_cents(value: Decimal) -> Decimal:
    """The one rounding of money: half up to cents."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """Money as JSON writes it: ``"104.55"``."""
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def round_half_up_int(value: Decimal) -> int:
    """A Decimal rounded half up to an integer (used for sizes, not money)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def floor_to(value: Decimal, step: int) -> int:
    """The largest multiple of ``step`` not above ``value``."""
    return int((value / step).to_integral_value(rounding=ROUND_FLOOR)) * step


def ceil_to(value: Decimal, step: int) -> int:
    """The smallest multiple of ``step`` not below ``value``."""
    return int((value / step).to_integral_value(rounding=ROUND_CEILING)) * step
