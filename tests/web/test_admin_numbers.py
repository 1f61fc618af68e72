"""The back office writes quantities and VAT rates in the user's language, as the PDFs do.

``7,5`` and ``7,5%`` in Dutch, ``7.5`` and ``7.5%`` in English (server/i18n's format_number and format_percent).
"""

from __future__ import annotations

import re

from server.i18n import format_money
from tests.support.html import parse, table_rows, text_of
from tests.web.conftest import Office
from tests.web.test_quotes_pages import _editor, _make, _rows, _save
from tests.web.test_requests_pages import TWO_ITEMS


def _quote_with_a_decimal_line(anna: Office) -> str:
    """A quote with one more line: 7,5 hours at 40,00 and 7,5% VAT (typed the Dutch way)."""
    _, number = _make(anna, TWO_ITEMS)
    values = _editor(anna.get(f"/admin/quotes/{number}").text)
    values = _editor(_save(anna, number, values, action="add").text)
    n = _rows(values) - 1
    values |= {f"line-{n}-kind": "other", f"line-{n}-description": "Uren", f"line-{n}-quantity": "7,5",
               f"line-{n}-unit_price": "40,00", f"line-{n}-vat_rate": "7,5"}
    saved = _save(anna, number, values)
    assert saved.status_code == 200, saved.text[:800]
    return number


def _shown(text: str) -> str:
    """``text`` as text_of reads it (the no-break space of money collapsed to a space)."""
    return text.replace("\xa0", " ")


def _line(html: str, description: str) -> dict[str, str]:
    return next(row for row in table_rows(html, "quote-lines") if row[next(iter(row))].endswith(description))


def test_quote_lines_show_quantity_and_vat_in_dutch(anna: Office) -> None:
    number = _quote_with_a_decimal_line(anna)
    html = anna.get(f"/admin/quotes/{number}").text
    line = _line(html, "Uren")
    # 7.5 x 40.00 = 300.00
    assert line["Aantal"] == "7,5" and line["Btw"] == "7,5%" and line["Bedrag"] == _shown(format_money("300.00", "nl"))
    assert all("." not in row["Aantal"] for row in table_rows(html, "quote-lines") if row["Aantal"])
    totals = [text_of(th) for th in parse(html).xpath("//table[contains(@class,'totals')]//th")]
    # 7.5 % of 300.00 = 22.50
    assert _shown(f"Btw 7,5% over {format_money('300.00', 'nl')}") in totals, totals
    assert _shown(format_money("22.50", "nl")) in text_of(parse(html).xpath("//table[contains(@class,'totals')]")[0])
    assert not re.search(r"\b7\.5\b", text_of(parse(html).xpath("//main")[0]))


def test_quote_lines_show_quantity_and_vat_in_english(anna: Office) -> None:
    number = _quote_with_a_decimal_line(anna)
    anna.post("/admin/lang", {"lang": "en", "next": "/admin"})
    html = anna.get(f"/admin/quotes/{number}").text
    line = _line(html, "Uren")
    assert line["Quantity"] == "7.5" and line["VAT"] == "7.5%"
    assert line["Amount"] == _shown(format_money("300.00", "en"))
    totals = [text_of(th) for th in parse(html).xpath("//table[contains(@class,'totals')]//th")]
    assert _shown(f"VAT 7.5% on {format_money('300.00', 'en')}") in totals, totals


def test_the_request_page_writes_quantities_and_rates_through_the_formatters(anna: Office) -> None:
    ref = anna.submit(items=TWO_ITEMS)
    html = anna.get(f"/admin/requests/{ref}").text
    body_rows = parse(html).xpath("//table[contains(@class,'price')]/tbody/tr")
    rows = [[text_of(td) for td in tr.xpath("./td")] for tr in body_rows]
    lines = [row for row in rows if len(row) == 5]  # the formula rows span the table
    assert len(lines) == 5
    assert {(row[1], row[3]) for row in lines} == {("1", "21%")}
    totals = [text_of(th) for th in parse(html).xpath("//table[contains(@class,'totals')]//th")]
    # 691.90 + 159.50 + 116.42 + 463.10 + 159.50 = 1590.42, all at 21 %
    assert _shown(f"Btw 21% ({format_money('1590.42', 'nl')})") in totals, totals
