"""Speed without figures: a click asks at once, only typing waits; the first price needs no evaluate call.

The page's clock is Playwright's (``page.clock``), paused after the widget settles, so "at once"
and "after the debounce" are asserted as which timers must run before the request goes out, not
as milliseconds measured (the figures are ``benchmarks/widget.py``'s).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request

from tests.browser.conftest import Watch, last_evaluation, one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # the tests only read prices; none changes a setting


def _evaluations(page: Page) -> list[Request]:
    """Every evaluate request the page sends from now on, as it is sent."""
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" and r.url.split("?")[0].endswith("/evaluate")
            else None)
    return sent


def _paused(page: Page, base: str) -> None:
    """Load the demo page with a controlled clock, let the widget settle, then stop its time."""
    page.clock.install()
    page.goto(base + "/")
    settle(page)
    page.clock.pause_at(page.evaluate("Date.now()") + 1_000)


def _sent_at_once(page: Page, sent: list[Request]) -> None:
    """One millisecond of page time (far short of the 150 ms debounce) sends the evaluation."""
    with page.expect_request(lambda r: r.method == "POST" and "/evaluate?" in r.url, timeout=5_000):
        page.clock.run_for(1)
    assert len(sent) == 1


@pytest.mark.parametrize("group", ["glazing", "outside-colour"])  # a chip and a swatch
def test_a_chip_click_sends_its_evaluation_without_the_debounce(page: Page, live_server: str, watch: Watch,
                                                                group: str) -> None:
    _paused(page, live_server)
    widget = page.locator("venster-configurator")
    target = widget.locator(f"input[name=opt-{group}]:not(:checked):not(:disabled)").first
    chosen = target.get_attribute("value")
    sent = _evaluations(page)
    target.check()
    page.wait_for_timeout(300)  # real time: nothing is sent while the page's clock stands still
    assert sent == []
    _sent_at_once(page, sent)
    assert sent[0].post_data_json["options"][group] == chosen
    page.clock.resume()
    settle(page)
    assert last_evaluation(page)["configuration"]["options"][group] == chosen
    assert watch.page_errors == []


def test_an_opening_click_is_sent_at_once_too(page: Page, live_server: str) -> None:
    _paused(page, live_server)
    widget = page.locator("venster-configurator")
    target = widget.locator("input[name^=open-]:not(:checked):not(:disabled)").first
    sent = _evaluations(page)
    target.check()
    _sent_at_once(page, sent)


def test_typing_a_size_still_waits_for_the_pause(page: Page, live_server: str) -> None:
    _paused(page, live_server)
    widget = page.locator("venster-configurator")
    sent = _evaluations(page)
    widget.locator("#f-width_mm").fill("1100")
    page.clock.run_for(1)
    page.wait_for_timeout(300)  # real time: the debounce's timer has not run in page time
    assert sent == []
    with page.expect_request(lambda r: r.method == "POST" and "/evaluate?" in r.url, timeout=5_000):
        page.clock.run_for(200)
    assert len(sent) == 1 and sent[0].post_data_json["width_mm"] == 1100


def test_the_first_price_and_drawing_come_without_an_evaluate_request(page: Page, live_server: str,
                                                                       watch: Watch) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(f"{r.method} {r.url.split('?')[0].rsplit('/', 1)[-1]}"))
    sent = _evaluations(page)
    page.goto(live_server + "/")
    settle(page)
    assert sent == []  # folded into the configurator answer
    assert "GET configurator" in asked and "GET drawing.svg" in asked
    assert asked.index("GET configurator") < asked.index("GET drawing.svg")
    shown = last_evaluation(page)
    assert shown["valid"] and shown["price"]
    widget = page.locator("venster-configurator")
    assert widget.locator(".pic svg:not([data-placeholder])").count() == 1
    assert watch.page_errors == []
