"""Unavailable values are quiet (issue 16): muted, their reason on hover, focus or tap, one line per step.

Also the glazing-bars fields: gone for a panel (whose bars are never priced), and an out-of-range
number corrected visibly. Screenshots go to /work/shots when that folder exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Watch, last_evaluation, one_server_per_module, settle

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # no test here changes a catalog or setting

SHOTS = Path("/work/shots")
# The default 1200 x 1200 single light: four of its seven opening types cannot be chosen.
OFF = ("turn-left", "turn-right", "tilt", "top-hung")


def _shot(page: Page, name: str, target: Locator | None = None) -> None:
    if SHOTS.is_dir():
        (target or page).screenshot(path=str(SHOTS / f"s17-Q-{name}.png"))


def _open(page: Page, base: str, width: int = 1280, height: int = 900) -> Locator:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    return widget


def _answer(page: Page, base: str) -> dict:
    """The engine's whole evaluate answer for what the widget shows (the event carries no availability)."""
    config = last_evaluation(page)["configuration"]
    return httpx.post(f"{base}/api/v1/dealers/demo/evaluate?lang=nl", json=config, timeout=10).json()


def _visible_text_below_chips(widget: Locator) -> str:
    return widget.locator("section[aria-labelledby=h-open]").inner_text()


