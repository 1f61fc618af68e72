"""Each choice shows its price difference in its label, and choosing it moves the total by exactly that."""

from __future__ import annotations

import re
from decimal import Decimal

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Watch, last_evaluation, one_server_per_module, settle, shown_money

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # the tests only read prices; none changes a setting

SIGN = {1: "+\u00a0", -1: "\u2212\u00a0"}


def _answer(base: str, configuration: dict) -> dict:
    """The evaluate answer for ``configuration`` (the widget's language, nl), asked directly."""
    answer = httpx.post(f"{base}/api/v1/dealers/demo/evaluate?lang=nl", json=configuration, timeout=10)
    assert answer.status_code == 200
    return answer.json()


def _delta_text(page: Page, delta: str) -> str:
    """``delta`` as the widget writes it beside a value: signed, in the page's own Intl money format."""
    value = Decimal(delta)
    return SIGN[1 if value > 0 else -1] + shown_money(page, str(abs(value)))


def test_a_values_label_shows_its_delta_and_choosing_it_moves_the_total_by_exactly_that(
        live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    before = last_evaluation(page)
    answer = _answer(live_server, before["configuration"])
    assert answer["price"] == before["price"]
    delta = answer["options"]["glazing"]["triple"]["delta"]
    assert Decimal(delta) > 0
    shown = _delta_text(page, delta)

    # In the label, so it is part of the radio's accessible name: a screen reader says it with the value.
    triple = widget.locator("label.chip", has=page.locator("input[name=opt-glazing][value=triple]"))
    expect(triple.locator(".delta")).to_have_text(shown)
    # (The accessible name turns no-break spaces into plain ones.)
    spoken = re.compile(re.escape(f"Triple glas (Ug 0,6) {shown}").replace("\u00a0", r"\s"))
    expect(widget.get_by_role("radio", name=spoken)).to_have_count(1)
    # The value chosen now costs nothing more: no figure beside it.
    double = widget.locator("label.chip", has=page.locator("input[name=opt-glazing][value=double]"))
    expect(double.locator(".delta")).to_have_text("")

    widget.locator("input[name=opt-glazing][value=triple]").check()
    settle(page, widget)
    after = last_evaluation(page)
    assert after["configuration"]["options"]["glazing"] == "triple" and after["configuration"]["quantity"] == 1
    assert Decimal(after["price"]["total"]) - Decimal(before["price"]["total"]) == Decimal(delta)
    expect(widget.locator(".ph .big")).to_contain_text(shown_money(page, after["price"]["total"]))
    # Now going back to double glazing is the same amount cheaper, with a true minus sign.
    expect(double.locator(".delta")).to_have_text(_delta_text(page, f"-{delta}"))
    expect(triple.locator(".delta")).to_have_text("")
    assert watch.page_errors == []


def test_an_unavailable_value_shows_no_delta(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    answer = _answer(live_server, last_evaluation(page)["configuration"])
    openings = answer["sections"]["main"]["openings"]
    off = [o for o, a in openings.items() if not a["available"]]
    priced = [o for o, a in openings.items() if a["available"] and a["delta"] != "0.00"]
    assert off and priced  # the default 1200 x 1200 light: a tilt sash is too high, a turn sash is priced
    for opening in off:
        label = widget.locator("label.chip", has=page.locator(f"input[name=open-main][value={opening}]"))
        expect(label.locator("input")).to_be_disabled()
        expect(label.locator(".delta")).to_have_text("")
    for opening in priced:
        label = widget.locator("label.chip", has=page.locator(f"input[name=open-main][value={opening}]"))
        expect(label.locator(".delta")).to_have_text(_delta_text(page, openings[opening]["delta"]))
    assert watch.page_errors == []
