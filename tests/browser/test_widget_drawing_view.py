"""The drawing agrees with the words (issue 16): the inside view by default, an inside/outside
toggle, each pane named and clickable in both views, text legible at any width, and the real
drawing on pages that require Trusted Types."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.conftest import Watch, one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # no test here changes a catalog or setting

SHOTS = Path(os.environ.get("VENSTER_SHOTS", "/work/shots"))
DEALER_SITE = "http://127.0.0.1:8000"  # in catalogs/demo.toml's allowed_origins
TT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trusted Types</title>
<script src="{server}/widget.js" async></script></head>
<body><h1>Trusted Types</h1><venster-configurator dealer="demo" lang="en"></venster-configurator></body></html>"""


def _shot(page: Page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"s17-M-{name}.png"), full_page=False)


def _boxes(widget: Locator) -> dict[str, dict]:
    """Each pane's section id, bounding box (page px) and the name written on it."""
    return widget.locator(".pic svg").evaluate("""svg => Object.fromEntries(
        [...svg.querySelectorAll('[data-section]')].map(g => {
            const r = g.getBoundingClientRect();
            const lines = [...g.querySelectorAll('[data-part=pane-name]')].map(t => t.textContent);
            const slide = g.querySelector('[data-symbol^=slide]');
            return [g.getAttribute('data-section'), {x: r.x, w: r.width,
                name: lines.length ? lines.join(' ') : null, slide: slide ? slide.getAttribute('data-symbol') : null}];
        }))""")


def _show(widget: Locator, page: Page, view: str) -> None:
    widget.locator(f"input[name=drawview][value={view}]").check()
    expect(widget.locator(f".pic svg[data-view={view}]:not([data-placeholder])")).to_have_count(1, timeout=10_000)
    settle(page, widget)


def test_the_inside_view_by_default_and_a_toggle_to_the_outside(live_server: str, page: Page, watch: Watch) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/drawing.svg" in r.url else None)
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator").first
    settle(page, widget)
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    # demo.toml's convention is vkg (outside), yet the homeowner stands inside: the widget shows that.
    expect(widget.locator(".pic svg[data-view=inside]:not([data-placeholder])")).to_have_count(1)
    expect(widget.locator("input[name=drawview][value=inside]")).to_be_checked()
    expect(widget.locator("figcaption")).to_contain_text("gezien van binnen")
    expect(widget.locator(".pic svg text").filter(has_text="Binnenaanzicht")).to_have_count(1)
    _shot(page, "inside-desk")
    # Keyboard: the toggle is a native radio group, arrow keys move to the outside view.
    widget.locator("input[name=drawview][value=inside]").focus()
    page.keyboard.press("ArrowRight")
    expect(widget.locator("input[name=drawview][value=outside]")).to_be_checked()
    expect(widget.locator(".pic svg[data-view=outside]:not([data-placeholder])")).to_have_count(1, timeout=10_000)
    expect(widget.locator("figcaption")).to_contain_text("gezien van buiten")
    expect(widget.locator(".pic svg text").filter(has_text="Buitenaanzicht")).to_have_count(1)
    _shot(page, "outside-desk")
    assert any("view=outside" in u for u in asked) and any("view=inside" in u for u in asked)
    assert all("lang=nl" in u for u in asked)
    # The language switch keeps the view, and the pane names come in the new language.
    widget.evaluate("el => el.setAttribute('lang', 'de')")
    expect(widget.locator(".pic svg text").filter(has_text="Ansicht von außen")).to_have_count(1, timeout=10_000)
    expect(widget.locator(".pic svg [data-part=pane-name]").filter(has_text="Linkes Feld")).to_have_count(1)
    expect(widget.locator("input[name=drawview][value=outside]")).to_be_checked()
    assert watch.page_errors == []


