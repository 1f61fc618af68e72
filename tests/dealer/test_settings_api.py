"""``PUT`` replaces every dealer setting, ``PATCH`` changes only those sent; each change is audit-logged."""

from __future__ import annotations

import json

from server.storage.db import connect
from tests.dealer.conftest import Dealers


def _audit(dealers: Dealers) -> list[tuple[str, str, str]]:
    db = connect(dealers.settings.db_path)
    try:
        return [(r[0], r[1], r[2]) for r in db.execute(
            "SELECT action, subject, detail FROM audit_log WHERE dealer = 'demo' ORDER BY id").fetchall()]
    finally:
        db.conn.close()


def test_patch_with_only_the_webhook_keeps_every_other_setting(dealers: Dealers) -> None:
    before = dealers.get("/settings").json()
    assert before["allowed_origins"] and before["notification_emails"] and before["price_note"]
    answer = dealers.send("PATCH", "/settings", json={"webhook_url": "https://hooks.demo.example/venster"})
    assert answer.status_code == 200, answer.text
    after = dealers.get("/settings").json()
    assert after == {**before, "webhook_url": "https://hooks.demo.example/venster"}
    # The dealer's own site still may embed the widget (it got 403 when the origins were wiped).
    cors = dealers.client.get("/api/v1/dealers/demo/configurator", headers={"Origin": before["allowed_origins"][0]})
    assert cors.headers.get("access-control-allow-origin") == before["allowed_origins"][0]
    changes = [row for row in _audit(dealers) if row[0] == "settings.change"]
    assert changes == [("settings.change", "webhook_url",
                        json.dumps({"old": before["webhook_url"], "new": "https://hooks.demo.example/venster"},
                                   separators=(",", ":")))]


def test_put_without_every_field_is_a_422_naming_the_missing_ones(dealers: Dealers) -> None:
    before = dealers.get("/settings").json()
    answer = dealers.send("PUT", "/settings", json={"webhook_url": "https://hooks.demo.example/venster"})
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422 and "PATCH" in body["detail"]
    assert {e["field"] for e in body["errors"]} == {"allowed_origins", "privacy_notice_url", "privacy_notice_version",
                                                    "notification_emails", "price_note", "retention_days",
                                                    "time_zone"}
    assert all(e["message"] == "Required: PUT takes the whole object" for e in body["errors"])
    assert dealers.get("/settings").json() == before  # nothing of the refused PUT was kept
    assert not [row for row in _audit(dealers) if row[0] == "settings.change"]


def test_put_with_the_whole_object_replaces_and_logs_each_changed_field(dealers: Dealers) -> None:
    before = dealers.get("/settings").json()
    new = {**before, "retention_days": 365, "privacy_notice_version": "2027-01"}
    answer = dealers.send("PUT", "/settings", json=new)
    assert answer.status_code == 200 and answer.json() == new
    changes = {row[1]: json.loads(row[2]) for row in _audit(dealers) if row[0] == "settings.change"}
    assert changes == {"retention_days": {"old": 730, "new": 365},
                       "privacy_notice_version": {"old": before["privacy_notice_version"], "new": "2027-01"}}


def test_a_bad_patch_names_every_field_and_changes_nothing(dealers: Dealers) -> None:
    before = dealers.get("/settings").json()
    bad = dealers.send("PATCH", "/settings", json={"allowed_origins": ["https://x.example/path"],
                                                   "webhook_url": "javascript:alert(1)"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"allowed_origins[0]", "webhook_url"}
    bad = dealers.send("PATCH", "/settings", json={"retention_days": 5, "extra": 1})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"extra", "retention_days"}
    assert dealers.get("/settings").json() == before


def test_read_only_keys_cannot_patch(dealers: Dealers) -> None:
    answer = dealers.send("PATCH", "/settings", dealers.demo_ro, json={"retention_days": 400})
    assert answer.status_code == 403 and answer.json()["status"] == 403


def test_openapi_documents_put_and_patch(dealers: Dealers) -> None:
    doc = dealers.client.get("/schema/openapi.json").json()
    ops = doc["paths"]["/api/v1/dealer/settings"]
    put_schema = ops["put"]["requestBody"]["content"]["application/json"]["schema"]
    patch_schema = ops["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(put_schema["required"]) == set(put_schema["properties"])
    assert patch_schema["required"] == [] and "webhook_url" in patch_schema["properties"]
