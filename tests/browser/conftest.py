"""Fixtures for the widget's browser tests: page watchers and the widget's usual moves.

Playwright's CSS selectors pierce open shadow roots, so ``widget.locator("#f-width_mm")``
reaches inside ``<venster-configurator>``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Locator, Page, Route, expect

# Installed before any page script: records the widget's events and CSP violations.
RECORDER = """
window.__vs = {evaluated: [], submitted: [], csp: []};
document.addEventListener('venster:evaluated', e => window.__vs.evaluated.push(e.detail));
document.addEventListener('venster:submitted', e => window.__vs.submitted.push(e.detail));
document.addEventListener('securitypolicyviolation',
    e => window.__vs.csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""

NUMBER_FORMAT = "([t, loc]) => new Intl.NumberFormat(loc, {style: 'currency', currency: 'EUR'}).format(Number(t))"


@dataclass
class Watch:
    """What a page did: errors thrown, console errors, hosts contacted, quote-request calls."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    quote_posts: list[dict] = field(default_factory=list)


@pytest.fixture
def watch(page: Page) -> Watch:
    """Record errors and every request the page makes."""
    seen = Watch()
    page.add_init_script(RECORDER)
    page.on("pageerror", lambda err: seen.page_errors.append(str(err)))
    page.on("console", lambda msg: seen.console_errors.append(msg.text) if msg.type == "error" else None)

    def on_request(request) -> None:
        seen.hosts.add(urlsplit(request.url).netloc)
        if request.method == "POST" and "/quote-requests" in request.url:
            seen.quote_posts.append({"headers": request.headers, "body": request.post_data_json})

    page.on("request", on_request)
    return seen


def one_server_per_module() -> tuple[Callable[..., str], Callable[..., Path]]:
    """Fixtures ``live_server`` and ``live_db`` shared by every test of the module that assigns them.

    ``live_server, live_db = one_server_per_module()`` at the top of a module whose tests
    change no catalog or setting (their records may pile up: a test asserts only on its own
    reference). A test that needs other settings runs its own ``running_server``.
    """

    @pytest.fixture(scope="module", name="live_server")
    def shared_server(module_live_server: tuple[str, Path]) -> str:
        return module_live_server[0]

    @pytest.fixture(scope="module", name="live_db")
    def shared_db(module_live_server: tuple[str, Path]) -> Path:
        return module_live_server[1] / "live.db"

    return shared_server, shared_db


def settle(page: Page, widget: Locator | None = None) -> None:
    """Wait until the widget has no evaluation pending (the price is current) and its drawing is in."""
    target = widget or page.locator("venster-configurator").first
    # aria-busy is what the widget tells assistive tech, so it is what a test waits on: a renamed
    # or extra class changes nothing here.
    expect(target.locator(".ph")).to_have_attribute("aria-busy", "false", timeout=10_000)
    expect(target.locator(".ph .big, .ph .noprice")).to_have_count(1, timeout=10_000)
    # The drawing is fetched right after the price arrives, in the same task that marks it busy.
    expect(target.locator(".pic")).not_to_have_attribute("aria-busy", "true", timeout=10_000)


def shown_money(page: Page, amount: str, locale: str = "nl-NL") -> str:
    """``amount`` as the widget should show it (Intl in the same browser)."""
    return str(page.evaluate(NUMBER_FORMAT, [amount, locale]))


def last_evaluation(page: Page) -> dict:
    """The detail of the latest ``venster:evaluated`` event."""
    return page.evaluate("() => window.__vs.evaluated[window.__vs.evaluated.length - 1]")


def engine_price(base: str, configuration: dict, lang: str = "nl") -> dict:
    """The price the engine gives for ``configuration``, asked directly."""
    answer = httpx.post(f"{base}/api/v1/dealers/demo/evaluate?lang={lang}", json=configuration, timeout=10)
    assert answer.status_code == 200
    return answer.json()["price"]


def assert_price_is_the_engines(page: Page, widget: Locator, base: str) -> dict:
    """The shown total equals a direct POST to evaluate for the same configuration."""
    settle(page, widget)
    detail = last_evaluation(page)
    assert detail["valid"] is True
    price = engine_price(base, detail["configuration"])
    assert price == detail["price"]
    expect(widget.locator(".ph .big")).to_contain_text(shown_money(page, price["total"]))
    expect(widget.locator(".ph .other")).to_contain_text(shown_money(page, price["subtotal"]))
    return detail


def stored_request(db_path: Path, reference: str) -> tuple[int, str]:
    """(number of items, total) of the stored quote request ``reference``."""
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "SELECT COUNT(i.id), r.total FROM quote_requests r JOIN quote_items i ON i.request_id = r.id "
            "WHERE r.reference = ? GROUP BY r.id", (reference,)).fetchone()
    assert row is not None, f"{reference} not found in {db_path}"
    return int(row[0]), str(row[1])


CONTACT = {
    "name": "Anna Jansen", "email": "anna@example.nl", "phone": "+31 20 123 4567", "street": "Herengracht",
    "house_number": "244", "postcode": "1016 bt", "city": "Amsterdam", "message": "Graag voor maart.",
}


def list_two_windows(page: Page, widget: Locator, second_width: str = "1000") -> None:
    """On a loaded page: the default window on the list, then one ``second_width`` mm wide."""
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator("#f-width_mm").fill(second_width)
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(2)


def send_contact(widget: Locator) -> str:
    """Fill the contact form with ``CONTACT``, send, and return the reference the thank-you screen shows."""
    for name, value in CONTACT.items():
        widget.locator(f"#c-{name}").fill(value)
    widget.locator('[data-k="send"]').click()
    reference = widget.locator(".ref")
    expect(reference).to_be_visible(timeout=15_000)
    ref = reference.inner_text().strip()
    assert re.fullmatch(r"DEMO-\d{4}-\d{6}", ref), ref
    return ref


@pytest.fixture
def configure_and_send(live_db: Path) -> Iterator[Callable[..., str]]:
    """The whole homeowner journey on an already loaded page; returns the quote reference.

    Two-section window, a section picked in the drawing, a colour, an unavailable option's
    suggested change, two windows in the list, the contact form, the confirmation; the request
    is then looked up in the live server's database.
    """

    def run(page: Page, base: str, widget: Locator | None = None) -> str:
        w = widget or page.locator("venster-configurator").first
        settle(page, w)
        w.locator("input[name=layout][value=two-equal]").check()
        settle(page, w)
        w.locator("#f-width_mm").fill("1800")
        w.locator("#f-height_mm").fill("1400")
        settle(page, w)
        w.locator(".pic [data-section=right]").click()
        expect(w.locator(".pic [data-section=right]")).to_have_attribute("aria-pressed", "true")
        w.locator("input[name=open-right][value=turn-right]").check()
        w.locator("input[name=opt-outside-colour][value=ral-7016]").check()
        first = assert_price_is_the_engines(page, w, base)
        assert first["configuration"]["sections"]["right"]["opening"] == "turn-right"
        assert first["configuration"]["divisions"] == {"d1": 900}

        sound = w.locator("input[name=opt-glass-type][value=sound]")
        expect(sound).to_be_disabled()
        expect(w.locator("#why-opt-glass-type")).to_contain_text("triple")
        w.locator("section[aria-labelledby=h-g4] details.off summary").click()  # the reasons are one line away
        w.locator('[data-k="chg-opt-glass-type-sound"]').click()
        settle(page, w)
        expect(sound).to_be_checked()
        expect(w.locator("input[name=opt-glazing][value=triple]")).to_be_checked()
        second = assert_price_is_the_engines(page, w, base)
        assert second["price"]["total"] != first["price"]["total"]

        w.locator('[data-k="add"]').click()
        expect(w.locator(".item")).to_have_count(1)
        w.locator("#f-width_mm").fill("1000")
        settle(page, w)
        w.locator("input[name=layout][value=single]").check()
        third = assert_price_is_the_engines(page, w, base)
        w.locator('[data-k="add"]').click()
        expect(w.locator(".item")).to_have_count(2)
        # The list total is the server's for the whole list (VAT per rate over it), not a sum of the windows'.
        listed = httpx.post(f"{base}/api/v1/dealers/demo/evaluate-list",
                            json={"items": [{"configuration": ev["configuration"]} for ev in (second, third)]},
                            timeout=10).json()
        expected = listed["totals"]["total"]
        expect(w.locator(".tot .big")).to_contain_text(shown_money(page, expected))

        ref = send_contact(w)
        assert page.evaluate("() => window.__vs.submitted") == [{"reference": ref}]
        items, total = stored_request(live_db, ref)
        assert (items, total) == (2, expected)
        return ref

    yield run


def without_inline_drawing(page: Page) -> None:
    """Answer the configurator request without its inline first drawing (``drawing_svg``), as an older
    server would: the widget then fetches that drawing from ``drawing.svg`` (the path tests that hold
    or replace drawings exercise)."""
    def strip(route: Route) -> None:
        answer = route.fetch()
        body = answer.json()
        body.pop("drawing_svg", None)
        route.fulfill(response=answer, json=body)

    page.route("**/configurator?*", strip)
