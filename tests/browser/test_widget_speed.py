"""Speed without figures: a click asks at once, only typing waits; the first price and drawing need no call.

The page's clock is Playwright's (``page.clock``), paused after the widget settles, so "at once"
and "after the debounce" are asserted as which timers must run before the request goes out, not
as milliseconds measured (the figures are ``benchmarks/widget.py``'s).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import Watch, last_evaluation, one_server_per_module, settle, without_inline_drawing

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


def _asked(page: Page) -> list[str]:
    """Every request the page makes from now on, as ``METHOD last-path-segment``; a drawing asked
    sized for its box (``w=``, once the first one is shown) as ``GET drawing.svg sized``."""
    asked: list[str] = []

    def note(r: Request) -> None:
        sized = " sized" if "w" in parse_qs(urlsplit(r.url).query) else ""
        asked.append(f"{r.method} {r.url.split('?')[0].rsplit('/', 1)[-1]}{sized}")

    page.on("request", note)
    return asked


def test_the_first_price_and_drawing_come_without_an_evaluate_request(page: Page, live_server: str,
                                                                       watch: Watch) -> None:
    asked = _asked(page)
    sent = _evaluations(page)
    page.goto(live_server + "/")
    settle(page)
    assert sent == []  # folded into the configurator answer
    assert "GET configurator" in asked
    assert "GET drawing.svg" not in asked  # inline in that answer too (the next test)
    shown = last_evaluation(page)
    assert shown["valid"] and shown["price"]
    widget = page.locator("venster-configurator")
    assert widget.locator(".pic svg:not([data-placeholder])").count() == 1
    assert watch.page_errors == []


def test_the_first_drawing_comes_inline_with_the_configurator_answer(page: Page, live_server: str,
                                                                    watch: Watch) -> None:
    """Script, then one request, the configurator's: the first price and the first drawing are in it.

    The picture shown is the drawing the evaluation's URL answers in the view shown: the same
    viewBox, sections and texts as that SVG fetched on its own. (Once shown, the picture asks it
    again sized for its box, `w=`: refused here, so the first one stays to be compared.)"""
    paths: list[str] = []
    page.on("request", lambda r: paths.append(f"{r.method} {urlsplit(r.url).path}"))
    # A failed re-fetch keeps the one shown.
    page.route(lambda url: "drawing.svg" in url and "&w=" in url, lambda route: route.abort())
    page.goto(live_server + "/")
    settle(page)
    widget_asked = [p for p in paths if p.startswith("GET /widget.js") or " /api/" in p]
    assert widget_asked[:2] == ["GET /widget.js", "GET /api/v1/dealers/demo/configurator"]
    assert "GET /api/v1/dealers/demo/evaluate" not in widget_asked
    widget = page.locator("venster-configurator")
    shown = widget.locator(".pic svg:not([data-placeholder])")
    expect(shown).to_have_count(1)
    url = widget.evaluate("el => el._drawingUrl(el.s.ev, false)")  # the evaluation's drawing URL, view shown
    own = page.evaluate("""async (url) => {
        const text = await (await fetch(url)).text();
        const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
        return {viewBox: svg.getAttribute('viewBox'), sections: [...svg.querySelectorAll('[data-section]')]
                  .map(g => g.getAttribute('data-section')), text: svg.textContent};
    }""", url)
    assert shown.get_attribute("viewBox") == own["viewBox"]
    assert shown.evaluate("s => [...s.querySelectorAll('[data-section]')].map(g => g.getAttribute('data-section'))") \
        == own["sections"]
    assert shown.evaluate("s => s.textContent") == own["text"]
    assert watch.page_errors == []


def test_without_the_inline_drawing_the_widget_fetches_it_once(page: Page, live_server: str, watch: Watch) -> None:
    """From a server that sends no ``drawing_svg``, the first drawing is asked once, after the document."""
    without_inline_drawing(page)
    asked = _asked(page)
    page.goto(live_server + "/")
    settle(page)
    assert asked.count("GET drawing.svg") == 1
    assert asked.index("GET configurator") < asked.index("GET drawing.svg")
    assert "POST evaluate" not in asked
    expect(page.locator("venster-configurator").locator(".pic svg:not([data-placeholder])")).to_have_count(1)
    assert watch.page_errors == []


def test_a_restored_configuration_does_not_show_the_inline_drawing(page: Page, live_server: str,
                                                                   watch: Watch) -> None:
    """The inline drawing is of the first product's defaults: a restored window is evaluated and drawn itself."""
    page.goto(live_server + "/")
    settle(page)
    widget = page.locator("venster-configurator")
    before = page.evaluate("() => location.hash")
    widget.locator("#f-width_mm").fill("1000")
    settle(page)
    # The fragment is written a moment after the change (gathered): wait for the one with 1000 mm.
    page.wait_for_function("(old) => location.hash.includes('venster-demo=') && location.hash !== old", arg=before)
    asked = _asked(page)
    page.reload()  # the window comes back from the fragment
    settle(page)
    assert "POST evaluate" in asked and "GET drawing.svg" in asked
    assert last_evaluation(page)["configuration"]["width_mm"] == 1000
    assert widget.locator(".pic svg:not([data-placeholder])").count() == 1
    assert watch.page_errors == []


def test_the_first_drawing_is_asked_again_once_sized_for_its_box(page: Page, live_server: str, watch: Watch) -> None:
    """The inline first drawing is unsized (asked before layout); once shown, the picture asks it
    sized for its box, once, and shows that one (its text sized for the box: test_widget_drawing_view.py)."""
    sized: list[str] = []
    page.on("request", lambda r: sized.append(r.url) if "drawing.svg" in r.url and "&w=" in r.url else None)
    with page.expect_response(lambda r: "drawing.svg" in r.url and "&w=" in r.url):
        page.goto(live_server + "/")
    settle(page)
    page.wait_for_timeout(500)
    assert len(sized) == 1
    shown = page.locator("venster-configurator .pic svg:not([data-placeholder])")
    expect(shown).to_have_count(1)
    assert watch.page_errors == []
