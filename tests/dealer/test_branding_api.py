"""``/api/v1/dealer/settings/branding``: read, PATCHed with the settings' semantics, checked, each dealer its own."""

from __future__ import annotations

from server.storage.db import connect
from tests.dealer.conftest import Dealers


def test_get_shows_the_catalogs_branding_until_saved(dealers: Dealers) -> None:
    answer = dealers.get("/settings/branding")
    assert answer.status_code == 200
    assert answer.json() == {"accent_colour": "#1f5f8b", "sender_name": "", "logo_url": "", "logo_type": "",
                             "saved": False}


def test_patch_changes_only_what_is_sent_and_the_widget_takes_it(dealers: Dealers) -> None:
    answer = dealers.send("PATCH", "/settings/branding", json={"sender_name": "Kozijnen Jansen"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"accent_colour": "#1f5f8b", "sender_name": "Kozijnen Jansen", "logo_url": "",
                             "logo_type": "", "saved": True}
    dealers.send("PATCH", "/settings/branding", json={"accent_colour": "#2B7A3D"})
    assert dealers.get("/settings/branding").json()["sender_name"] == "Kozijnen Jansen"
    public = dealers.client.get("/api/v1/dealers/demo/configurator").json()["dealer"]
    assert public["accent_colour"] == "#2b7a3d"
    db = connect(dealers.settings.db_path)
    try:
        audit = db.execute("SELECT action, subject, actor FROM audit_log WHERE action = 'branding.change' "
                           "ORDER BY id").fetchall()
    finally:
        db.conn.close()
    assert [(a, s) for a, s, _ in audit] == [("branding.change", "sender_name"), ("branding.change", "accent_colour")]
    assert all(actor.startswith("api:") for _, _, actor in audit)


def test_every_error_at_once_with_the_measured_ratio_and_nothing_stored(dealers: Dealers) -> None:
    bad = dealers.send("PATCH", "/settings/branding", json={"accent_colour": "#ffcc00",
                                                            "sender_name": "Jansen\r\nBcc: x@example.com"})
    assert bad.status_code == 422
    assert {e["field"]: e["message"] for e in bad.json()["errors"]} == {
        "accent_colour": "Expected an accent colour with a contrast of at least 3:1 against white, got 1.5:1",
        "sender_name": "Expected a sender name without line breaks or control characters"}
    assert dealers.get("/settings/branding").json()["saved"] is False


def test_unknown_fields_and_the_logo_are_not_patched_here(dealers: Dealers) -> None:
    answer = dealers.send("PATCH", "/settings/branding", json={"logo_url": "https://evil.example/x.png"})
    assert answer.status_code == 422


def test_a_read_only_key_cannot_patch_and_each_dealer_sees_its_own(dealers: Dealers) -> None:
    refused = dealers.send("PATCH", "/settings/branding", key=dealers.demo_ro, json={"sender_name": "X"})
    assert refused.status_code == 403
    dealers.send("PATCH", "/settings/branding", json={"sender_name": "Kozijnen Jansen"})
    assert dealers.get("/settings/branding", key=dealers.other).json()["sender_name"] == ""
    assert dealers.get("/settings/branding", key=dealers.revoked).status_code == 401
