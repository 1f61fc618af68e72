"""``/api/v1/dealer/settings/legal``: the company details read and PATCHed, checked, and each dealer's own."""

from __future__ import annotations

from pathlib import Path

from server.services.catalogs import load_catalog_file
from server.services.legal_details import public_name_and_address
from tests.conftest import CATALOGS
from tests.dealer.conftest import Dealers


def test_get_shows_the_catalogs_details_until_saved_and_what_an_invoice_lacks(dealers: Dealers) -> None:
    answer = dealers.get("/settings/legal")
    assert answer.status_code == 200
    body = answer.json()
    assert body["details"]["iban"] == "NL91ABNA0417164300" and body["details"]["company_name"] == "Kozijnen Demo"
    assert body["missing_for_invoice"] == []


def test_patch_changes_only_what_is_sent_and_stores_numbers_compact(dealers: Dealers) -> None:
    before = dealers.get("/settings/legal").json()["details"]
    answer = dealers.send("PATCH", "/settings/legal", json={"iban": "nl20 ingb 0001 2345 67", "bic": "ingbnl2a"})
    assert answer.status_code == 200, answer.text
    after = dealers.get("/settings/legal").json()["details"]
    assert after["iban"] == "NL20INGB0001234567" and after["bic"] == "INGBNL2A"
    assert {k: v for k, v in after.items() if k not in ("iban", "bic")} == \
        {k: v for k, v in before.items() if k not in ("iban", "bic")}


def test_a_wrong_iban_is_a_422_naming_the_field_and_stores_nothing(dealers: Dealers) -> None:
    before = dealers.get("/settings/legal").json()
    bad = dealers.send("PATCH", "/settings/legal", json={"iban": "NL91ABNA0417164301", "company_name": "Nieuw",
                                                         "vat_number": "DE136695976"})
    assert bad.status_code == 422
    errors = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert errors == {"iban": "Expected an IBAN whose check digits match (a typing error?)",
                      "vat_number": "Expected a VAT number starting with NL, the dealer's country"}
    assert dealers.get("/settings/legal").json() == before, "the good company name was not stored either"


def test_emptying_the_iban_lists_it_as_missing_for_invoices(dealers: Dealers) -> None:
    body = dealers.send("PATCH", "/settings/legal", json={"iban": ""}).json()
    assert body["missing_for_invoice"] == ["iban"]


def test_read_only_keys_neither_read_nor_patch(dealers: Dealers) -> None:
    assert dealers.get("/settings/legal", dealers.demo_ro).status_code == 403  # owners only, like the back office
    refused = dealers.send("PATCH", "/settings/legal", dealers.demo_ro, json={"bic": "ABNANL2A"})
    assert refused.status_code == 403
    assert dealers.get("/settings/legal").json()["details"]["bic"] == ""


def test_another_dealers_key_neither_reads_nor_changes_these_details(dealers: Dealers) -> None:
    assert dealers.send("PATCH", "/settings/legal", json={"iban": "NL20INGB0001234567"}).status_code == 200
    theirs = dealers.get("/settings/legal", dealers.other).json()["details"]
    assert theirs["iban"] == "NL91ABNA0417164300" and theirs["company_name"] == "Andere Ramen"
    assert dealers.send("PATCH", "/settings/legal", dealers.other, json={"iban": "NL02ABNA0123456789"}).status_code \
        == 200
    assert dealers.get("/settings/legal").json()["details"]["iban"] == "NL20INGB0001234567"
    assert dealers.get("/settings/legal", dealers.revoked).status_code == 401


def test_openapi_documents_the_patch_body(dealers: Dealers) -> None:
    doc = dealers.client.get("/schema/openapi.json").json()
    ops = doc["paths"]["/api/v1/dealer/settings/legal"]
    schema = ops["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == [] and {"iban", "bic", "vat_number", "terms_version"} <= set(schema["properties"])


def test_the_hosted_page_shows_the_saved_name_and_address_and_only_its_own(dealers: Dealers) -> None:
    saved = dealers.send("PATCH", "/settings/legal", json={"company_name": "Ramen & Zo <Noord>",
                                                           "street": "Havenweg 7", "city": "Zwolle"})
    assert saved.status_code == 200, saved.text
    page = dealers.client.get("/d/demo").text
    assert "Ramen &amp; Zo &lt;Noord&gt;" in page and "Havenweg 7" in page and "Zwolle" in page
    assert "Havenweg 7" not in dealers.client.get("/d/other").text


def test_the_public_name_and_address_fall_back_to_the_catalog_when_the_database_cannot_answer(
        tmp_path: Path) -> None:
    broken = tmp_path / "v.db"
    broken.write_bytes(b"not a database" * 50)
    dealer = load_catalog_file(CATALOGS / "demo.toml").catalog.dealer
    assert public_name_and_address(broken, "demo", dealer) == (dealer.name, dealer.legal.address)
    assert public_name_and_address(tmp_path / "missing.db", "demo", dealer) == (dealer.name, dealer.legal.address)
    assert broken.read_bytes() == b"not a database" * 50 and not (tmp_path / "missing.db").exists()
