"""HTML and SVG payloads in every text field of a quote request come out as text, never as markup.

One request carries a payload in every field that accepts one. Each place that shows the
request is then read: the dealer's and the homeowner's e-mail, the back-office pages, the
drawings (SVG, the A4 PDF sheet with the item note), the CSV and JSON exports, the formal
quote as PDF and the homeowner's quote page. Markup must never appear raw; where a field is
shown, unescaping the page must give back exactly what the homeowner typed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tests.hostile.conftest import Hostile, body_with

# Per field: a payload that fits its length and format rules (France: a postcode is 2 to 12 characters).
PAYLOADS = {
    "name": '<script>alert("name")</script>',
    "company": '"><svg onload=alert("company")>',
    "street": "</title><img src=x onerror=alert(1)>",
    "house_number": "<svg onload=1>",
    "postcode": "<b>pc</b>",
    "city": "<iframe src=javascript:1>",
    "email": "o'onfocus=alert`1`'x@example.nl",
    "message": '<script>alert("message")</script>\n"><svg onload=alert(2)></textarea></title>',
    "note": '</text><script>alert("note")</script>',
    "notice_url": 'https://dealer.example/"><svg/onload=alert(3)>',
    "notice_version": '"><svg onload=1>',
}
# The part of each payload that would be live markup if it were not escaped.
LIVE = ["<script>", "<svg onload", "<svg/onload", "<img src=x", "<iframe", "<b>pc", "</title><img", "</text><script>",
        "o'onfocus"]


def _never_raw(where: str, text: str) -> None:
    for token in LIVE:
        assert token not in text, f"{where}: {token!r} appears raw"


def _shown(where: str, text: str, *fields: str) -> None:
    """Each field's payload is on the page as text (unescaped once, it reads as typed)."""
    plain = html.unescape(text)
    for field in fields:
        payload = PAYLOADS[field]
        for line in payload.splitlines():  # a multi-line message may be shown with <br> between lines
            assert line in plain, f"{where}: {field} is not shown as text"


@pytest.fixture
def payload_request(hostile: Hostile) -> str:
    answer = hostile.quote_request(body_with(country="FR", **PAYLOADS))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])


def test_the_stored_request_is_exactly_what_was_typed(hostile: Hostile, payload_request: str) -> None:
    detail = hostile.get(f"/requests/{payload_request}").json()
    for field in ("name", "company", "street", "house_number", "postcode", "city", "email"):
        assert detail["contact"][field] == PAYLOADS[field]
    assert detail["message"] == PAYLOADS["message"] and detail["items"][0]["note"] == PAYLOADS["note"]
    # The privacy record is the dealer's configured notice: the payloads sent there are not stored at all.
    assert detail["privacy"]["notice_url"] == "http://127.0.0.1:8000/site/privacy.html"
    assert detail["privacy"]["notice_version"] == "2026-01"


def test_both_emails_show_the_payloads_as_text(hostile: Hostile, payload_request: str) -> None:
    hostile.deliver()
    mails = hostile.mails()
    dealer = next(m for m in mails if m["To"] == "verkoop@kozijnen-demo.example")
    homeowner = next(m for m in mails if m["To"] == PAYLOADS["email"])
    contact = ("name", "company", "street", "house_number", "postcode", "city", "email")
    for mail, shown, in_text in ((dealer, (*contact, "message", "note"),
                                  (*contact, "message", "note")),
                                 (homeowner, (), ())):  # the confirmation repeats none of the sender's text
        page = mail.get_body(("html",)).get_content()
        _never_raw(f"{mail['To']} html", page)
        _shown(f"{mail['To']} html", page, *shown)
        assert f'href="mailto:{PAYLOADS["email"]}"' not in page
        text = mail.get_body(("plain",)).get_content()  # plain text is not markup: it reads as typed
        for field in in_text:
            assert PAYLOADS[field].splitlines()[0] in text, (mail["To"], field)
    assert PAYLOADS["name"] in str(dealer["Subject"]) and "\n" not in str(dealer["Subject"])
    confirmation = homeowner.get_body(("html",)).get_content() + homeowner.get_body(("plain",)).get_content()
    for field in ("name", "company", "street", "city", "message", "note"):
        assert PAYLOADS[field].splitlines()[0] not in confirmation, field


def test_back_office_pages_show_the_payloads_as_text(hostile: Hostile, payload_request: str) -> None:
    hostile.office.login()
    contact = hostile.get(f"/requests/{payload_request}").json()["contact_id"]
    number = hostile.quote(payload_request)["number"]
    pages = {
        "/admin/requests": ("name", "city"),
        f"/admin/requests?q={payload_request}": ("name",),
        f"/admin/requests/{payload_request}": ("name", "company", "street", "house_number", "postcode", "city",
                                               "email", "message", "note"),
        "/admin/contacts": ("name",),
        f"/admin/contacts/{contact}": ("name", "email"),
        f"/admin/contacts/{contact}/edit": ("name", "email"),
        "/admin/quotes": ("name",),
        f"/admin/quotes/{number}": ("name", "note"),
        "/admin/audit": (),
    }
    for path, shown in pages.items():
        page = hostile.office.get(path)
        assert page.status_code == 200, (path, page.status_code)
        _never_raw(path, page.text)
        _shown(path, page.text, *shown)


