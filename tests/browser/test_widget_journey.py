"""The homeowner's journey on the sample dealer page, in real Chromium against a live server."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Watch, settle

pytestmark = pytest.mark.browser

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_configure_price_list_and_send_on_the_sample_page(live_server: str, page: Page, watch: Watch,
                                                            configure_and_send) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    # Contact validation is inline and tied to the fields before anything is sent.
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator('[data-k="send"]').click()
    name = widget.locator("#c-name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_be_focused()
    expect(widget.locator("#e-c-name")).not_to_be_empty()
    expect(widget.locator(".form [role=alert]")).to_be_visible()
    widget.locator("#c-email").fill("anna@")
    widget.locator("#c-email").blur()
    expect(widget.locator("#e-c-email")).to_contain_text("e-mailadres")
    widget.locator('[data-k="rm-0"]').click()
    expect(widget.locator(".item")).to_have_count(0)

    reference = configure_and_send(page, live_server)

    assert watch.page_errors == []
    own = urlsplit(live_server).netloc
    assert watch.hosts == {own}, "the widget talked to another host"
    assert len(watch.quote_posts) == 1
    sent = watch.quote_posts[0]
    assert UUID.match(sent["headers"]["idempotency-key"])
    assert sent["body"]["website"] == ""
    assert sent["body"]["form_token"]
    assert sent["body"]["contact"]["postcode"] == "1016 BT"
    assert sent["body"]["privacy"]["notice_version"] == "2026-01"
    assert [i["configuration"]["layout"] for i in sent["body"]["items"]] == ["two-equal", "single"]
    assert page.context.cookies() == []
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    assert reference.startswith("DEMO-")
