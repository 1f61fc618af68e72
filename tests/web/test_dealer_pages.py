"""Deliveries with attempts and redeliver, the settings page with its preview, the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.services.catalogs import CatalogStore
from server.services.outbox_worker import run_once
from server.settings import Settings
from tests.support.html import error_texts, form_actions, parse
from tests.web.conftest import Office, settings_form, two_dealer_settings


@pytest.fixture
def web_settings(tmp_path: Path, catalogs_dir: Path) -> Settings:
    """As the package's, but webhooks may go to loopback: the delivery tests aim at 127.0.0.1."""
    return two_dealer_settings(tmp_path, catalogs_dir, webhook_allow_private=True)


def _drain(office: Office) -> int:
    store = CatalogStore(office.settings.catalogs_dir, office.settings.db_path)
    store.load_all()
    db = office.db()
    count = 0
    while run_once(db, store, office.settings, "test-worker") is not None:
        count += 1
    db.conn.close()
    return count


def test_settings_page_shows_the_snippet_the_values_and_a_live_preview(anna: Office) -> None:
    page = anna.get("/admin/settings")
    assert page.status_code == 200
    html = page.text
    snippet = parse(html).get_element_by_id("snippet")
    assert snippet.tag == "textarea" and snippet.get("readonly") is not None
    assert snippet.text_content() == ('<script src="http://testserver.local/widget.js" async></script>\n'
                                          '<venster-configurator dealer="demo" lang="nl"></venster-configurator>')
    assert '<script src="/widget.js" async></script>' in html
    assert '<venster-configurator dealer="demo" lang="nl"></venster-configurator>' in html
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    form = settings_form(anna)
    assert form["allowed_origins"] == "http://127.0.0.1:8000\nhttp://localhost:8000"
    assert form["price_note_en"] == "Indicative price until measured on site."
    assert form["retention_days"] == "730"


def test_saving_settings_wins_over_the_catalog_at_once(anna: Office) -> None:
    form = settings_form(anna)
    form.update(allowed_origins="https://www.kozijnen-demo.nl\r\n\r\nhttps://shop.kozijnen-demo.nl",
                notification_emails="verkoop@kozijnen-demo.nl\nplanning@kozijnen-demo.nl",
                webhook_url="https://hooks.kozijnen-demo.nl/venster", price_note_nl="Prijs onder voorbehoud.",
                privacy_notice_version="2026-03", retention_days="365")
    done = anna.post("/admin/settings", form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/settings?done=settings_saved"
    again = settings_form(anna)
    assert again["allowed_origins"] == "https://www.kozijnen-demo.nl\nhttps://shop.kozijnen-demo.nl"
    assert again["notification_emails"] == "verkoop@kozijnen-demo.nl\nplanning@kozijnen-demo.nl"
    assert again["retention_days"] == "365"
    doc = anna.client.get("/api/v1/dealers/demo/configurator?lang=nl").text
    assert "Prijs onder voorbehoud." in doc
    db = anna.db()
    assert db.execute("SELECT updated_by FROM dealer_settings WHERE dealer = 'demo'").fetchone()[0] == \
        "user:anna@demo.example"
    logged = db.execute("SELECT action, subject FROM audit_log").fetchall()
    assert ("settings.change", "allowed_origins") in logged and ("settings.change", "retention_days") in logged
    db.conn.close()


def test_a_form_without_some_fields_never_empties_them(anna: Office) -> None:
    before = settings_form(anna)
    # A stale or partial form (say, one only showing the webhook) must not wipe what it does not carry.
    done = anna.post("/admin/settings", {"webhook_url": "https://hooks.kozijnen-demo.nl/venster"},
                     follow_redirects=False)
    assert done.status_code == 303
    after = settings_form(anna)
    assert after == {**before, "webhook_url": "https://hooks.kozijnen-demo.nl/venster"}
    assert after["allowed_origins"] == "http://127.0.0.1:8000\nhttp://localhost:8000"
    db = anna.db()
    changed = [r[0] for r in db.execute("SELECT subject FROM audit_log WHERE action = 'settings.change'")]
    db.conn.close()
    assert changed == ["webhook_url"]


def test_bad_settings_are_all_named_and_nothing_is_saved(anna: Office) -> None:
    form = settings_form(anna)
    form.update(allowed_origins="https://ok.example\nhttps://bad.example/with/path", notification_emails="nope",
                webhook_url="ftp://x", privacy_notice_url="javascript:alert(1)", retention_days="5",
                price_note_nl="x" * 301)
    bad = anna.post("/admin/settings", form)
    assert bad.status_code == 422
    errors = error_texts(bad.text)
    assert all(errors.values()) and set(errors) == {"allowed_origins", "notification_emails", "webhook_url",
                                            "privacy_notice_url", "retention_days", "price-note-nl"}
    assert "https://bad.example/with/path" in bad.text  # what was typed stays
    db = anna.db()
    assert db.execute("SELECT COUNT(*) FROM dealer_settings").fetchone()[0] == 0
    db.conn.close()


def test_deliveries_with_every_attempt_and_redeliver(anna: Office) -> None:
    form = settings_form(anna)
    form.update(webhook_url="http://127.0.0.1:9/hook")
    anna.post("/admin/settings", form)
    ref = anna.submit()
    assert _drain(anna) == 3
    page = anna.get("/admin/deliveries")
    assert page.status_code == 200
    html = page.text
    assert html.count(f'href="/admin/requests/{ref}"') == 3
    assert "verkoop@kozijnen-demo.example" in html and "anna@example.nl" in html and "http://127.0.0.1:9/hook" in html
    assert html.count('<span class="ok">gelukt</span>') == 2 and html.count('<span class="fail">mislukt</span>') == 1
    webhook_only = anna.get("/admin/deliveries?channel=webhook").text
    (action,) = form_actions(webhook_only, "/admin/deliveries/")
    delivery = action.removeprefix("/admin/deliveries/").removesuffix("/redeliver")
    assert delivery.isdigit(), action
    done = anna.post(f"/admin/deliveries/{delivery}/redeliver", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/deliveries?done=redelivered"
    after = anna.get("/admin/deliveries?channel=webhook").text
    assert f"opnieuw van #{delivery}" in after and "in de wachtrij" in after
    assert anna.post("/admin/deliveries/999/redeliver").status_code == 404


def test_audit_log_page(anna: Office) -> None:
    ref = anna.submit()
    anna.get(f"/admin/requests/{ref}")
    anna.get("/admin/requests.csv")
    page = anna.get("/admin/audit").text
    assert "request.view" in page and "requests.export" in page and "anna@demo.example" in page
