"""The drawing is large enough to read (issue 16): at least half the widget's width on a 1366 px
desktop, on the sample page and on a plain page of full width, with the price card's "Offerte
aanvragen" still in the first screen; on a 360 px phone a pinned copy keeps the drawing in view
while the steps are chosen, shows each click's effect, and never covers the focused control."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # nothing here sends or changes a setting

SHOTS = "/work/shots"

# A page of nothing but the widget, as wide as the window.
PLAIN = ("<!doctype html><html lang=nl><meta charset=utf-8><meta name=viewport content='width=device-width'>"
         "<title>plain</title><body style='margin:0'><script src='/widget.js' async></script>"
         "<venster-configurator dealer=demo lang=nl></venster-configurator></body></html>")

# How wide the drawing is drawn on screen: its viewBox through the screen transform (a box made
# wide by CSS with a drawing shrunk inside it by max-height would not count).
DRAWN_WIDTH = """svg => { const m = svg.getScreenCTM(); const vb = svg.viewBox.baseVal;
    return vb && vb.width ? vb.width * m.a : svg.getBoundingClientRect().width; }"""

# The drawing as a picture: every element's name, fill and stroke, and its words, in order; the
# pinned copy drops only names, ids and buttons, so the two pictures compare equal.
PICTURE = """svg => [...svg.querySelectorAll('*')].map(n => [n.tagName, n.getAttribute('fill'),
    n.getAttribute('stroke'), n.getAttribute('d'), n.children.length ? '' : n.textContent].join('|')).join('\\n')"""

# Whether the focused control (through shadow roots) is the element seen at its own centre, i.e.
# nothing (the pinned drawing, the price bar) lies over it.
FOCUS_UNCOVERED = """() => { const root = document.querySelector('venster-configurator').shadowRoot;
    const a = root.activeElement; if (!a) return null; const r = a.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = r.top + Math.min(r.height / 2, 10);
    if (y < 0 || y > innerHeight) return 'outside ' + (a.getAttribute('data-k') || a.id);
    const hit = root.elementFromPoint(x, y);
    return hit === a || a.contains(hit) || (hit && hit.control === a) || (a.labels && [...a.labels].includes(hit))
        ? '' : (a.getAttribute('data-k') || a.id || a.tagName) + ' under '
            + (hit ? hit.className || hit.tagName : 'nothing'); }"""

IN_FIRST_VIEW = """b => { const r = b.getBoundingClientRect(); const st = getComputedStyle(b);
    return r.width > 0 && r.height > 0 && st.visibility === 'visible' && r.top >= 0 && r.left >= 0
        && r.bottom <= innerHeight && r.right <= innerWidth; }"""


def _open(browser: Browser, base: str, width: int, height: int, plain: bool = False) -> tuple[Page, Locator]:
    page = browser.new_page(viewport={"width": width, "height": height})
    if plain:
        page.route(base + "/plain.html", lambda route: route.fulfill(body=PLAIN, content_type="text/html"))
        page.goto(base + "/plain.html")
    else:
        page.goto(base + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    page.evaluate("() => window.scrollTo(0, 0)")
    return page, widget


@pytest.mark.parametrize("plain", [False, True], ids=["sample-page", "plain-page"])
def test_the_drawing_takes_half_the_widget_on_a_desktop(live_server: str, browser: Browser, plain: bool) -> None:
    page, widget = _open(browser, live_server, 1366, 900, plain)
    try:
        vs = widget.locator(".vs").bounding_box()
        assert vs is not None
        drawn = widget.locator(".pic svg").evaluate(DRAWN_WIDTH)
        box = widget.locator(".pic svg").bounding_box()
        assert box is not None
        assert drawn >= 0.5 * vs["width"], (drawn, vs["width"])
        assert box["width"] >= 0.5 * vs["width"], (box, vs)
        # The price card's own request, not only the sticky bar's, is in the first screen.
        request = widget.locator('[data-k="request"]')
        assert request.evaluate(IN_FIRST_VIEW), request.bounding_box()
        # The drawing stays beside the steps while they are chosen further down.
        widget.locator("input[name=opt-glazing][value=triple]").scroll_into_view_if_needed()
        widget.locator("input[name=opt-glazing][value=triple]").check()
        settle(page, widget)
        assert widget.locator(".pic svg").evaluate(IN_FIRST_VIEW)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=f"{SHOTS}/s17-L-desktop-{'plain' if plain else 'sample'}.png")
    finally:
        page.close()


def _pin_follows(page: Page, widget: Locator) -> str:
    """The small drawing once it shows what the big one shows (a swap, such as the drawing asked
    again sized for its box, reaches the copy in the same frame; polled so no frame is caught between)."""
    pin, pic = widget.locator(".pin svg"), widget.locator(".pic svg")
    for _ in range(50):
        shown = pin.evaluate(PICTURE)
        if shown == pic.evaluate(PICTURE):
            return shown
        page.wait_for_timeout(100)
    raise AssertionError("the pinned drawing does not show the current drawing")


def test_the_phone_keeps_the_drawing_in_view_while_choosing(live_server: str, browser: Browser) -> None:
    page, widget = _open(browser, live_server, 360, 740)
    try:
        # The first screen: the big drawing, and the request in the price bar or the card.
        expect(widget.locator(".pin")).to_have_class("pin away")
        page.wait_for_function("() => [...document.querySelector('venster-configurator').shadowRoot"
                               f".querySelectorAll('.req')].some({IN_FIRST_VIEW})", timeout=5_000)
        before = _pin_follows(page, widget)
        # Down to the colours and options, far below the big drawing.
        # The inside colour: the drawing shows the inside view (the homeowner stands inside).
        colour = widget.locator("input[name=opt-inside-colour][value=ral-7016]")
        colour.scroll_into_view_if_needed()
        assert widget.locator(".pic").bounding_box()["y"] + 100 < 0  # the big one is out of sight
        expect(widget.locator(".pin")).to_have_class("pin")
        colour.check()
        settle(page, widget)
        box = widget.locator(".pin .pinbox").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740, box
        assert box["height"] >= 100
        after = _pin_follows(page, widget)  # the current drawing
        assert after != before  # the new colour is in the small drawing
        page.screenshot(path=f"{SHOTS}/s17-L-phone-colour.png")
        glazing = widget.locator("input[name=opt-glazing][value=triple]")
        glazing.scroll_into_view_if_needed()
        glazing.check()
        settle(page, widget)
        box = widget.locator(".pin .pinbox").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740, box
        _pin_follows(page, widget)
        # Both request buttons stay reachable: the price bar is shown while the card's is away.
        expect(widget.locator('[data-k="request-bar"]')).to_be_visible()
        page.screenshot(path=f"{SHOTS}/s17-L-phone-options.png")
        # Back at the top the big drawing is in view and the copy goes.
        page.evaluate("() => window.scrollTo(0, 0)")
        expect(widget.locator(".pin")).to_have_class("pin away")
    finally:
        page.close()


def test_the_pinned_drawing_never_covers_the_focused_control(live_server: str, browser: Browser) -> None:
    page, widget = _open(browser, live_server, 360, 740)
    try:
        widget.locator("#f-width_mm").focus()
        covered = []
        for key in ["Tab"] * 24 + ["Shift+Tab"] * 24:
            page.keyboard.press(key)
            page.wait_for_timeout(60)  # the observer's callback and the smooth parts of scrolling
            problem = page.evaluate(FOCUS_UNCOVERED)
            if problem:
                covered.append((key, problem))
        assert covered == []
        expect(widget.locator(".pin")).to_have_count(1)
    finally:
        page.close()


def test_axe_finds_no_serious_violation_with_the_pinned_drawing(live_server: str, browser: Browser) -> None:
    page, widget = _open(browser, live_server, 360, 740)
    try:
        widget.locator("input[name=opt-glazing][value=triple]").scroll_into_view_if_needed()
        expect(widget.locator(".pin")).to_have_class("pin")
        results = Axe().run(page, context={"include": [["venster-configurator"]]})
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
    finally:
        page.close()
