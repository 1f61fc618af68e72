"""A German quote's page and PDF write quantities, VAT rates, money and dates as the widget's Intl (de-DE) would."""

from __future__ import annotations

import io

import lxml.html
from pypdf import PdfReader

from server.i18n import format_date
from tests.quotes.conftest import Shop


def test_a_german_quote_writes_decimals_rates_money_and_dates_the_german_way(shop: Shop) -> None:
    quote = shop.quote(shop.submit(lang="de"))
    assert quote["lang"] == "de"
    keep = ("kind", "description", "quantity", "unit_price", "vat_rate", "item_position")
    lines = [{k: line[k] for k in keep} for line in quote["lines"]] + [
        {"kind": "installation", "description": "Montage", "quantity": "7.5", "unit_price": "40", "vat_rate": "9"}]
    edited = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": lines})
    assert edited.status_code == 200, edited.text
    sent, link = shop.sent(quote["number"])
    # 7.5 x 40.00 = 300.00 at 9 %.
    page = lxml.html.fromstring(shop.client.get(link).text)
    row = next(tr for tr in page.iter("tr") if "Montage" in tr.text_content())
    cells = [td.text_content().strip() for td in row.iter("td")]
    assert cells[1:] == ["7,5", "40,00\xa0€", "9\xa0%", "300,00\xa0€"]
    pdf = shop.get(f"/quotes/{quote['number']}/quote.pdf").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # The PDF's text layer gives U+00A0 back as a space (one glyph for both; see test_locale_parity.py).
    assert "Montage 7,5 40,00 € 9 % 300,00 €" in " ".join(text.split()), text
    # The PDF dates the quote in the dealer's zone (Amsterdam), not on the UTC day (issue 15).
    shown = format_date(sent["sent_at"], "de", "Europe/Amsterdam")
    assert shown in text and "." in shown
    # The VAT total line writes its rate as the VAT column does ("9 %", not "9%").
    assert "MwSt. 9 % auf 300,00 €" in " ".join(text.split()), text
    vat_rows = [tr.text_content() for tr in page.iter("tr") if "auf" in tr.text_content()]
    assert any("MwSt. 9\xa0% auf 300,00\xa0€" in row for row in vat_rows), vat_rows
