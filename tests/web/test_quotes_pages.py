"""Quotes and invoices in the back office, through the pages: make, edit, versions, send, invoice, isolation."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

from server.i18n import format_money
from server.links import public_base
from server.messages import MESSAGES, message
from server.services.invoices import create_invoice
from server.services.outbox_worker import run_once
from server.services.quotes import accept_quote, create_quote, send_quote
from tests.support.html import parse, same_page
from tests.support.ubl_schema import invoice_schema
from tests.web.conftest import Office
from tests.web.test_requests_pages import TWO_ITEMS

YEAR = datetime.now(UTC).year
UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


def _make(office: Office, items: list[dict[str, Any]] | None = None) -> tuple[str, str]:
    """A request through the public API and a quote made from its page; (reference, quote number)."""
    ref = office.submit(items=items)
    answer = office.post(f"/admin/requests/{ref}/quotes", follow_redirects=False)
    assert answer.status_code == 303, answer.text[:500]
    found = re.match(r"/admin/quotes/(Q-\d{4}-\d{4})\?done=quote_created#editor$", answer.headers["location"])
    assert found, answer.headers["location"]
    return ref, found.group(1)


def _editor(html: str) -> dict[str, str]:
    """The editor form's values as the browser would post them (unticked boxes left out)."""
    form = lxml.html.fromstring(html).get_element_by_id("editor")
    return dict(form.form_values())


def _rows(values: dict[str, str]) -> int:
    return int(values["rows"])


def _save(office: Office, number: str, values: dict[str, str], action: str = "save", **kw: Any):  # noqa: ANN202
    return office.post(f"/admin/quotes/{number}", {**values, "action": action}, **kw)


def _deliver(office: Office) -> list:
    db = office.db()
    try:
        while run_once(db, office.client.app.state.catalogs, office.settings, "test") is not None:
            pass
    finally:
        db.conn.close()
    folder = office.settings.mail_dir
    assert folder is not None
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def _send(office: Office, number: str) -> str:
    """Send from the page; returns the homeowner's link path as the page shows it once."""
    answer = office.post(f"/admin/quotes/{number}/send")
    assert answer.status_code == 200 and answer.url.path == f"/admin/quotes/{number}", answer.text[:300]
    field = lxml.html.fromstring(answer.text).get_element_by_id("customer-link")
    assert field.tag == "textarea" and field.get("readonly") is not None
    return urlsplit(field.text_content().strip()).path


def _accept(office: Office, number: str) -> None:
    link = _send(office, number)
    answer = office.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    assert answer.status_code == 200 and "geaccepteerd" in answer.text


def _numbers(html: str) -> list[str]:
    """The quote numbers in the list's first column, top to bottom (a version note beside one is not part of it)."""
    return [a.text_content().strip() for a in parse(html).xpath(
        '//table[contains(concat(" ", @class, " "), " s-quotes ")]/tbody/tr/td[1]/a')]


