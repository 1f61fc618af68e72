"""Formal quotes: made from a request, edited, versioned, sent, opened, answered, expired; events and mails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from server.services.quotes import run_quote_clock
from server.storage.db import connect
from tests.quotes.conftest import Shop

TWO = [{"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
                          "options": {"glazing": "triple"}}, "note": "keuken"},
       {"configuration": {"product": "pvc-window", "width_mm": 900, "height_mm": 1200, "quantity": 2}, "note": ""}]


def _lines(quote: dict) -> list[dict]:
    keep = ("kind", "description", "quantity", "unit_price", "vat_rate", "item_position")
    return [{k: line[k] for k in keep} for line in quote["lines"]]


def test_a_quote_is_prefilled_from_the_servers_prices(shop: Shop) -> None:
    ref = shop.submit(items=TWO)
    request = shop.get(f"/requests/{ref}").json()
    quote = shop.quote(ref)
    assert quote["number"] == f"Q-{datetime.now(UTC).year}-0001" and quote["version"] == 1
    assert quote["status"] == "draft" and quote["reference"] == ref
    assert [line["item_position"] for line in quote["lines"]] == [1, 2]
    assert quote["lines"][1]["quantity"] == "2"  # the window's quantity, at its unit price
    assert quote["subtotal"] == request["subtotal"]  # the same amounts the homeowner saw, excl. VAT
    assert abs(Decimal(quote["total"]) - Decimal(request["total"])) <= Decimal("0.02")  # VAT per quote, not per item
    assert quote["validity_days"] == 30 and "algemene voorwaarden" in quote["terms"]
    assert quote["seller"]["vat_number"] == "NL000099998B57" and quote["buyer"]["name"] == "Anna Jansen"
    assert [e for _, e, _ in shop.outbox() if e.startswith("quote.")] == ["quote.created"]


def test_lines_are_editable_with_installation_at_its_own_rate_and_a_discount(shop: Shop) -> None:
    ref = shop.submit(items=TWO)
    quote = shop.quote(ref)
    lines = _lines(quote) + [
        {"kind": "installation", "description": "Montage", "quantity": "3", "unit_price": "95.50", "vat_rate": "9"},
        {"kind": "discount", "description": "Korting", "quantity": "1", "unit_price": "50", "vat_rate": "21"},
        {"kind": "text", "description": "Levering in week 12", "vat_rate": "21"},
    ]
    edited = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": lines, "intro": "Beste Anna,",
                                                                  "validity_days": 14}).json()
    assert edited["version"] == 1 and edited["validity_days"] == 14  # a draft changes in place
    rates = {row["rate"]: row for row in edited["vat_breakdown"]}
    assert rates["9"] == {"rate": "9", "base": "286.50", "vat": "25.79"}  # 286.50 x 9% = 25.785, half up
    base21 = Decimal(quote["subtotal"]) - 50
    assert Decimal(rates["21"]["base"]) == base21
    assert Decimal(rates["21"]["vat"]) == (base21 * Decimal("0.21")).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert Decimal(edited["total"]) == Decimal(edited["subtotal"]) + Decimal(edited["vat"])
    assert edited["lines"][-2]["unit_price"] == "-50.00" and edited["lines"][-1]["amount"] == "0.00"
    bad = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": [
        {"kind": "item", "description": "", "quantity": "0", "unit_price": "abc", "vat_rate": "121"},
        {"kind": "other", "description": "x", "unit_price": "-5"},
        {"kind": "discount", "description": "too much", "unit_price": "999999", "item_position": 9}]})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {
        "lines[0].description", "lines[0].quantity", "lines[0].unit_price", "lines[0].vat_rate",
        "lines[1].unit_price", "lines[2].item_position"}
    negative = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": [
        {"kind": "discount", "description": "all off", "unit_price": "999999", "vat_rate": "21"}]})
    assert negative.status_code == 422 and negative.json()["errors"][0]["message"] == "The total may not be negative"


def test_a_rate_typed_with_trailing_zeros_is_the_same_rate_in_lines_and_breakdown(shop: Shop) -> None:
    quote = shop.quote(shop.submit(items=TWO))
    lines = _lines(quote) + [
        {"kind": "installation", "description": "Montage", "quantity": "2", "unit_price": "100", "vat_rate": "9.00"},
        {"kind": "other", "description": "Afvoer", "quantity": "1", "unit_price": "10", "vat_rate": "5.50"}]
    edited = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": lines}).json()
    assert [line["vat_rate"] for line in edited["lines"][-2:]] == ["9", "5.5"]
    # 2 x 100 at 9 % = 18.00 and 10 at 5.5 % = 0.55: one row per rate, named as the lines name it.
    rows = {row["rate"]: row for row in edited["vat_breakdown"]}
    assert rows["9"]["vat"] == "18.00" and rows["5.5"] == {"rate": "5.5", "base": "10.00", "vat": "0.55"}
    assert {line["vat_rate"] for line in edited["lines"]} == set(rows)


def test_send_view_accept_with_events_mails_and_request_status(shop: Shop) -> None:
    ref = shop.submit(items=TWO)
    quote = shop.quote(ref)
    sent, link = shop.sent(quote["number"])
    assert sent["status"] == "sent" and link.startswith("/q/") and len(link) > 40
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the dealer's day, not UTC's
    assert sent["valid_until"] == (today + timedelta(days=30)).isoformat()
    assert shop.get(f"/requests/{ref}").json()["status"] == "quoted"
    assert shop.get(f"/quotes/{quote['number']}").json()["link"] is None  # shown once, stored hashed
    shop.deliver()
    mail = next(m for m in shop.mails() if m["Subject"].startswith(f"Offerte {quote['number']}"))
    assert mail["To"] == "anna@example.nl"
    text = mail.get_body(("plain",)).get_content()
    assert link in text
    pdfs = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdfs and pdfs[0].get_payload(decode=True).startswith(b"%PDF")
    page = shop.client.get(link)
    assert page.status_code == 200 and quote["number"] in page.text
    assert shop.get(f"/quotes/{quote['number']}").json()["status"] == "viewed"
    shop.client.get(link)  # a second visit announces nothing new
    accepted = shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes", "lang": "nl"},
                                follow_redirects=False)
    assert accepted.status_code == 303
    final = shop.get(f"/quotes/{quote['number']}").json()
    assert final["status"] == "accepted" and final["accepted_name"] == "Anna Jansen"
    assert shop.get(f"/requests/{ref}").json()["status"] == "won"
    again = shop.client.post(link + "/decline", data={"reason": "changed my mind"})
    assert again.status_code == 409 and shop.get(f"/quotes/{quote['number']}").json()["status"] == "accepted"
    events = [e for channel, e, _ in shop.outbox() if channel == "webhook"]
    assert events == ["request.created", "quote.created", "quote.sent", "quote.viewed", "quote.accepted"]
    shop.deliver()
    answered = next(m for m in shop.mails() if m["Subject"] == f"Offerte {quote['number']} is geaccepteerd")
    assert answered["To"] == "verkoop@kozijnen-demo.example"
    assert "Anna Jansen" in answered.get_body(("plain",)).get_content()


def test_accepting_needs_a_name_and_the_box_and_declining_is_final(shop: Shop) -> None:
    ref = shop.submit()
    quote = shop.quote(ref)
    _, link = shop.sent(quote["number"])
    empty = shop.client.post(link + "/accept", data={"name": " ", "lang": "en"})
    assert empty.status_code == 422
    assert 'id="f-name" name="name"' in empty.text and 'aria-invalid="true" aria-describedby="e-name"' in empty.text
    assert "Type your full name." in empty.text and "Tick the box to accept." in empty.text
    declined = shop.client.post(link + "/decline", data={"reason": "Te duur <script>x</script>"},
                                follow_redirects=False)
    assert declined.status_code == 303
    state = shop.get(f"/quotes/{quote['number']}").json()
    assert state["status"] == "declined" and state["decline_reason"] == "Te duur <script>x</script>"
    page = shop.client.get(link)
    assert "afgewezen" in page.text and "<script>x" not in page.text and 'action="' not in page.text
    assert shop.client.post(link + "/accept", data={"name": "Anna", "agree": "yes"}).status_code == 409
    assert [e for _, e, _ in shop.outbox("quote.declined")] == ["quote.declined", "quote.declined"]  # hook + mail


def test_editing_a_sent_quote_makes_a_version_and_sending_it_retires_the_old_link(shop: Shop) -> None:
    ref = shop.submit()
    quote = shop.quote(ref)
    _, old_link = shop.sent(quote["number"])
    lines = _lines(quote) + [{"kind": "installation", "description": "Montage", "unit_price": "120",
                              "vat_rate": "9"}]
    second = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": lines}).json()
    assert second["version"] == 2 and second["status"] == "draft" and second["number"] == quote["number"]
    assert shop.get(f"/quotes/{quote['number']}?version=1").json()["status"] == "sent"
    assert shop.client.get(old_link).status_code == 200  # still readable until the new one goes out
    _, new_link = shop.sent(quote["number"])
    versions = shop.get(f"/quotes/{quote['number']}/versions").json()
    assert [(v["version"], v["status"]) for v in versions] == [(1, "superseded"), (2, "sent")]
    assert shop.client.get(old_link).status_code == 404 and shop.client.get(new_link).status_code == 200
    listed = shop.get("/quotes").json()
    assert [(q["number"], q["version"]) for q in listed["quotes"]] == [(quote["number"], 2)]
    version_one = shop.get(f"/quotes/{quote['number']}/quote.pdf?version=1")
    assert version_one.status_code == 200 and version_one.content.startswith(b"%PDF")


def test_expiry_by_the_clock(shop: Shop) -> None:
    ref = shop.submit()
    quote = shop.quote(ref)
    sent, link = shop.sent(quote["number"])
    catalogs = shop.client.app.state.catalogs
    start = datetime.now(UTC)
    db = connect(shop.settings.db_path)
    try:
        assert run_quote_clock(db, catalogs, (start + timedelta(days=20)).timestamp()) == {
            "expired": 0, "expiring_soon": 0}
        assert run_quote_clock(db, catalogs, (start + timedelta(days=27)).timestamp()) == {
            "expired": 0, "expiring_soon": 1}
        assert run_quote_clock(db, catalogs, (start + timedelta(days=28)).timestamp())["expiring_soon"] == 0  # once
        assert run_quote_clock(db, catalogs, (start + timedelta(days=30)).timestamp())["expired"] == 0  # last day
        assert run_quote_clock(db, catalogs, (start + timedelta(days=31)).timestamp()) == {
            "expired": 1, "expiring_soon": 0}
    finally:
        db.conn.close()
    assert shop.get(f"/quotes/{quote['number']}").json()["status"] == "expired"
    page = shop.client.get(link)
    assert page.status_code == 200 and "verlopen" in page.text and 'action="' not in page.text  # read, not answer
    assert shop.client.post(link + "/accept", data={"name": "Anna", "agree": "yes"}).status_code == 409
    events = [e for _, e, _ in shop.outbox() if e.startswith("quote.")]
    assert events.count("quote.expiring_soon") == 1 and events.count("quote.expired") == 1
    dealers_day = start.astimezone(ZoneInfo("Europe/Amsterdam")).date()  # valid 30 of the dealer's days
    assert sent["valid_until"] == (dealers_day + timedelta(days=30)).isoformat()


def test_a_decided_quote_cannot_be_edited_or_sent(shop: Shop) -> None:
    ref = shop.submit()
    quote = shop.quote(ref)
    _, link = shop.sent(quote["number"])
    shop.client.post(link + "/decline", data={})
    assert shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": _lines(quote)}).status_code == 409
    assert shop.send("POST", f"/quotes/{quote['number']}/send").status_code == 409


def test_webhook_envelopes_carry_the_quote(shop: Shop) -> None:
    from server.services.outbox_worker import quote_event_data
    from server.services.quotes import quote_by_id

    ref = shop.submit()
    quote = shop.quote(ref)
    sent = shop.sent(quote["number"])[0]
    sent_hook = next(p for c, e, p in shop.outbox("quote.sent") if c == "webhook")
    assert sent_hook["url"] == "http://127.0.0.1:9/hook" and "link" not in sent_hook  # the token is not queued
    db = connect(shop.settings.db_path)
    try:
        found = quote_by_id(db, "demo", sent_hook["quote_id"])
    finally:
        db.conn.close()
    assert found is not None
    data = quote_event_data(found)
    assert (data["number"], data["status"], data["reference"], data["total"]) == (
        quote["number"], "sent", ref, sent["total"])
    assert data["valid_until"] == sent["valid_until"] and len(data["lines"]) == len(sent["lines"])
    assert not {"id", "link", "seller"} & set(data)  # no row id, no link, not the dealer's own details


def test_an_answer_to_the_sent_version_retires_a_newer_draft(shop: Shop) -> None:
    ref = shop.submit()
    quote = shop.quote(ref)
    _, link = shop.sent(quote["number"])
    draft = shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": _lines(quote), "intro": "v2"}).json()
    assert draft["version"] == 2 and shop.get("/quotes").json()["total_count"] == 1  # one row per number
    assert [q["version"] for q in shop.get("/quotes").json()["quotes"]] == [2]
    shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    current = shop.get(f"/quotes/{quote['number']}").json()
    assert (current["version"], current["status"]) == (1, "accepted")
    versions = shop.get(f"/quotes/{quote['number']}/versions").json()
    assert [(v["version"], v["status"]) for v in versions] == [(1, "accepted"), (2, "superseded")]
    invoice = shop.send("POST", f"/quotes/{quote['number']}/invoice")
    assert invoice.status_code == 201 and invoice.json()["quote_version"] == 1
