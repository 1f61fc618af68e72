"""The back office never builds a mailed link from the request's Host header."""

from __future__ import annotations

import re

import lxml.html

from server.links import public_base
from tests.web.conftest import Office
from tests.web.test_quotes_pages import _deliver, _make

ATTACKER = {"Host": "attacker.example"}


def test_a_quote_sent_from_the_back_office_links_to_the_configured_base(anna: Office) -> None:
    _, number = _make(anna)
    page = anna.post(f"/admin/quotes/{number}/send", headers=ATTACKER, follow_redirects=False)
    assert page.status_code in (200, 303), page.text[:300]
    shown = anna.get(f"/admin/quotes/{number}") if page.status_code == 303 else page
    link = lxml.html.fromstring(shown.text).get_element_by_id("customer-link").text_content().strip()
    assert link.startswith(public_base(anna.settings) + "/q/")
    mail = next(m for m in _deliver(anna) if number in m["Subject"])
    text = mail.get_body(("plain",)).get_content()
    assert link in text and "attacker.example" not in text


def test_a_reset_mail_links_to_the_configured_base(office: Office) -> None:
    token = office.login_page_token()
    answer = office.client.post("/admin/reset", data={"csrf": token, "email": "anna@demo.example"}, headers=ATTACKER)
    assert answer.status_code == 200
    mails = _deliver(office)
    (mail,) = [m for m in mails if m["To"] == "anna@demo.example"]
    text = mail.get_content()
    assert re.search(re.escape(public_base(office.settings)) + r"/admin/reset/\S{20,}", text), text
    assert "attacker.example" not in text
