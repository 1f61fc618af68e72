"""The two parties on a quote or an invoice: the dealer who sells and the homeowner who buys.

Both are copied onto the quote when it is made (and from the quote onto its invoice), so a
document keeps the parties as they were on the day it was made. Every field defaults to an
empty string: copies stored before a field existed, and a buyer whose contact was erased,
still read as a party.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from server.documents.legal_format import printed_bic, printed_iban, printed_vat

__all__ = ["Buyer", "Party", "Seller", "buyer_lines", "party_from_json", "seller_lines"]


class Party(msgspec.Struct, frozen=True, kw_only=True):
    """What every party has: a name, a way to reach them and an address."""

    name: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""


class Seller(Party, frozen=True, kw_only=True):
    """The dealer as printed: the one-line address, the legal numbers and the house style."""

    address: str = ""
    vat_number: str = ""
    coc_number: str = ""
    iban: str = ""
    bic: str = ""
    # The version of the terms the quote was made under (the terms' text is the quote's own copy).
    terms_version: str = ""
    accent_colour: str = ""
    logo_url: str = ""


class Buyer(Party, frozen=True, kw_only=True):
    """The homeowner (or their company) as printed."""

    company: str = ""
    house_number: str = ""


P = TypeVar("P", bound=Party)


def party_from_json(text: str, kind: type[P]) -> P:
    """A stored copy of a party; a null field (an erased contact's company) reads as empty."""
    raw: Mapping[str, Any] = msgspec.json.decode(text)
    return msgspec.convert({k: v for k, v in raw.items() if v is not None}, kind)


def seller_lines(seller: Seller, w: Mapping[str, str]) -> list[str]:
    """The dealer's name, address and legal numbers as printed (numbers in their written form)."""
    lines = [seller.name, seller.address]
    lines += [x for x in (seller.email, seller.phone) if x]
    if seller.vat_number:
        lines.append(f"{w['vat_number']} {printed_vat(seller.vat_number)}")
    if seller.coc_number:
        lines.append(f"{w['coc_number']} {seller.coc_number}")
    if seller.iban:
        lines.append(f"{w['iban']} {printed_iban(seller.iban)}")
    if seller.bic:
        lines.append(f"{w['bic']} {printed_bic(seller.bic)}")
    return [x for x in lines if x]


def buyer_lines(buyer: Buyer) -> list[str]:
    """The homeowner's name and address as printed."""
    lines = [buyer.name]
    if buyer.company:
        lines.append(buyer.company)
    lines.append(f"{buyer.street} {buyer.house_number}".strip())
    lines.append(f"{buyer.postcode} {buyer.city}".strip())
    lines += [x for x in (buyer.email, buyer.phone) if x]
    return [x for x in lines if x]
