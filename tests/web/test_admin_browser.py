"""The back office in real Chromium against a real ``venster serve``: log in, work a request, download, erase.

Screenshots land in the run's ``screenshots`` folder (pytest's tmp path) as admin-*.png, 1280 and 360
pixels wide.
"""

from __future__ import annotations

import copy
import csv
import io
import itertools
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from server.services.users import create_user
from server.storage.db import connect
from tests.intake.conftest import BODY
from tests.web.conftest import PASSWORD
from tests.web.test_requests_pages import TWO_ITEMS

pytestmark = pytest.mark.browser

EMAIL = "anna@demo.example"
CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
_keys = itertools.count(1)


def _submit(base: str, items: list[dict[str, Any]] | None = None, **contact: Any) -> str:
    body = copy.deepcopy(BODY)
    if items is not None:
        body["items"] = items
    for key, value in contact.items():
        if key in body["contact"]:
            body["contact"][key] = value
        else:
            body[key] = value
    body["form_token"] = httpx.get(f"{base}/api/v1/dealers/demo/form-token", timeout=10).json()["form_token"]
    answer = httpx.post(f"{base}/api/v1/dealers/demo/quote-requests", json=body, timeout=30,
                        headers={"Idempotency-Key": f"browser-{next(_keys)}"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])


def _user(tmp_path: Path) -> None:
    db = connect(tmp_path / "live.db")  # the live server's database, already migrated
    try:
        create_user(db, "demo", EMAIL, name="Anna de Vries", lang="nl", password=PASSWORD)
    finally:
        db.conn.close()


def _log_in(page: Page, base: str, path: str = "/admin/requests") -> None:
    page.add_init_script(CSP_RECORDER)
    page.goto(f"{base}{path}")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    # Before logging in the page speaks the browser's language (English here); after, the user's (Dutch).
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def _no_csp_violations(page: Page) -> None:
    assert page.evaluate("() => window.__csp") == []


