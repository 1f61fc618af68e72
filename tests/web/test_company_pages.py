"""The company-details page (Bedrijfsgegevens): checked numbers, the checklist, CSRF, each dealer its own."""

from __future__ import annotations

import pytest

from server.services.keys import create_key
from server.services.users import create_user
from tests.support.html import error_texts, form_values, parse, text_of
from tests.web.conftest import PASSWORD, Office

WRONG_IBAN = "NL91 ABNA 0417 1643 01"  # the demo's IBAN with its last digit off: the check digits catch it


def _company_form(office: Office) -> dict[str, str]:
    return form_values(office.get("/admin/company").text, "/admin/company")


def _checklist(html: str) -> list[str]:
    return [li.get("data-missing") for li in parse(html).xpath('//section[contains(@class, "legal-checklist")]//li')]


def test_the_page_starts_from_the_catalog_with_the_numbers_formatted(anna: Office) -> None:
    page = anna.get("/admin/company")
    assert page.status_code == 200
    values = form_values(page.text, "/admin/company")
    assert values["iban"] == "NL91 ABNA 0417 1643 00" and values["company_name"] == "Kozijnen Demo"
    assert values["vat_number"] == "NL000099998B57" and values["validity_days"] == "30"
    assert parse(page.text).xpath('//*[@data-source="catalog"]'), "it says the details still come from the catalog"
    assert _checklist(page.text) == [], "the demo catalog has every detail an invoice needs"


@pytest.mark.parametrize(("lang", "email", "words"), [
    ("nl", "anna@demo.example", "Dit IBAN klopt niet: de controlecijfers passen niet bij het nummer."),
    ("en", "eve@demo.example", "This IBAN is wrong: its check digits do not match the number."),
    ("de", "dora@demo.example", "Diese IBAN stimmt nicht: die Prüfziffern passen nicht zur Nummer."),
])
def test_a_wrong_iban_is_refused_in_the_users_language_and_the_form_keeps_what_was_typed(
        office: Office, lang: str, email: str, words: str) -> None:
    if lang != "nl":
        db = office.db()
        try:
            create_user(db, "demo", email, name="Colleague", lang=lang, password=PASSWORD)
        finally:
            db.conn.close()
    office.login(email)
    form = _company_form(office) | {"iban": WRONG_IBAN, "company_name": "Kozijnen Demo B.V."}
    refused = office.post("/admin/company", form)
    assert refused.status_code == 422
    errors = error_texts(refused.text)
    assert list(errors) == ["iban"] and errors["iban"].startswith(words)
    kept = form_values(refused.text, "/admin/company")
    assert kept["iban"] == WRONG_IBAN and kept["company_name"] == "Kozijnen Demo B.V."
    again = _company_form(office)
    assert again["iban"] == "NL91 ABNA 0417 1643 00" and again["company_name"] == "Kozijnen Demo", "nothing stored"


def test_a_right_iban_is_stored_compact_and_shown_formatted(anna: Office) -> None:
    saved = anna.post("/admin/company", _company_form(anna) | {"iban": "nl20ingb0001234567", "bic": "ingbnl2a"})
    assert saved.status_code == 200 and saved.url.path == "/admin/company"
    assert text_of(parse(saved.text).xpath('//p[@class="notice"]')[0]) == "De bedrijfsgegevens zijn opgeslagen."
    values = form_values(saved.text, "/admin/company")
    assert values["iban"] == "NL20 INGB 0001 2345 67" and values["bic"] == "INGBNL2A"
    assert not parse(saved.text).xpath('//*[@data-source="catalog"]'), "the saved details now count"
    db = anna.db()
    try:
        stored = db.execute("SELECT details FROM dealer_legal WHERE dealer = 'demo'").fetchone()[0]
    finally:
        db.conn.close()
    assert '"iban":"NL20INGB0001234567"' in stored


