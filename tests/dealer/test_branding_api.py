"""``/api/v1/dealer/settings/branding``: read, PATCHed with the settings' semantics, checked, each dealer its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
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
        "accent_colour": "Expected an accent colour with a contrast of at least 4.5:1 against white, got 1.5:1",
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


@pytest.fixture
def branded(dealer_settings: Settings, catalogs_dir: Path) -> Iterator[Dealers]:
    """``demo`` with a logo URL and an accent from before the contrast rule (#4a90d9, 3.3:1) in its catalog."""
    demo = catalogs_dir / "demo.toml"
    demo.write_text(demo.read_text(encoding="utf-8").replace(
        'accent_colour = "#1f5f8b"\n', 'accent_colour = "#4a90d9"\nlogo_url = "https://cdn.example/logo.png"\n'),
        encoding="utf-8")
    with TestClient(create_app(dealer_settings)) as client:
        yield Dealers(client, dealer_settings)


def test_saving_the_sender_name_keeps_the_catalogs_logo_in_the_configurator_widget_and_hosted_page(
        branded: Dealers) -> None:
    assert branded.get("/settings/branding").json()["logo_url"] == "https://cdn.example/logo.png"
    answer = branded.send("PATCH", "/settings/branding", json={"sender_name": "Kozijnen X"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["logo_url"] == "https://cdn.example/logo.png" and answer.json()["saved"] is True
    public = branded.client.get("/api/v1/dealers/demo/configurator").json()["dealer"]
    assert public["logo_url"] == "https://cdn.example/logo.png"
    hosted = branded.client.get("/d/demo")
    assert hosted.status_code == 200 and 'src="https://cdn.example/logo.png"' in hosted.text


def test_patching_only_the_sender_name_is_not_refused_for_the_catalogs_accent(branded: Dealers) -> None:
    answer = branded.send("PATCH", "/settings/branding", json={"sender_name": "Kozijnen X"})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accent_colour"], answer.json()["sender_name"]) == ("#4a90d9", "Kozijnen X")
    # The accent itself, once changed, is checked as before.
    still = branded.send("PATCH", "/settings/branding", json={"accent_colour": "#5a9ae0"})
    assert still.status_code == 422 and [e["field"] for e in still.json()["errors"]] == ["accent_colour"]


def test_each_change_is_audited_with_its_before_and_after(dealers: Dealers) -> None:
    dealers.send("PATCH", "/settings/branding", json={"sender_name": "Kozijnen Jansen", "accent_colour": "#2B7A3D"})
    db = connect(dealers.settings.db_path)
    try:
        audit = db.execute("SELECT subject, before, after FROM audit_log WHERE action = 'branding.change' "
                           "ORDER BY id").fetchall()
    finally:
        db.conn.close()
    assert sorted(audit) == [("accent_colour", '"#1f5f8b"', '"#2b7a3d"'), ("sender_name", '""', '"Kozijnen Jansen"')]
