"""An invoice's UBL is well-formed XML whatever its texts hold, and the texts come back as written."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from server.documents.ubl import invoice_ubl
from server.text_rules import xml_safe

NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}

# Any Unicode but lone surrogates (a JSON body or a UTF-8 database cannot hold those), with
# the characters that break XML made likely: specials, C0 and C1 controls, CR, noncharacters.
TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                         st.sampled_from("<>&\"'\x00\x07\x0b\x1b\x7f\x85\x9f\r\n\t\ufffe\uffff]]>")), max_size=60)


def _invoice(name: str, city: str, descriptions: list[str]) -> dict[str, Any]:
    line = {"kind": "other", "quantity": "1", "unit_price": "10.00", "vat_rate": "21", "amount": "10.00"}
    return {
        "number": "INV-2026-0001", "quote_number": "Q-2026-0001", "reference": "DEMO-2026-000001",
        "issue_date": "2026-12-01", "due_date": "2026-12-15", "supply_date": "2026-12-01", "currency": "EUR",
        "seller": {"name": "Kozijnen Demo", "street": "Herengracht 1", "city": "Amsterdam", "postcode": "1016 BT",
                   "country": "NL", "vat_number": "NL000099998B57", "coc_number": "12345678", "iban": "",
                   "email": "", "phone": ""},
        "buyer": {"name": name, "company": "", "email": "anna@example.nl", "phone": "", "street": "Prinsengracht",
                  "house_number": "1", "postcode": "1016 BT", "city": city, "country": "NL"},
        "lines": [{**line, "description": d} for d in descriptions],
        "vat_breakdown": [{"rate": "21", "base": f"{10 * len(descriptions)}.00", "vat": "0.00"}],
        "subtotal": f"{10 * len(descriptions)}.00", "vat": "0.00", "total": f"{10 * len(descriptions)}.00",
        "payment_note": "",
    }


def _read_back(text: str) -> str:
    """What an XML parser gives back for ``text``: without what XML 1.0 cannot carry, line ends as LF."""
    return xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(name=TEXT, city=TEXT, descriptions=st.lists(TEXT, min_size=1, max_size=4))
def test_the_ubl_is_well_formed_and_its_texts_round_trip(name: str, city: str, descriptions: list[str]) -> None:
    xml = invoice_ubl(_invoice(name, city, descriptions))
    document = etree.fromstring(xml)  # raises XMLSyntaxError when the document is not well-formed
    names = [e.text or "" for e in document.iterfind("cac:InvoiceLine/cac:Item/cbc:Name", NS)]
    assert names == [_read_back(d[:200]) for d in descriptions]
    buyer = document.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert buyer is not None
    assert (buyer.findtext("cac:Contact/cbc:Name", namespaces=NS) or "") == _read_back(name)
    assert (buyer.findtext("cac:PartyLegalEntity/cbc:RegistrationName", namespaces=NS) or "") == _read_back(name)
    assert (buyer.findtext("cac:PostalAddress/cbc:CityName", namespaces=NS) or "") == (_read_back(city) if city else "")


def test_a_control_character_from_older_data_is_left_out_and_the_rest_kept() -> None:
    xml = invoice_ubl(_invoice("Anna\x07 Jansen", "Amsterdam", ["Kozijn\x00 <keuken> & \x85 ]]> bad"]))
    document = etree.fromstring(xml)
    assert document.findtext("cac:InvoiceLine/cac:Item/cbc:Name", namespaces=NS) == "Kozijn <keuken> & \x85 ]]> bad"
    assert document.findtext("cac:AccountingCustomerParty/cac:Party/cac:Contact/cbc:Name", namespaces=NS) == \
        "Anna Jansen"