def test_log_in_list_open_change_status_and_download(live_server: str, tmp_path: Path, page: Page) -> None:
    _user(tmp_path)
    older = _submit(live_server, name="Pieter Bakker", email="pieter@example.nl", city="Utrecht")
    newer = _submit(live_server, items=TWO_ITEMS, name="Anna Jansen", email="anna@example.nl")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    _log_in(page, live_server)

    rows = page.locator("table.s-requests tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(newer)
    expect(rows.nth(1)).to_contain_text(older)

    page.get_by_role("link", name=newer).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanvraag {newer}")
    drawings = page.locator(".drawing img")
    expect(drawings).to_have_count(2)
    for i in range(2):
        drawings.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawings.nth(i).element_handle())
    expect(page.locator("tr.formula").first).to_contain_text("opslag")  # in the request's language (nl)

    page.get_by_label("Nieuwe status").select_option("quoted")
    page.get_by_label("Toelichting (optioneel)").fill("Offerte per mail")
    page.get_by_role("button", name="Wijzigen").click()
    expect(page.locator(".notice")).to_have_text("De status is gewijzigd.")
    expect(page.locator("#current-status")).to_have_text("Offerte gestuurd")
    expect(page.locator(".timeline").last).to_contain_text("Offerte per mail")

    item = page.locator("#item-2")
    item.get_by_label("Breedte PNG").select_option("800")
    with page.expect_download() as png_info:
        item.get_by_role("button", name="PNG").click()
    png = Path(png_info.value.path()).read_bytes()
    assert png_info.value.suggested_filename == f"{newer}-2.png"
    assert Image.open(io.BytesIO(png)).size[0] == 800

    with page.expect_download() as pdf_info:
        item.get_by_role("link", name="PDF").click()
    pdf = Path(pdf_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) == 1
    with page.expect_download() as all_info:
        page.get_by_role("link", name="Alle ramen als PDF").click()
    assert len(PdfReader(io.BytesIO(Path(all_info.value.path()).read_bytes())).pages) == 2

    page.get_by_role("link", name="Aanvragen").first.click()
    page.get_by_label("Scheidingsteken").select_option(";")
    with page.expect_download() as csv_info:
        page.get_by_role("button", name="CSV downloaden").click()
    text = Path(csv_info.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows_out = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert [(r["reference"], r["status"], r["name"]) for r in rows_out] == [
        (newer, "quoted", "Anna Jansen"), (older, "new", "Pieter Bakker")]
    assert "," in rows_out[0]["total"]
    _no_csp_violations(page)
    assert errors == []


def test_erase_a_contact(live_server: str, tmp_path: Path, page: Page) -> None:
    _user(tmp_path)
    ref = _submit(live_server, name="Sophie de Jong", email="sophie@example.nl", message="Bel mij na 18 uur")
    _log_in(page, live_server, "/admin/contacts")
    page.get_by_role("link", name="Sophie de Jong").click()
    page.get_by_role("link", name="Gegevens wissen…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevens van Sophie de Jong wissen")
    page.get_by_role("button", name="Definitief wissen").click()  # nothing typed: the browser asks for it
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevens van Sophie de Jong wissen")
    page.get_by_label("Typ WISSEN om te bevestigen").fill("WISSEN")
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.locator(".notice")).to_have_text("De gegevens zijn gewist.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("[erased]")
    expect(page.locator("main")).not_to_contain_text("sophie@example.nl")
    page.get_by_role("link", name=ref).first.click()
    expect(page.locator("main")).not_to_contain_text("Sophie")
    expect(page.locator("main")).not_to_contain_text("Bel mij na 18 uur")
    _no_csp_violations(page)


def _axe_problems(page: Page) -> list[tuple]:
    """Serious and critical axe-core findings on the page (the widget's own are its tests' business)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"exclude": [["venster-configurator"]]})
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_screenshots_narrow_layout_and_keyboard_focus(live_server: str, tmp_path: Path, browser: Any,
                                                      screenshots: Path) -> None:
    _user(tmp_path)
    ref = _submit(live_server, items=TWO_ITEMS, company="Jansen & Zn")
    for i in range(3):
        _submit(live_server, name=f"Klant {i}", email=f"klant{i}@example.nl")
    found: list[tuple] = []
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            page.add_init_script(CSP_RECORDER)
            page.goto(f"{live_server}/admin/login")
            page.screenshot(path=screenshots / f"admin-login-{width}.png", full_page=True)
            page.keyboard.press("Tab")  # the skip link, then the e-mail field (autofocus already there)
            page.get_by_label("E-mail address").focus()
            page.keyboard.press("Tab")
            focused = page.evaluate("() => [document.activeElement.id, getComputedStyle(document.activeElement)"
                                    ".outlineStyle, getComputedStyle(document.activeElement).outlineWidth]")
            assert focused[0] == "password" and focused[1] != "none" and focused[2] != "0px"
            page.get_by_label("E-mail address").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.keyboard.press("Enter")
            expect(page).to_have_url(re.compile(r"/admin/requests$"))
            for name, path in (("requests", "/admin/requests"), ("request", f"/admin/requests/{ref}"),
                               ("contacts", "/admin/contacts"), ("contact", "/admin/contacts/1"),
                               ("deliveries", "/admin/deliveries"), ("settings", "/admin/settings")):
                page.goto(f"{live_server}{path}")
                if name == "request":
                    page.wait_for_function("() => Array.from(document.querySelectorAll('.drawing img'))"
                                           ".every(i => i.complete && i.naturalWidth > 0)")
                if name == "settings":  # the live preview: the real widget under the page's CSP
                    expect(page.locator("venster-configurator .sum")).to_be_attached(timeout=15_000)
                _fits(page)
                page.screenshot(path=screenshots / f"admin-{name}-{width}.png", full_page=True)
                if width == 1280:
                    found.extend((name, *v) for v in _axe_problems(page))
            assert page.evaluate("() => window.__csp") == []
        finally:
            context.close()
    assert found == []
