"""The widget keeps working and looking right on hostile pages: global CSS, a strict CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Watch, one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # no test here changes a catalog or setting

# An origin listed in catalogs/demo.toml's allowed_origins; Playwright answers for it, so
# the page is cross-origin to the live server, as a dealer's website is.
DEALER_SITE = "http://127.0.0.1:8000"
STRICT_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Strict CSP</title>
<script src="{server}/widget.js" async></script></head>
<body><h1>Strict CSP</h1><venster-configurator dealer="demo" lang="nl"></venster-configurator></body></html>"""


def _computed(page: Page, selector: str, prop: str) -> str:
    return str(page.evaluate(
        "([sel, prop]) => getComputedStyle(document.querySelector('venster-configurator').shadowRoot"
        ".querySelector(sel)).getPropertyValue(prop)", [selector, prop]))


def test_hostile_global_css_does_not_reach_the_widget(live_server: str, page: Page, watch: Watch,
                                                       configure_and_send) -> None:
    page.goto(live_server + "/site/hostile-css.html")
    settle(page)
    assert _computed(page, ".vs", "font-size") == "15px"
    assert _computed(page, ".vs", "line-height") == "21.75px"
    assert _computed(page, ".vs", "text-transform") == "none"
    assert _computed(page, ".vs", "letter-spacing") == "normal"
    assert _computed(page, "#f-width_mm", "box-sizing") == "border-box"
    assert _computed(page, "#f-width_mm", "font-size") == "16px"
    assert _computed(page, ".pic svg", "display") == "block"
    assert _computed(page, ".list", "display") == "none"  # [hidden] stays hidden
    width = page.evaluate("() => document.querySelector('venster-configurator').shadowRoot"
                          ".querySelector('#f-width_mm').getBoundingClientRect().height")
    assert 40 <= width <= 50
    configure_and_send(page, live_server)
    assert watch.page_errors == []


def test_strict_csp_on_a_dealer_site(live_server: str, page: Page, watch: Watch, configure_and_send) -> None:
    csp = (f"default-src 'none'; script-src {live_server}; connect-src {live_server}; "
           f"img-src {live_server} data:; style-src 'self'")

    def dealer_site(route: Route) -> None:
        if route.request.url.split("?")[0] == DEALER_SITE + "/":
            route.fulfill(status=200, body=STRICT_PAGE.format(server=live_server),
                          headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp})
        else:
            route.fulfill(status=404, body="")

    page.route(DEALER_SITE + "/**", dealer_site)
    # Both servers are on loopback here; real dealer sites are public, where this prompt never arises.
    page.context.grant_permissions(["local-network-access"])
    page.goto(DEALER_SITE + "/")
    configure_and_send(page, live_server)
    assert page.evaluate("() => window.__vs.csp") == []
    assert not [m for m in watch.console_errors if "Content Security Policy" in m]
    assert watch.page_errors == []


def test_hosted_page_under_its_own_csp(live_server: str, page: Page, watch: Watch) -> None:
    answer = page.goto(live_server + "/d/demo?lang=en")
    assert answer is not None and answer.status == 200
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    widget = page.locator("venster-configurator")
    settle(page, widget)
    expect(widget.locator('[data-k="add"]')).to_have_text("Add to my list")
    expect(page.locator("header .brand")).to_have_text("Kozijnen Demo")
    header_bg = page.evaluate("() => getComputedStyle(document.querySelector('header')).backgroundColor")
    assert header_bg == "rgb(31, 95, 139)"  # the dealer's accent colour
    accent = page.evaluate("() => getComputedStyle(document.querySelector('venster-configurator'))"
                           ".getPropertyValue('--vs-accent').trim()")
    assert accent == "#1f5f8b"
    assert page.evaluate("() => window.__vs.csp") == []
    assert watch.page_errors == []
