"""The dealer's legal details (company details): what quotes and invoices must say about the seller.

Where they live, and the rule between the two places:

* the catalog file's ``[dealer]`` ``name`` and ``[dealer.legal]`` table are where a dealer starts;
* once the back office's company-details page (or ``PATCH /api/v1/dealer/settings/legal``) saved
  them, the saved record in the database is the dealer's legal details **as a whole**; the catalog's
  values no longer count (a field emptied in the back office stays empty, it does not come back
  from the file). The form starts from the catalog's values, so the first save loses nothing.

Numbers are stored compact (``NL91ABNA0417164300``) and shown formatted
(:mod:`server.documents.legal_format`). Which details an invoice cannot go without depends on
the dealer's country (:func:`missing_for_invoice`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated, Any

import msgspec
import sqlite_utils

from server.documents.legal_format import printed_bic, printed_iban, printed_vat
from server.documents.parties import Seller
from server.engine.catalog import Dealer
from server.services.audit import now_iso, record
from server.services.countries import COUNTRIES, postcode_problem
from server.services.errors import FieldProblem, Invalid
from server.services.inputs import Input
from server.services.intake_checks import plausible_email
from server.services.legal_numbers import check_bic, check_coc, check_iban, check_vat
from server.storage.db import connect_read_only, write_transaction
from server.storage.legal_details import legal_json, store_legal

__all__ = ["FIELDS", "LegalDetails", "LegalDetailsPatch", "checked", "from_catalog", "is_saved", "legal_details",
           "merged", "missing_for_invoice", "save_details", "seller_of", "shown"]

Short = Annotated[str, msgspec.Meta(max_length=200)]
Days = Annotated[int, msgspec.Meta(ge=1, le=365)]
PaymentDays = Annotated[int, msgspec.Meta(ge=0, le=120)]
Terms = Annotated[str, msgspec.Meta(max_length=5000)]
Version = Annotated[str, msgspec.Meta(max_length=50)]
Number = Annotated[str, msgspec.Meta(max_length=60)]
Country = Annotated[str, msgspec.Meta(max_length=2)]


class LegalDetails(msgspec.Struct, frozen=True, kw_only=True):
    """The company details as stored (numbers compact) and as the API shows them."""

    company_name: Short = ""
    street: Short = ""
    postcode: Annotated[str, msgspec.Meta(max_length=12)] = ""
    city: Short = ""
    country: Country = "NL"
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=40)] = ""
    vat_number: Number = ""
    coc_number: Number = ""
    iban: Annotated[str, msgspec.Meta(max_length=50)] = ""
    bic: Annotated[str, msgspec.Meta(max_length=14)] = ""
    terms: Terms = ""
    terms_version: Version = ""
    validity_days: Days = 30
    payment_days: PaymentDays = 14


class LegalDetailsPatch(Input, frozen=True, kw_only=True, omit_defaults=True):
    """The body of ``PATCH``: only the details sent change, the others stay as they are."""

    company_name: Short | msgspec.UnsetType = msgspec.UNSET
    street: Short | msgspec.UnsetType = msgspec.UNSET
    postcode: Annotated[str, msgspec.Meta(max_length=12)] | msgspec.UnsetType = msgspec.UNSET
    city: Short | msgspec.UnsetType = msgspec.UNSET
    country: Country | msgspec.UnsetType = msgspec.UNSET
    email: Annotated[str, msgspec.Meta(max_length=254)] | msgspec.UnsetType = msgspec.UNSET
    phone: Annotated[str, msgspec.Meta(max_length=40)] | msgspec.UnsetType = msgspec.UNSET
    vat_number: Number | msgspec.UnsetType = msgspec.UNSET
    coc_number: Number | msgspec.UnsetType = msgspec.UNSET
    iban: Annotated[str, msgspec.Meta(max_length=50)] | msgspec.UnsetType = msgspec.UNSET
    bic: Annotated[str, msgspec.Meta(max_length=14)] | msgspec.UnsetType = msgspec.UNSET
    terms: Terms | msgspec.UnsetType = msgspec.UNSET
    terms_version: Version | msgspec.UnsetType = msgspec.UNSET
    validity_days: Days | msgspec.UnsetType = msgspec.UNSET
    payment_days: PaymentDays | msgspec.UnsetType = msgspec.UNSET


FIELDS: tuple[str, ...] = tuple(f.name for f in msgspec.structs.fields(LegalDetails))

# What every invoice must name about the seller (EU VAT directive art. 226, the Dutch
# Wet OB art. 35a, EN 16931), and what the seller's country adds: a Dutch or Belgian
# invoice also carries the chamber-of-commerce / enterprise number. The IBAN is how the
# homeowner pays, so an invoice without one cannot be paid.
_REQUIRED = ("company_name", "street", "postcode", "city", "vat_number", "iban")
_REQUIRED_BY_COUNTRY: dict[str, tuple[str, ...]] = {"NL": ("coc_number",), "BE": ("coc_number",)}


def from_catalog(dealer: Dealer) -> LegalDetails:
    """The legal details as the catalog file's ``[dealer]`` and ``[dealer.legal]`` write them."""
    legal = dealer.legal
    return LegalDetails(company_name=dealer.name, street=legal.street, postcode=legal.postcode, city=legal.city,
                        country=legal.country, email=legal.email, phone=legal.phone, vat_number=legal.vat_number,
                        coc_number=legal.coc_number, iban=legal.iban, terms=legal.terms,
                        validity_days=legal.validity_days, payment_days=legal.payment_days)


