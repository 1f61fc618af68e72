"""The quote's seller and buyer are typed parties; the API shows them with the same fields as ever."""

from __future__ import annotations

from server.documents.parties import Buyer, Seller, buyer_lines, party_from_json
from tests.quotes.conftest import Shop

# bic and terms_version came with the company details (issue 17): added fields, none renamed or gone.
SELLER_FIELDS = {"name", "address", "street", "postcode", "city", "country", "vat_number", "coc_number", "iban",
                 "bic", "terms_version", "email", "phone", "accent_colour", "logo_url"}
BUYER_FIELDS = {"name", "company", "email", "phone", "street", "house_number", "postcode", "city", "country"}


def test_the_api_shows_the_parties_with_the_fields_of_the_contract(shop: Shop) -> None:
    quote = shop.quote(shop.submit())
    assert set(quote["seller"]) == SELLER_FIELDS and set(quote["buyer"]) == BUYER_FIELDS
    assert quote["seller"]["name"] == "Kozijnen Demo" and quote["buyer"]["name"] == "Anna Jansen"


def test_an_erased_buyer_and_an_older_copy_still_read_as_parties() -> None:
    # What the erasure writes over a quote's buyer: the company is null, the rest empty.
    erased = party_from_json('{"name": "[erased]", "email": "", "phone": "", "company": null, "street": "", '
                             '"house_number": "", "postcode": "", "city": "", "country": ""}', Buyer)
    assert erased == Buyer(name="[erased]") and buyer_lines(erased) == ["[erased]"]
    # A copy stored before a field existed (no logo, no accent colour) reads with that field empty.
    older = party_from_json('{"name": "Kozijnen Demo", "iban": "NL91ABNA0417164300"}', Seller)
    assert (older.name, older.iban, older.logo_url, older.accent_colour) == (
        "Kozijnen Demo", "NL91ABNA0417164300", "", "")