def test_make_a_quote_from_a_request(anna: Office) -> None:
    ref = anna.submit(items=TWO_ITEMS)
    page = anna.get(f"/admin/requests/{ref}").text
    assert "Nog geen offerte voor deze aanvraag." in page and f'action="/admin/requests/{ref}/quotes"' in page
    answer = anna.post(f"/admin/requests/{ref}/quotes")
    assert answer.status_code == 200 and answer.url.path == f"/admin/quotes/Q-{YEAR}-0001"
    html = answer.text
    assert "De offerte is aangemaakt als concept." in html
    assert f"Offerte Q-{YEAR}-0001" in html and 'class="badge q-draft"' in html
    values = _editor(html)
    assert _rows(values) >= 2
    assert values["line-0-kind"] == "item" and values["line-0-item"] == "1"
    assert values["line-0-description"] == "Kunststof raam, 1.800 × 1.400 mm (keuken)"
    assert values["line-0-unit_price"].count(",") == 1  # Dutch decimal comma, as the dealer types it
    assert values["validity_days"] == "30" and values["terms"].startswith("Levering volgens")
    assert "Opslaan maakt versie" not in html  # a draft is edited in place
    db = anna.db()
    total = db.execute("SELECT total FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0]
    db.conn.close()
    assert f'<strong id="quote-total">{format_money(total, "nl")}</strong>' in html
    request_page = anna.get(f"/admin/requests/{ref}").text
    assert f'<a href="/admin/quotes/Q-{YEAR}-0001">Q-{YEAR}-0001</a>' in request_page and "Concept" in request_page
    listed = anna.get("/admin/quotes").text
    assert f"Q-{YEAR}-0001" in listed and "Anna Jansen" in listed and ref in listed


def test_the_editor_reports_every_error_at_once_and_keeps_what_was_typed(anna: Office) -> None:
    _, number = _make(anna)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    before = anna.get(f"/admin/quotes/{number}/quote.pdf").content
    bad = {**values, "line-0-quantity": "0", "line-0-unit_price": "veel", "line-0-vat_rate": "150",
           "validity_days": "0", "intro": "Beste <b>Anna</b>"}
    n = _rows(values)
    bad |= {"rows": str(n + 1), f"line-{n}-kind": "installation", f"line-{n}-description": "",
            f"line-{n}-quantity": "1", f"line-{n}-unit_price": "-5", f"line-{n}-vat_rate": "9", f"line-{n}-item": ""}
    answer = _save(anna, number, bad)
    assert answer.status_code == 422
    html = answer.text
    doc = lxml.html.fromstring(html)
    summary = doc.get_element_by_id("error-summary")
    assert summary.get("role") == "alert"
    targets = [a.get("href") for a in summary.iter("a")]
    assert targets == ["#f-line-0-quantity", "#f-line-0-unit_price", "#f-line-0-vat_rate",
                       f"#f-line-{n}-description", f"#f-line-{n}-unit_price", "#f-validity_days"]
    for target in targets:
        field = doc.get_element_by_id(target[1:])
        assert field.get("aria-invalid") == "true", target
        described = field.get("aria-describedby").split()
        assert f"e-{target[3:]}" in described
        assert doc.get_element_by_id(f"e-{target[3:]}").text_content().strip()
    text = summary.text_content()
    for words in ("Vul een aantal groter dan 0 in.", "Vul een getal in, zoals 12,50.", "van 0 tot 100",
                  "Vul een omschrijving in", "Alleen een kortingsregel mag negatief zijn.", "van 1 tot 365"):
        assert words in text, words
    kept = _editor(html)
    assert kept["line-0-unit_price"] == "veel" and kept[f"line-{n}-unit_price"] == "-5"
    assert "Beste &lt;b&gt;Anna&lt;/b&gt;" in html
    assert anna.get(f"/admin/quotes/{number}/quote.pdf").content[:200] == before[:200]
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 1
    assert db.execute("SELECT intro FROM quotes").fetchone()[0] == ""
    db.conn.close()


def test_the_editor_refuses_control_characters_with_a_translated_error_naming_the_field(anna: Office) -> None:
    _, number = _make(anna)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    answer = _save(anna, number, {**values, "line-0-description": "Kozijn\x07 keuken", "intro": "Beste\x1b klant"})
    assert answer.status_code == 422
    doc = lxml.html.fromstring(answer.text)
    summary = doc.get_element_by_id("error-summary")
    assert [a.get("href") for a in summary.iter("a")] == ["#f-line-0-description", "#f-intro"]
    words = "Verwijder het onzichtbare stuurteken uit deze tekst"
    assert f"Regel 1, Omschrijving: {words}" in summary.text_content()
    assert words in doc.get_element_by_id("e-line-0-description").text_content()
    assert doc.get_element_by_id("f-line-0-description").get("aria-invalid") == "true"
    db = anna.db()
    try:  # nothing was saved
        assert "\x07" not in db.execute("SELECT description FROM quote_lines").fetchone()[0]
        assert db.execute("SELECT intro FROM quotes").fetchone()[0] == ""
    finally:
        db.conn.close()


def test_add_a_line_then_remove_one_and_save(anna: Office) -> None:
    _, number = _make(anna, TWO_ITEMS)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    n = _rows(values)
    added = _save(anna, number, values, action="add")
    assert added.status_code == 200
    more = _editor(added.text)
    assert _rows(more) == n + 1
    assert more[f"line-{n}-description"] == "" and more[f"line-{n}-vat_rate"] == "21"
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM quote_lines").fetchone()[0] == n  # adding a row saves nothing
    db.conn.close()
    more |= {f"line-{n}-kind": "installation", f"line-{n}-description": "Montage <op locatie>",
             f"line-{n}-quantity": "2", f"line-{n}-unit_price": "110,50", f"line-{n}-vat_rate": "9",
             "line-1-remove": "1", "intro": "Beste Anna,"}
    saved = _save(anna, number, more)
    assert saved.status_code == 200 and "De offerte is opgeslagen." in saved.text
    html = saved.text
    assert "Montage &lt;op locatie&gt;" in html and "Beste Anna," in html
    assert "Btw 9% over €\xa0221,00" in html and "Btw 21% over" in html
    lines = _editor(html)
    assert _rows(lines) == n and lines[f"line-{n - 1}-vat_rate"] == "9"
    assert all(lines[f"line-{i}-description"] != values["line-1-description"] for i in range(n))
    db = anna.db()
    try:
        assert db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 1  # a draft changes in place
        assert db.execute("SELECT version, intro FROM quotes").fetchone() == (1, "Beste Anna,")
    finally:
        db.conn.close()
    # An empty new row is skipped, and removing every line is refused.
    again = _editor(_save(anna, number, lines, action="add").text)
    assert _save(anna, number, again).status_code == 200
    none_left = {**lines, **{f"line-{i}-remove": "1" for i in range(n)}}
    refused = _save(anna, number, none_left)
    assert refused.status_code == 422 and "Een offerte heeft minstens één regel nodig." in refused.text


def test_send_shows_the_link_once_and_the_mail_carries_it(anna: Office) -> None:
    ref, number = _make(anna)
    page = anna.get(f"/admin/quotes/{number}").text
    assert "Versturen naar anna@example.nl" in page
    link = _send(anna, number)
    assert re.fullmatch(r"/q/[\w-]{40,}", link)
    html = anna.get(f"/admin/quotes/{number}").text
    assert "customer-link" not in html and link not in html  # shown once only
    assert 'class="badge q-sent"' in html and "Verstuurd naar anna@example.nl" in html
    assert "Opnieuw versturen naar anna@example.nl" in html
    assert "Opslaan maakt versie 2" in html and "Opslaan als nieuwe versie" in html
    db = anna.db()
    stored = db.execute("SELECT token_hash FROM quotes").fetchone()[0]
    status = db.execute("SELECT status FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0]
    db.conn.close()
    assert stored and link.rsplit("/", 1)[1] not in stored and status == "quoted"
    mails = _deliver(anna)
    mail = next(m for m in mails if number in m["Subject"])
    assert mail["To"] == "anna@example.nl"
    assert public_base(anna.settings) + link in mail.get_body(("plain",)).get_content()
    assert any(part.get_filename() == f"{number}.pdf" for part in mail.iter_attachments())
    assert anna.client.get(link).status_code == 200
    assert 'class="badge q-viewed"' in anna.get(f"/admin/quotes/{number}").text
    assert "Bekeken door de klant" in anna.get(f"/admin/quotes/{number}").text


def test_editing_a_sent_quote_makes_a_new_version_and_keeps_the_old(anna: Office) -> None:
    _, number = _make(anna)
    _send(anna, number)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    answer = _save(anna, number, {**values, "line-0-unit_price": "999"})
    assert answer.status_code == 200 and "De wijzigingen staan in een nieuwe versie" in answer.text
    html = answer.text
    assert "Versie 2" in html and 'class="badge q-draft" id="quote-status"' in html
    assert f'href="/admin/quotes/{number}?version=1"' in html
    assert "Versturen vervangt de verstuurde versie 1" in html
    old = anna.get(f"/admin/quotes/{number}?version=1").text
    assert "U bekijkt versie 1. De nieuwste is versie 2." in old and 'id="editor"' not in old
    assert "999" not in old.split('id="content-h"')[1].split("</section>")[0]
    pdf = anna.get(f"/admin/quotes/{number}/quote.pdf?version=1")
    assert pdf.status_code == 200 and pdf.headers["content-disposition"] == f'attachment; filename="{number}.pdf"'
    latest = anna.get(f"/admin/quotes/{number}/quote.pdf")
    assert latest.headers["content-disposition"] == f'attachment; filename="{number}-v2.pdf"'
    assert latest.content.startswith(b"%PDF") and len(PdfReader(io.BytesIO(latest.content)).pages) >= 2
    assert anna.get(f"/admin/quotes/{number}?version=7").status_code == 404
    assert anna.get(f"/admin/quotes/{number}?version=x").status_code == 400


def test_accepted_quote_is_read_only_and_becomes_an_invoice(anna: Office) -> None:
    ref, number = _make(anna)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    n = _rows(values)
    values |= {"rows": str(n + 1), f"line-{n}-kind": "installation", f"line-{n}-description": "Montage",
               f"line-{n}-quantity": "1", f"line-{n}-unit_price": "200", f"line-{n}-vat_rate": "9"}
    assert _save(anna, number, values).status_code == 200
    _accept(anna, number)
    html = anna.get(f"/admin/quotes/{number}").text
    assert 'class="badge q-accepted"' in html and "Geaccepteerd door Anna Jansen" in html
    assert 'id="editor"' not in html and "/send" not in html
    assert "Won" not in html and "Gewonnen" in anna.get(f"/admin/requests/{ref}").text
    assert _save(anna, number, values).status_code == 409
    assert anna.post(f"/admin/quotes/{number}/send").status_code == 409
    made = anna.post(f"/admin/quotes/{number}/invoice")
    invoice = f"INV-{YEAR}-0001"
    assert made.status_code == 200 and made.url.path == f"/admin/invoices/{invoice}"
    page = made.text
    assert "De factuur is gemaakt." in page
    for needed in ("NL000099998B57", "12345678", "NL91 ABNA 0417 1643 00", "Kozijnen Demo", "Anna Jansen",
                   "Herengracht 244", "1016 BT Amsterdam", "Montage", "Btw 9% over €\xa0200,00", "Btw 21% over",
                   "Factuurdatum", "Leverdatum", "Vervaldatum"):
        assert needed in page, needed
    again = anna.post(f"/admin/quotes/{number}/invoice")  # once only: back to the same invoice
    assert again.url.path == f"/admin/invoices/{invoice}"
    quote_page = anna.get(f"/admin/quotes/{number}").text
    assert f"Gefactureerd als {invoice}." in quote_page and "Factuur maken" not in quote_page
    pdf = anna.get(f"/admin/invoices/{invoice}/invoice.pdf")
    assert pdf.headers["content-disposition"] == f'attachment; filename="{invoice}.pdf"'
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert invoice in text and "NL000099998B57" in text
    xml = anna.get(f"/admin/invoices/{invoice}/invoice.xml")
    assert xml.headers["content-type"].startswith("application/xml")
    assert xml.headers["content-disposition"] == f'attachment; filename="{invoice}.xml"'
    document = etree.fromstring(xml.content)
    schema = etree.XMLSchema(etree.parse(str(invoice_schema())))
    assert schema.validate(document), schema.error_log
    assert document.findtext("cbc:ID", namespaces=UBL) == invoice
    listed = anna.get("/admin/invoices").text
    assert f'href="/admin/invoices/{invoice}"' in listed and f'href="/admin/quotes/{number}"' in listed
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM invoices").fetchone()[0] == 1
    db.conn.close()


def test_only_an_accepted_quote_is_invoiced_and_a_declined_one_shows_why(anna: Office) -> None:
    _, number = _make(anna)
    assert "Factuur maken" not in anna.get(f"/admin/quotes/{number}").text
    assert anna.post(f"/admin/quotes/{number}/invoice").status_code == 409
    link = _send(anna, number)
    anna.client.post(link + "/decline", data={"reason": "Te duur <script>x</script>"})
    html = anna.get(f"/admin/quotes/{number}").text
    assert 'class="badge q-declined"' in html and "Afgewezen door de klant" in html
    assert "Te duur &lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert 'id="editor"' not in html and "deze offerte is afgewezen" in html.lower()


def test_lists_filter_by_status_and_paginate(anna: Office) -> None:
    assert "Nog geen offertes." in anna.get("/admin/quotes").text
    assert "Nog geen facturen." in anna.get("/admin/invoices").text
    ref, first = _make(anna)
    for _ in range(25):
        assert anna.post(f"/admin/requests/{ref}/quotes", follow_redirects=False).status_code == 303
    _send(anna, first)
    page = anna.get("/admin/quotes").text
    numbers = _numbers(page)
    assert len(numbers) == 25 and numbers[0] == f"Q-{YEAR}-0026"  # newest first
    assert "26 gevonden" in page and "Pagina 1 van 2" in page
    second = anna.get("/admin/quotes?page=2").text
    assert _numbers(second) == [first]
    sent = anna.get("/admin/quotes?status=sent").text
    assert _numbers(sent) == [first]
    assert "Geen offertes met deze status." in anna.get("/admin/quotes?status=accepted").text
    assert anna.get("/admin/quotes?status=bogus&page=x").status_code == 200
    assert '<a href="/admin/quotes" aria-current="page">Offertes</a>' in page
    assert '<a href="/admin/invoices">Facturen</a>' in page


def test_forms_without_the_csrf_token_are_refused(anna: Office) -> None:
    ref, number = _make(anna)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    for path, data in ((f"/admin/requests/{ref}/quotes", {}), (f"/admin/quotes/{number}", values),
                       (f"/admin/quotes/{number}/send", {}), (f"/admin/quotes/{number}/invoice", {})):
        for token in ("", "wrong"):
            answer = anna.client.post(path, data={**data, "csrf": token})
            assert answer.status_code == 403 and "Niet toegestaan" in answer.text, path
    db = anna.db()
    try:
        assert db.execute("SELECT COUNT(*), MAX(status) FROM quotes").fetchone() == (1, "draft")
        assert db.execute("SELECT COUNT(*) FROM outbox WHERE event LIKE 'quote.sent'").fetchone()[0] == 0
    finally:
        db.conn.close()


# --- isolation ----------------------------------------------------------------------------------------------------

@pytest.fixture
def theirs(anna: Office) -> dict[str, str]:
    """Dealer ``other``'s accepted and invoiced quote and a draft; numbers of the same shape that exist nowhere."""
    anna.submit()  # demo has a request but no quote, so no number of ours collides with theirs
    ref = anna.submit("other", email="secret@other.example", name="Geheim Persoon")
    loaded = anna.client.app.state.catalogs.get("other")
    db = anna.db()
    try:
        quote = create_quote(db, loaded, ref, "test")
        sent = send_quote(db, loaded, quote.number, "test", "http://testserver.local")
        accept_quote(db, loaded, sent, "Geheim Persoon", True)
        invoice = create_invoice(db, loaded, quote.number, "test")
        draft = create_quote(db, loaded, ref, "test")
    finally:
        db.conn.close()
    return {"ref": ref, "quote": quote.number, "draft": draft.number, "invoice": invoice.number,
            "missing_ref": ref[:-6] + "999999", "missing_quote": f"Q-{YEAR}-9999",
            "missing_invoice": f"INV-{YEAR}-9999"}


GETS = ["/admin/quotes/{quote}", "/admin/quotes/{quote}?version=1", "/admin/quotes/{quote}/quote.pdf",
        "/admin/quotes/{draft}", "/admin/invoices/{invoice}", "/admin/invoices/{invoice}/invoice.pdf",
        "/admin/invoices/{invoice}/invoice.xml"]
POSTS = [("/admin/requests/{ref}/quotes", {}), ("/admin/quotes/{draft}", {"action": "save", "rows": "1",
         "line-0-description": "x", "line-0-unit_price": "1", "validity_days": "30", "intro": "", "terms": ""}),
         ("/admin/quotes/{draft}", {"action": "add", "rows": "0"}), ("/admin/quotes/{draft}/send", {}),
         ("/admin/quotes/{quote}/invoice", {}), ("/admin/quotes/{quote}", {"action": "save"})]


def _snapshot(office: Office) -> list:
    db = office.db()
    try:
        return [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in (
            "quotes", "quote_lines", "invoices", "quote_requests", "status_history", "outbox", "activity")] + [
            db.execute("SELECT * FROM audit_log WHERE dealer = 'other'").fetchall()]
    finally:
        db.conn.close()


def _fill(template: str, ids: dict[str, str], missing: bool) -> str:
    return template.format(**{k: ids[f"missing_{k}"] if missing and f"missing_{k}" in ids else ids[k]
                              for k in ("ref", "quote", "invoice")},
                           draft=ids["missing_quote"] if missing else ids["draft"])


@pytest.mark.parametrize("template", GETS)
def test_another_dealers_quotes_and_invoices_answer_like_missing_ones(anna: Office, theirs: dict[str, str],
                                                                      template: str) -> None:
    before = _snapshot(anna)
    real = anna.get(_fill(template, theirs, False))
    missing = anna.get(_fill(template, theirs, True))
    assert real.status_code == missing.status_code == 404
    assert same_page(real.text, missing.text)
    assert "Geheim" not in real.text and "secret@other" not in real.text
    assert _snapshot(anna) == before


@pytest.mark.parametrize(("template", "data"), POSTS)
def test_forms_on_another_dealers_quotes_change_nothing(anna: Office, theirs: dict[str, str], template: str,
                                                        data: dict[str, str]) -> None:
    before = _snapshot(anna)
    real = anna.post(_fill(template, theirs, False), data)
    missing = anna.post(_fill(template, theirs, True), data)
    assert real.status_code == missing.status_code == 404
    assert same_page(real.text, missing.text)
    assert _snapshot(anna) == before


def test_lists_show_only_the_own_dealers_quotes_and_the_other_user_sees_theirs(anna: Office,
                                                                              theirs: dict[str, str]) -> None:
    for path in ("/admin/quotes", "/admin/quotes?status=accepted", "/admin/invoices"):
        body = anna.get(path).text
        assert theirs["quote"] not in body and theirs["invoice"] not in body and "Geheim" not in body, path
    anna.client.cookies.clear()
    anna.login("otto@other.example")
    page = anna.get(f"/admin/quotes/{theirs['quote']}").text
    assert "Accepted by Geheim Persoon" in page and f"Invoiced as {theirs['invoice']}." in page
    invoice = anna.get(f"/admin/invoices/{theirs['invoice']}").text
    assert '<html lang="en">' in invoice and "Invoice date" in invoice and "Andere Ramen" in invoice
    draft = anna.get(f"/admin/quotes/{theirs['draft']}").text
    assert "Send to secret@other.example" in draft and "Edit the quote" in draft


def test_the_pages_words_follow_the_error_code_not_the_apis_english(anna: Office,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Reword the API's English for four codes: the back office reads codes, so its Dutch stays.
    reworded = {"quote.line.not_a_number": "Not numeric", "quote.line.vat_range": "VAT outside {min}..{max}",
                "quote.line.quantity_positive": "Zero or less", "quote.no_email": "Nobody to write to"}
    for code, text in reworded.items():
        monkeypatch.setitem(MESSAGES, code, text)
    assert message("quote.line.vat_range", {"min": 0, "max": 100}) == "VAT outside 0..100"  # the API says this now
    _, number = _make(anna)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    answer = _save(anna, number, {**values, "line-0-quantity": "0", "line-0-unit_price": "veel",
                                  "line-0-vat_rate": "150"})
    assert answer.status_code == 422
    doc = lxml.html.fromstring(answer.text)
    assert doc.get_element_by_id("e-line-0-unit_price").text_content().strip() == "Vul een getal in, zoals 12,50."
    assert doc.get_element_by_id("e-line-0-vat_rate").text_content().strip() == \
        "Vul een btw-percentage van 0 tot 100 in."
    assert doc.get_element_by_id("e-line-0-quantity").text_content().strip() == "Vul een aantal groter dan 0 in."
    for english in ("Not numeric", "VAT outside", "Zero or less"):
        assert english not in answer.text
    # The refused send: no e-mail address (the old page looked for "e-mail" in the English detail).
    db = anna.db()
    try:
        db.conn.execute("UPDATE quotes SET buyer = json_set(buyer, '$.email', '') WHERE number = ?", [number])
        db.conn.commit()
    finally:
        db.conn.close()
    refused = anna.post(f"/admin/quotes/{number}/send")
    assert refused.status_code == 409
    assert "Versturen kan niet: deze klant heeft geen e-mailadres (meer)." in refused.text
    assert "Nobody" not in refused.text


def test_a_refused_send_says_so_once(anna: Office) -> None:
    # The customer lost the address after the page was opened: the refusal is the one banner, not two.
    _, number = _make(anna)
    db = anna.db()
    try:
        db.conn.execute("UPDATE quotes SET buyer = json_set(buyer, '$.email', '') WHERE number = ?", [number])
        db.conn.commit()
    finally:
        db.conn.close()
    assert anna.get(f"/admin/quotes/{number}").text.count("Versturen kan niet") == 1
    refused = anna.post(f"/admin/quotes/{number}/send")
    assert refused.status_code == 409
    assert refused.text.count("Versturen kan niet: deze klant heeft geen e-mailadres (meer).") == 1


def test_invoicing_an_unaccepted_quote_says_why_with_its_status_in_words(anna: Office) -> None:
    # The page said only "Deze factuur kan niet gemaakt worden.", not that the quote must be accepted first.
    _, number = _make(anna)
    refused = anna.post(f"/admin/quotes/{number}/invoice")
    assert refused.status_code == 409
    message = " ".join(lxml.html.fromstring(refused.text).text_content().split())
    assert "alleen een geaccepteerde offerte wordt gefactureerd (deze offerte: Concept)." in message
    assert "draft" not in message


def test_the_summary_names_a_column_as_its_header_writes_it(anna: Office) -> None:
    """German nouns keep their capitals: "Zeile 1, Menge", never "menge" (tester, issue 15)."""
    anna.post("/admin/lang", {"lang": "de", "next": "/admin"})
    _, number = _make(anna)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    answer = _save(anna, number, {**values, "line-0-quantity": "abc", "line-0-unit_price": "x"})
    assert answer.status_code == 422
    text = lxml.html.fromstring(answer.text).get_element_by_id("error-summary").text_content()
    assert "Zeile 1, Menge:" in text and "Zeile 1, Stückpreis ohne MwSt.:" in text
    assert "menge" not in text and "mwst." not in text
    anna.post("/admin/lang", {"lang": "en", "next": "/admin"})
    answer = _save(anna, number, {**values, "line-0-vat_rate": "x"})
    assert "Line 1, VAT %:" in lxml.html.fromstring(answer.text).get_element_by_id("error-summary").text_content()


def test_the_requests_quote_card_keeps_version_and_its_number_on_one_line(anna: Office) -> None:
    """"Version" above a lone "1" in the narrow quotes card (tester, issue 15)."""
    ref, number = _make(anna)
    doc = lxml.html.fromstring(anna.get(f"/admin/requests/{ref}").text)
    link = next(a for a in doc.iter("a") if a.get("href") == f"/admin/quotes/{number}")
    small = link.getnext()
    assert small is not None and small.tag == "small" and small.text_content().strip() == "versie 1"
    assert "nowrap" in small.get("class", "").split()


def test_the_contacts_activity_names_a_quotes_entry_in_the_users_language(anna: Office) -> None:
    """A German contact page read "quote · ..." beside "Anfrage · ..." (tester, issue 15)."""
    ref, number = _make(anna)
    _send(anna, number)
    anna.post("/admin/lang", {"lang": "de", "next": "/admin"})
    doc = lxml.html.fromstring(anna.get(f"/admin/requests/{ref}").text)
    contact = next(a.get("href") for a in doc.iter("a") if re.fullmatch(r"/admin/contacts/\d+", a.get("href") or ""))
    page = lxml.html.fromstring(anna.get(contact).text)
    kinds = [strong.text_content().strip() for li in page.iter("li") for strong in li.iter("strong")]
    assert "Angebot" in kinds and "Anfrage" in kinds
    assert "quote" not in kinds
