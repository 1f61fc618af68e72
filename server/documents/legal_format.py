"""The dealer's legal numbers as people read them: stored compact, printed in their standard form.

One place formats them for every face (the PDFs here, the back office through the legal-details
service), with python-stdnum's own ``format()`` where a number type has one: an IBAN in groups of
four, a Swiss VAT number as ``CHE-123.456.789 MWST``. EU VAT numbers are printed compact with their
country prefix (``NL000099998B57``), the form the VIES register and EN 16931 use. A value stdnum
cannot read (a copy stored before the checks existed) is printed exactly as it was stored.
"""

from __future__ import annotations

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.ch import vat as _ch_vat
from stdnum.exceptions import ValidationError

__all__ = ["printed_bic", "printed_iban", "printed_vat"]


def printed_iban(value: str) -> str:
    """``NL91ABNA0417164300`` -> ``NL91 ABNA 0417 1643 00``."""
    try:
        return str(_iban.format(value)) if value else ""
    except ValidationError:
        return value


def printed_bic(value: str) -> str:
    """A BIC in capitals, as it is always written."""
    try:
        return str(_bic.format(value)) if value else ""
    except ValidationError:
        return value


def printed_vat(value: str) -> str:
    """A VAT number as printed: Swiss ones in their UID form, the EU ones compact with the prefix."""
    if value.upper().startswith("CHE"):
        try:
            return str(_ch_vat.format(value))
        except ValidationError:
            return value
    return value
