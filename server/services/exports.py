"""Exports of requests: CSV that opens correctly in Excel and LibreOffice, and JSON.

CSV is UTF-8 with a byte-order mark (Excel then reads accents right). With ``;`` as the
separator, as Dutch Excel expects, amounts get a decimal comma too. A cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so a
homeowner's text can never run as a formula in the dealer's spreadsheet.

Sizes stay machine-readable in mm (``width_mm``/``height_mm`` in each JSON item); beside
them a person reads each window's size in the dealer's units (``sizes`` in the CSV, ``size``
in each JSON item): ``1.230 × 1.480 mm``, or ``48 7/16" × 58 1/4"`` for an imperial dealer.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Literal

import msgspec
import sqlite_utils

from server.i18n.lengths import Units, stored_size
from server.services.requests import ItemDetail, RequestDetail, RequestFilter, all_references, get_request

__all__ = ["CSV_COLUMNS", "neutralise", "requests_csv", "requests_json"]

CSV_COLUMNS = ("reference", "created_at", "status", "name", "email", "phone", "company", "street", "house_number",
               "postcode", "city", "country", "items", "windows", "sizes", "subtotal", "vat", "total", "currency",
               "message", "marketing_opt_in")
_MONEY = {"subtotal", "vat", "total"}


_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().-]*$")  # a phone number or amount: no formula can hide in it


def neutralise(value: str) -> str:
    """The cell text with a leading ``'`` when a spreadsheet would read it as a formula."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def _details(db: sqlite_utils.Database, dealer: str, flt: RequestFilter) -> list[RequestDetail]:
    return [get_request(db, dealer, ref) for ref in all_references(db, dealer, flt)]


def _size(item: ItemDetail, units: Units, lang: str) -> str:
    """One window's size for a person, in the dealer's units ("" when the stored item has none)."""
    return stored_size(item.configuration, lang, units)


def _row(d: RequestDetail, units: Units, lang: str) -> dict[str, str]:
    c = d.contact
    windows = sum(int(i.configuration.get("quantity") or 1) for i in d.items)
    sizes = "; ".join(size for size in (_size(i, units, lang) for i in d.items) if size)
    return {
        "reference": d.reference, "created_at": d.created_at, "status": d.status, "name": c.name,
        "email": c.email, "phone": c.phone, "company": c.company or "", "street": c.street,
        "house_number": c.house_number, "postcode": c.postcode, "city": c.city, "country": c.country,
        "items": str(len(d.items)), "windows": str(windows),
        "sizes": sizes, "subtotal": d.subtotal, "vat": d.vat, "total": d.total,
        "currency": d.currency, "message": d.message,
        "marketing_opt_in": "yes" if d.privacy and d.privacy.marketing_opt_in else "no",
    }


def requests_csv(db: sqlite_utils.Database, dealer: str, flt: RequestFilter,
                 delimiter: Literal[",", ";"] = ",", units: Units = "metric", lang: str = "nl") -> bytes:
    """The filtered requests as CSV, one row per request, newest first; ``sizes`` in ``units``, written in ``lang``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for detail in _details(db, dealer, flt):
        row = _row(detail, units, lang)
        if delimiter == ";":
            row.update({k: row[k].replace(".", ",") for k in _MONEY})
        writer.writerow([neutralise(row[k]) for k in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def requests_json(db: sqlite_utils.Database, dealer: str, flt: RequestFilter, units: Units = "metric",
                  lang: str = "nl") -> bytes:
    """The filtered requests in full (items, prices, contact, privacy, history) as a JSON array.

    Each item also carries ``size``, its size for a person in ``units`` (the mm stay in its configuration).
    """
    out: list[Any] = []
    for detail in _details(db, dealer, flt):
        data = msgspec.to_builtins(detail)
        for item, shown in zip(data["items"], detail.items, strict=True):
            item["size"] = _size(shown, units, lang)
        out.append(data)
    return msgspec.json.encode(out)
