"""Keyboard alone, an axe-core scan, and screenshots at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Watch, one_server_per_module, settle, without_inline_drawing

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # no test here changes a catalog or setting

# The focused element, looking through shadow roots: its data-k (our key) or id.
DEEP_FOCUS = """() => { let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? (a.getAttribute('data-k') || a.id || a.tagName) : null; }"""
FOCUS_OUTLINE = """() => { let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    const target = a.type === 'radio' ? a.nextElementSibling : a;
    const s = getComputedStyle(target); return [s.outlineStyle, s.outlineWidth]; }"""


def _tab_to(page: Page, key: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(DEEP_FOCUS) == key:
            return
    raise AssertionError(f"Tab never reached {key}; last focus {page.evaluate(DEEP_FOCUS)}")


def test_a_configuration_with_the_keyboard_alone(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    _tab_to(page, "f-width_mm")
    assert page.evaluate(FOCUS_OUTLINE)[0] == "solid"
    page.keyboard.press("Control+A")
    page.keyboard.type("1800")
    page.keyboard.press("Tab")
    assert page.evaluate(DEEP_FOCUS) == "f-height_mm"
    page.keyboard.press("Control+A")
    page.keyboard.type("1400")
    _tab_to(page, "layout:single")
    page.keyboard.press("ArrowRight")
    expect(widget.locator("input[name=layout][value=two-equal]")).to_be_checked()
    settle(page, widget)
    assert page.evaluate(DEEP_FOCUS) == "layout:two-equal"
    assert page.evaluate(FOCUS_OUTLINE)[0] == "solid"
    _tab_to(page, "open-right:fixed")
    page.keyboard.press("ArrowRight")
    expect(widget.locator("input[name=open-right][value=tilt-turn-right]")).to_be_checked()
    _tab_to(page, "opt-outside-colour:white")
    page.keyboard.press("ArrowRight")
    expect(widget.locator("input[name=opt-outside-colour][value=cream]")).to_be_checked()
    settle(page, widget)
    _tab_to(page, "add")
    assert page.evaluate(FOCUS_OUTLINE)[0] == "solid"
    page.keyboard.press("Enter")
    expect(widget.locator(".item")).to_have_count(1)
    item = widget.locator(".item").first
    expect(item).to_contain_text("1800 mm × 1400 mm")
    expect(item).to_contain_text("Crème")
    # Sections in the drawing are keyboard buttons too.
    widget.locator(".pic [data-section=left]").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(DEEP_FOCUS) == "open-left:tilt-turn-left"
    assert watch.page_errors == []


def test_axe_finds_no_serious_violation(live_server: str, page: Page) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    widget.locator('[data-k="send"]').click()  # shows the inline errors too
    expect(widget.locator("#c-name")).to_have_attribute("aria-invalid", "true")
    widget.locator("details:not(.off) summary").click()
    results = Axe().run(page, context={"include": [["venster-configurator"]]})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots(live_server: str, browser, width: int, screenshots: Path) -> None:
    path = screenshots / f"widget-{width}.png"
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(live_server + "/")
        widget = page.locator("venster-configurator")
        settle(page, widget)
        widget.locator("input[name=layout][value=two-equal]").check()
        settle(page, widget)
        widget.locator("#f-width_mm").fill("1800")
        widget.locator("input[name=opt-outside-colour][value=ral-7016]").check()
        settle(page, widget)
        widget.locator('[data-k="add"]').click()
        expect(widget.locator(".item")).to_have_count(1)
        box = widget.bounding_box()
        assert box is not None and box["width"] <= width  # no sideways scrolling on a phone
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=path, full_page=True)
    finally:
        context.close()


def test_price_and_drawing_say_aria_busy_while_they_update(live_server: str, page: Page, watch: Watch) -> None:
    """A held drawing download keeps the drawing aria-busy (the price is already current); the SVG ends it.

    The price's own aria-busy is checked by the next test, with a held evaluate answer."""
    held: list = []
    without_inline_drawing(page)  # the first drawing downloaded, not inline in the configurator answer
    page.route("**/drawing.svg?*", lambda route: held.append(route))
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    price, drawing = widget.locator(".ph"), widget.locator(".pic")
    expect(price).to_have_attribute("aria-busy", "false", timeout=10_000)
    expect(drawing).to_have_attribute("aria-busy", "true")
    expect(drawing.locator("svg")).to_have_count(0)
    page.wait_for_function("() => window.__vs.evaluated.length === 1")
    for _ in range(200):  # the held route reaches Python through Playwright's event loop, a moment later
        if held:
            break
        page.wait_for_timeout(25)
    assert len(held) == 1
    held.pop().continue_()
    expect(drawing).to_have_attribute("aria-busy", "false")
    expect(drawing.get_by_role("group")).to_have_count(1)  # the window's drawing, labelled with its size
    assert watch.page_errors == []


def test_the_price_says_aria_busy_until_the_new_price_is_in(live_server: str, page: Page, watch: Watch) -> None:
    """A held evaluate answer keeps the price aria-busy after a change; the answer ends it."""
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    price = widget.locator(".ph")
    expect(price).to_have_attribute("aria-busy", "false")
    held: list = []
    page.route(lambda url: "/evaluate?" in url or url.endswith("/evaluate"), lambda route: held.append(route))
    widget.locator("#f-width_mm").fill("1000")
    expect(price).to_have_attribute("aria-busy", "true")
    for _ in range(200):  # the held route reaches Python through Playwright's event loop, a moment later
        if held:
            break
        page.wait_for_timeout(25)
    assert held, "the change never asked for a price"
    while held:
        held.pop().continue_()
    expect(price).to_have_attribute("aria-busy", "false")
    assert watch.page_errors == []
