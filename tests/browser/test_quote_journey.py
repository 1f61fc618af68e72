"""The whole quote journey in real Chromium against a real ``venster serve``.

The dealer makes a quote from a request, adds an installation line at 9% VAT and sends
it; the homeowner opens the link from the e-mail in a fresh browser and accepts; the
dealer sees it accepted and the request won, makes the invoice and downloads its PDF and
UBL XML. Screenshots land in the run's ``screenshots`` folder as admin-quote-*.png and
admin-invoice-*.png.
"""

from __future__ import annotations

import io
import re
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.support.ubl_schema import invoice_schema
from tests.web.test_admin_browser import _axe_problems, _fits, _log_in, _submit, _user
from tests.web.test_requests_pages import TWO_ITEMS

pytestmark = pytest.mark.browser


def _link_from_mail(folder: Path, number: str, timeout: float = 15) -> str:
    """The homeowner's link in the quote e-mail the live server's outbox wrote to the mail folder."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
            mail = message_from_bytes(path.read_bytes(), policy=policy.default)
            if number in str(mail["Subject"]):
                found = re.search(r"https?://\S+/q/[\w-]+", mail.get_body(("plain",)).get_content())
                assert found, "no link in the quote e-mail"
                return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no e-mail for {number} in {folder}")


def _look(page: Page, name: str, width: int, found: list[tuple], folder: Path) -> None:
    """No sideways scrolling, a full-page screenshot, and (wide) an axe scan."""
    _fits(page)
    page.screenshot(path=folder / f"admin-{name}-{width}.png", full_page=True)
    found.extend((name, width, *v) for v in _axe_problems(page))


def test_make_send_accept_and_invoice(live_server: str, tmp_path: Path, browser: Any, screenshots: Path) -> None:
    _user(tmp_path)
    ref = _submit(live_server, items=TWO_ITEMS)
    wide = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    narrow = browser.new_context(viewport={"width": 360, "height": 800})
    homeowner = browser.new_context(viewport={"width": 1280, "height": 900})
    found: list[tuple] = []
    try:
        page, phone = wide.new_page(), narrow.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        _log_in(page, live_server)
        _log_in(phone, live_server)

        # From the request to a draft quote with its prefilled lines.
        page.get_by_role("link", name=ref).click()
        expect(page.locator("#quotes")).to_contain_text("Nog geen offerte")
        page.get_by_role("button", name="Offerte maken").click()
        expect(page.locator(".notice")).to_contain_text("De offerte is aangemaakt als concept")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(re.compile(r"Offerte Q-\d{4}-\d{4}"))
        number = heading.inner_text().split()[-1]
        rows = page.locator("table.editor tbody tr")
        before = rows.count()
        assert before >= 2

        # An installation line at 9% VAT: add a row, fill it in, save.
        page.get_by_role("button", name="Regel toevoegen").click()
        expect(rows).to_have_count(before + 1)
        n = before + 1
        page.get_by_label(f"Regel {n}: Soort").select_option("installation")
        page.get_by_label(f"Regel {n}: Omschrijving").fill("Montage en afvoer van de oude kozijnen")
        page.get_by_label(f"Regel {n}: Aantal").fill("1")
        page.get_by_label(f"Regel {n}: Stukprijs excl. btw").fill("350")
        page.get_by_label(f"Regel {n}: Btw %").fill("9")
        page.get_by_label(f"Regel {n}: Btw %").press("Enter")  # Enter saves (the form's first button)
        expect(page.locator(".notice")).to_have_text("De offerte is opgeslagen.")
        expect(page.locator(".totals")).to_contain_text("Btw 9% over € 350,00")

        # A mistake is announced and tied to its field.
        page.get_by_label("Regel 1: Aantal").fill("0")
        page.get_by_role("button", name="Opslaan", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Vul een aantal groter dan 0 in.")
        expect(page.get_by_label("Regel 1: Aantal")).to_have_attribute("aria-invalid", "true")
        _look(page, "quote-errors", 1280, found, screenshots)
        page.get_by_label("Regel 1: Aantal").fill("1")
        page.get_by_role("button", name="Opslaan", exact=True).click()
        expect(page.locator(".notice")).to_have_text("De offerte is opgeslagen.")

        _look(page, "quote", 1280, found, screenshots)
        phone.goto(f"{live_server}/admin/quotes/{number}")
        expect(phone.locator("table.editor tbody tr")).to_have_count(n)
        _look(phone, "quote", 360, found, screenshots)

        # Send: the link is shown once, and the e-mail carries the same link.
        page.get_by_role("button", name="Versturen naar anna@example.nl").click()
        expect(page.locator("#sent")).to_contain_text("onderweg naar anna@example.nl")
        shown = page.get_by_label("Link voor de klant").input_value()
        link = _link_from_mail(tmp_path / "mail", number)
        assert link == shown
        page.reload()
        expect(page.locator("#sent")).to_have_count(0)
        expect(page.locator("#quote-status")).to_have_text("Verstuurd")

        # The homeowner, in a browser of their own, accepts with name and checkbox.
        visitor = homeowner.new_page()
        visitor.goto(link)
        expect(visitor.locator("h1")).to_contain_text(f"Offerte {number}")
        visitor.get_by_label("Uw volledige naam").fill("Anna Jansen")
        visitor.get_by_label("Ik accepteer deze offerte en de voorwaarden.").check()
        visitor.get_by_role("button", name="Offerte accepteren").click()
        expect(visitor.locator(".banner")).to_contain_text("U heeft deze offerte geaccepteerd")

        # Back in the back office: accepted, the request won, no editor any more.
        page.reload()
        expect(page.locator("#quote-status")).to_have_text("Geaccepteerd")
        expect(page.locator("#quote-history")).to_contain_text("Geaccepteerd door Anna Jansen")
        expect(page.locator("#editor")).to_have_count(0)
        page.get_by_role("link", name=ref).first.click()
        expect(page.locator("#current-status")).to_have_text("Gewonnen")
        expect(page.locator("#quotes")).to_contain_text("Geaccepteerd")
        page.get_by_role("link", name=number).click()

        # The invoice, its PDF and its UBL XML.
        page.get_by_role("button", name="Factuur maken").click()
        expect(page.locator(".notice")).to_have_text("De factuur is gemaakt.")
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Factuur INV-\d{4}-0001"))
        invoice = page.get_by_role("heading", level=1).inner_text().split()[-1]
        expect(page.locator(".totals")).to_contain_text("Btw 9% over € 350,00")
        with page.expect_download() as pdf_info:
            page.get_by_role("link", name="PDF downloaden").click()
        assert pdf_info.value.suggested_filename == f"{invoice}.pdf"
        text = PdfReader(io.BytesIO(Path(pdf_info.value.path()).read_bytes())).pages[0].extract_text()
        assert invoice in text and "Btw 9%" in text and "NL000099998B57" in text
        with page.expect_download() as xml_info:
            page.get_by_role("link", name="UBL-XML downloaden").click()
        assert xml_info.value.suggested_filename == f"{invoice}.xml"
        document = etree.fromstring(Path(xml_info.value.path()).read_bytes())
        schema = etree.XMLSchema(etree.parse(str(invoice_schema())))
        assert schema.validate(document), schema.error_log

        _look(page, "invoice", 1280, found, screenshots)
        phone.goto(f"{live_server}/admin/invoices/{invoice}")
        _look(phone, "invoice", 360, found, screenshots)
        for each in (page, phone):
            assert each.evaluate("() => window.__csp") == []
        assert errors == []
    finally:
        for context in (wide, narrow, homeowner):
            context.close()
    assert found == []
