"""Getting started and the API keys in real Chromium: the copy buttons with a clipboard, the pages without JavaScript.

Screenshots land in the run's ``screenshots`` folder as onboarding-*.png and keys-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import running_server
from tests.web.conftest import PASSWORD
from tests.web.test_admin_onboarding import EVA, dealer_init

pytestmark = pytest.mark.browser

CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _log_in(page: Page, base: str, path: str) -> None:
    page.add_init_script(CSP_RECORDER)
    page.goto(f"{base}{path}")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.get_by_label("E-mail address").fill(EVA)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.fixture
def fris_server(tmp_path: Path, catalogs_dir: Path) -> tuple[str, Path]:
    dealer_init(tmp_path / "live.db", catalogs_dir, "fris", EVA, "--country", "NL", "--name", "Kozijnen Fris")
    with running_server(tmp_path, catalogs_dir) as (base, log):
        yield base, log


def test_the_copy_buttons_put_the_snippet_and_a_new_key_on_the_clipboard(fris_server: tuple[str, Path],
                                                                         browser: Browser,
                                                                         screenshots: Path) -> None:
    base, _ = fris_server
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        _log_in(page, base, "/admin/getting-started")
        snippet = page.locator("#embed-snippet").inner_text()
        assert 'dealer="fris"' in snippet and f'src="{base}/widget.js"' in snippet
        expect(page.get_by_text("Selecteer de tekst en kopieer hem")).to_be_hidden()  # the button does it
        page.get_by_role("button", name="Kopiëren").click()
        expect(page.locator("#embed-copied")).to_have_text("Gekopieerd")
        assert page.evaluate("() => navigator.clipboard.readText()") == snippet
        assert page.evaluate("() => window.__csp") == []
        _shot(page, screenshots, "onboarding-fresh")

        page.goto(f"{base}/admin/keys")
        page.get_by_label("Naam").fill("Boekhouding")
        page.get_by_label("Alleen lezen").check()
        page.get_by_role("button", name="Sleutel aanmaken").click()
        key = page.locator("#new-key").inner_text()
        assert key.startswith("vst_")
        page.get_by_role("button", name="Kopiëren").click()
        expect(page.locator("#new-key-copied")).to_have_text("Gekopieerd")
        assert page.evaluate("() => navigator.clipboard.readText()") == key
        assert page.evaluate("() => window.__csp") == []
        _shot(page, screenshots, "keys-new")
        page.goto(f"{base}/admin/keys")  # the list, opened again, never shows the key
        assert key not in page.content() and key[:12] in page.content()
        page.locator(f"a[href='/admin/keys/{key[:12]}/revoke']").click()
        _shot(page, screenshots, "keys-revoke-confirm")
        page.get_by_role("button", name="Ja, sleutel intrekken").click()
        expect(page.locator("[data-revoked]")).to_be_visible()
        _shot(page, screenshots, "keys-revoked")
    finally:
        context.close()


def test_without_javascript_the_snippet_is_plain_selectable_text_and_the_tick_a_form(
        fris_server: tuple[str, Path], browser: Browser, screenshots: Path) -> None:
    base, _ = fris_server
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        _log_in(page, base, "/admin/getting-started")
        expect(page.locator("#embed-snippet")).to_be_visible()
        expect(page.get_by_role("button", name="Kopiëren")).to_be_hidden()
        expect(page.get_by_text("Selecteer de tekst en kopieer hem")).to_be_visible()
        page.get_by_role("button", name="Markeren als gedaan").click()
        expect(page.locator("li[data-step='products']")).to_have_attribute("data-done", "yes")
        _shot(page, screenshots, "onboarding-no-js-phone")
        page.goto(f"{base}/admin/requests")
        expect(page.locator("[data-getting-started]")).to_contain_text("1 van 7 stappen gedaan.")
        _shot(page, screenshots, "onboarding-dashboard-link")
    finally:
        context.close()