def test_every_pane_of_every_layout_selects_its_section_in_both_views(live_server: str, page: Page,
                                                                       watch: Watch) -> None:
    doc = httpx.get(f"{live_server}/api/v1/dealers/demo/configurator?lang=en", timeout=10).json()
    page.goto(live_server + "/")
    page.locator("venster-configurator").first.evaluate("el => el.setAttribute('lang', 'en')")
    widget = page.locator("venster-configurator").first
    expect(widget.locator('[data-k="add"]')).to_have_text("Add to my list", timeout=10_000)
    settle(page, widget)
    checked = slides = 0
    for product in doc["products"]:
        if len(doc["products"]) > 1:
            widget.locator(f"input[name=product][value={product['id']}]").check()
            settle(page, widget)
        for lay in product["layouts"]:
            widget.locator(f"input[name=layout][value={lay['id']}]").check()
            settle(page, widget)
            for view in ("inside", "outside"):
                _show(widget, page, view)
                panes = _boxes(widget)
                if len(panes) < 2:
                    assert all(p["name"] is None for p in panes.values())  # one section needs no name
                    continue
                for sid, pane in panes.items():
                    widget.locator(f".pic [data-section={sid}]").click()
                    expect(widget.locator(f".pic [data-section={sid}]")).to_have_attribute("aria-pressed", "true")
                    # The openings step's box of that section is the one chosen, under the pane's name.
                    chosen = widget.locator(f".sec.on[data-sec={sid}] legend").first
                    expect(chosen).to_have_text(pane["name"])
                    checked += 1
                if "left" in panes and "right" in panes:
                    left, right = panes["left"]["x"], panes["right"]["x"]
                    assert (left < right) == (view == "inside"), (product["id"], lay["id"], view)
                for sid, pane in panes.items():
                    opening = page.evaluate(
                        "sid => window.__vs.evaluated.at(-1).configuration.sections[sid].opening", sid)
                    if opening == "sliding-left":
                        # Travels to the left as seen from inside: the arrow points left there, right outside.
                        assert pane["slide"] == ("slide-left" if view == "inside" else "slide-right")
                        slides += 1
                if product["id"] != doc["products"][0]["id"] and lay["id"] == "two-part":
                    _shot(page, f"sliding-{view}")
    assert checked > 20 and slides >= 2
    assert watch.page_errors == []


def _text_sizes(widget: Locator) -> list[dict]:
    return widget.locator(".pic svg").evaluate("""svg => [...svg.querySelectorAll('text')].map(t => {
        const m = t.getScreenCTM();
        const r = t.getBoundingClientRect();
        const rotated = t.hasAttribute('transform');
        return {text: t.textContent, size: parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b),
                height: rotated ? r.width : r.height, empty: !t.textContent.trim()};
    })""")


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (360, 740)])
def test_the_drawings_text_reads_on_a_desktop_and_a_phone(live_server: str, page: Page, watch: Watch,
                                                          width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator").first
    settle(page, widget)
    widget.locator("input[name=layout][value=three]").check()
    settle(page, widget)
    # The drawing is fetched for the width it is shown at (after a first one sized before layout).
    expect(widget.locator(".pic svg:not([data-placeholder])")).to_have_count(1)
    page.wait_for_function("""() => {
        const el = document.querySelector('venster-configurator');
        const svg = el.shadowRoot.querySelector('.pic svg');
        const t = svg && svg.querySelector('text');
        return t && parseFloat(t.getAttribute('font-size')) * svg.getScreenCTM().a >= 11;
    }""", timeout=10_000)
    settle(page, widget)
    widget.locator(".pic").scroll_into_view_if_needed()
    _shot(page, f"text-{width}")
    sizes = [s for s in _text_sizes(widget) if not s["empty"]]
    assert sizes
    small = [s for s in sizes if s["size"] < 11 or s["height"] < 11]
    assert not small, small
    assert watch.page_errors == []


def _trusted_types_site(page: Page, live_server: str, csp: str) -> None:
    def site(route: Route) -> None:
        if route.request.url.split("?")[0] == DEALER_SITE + "/":
            route.fulfill(status=200, body=TT_PAGE.format(server=live_server),
                          headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp})
        else:
            route.fulfill(status=404, body="")

    page.route(DEALER_SITE + "/**", site)
    page.context.grant_permissions(["local-network-access"])
    page.goto(DEALER_SITE + "/")


def test_a_page_that_requires_trusted_types_gets_the_real_drawing(live_server: str, page: Page,
                                                                  watch: Watch) -> None:
    _trusted_types_site(page, live_server, "require-trusted-types-for 'script'; trusted-types venster")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    expect(widget.locator(".pic svg:not([data-placeholder]) [data-section=left]")).to_have_count(1)
    expect(widget.locator(".pic svg [data-part=pane-name]").filter(has_text="Left section")).to_have_count(1)
    assert page.evaluate("() => window.__vs.csp") == []
    assert not [m for m in watch.console_errors if "Trusted Type" in m or "TrustedHTML" in m]
    assert watch.page_errors == []


