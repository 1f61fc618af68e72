"""What each available choice would cost: the ``delta`` beside a value in the evaluate answer.

A value's delta is the price of one window (quantity 1) with only that value changed, minus the
price of one window as configured, both priced the way the answer's price is: the window's lines
and its fees once per order, VAT per rate over them and rounded once per rate, incl. or excl. VAT
as the dealer shows prices. So at quantity 1 choosing the value changes the answer's ``total``
(``subtotal`` for a dealer who shows prices excl. VAT) by exactly its delta. The value chosen now
has ``0.00``; an unavailable value has none, and neither has any value while the configuration is
invalid (there is no price to compare with).

Pricing every value in full would cost one window's price per value. One option or one opening
touches few of a window's price lines, so only those are priced again
(:func:`server.engine.pricing.changed_parts`) and the totals are summed without labels, formulas
or order (:func:`server.engine.pricing.one_window_amounts`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from server.engine.catalog import Dealer
from server.engine.compiled import CompiledProduct
from server.engine.document import document_totals
from server.engine.order_fees import item_fees
from server.engine.pricing import PriceParts, changed_parts, one_window_amounts
from server.engine.state import State, with_opening, with_option

__all__ = ["Deltas", "value_deltas", "window_figure"]


class Deltas(NamedTuple):
    """The delta of each value asked for: option group -> value, and section -> opening type."""

    options: dict[str, dict[str, Decimal]]
    openings: dict[str, dict[str, Decimal]]


def window_figure(cp: CompiledProduct, state: State, parts: PriceParts, lang: str, dealer: Dealer) -> Decimal:
    """One window of ``state`` (its ``parts``), fees included, as the dealer shows prices (incl. or excl. VAT)."""
    lines = one_window_amounts(cp, state, parts, lang, dealer.vat_rate)
    lines += [(fee.amount, fee.vat_rate) for fee in item_fees(cp, state, lang, dealer.vat_rate, dealer.markup_percent)]
    totals = document_totals(lines)
    return totals.total if dealer.prices_include_vat else totals.subtotal


def value_deltas(cp: CompiledProduct, state: State, parts: PriceParts, options: dict[str, list[str]],
                 openings: dict[str, list[str]], lang: str, dealer: Dealer) -> Deltas:
    """The deltas of the option values (group -> values) and opening types (section -> types) asked for.

    ``state`` must be valid and ``parts`` its price parts (:func:`server.engine.pricing.price_parts`);
    each value asked for must be available (the state with it is valid too). Both figures are whole
    cents, so each difference is exact.
    """
    base = window_figure(cp, state, parts, lang, dealer)
    markup = dealer.markup_percent
    by_option: dict[str, dict[str, Decimal]] = {}
    for gid, values in options.items():
        row = by_option[gid] = {}
        for vid in values:
            if vid == state.options[gid]:
                row[vid] = Decimal("0.00")
                continue
            changed = with_option(state, gid, vid, cp.value_props)
            row[vid] = window_figure(cp, changed, changed_parts(cp, state, parts, changed, lang, markup),
                                     lang, dealer) - base
    by_opening: dict[str, dict[str, Decimal]] = {}
    for sid, types in openings.items():
        row = by_opening[sid] = {}
        for opening in types:
            if opening == state.sections[sid].opening:
                row[opening] = Decimal("0.00")
                continue
            changed = with_opening(state, sid, opening, cp.value_props)
            row[opening] = window_figure(cp, changed, changed_parts(cp, state, parts, changed, lang, markup),
                                         lang, dealer) - base
    return Deltas(by_option, by_opening)
