"""The PDFs that carry drawings say which side each shows and name its panes (issue 16), as the
widget's drawing does: the quote's sheets and the request's drawings, in the drawing's language."""

from __future__ import annotations

import subprocess

import pytest

from tests.quotes.conftest import Shop

TWO_LIGHTS = [{"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal"},
               "note": "woonkamer"}]


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (what the dealer and homeowner see)."""
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, timeout=60,
                         check=True)
    return " ".join(run.stdout.decode().split())


def test_the_quote_pdfs_drawing_states_its_view_and_names_its_panes(shop: Shop) -> None:
    number = shop.quote(shop.submit(items=TWO_LIGHTS))["number"]
    shop.sent(number)
    pdf = shop.get(f"/quotes/{number}/quote.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    # demo.toml draws by the Dutch convention (vkg): from outside, and the caption says so.
    assert "Buitenaanzicht" in text
    assert "Linkervak" in text and "Rechtervak" in text


@pytest.mark.parametrize(("view", "lang", "words"), [
    ("inside", "nl", ("Binnenaanzicht", "Linkervak", "Rechtervak")),
    ("outside", "en", ("View from outside", "Left section", "Right section")),
    ("inside", "de", ("Ansicht von innen", "Linkes Feld", "Rechtes Feld")),
])
def test_the_requests_drawing_pdf_states_its_view_and_names_its_panes(shop: Shop, view: str, lang: str,
                                                                     words: tuple[str, ...]) -> None:
    ref = shop.submit(items=TWO_LIGHTS, lang=lang)  # the request's drawings speak the homeowner's language
    pdf = shop.get(f"/requests/{ref}/items/1/drawing.pdf?view={view}")
    assert pdf.status_code == 200, pdf.text
    text = _pdf_text(pdf.content)
    for word in words:
        assert word in text, (word, text[:400])
