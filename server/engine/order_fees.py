"""Fees once per order (price kind ``per_order``), such as delivery.

A window's price (:mod:`server.engine.pricing`) never holds them: they are not multiplied
by the quantity, not part of percentages, quantity discounts or the minimum price. Each
item says which fees it calls for (:func:`item_fees`); the document charges each fee code
once (:func:`once_per_order`), however many windows or products carry it. When two
products price the same code differently, the highest amount is charged (one delivery,
at the price of the product that needs the most), and the first such item names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from server.engine.compiled import CompiledProduct
from server.engine.i18n import pick
from server.engine.messages import message
from server.engine.money import round_cents
from server.engine.pricing import Line
from server.engine.state import State

__all__ = ["item_fees", "once_per_order"]

_HUNDRED = Decimal(100)


def item_fees(cp: CompiledProduct, state: State, lang: str, vat_rate: Decimal, markup_percent: Decimal) -> list[Line]:
    """The ``per_order`` fees a valid configuration calls for, each for one piece, marked up like a base line."""
    markup = Decimal(1) + markup_percent / _HUNDRED
    fees: list[Line] = []
    for rule in cp.product.prices:
        if rule.kind != "per_order":
            continue
        when = cp.price_when.get(rule.code)
        if when is not None and not when.test(state):
            continue
        unit = round_cents((rule.amount or Decimal(0)) * markup)
        if rule.hide_if_zero and unit == 0:
            continue
        rate = rule.vat_rate if rule.vat_rate is not None else vat_rate
        fees.append(Line(rule.code, message("label", text=pick(rule.label, lang)), 1, unit, unit, 1, rate, rule.sort,
                         message("formula_per_order", amount=rule.amount if rule.amount is not None else Decimal(0),
                                 markup=markup, result=unit)))
    return fees


def once_per_order(per_item: Iterable[list[Line]]) -> list[Line]:
    """Each fee code once over the document, at its highest amount, in price-line order."""
    chosen: dict[str, Line] = {}
    for fees in per_item:
        for fee in fees:
            same = chosen.get(fee.code)
            if same is None or fee.amount > same.amount:
                chosen[fee.code] = fee
    return sorted(chosen.values(), key=lambda ln: (ln.sort, ln.code))
