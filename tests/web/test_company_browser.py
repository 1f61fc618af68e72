"""The company-details page in real Chromium against a real ``venster serve``: the checklist, a wrong IBAN, a right one.

Screenshots land in the run's ``screenshots`` folder as company-*.png (1280 and 360 pixels wide).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import PASSWORD
from tests.web.test_admin_browser import CSP_RECORDER, EMAIL, _axe_problems, _fits, _user

pytestmark = pytest.mark.browser


def test_fill_the_company_details_until_the_checklist_is_gone(live_server: str, tmp_path: Path, browser: Any,
                                                              screenshots: Path) -> None:
    _user(tmp_path)
    found: list[tuple] = []
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            page.add_init_script(CSP_RECORDER)
            page.goto(f"{live_server}/admin/company")
            page.get_by_label("E-mail address").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page).to_have_url(re.compile(r"/admin/company$"))
            # Empty the IBAN and the VAT number: the checklist names both, here and on the dashboard.
            page.get_by_label("IBAN").fill("")
            page.get_by_label("Btw-nummer").fill("")
            page.get_by_role("button", name="Opslaan").click()
            expect(page.locator(".notice")).to_have_text("De bedrijfsgegevens zijn opgeslagen.")
            page.goto(f"{live_server}/admin/requests")
            checklist = page.locator(".legal-checklist")
            expect(checklist).to_contain_text("Btw-nummer")
            expect(checklist).to_contain_text("IBAN")
            _fits(page)
            page.screenshot(path=screenshots / f"company-dashboard-checklist-{width}.png", full_page=True)
            checklist.get_by_role("link", name="Bedrijfsgegevens invullen").click()
            expect(page).to_have_url(re.compile(r"/admin/company$"))
            # A wrong IBAN: refused next to its field, what was typed kept, nothing stored.
            page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 01")
            page.get_by_label("Btw-nummer").fill("NL002455799B11")
            page.get_by_role("button", name="Opslaan").click()
            expect(page.locator("#e-iban")).to_contain_text("Dit IBAN klopt niet")
            expect(page.get_by_label("IBAN")).to_have_value("NL91 ABNA 0417 1643 01")
            expect(page.get_by_label("IBAN")).to_have_attribute("aria-invalid", "true")
            _fits(page)
            page.screenshot(path=screenshots / f"company-wrong-iban-{width}.png", full_page=True)
            if width == 1280:
                found.extend(("wrong-iban", *v) for v in _axe_problems(page))
            # The right one: stored, shown formatted, the checklist gone.
            page.get_by_label("IBAN").fill("nl20ingb0001234567")
            page.get_by_role("button", name="Opslaan").click()
            expect(page.locator(".notice")).to_have_text("De bedrijfsgegevens zijn opgeslagen.")
            expect(page.get_by_label("IBAN")).to_have_value("NL20 INGB 0001 2345 67")
            expect(page.locator(".legal-checklist")).to_have_count(0)
            page.screenshot(path=screenshots / f"company-saved-{width}.png", full_page=True)
            if width == 1280:
                found.extend(("saved", *v) for v in _axe_problems(page))
            page.goto(f"{live_server}/admin/requests")
            expect(page.locator(".legal-checklist")).to_have_count(0)
            assert page.evaluate("() => window.__csp") == []
        finally:
            context.close()
    assert found == []
