"""Embedding details: several instances, a second script tag, late elements, events, share links,
drawings (inlined safely, or a placeholder) and network failures shown in the widget."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Watch, one_server_per_module, settle, without_inline_drawing
from tests.conftest import running_server

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # only the imperial test changes a catalog: it has its own

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 600" width="100mm" height="60mm"
 onload="window.__pwned = 1"><script>window.__pwned = 2</script><style>rect { fill: red }</style>
<g data-section="left" onclick="window.__pwned = 3"><rect x="0" y="0" width="500" height="600" fill="#cccccc"/></g>
<g data-section="right"><rect x="500" y="0" width="500" height="600" fill="#dddddd" style="fill: red"/></g>
<image href="https://evil.example/x.png" width="10" height="10"/>
<a href="javascript:window.__pwned = 4"><text x="10" y="20">x</text></a>
<rect x="0" y="0" width="5" height="5" fill="url(https://evil.example/p.svg#x)"/></svg>"""

PARSER_CASES = {
    "36": 914.4, "36.5": 927.1, "36 1/2": 927.1, "36-1/2": 927.1, "3' 6\"": 1066.8, "3'6": 1066.8,
    "3 ft 6 in": 1066.8, "1/2": 12.7, "36,5": 927.1, "36.03": 914.4, "48\"": 1219.2,
}