def test_the_first_screen_shows_unavailable_openings_quietly(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    openings = _answer(page, live_server)["sections"]["main"]["openings"]
    assert sorted(o for o, a in openings.items() if not a["available"]) == sorted(OFF)
    step = widget.locator("section[aria-labelledby=h-open]")
    for opening in OFF:
        radio = widget.locator(f"input[name=open-main][value={opening}]")
        expect(radio).to_have_attribute("aria-disabled", "true")  # muted, still a native radio
        expect(radio).not_to_have_attribute("disabled", "")
        tip = widget.locator(f"#tip-open-main-{opening}")
        expect(radio).to_have_attribute("aria-describedby", re.compile(rf"^tip-open-main-{opening}\b"))
        expect(tip).to_have_attribute("role", "tooltip")
        expect(tip).to_be_hidden()  # no reason under the value until asked
        expect(tip).not_to_have_text("")
    # No reason line and no fix button in sight: one closed line for the step says how many.
    line = step.locator("details.off")
    expect(line).to_have_count(1)
    expect(line.locator("summary")).to_have_text("4 keuzes nu niet mogelijk — waarom?")
    expect(line).not_to_have_attribute("open", "")
    for button in step.locator("[data-k^=chg-]").all():
        expect(button).to_be_hidden()
    reasons = [openings[o]["reason"] for o in OFF]
    shown = _visible_text_below_chips(widget)
    assert not any(r in shown for r in reasons), shown
    _shot(page, "first-screen", step)
    # Opening the line lists every reason with its fix.
    line.locator("summary").click()
    for opening in OFF:
        expect(line.locator(f"#why-open-main-{opening}")).to_be_visible()
    assert all(r in _visible_text_below_chips(widget) for r in reasons)
    expect(line.locator("[data-k^=chg-open-main-]").first).to_be_visible()
    _shot(page, "line-open", step)
    assert watch.page_errors == []


def test_hover_shows_the_reason_and_a_click_keeps_the_choice(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    reason = _answer(page, live_server)["sections"]["main"]["openings"]["tilt"]["reason"]
    chip = widget.locator("label.chip", has=page.locator("input[name=open-main][value=tilt]"))
    tip = widget.locator("#tip-open-main-tilt")
    chip.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(reason)
    _shot(page, "hover", widget.locator("section[aria-labelledby=h-open]"))
    before = len(page.evaluate("() => window.__vs.evaluated"))
    chip.click(force=True)  # a tap or click on a muted value: nothing changes, the reason shows
    expect(tip).to_be_visible()
    expect(widget.locator("input[name=open-main][value=tilt-turn-left]")).to_be_checked()
    expect(widget.locator("input[name=open-main][value=tilt]")).not_to_be_checked()
    page.wait_for_timeout(300)
    assert len(page.evaluate("() => window.__vs.evaluated")) == before  # nothing was evaluated
    page.mouse.move(0, 0)
    widget.locator("#f-width_mm").click()
    expect(tip).to_be_hidden()
    assert watch.page_errors == []


def test_the_keyboard_reaches_a_muted_value_and_hears_its_reason(live_server: str, page: Page,
                                                                watch: Watch) -> None:
    widget = _open(page, live_server)
    widget.locator("input[name=open-main][value=tilt-turn-right]").focus()
    page.keyboard.press("ArrowRight")  # onto turn-left, which is not possible now
    muted = widget.locator("input[name=open-main][value=turn-left]")
    expect(muted).to_be_focused()
    expect(widget.locator("#tip-open-main-turn-left")).to_be_visible()
    expect(widget.locator("input[name=open-main][value=tilt-turn-left]")).to_be_checked()
    # What a screen reader says: the name, "dimmed", and the reason as the description.
    described = muted.evaluate("""el => el.getAttribute('aria-describedby').split(' ')
        .map(id => el.getRootNode().getElementById(id).textContent).join(' ')""")
    assert described == widget.locator("#tip-open-main-turn-left").text_content()
    page.keyboard.press("ArrowRight")  # on to the next, available or not
    expect(widget.locator("input[name=open-main][value=turn-right]")).to_be_focused()
    assert watch.page_errors == []


def test_a_fix_in_the_line_chooses_the_value_with_its_change(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    line = widget.locator("section[aria-labelledby=h-open] details.off")
    line.locator("summary").click()
    fix = widget.locator('[data-k="chg-open-main-tilt"]')
    expect(fix).to_be_visible()
    fix.click()
    settle(page, widget)
    expect(widget.locator("input[name=open-main][value=tilt]")).to_be_checked()
    evaluated = last_evaluation(page)
    assert evaluated["valid"] is True and evaluated["configuration"]["sections"]["main"]["opening"] == "tilt"
    assert watch.page_errors == []


def test_axe_finds_nothing_with_muted_values_a_bubble_and_the_line_open(live_server: str, page: Page) -> None:
    widget = _open(page, live_server)
    for summary in widget.locator("details.off:not([hidden]) summary").all():
        summary.click()
    widget.locator("input[name=open-main][value=tilt-turn-right]").focus()
    page.keyboard.press("ArrowRight")
    expect(widget.locator("#tip-open-main-turn-left")).to_be_visible()
    results = Axe().run(page, context={"include": [["venster-configurator"]]})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert bad == [], bad


@pytest.mark.parametrize("width", [360, 1366])
def test_the_bubble_stays_inside_the_widget_on_a_phone_and_a_desktop(live_server: str, page: Page,
                                                                     width: int) -> None:
    widget = _open(page, live_server, width=width)
    for opening in OFF:
        widget.locator("label.chip", has=page.locator(f"input[name=open-main][value={opening}]")).hover()
        tip = widget.locator(f"#tip-open-main-{opening}").bounding_box()
        box = widget.bounding_box()
        assert tip is not None and box is not None
        assert box["x"] <= tip["x"] and tip["x"] + tip["width"] <= box["x"] + box["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    _shot(page, f"bubble-{width}", widget.locator("section[aria-labelledby=h-open]"))


def test_a_panel_has_no_glazing_bars_fields_and_drops_its_bars(live_server: str, page: Page, watch: Watch) -> None:
    widget = _open(page, live_server)
    rows = widget.locator("#bars-rows-main")
    rows.fill("2")
    settle(page, widget)
    assert last_evaluation(page)["configuration"]["sections"]["main"]["bars"] == {"rows": 2, "columns": 0}
    with_bars = last_evaluation(page)["price"]["total"]
    widget.locator("input[name=fill-main][value=panel]").check()
    settle(page, widget)
    expect(rows).to_be_hidden()
    expect(widget.locator("#bars-columns-main")).to_be_hidden()
    evaluated = last_evaluation(page)
    assert evaluated["configuration"]["sections"]["main"]["bars"] == {"rows": 0, "columns": 0}
    assert not any(ln["code"] == "glazing-bars" for ln in evaluated["price"]["lines"])
    assert evaluated["price"]["total"] != with_bars
    widget.locator("input[name=fill-main][value=glass]").check()
    settle(page, widget)
    expect(rows).to_be_visible()
    expect(rows).to_have_value("0")
    assert watch.page_errors == []


@pytest.mark.parametrize(("lang", "typed", "shown", "said"), [
    ("nl", "9", "4", "Aangepast naar 4 (mogelijk: 0 tot 4)."),
    ("en", "-3", "0", "Corrected to 0 (possible: 0 to 4)."),
    ("de", "7", "4", "Auf 4 korrigiert (möglich: 0 bis 4)."),
])
def test_an_out_of_range_number_of_bars_is_corrected_and_said(live_server: str, page: Page, watch: Watch,
                                                              lang: str, typed: str, shown: str, said: str) -> None:
    widget = _open(page, live_server)
    if lang != "nl":
        widget.evaluate(f"el => el.setAttribute('lang', '{lang}')")
        settle(page, widget)
    columns = widget.locator("#bars-columns-main")
    columns.fill(typed)
    expect(columns).to_have_value(shown)
    note = widget.locator("#c-bars-main")
    expect(note).to_have_text(said)
    expect(note).to_have_attribute("aria-live", "polite")
    expect(columns).to_have_attribute("aria-describedby", "c-bars-main")
    settle(page, widget)
    assert last_evaluation(page)["configuration"]["sections"]["main"]["bars"]["columns"] == int(shown)
    _shot(page, f"bars-{lang}", widget.locator("section[aria-labelledby=h-open]"))
    columns.fill("1")  # a number in range: the note goes
    expect(note).to_have_text("")
    assert watch.page_errors == []
