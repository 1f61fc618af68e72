"""The quote PDF is one document: pages numbered across the quote and its drawing sheets."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from tests.quotes.conftest import Shop

TWO = [
    {"configuration": {"product": "pvc-window", "width_mm": 1200, "height_mm": 1200, "layout": "single"},
     "note": "keuken"},
    {"configuration": {"product": "pvc-window", "width_mm": 900, "height_mm": 1200, "layout": "single",
                       "quantity": 5}, "note": "slaapkamer"},
]


def test_every_page_says_which_of_all_and_the_sheets_carry_the_quote(shop: Shop) -> None:
    ref = shop.submit(items=TWO)
    number = shop.quote(ref)["number"]
    quote, _ = shop.sent(number)
    pdf = shop.get(f"/quotes/{number}/quote.pdf")
    assert pdf.status_code == 200
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages]
    assert len(pages) == 3  # the quote's one page, then a sheet per window
    for n, text in enumerate(pages, start=1):
        assert f"Pagina {n} van 3" in text, (n, text[-200:])
        assert "Pagina 1 van 1" not in text
    # Dates as the quote writes them (1-12-2026 in Dutch, as Intl nl-NL does), on the quote and its sheets alike.
    # The quote is dated on the dealer's day (Europe/Amsterdam), which is not UTC's between 23:00 and 24:00.
    day = datetime.fromisoformat(quote["sent_at"].replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Amsterdam"))
    sent = f"{day.day}-{day.month}-{day.year}"
    assert re.search(rf"(?<!\d){sent}", pages[0])
    for n, text in ((1, pages[1]), (2, pages[2])):
        flat = re.sub(r"\s+", " ", text)
        assert f"Offerte {number}" in flat and f"{ref} / {n}" in flat, flat[:400]
        assert sent in flat
        assert not re.search(r"\d{4}-\d{2}-\d{2}", flat)  # not the ISO date of the request
