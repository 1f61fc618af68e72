"""What a dealer's web developer meets (issue 16): a misconfigured embed says what is wrong, a
``product`` attribute, the documented properties and events, and theming from the host page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Watch, one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # no test here changes a catalog or setting

LINKED = "http://127.0.0.1:8000"  # in catalogs/demo.toml's allowed_origins
NOT_LINKED = "http://127.0.0.1:8009"  # not in it: a dealer's new site nobody has added yet
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer site</title>
<style>{css}</style><script src="{server}/widget.js" async></script></head>
<body><h1>Dealer site</h1><venster-configurator {attrs}></venster-configurator></body></html>"""


def _site(page: Page, origin: str, server: str, attrs: str, css: str = "") -> list[str]:
    """Serve a dealer's page on ``origin`` (answered by Playwright); returns the console warnings it will log."""
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)

    def answer(route: Route) -> None:
        if route.request.url.split("?")[0] == origin + "/":
            route.fulfill(status=200, body=PAGE.format(server=server, attrs=attrs, css=css),
                          headers={"Content-Type": "text/html; charset=utf-8"})
        else:
            route.fulfill(status=404, body="")

    page.route(origin + "/**", answer)
    # Both are on loopback here; real dealer sites are public, where this prompt never arises.
    page.context.grant_permissions(["local-network-access"])
    page.goto(origin + "/")
    return warnings


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", "Deze website is (nog) niet gekoppeld"),
    ("en", "This website is not linked (yet)"),
    ("de", "Diese Website ist (noch) nicht mit diesem Konfigurator verknüpft"),
])
def test_a_site_not_in_allowed_origins_is_told_so_and_the_console_says_what_to_add(
        live_server: str, page: Page, watch: Watch, lang: str, words: str) -> None:
    warnings = _site(page, NOT_LINKED, live_server, f'dealer="demo" lang="{lang}"')
    widget = page.locator("venster-configurator")
    expect(widget.locator(".status")).to_contain_text(words, timeout=10_000)
    expect(widget.locator(".status button")).to_have_count(0)  # a retry would only fail again
    expect(widget.locator('[part="status"]')).to_have_count(1)  # styleable as ::part(status)
    hint = next((w for w in warnings if "allowed_origins" in w), "")
    assert f'Add "{NOT_LINKED}" to allowed_origins' in hint, warnings
    assert watch.page_errors == []


def test_an_unknown_dealer_says_so_in_the_widgets_language(live_server: str, page: Page, watch: Watch) -> None:
    warnings = _site(page, LINKED, live_server, 'dealer="nobody" lang="de"')
    expect(page.locator("venster-configurator .status")).to_contain_text(
        "Der Händler „nobody“ ist hier nicht bekannt", timeout=10_000)
    assert any('no dealer "nobody"' in w for w in warnings), warnings
    assert watch.page_errors == []


def test_the_retry_button_speaks_the_widgets_language(live_server: str, page: Page, watch: Watch) -> None:
    failing = {"left": 1}

    def outage(route: Route) -> None:
        if failing["left"]:
            failing["left"] -= 1
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    page.route("**/api/v1/dealers/demo/configurator*", outage)
    page.goto(live_server + "/")  # the sample page's element says lang="nl"
    widget = page.locator("venster-configurator")
    retry = widget.locator(".status button")
    expect(retry).to_have_text("Opnieuw proberen", timeout=10_000)
    retry.click()
    settle(page, widget)
    assert watch.page_errors == []


def test_the_product_attribute_preselects_a_product(live_server: str, page: Page, watch: Watch) -> None:
    _site(page, LINKED, live_server, 'dealer="demo" lang="en" product="alu-sliding-door"')
    widget = page.locator("venster-configurator")
    settle(page, widget)
    expect(widget.locator("#vs-title")).to_have_text("Aluminium sliding door")
    assert widget.evaluate("el => el.configuration.product") == "alu-sliding-door"
    # Changed later (a landing page switching), it switches the product.
    widget.evaluate("el => el.setAttribute('product', 'pvc-window')")
    expect(widget.locator("#vs-title")).not_to_have_text("Aluminium sliding door")
    settle(page, widget)
    assert widget.evaluate("el => el.configuration.product") == "pvc-window"
    assert watch.page_errors == []


def test_an_unknown_product_falls_back_to_the_default_with_a_warning(
        live_server: str, page: Page, watch: Watch) -> None:
    warnings = _site(page, LINKED, live_server, 'dealer="demo" lang="en" product="sliding-doors"')
    widget = page.locator("venster-configurator")
    settle(page, widget)
    assert widget.evaluate("el => el.configuration.product") == "pvc-window"
    assert any('product="sliding-doors"' in w and "pvc-window" in w for w in warnings), warnings


