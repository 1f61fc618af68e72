"""An invoice as UBL 2.1 XML in the Dutch e-invoicing profile (NLCIUS, on EN 16931).

Administration software imports it. Written with the standard library; the tests validate
it against the OASIS UBL 2.1 schema. Discount lines become lines with a negative
quantity, since EN 16931 forbids negative prices. Characters XML 1.0 cannot carry (C0
controls other than tab, newline and carriage return; U+FFFE, U+FFFF) are left out of
every text; every other character is written as it is (a carriage return is read back as
a newline, as XML parsers normalise line ends).
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from server.text_rules import xml_safe

__all__ = ["CUSTOMIZATION", "PROFILE", "invoice_ubl"]

NS = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _tag(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, value: str | None = None, **attrs: str) -> ET.Element:
    # ElementTree writes any character as it is, so a control character (from text stored
    # before such characters were refused) would make the document ill-formed: stripped.
    element = ET.SubElement(parent, _tag(name), {k: xml_safe(v) for k, v in attrs.items()})
    if value is not None:
        element.text = xml_safe(value)
    return element


def _amount(parent: ET.Element, name: str, value: str | Decimal, currency: str) -> None:
    _add(parent, name, f"{Decimal(value):.2f}", currencyID=currency)


def _category(rate: str) -> str:
    return "S" if Decimal(rate) > 0 else "Z"


def _tax_category(parent: ET.Element, name: str, rate: str) -> None:
    category = _add(parent, name)
    _add(category, "cbc:ID", _category(rate))
    _add(category, "cbc:Percent", f"{Decimal(rate).normalize():f}")
    _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _address(party: ET.Element, street: str, city: str, postcode: str, country: str) -> None:
    address = _add(party, "cac:PostalAddress")
    if street:
        _add(address, "cbc:StreetName", street)
    if city:
        _add(address, "cbc:CityName", city)
    if postcode:
        _add(address, "cbc:PostalZone", postcode)
    _add(_add(address, "cac:Country"), "cbc:IdentificationCode", country or "NL")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).upper()


def invoice_ubl(invoice: dict[str, Any], pdf: bytes | None = None) -> bytes:
    """The UBL 2.1 XML of ``invoice`` (the stored invoice as plain data), the PDF embedded when given."""
    cur = invoice["currency"]
    seller, buyer = invoice["seller"], invoice["buyer"]
    root = ET.Element(_tag("Invoice"))
    _add(root, "cbc:CustomizationID", CUSTOMIZATION)
    _add(root, "cbc:ProfileID", PROFILE)
    _add(root, "cbc:ID", invoice["number"])
    _add(root, "cbc:IssueDate", invoice["issue_date"])
    _add(root, "cbc:DueDate", invoice["due_date"])
    _add(root, "cbc:InvoiceTypeCode", "380")
    for note in invoice.get("notes", []):
        _add(root, "cbc:Note", note)
    _add(root, "cbc:DocumentCurrencyCode", cur)
    _add(root, "cbc:BuyerReference", invoice["reference"])
    _add(_add(root, "cac:OrderReference"), "cbc:ID", invoice["quote_number"])
    if pdf is not None:
        doc = _add(root, "cac:AdditionalDocumentReference")
        _add(doc, "cbc:ID", invoice["number"])
        attachment = _add(doc, "cac:Attachment")
        _add(attachment, "cbc:EmbeddedDocumentBinaryObject", base64.b64encode(pdf).decode(),
             mimeCode="application/pdf", filename=f"{invoice['number']}.pdf")

    supplier = _add(_add(root, "cac:AccountingSupplierParty"), "cac:Party")
    coc = _digits(seller.get("coc_number", ""))
    vat_id = _digits(seller.get("vat_number", ""))
    if coc:
        _add(supplier, "cbc:EndpointID", coc, schemeID="0106")
    elif vat_id:
        _add(supplier, "cbc:EndpointID", vat_id, schemeID="9944")
    _add(_add(supplier, "cac:PartyName"), "cbc:Name", seller["name"])
    _address(supplier, seller.get("street", ""), seller.get("city", ""), seller.get("postcode", ""),
             seller.get("country", "NL"))
    if vat_id:
        tax = _add(supplier, "cac:PartyTaxScheme")
        _add(tax, "cbc:CompanyID", vat_id)
        _add(_add(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(supplier, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", seller["name"])
    if coc:
        _add(legal, "cbc:CompanyID", coc, schemeID="0106")
    if seller.get("email") or seller.get("phone"):
        contact = _add(supplier, "cac:Contact")
        if seller.get("phone"):
            _add(contact, "cbc:Telephone", seller["phone"])
        if seller.get("email"):
            _add(contact, "cbc:ElectronicMail", seller["email"])

    customer = _add(_add(root, "cac:AccountingCustomerParty"), "cac:Party")
    if buyer.get("email"):
        _add(customer, "cbc:EndpointID", buyer["email"], schemeID="EM")
    if buyer.get("company"):
        _add(_add(customer, "cac:PartyName"), "cbc:Name", buyer["company"])
    street = f"{buyer.get('street', '')} {buyer.get('house_number', '')}".strip()
    _address(customer, street, buyer.get("city", ""), buyer.get("postcode", ""), buyer.get("country", "NL"))
    _add(_add(customer, "cac:PartyLegalEntity"), "cbc:RegistrationName", buyer.get("company") or buyer["name"])
    if buyer.get("email") or buyer.get("phone"):
        contact = _add(customer, "cac:Contact")
        _add(contact, "cbc:Name", buyer["name"])
        if buyer.get("phone"):
            _add(contact, "cbc:Telephone", buyer["phone"])
        if buyer.get("email"):
            _add(contact, "cbc:ElectronicMail", buyer["email"])

    _add(_add(root, "cac:Delivery"), "cbc:ActualDeliveryDate", invoice["supply_date"])
    if seller.get("iban"):
        means = _add(root, "cac:PaymentMeans")
        _add(means, "cbc:PaymentMeansCode", "58" if seller["iban"][:2].isalpha() else "30")
        _add(means, "cbc:PaymentID", invoice["number"])
        _add(_add(means, "cac:PayeeFinancialAccount"), "cbc:ID", _digits(seller["iban"]))
    if invoice.get("payment_note"):
        _add(_add(root, "cac:PaymentTerms"), "cbc:Note", invoice["payment_note"])

    tax_total = _add(root, "cac:TaxTotal")
    _amount(tax_total, "cbc:TaxAmount", invoice["vat"], cur)
    for row in invoice["vat_breakdown"]:
        sub = _add(tax_total, "cac:TaxSubtotal")
        _amount(sub, "cbc:TaxableAmount", row["base"], cur)
        _amount(sub, "cbc:TaxAmount", row["vat"], cur)
        _tax_category(sub, "cac:TaxCategory", row["rate"])

    totals = _add(root, "cac:LegalMonetaryTotal")
    _amount(totals, "cbc:LineExtensionAmount", invoice["subtotal"], cur)
    _amount(totals, "cbc:TaxExclusiveAmount", invoice["subtotal"], cur)
    _amount(totals, "cbc:TaxInclusiveAmount", invoice["total"], cur)
    _amount(totals, "cbc:PayableAmount", invoice["total"], cur)

    for n, line in enumerate((x for x in invoice["lines"] if x["kind"] != "text"), start=1):
        element = _add(root, "cac:InvoiceLine")
        _add(element, "cbc:ID", str(n))
        quantity, price = Decimal(line["quantity"]), Decimal(line["unit_price"])
        if price < 0:  # EN 16931: prices are never negative, a discount is a negative quantity
            quantity, price = -quantity, -price
        _add(element, "cbc:InvoicedQuantity", f"{quantity.normalize():f}", unitCode="C62")
        _amount(element, "cbc:LineExtensionAmount", line["amount"], cur)
        item = _add(element, "cac:Item")
        _add(item, "cbc:Name", line["description"][:200])
        _tax_category(item, "cac:ClassifiedTaxCategory", line["vat_rate"])
        _amount(_add(element, "cac:Price"), "cbc:PriceAmount", price, cur)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
