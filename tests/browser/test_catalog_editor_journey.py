"""Issue 18's done-when journey in Chromium: a fresh dealer's own product, priced, published and requested.

The owner of a dealer made by ``venster dealer init`` (NL) works only through the back-office pages: adds a
product with a two-light layout, pastes a 6 x 6 matrix (tabs, decimal commas) into its price, adds an option
group whose value has an uploaded PNG and a price and a rule stated in words, sees the playground price the new
product's windows on the draft, and publishes. On the dealer's hosted page (``/d/<dealer>``) a homeowner
configures that product with that value (its image beside it), sees the price the playground gave, to the cent,
and sends the request, which is stored with that product and price. Screenshots land in the run's
``screenshots`` folder as journey-*.png and are copied to /work/shots/s19-J-*.png when that folder exists.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import CONTACT, RECORDER, settle
from tests.conftest import ROOT, running_server

pytestmark = pytest.mark.browser

SLUG = "kozijnen-vos"
OWNER, PASSWORD = "eigenaar@vos.example", "Een lang wachtwoord van de eigenaar"
PID, GROUP, VALUE = "duo-raam", "greep", "messing"
WIDTHS = [400, 800, 1200, 1600, 2000, 2400]
HEIGHTS = [400, 760, 1120, 1480, 1840, 2200]
OPTION_PRICE = Decimal("35.50")
SHOTS = Path("/work/shots")


def _cell(row: int, col: int) -> Decimal:
    return Decimal(200 + 40 * row + 25 * col) + Decimal("0.25")


def _matrix_text() -> str:
    """A 6 x 6 matrix as a spreadsheet copies it: tabs, widths across, heights down, decimal commas."""
    lines = ["\t".join(["", *map(str, WIDTHS)])]
    for r, height in enumerate(HEIGHTS):
        lines.append("\t".join([str(height), *(f"{_cell(r, c):.2f}".replace(".", ",") for c in range(6))]))
    return "\n".join(lines)


def _init(folder: Path) -> str:
    (folder / "catalogs").mkdir()
    env = {**os.environ, "VENSTER_DB": str(folder / "live.db"), "VENSTER_CATALOGS": str(folder / "catalogs")}
    made = subprocess.run([sys.executable, "-m", "server", "dealer", "init", SLUG, "--country", "NL", "--name",
                           "Kozijnen Vos", "--email", OWNER], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    found = re.search(r"/admin/reset/[A-Za-z0-9_-]+", made.stdout)
    assert found is not None, made.stdout
    return found.group(0)


def _shot(page: Page, screenshots: Path, name: str) -> None:
    path = screenshots / f"journey-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / f"s19-J-{name}.png")


def _fill(page: Page, field_id: str, value: str) -> None:
    page.locator(f"[id='{field_id}']").fill(value)


def _paste(page: Page, text: str) -> None:
    """What a paste from a spreadsheet does to the box: the text lands, then the paste event fires."""
    page.locator("textarea[data-paste]").evaluate(
        "(box, text) => { box.value = text; box.dispatchEvent(new Event('paste', {bubbles: true})); }", text)


def _amount(shown: str) -> Decimal:
    """A Dutch amount as a page shows it (``€ 1.234,50``, maybe with a sign) as a Decimal."""
    digits = re.sub(r"[^0-9,+-]", "", shown.replace("\u2212", "-")).replace(",", ".")
    return Decimal(digits)


def test_a_fresh_dealer_makes_prices_and_publishes_a_product_a_homeowner_then_requests(
        tmp_path: Path, browser: Any, screenshots: Path) -> None:
    link = _init(tmp_path)
    image = tmp_path / "messing.png"
    Image.new("RGB", (120, 120), (181, 166, 66)).save(image, "PNG")
    with running_server(tmp_path, tmp_path / "catalogs") as (base, _):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        try:
            page.goto(f"{base}{link}")
            page.locator("#password").fill(PASSWORD)
            page.locator("#password2").fill(PASSWORD)
            page.locator("form button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/admin/login"))
            page.locator("#email").fill(OWNER)
            page.locator("#password").fill(PASSWORD)
            page.locator("form[action='/admin/login'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/admin/requests$"))

            # Homeowners may send requests once the privacy notice is set.
            page.goto(f"{base}/admin/settings")
            page.locator("#s-privacy_notice_url").fill("https://www.vos.example/privacy")
            page.locator("#s-privacy_notice_version").fill("2026-12")
            page.locator("form[action='/admin/settings'] button[type=submit]").first.click()
            expect(page.locator(".notice")).to_be_visible()

            # 1. A product with a two-light layout.
            page.locator("nav.nav a[href='/admin/catalog']").click()
            _fill(page, "f-id", PID)
            for lang, text in (("nl", "Duo-raam"), ("en", "Duo window")):
                _fill(page, f"f-label.{lang}", text)
            page.locator("#f-preset").select_option("two-light")
            _shot(page, screenshots, "1-new-product")
            page.locator("form[action='/admin/catalog/products'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(rf"/admin/catalog/products/{PID}"))
            _shot(page, screenshots, "2-product")

            # 2. Its price: a product-wide rule, then a pasted 6 x 6 matrix applied into it.
            page.locator("a[data-prices-link]").click()
            section = page.locator(f"#product-{PID}")
            section.locator(f"#new-kind-{PID}").select_option("fixed")
            section.locator(f"form[action$='/{PID}/rules/new'] button[type=submit]").click()
            page.locator("#f-code").fill("base")
            page.locator("#f-label_nl").fill("Raam")
            page.locator("#f-label_en").fill("Window")
            page.locator("#f-amount").fill("0")
            page.locator("button[name=action][value=save]").click()
            expect(page).to_have_url(re.compile(rf"/prices/{PID}/rules/base\?saved=1$"))
            page.locator("#f-kind").select_option("matrix")  # its fields, with the link to paste a price list
            page.locator(f"a[href$='/{PID}/import?target=rule:base']").click()
            _paste(page, _matrix_text())
            expect(page.locator("[data-summary]")).to_contain_text("6 breedtes × 6 hoogtes = 36 prijzen.")
            _shot(page, screenshots, "3-matrix-preview")
            page.locator("form[data-apply] button[type=submit]").click()
            expect(page).to_have_url(re.compile(rf"/prices/{PID}/rules/base\?saved=matrix$"))
            expect(page.locator("#f-matrix")).to_contain_text(f"{_cell(5, 5)}")
            _shot(page, screenshots, "4-matrix-applied")

            # 3. An option group whose second value has an image, a price and a rule stated in words.
            page.locator("nav.nav a[href='/admin/catalog']").click()
            page.locator(f"tr[data-product={PID}] a").click()
            page.locator(f"a[href='/admin/catalog/products/{PID}/options/new']").click()
            group_form = page.locator(f"form[action='/admin/catalog/products/{PID}/options']")
            group_form.locator("[id='f-id']").fill(GROUP)
            group_form.locator("[id='f-label.nl']").fill("Greep")
            group_form.locator("[id='f-label.en']").fill("Handle")
            group_form.locator("[id='f-default']").fill("wit")
            group_form.locator("button[type=submit]").click()
            expect(page).to_have_url(re.compile(rf"/options/{GROUP}(\?.*)?$"))
            value_form = page.locator(f"form[action='/admin/catalog/products/{PID}/options/{GROUP}/values']")
            value_form.locator("#nv-id").fill(VALUE)
            value_form.locator("#nv-nl").fill("Messing")
            value_form.locator("#nv-en").fill("Brass")
            value_form.locator("button[type=submit]").click()
            expect(page).to_have_url(re.compile(rf"/values/{VALUE}(\?.*)?$"))
            page.locator("#f-image").set_input_files(image)
            page.locator(f"form[action$='/values/{VALUE}/image'] button[type=submit]").click()
            shown = page.locator("img[data-value-image]")
            expect(shown).to_have_count(1)
            page.wait_for_function("img => img.complete && img.naturalWidth === 120", arg=shown.element_handle())
            _shot(page, screenshots, "5-value-image")

            page.locator(f"a[href='/admin/catalog/products/{PID}']").first.click()  # the crumbs back to the product
            page.locator("a[data-prices-link]").click()
            page.locator(f"#product-{PID} details summary").click()  # the values without a price yet
            page.locator(f"#product-{PID} details a[href$='/values/{GROUP}/{VALUE}']").click()
            page.locator("#f-kind").select_option("fixed")  # matrix.js shows the kind's fields
            page.locator("#f-amount").fill("35,50")
            page.locator("button[name=action][value=save]").click()
            expect(page).to_have_url(re.compile(rf"/values/{GROUP}/{VALUE}\?saved=1$"))

            page.locator("nav.nav a[href='/admin/catalog']").click()
            page.locator(f"tr[data-product={PID}] a").click()
            page.locator(f"a[href='/admin/catalog/products/{PID}/rules/new']").click()
            page.locator("[id='f-id']").fill("messing-breed")
            page.locator("#f-kind").select_option("limit")
            page.locator("#f-a_group").select_option(GROUP)
            page.locator("#f-a_value").select_option(VALUE)
            page.locator("#f-figure").select_option("width_mm")
            page.locator("#f-op").select_option("le")
            page.locator("#f-amount").fill("2000")
            words = "Als Greep is Messing: de breedte (mm) is hoogstens 2000."
            expect(page.locator("#rule-words")).to_have_text(words)  # as it is typed (catalog.js)
            _fill(page, "f-message.nl", "Messing tot 2000 mm breed.")
            _fill(page, "f-message.en", "Brass up to 2000 mm wide.")
            page.locator("#rule-form button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/rules/messing-breed(\?.*)?$"))
            expect(page.locator("[data-words]")).to_have_text(words)
            _shot(page, screenshots, "6-rule")
            page.locator(f"a[href='/admin/catalog/products/{PID}']").first.click()  # the crumbs back to the product
            expect(page.locator("li[data-rule=messing-breed]")).to_contain_text(words)

            # 4. The playground: the new product's windows priced on the draft, and one with brass saved.
            window = {"product": PID, "width_mm": 1200, "height_mm": 1200, "layout": "main",
                      "options": {GROUP: VALUE}}
            page.locator("nav.nav a[href='/admin/catalog']").click()
            page.locator("a[href='/admin/catalog/playground']").click()
            page.locator("#s-name").fill("Duo met messing")
            page.locator("#s-configuration").fill(msgspec.json.encode(window).decode())
            page.locator("form[aria-labelledby=sample-h] button[type=submit]").click()
            table = page.locator("table.playground").first
            expect(table.locator(":scope > tbody > tr[data-source]").first).to_be_visible()
            sample = table.locator(":scope > tbody > tr[data-source=sample]")
            expect(sample).to_have_count(1)
            draft_total = _amount(sample.locator(":scope > td").nth(2).inner_text())
            sample.locator("summary").click()
            lines = sample.locator("table.lines")
            expect(lines).to_contain_text(f"{_cell(3, 2)}".replace(".", ","))  # 1200 wide, 1200 up to 1480
            expect(lines).to_contain_text("35,50")
            # The draft's price of the window: the matrix cell plus the value's price, with the starter's 21% VAT.
            assert draft_total == ((_cell(3, 2) + OPTION_PRICE) * Decimal("1.21")).quantize(Decimal("0.01"))
            _shot(page, screenshots, "7-playground")

            # 5. Publish.
            page.locator("a[href='/admin/catalog/publish']").first.click()
            changes = page.locator("[data-changes]")
            expect(changes).to_contain_text("Product toegevoegd: Duo-raam")
            expect(changes).not_to_contain_text("privacy")  # the saved settings are no change
            expect(page.locator("[data-refusal]")).to_have_count(0)
            _shot(page, screenshots, "8-publish")
            page.locator("#p-note").fill("Het duo-raam erbij")
            page.locator("form[action='/admin/catalog/publish'] button[type=submit]").click()
            expect(page.locator(".notice")).to_contain_text("2")
            _shot(page, screenshots, "9-published")
        finally:
            context.close()

        # 6. The dealer's hosted page: the homeowner configures that product with brass and sends a request.
        home = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = home.new_page()
        page.add_init_script(RECORDER)
        page.on("pageerror", lambda err: errors.append(str(err)))
        try:
            page.goto(f"{base}/d/{SLUG}")
            widget = page.locator("venster-configurator")
            settle(page, widget)
            widget.locator(f"input[name=product][value={PID}]").check()
            settle(page, widget)
            brass = widget.locator(f"input[name=opt-{GROUP}][value={VALUE}]")
            brass.check()
            settle(page, widget)
            chip = widget.locator(f"label:has(input[name=opt-{GROUP}][value={VALUE}])")
            picture = chip.locator("img.vimg")
            expect(picture).to_have_count(1)
            page.wait_for_function("img => img.complete && img.naturalWidth === 120", arg=picture.element_handle())
            shown = _amount(widget.locator(".ph .big").inner_text())
            assert shown == draft_total, (shown, draft_total)
            _shot(page, screenshots, "10-widget")
            widget.locator('[data-k="add"]').click()
            expect(widget.locator(".item")).to_have_count(1)
            for name, value in CONTACT.items():
                widget.locator(f"#c-{name}").fill(value)
            with page.expect_response(lambda r: r.url.endswith("/quote-requests") and r.request.method == "POST") \
                    as answer:
                widget.locator('[data-k="send"]').click()
            assert answer.value.status == 201, answer.value.text()
            reference = widget.locator(".ref")
            expect(reference).to_be_visible(timeout=15_000)
            ref = reference.inner_text().strip()
            _shot(page, screenshots, "11-sent")
        finally:
            home.close()
    assert errors == []
    with sqlite3.connect(tmp_path / "live.db") as conn:
        row = conn.execute("SELECT r.total, i.configuration FROM quote_requests r JOIN quote_items i "
                           "ON i.request_id = r.id WHERE r.reference = ?", (ref,)).fetchone()
    assert row is not None, ref
    stored = msgspec.json.decode(row[1])
    assert (stored["product"], stored["options"][GROUP]) == (PID, VALUE)
    assert Decimal(row[0]) == draft_total