def _saved(db: sqlite_utils.Database, slug: str) -> LegalDetails | None:
    text = legal_json(db, slug)
    if text is None:
        return None
    try:
        return msgspec.json.decode(text, type=LegalDetails)
    except msgspec.ValidationError:
        return None  # a row written by a newer version with other bounds: the catalog serves meanwhile


def is_saved(db: sqlite_utils.Database, slug: str) -> bool:
    """Whether the dealer saved company details in the back office (they then replace the catalog's)."""
    return _saved(db, slug) is not None


def legal_details(db: sqlite_utils.Database, slug: str, dealer: Dealer) -> LegalDetails:
    """The dealer's legal details: the saved ones when there are, else the catalog's (see the module docstring)."""
    return _saved(db, slug) or from_catalog(dealer)


def merged(current: LegalDetails, change: LegalDetailsPatch) -> LegalDetails:
    """``current`` with every field that ``change`` carries replaced."""
    sent = {name: getattr(change, name) for name in FIELDS if getattr(change, name) is not msgspec.UNSET}
    return msgspec.structs.replace(current, **sent)


def checked(typed: LegalDetails) -> LegalDetails:
    """``typed`` trimmed, numbers made compact; :class:`Invalid` naming every wrong field at once.

    An empty field is allowed (a dealer fills the details in over time; the checklist and the
    invoice refusal say what is still missing); a filled one must be right.
    """
    text = {name: " ".join(str(getattr(typed, name)).split()) for name in FIELDS
            if isinstance(getattr(typed, name), str) and name != "terms"}
    text["country"] = text["country"].upper()
    problems: list[FieldProblem] = []
    country = text["country"]
    if country not in COUNTRIES:
        problems.append(FieldProblem(field="country", code="legal.country.unknown"))
    if text["postcode"] and country in COUNTRIES:
        problem = postcode_problem(country, text["postcode"])
        if problem is not None:
            problems.append(problem)
        elif country == "NL":
            # One way of writing a Dutch postcode on every document: 1015 BA.
            compact = text["postcode"].replace(" ", "").upper()
            text["postcode"] = f"{compact[:4]} {compact[4:]}"
    if text["email"] and not plausible_email(text["email"]):
        problems.append(FieldProblem(field="email", code="legal.email.format"))
    numbers = [("iban", check_iban), ("bic", check_bic)]
    for name, check in numbers:
        if text[name]:
            text[name], problem = check(text[name])
            problems += [problem] if problem else []
    for name, check_in in (("vat_number", check_vat), ("coc_number", check_coc)):
        if text[name] and country in COUNTRIES:
            text[name], problem = check_in(text[name], country)
            problems += [problem] if problem else []
    if problems:
        raise Invalid(problems, code="legal.invalid")
    return msgspec.structs.replace(typed, terms=typed.terms.strip(), **text)


def save_details(db: sqlite_utils.Database, slug: str, old: LegalDetails, new: LegalDetails,
                 actor: str) -> list[tuple[str, Any, Any]]:
    """Store ``new`` (already :func:`checked`) with one audit entry per changed field, all in one transaction."""
    changes = [(name, getattr(old, name), getattr(new, name)) for name in FIELDS
               if getattr(old, name) != getattr(new, name)]
    with write_transaction(db):
        store_legal(db, slug, msgspec.json.encode(new).decode(), now_iso(), actor[:200])
        for name, before, after in changes:
            record(db, slug, actor, "legal.change", name, msgspec.json.encode({"old": before, "new": after}).decode(),
                   before=before, after=after)
    return changes


def missing_for_invoice(details: LegalDetails) -> list[str]:
    """The fields an invoice of this dealer still lacks (empty when invoices may be issued), in form order."""
    required = set(_REQUIRED) | set(_REQUIRED_BY_COUNTRY.get(details.country, ()))
    return [name for name in FIELDS if name in required and not getattr(details, name)]


def _address(details: LegalDetails) -> str:
    place = f"{details.postcode} {details.city}".strip()
    return ", ".join(x for x in (details.street, place) if x)


def seller_of(details: LegalDetails, dealer: Dealer) -> Seller:
    """The dealer as a quote or an invoice prints them (numbers compact; the documents format them)."""
    return Seller(name=details.company_name or dealer.name, address=_address(details) or dealer.legal.address,
                  street=details.street, postcode=details.postcode, city=details.city, country=details.country,
                  vat_number=details.vat_number, coc_number=details.coc_number, iban=details.iban, bic=details.bic,
                  email=details.email, phone=details.phone, terms_version=details.terms_version,
                  accent_colour=dealer.accent_colour, logo_url=dealer.logo_url)


def public_name_and_address(db_path: Path, slug: str, dealer: Dealer) -> tuple[str, str]:
    """The name and one-line address a public page shows: the saved company details, read without
    waiting on or changing the database; the catalog's when it cannot answer (the page still serves)."""
    try:
        db = connect_read_only(db_path)
        try:
            seller = seller_of(legal_details(db, slug, dealer), dealer)
        finally:
            db.conn.close()
    except sqlite3.Error:
        return dealer.name, dealer.legal.address
    return seller.name, seller.address


def shown(details: LegalDetails) -> dict[str, str]:
    """Every field as text for a form or a page, the numbers formatted as people write them."""
    out = {name: str(getattr(details, name)) for name in FIELDS}
    out.update(iban=printed_iban(details.iban), bic=printed_bic(details.bic),
               vat_number=printed_vat(details.vat_number))
    return out