def test_configuration_list_reset_and_the_step_and_added_events(live_server: str, page: Page, watch: Watch) -> None:
    page.add_init_script("""window.__dev = {steps: [], added: []};
        document.addEventListener('venster:step', e => window.__dev.steps.push(e.detail));
        document.addEventListener('venster:added', e => window.__dev.added.push(e.detail));""")
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    # A copy: changing it changes nothing in the widget.
    first = widget.evaluate("el => { const c = el.configuration; c.width_mm = 1; return el.configuration; }")
    assert first["width_mm"] != 1 and first["product"] == "pvc-window"
    widget.locator("#f-width_mm").fill("1300")
    settle(page, widget)
    widget.locator("input[name=opt-outside-colour][value=ral-7016]").check()
    settle(page, widget)
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    steps = page.evaluate("() => window.__dev.steps.map(d => [d.step, d.number])")
    assert steps[:3] == [["size", 1], ["colours", 3], ["size", 1]], steps
    assert page.evaluate("() => window.__dev.steps[1].configuration.options['outside-colour']") == "ral-7016"
    widget.locator('[data-k="add"]').click()
    page.wait_for_function("() => window.__dev.added.length === 1")
    added = page.evaluate("() => window.__dev.added[0]")
    assert added["configuration"]["width_mm"] == 1300 and added["configuration"]["layout"] == "two-equal"
    assert added["index"] == 0 and added["count"] == 1 and added["price"]["total"]
    listed = widget.evaluate("el => { const l = el.list; l.pop(); return el.list; }")
    assert len(listed) == 1 and listed[0]["configuration"]["width_mm"] == 1300
    widget.evaluate("el => el.reset()")
    settle(page, widget)
    again = widget.evaluate("el => el.configuration")
    assert again["product"] == "pvc-window" and again.get("layout") != "two-equal" and again["width_mm"] != 1300
    assert widget.evaluate("el => el.list.length") == 1  # reset() keeps the list ...
    widget.evaluate("el => el.reset({list: true})")
    expect(widget.locator(".list")).to_be_hidden()
    assert widget.evaluate("el => el.list.length") == 0  # ... unless asked
    assert watch.page_errors == []


def test_parts_and_custom_properties_style_the_widget_from_the_host_page(live_server: str, page: Page) -> None:
    css = ("venster-configurator { --vs-accent: rgb(0, 128, 0); --vs-font: Georgia, serif; }"
           " venster-configurator::part(summary) { background: rgb(255, 240, 200); }"
           " venster-configurator::part(drawing) { border-color: rgb(200, 0, 0); }")
    _site(page, LINKED, live_server, 'dealer="demo" lang="nl"', css)
    widget = page.locator("venster-configurator")
    settle(page, widget)

    def computed(selector: str, prop: str) -> str:
        return str(widget.evaluate("(el, [sel, prop]) => getComputedStyle(el.shadowRoot.querySelector(sel))"
                                   ".getPropertyValue(prop)", [selector, prop]))

    assert computed(".sum", "background-color") == "rgb(255, 240, 200)"
    assert computed("figure", "border-top-color") == "rgb(200, 0, 0)"
    assert computed('[data-k="add"]', "background-color") == "rgb(0, 128, 0)"
    assert computed(".vs", "font-family").startswith("Georgia")
    names = widget.evaluate("el => [...el.shadowRoot.querySelectorAll('[part]')].map(n => n.getAttribute('part'))")
    assert {"root", "drawing", "summary", "steps", "list", "form", "done", "price-bar"} <= set(names)


def test_reset_and_the_product_attribute_leave_nothing_unsaved(live_server: str, page: Page, watch: Watch) -> None:
    # Neither is the homeowner's change: sending the list afterwards must not ask about a window
    # "never added" (the unsaved-work question reads the dirty mark, also kept in the fragment).
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    page.wait_for_function("() => document.querySelector('venster-configurator').list.length === 1")
    widget.evaluate("el => el.reset()")
    settle(page, widget)
    assert widget.evaluate("el => el.s.dirty") is False
    widget.evaluate("el => el.setAttribute('product', 'alu-sliding-door')")
    settle(page, widget)
    assert widget.evaluate("el => el.configuration.product") == "alu-sliding-door"
    assert widget.evaluate("el => el.s.dirty") is False
    assert watch.page_errors == []
