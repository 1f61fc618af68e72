"""No dead ends in sizes (issue 16): one range everywhere, fixes as buttons, sizes read as people type them.

The demo's single light has a tilt-turn sash of at most 1300 mm: at 2500 mm the size step's hint,
the field's max and the price card's error all say 400 to 1300 mm, and the error offers the width
that fits as a button; three lights at 900 mm say they need 1050 mm and offer it. After every fix
(the price card's, an unavailable value's, the size's "did you mean") focus stays inside the
widget on what changed. Screenshots: /work/shots/s17-Z-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Watch, last_evaluation, one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # the tests only evaluate; none changes a setting

SHOTS = Path("/work/shots")

# The data-k of the element focused inside the widget's shadow root ("" when focus is elsewhere).
FOCUSED = """() => {
  const host = document.querySelector('venster-configurator');
  if (document.activeElement !== host) return '';
  const el = host.shadowRoot.activeElement;
  return el ? (el.getAttribute('data-k') || el.id || el.tagName) : '';
}"""


def _shot(page: Page, name: str, target: Locator | None = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    (target or page).screenshot(path=str(SHOTS / f"s17-Z-{name}.png"))


def _open(page: Page, base: str, lang: str = "nl") -> Locator:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    if lang != "nl":
        widget.evaluate("(el, lang) => el.setAttribute('lang', lang)", lang)
        expect(widget.locator("#h-size")).to_contain_text({"en": "Size", "de": "Maß"}[lang], timeout=10_000)
        settle(page, widget)
    return widget


def _type_size(page: Page, widget: Locator, key: str, text: str) -> None:
    field = widget.locator(f"#f-{key}")
    field.fill(text)
    field.press("Tab")
    settle(page, widget)


def test_the_hint_the_field_and_the_error_give_one_range_and_the_error_offers_its_fix(
        live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    _type_size(page, widget, "width_mm", "2500")
    # Was: hint "Van 400 tot 1.300 mm" above "Kies een maat van 400 tot 2.400 mm."
    expect(widget.locator("#h-width_mm")).to_have_text("Van 400 mm tot 1300 mm")
    field = widget.locator("#f-width_mm")
    expect(field).to_have_attribute("max", "1300")
    expect(field).to_have_attribute("min", "400")
    errors = widget.locator(".errs")
    expect(errors).to_contain_text("Kies een maat van 400 tot 1.300 mm.")
    expect(errors).not_to_contain_text("2.400")
    fix = widget.locator(".errs button.fix").first
    expect(fix).to_have_text("Pas aan: Breedte 1300 mm")
    _shot(page, "error-fix-nl", widget.locator(".errs").locator("xpath=.."))
    _shot(page, "error-fix-page-nl")
    fix.focus()
    page.keyboard.press("Enter")
    settle(page, widget)
    # The fix button removes itself: focus is on the field it changed, never on <body>.
    assert page.evaluate(FOCUSED) == "f-width_mm"
    expect(field).to_have_value("1300")
    assert last_evaluation(page)["configuration"]["width_mm"] == 1300
    expect(widget.locator(".errs")).not_to_contain_text("Kies een maat")
    assert not watch.page_errors


def _open_reasons(button: Locator) -> None:
    """Open the step's one line of reasons the fix sits in (unavailable values are quiet: test_widget_quiet.py)."""
    summary = button.locator("xpath=ancestor::details[1]/summary")
    summary.focus()
    summary.press("Enter")
    expect(button).to_be_visible()


def test_three_lights_too_narrow_say_the_width_they_need_and_offer_it(live_server: str, page: Page,
                                                                     watch: Watch) -> None:
    widget = _open(page, live_server)
    _type_size(page, widget, "width_mm", "900")
    layouts = widget.locator("#h-size").locator("xpath=..")
    expect(layouts).to_contain_text("Drie vakken kan vanaf 1.050 mm breedte.")
    button = widget.locator('[data-k="chg-layout-three"]')
    expect(button).to_have_text("Pas aan: Breedte 1050 mm")
    _shot(page, "three-too-narrow-nl", layouts)
    _open_reasons(button)
    button.focus()
    page.keyboard.press("Enter")
    settle(page, widget)
    ev = last_evaluation(page)
    assert (ev["configuration"]["layout"], ev["configuration"]["width_mm"], ev["valid"]) == ("three", 1050, True)
    expect(widget.locator("#f-width_mm")).to_have_value("1050")
    # Focus on the layout the fix chose (the button went with the reason), inside the widget.
    assert page.evaluate(FOCUSED) == "layout:three"
    _shot(page, "three-fixed-nl")


def test_a_value_fix_keeps_focus_on_the_value(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    _type_size(page, widget, "width_mm", "1600")
    button = widget.locator('[data-k="chg-open-main-turn-left"]')
    expect(button).to_contain_text("Breedte 1000 mm")
    _shot(page, "opening-fix-nl")
    _open_reasons(button)
    button.focus()
    page.keyboard.press("Enter")
    settle(page, widget)
    ev = last_evaluation(page)
    assert ev["configuration"]["width_mm"] == 1000 and ev["configuration"]["sections"]["main"]["opening"] == "turn-left"
    assert ev["valid"]
    assert page.evaluate(FOCUSED) == "open-main:turn-left"


def test_did_you_mean_keeps_focus_on_the_size(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    field = widget.locator("#f-width_mm")
    field.fill("120")
    settle(page, widget)
    use = widget.locator('[data-k="use-width_mm"]')
    expect(use).to_have_text("Gebruik 1200 mm")
    use.focus()
    page.keyboard.press("Enter")
    settle(page, widget)
    expect(field).to_have_value("1200")
    assert page.evaluate(FOCUSED) == "f-width_mm"


@pytest.mark.parametrize(("lang", "typed"), [
    ("nl", "1200,5"), ("nl", "1.200"), ("nl", "1,2 m"), ("nl", "120 cm"),
    ("de", "1200,5"), ("de", "1.200"), ("de", "1,2 m"), ("de", "120 cm"),
    ("en", "1,200"), ("en", "1.2 m"),
])
def test_sizes_are_read_as_people_type_them(live_server: str, page: Page, watch: Watch, lang: str,
                                          typed: str) -> None:
    widget = _open(page, live_server, lang)
    _type_size(page, widget, "width_mm", "800")  # away from the default, so 1200 is a change
    _type_size(page, widget, "width_mm", typed)
    # 1200,5 mm is sent as 1201 and snapped by the engine to its 10 mm step: 1200. Never 12005 mm.
    assert last_evaluation(page)["configuration"]["width_mm"] == 1200
    # The field then shows the canonical value.
    expect(widget.locator("#f-width_mm")).to_have_value("1200")
    if typed == "1,2 m":
        _shot(page, f"typed-{lang}", widget.locator("#h-size").locator("xpath=.."))


def test_text_that_is_no_size_says_so_and_stays(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    field = widget.locator("#f-width_mm")
    field.fill("1,2,3")
    field.press("Tab")
    expect(widget.locator("#w-width_mm")).to_have_text("Geen maat: typ bijv. 1200 of 1,2 m.")
    expect(field).to_have_value("1,2,3")
    _shot(page, "not-a-size-nl", widget.locator("#h-size").locator("xpath=.."))
