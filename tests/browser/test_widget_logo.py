"""The dealer's logo in real Chromium: uploaded through the back office's form, then shown by the widget,
the hosted page and the quote page, each image really loaded and no policy violated; replaced and removed.

One journey in one test: each step changes the branding the next one looks at.

Screenshots go to /work/shots (s18-B-*.png) when that folder exists.
"""

from __future__ import annotations

import copy
import re
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from server.services.keys import create_key
from server.services.users import create_user
from server.storage.db import connect
from tests.browser.conftest import RECORDER, settle
from tests.intake.conftest import BODY
from tests.support.logos import SVG_LOGO, image_bytes
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/work/shots")
EMAIL = "anna@demo.example"
LOADED = "img => img.complete && img.naturalWidth > 0"


def _shot(target: Page | Locator, name: str) -> None:
    if SHOTS.is_dir():
        target.screenshot(path=str(SHOTS / f"s18-B-{name}.png"))


def _log_in(page: Page, base: str, db_path: Path) -> None:
    db = connect(db_path)  # the live server's database, already migrated
    try:
        create_user(db, "demo", EMAIL, name="Anna de Vries", lang="nl", password=PASSWORD)
    finally:
        db.conn.close()
    page.goto(f"{base}/admin/branding")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/branding$"))


def _upload(page: Page, path: Path) -> None:
    page.get_by_label("Nieuw logo").set_input_files(str(path))
    page.get_by_role("button", name="Logo uploaden").click()


def _no_csp_violations(page: Page) -> None:
    assert page.evaluate("() => window.__vs.csp") == []


def _sent_quote_link(base: str, db_path: Path) -> str:
    db = connect(db_path)
    try:
        key = create_key(db, "demo").key
    finally:
        db.conn.close()
    auth = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, timeout=30) as http:
        body = copy.deepcopy(BODY)
        body["form_token"] = http.get("/api/v1/dealers/demo/form-token").json()["form_token"]
        ref = http.post("/api/v1/dealers/demo/quote-requests", json=body,
                        headers={"Idempotency-Key": f"logo-{uuid.uuid4()}"}).json()["reference"]
        number = http.post(f"/api/v1/dealer/requests/{ref}/quotes", headers=auth).json()["number"]
        return str(http.post(f"/api/v1/dealer/quotes/{number}/send", headers=auth).json()["link"])


def test_an_uploaded_logo_shows_in_the_widget_the_hosted_page_and_the_quote_page(
        live_server: str, live_db: Path, page: Page, tmp_path: Path) -> None:
    page.add_init_script(RECORDER)
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server, live_db)
    expect(page.get_by_role("heading", level=1)).to_have_text("Huisstijl")
    _shot(page, "branding-empty")

    page.get_by_label("Accentkleur").fill("#ffcc00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#e-accent_colour")).to_contain_text("contrast 1,5:1")
    _shot(page, "branding-contrast-refused")
    page.get_by_label("Accentkleur").fill("#2b7a3d")
    page.get_by_label("Afzendernaam van e-mails").fill("Kozijnen Jansen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".notice")).to_have_text("De huisstijl is opgeslagen.")

    fake = tmp_path / "logo.png"
    fake.write_bytes(b"<html><body><script>alert(1)</script></body></html>")
    _upload(page, fake)
    expect(page.locator("#e-logo")).to_have_text("Dit is geen PNG-, JPEG-, WebP- of SVG-afbeelding.")
    _shot(page, "branding-upload-refused")

    logo = tmp_path / "kozijnen-jansen.svg"
    logo.write_bytes(SVG_LOGO.replace(b"</svg>", b'<text x="20" y="52" font-size="30" fill="#ffffff">'
                                                 b"Jansen</text><script>alert(1)</script></svg>"))
    _upload(page, logo)
    expect(page.locator(".notice")).to_have_text("Het logo is opgeslagen.")
    current = page.locator("img[data-logo]")
    page.wait_for_function(LOADED, arg=current.element_handle())
    _shot(page, "branding-saved")
    page.set_viewport_size({"width": 360, "height": 800})
    _shot(page, "branding-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})
    _no_csp_violations(page)

    # The widget on the dealer's site: the logo small in its head, the dealer's name as its text.
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    head_logo = widget.locator(".head img.logo")
    expect(head_logo).to_have_attribute("alt", "Kozijnen Demo")
    page.wait_for_function(LOADED, arg=head_logo.element_handle())
    box = head_logo.bounding_box()
    assert box is not None and box["height"] <= 40 and box["width"] <= 200
    assert head_logo.get_attribute("src").startswith(live_server + "/api/v1/dealers/demo/logo?v=")  # type: ignore[union-attr]
    _no_csp_violations(page)
    _shot(widget.locator(".head"), "widget-head")

    # The hosted page, under its strict policy.
    page.goto(live_server + "/d/demo")
    hosted = page.locator("header img.logo")
    page.wait_for_function(LOADED, arg=hosted.element_handle())
    # On a white chip: a logo in the brand colour must not vanish on the accent band.
    assert hosted.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 255, 255)"
    settle(page)
    _no_csp_violations(page)
    _shot(page, "hosted-page")

    # The homeowner's quote page.
    page.goto(_sent_quote_link(live_server, live_db))
    quote_logo = page.locator("header img[data-logo]")
    page.wait_for_function(LOADED, arg=quote_logo.element_handle())
    _no_csp_violations(page)
    _shot(page, "quote-page")

    # A raster logo replaces it and loads in the widget too; removed, it is gone from the widget.
    page.goto(live_server + "/admin/branding")
    raster = tmp_path / "logo.webp"
    raster.write_bytes(image_bytes("WEBP"))
    _upload(page, raster)
    expect(page.locator(".notice")).to_have_text("Het logo is opgeslagen.")
    page.goto(live_server + "/")
    settle(page, widget)
    page.wait_for_function(LOADED, arg=widget.locator(".head img.logo").element_handle())
    page.goto(live_server + "/admin/branding")
    page.get_by_role("button", name="Logo verwijderen").click()
    expect(page.locator(".notice")).to_have_text("Het logo is verwijderd.")
    page.goto(live_server + "/")
    settle(page, widget)
    expect(widget.locator(".head img")).to_have_count(0)
    _no_csp_violations(page)
