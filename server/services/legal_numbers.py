"""The dealer's legal numbers checked and made compact with python-stdnum: IBAN, BIC, VAT, chamber of commerce.

Each ``check_*`` takes what the dealer typed and answers ``(compact, None)`` when it is a valid
number, or ``(typed, problem)`` naming the field. stdnum knows each country's VAT rules and
check digits (and is kept up to date when a country changes them); the Dutch KvK number has
no check digit, so it is only eight digits, and the Belgian enterprise number is the VAT
number's ten digits.
"""

from __future__ import annotations

import re

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.be import vat as _be_vat
from stdnum.ch import vat as _ch_vat
from stdnum.eu import vat as _eu_vat
from stdnum.exceptions import InvalidChecksum, ValidationError

from server.services.errors import FieldProblem

__all__ = ["check_bic", "check_coc", "check_iban", "check_vat"]

Checked = tuple[str, FieldProblem | None]
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
_KVK = re.compile(r"^[0-9]{8}$")
# stdnum's VAT prefix for a country where it differs from ISO 3166 (Greece writes EL).
_VAT_PREFIX = {"GR": "EL"}
_OTHER_VAT = re.compile(r"^[A-Z0-9]{4,20}$")


def check_iban(typed: str) -> Checked:
    """An IBAN with its check digits right; spaces and lower case are fine."""
    # The shape first: stdnum reports "xx" as a wrong checksum, which would tell the dealer nothing.
    if not _IBAN_SHAPE.match(re.sub(r"\s", "", typed).upper()):
        return typed, FieldProblem(field="iban", code="legal.iban.format")
    try:
        return str(_iban.validate(typed)), None
    except InvalidChecksum:
        return typed, FieldProblem(field="iban", code="legal.iban.checksum")
    except ValidationError:
        return typed, FieldProblem(field="iban", code="legal.iban.format")


def check_bic(typed: str) -> Checked:
    """A BIC (SWIFT code) of 8 or 11 characters."""
    try:
        return str(_bic.validate(typed)), None
    except ValidationError:
        return typed, FieldProblem(field="bic", code="legal.bic.format")


def check_vat(typed: str, country: str) -> Checked:
    """A VAT number of the dealer's own ``country`` (its prefix included), valid by that country's rules."""
    compact = re.sub(r"[\s.\-]", "", typed).upper()
    if country == "CH":
        try:
            return str(_ch_vat.validate(typed)), None
        except ValidationError:
            return typed, FieldProblem(field="vat_number", code="legal.vat.format", params={"country": country})
    prefix = _VAT_PREFIX.get(country, country)
    if country.lower() not in _eu_vat.MEMBER_STATES:
        # Outside stdnum's EU list we can check only the shape.
        if _OTHER_VAT.match(compact):
            return compact, None
        return typed, FieldProblem(field="vat_number", code="legal.vat.format", params={"country": country})
    if not compact.startswith(prefix):
        return typed, FieldProblem(field="vat_number", code="legal.vat.country", params={"prefix": prefix})
    try:
        return str(_eu_vat.validate(compact)), None
    except ValidationError:
        return typed, FieldProblem(field="vat_number", code="legal.vat.format", params={"country": country})


def check_coc(typed: str, country: str) -> Checked:
    """A chamber-of-commerce number: the KvK's 8 digits (NL), the enterprise number (BE), else as typed."""
    compact = re.sub(r"[\s.\-]", "", typed)
    if country == "NL":
        if _KVK.match(compact):
            return compact, None
        return typed, FieldProblem(field="coc_number", code="legal.coc.nl")
    if country == "BE":
        try:
            return str(_be_vat.validate(compact)), None
        except ValidationError:
            return typed, FieldProblem(field="coc_number", code="legal.coc.be")
    # A German Handelsregister entry ("Amtsgericht Köln HRB 12345") is written, not computed.
    return " ".join(typed.split()), None
