"""The dealer's logo on every PDF: the quote (its drawing sheets too), the invoice and the request's drawings.

A solid red logo no drawing or text of ours uses is uploaded; each PDF is rendered to PNG with
pdftoppm and the logo's box at the top right must be red, the rest of the page not.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from server.services.branding import branding_of, save_logo
from server.services.logo_check import check_logo
from server.storage.db import connect
from tests.quotes.conftest import Shop
from tests.quotes.test_invoices import _accepted
from tests.support.logos import LOGO_RGB, image_bytes

SHOTS = Path("/work/shots")  # the pages as images land here when that folder exists
DPI = 60
MM = DPI / 25.4  # pixels per millimetre at DPI


def _upload_logo(shop: Shop, slug: str = "demo", colour: tuple[int, int, int] = LOGO_RGB) -> None:
    loaded = shop.client.app.state.catalogs.get(slug)
    db = connect(shop.settings.db_path)
    try:
        save_logo(db, slug, branding_of(db, slug, loaded.catalog.dealer),
                  check_logo(image_bytes("PNG", (300, 100), colour), "logo.png"), "test")
    finally:
        db.conn.close()
    shop.client.app.state.catalogs.forget_overrides(slug)


def _pages(pdf: bytes, tmp_path: Path, name: str) -> list[Image.Image]:
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                   check=True, timeout=60)
    return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def _keep(page: Image.Image, name: str) -> None:
    if SHOTS.is_dir():
        page.save(SHOTS / f"s18-B-{name}-pdf.png")


def _red(pixel: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(pixel, LOGO_RGB, strict=True))


def _red_share(page: Image.Image, box: tuple[float, float, float, float]) -> float:
    """The share of red pixels inside ``box`` (x, y, width, height in mm from the top left)."""
    x, y, w, h = (round(v * MM) for v in box)
    region = page.crop((x, y, x + w, y + h))
    return sum(1 for p in region.get_flattened_data() if _red(p)) / (region.width * region.height)


# The logo (3:1) in its 50 x 15 mm box at the top right: 45 x 15 mm, right-aligned at 194 mm.
LOGO_AREA = (150.0, 8.0, 43.0, 13.0)
REST = (16.0, 40.0, 178.0, 240.0)


def test_the_quote_pdf_shows_the_logo_at_the_top_right_of_its_pages(shop: Shop, tmp_path: Path) -> None:
    ref = shop.submit()
    number = shop.quote(ref)["number"]
    before = _pages(shop.get(f"/quotes/{number}/quote.pdf").content, tmp_path, "before")
    assert _red_share(before[0], LOGO_AREA) == 0, "no logo before one is uploaded"
    _upload_logo(shop)
    pages = _pages(shop.get(f"/quotes/{number}/quote.pdf").content, tmp_path, "quote")
    assert len(pages) >= 2, "the quote and its drawing sheet"
    assert _red_share(pages[0], LOGO_AREA) > 0.95
    assert _red_share(pages[0], REST) == 0, "the logo stays in its box"
    assert _red_share(pages[-1], (0, 0, 210, 297)) > 0, "the drawing sheet carries the logo too"
    _keep(pages[0], "quote")


def test_the_invoice_pdf_shows_the_logo(shop: Shop, tmp_path: Path) -> None:
    _upload_logo(shop)
    number = _accepted(shop)
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()
    pages = _pages(shop.get(f"/invoices/{invoice['number']}/invoice.pdf").content, tmp_path, "invoice")
    assert _red_share(pages[0], LOGO_AREA) > 0.95 and _red_share(pages[0], REST) == 0
    _keep(pages[0], "invoice")


def test_an_issued_invoices_pdf_keeps_the_logo_it_was_issued_with(shop: Shop, tmp_path: Path) -> None:
    _upload_logo(shop)
    number = _accepted(shop)
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()["number"]
    issued = shop.get(f"/invoices/{invoice}/invoice.pdf").content
    _upload_logo(shop, colour=(0, 90, 200))  # the dealer changes the logo afterwards
    later = shop.get(f"/invoices/{invoice}/invoice.pdf").content
    assert later == issued  # the copy in the UBL stored at issue, byte for byte
    assert _red_share(_pages(later, tmp_path, "invoice-later")[0], LOGO_AREA) > 0.95
    # A quote is not issued: its PDF shows the logo as it stands now.
    assert _red_share(_pages(shop.get(f"/quotes/{number}/quote.pdf").content, tmp_path, "quote-later")[0],
                      LOGO_AREA) == 0


def test_the_requests_drawing_pdf_shows_the_logo(shop: Shop, tmp_path: Path) -> None:
    ref = shop.submit()
    assert all(_red_share(p, (0, 0, 210, 297)) == 0 for p in _pages(
        shop.get(f"/requests/{ref}/drawings.pdf").content, tmp_path, "plain"))
    _upload_logo(shop)
    pages = _pages(shop.get(f"/requests/{ref}/drawings.pdf").content, tmp_path, "drawings")
    assert all(_red_share(p, (0, 0, 210, 297)) > 0.005 for p in pages)
    _keep(pages[0], "drawing")


def test_another_dealers_pdfs_do_not_carry_the_logo(shop: Shop, tmp_path: Path) -> None:
    _upload_logo(shop, "demo")
    ref = shop.submit(dealer="other")
    answer = shop.send("POST", f"/requests/{ref}/quotes", key=shop.other)
    assert answer.status_code == 201, answer.text
    number = answer.json()["number"]
    pages = _pages(shop.get(f"/quotes/{number}/quote.pdf", key=shop.other).content, tmp_path, "other")
    assert all(_red_share(p, (0, 0, 210, 297)) == 0 for p in pages)