def test_drawings_and_the_a4_sheet_hold_the_note_as_text(hostile: Hostile, payload_request: str,
                                                        tmp_path: Path) -> None:
    svg = hostile.get(f"/requests/{payload_request}/items/1/drawing.svg")
    assert svg.status_code == 200
    etree.fromstring(svg.content)  # well-formed: nothing broke out of an element or attribute
    _never_raw("drawing.svg", svg.text)
    for path in (f"/requests/{payload_request}/items/1/drawing.pdf", f"/requests/{payload_request}/drawings.pdf"):
        pdf = hostile.get(path)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), path
        assert PAYLOADS["note"] in _pdf_text(pdf.content, tmp_path), path


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, timeout=60)
    return done.stdout.decode()


def test_the_json_export_carries_the_payloads_as_json_strings(hostile: Hostile, payload_request: str) -> None:
    answer = hostile.get("/requests.json")
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"].startswith("attachment")
    exported = json.loads(answer.content)
    # Each exported item is the request's own, with its size written for people beside the mm.
    sizes = [item.pop("size") for item in exported[0]["items"]]
    assert sizes and all(isinstance(size, str) and " mm" in size for size in sizes)
    assert exported == [hostile.get(f"/requests/{payload_request}").json()]
    contact = exported[0]["contact"]
    assert all(contact[f] == PAYLOADS[f] for f in ("name", "company", "street", "city", "email"))
    everything = hostile.get(f"/contacts/{exported[0]['contact_id']}/export")
    assert everything.headers["content-type"].startswith("application/json")
    assert PAYLOADS["name"] in json.loads(everything.content)["contact"]["name"]


FORMULAS = {
    "name": '=HYPERLINK("https://evil.example","x")', "company": "+cmd|' /C calc'!A0", "street": "-2+3+cmd|x",
    "house_number": "@SUM(1+1)", "city": "=1+1", "email": "=cmd|'/Ccalc'!A1@example.nl",
    "message": "=SUM(A1:A9)", "postcode": "=A1",
}


def test_csv_neutralises_formulas_in_every_text_column(hostile: Hostile) -> None:
    answer = hostile.quote_request(body_with(country="FR", **FORMULAS))
    assert answer.status_code == 201, answer.text
    for sep in (",", ";"):
        raw = hostile.get(f"/requests.csv?sep={sep}").content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw), delimiter=sep))
        assert len(rows) == 1
        for field, value in FORMULAS.items():
            assert rows[0][field] == "'" + value, (sep, field, rows[0][field])
    office_csv = hostile.office
    office_csv.login()
    rows = list(csv.DictReader(io.StringIO(office_csv.get("/admin/requests.csv").content.decode("utf-8-sig"))))
    assert rows[0]["name"] == "'" + FORMULAS["name"]


def test_the_quote_pdf_and_the_homeowners_page_show_the_payloads_as_text(hostile: Hostile, payload_request: str,
                                                                        tmp_path: Path) -> None:
    number = hostile.quote(payload_request)["number"]
    _, link = hostile.sent(number)
    page = hostile.client.get(link)
    assert page.status_code == 200
    _never_raw(link, page.text)
    _shown("quote page", page.text, "name", "company", "street", "house_number", "postcode", "city", "email",
           "note")
    drawing = hostile.client.get(link + "/items/1/drawing.svg")
    assert drawing.status_code == 200
    etree.fromstring(drawing.content)
    _never_raw("quote page drawing", drawing.text)
    for pdf in (hostile.get(f"/quotes/{number}/quote.pdf").content, hostile.client.get(link + "/quote.pdf").content):
        text = _pdf_text(pdf, tmp_path)
        for field in ("name", "street", "city", "note"):
            assert PAYLOADS[field] in text, field
    # The homeowner's own answer is a form field too: a payload as the decline reason stays text.
    declined = hostile.client.post(link + "/decline", data={"reason": PAYLOADS["message"]}, follow_redirects=True)
    assert declined.status_code == 200
    _never_raw("declined quote page", declined.text)


def test_payloads_in_the_dealers_own_text_stay_text(hostile: Hostile, payload_request: str) -> None:
    note = hostile.send("PATCH", f"/requests/{payload_request}", json={"note": PAYLOADS["message"]})
    assert note.status_code == 200
    hostile.office.login()
    page = hostile.office.get(f"/admin/requests/{payload_request}")
    _never_raw("request page with a note", page.text)
    _shown("request page with a note", page.text, "message")


def test_an_address_with_url_syntax_cannot_add_recipients_to_a_mailto_link(hostile: Hostile) -> None:
    # A valid local part may hold ? = & #: unencoded in mailto: they would add a Bcc or a body.
    ref = hostile.submit(email="anna?bcc=spy@evil.example")
    hostile.deliver()
    dealer = next(m for m in hostile.mails() if m["To"] == "verkoop@kozijnen-demo.example")
    hostile.office.login()
    contact = hostile.get(f"/requests/{ref}").json()["contact_id"]
    for where, page in (("dealer mail", dealer.get_body(("html",)).get_content()),
                        ("request page", hostile.office.get(f"/admin/requests/{ref}").text),
                        ("contact page", hostile.office.get(f"/admin/contacts/{contact}").text)):
        assert 'href="mailto:anna%3Fbcc%3Dspy@evil.example"' in page, where
        assert "mailto:anna?bcc" not in page, where
