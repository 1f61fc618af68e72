"""The catalog editor in real Chromium, and a value's image in the widget.

Anna (owner) opens the editor, types a rule and sees it in words as she types (catalog.js), splits
a layout and sees its drawing, uploads an image for the triple glazing; once the draft is
published, the widget shows that image beside the value, really loaded, no policy violated.

Screenshots go to /work/shots (s19-B-*.png) when that folder exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from server.services.catalog_versions import publish
from server.services.users import create_user
from server.storage.db import connect
from tests.browser.conftest import RECORDER, settle
from tests.support.logos import image_bytes
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/work/shots")
EMAIL = "anna@demo.example"
LOADED = "img => img.complete && img.naturalWidth > 0"
P = "/admin/catalog/products/pvc-window"


def _shot(target: Page | Locator, name: str, full: bool = False) -> None:
    if SHOTS.is_dir():
        if isinstance(target, Page):
            target.screenshot(path=str(SHOTS / f"s19-B-{name}.png"), full_page=full)
        else:
            target.screenshot(path=str(SHOTS / f"s19-B-{name}.png"))


def _log_in(page: Page, base: str, db_path: Path) -> None:
    db = connect(db_path)
    try:
        create_user(db, "demo", EMAIL, name="Anna de Vries", lang="nl", password=PASSWORD)
    finally:
        db.conn.close()
    page.goto(f"{base}/admin/catalog")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/catalog$"))


def test_the_editor_and_a_value_image_in_the_widget(live_server: str, live_db: Path, page: Page,
                                                    tmp_path: Path) -> None:
    page.add_init_script(RECORDER)
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server, live_db)
    expect(page.get_by_role("heading", level=1)).to_have_text("Producten en prijzen")
    _shot(page, "index", full=True)

    page.goto(f"{live_server}{P}")
    page.get_by_label("Minimaal").first.fill("9000")
    page.get_by_role("button", name="Opslaan in concept").first.click()
    expect(page.locator("#e-width\\.max")).to_be_visible()  # min over max: said next to the maximum
    _shot(page, "product-form", full=True)

    # The rule in words as it is typed (catalog.js), before anything is saved.
    page.goto(f"{live_server}{P}/rules/new")
    page.locator("#f-id").fill("wide-limit")
    page.locator("#f-kind").select_option("limit")
    page.locator("#f-figure").select_option("width_mm")
    page.locator("#f-op").select_option("le")
    page.locator("#f-amount").fill("1800")
    expect(page.locator("#rule-words [data-words]")).to_have_text("Altijd: de breedte (mm) is hoogstens 1800.")
    page.locator("#f-message\\.nl").fill("Hoogstens 1800 mm breed")
    _shot(page, "rule-form", full=True)
    assert page.evaluate("() => window.__vs.csp") == []

    # A layout split into three, with its drawing.
    page.goto(f"{live_server}{P}/layouts/single")
    page.locator("#section-main input[name=parts]").fill("3")
    page.locator("#section-main").get_by_role("button", name="Splitsen").click()
    expect(page.locator("[data-section]")).to_have_count(3)
    drawing = page.locator("[data-drawing] img")
    page.wait_for_function(LOADED, arg=drawing.element_handle())
    _shot(page, "layout", full=True)

    # An image for the triple glazing, then the draft published.
    picture = tmp_path / "triple.png"
    picture.write_bytes(image_bytes("PNG", (96, 96), (40, 110, 170)))
    page.goto(f"{live_server}{P}/options/glazing/values/triple")
    page.locator("#f-image").set_input_files(str(picture))
    page.get_by_role("button", name="Afbeelding opslaan").click()
    shown = page.locator("img[data-value-image]")
    page.wait_for_function(LOADED, arg=shown.element_handle())
    _shot(page, "value-image-form", full=True)
    db = connect(live_db)
    try:
        publish(db, "demo", "anna")
    finally:
        db.conn.close()

    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    image = widget.locator('.chip:has(input[value="triple"]) img.vimg')
    expect(image).to_have_count(1, timeout=10_000)
    image.scroll_into_view_if_needed()
    page.wait_for_function(LOADED, arg=image.element_handle())
    assert re.search(r"/api/v1/dealers/demo/images/[0-9a-f]{20}$", image.get_attribute("src") or "")
    assert page.evaluate("() => window.__vs.csp") == []
    _shot(widget.locator('fieldset:has(input[value="triple"])'), "widget-value-image")