def test_many_instances_a_second_script_and_a_late_element(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    settle(page)
    page.evaluate("""() => {
        const again = document.createElement('script');
        again.src = '/widget.js';
        document.body.append(again);
        const late = document.createElement('venster-configurator');
        late.setAttribute('dealer', 'demo');
        late.setAttribute('lang', 'en');
        late.id = 'late';
        document.body.append(late);
    }""")
    late = page.locator("#late")
    settle(page, late)
    expect(late.locator('[data-k="add"]')).to_have_text("Add to my list")
    expect(page.locator("venster-configurator").first.locator('[data-k="add"]')).to_have_text("Zet op mijn lijst")
    # The instances are independent.
    late.locator("input[name=layout][value=two-equal]").check()
    settle(page, late)
    expect(page.locator("venster-configurator").first.locator("input[name=layout][value=single]")).to_be_checked()
    # The lang attribute switches a running widget's language.
    late.evaluate("el => el.setAttribute('lang', 'de')")
    expect(late.locator('[data-k="add"]')).to_have_text("Auf meine Liste", timeout=10_000)
    expect(late.locator("input[name=layout][value=two-equal]")).to_be_checked()
    # An unknown dealer is told, not thrown.
    page.evaluate("""() => { const x = document.createElement('venster-configurator');
        x.setAttribute('dealer', 'nobody'); x.id = 'nobody'; document.body.append(x); }""")
    expect(page.locator("#nobody .status")).to_contain_text("niet beschikbaar", timeout=10_000)
    assert watch.page_errors == []
    assert page.evaluate("() => customElements.get('venster-configurator').origin") == live_server


def test_events_and_a_share_link_that_reopens_the_window(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("input[name=layout][value=three]").check()
    settle(page, widget)
    widget.locator("#f-width_mm").fill("2100")
    widget.locator("input[name=opt-inside-colour][value=golden-oak]").check()
    settle(page, widget)
    detail = page.evaluate("() => window.__vs.evaluated.at(-1)")
    assert detail["valid"] is True and detail["configuration"]["width_mm"] == 2100
    assert set(detail) == {"configuration", "valid", "price"}
    widget.locator('[data-k="share"]').click()
    link = widget.locator(".share input").input_value()
    assert link.startswith(live_server + "/#venster-demo=")

    other = page.context.new_page()
    other.goto(link)
    reopened = other.locator("venster-configurator")
    settle(other, reopened)
    expect(reopened.locator("#f-width_mm")).to_have_value("2100")
    expect(reopened.locator("input[name=layout][value=three]")).to_be_checked()
    expect(reopened.locator("input[name=opt-inside-colour][value=golden-oak]")).to_be_checked()
    expect(reopened.locator(".ph .big")).to_have_text(widget.locator(".ph .big").inner_text())
    other.close()


def test_a_broken_share_link_falls_back_to_the_defaults(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/#venster-demo=eyJwcm9kdWN0IjoicHZjLXdpbmRvdyIsIm5vbnNlbnNlIjp0cnVlfQ")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    expect(widget.locator("#f-width_mm")).to_have_value("1200")
    assert watch.page_errors == []


def test_the_drawing_is_inlined_clean_and_clickable(live_server: str, page: Page, watch: Watch) -> None:
    page.route("**/drawing.svg*", lambda route: route.fulfill(status=200, body=HOSTILE_SVG,
                                                              headers={"Content-Type": "image/svg+xml"}))
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    drawing = widget.locator(".pic svg")
    expect(drawing.locator("[data-section=right]")).to_have_count(1)
    for tag in ("script", "style", "image", "a"):
        expect(drawing.locator(tag)).to_have_count(0)
    html = drawing.evaluate("el => el.outerHTML")
    assert "onload" not in html and "onclick" not in html and "style=" not in html and "evil.example" not in html
    drawing.locator("[data-section=right]").click()
    expect(widget.locator("[data-sec=right]")).to_have_class(re.compile(r"(^|\s)on(\s|$)"))  # its options framed
    expect(drawing.locator("[data-section=right]")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => window.__pwned") is None
    assert "evil.example" not in watch.hosts


def test_a_missing_drawing_endpoint_shows_a_placeholder(live_server: str, page: Page, watch: Watch) -> None:
    without_inline_drawing(page)  # a server without drawings has no inline first drawing either
    page.route("**/drawing.svg*", lambda route: route.fulfill(status=404, body='{"status":404}'))
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    placeholder = widget.locator(".pic svg[data-placeholder]")
    expect(placeholder).to_contain_text("1200 mm × 1200 mm")
    expect(placeholder.locator("[data-section=main]")).to_have_count(1)
    assert watch.page_errors == []


def test_network_failures_are_shown_with_a_retry(live_server: str, page: Page, watch: Watch) -> None:
    failing = {"on": True}

    def evaluate(route: Route) -> None:
        if failing["on"]:
            route.abort()
        else:
            route.continue_()

    def without_evaluation(route: Route) -> None:
        # The first price comes folded into the configurator answer; without it the widget asks evaluate.
        answer = route.fetch()
        body = answer.json()
        body.pop("evaluation", None)
        route.fulfill(response=answer, json=body)

    page.route("**/evaluate*", evaluate)
    page.route("**/configurator?*", without_evaluation)
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    alert = widget.locator(".sum [role=alert]")
    expect(alert).to_contain_text("niet bereikbaar", timeout=10_000)
    failing["on"] = False
    widget.locator('[data-k="retry-eval"]').click()
    settle(page, widget)
    expect(alert).to_be_hidden()
    expect(widget.locator(".ph .big")).to_contain_text("€")
    assert watch.page_errors == []


def test_a_failed_send_keeps_its_idempotency_key_for_the_retry(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    for name, value in {"name": "Bo de Vries", "email": "bo@example.nl", "phone": "0612345678",
                        "street": "Dorpsstraat", "house_number": "1", "postcode": "1234AB", "city": "Urk"}.items():
        widget.locator(f"#c-{name}").fill(value)
    page.route("**/quote-requests", lambda route: route.abort())
    widget.locator('[data-k="send"]').click()
    expect(widget.locator(".form [role=alert]")).to_contain_text("niet bereikbaar")
    page.unroute("**/quote-requests")
    widget.locator('[data-k="retry-send"]').click()
    expect(widget.locator(".ref")).to_be_visible(timeout=15_000)
    keys = [p["headers"]["idempotency-key"] for p in watch.quote_posts]
    assert len(keys) == 2 and keys[0] == keys[1]
    bodies = [p["body"] for p in watch.quote_posts]
    assert bodies[0] == bodies[1]


def test_small_sizes_are_questioned_and_imperial_lengths_parsed(live_server: str, page: Page) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("#f-width_mm").fill("120")
    warning = widget.locator("#w-width_mm")
    expect(warning).to_contain_text("1200 mm")
    widget.locator('[data-k="use-width_mm"]').click()
    settle(page, widget)
    expect(widget.locator("#f-width_mm")).to_have_value("1200")
    expect(warning).to_be_hidden()
    got = page.evaluate("""cases => Object.fromEntries(Object.keys(cases).map(k =>
        [k, customElements.get('venster-configurator').parseLength(k, 'imperial')]))""", PARSER_CASES)
    assert got == pytest.approx(PARSER_CASES)
    assert page.evaluate("() => ['', 'abc', '1/0', \"3' x\"].map(v => "
                         "customElements.get('venster-configurator').parseLength(v, 'imperial'))") == [None] * 4
    assert page.evaluate("() => [1200, 914.4, 12.7, 927.1].map(customElements.get('venster-configurator').inchText)") \
        == ["47 1/4", "36", "1/2", "36 1/2"]
    # A limit is written as inches that, typed (and sent as whole mm), keep to it: 13 3/4" would be sent as 349.
    assert page.evaluate("() => { const f = customElements.get('venster-configurator').inchText; "
                         "return [f(350), f(350, 'min'), f(3000, 'max'), f(1300, 'max')]; }") \
        == ["13 3/4", "13 13/16", "118 1/8", "51 3/16"]


def test_edit_an_item_and_see_server_errors_where_they_belong(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    widget.locator('[data-k="ed-0"]').click()
    expect(widget.locator("#vs-title")).to_be_focused()
    expect(widget.locator('[data-k="add"]')).to_have_text("Wijzigingen opslaan")
    widget.locator("input[name=opt-outside-colour][value=cream]").check()
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    expect(widget.locator(".item")).to_contain_text("Crème")
    expect(widget.locator('[data-k="add"]')).to_have_text("Zet op mijn lijst")

    for name, value in {"name": "Bo", "email": "bo@example.nl", "phone": "0612345678", "street": "Dorpsstraat",
                        "house_number": "1", "postcode": "1234 AB", "city": "Urk"}.items():
        widget.locator(f"#c-{name}").fill(value)
    refusal = {"status": 422, "detail": "The quote request has errors", "errors": [
        {"field": "contact.email", "message": "Expected an e-mail address like name@example.nl"},
        {"field": "items[0].configuration.width_mm", "message": "Choose a size from 400 to 2400 mm."}]}
    page.route("**/quote-requests", lambda route: route.fulfill(status=422, json=refusal))
    widget.locator('[data-k="send"]').click()
    expect(widget.locator("#e-c-email")).to_have_text("Expected an e-mail address like name@example.nl")
    expect(widget.locator("#c-email")).to_be_focused()
    expect(widget.locator(".item .err")).to_contain_text("Choose a size from 400 to 2400 mm.")
    page.unroute("**/quote-requests")
    page.route("**/quote-requests", lambda route: route.fulfill(status=429, headers={"Retry-After": "600"},
                                                               json={"status": 429, "detail": "x", "errors": []}))
    widget.locator('[data-k="send"]').click()
    expect(widget.locator(".form [role=alert]")).to_contain_text("10 minuten")
    keys = [p["headers"]["idempotency-key"] for p in watch.quote_posts]
    assert len(keys) == 2 and keys[0] != keys[1]  # a refused attempt is not retried under its key
    assert watch.page_errors == []


@pytest.fixture
def imperial_server(tmp_path: Path, catalogs_dir: Path) -> Iterator[str]:
    """Its own server: the demo dealer switched to inches (before the server reads the catalogs)."""
    toml = catalogs_dir / "demo.toml"
    toml.write_text(toml.read_text().replace('units = "metric"', 'units = "imperial"', 1))
    with running_server(tmp_path, catalogs_dir, name="imperial") as (base, _):
        yield base


def test_an_imperial_dealer_takes_feet_and_inches(imperial_server: str, page: Page, watch: Watch) -> None:
    live_server = imperial_server
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    width = widget.locator("#f-width_mm")
    expect(width).to_have_value("47 1/4")
    # Written as the server writes lengths (its messages, the drawing, mails): 11 13/16", never "11 13/16 in".
    expect(widget.locator("#h-width_mm")).to_contain_text('"')
    assert " in " not in widget.locator("#h-width_mm").inner_text() + " "
    width.fill("3' 6\"")
    settle(page, widget)
    # 42 in = 1066.8 mm: kept as 1067 (an imperial dealer's sizes are not snapped to the 10 mm step)
    assert page.evaluate("() => window.__vs.evaluated.at(-1).configuration.width_mm") == 1067
    width.blur()
    expect(width).to_have_value("42")
    width.fill("4")
    expect(widget.locator("#w-width_mm")).to_contain_text('48"')
    width.fill("48")
    widget.locator("input[name=layout][value=two-equal]").check()
    settle(page, widget)
    division = widget.locator("#f-div-d1")
    expect(division).to_have_value("24")  # about 609.5 mm, half of 1219 (48 in)
    division.fill("20 1/2")
    settle(page, widget)
    assert page.evaluate("() => window.__vs.evaluated.at(-1).configuration.divisions.d1") == 521


def test_an_unavailable_layout_offers_the_engines_fix(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("#f-width_mm").fill("2400")
    widget.locator("#f-height_mm").fill("1000")
    settle(page, widget)
    toplight = widget.locator("input[name=layout][value=toplight]")
    expect(toplight).to_be_disabled()
    fix = widget.locator('[data-k="chg-layout-toplight"]')
    widget.locator("fieldset:has(input[name=layout]) details.off summary").click()  # the reasons are one line away
    expect(fix).to_contain_text("Vast glas")  # the bottom section becomes fixed glass
    fix.click()
    settle(page, widget)
    expect(toplight).to_be_checked()
    evaluated = page.evaluate("() => window.__vs.evaluated[window.__vs.evaluated.length - 1]")
    assert evaluated["valid"] is True
    assert evaluated["configuration"]["layout"] == "toplight"
    assert evaluated["configuration"]["sections"]["bottom"]["opening"] == "fixed"
    assert watch.page_errors == []
