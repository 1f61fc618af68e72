"""The quote-request body as the widget sends it (design.md), the 201 answer, and prices in words.

Types only, but for :func:`worded_price` and :func:`worded_lines`: every length, format and
cross-field rule is checked in :mod:`server.services.intake_checks` so all problems are reported
at once. The engine's price lines carry their labels as message codes; :class:`PriceLine` and
:class:`PriceSummary` are the public (and stored) shapes, labels in words.
"""

from __future__ import annotations

from typing import Any

import msgspec

from server.engine import evaluate as engine
from server.engine.evaluate import VatRow
from server.engine.price_list import Totals
from server.i18n.engine_words import say
from server.i18n.lengths import Units
from server.services.inputs import Input

__all__ = ["Contact", "Item", "PriceLine", "PriceSummary", "Privacy", "QuoteRequestIn", "QuoteRequestOut",
           "worded_lines", "worded_price"]


class PriceLine(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One public price line (excl. VAT); money as strings with two decimals, the label in words.

    ``per_order`` marks a fee charged once per document (not per window), such as delivery.
    """

    code: str
    label: str
    quantity: str
    unit_price: str
    amount: str
    vat_rate: str
    per_order: bool = False


class PriceSummary(msgspec.Struct, frozen=True, kw_only=True):
    """The public price of one item (in evaluate: of the one-window document, its fees included).

    VAT is computed per rate over the lines and rounded once per rate (``vat_breakdown``).
    """

    lines: list[PriceLine]
    subtotal: str
    vat: str
    total: str
    currency: str
    includes_vat: bool
    vat_breakdown: list[VatRow] = []


def worded_lines(lines: list[engine.PriceLine], lang: str, units: Units) -> list[PriceLine]:
    """The engine's price lines with their labels in words for ``lang``."""
    return [PriceLine(code=ln.code, label=say(ln.label, lang, units), quantity=ln.quantity,
                      unit_price=ln.unit_price, amount=ln.amount, vat_rate=ln.vat_rate, per_order=ln.per_order)
            for ln in lines]


def worded_price(price: engine.PriceSummary, lang: str, units: Units) -> PriceSummary:
    """The engine's price of an item with its lines' labels in words for ``lang``."""
    return PriceSummary(lines=worded_lines(price.lines, lang, units), subtotal=price.subtotal, vat=price.vat,
                        total=price.total, currency=price.currency, includes_vat=price.includes_vat,
                        vat_breakdown=price.vat_breakdown)


class Contact(Input, frozen=True, kw_only=True):
    """Who asks for the quote."""

    name: str
    email: str
    phone: str = ""
    company: str | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""


class Item(Input, frozen=True, kw_only=True):
    """One window; a ``price`` sent along is ignored: the server prices every item itself."""

    configuration: dict[str, Any]
    note: str = ""
    price: dict[str, Any] | None = None


class Privacy(Input, frozen=True, kw_only=True):
    """Which privacy notice the homeowner was shown, and the marketing choice."""

    notice_url: str
    notice_version: str
    marketing_opt_in: bool = False


class QuoteRequestIn(Input, frozen=True, kw_only=True):
    """``POST /api/v1/dealers/{dealer}/quote-requests`` body."""

    items: list[Item]
    contact: Contact
    privacy: Privacy
    form_token: str
    lang: str = "nl"
    message: str = ""
    website: str = ""


class ItemOut(msgspec.Struct, frozen=True, kw_only=True):
    """The server's price of one item."""

    price: PriceSummary


class QuoteRequestOut(msgspec.Struct, frozen=True, kw_only=True):
    """The 201 answer: the reference and the server's own prices."""

    reference: str
    items: list[ItemOut]
    totals: Totals
    order_lines: list[PriceLine] = []
    # Where the homeowner's confirmation goes, as they typed it; None when none is sent (the dealer
    # sends none, or the address had its share today), so the widget never promises one wrongly.
    confirmation_to: str | None = None
