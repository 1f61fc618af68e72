"""Issue 17's whole account in the browser, from ``venster dealer init --country DE`` to a quote PDF.

A German dealer made by the CLI sets the owner's password from the printed link, fills the
company details in the back office (a wrong IBAN refused in German first), sets the privacy
notice, uploads a logo and invites an office colleague as staff through a real SMTP server.
The colleague sets a password from the mailed link, cannot open the company details, makes a
quote from a homeowner's request and sends it; the quote's PDF, looked at as an image and as
text, carries the company details and the logo. Screenshots land in the run's ``screenshots``
folder as account-*.png.
"""

from __future__ import annotations

import copy
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.conftest import ROOT, running_server
from tests.intake.conftest import BODY
from tests.notify.conftest import Inbox, smtp  # noqa: F401 - the SMTP server fixture
from tests.web.test_admin_browser import _fits

pytestmark = pytest.mark.browser

SLUG = "fenster-schmidt"
OWNER, OWNER_PASSWORD = "inhaber@schmidt.example", "Inhaber sein langes Passwort"
STAFF, STAFF_PASSWORD = "buero@schmidt.example", "Buero ihr langes Passwort"
LOGO_COLOUR = (214, 0, 148)  # a magenta no drawing, text or accent of a quote uses
IBAN, WRONG_IBAN = "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 01"


def _init(folder: Path) -> str:
    """``venster dealer init --country DE`` into ``folder``; the owner's set-password path it printed."""
    (folder / "catalogs").mkdir()
    env = {**os.environ, "VENSTER_DB": str(folder / "live.db"), "VENSTER_CATALOGS": str(folder / "catalogs")}
    made = subprocess.run([sys.executable, "-m", "server", "dealer", "init", SLUG, "--country", "DE", "--name",
                           "Fenster Schmidt GmbH", "--email", OWNER], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "drawings to DIN" in made.stdout and "VAT 19%" in made.stdout
    found = re.search(r"/admin/reset/[A-Za-z0-9_-]+", made.stdout)
    assert found is not None, made.stdout
    return found.group(0)


def _logo(path: Path) -> Path:
    Image.new("RGB", (480, 160), LOGO_COLOUR).save(path, "PNG")
    return path


def _set_password_and_log_in(page: Page, base: str, link: str, email: str, password: str) -> None:
    page.goto(f"{base}{link}")
    page.locator("#password").fill(password)
    page.locator("#password2").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.locator("form[action='/admin/login'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/requests$"))