def test_a_page_whose_trusted_types_refuse_our_policy_still_gets_a_working_widget(live_server: str, page: Page,
                                                                                    watch: Watch) -> None:
    _trusted_types_site(page, live_server, "require-trusted-types-for 'script'; trusted-types other")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    # No SVG text may be parsed there: the drawing is the placeholder, and the widget works.
    expect(widget.locator(".pic svg[data-placeholder]")).to_have_count(1)
    expect(widget.locator('[data-k="request"]')).to_be_enabled()
    assert watch.page_errors == []


def test_the_placeholder_mirrors_and_names_its_panes_like_the_real_drawing(live_server: str, page: Page,
                                                                          watch: Watch) -> None:
    page.route("**/drawing.svg*", lambda route: route.fulfill(status=404, body='{"status":404}'))
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator").first
    settle(page, widget)
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    placeholder = widget.locator(".pic svg[data-placeholder]")
    expect(placeholder).to_have_count(1)
    # The caption starts with the view when the placeholder (which prints the size itself) is shown.
    for view, caption in (("inside", "Gezien van binnen"), ("outside", "Gezien van buiten")):
        widget.locator(f"input[name=drawview][value={view}]").check()
        expect(widget.locator(f".pic svg[data-placeholder][data-view={view}]")).to_have_count(1)
        expect(widget.locator("figcaption")).to_contain_text(caption)
        xs = placeholder.evaluate("""svg => Object.fromEntries([...svg.querySelectorAll('[data-section]')].map(
            g => [g.querySelector('text').textContent, g.getBoundingClientRect().x]))""")
        assert set(xs) == {"Linkervak", "Rechtervak"}
        assert (xs["Linkervak"] < xs["Rechtervak"]) == (view == "inside"), (view, xs)
        widget.locator(".pic [data-section=right]").click()
        expect(widget.locator(".sec.on[data-sec=right] legend").first).to_have_text("Rechtervak")
        widget.locator(".pic [data-section=left]").click()
        expect(widget.locator(".sec.on[data-sec=left] legend").first).to_have_text("Linkervak")
    _shot(page, "placeholder-outside")
    assert watch.page_errors == []


def test_a_narrower_box_gets_the_drawing_sized_again(live_server: str, page: Page, watch: Watch) -> None:
    """A window made narrower (a phone turned, a browser resized) asks the drawing again for the
    narrower box, so its text stays legible; no evaluation is needed for it."""
    def shown_size(response) -> tuple[int, int]:  # noqa: ANN001 - a Playwright Response
        query = parse_qs(urlsplit(response.url).query)
        return int(query["w"][0]), int(query.get("h", ["100000"])[0])

    def sized(response) -> bool:  # noqa: ANN001
        return "drawing.svg" in response.url and "w" in parse_qs(urlsplit(response.url).query)

    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_response(sized) as first:
        page.goto(live_server + "/")
    settle(page)
    (w, h) = shown_size(first.value)
    with page.expect_response(sized) as again:
        page.set_viewport_size({"width": 1000, "height": 900})
    (w2, h2) = shown_size(again.value)
    assert (w2 < w and h2 <= h) or (h2 < h and w2 <= w), ((w, h), (w2, h2))
    expect(page.locator("venster-configurator .pic svg:not([data-placeholder])")).to_have_count(1)
    assert watch.page_errors == []


def test_choosing_a_sides_colour_turns_the_drawing_to_that_side(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    expect(widget.locator(".pic svg")).to_have_attribute("data-view", "inside")
    widget.locator("input[name=opt-outside-colour][value=ral-7016]").check()
    settle(page, widget)
    # The click shows: anthracite outside, seen from outside, the toggle saying so.
    expect(widget.locator(".pic svg")).to_have_attribute("data-view", "outside")
    expect(widget.locator('[data-k="view:outside"]')).to_be_checked()
    widget.locator("input[name=opt-inside-colour][value=golden-oak]").check()
    settle(page, widget)
    expect(widget.locator(".pic svg")).to_have_attribute("data-view", "inside")
    expect(widget.locator('[data-k="view:inside"]')).to_be_checked()
    assert watch.page_errors == []
