"""The words on quotes and invoices, per language."""

from __future__ import annotations

__all__ = ["words"]

_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "quote": "Offerte", "version": "versie", "invoice": "Factuur", "date": "Datum", "valid_until": "Geldig tot",
        "reference": "Uw aanvraag", "description": "Omschrijving", "quantity": "Aantal", "unit_price": "Prijs",
        "vat": "Btw", "amount": "Bedrag", "subtotal": "Subtotaal excl. btw", "vat_on": "Btw {rate}% over {base}",
        "total": "Totaal incl. btw", "terms": "Voorwaarden", "page": "Pagina {n} van {of}", "to": "Aan",
        "from": "Van", "vat_number": "Btw-nr.", "coc_number": "KvK", "iban": "IBAN", "due_date": "Vervaldatum",
        "invoice_number": "Factuurnummer", "supply_date": "Leverdatum", "pay": "Graag betalen vóór {date} op {iban} "
        "onder vermelding van {number}.", "drawings": "De tekeningen van de ramen volgen op de volgende pagina's.",
        "accepted": "Geaccepteerd door {name} op {date}",
    },
    "en": {
        "quote": "Quote", "version": "version", "invoice": "Invoice", "date": "Date", "valid_until": "Valid until",
        "reference": "Your request", "description": "Description", "quantity": "Qty", "unit_price": "Price",
        "vat": "VAT", "amount": "Amount", "subtotal": "Subtotal excl. VAT", "vat_on": "VAT {rate}% on {base}",
        "total": "Total incl. VAT", "terms": "Terms", "page": "Page {n} of {of}", "to": "To", "from": "From",
        "vat_number": "VAT no.", "coc_number": "CoC", "iban": "IBAN", "due_date": "Due date",
        "invoice_number": "Invoice number", "supply_date": "Supply date", "pay": "Please pay by {date} to {iban} "
        "quoting {number}.", "drawings": "The drawings of the windows follow on the next pages.",
        "accepted": "Accepted by {name} on {date}",
    },
    "de": {
        "quote": "Angebot", "version": "Version", "invoice": "Rechnung", "date": "Datum", "valid_until": "Gültig bis",
        "reference": "Ihre Anfrage", "description": "Beschreibung", "quantity": "Menge", "unit_price": "Preis",
        "vat": "MwSt.", "amount": "Betrag", "subtotal": "Zwischensumme ohne MwSt.",
        "vat_on": "MwSt. {rate}% auf {base}",
        "total": "Gesamt inkl. MwSt.", "terms": "Bedingungen", "page": "Seite {n} von {of}", "to": "An",
        "from": "Von", "vat_number": "USt-IdNr.", "coc_number": "HR", "iban": "IBAN", "due_date": "Fällig am",
        "invoice_number": "Rechnungsnummer", "supply_date": "Lieferdatum", "pay": "Bitte zahlen Sie bis {date} auf "
        "{iban} unter Angabe von {number}.", "drawings": "Die Zeichnungen der Fenster folgen auf den nächsten Seiten.",
        "accepted": "Angenommen von {name} am {date}",
    },
}


def words(lang: str) -> dict[str, str]:
    """The words in ``lang`` (English when unknown)."""
    return _WORDS.get(lang, _WORDS["en"])
