"""Nothing the homeowner did is lost (issue 16): clicks on a slow network, the quantity of the next
window, unsaved edits when sending, the list across a reload, the price during an outage."""

from __future__ import annotations

import base64
import json
import random
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    CONTACT,
    Watch,
    assert_price_is_the_engines,
    one_server_per_module,
    settle,
    shown_money,
    stored_request,
)

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()

BAD_LINK = "Deze link kon niet worden geopend"


def _slow(page: Page, latency_ms: int) -> None:
    """Every request of the page takes ``latency_ms`` longer (Chromium's own network emulation)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                  "downloadThroughput": -1, "uploadThroughput": -1})


def _fill_contact(widget: Locator) -> None:
    for name, value in CONTACT.items():
        widget.locator(f"#c-{name}").fill(value)


def _link(value: object) -> str:
    """A fragment value as the widget writes it: base64url of JSON, no padding."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _list_total(base: str, configurations: list[dict]) -> str:
    listed = httpx.post(f"{base}/api/v1/dealers/demo/evaluate-list",
                        json={"items": [{"configuration": c} for c in configurations]}, timeout=10).json()
    return str(listed["totals"]["total"])


def _posted_items(watch: Watch) -> list[dict]:
    return [it["configuration"] for it in watch.quote_posts[-1]["body"]["items"]]


# --- 1. newer choices always win --------------------------------------------------------------

@pytest.mark.parametrize("seed", [3, 16, 41])
def test_on_a_slow_network_the_last_click_wins(live_server: str, page: Page, watch: Watch, seed: int) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    _slow(page, 400)
    doc = httpx.get(f"{live_server}/api/v1/dealers/demo/configurator", timeout=10).json()
    # Each group is clicked once, so every lost click shows in the end state.
    groups = {g["id"]: [v["id"] for v in g["values"]] for g in doc["products"][0]["options"]
              if g["id"] not in ("glazing", "glass-type") and len(g["values"]) > 1}
    rnd = random.Random(seed)
    order = sorted(groups)
    rnd.shuffle(order)
    chosen: dict[str, str] = {}
    for gid in order:
        current = widget.locator(f"input[name=opt-{gid}]:checked").get_attribute("value")
        options = [v for v in groups[gid] if v != current
                   and widget.locator(f"input[name=opt-{gid}][value={v}]").is_enabled()]
        if not options:
            continue
        vid = rnd.choice(options)
        widget.locator(f"input[name=opt-{gid}][value={vid}]").click()
        chosen[gid] = vid
        # Random timing: a click takes about 60 ms, the request leaves after the debounce (about
        # 200 ms) and its answer comes about 400 ms later: some next clicks land during the debounce,
        # some while the answer is in flight, some just before it arrives.
        page.wait_for_timeout(rnd.choice([0, 100, 250, 400, 430, 460, 490, 520, 700]))
    assert len(chosen) >= 5
    settle(page, widget)
    page.wait_for_timeout(1200)  # any older answer still under way has landed by now
    settle(page, widget)
    detail = page.evaluate("() => window.__vs.evaluated.at(-1)")
    assert {gid: detail["configuration"]["options"][gid] for gid in chosen} == chosen
    for gid, vid in chosen.items():
        expect(widget.locator(f"input[name=opt-{gid}][value={vid}]")).to_be_checked()
    assert watch.page_errors == []


# --- 2. each new window starts at quantity 1 --------------------------------------------------