def _mailed_link(inbox: Inbox, to: str) -> str:
    """The one-time link of the invitation to ``to``, which comes from the dealer with their logo."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for rcpt, message in inbox.messages:
            if to in rcpt:
                assert message["From"].addresses[0].display_name == "Fenster Schmidt GmbH"
                assert any(part.get_content_type() == "image/png" for part in message.walk())  # the logo
                text = message.get_body(("plain",))
                assert text is not None
                found = re.search(r"/admin/reset/[A-Za-z0-9_-]+", text.get_content())
                assert found is not None
                return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to}")


def _homeowner_request(base: str) -> str:
    body = copy.deepcopy(BODY)
    body["lang"] = "de"
    body["contact"].update({"name": "Jonas Weber", "email": "jonas@example.de", "phone": "+49 30 1234567",
                            "street": "Gartenstraße", "house_number": "5", "postcode": "10117", "city": "Berlin",
                            "country": "DE"})
    body["form_token"] = httpx.get(f"{base}/api/v1/dealers/{SLUG}/form-token", timeout=10).json()["form_token"]
    answer = httpx.post(f"{base}/api/v1/dealers/{SLUG}/quote-requests", json=body, timeout=30,
                        headers={"Idempotency-Key": "journey-1"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])


def _logo_pixels(png: Image.Image) -> tuple[int, int]:
    """How many pixels of the logo's colour lie in the page's top fifth, and how many below it."""
    rgb = png.convert("RGB")
    width, height = rgb.size
    top = below = 0
    for y in range(0, height, 2):
        for x in range(0, width, 2):
            r, g, b = rgb.getpixel((x, y))  # type: ignore[misc]
            if abs(r - LOGO_COLOUR[0]) < 30 and g < 40 and abs(b - LOGO_COLOUR[2]) < 30:
                if y < height // 5:
                    top += 1
                else:
                    below += 1
    return top, below


def test_from_dealer_init_to_a_quote_with_the_details_and_the_logo(
        tmp_path: Path, browser: Any, smtp: tuple[Inbox, int], screenshots: Path) -> None:  # noqa: F811
    inbox, port = smtp
    owner_link = _init(tmp_path)
    env = {"VENSTER_SMTP_HOST": "127.0.0.1", "VENSTER_SMTP_PORT": str(port)}
    with running_server(tmp_path, tmp_path / "catalogs", env) as (base, _):
        owner_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        page = owner_context.new_page()
        try:
            _set_password_and_log_in(page, base, owner_link, OWNER, OWNER_PASSWORD)

            # Company details: a wrong IBAN refused in German next to its field, then the right one.
            page.goto(f"{base}/admin/company")
            page.get_by_label("Straße und Hausnummer").fill("Fensterweg 12")
            page.get_by_label("Postleitzahl").fill("10115")
            page.get_by_label("Ort").fill("Berlin")
            page.get_by_label("USt-IdNr.").fill("DE136695976")
            page.get_by_label("IBAN").fill(WRONG_IBAN)
            page.get_by_role("button", name="Speichern").click()
            expect(page.locator("#e-iban")).to_contain_text("IBAN")
            expect(page.get_by_label("IBAN")).to_have_attribute("aria-invalid", "true")
            expect(page.get_by_label("IBAN")).to_have_value(WRONG_IBAN)
            expect(page.get_by_label("Ort")).to_have_value("Berlin")  # what was typed is kept
            _fits(page)
            page.screenshot(path=screenshots / "account-wrong-iban.png", full_page=True)
            page.get_by_label("IBAN").fill(IBAN.replace(" ", "").lower())
            page.get_by_role("button", name="Speichern").click()
            expect(page.locator(".notice")).to_have_text("Die Firmendaten wurden gespeichert.")
            expect(page.get_by_label("IBAN")).to_have_value(IBAN)
            expect(page.locator(".legal-checklist")).to_have_count(0)

            # Homeowners may send requests once the privacy notice is set.
            page.goto(f"{base}/admin/settings")
            page.get_by_label("Adresse Ihrer Datenschutzerklärung").fill("https://www.fenster-schmidt.example/datenschutz")
            page.get_by_label("Version der Datenschutzerklärung").fill("2026-12")
            page.locator("form[action='/admin/settings'] button[type=submit]").first.click()
            expect(page.locator(".notice")).to_be_visible()

            # The logo, uploaded through the multipart form, shows on the branding page.
            page.goto(f"{base}/admin/branding")
            page.get_by_label("Neues Logo").set_input_files(_logo(tmp_path / "logo.png"))
            page.get_by_role("button", name="Logo hochladen").click()
            expect(page.locator(".notice")).to_be_visible()
            logo = page.locator("img[data-logo]")
            expect(logo).to_have_count(1)
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
            page.screenshot(path=screenshots / "account-branding.png", full_page=True)

            # A colleague invited as staff, by e-mail.
            page.goto(f"{base}/admin/users")
            page.fill("#i-email", STAFF)
            page.fill("#i-name", "Berta Büro")
            page.select_option("#i-role", "staff")
            page.select_option("#i-lang", "de")
            page.locator("form[action='/admin/users/invite'] button[type=submit]").click()
            expect(page.locator(".notice")).to_have_text("Die Einladung wurde gesendet.")
            page.screenshot(path=screenshots / "account-invited.png", full_page=True)
        finally:
            owner_context.close()

        reference = _homeowner_request(base)
        staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE",
                                            accept_downloads=True)
        staff = staff_context.new_page()
        try:
            _set_password_and_log_in(staff, base, _mailed_link(inbox, STAFF), STAFF, STAFF_PASSWORD)
            expect(staff.locator("nav.nav")).not_to_contain_text("Firmendaten")
            answer = staff.goto(f"{base}/admin/company")
            assert answer is not None and answer.status == 403
            expect(staff.locator("main")).to_contain_text("Ihre Rolle (Mitarbeiter) darf das nicht")
            expect(staff.locator("main")).not_to_contain_text(IBAN)
            staff.screenshot(path=screenshots / "account-staff-403.png", full_page=True)

            # Staff work the request: make the quote and send it.
            staff.goto(f"{base}/admin/requests/{reference}")
            staff.get_by_role("button", name="Angebot erstellen").click()
            expect(staff).to_have_url(re.compile(r"/admin/quotes/Q-\d{4}-\d{4}"))
            staff.locator("form[action$='/send'] button[type=submit]").click()
            expect(staff.locator(".notice")).to_be_visible()
            with staff.expect_download() as download:
                staff.locator("a[href$='/quote.pdf']").first.click()
            pdf = Path(download.value.path()).read_bytes()
            staff.screenshot(path=screenshots / "account-quote-sent.png", full_page=True)
        finally:
            staff_context.close()

    assert pdf.startswith(b"%PDF")
    (tmp_path / "quote.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "quote.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for shown in ("Angebot", "Fenster Schmidt GmbH", "Fensterweg 12", "10115 Berlin", IBAN, "DE136695976",
                  "Jonas Weber"):
        assert shown in text, shown
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "quote.pdf"),
                    str(screenshots / "account-quote-pdf")], check=True)
    first_page = next(screenshots.glob("account-quote-pdf*.png"))
    top, below = _logo_pixels(Image.open(io.BytesIO(first_page.read_bytes())))
    assert top > 200 and below == 0, (top, below)
