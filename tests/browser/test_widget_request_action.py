"""The request is not hidden (issue 16): the sticky summary's "Offerte aanvragen" is in the first
screen on desktop and phone, asks a quote for the current window without building a list, goes to
the list's form when there is one, and puts focus on the form's first field."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from server.services.keys import create_key
from server.storage.db import connect
from tests.browser.conftest import (
    RECORDER,
    Watch,
    last_evaluation,
    list_two_windows,
    one_server_per_module,
    send_contact,
    settle,
    shown_money,
)

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # each test sends or reads its own; none changes a setting

# The focused element, looking through shadow roots: its data-k (our key) or id.
DEEP_FOCUS = """() => { let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? (a.getAttribute('data-k') || a.id || a.tagName) : null; }"""

# The request buttons a homeowner can see: rendered, not visibility:hidden, inside the viewport.
IN_VIEW = """els => els.filter(b => { const r = b.getBoundingClientRect(); const st = getComputedStyle(b);
    return r.width > 0 && r.height > 0 && st.visibility === 'visible' && r.top >= 0 && r.left >= 0
        && r.bottom <= innerHeight && r.right <= innerWidth; }).map(b => b.getAttribute('data-k'))"""


def _open(browser: Browser, base: str, width: int, height: int) -> tuple[Page, Locator]:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.add_init_script(RECORDER)  # for last_evaluation
    page.goto(base + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    return page, widget


def _dealer_request(base: str, db_path: Path, reference: str) -> dict:
    """The stored request as the dealer's API gives it."""
    db = connect(db_path)
    try:
        key = create_key(db, "demo").key
    finally:
        db.conn.close()
    answer = httpx.get(f"{base}/api/v1/dealer/requests/{reference}", timeout=10,
                       headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.parametrize(("width", "height", "lang", "label"), [
    (1366, 900, "nl", "Offerte aanvragen"), (360, 740, "nl", "Offerte aanvragen"),
    (1366, 900, "en", "Request a quote"), (360, 740, "de", "Angebot anfordern"),
])
def test_the_request_action_is_in_the_first_viewport(live_server: str, browser: Browser, width: int, height: int,
                                                     lang: str, label: str) -> None:
    page, widget = _open(browser, live_server, width, height)
    try:
        if lang != "nl":
            widget.evaluate("(el, lang) => el.setAttribute('lang', lang)", lang)
            expect(widget.locator('[data-k="request"]')).to_have_text(label)
            settle(page, widget)
        page.evaluate("() => window.scrollTo(0, 0)")
        buttons = widget.locator('[data-k="request"], [data-k="request-bar"]')
        # The bar follows an IntersectionObserver: give it its first callback.
        page.wait_for_function(f"() => ({IN_VIEW})([...document.querySelector('venster-configurator')"
                               ".shadowRoot.querySelectorAll('.req')]).length > 0", timeout=5_000)
        shown = buttons.evaluate_all(IN_VIEW)
        assert shown, f"no request action inside {width}x{height}"
        for key in shown:
            expect(widget.locator(f'[data-k="{key}"]')).to_have_text(label)
            expect(widget.locator(f'[data-k="{key}"]')).to_have_accessible_name(label)
    finally:
        page.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (360, 740)])
def test_a_quote_for_the_current_window_without_a_list(live_server: str, live_db: Path, browser: Browser,
                                                       width: int, height: int) -> None:
    page, widget = _open(browser, live_server, width, height)
    try:
        widget.locator("#f-width_mm").fill("1200")
        widget.locator("#f-height_mm").fill("1300")
        widget.locator("input[name=opt-outside-colour][value=ral-7016]").check()
        settle(page, widget)
        detail = last_evaluation(page)
        assert detail["valid"] is True, detail
        total = detail["price"]["total"]
        expect(widget.locator(".ph .big")).to_contain_text(shown_money(page, total))
        expect(widget.locator(".list")).to_be_hidden()
        expect(widget.locator(".form")).to_be_hidden()
        # The visible one of the card's button and the phone's bar.
        action = widget.locator('[data-k="request"], [data-k="request-bar"]').filter(visible=True).first
        action.click()
        expect(widget.locator(".form")).to_be_visible()
        page.wait_for_function(f"() => ({DEEP_FOCUS})() === 'c-name'", timeout=5_000)
        expect(widget.locator(".item")).to_have_count(1)
        ref = send_contact(widget)
        stored = _dealer_request(live_server, live_db, ref)
        assert len(stored["items"]) == 1
        item = stored["items"][0]
        config = item["configuration"]
        assert (config["width_mm"], config["height_mm"]) == (1200, 1300)
        assert config["options"]["outside-colour"] == "ral-7016"
        shown = detail["configuration"]
        assert {k: config.get(k) for k in shown} == shown, (config, shown)
        assert stored["total"] == total
    finally:
        page.close()


