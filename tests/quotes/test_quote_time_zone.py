"""The quote's PDF is dated in the dealer's time zone (issue 15): sent at 23:30 UTC on 30 November,
an Amsterdam dealer's quote is dated 1 December and valid from that day on."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta

from server.i18n import format_date
from server.services.quotes import send_quote
from server.storage.db import connect
from tests.quotes.conftest import Shop


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (what the dealer and homeowner see)."""
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, timeout=60,
                         check=True)
    return " ".join(run.stdout.decode().split())


def _sent_at(shop: Shop, moment: datetime) -> tuple[str, dict[str, str]]:
    quote = shop.quote(shop.submit())
    db = connect(shop.settings.db_path)
    try:
        sent = send_quote(db, shop.client.app.state.catalogs.get("demo"), quote["number"], "test",
                          "http://testserver.local", now=moment.timestamp())
    finally:
        db.conn.close()
    return quote["number"], {"valid_until": str(sent.valid_until), "validity": str(sent.validity_days)}


def test_a_quote_sent_at_23_30_utc_on_30_november_is_dated_1_december_in_amsterdam(shop: Shop) -> None:
    number, sent = _sent_at(shop, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    valid_until = date(2026, 12, 1) + timedelta(days=int(sent["validity"]))
    assert sent["valid_until"] == valid_until.isoformat()
    text = _pdf_text(shop.get(f"/quotes/{number}/quote.pdf").content)
    assert "Datum 1-12-2026" in text, text
    assert f"Geldig tot {format_date(valid_until, 'nl')}" in text, text
    assert "30-11-2026" not in text


def test_a_new_york_dealer_dates_the_same_moment_30_november(shop: Shop) -> None:
    assert shop.send("PATCH", "/settings", json={"time_zone": "America/New_York"}).status_code == 200
    number, sent = _sent_at(shop, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    assert sent["valid_until"] == (date(2026, 11, 30) + timedelta(days=int(sent["validity"]))).isoformat()
    text = _pdf_text(shop.get(f"/quotes/{number}/quote.pdf").content)
    assert "Datum 30-11-2026" in text, text


def _clock_at(shop: Shop, moment: datetime) -> dict[str, int]:
    from server.services.quotes import run_quote_clock

    db = connect(shop.settings.db_path)
    try:
        return run_quote_clock(db, shop.client.app.state.catalogs, now=moment.timestamp())
    finally:
        db.conn.close()


def test_a_quote_expires_when_its_last_valid_day_ends_in_the_dealers_zone(shop: Shop) -> None:
    number, sent = _sent_at(shop, datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    last = date.fromisoformat(sent["valid_until"])
    # 22:30 UTC on the last day is 23:30 in Amsterdam: still valid; 23:30 UTC is the next day there.
    assert _clock_at(shop, datetime.combine(last, datetime.min.time(), UTC).replace(hour=22, minute=30))["expired"] == 0
    assert shop.get(f"/quotes/{number}").json()["status"] == "sent"
    assert _clock_at(shop, datetime.combine(last, datetime.min.time(), UTC).replace(hour=23, minute=30))["expired"] == 1
    assert shop.get(f"/quotes/{number}").json()["status"] == "expired"


def test_the_quote_e_mail_gives_the_validity_from_the_dealers_day(shop: Shop) -> None:
    _, sent = _sent_at(shop, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    shop.deliver()
    valid_until = date(2026, 12, 1) + timedelta(days=int(sent["validity"]))
    bodies = [part.get_content() for m in shop.mails() if (part := m.get_body(("plain",))) is not None]
    assert any(f"geldig tot {format_date(valid_until, 'nl')}." in body for body in bodies), bodies


def test_an_invoice_made_at_23_30_utc_on_30_november_is_dated_1_december(shop: Shop) -> None:
    from server.services.invoices import create_invoice

    quote = shop.quote(shop.submit())
    _, link = shop.sent(quote["number"])
    shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    db = connect(shop.settings.db_path)
    try:
        invoice = create_invoice(db, shop.client.app.state.catalogs.get("demo"), quote["number"], "test",
                                 now=datetime(2026, 11, 30, 23, 30, tzinfo=UTC).timestamp())
    finally:
        db.conn.close()
    assert invoice.issue_date == "2026-12-01"
    text = _pdf_text(shop.get(f"/invoices/{invoice.number}/invoice.pdf").content)
    assert "Datum 1-12-2026" in text, text
