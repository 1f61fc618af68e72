"""The list and the done screen (issue 16, Smaller): after sending, the thank-you screen shows what was
sent (each window, its quantity and line price, the total as stored) and where the confirmation
went; a listed window's quantity out of range is corrected visibly, never silently."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import CONTACT, list_two_windows, one_server_per_module, settle, shown_money

pytestmark = pytest.mark.browser
live_server, live_db = one_server_per_module()  # each test reads only its own reference

SHOTS = "/work/shots"
LOCALES = {"nl": "nl-NL", "en": "en-GB", "de": "de-DE"}
SENT_TO = {"nl": "We hebben een bevestiging gestuurd naar {email}.", "en": "We sent a confirmation to {email}.",
           "de": "Wir haben eine Bestätigung an {email} gesendet."}
QTY = {"nl": "Aantal", "en": "Quantity", "de": "Anzahl"}
# Characters an address may hold that markup would not take as they are.
EMAIL = "anna.o'brien+ramen&co@example.nl"


def _stored(db_path: Path, reference: str) -> tuple[str, list[tuple[str, int]]]:
    """The stored request's total and, per item in order, its total and quantity."""
    with sqlite3.connect(db_path) as conn:
        total, request_id = conn.execute("SELECT total, id FROM quote_requests WHERE reference = ?",
                                         (reference,)).fetchone()
        items = conn.execute("SELECT total, json_extract(configuration, '$.quantity') FROM quote_items "
                             "WHERE request_id = ? ORDER BY position", (request_id,)).fetchall()
    return str(total), [(str(t), int(q)) for t, q in items]


def _send(widget: Locator, email: str) -> str:
    for name, value in {**CONTACT, "email": email}.items():
        widget.locator(f"#c-{name}").fill(value)
    widget.locator("#c-country").select_option("NL")  # a German form starts in Germany: the postcode is Dutch
    widget.locator('[data-k="send"]').click()
    reference = widget.locator(".ref")
    expect(reference).to_be_visible(timeout=15_000)
    return reference.inner_text().strip()


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_the_done_screen_summarises_what_was_sent(live_server: str, live_db: Path, page: Page, lang: str) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    if lang != "nl":
        widget.evaluate("(el, lang) => el.setAttribute('lang', lang)", lang)
        expect(widget.locator(".vs")).to_have_attribute("lang", lang)
        settle(page, widget)
    widget.locator("input[name=opt-outside-colour][value=ral-7016]").check()
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(1)
    widget.locator("#f-width_mm").fill("1000")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    expect(widget.locator(".item")).to_have_count(2)
    widget.locator("#q-1").fill("3")
    expect(widget.locator(".tot .upd")).to_have_count(0)
    ref = _send(widget, f"  {EMAIL} ")
    total, items = _stored(live_db, ref)
    assert [q for _, q in items] == [1, 3]
    done = widget.locator(".done")
    expect(done.locator(".ref")).to_have_text(ref)
    # The address as typed (trimmed, as sent), as text: no markup made of it.
    sent_to = done.locator(".sent-to")
    expect(sent_to).to_have_text(SENT_TO[lang].format(email=EMAIL))
    assert sent_to.evaluate("el => el.children.length") == 0
    rows = done.locator(".sent .item")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("1200 mm × 1200 mm")
    expect(rows.nth(0)).to_contain_text("RAL 7016")
    expect(rows.nth(1)).to_contain_text("1000 mm × 1200 mm")
    for i, (line_total, quantity) in enumerate(items):
        expect(rows.nth(i).locator(".itemrow > span")).to_have_text(f"{QTY[lang]}: {quantity}")
        expect(rows.nth(i).locator(".amt b")).to_have_text(shown_money(page, line_total, LOCALES[lang]))
    # The total to the cent as the request was stored (the demo dealer shows prices incl. VAT).
    expect(done.locator(".sent .tot .big")).to_contain_text(shown_money(page, total, LOCALES[lang]))
    page.screenshot(path=f"{SHOTS}/s17-L-done-{lang}.png", full_page=True)
    if lang == "nl":
        results = Axe().run(page, context={"include": [["venster-configurator"]]})
        bad = [(v["id"], v["impact"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad


@pytest.mark.parametrize(("typed", "corrected"), [("0", 1), ("-1", 1), ("1000", 999), ("2.5", 3)])
def test_a_listed_quantity_out_of_range_is_corrected_visibly(live_server: str, page: Page, typed: str,
                                                             corrected: int) -> None:
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    list_two_windows(page, widget)
    expect(widget.locator(".tot .upd")).to_have_count(0)
    quantity = widget.locator("#q-0")
    quantity.fill("2")  # a quantity of its own first, so 0 and -1 change it
    expect(widget.locator(".tot .upd")).to_have_count(0)
    quantity.fill(typed)
    quantity.press("Tab")  # committed: the correction shows at once
    expect(quantity).to_have_value(str(corrected))
    note = widget.locator("#qfix-0")
    expect(note).to_have_text(f"Aantal aangepast naar {corrected}. Van 1 tot 999")
    assert note.get_attribute("aria-live") == "polite"
    assert quantity.get_attribute("aria-describedby") == "qfix-0"
    # The list total follows: the server's total for the corrected list.
    configs = page.evaluate("() => document.querySelector('venster-configurator').list.map(it => it.configuration)")
    assert configs[0]["quantity"] == corrected
    answer = httpx.post(f"{live_server}/api/v1/dealers/demo/evaluate-list",
                        json={"items": [{"configuration": c} for c in configs]}, timeout=10)
    assert answer.status_code == 200, answer.text
    expect(widget.locator(".tot .big")).to_contain_text(shown_money(page, answer.json()["totals"]["total"]))
    # A good quantity typed again clears the note.
    if typed == "1000":
        page.screenshot(path=f"{SHOTS}/s17-L-list-quantity.png", clip=widget.locator(".list").bounding_box())
    quantity.fill("4")
    expect(note).to_have_text("")


def test_the_reference_stays_on_one_line_on_a_phone(live_server: str, page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    widget.locator('[data-k="add"]').click()
    reference = _send(widget, "anna@example.nl")
    box = widget.locator(".ref").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return {lines: new Set([...r.getClientRects()].map(x => Math.round(x.top))).size,"
        " fits: el.scrollWidth <= el.clientWidth, right: el.getBoundingClientRect().right}; }")
    # A reference read out on the phone to the dealer: one line, whole, inside the screen.
    assert reference.startswith("DEMO-") and box["fits"] and box["right"] <= 360 and box["lines"] <= 1, box
    # A dealer with a long name has a long reference: it wraps at its hyphens, whole and on screen.
    long_box = widget.locator(".ref").evaluate(
        "el => { el.textContent = 'FENSTER-FRISCH-UND-SOEHNE-2026-000001';"
        " return {fits: el.scrollWidth <= el.clientWidth, right: el.getBoundingClientRect().right,"
        " page: document.documentElement.scrollWidth}; }")
    assert long_box["fits"] and long_box["right"] <= 360 and long_box["page"] <= 360, long_box
