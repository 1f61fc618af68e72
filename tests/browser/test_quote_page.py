"""The homeowner's quote page in real Chromium: read, look at the drawings, download, accept; then the invoice."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from server.services.keys import create_key
from server.storage.db import connect
from tests.browser.conftest import one_server_per_module
from tests.intake.conftest import BODY

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # each test sends its own quote; none changes a setting


def _sent_quote(live_server: str, live_db: Path) -> tuple[dict[str, str], str, str]:
    db = connect(live_db)
    try:
        key = create_key(db, "demo").key
    finally:
        db.conn.close()
    auth = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=live_server, timeout=30) as http:
        body = copy.deepcopy(BODY)
        body["items"].append({"configuration": {"product": "alu-sliding-door", "width_mm": 2400, "height_mm": 2200},
                              "note": "tuin"})
        body["form_token"] = http.get("/api/v1/dealers/demo/form-token").json()["form_token"]
        ref = http.post("/api/v1/dealers/demo/quote-requests", json=body,
                        headers={"Idempotency-Key": f"browser-quote-{uuid.uuid4()}"}).json()["reference"]
        number = http.post(f"/api/v1/dealer/requests/{ref}/quotes", headers=auth).json()["number"]
        link = http.post(f"/api/v1/dealer/quotes/{number}/send", headers=auth).json()["link"]
    return auth, number, link


def test_open_read_download_and_accept_with_the_keyboard(live_server: str, live_db: Path, page: Page) -> None:
    auth, number, link = _sent_quote(live_server, live_db)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The refused form answers 422 on purpose, and Chromium asks for a favicon there is none of.
    expected = ("status of 422", "favicon")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not any(
        e in m.text + (m.location or {}).get("url", "") for e in expected) else None)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(f"Offerte {number}")
    expect(page.locator(".banner")).to_contain_text("wacht op uw antwoord")
    drawings = page.locator("figure img")
    expect(drawings).to_have_count(2)
    for i in range(2):
        drawings.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawings.nth(i).element_handle())
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de offerte (PDF)").click()
    assert download.value.suggested_filename == f"{number}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    # An empty acceptance is refused, with the errors announced and tied to the fields.
    page.get_by_role("button", name="Offerte accepteren").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")
    name = page.get_by_label("Uw volledige naam")
    expect(name).to_have_attribute("aria-invalid", "true")
    # Keyboard only: type the name, tick the box with space, submit with Enter.
    name.focus()
    page.keyboard.type("Anna Jansen")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label("Ik accepteer deze offerte en de voorwaarden.")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".banner")).to_contain_text("U heeft deze offerte geaccepteerd")
    expect(page.locator("form")).to_have_count(0)
    assert page.context.cookies() == []
    assert errors == []
    with httpx.Client(base_url=live_server, timeout=30) as http:
        assert http.get(f"/api/v1/dealer/quotes/{number}", headers=auth).json()["status"] == "accepted"
        invoice = http.post(f"/api/v1/dealer/quotes/{number}/invoice", headers=auth)
        assert invoice.status_code == 201 and invoice.json()["total"] == http.get(
            f"/api/v1/dealer/quotes/{number}", headers=auth).json()["total"]


def test_the_quote_page_passes_axe_and_reads_on_a_phone(live_server: str, live_db: Path, browser,
                                                        screenshots: Path) -> None:
    _, _, link = _sent_quote(live_server, live_db)
    for width in (1280, 360):
        path = screenshots / f"quote-{width}.png"
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        try:
            page.goto(link + "?lang=en")
            expect(page.locator("h1")).to_contain_text("Quote")
            page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            results = Axe().run(page)
            bad = [(v["id"], v["impact"]) for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
            assert bad == [], bad
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
            assert wide == [], f"wider than a {width}px screen: {wide[:5]}"
            page.screenshot(path=path, full_page=True)
        finally:
            context.close()


def test_the_dutch_quote_fits_a_360px_phone_with_every_column_readable(live_server: str, live_db: Path, browser,
                                                                        screenshots: Path) -> None:
    """Dutch labels and four-figure totals: no horizontal scroll, the total and each line's price and VAT shown."""
    _, number, link = _sent_quote(live_server, live_db)
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(link)
        expect(page.locator("h1")).to_contain_text(f"Offerte {number}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        total = page.locator("tfoot tr.total td").last
        total.scroll_into_view_if_needed()
        expect(total).to_be_visible()
        box = total.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        for cls in ("unit", "vat"):
            cells = page.locator(f"tbody td.{cls}")
            assert cells.count() >= 2
            for i in range(cells.count()):
                expect(cells.nth(i)).to_be_visible()
                cell = cells.nth(i).bounding_box()
                assert cell is not None and cell["x"] + cell["width"] <= 360
        # Each value says what it is, since the column headings are off screen.
        expect(page.locator("tbody td.vat").first).to_have_attribute("data-label", "Btw")
        page.screenshot(path=screenshots / "quote-nl-360.png", full_page=True)
    finally:
        context.close()