def test_the_next_window_and_another_product_start_at_quantity_one(live_server: str, page: Page,
                                                                     watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator("#f-qty").fill("3")
    settle(page, widget)
    expect(widget.locator(".ph-lab")).to_contain_text("3 ramen")
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    expect(widget.locator("#q-0")).to_have_value("3")  # the listed window keeps its 3
    expect(widget.locator("#f-qty")).to_have_value("1")
    settle(page, widget)
    expect(widget.locator(".ph-lab")).not_to_contain_text("3 ramen")
    assert page.evaluate("() => window.__vs.evaluated.at(-1).configuration.quantity") == 1
    assert_price_is_the_engines(page, widget, live_server)

    widget.locator("#f-qty").fill("2")
    settle(page, widget)
    widget.locator("input[name=product][value=alu-sliding-door]").check()
    settle(page, widget)
    expect(widget.locator("#f-qty")).to_have_value("1")
    assert page.evaluate("() => window.__vs.evaluated.at(-1).configuration.quantity") == 1
    assert watch.page_errors == []


# --- 3. the request holds what the homeowner sees, or the widget asks first -------------------

def test_a_window_never_added_is_asked_about_and_then_sent(live_server: str, live_db: Path, page: Page,
                                                           watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator("#f-width_mm").fill("900")
    widget.locator("input[name=opt-outside-colour][value=cream]").check()
    settle(page, widget)
    _fill_contact(widget)
    widget.locator('[data-k="send"]').click()
    expect(widget.locator(".form [role=alert]")).to_contain_text("nog niet op uw lijst")
    assert watch.quote_posts == []  # nothing went out without asking
    widget.locator('[data-k="ask-add"]').click()
    expect(widget.locator(".ref")).to_be_visible(timeout=15_000)
    sent = _posted_items(watch)
    assert len(sent) == 2
    assert sent[1]["width_mm"] == 900 and sent[1]["options"]["outside-colour"] == "cream"
    items, _ = stored_request(live_db, widget.locator(".ref").inner_text().strip())
    assert items == 2
    assert watch.page_errors == []


def test_an_unsaved_edit_is_asked_about_and_can_be_left_out(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator('[data-k="ed-0"]').click()
    settle(page, widget)
    widget.locator("input[name=opt-outside-colour][value=cream]").check()
    settle(page, widget)
    _fill_contact(widget)
    widget.locator('[data-k="send"]').click()
    expect(widget.locator(".form [role=alert]")).to_contain_text("wijzigingen aan raam 1")
    expect(widget.locator('[data-k="ask-add"]')).to_have_text("Bewaar en verstuur")
    assert watch.quote_posts == []
    widget.locator('[data-k="ask-skip"]').click()  # the homeowner chooses the list as it is
    expect(widget.locator(".ref")).to_be_visible(timeout=15_000)
    sent = _posted_items(watch)
    assert len(sent) == 1 and sent[0]["options"]["outside-colour"] != "cream"
    assert watch.page_errors == []


def test_an_unsaved_edit_saved_from_the_question_is_what_is_sent(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    widget.locator('[data-k="ed-0"]').click()
    settle(page, widget)
    widget.locator("input[name=opt-outside-colour][value=cream]").check()
    settle(page, widget)
    _fill_contact(widget)
    widget.locator('[data-k="send"]').click()
    widget.locator('[data-k="ask-add"]').click()
    expect(widget.locator(".ref")).to_be_visible(timeout=15_000)
    sent = _posted_items(watch)
    assert len(sent) == 1 and sent[0]["options"]["outside-colour"] == "cream"


# --- 4. the list survives a reload, in the fragment -------------------------------------------

def test_a_reload_and_a_shared_link_restore_every_window(live_server: str, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/#/offerte/ramen")  # a host page that routes by hash
    widget = page.locator("venster-configurator")
    settle(page, widget)
    entries = page.evaluate("() => history.length")
    widget.locator("#f-width_mm").fill("800")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator("#n-0").fill("Keuken")
    widget.locator("#q-0").fill("2")
    widget.locator("#f-width_mm").fill("1250")
    widget.locator("input[name=opt-outside-colour][value=cream]").check()
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(2)
    widget.locator("#f-width_mm").fill("1100")  # the window being configured is kept too
    settle(page, widget)
    page.wait_for_function("() => location.hash.includes('venster-demo=')")
    page.wait_for_timeout(400)
    assert page.evaluate("() => history.length") == entries  # replaceState: no entry per click
    fragment = page.evaluate("() => location.hash")
    assert fragment.startswith("#/offerte/ramen&venster-demo="), fragment  # the host's part stays first
    assert "Anna" not in fragment and page.context.cookies() == []
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0

    for target in (page, page.context.new_page()):
        if target is page:
            page.reload()
        else:
            target.goto(page.url)  # the same link, shared
        again = target.locator("venster-configurator")
        settle(target, again)
        expect(again.locator(".item")).to_have_count(2)
        expect(again.locator("#n-0")).to_have_value("Keuken")
        expect(again.locator("#q-0")).to_have_value("2")
        expect(again.locator(".item").nth(1)).to_contain_text("Crème")
        expect(again.locator("#f-width_mm")).to_have_value("1100")
        expected = _list_total(live_server, [
            {"product": "pvc-window", "width_mm": 800, "quantity": 2},
            {"product": "pvc-window", "width_mm": 1250, "options": {"outside-colour": "cream"}}])
        expect(again.locator(".tot .big")).to_contain_text(shown_money(target, expected))
        assert target.evaluate("() => location.hash").startswith("#/offerte/ramen&venster-demo=")
    assert watch.page_errors == []


@pytest.mark.parametrize("fragment", [
    _link({"product": "Bel 0900-OPLICHTER nu"}),
    _link({"v": 1, "items": [{"c": {"product": "pvc-window",
                                    "options": {"outside-colour": "Gratis op evil.example"}}}]}),
    "A" * 40_000,  # too large
])
def test_a_link_that_cannot_be_opened_says_so_and_echoes_nothing(live_server: str, page: Page, watch: Watch,
                                                                 fragment: str) -> None:
    page.goto(f"{live_server}/#venster-demo={fragment}")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    expect(widget.locator('[data-k="bad-link"]')).to_have_text(BAD_LINK)
    expect(widget.locator("#f-width_mm")).to_have_value("1200")  # the defaults
    expect(widget.locator(".item")).to_have_count(0)
    text = widget.evaluate("el => el.shadowRoot.textContent")
    assert "OPLICHTER" not in text and "evil.example" not in text
    assert watch.page_errors == []


# --- 5. an outage: out of date, not addable, the list priced again -----------------------------

def test_during_an_outage_the_price_is_out_of_date_and_the_list_is_priced_again(
        live_server: str, live_db: Path, page: Page, watch: Watch) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    expect(widget.locator(".tot .big")).to_be_visible()

    page.route("**/evaluate*", lambda route: route.abort())
    widget.locator("input[name=opt-outside-colour][value=cream]").check()
    expect(widget.locator('[data-k="retry-eval"]')).to_be_visible()
    expect(widget.locator(".sum")).to_have_class(re_word("stale"))
    expect(widget.locator(".ph")).to_have_attribute("data-stale", "")
    expect(widget.locator(".pic")).to_have_class(re_word("stale"))
    # The other view of that old drawing is just as old: still marked.
    other = "inside" if widget.locator('[data-k="view:outside"]').is_checked() else "outside"
    widget.locator(f'[data-k="view:{other}"]').check()
    expect(widget.locator(".pic svg")).to_have_attribute("data-view", other)
    expect(widget.locator(".pic")).to_have_class(re_word("stale"))
    expect(widget.locator('[data-k="add"]')).to_be_disabled()
    widget.locator("#q-0").fill("4")  # changed in the list during the outage
    expect(widget.locator(".tot .big")).to_have_count(0)  # no total rather than an old one
    expect(widget.locator('[data-k="list-upd"]')).to_be_visible()

    page.unroute("**/evaluate*")
    expected = _list_total(live_server, [{"product": "pvc-window", "quantity": 4}])
    expect(widget.locator(".tot .big")).to_contain_text(shown_money(page, expected), timeout=15_000)
    widget.locator('[data-k="retry-eval"]').click()
    settle(page, widget)
    expect(widget.locator(".sum")).not_to_have_class(re_word("stale"))
    expect(widget.locator('[data-k="add"]')).to_be_enabled()

    # The window being configured (cream) is not on the list: send the list as it is.
    _fill_contact(widget)
    widget.locator('[data-k="send"]').click()
    widget.locator('[data-k="ask-skip"]').click()
    expect(widget.locator(".ref")).to_be_visible(timeout=15_000)
    _, total = stored_request(live_db, widget.locator(".ref").inner_text().strip())
    assert total == expected  # the total shown is the total sent
    assert watch.page_errors == []


def re_word(word: str) -> re.Pattern[str]:
    """A class attribute containing ``word`` as a whole word."""
    return re.compile(rf"(^|\s){word}(\s|$)")
