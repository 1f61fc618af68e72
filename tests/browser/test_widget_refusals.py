"""A refusal the homeowner cannot fix is said in their language (tester, issue 15).

A dealer made by ``venster dealer init`` has no privacy notice until the settings page gets one;
the server then refuses every request with ``privacy.notice_url``/``notice_version`` "Required".
The German widget showed "Bitte prüfen Sie die markierten Felder. Required Required" with no
field marked; it now names the dealer to contact, in German, and shows none of the API's English.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import CONTACT, settle

pytestmark = pytest.mark.browser

REFUSAL = {"status": 422, "detail": "The quote request has errors",
           "errors": [{"field": "privacy.notice_url", "message": "Required"},
                      {"field": "privacy.notice_version", "message": "Required"}]}


def test_a_refusal_on_the_dealers_own_fields_is_said_in_the_homeowners_language(live_server: str,
                                                                                page: Page) -> None:
    def refuse(route: Route) -> None:
        route.fulfill(status=422, content_type="application/json", body=json.dumps(REFUSAL))

    page.route("**/quote-requests", refuse)
    page.goto(live_server + "/d/demo?lang=de")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator("#c-country").select_option("NL")
    for name, value in CONTACT.items():
        widget.locator(f"#c-{name}").fill(value)
    widget.locator('[data-k="send"]').click()
    alert = widget.locator(".form [role=alert]")
    expect(alert).to_contain_text("Ihre Anfrage kann gerade nicht gesendet werden. Bitte wenden Sie sich direkt an")
    assert "Required" not in alert.inner_text()
    assert "markierten" not in alert.inner_text()  # nothing is marked: no field is the homeowner's to fix
