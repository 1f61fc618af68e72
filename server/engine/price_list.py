"""The price of a list of windows as one document: evaluate-list, the quote request.

Each item is priced on its own (its lines, without fees once per order); the document
then adds each ``per_order`` fee once (:mod:`server.engine.order_fees`) and computes its
totals by the one rule of :mod:`server.engine.document` (VAT per rate over the whole
document, rounded once per rate). The widget shows these totals, never its own sum.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from server.engine.evaluate import Detailed, PriceLine, PriceSummary, VatRow, public_lines, public_price, vat_rows
from server.engine.money import fmt
from server.engine.order_fees import once_per_order
from server.engine.pricing import Line

__all__ = ["DocumentPrice", "Totals", "price_list"]


class Totals(msgspec.Struct, frozen=True, kw_only=True):
    """A document's totals: every item and every fee once per order, VAT per rate over all its lines,
    rounded once per rate (the list of evaluate-list, the stored quote request)."""

    subtotal: str
    vat: str
    total: str
    currency: str
    vat_breakdown: list[VatRow] = []


class DocumentPrice(msgspec.Struct, frozen=True, kw_only=True):
    """Each valid item's own price (``None`` for an invalid one), the fees once per order, the totals."""

    items: list[PriceSummary | None]
    order_lines: list[PriceLine]
    fees: list[Line]
    totals: Totals


def price_list(details: Sequence[Detailed], currency: str, includes_vat: bool) -> DocumentPrice:
    """Price the evaluated items of one document; invalid items count for nothing."""
    items: list[PriceSummary | None] = []
    lines: list[Line] = []
    fee_lists: list[list[Line]] = []
    for detailed in details:
        item = detailed.item_price
        if item is None or not detailed.evaluation.valid:
            items.append(None)
            continue
        items.append(public_price(item, [], currency, includes_vat))
        lines += item.lines
        fee_lists.append(detailed.fees)
    fees = once_per_order(fee_lists)
    subtotal, vat, total, rows = vat_rows(lines + fees)
    return DocumentPrice(items=items, order_lines=public_lines(fees, per_order=True), fees=fees,
                         totals=Totals(subtotal=fmt(subtotal), vat=fmt(vat), total=fmt(total), currency=currency,
                                       vat_breakdown=rows))
