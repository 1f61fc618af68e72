"""Totals of a priced document (one evaluate, a list, a request, a quote, an invoice).

The one rule, as EN 16931 states it (BR-S-08/09 and siblings): the lines (excl. VAT,
each already rounded once) are summed per VAT rate over the whole document; the VAT of
each rate is that base x rate, rounded once, half up, to cents; the document's VAT is
the sum of those, and ``total`` = ``subtotal`` + ``vat``. Never per window: rounding each
window's VAT and adding them up differs from this by a cent now and then.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from server.engine.money import ZERO, round_cents

__all__ = ["DocumentTotals", "VatShare", "document_totals", "rate_text"]

_HUNDRED = Decimal(100)


class VatShare(NamedTuple):
    """The VAT of one rate: the base it is charged on and the amount (both rounded)."""

    rate: Decimal
    base: Decimal
    vat: Decimal


class DocumentTotals(NamedTuple):
    """Subtotal (excl. VAT), VAT, total and the VAT per rate, highest rate first."""

    subtotal: Decimal
    vat: Decimal
    total: Decimal
    breakdown: list[VatShare]


def rate_text(rate: Decimal) -> str:
    """A VAT rate as JSON writes it: ``"21"``, ``"9"``, ``"5.5"``."""
    return format(rate.normalize(), "f")


def document_totals(lines: Iterable[tuple[Decimal, Decimal]]) -> DocumentTotals:
    """Totals of a document from its lines as ``(amount excl. VAT, VAT rate in percent)``."""
    bases: dict[Decimal, Decimal] = {}
    for amount, rate in lines:
        # Normalised so that "21" and "21.0" are one rate, not two.
        key = rate.normalize()
        bases[key] = bases.get(key, ZERO) + amount
    shares = [VatShare(rate, round_cents(base), round_cents(base * rate / _HUNDRED))
              for rate, base in sorted(bases.items(), reverse=True)]
    subtotal = sum((s.base for s in shares), ZERO)
    vat = sum((s.vat for s in shares), ZERO)
    return DocumentTotals(subtotal, vat, subtotal + vat, shares)
