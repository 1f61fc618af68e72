"""The quote-request body as the widget sends it (design.md), and the 201 answer.

Types only: every length, format and cross-field rule is checked in
:mod:`server.services.intake_checks` so all problems are reported at once.
"""

from __future__ import annotations

from typing import Any

import msgspec

from server.engine.evaluate import PriceLine, PriceSummary
from server.engine.price_list import Totals
from server.services.inputs import Input

__all__ = ["Contact", "Item", "Privacy", "QuoteRequestIn", "QuoteRequestOut"]


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