def test_with_a_list_the_action_goes_to_its_form(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    list_two_windows(page, widget)
    page.evaluate("() => window.scrollTo(0, 0)")
    widget.locator('[data-k="request"]').click()
    page.wait_for_function(f"() => ({DEEP_FOCUS})() === 'c-name'", timeout=5_000)
    # The list stays as it is: the action adds nothing to an existing list.
    expect(widget.locator(".item")).to_have_count(2)
    send_contact(widget)
    assert len(watch.quote_posts[-1]["body"]["items"]) == 2
    assert watch.page_errors == []


def test_the_action_and_the_form_with_the_keyboard(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(DEEP_FOCUS) == "request":
            break
    else:
        raise AssertionError(f"Tab never reached the request action; last focus {page.evaluate(DEEP_FOCUS)}")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({DEEP_FOCUS})() === 'c-name'", timeout=5_000)
    # Every field of the form follows by Tab, the send button last.
    seen = []
    for _ in range(30):
        seen.append(page.evaluate(DEEP_FOCUS))
        if seen[-1] == "send":
            break
        page.keyboard.press("Tab")
    assert seen[:4] == ["c-name", "c-email", "c-phone", "c-company"], seen
    assert seen[-1] == "send", seen
    assert watch.page_errors == []


def test_an_invalid_window_takes_the_action_to_its_problem(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("#f-width_mm").fill("90000")
    settle(page, widget)
    assert last_evaluation(page)["valid"] is False
    widget.locator('[data-k="request"]').click()
    page.wait_for_function(f"() => ({DEEP_FOCUS})() === 'f-width_mm'", timeout=5_000)
    expect(widget.locator(".item")).to_have_count(0)
    expect(widget.locator(".form")).to_be_hidden()


@pytest.mark.parametrize(("width", "height", "key"), [(1366, 900, "request"), (360, 740, "request-bar")])
def test_a_tall_drawing_does_not_push_the_action_out_of_view(live_server: str, browser: Browser,
                                                             width: int, height: int, key: str) -> None:
    # On a phone a larger drawing moves the price card below the fold: the sticky bar then carries
    # the action. On a desktop the card heads the steps' column beside the drawing (issue 16, the
    # drawing large), so however tall the drawing, the card's own button stays in view.
    page, widget = _open(browser, live_server, width, height)
    try:
        widget.evaluate("el => { el.shadowRoot.querySelector('.pic').style.minHeight = '900px'; }")
        page.evaluate("() => window.scrollTo(0, 0)")
        bar = widget.locator(f'[data-k="{key}"]')
        page.wait_for_function(f"() => ({IN_VIEW})([...document.querySelector('venster-configurator')"
                               f".shadowRoot.querySelectorAll('.req')]).includes('{key}')", timeout=5_000)
        bar.click()
        page.wait_for_function(f"() => ({DEEP_FOCUS})() === 'c-name'", timeout=5_000)
        expect(widget.locator(".item")).to_have_count(1)
        # Its price text is the card's again, hidden from assistive tech (the card says it once).
        assert widget.locator(".mini .mtxt").get_attribute("aria-hidden") == "true"
    finally:
        page.close()


def _serious(page: Page) -> list:
    results = Axe().run(page, context={"include": [["venster-configurator"]]})
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_with_the_phones_bar_and_after_the_action(live_server: str, browser: Browser) -> None:
    # The bar holds a button now, so it is no longer aria-hidden; its price text still is.
    page, widget = _open(browser, live_server, 360, 740)
    try:
        page.wait_for_function(f"() => ({IN_VIEW})([...document.querySelector('venster-configurator')"
                               ".shadowRoot.querySelectorAll('.req')]).includes('request-bar')", timeout=5_000)
        assert _serious(page) == []
        widget.locator('[data-k="request-bar"]').click()
        page.wait_for_function(f"() => ({DEEP_FOCUS})() === 'c-name'", timeout=5_000)
        assert _serious(page) == []
    finally:
        page.close()