def test_the_checklist_shows_until_the_details_are_complete(anna: Office) -> None:
    assert _checklist(anna.get("/admin/requests").text) == []
    anna.post("/admin/company", _company_form(anna) | {"iban": "", "vat_number": ""})
    dashboard = anna.get("/admin/requests").text
    assert _checklist(dashboard) == ["vat_number", "iban"]
    section = text_of(parse(dashboard).xpath('//section[contains(@class, "legal-checklist")]')[0])
    assert "Btw-nummer" in section and "IBAN" in section and "Bedrijfsgegevens invullen" in section
    assert _checklist(anna.get("/admin/company").text) == ["vat_number", "iban"]
    anna.post("/admin/company", _company_form(anna) | {"iban": "NL20INGB0001234567", "vat_number": "NL002455799B11"})
    assert _checklist(anna.get("/admin/requests").text) == []
    assert _checklist(anna.get("/admin/company").text) == []


def test_an_invoice_is_refused_in_the_back_office_naming_what_is_missing(anna: Office) -> None:
    db = anna.db()
    try:
        key = create_key(db, "demo").key
    finally:
        db.conn.close()
    api = {"Authorization": f"Bearer {key}"}
    quote = anna.client.post(f"/api/v1/dealer/requests/{anna.submit()}/quotes", headers=api).json()
    link = anna.client.post(f"/api/v1/dealer/quotes/{quote['number']}/send", headers=api).json()["link"]
    anna.client.post(link.split("testserver.local")[-1] + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    anna.post("/admin/company", _company_form(anna) | {"iban": ""})
    refused = anna.post(f"/admin/quotes/{quote['number']}/invoice")
    assert refused.status_code == 409
    assert "Een factuur kan pas worden gemaakt als uw bedrijfsgegevens compleet zijn. Nog nodig: IBAN." in refused.text
    anna.post("/admin/company", _company_form(anna) | {"iban": "NL20INGB0001234567"})
    made = anna.post(f"/admin/quotes/{quote['number']}/invoice")
    assert made.status_code == 200 and made.url.path.startswith("/admin/invoices/INV-")
    assert "NL20 INGB 0001 2345 67" in made.text, "the invoice page shows the IBAN as people write it"


def test_saving_needs_the_csrf_token(anna: Office) -> None:
    form = _company_form(anna) | {"iban": "NL20INGB0001234567"}
    assert anna.post("/admin/company", form, csrf="").status_code == 403
    assert anna.post("/admin/company", form, csrf=anna.csrf[:-2] + "zz").status_code == 403
    assert _company_form(anna)["iban"] == "NL91 ABNA 0417 1643 00"


def test_the_page_needs_a_login(office: Office) -> None:
    answer = office.get("/admin/company", follow_redirects=False)
    assert answer.status_code in (302, 303) and "/admin/login" in answer.headers["location"]


def test_each_dealer_sees_and_changes_only_its_own_details(anna: Office) -> None:
    anna.post("/admin/company", _company_form(anna) | {"iban": "NL20INGB0001234567"})
    anna.post("/admin/logout")
    anna.login("otto@other.example")
    theirs = _company_form(anna)
    assert theirs["company_name"] == "Andere Ramen" and theirs["iban"] == "NL91 ABNA 0417 1643 00"
    assert anna.post("/admin/company", theirs | {"iban": "NL02ABNA0123456789"}).status_code == 200
    db = anna.db()
    try:
        rows = dict(db.execute("SELECT dealer, details FROM dealer_legal").fetchall())
    finally:
        db.conn.close()
    assert '"iban":"NL20INGB0001234567"' in rows["demo"] and '"iban":"NL02ABNA0123456789"' in rows["other"]


def test_a_value_too_long_is_refused_naming_its_own_limit(anna: Office) -> None:
    refused = anna.post("/admin/company", _company_form(anna) | {"postcode": "1015 BA 1015 BA", "payment_days": "500"})
    assert refused.status_code == 422
    errors = error_texts(refused.text)
    assert "12" in errors["postcode"] and "0" in errors["payment_days"] and "120" in errors["payment_days"]
    assert form_values(refused.text, "/admin/company")["postcode"] == "1015 BA 1015 BA"
