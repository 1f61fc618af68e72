"""The widget's list total is the server's (evaluate-list), fees once per order included, in real Chromium."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Watch, list_two_windows, send_contact, settle, shown_money
from tests.support.order_fees import add_delivery_fee

pytestmark = pytest.mark.browser


@pytest.fixture
def delivery(catalogs_dir: Path) -> None:
    """A delivery fee of 75 (82.50 with the demo's markup) once per order, before the server starts."""
    add_delivery_fee(catalogs_dir)


def _add(page: Page, widget: Locator, width: int) -> None:
    widget.locator("#f-width_mm").fill(str(width))
    widget.locator("#f-height_mm").fill("1400")
    settle(page, widget)
    widget.locator("input[name=opt-glazing][value=triple]").check()
    widget.locator("input[name=opt-installation][value=fitted]").check()
    settle(page, widget)
    widget.locator('[data-k="add"]').click()


def test_the_list_shows_the_servers_total_with_one_delivery(delivery: None, live_server: str, page: Page,
                                                             watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    _add(page, widget, 600)
    expect(widget.locator(".item")).to_have_count(1)
    _add(page, widget, 610)
    expect(widget.locator(".item")).to_have_count(2)
    # 21 % on 603.11 + 652.15 + 82.50 (delivery, once) = 1337.76 -> 280.93; 9 % on 363.00 -> 32.67;
    # 1700.76 + 313.60 = 2014.36. Adding the windows' own totals (each with its delivery) gave 2114.20.
    expect(widget.locator(".tot .big")).to_contain_text(shown_money(page, "2014.36"))
    expect(widget.locator(".tot .fee")).to_have_count(1)
    expect(widget.locator(".tot .fee")).to_contain_text("Bezorging")
    expect(widget.locator(".tot .other")).to_contain_text("Btw 9% " + shown_money(page, "32.67"))

    widget.locator("#q-0").fill("3")
    configurations = [{"product": "pvc-window", "width_mm": w, "height_mm": 1400, "quantity": q,
                       "options": {"glazing": "triple", "installation": "fitted"}} for w, q in ((600, 3), (610, 1))]
    listed = httpx.post(f"{live_server}/api/v1/dealers/demo/evaluate-list",
                        json={"items": [{"configuration": c} for c in configurations]}, timeout=10).json()
    expect(widget.locator(".tot .big")).to_contain_text(shown_money(page, listed["totals"]["total"]))
    expect(widget.locator(".tot .fee")).to_have_count(1)
    assert watch.page_errors == []


def test_every_amount_is_incl_vat_and_a_window_costs_the_same_alone_and_on_the_list(
        delivery: None, live_server: str, page: Page, watch: Watch) -> None:
    """Prices incl. VAT: the fee too; one window's price leaves the fee out (its own line) and equals its row."""
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("#f-width_mm").fill("600")
    widget.locator("#f-height_mm").fill("1400")
    settle(page, widget)
    widget.locator("input[name=opt-glazing][value=triple]").check()
    widget.locator("input[name=opt-installation][value=fitted]").check()
    settle(page, widget)
    # The window alone: 21 % on 404.80 + 159.50 + 38.81 = 603.11 -> 126.65; 9 % on 181.50 -> 16.34;
    # 603.11 + 126.65 + 181.50 + 16.34 = 927.60 (the evaluate answer's 1027.43 holds the delivery).
    # Delivery incl. VAT: 82.50 + 21 % (17.325 -> 17.33) = 99.83, shown as its own line.
    expect(widget.locator(".ph .big")).to_contain_text(shown_money(page, "927.60"))
    expect(widget.locator(".ph .big")).not_to_contain_text(shown_money(page, "1027.43"))
    expect(widget.locator(".ph .fee1")).to_have_text(
        f"+ Bezorging {shown_money(page, '99.83')}, eenmalig per bestelling")
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    expect(widget.locator(".item .amt b")).to_have_text(shown_money(page, "927.60"))
    expect(widget.locator(".tot .fee")).to_have_text(f"Bezorging {shown_money(page, '99.83')} incl. btw")
    # 927.60 + 99.83 = 1027.43, the server's total: the rows add up, no note.
    expect(widget.locator(".tot .big")).to_contain_text(shown_money(page, "1027.43"))
    expect(widget.locator('[data-k="round-note"]')).to_have_count(0)

    widget.locator("#f-width_mm").fill("610")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(2)
    # Rows 927.60 + 986.94 + 99.83 = 2014.37; the server's total (VAT per rate over the order) is 2014.36.
    expect(widget.locator(".item .amt b").nth(1)).to_have_text(shown_money(page, "986.94"))
    expect(widget.locator(".tot .big")).to_contain_text(shown_money(page, "2014.36"))
    expect(widget.locator('[data-k="round-note"]')).to_have_text("btw berekend over de hele bestelling")
    assert watch.page_errors == []


def test_the_thank_you_screen_counts_windows_not_lines(live_server: str, page: Page, watch: Watch) -> None:
    """One window plus a line of five: "6 ramen", not "2 ramen"."""
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    list_two_windows(page, widget)
    widget.locator("#q-1").fill("5")
    expect(widget.locator(".tot .upd")).to_have_count(0)
    send_contact(widget)
    expect(widget.locator(".done .hint")).to_contain_text("6 ramen")
    assert watch.page_errors == []
