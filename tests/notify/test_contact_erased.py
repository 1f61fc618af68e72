"""Erasing a contact tells an integrated CRM by a ``contact.erased`` webhook that carries no personal data."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
from litestar.testing import TestClient

from server.app import create_app
from server.notify.webhook import verify
from server.services.catalogs import CatalogStore
from server.services.keys import create_key
from server.services.retention import purge_all
from server.storage.db import connect
from tests.notify.conftest import Inbox, Receiver
from tests.notify.test_outbox import SECRET, _drain, _setup
from tests.web.conftest import Office

PERSONAL = ("Anna", "Jansen", "anna@example.nl", "123 4567", "Herengracht", "1016 BT", "Amsterdam", "maart")


def _erased_hooks(receiver: Receiver) -> list[tuple[dict[str, str], dict]]:
    return [(h, msgspec.json.decode(b)) for h, b in receiver.requests if h["venster-event"] == "contact.erased"]


def test_erasing_through_the_api_sends_contact_erased_with_ids_and_references_only(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int], receiver: Receiver) -> None:
    settings = _setup(tmp_path, catalogs_dir, smtp[1], receiver.url)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        first, second = office.submit(), office.submit()
        db = connect(settings.db_path)
        key = create_key(db, "demo").key
        db.conn.close()
        auth = {"Authorization": f"Bearer {key}"}
        [contact] = client.get("/api/v1/dealer/contacts", headers=auth).json()["contacts"]
        assert client.delete(f"/api/v1/dealer/contacts/{contact['id']}", headers=auth).status_code == 204
        assert client.delete(f"/api/v1/dealer/contacts/{contact['id']}", headers=auth).status_code == 204  # again
    _drain(settings)
    [(headers, hook)] = _erased_hooks(receiver)  # once, though erased twice
    assert hook["type"] == "contact.erased" and hook["dealer"] == "demo"
    assert set(hook["data"]) == {"contact_id", "references", "quotes", "erased_at"}
    assert hook["data"]["contact_id"] == contact["id"]
    assert hook["data"]["references"] == [first, second] and hook["data"]["quotes"] == []
    raw = next(b for h, b in receiver.requests if h["venster-event"] == "contact.erased")
    assert verify(SECRET, headers["venster-signature"], raw, time.time())
    assert not [word for word in PERSONAL if word.encode() in raw]


def test_retention_announces_each_contact_it_anonymises(tmp_path: Path, catalogs_dir: Path,
                                                        smtp: tuple[Inbox, int], receiver: Receiver) -> None:
    settings = _setup(tmp_path, catalogs_dir, smtp[1], receiver.url)
    with TestClient(create_app(settings)) as client:
        reference = Office(client, settings).submit()
    store = CatalogStore(settings.catalogs_dir, settings.db_path, allow_private_webhooks=True)
    store.load_all()
    db = connect(settings.db_path)
    later = datetime.now(UTC) + timedelta(days=731)  # past the demo's retention of 730 days
    assert purge_all(db, store, later) == {"demo": 1}
    db.conn.close()
    _drain(settings)
    [(_, hook)] = _erased_hooks(receiver)
    assert hook["data"]["references"] == [reference]
    raw = next(b for h, b in receiver.requests if h["venster-event"] == "contact.erased")
    assert not [word for word in PERSONAL if word.encode() in raw]


def test_no_webhook_no_event(tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int]) -> None:
    settings = _setup(tmp_path, catalogs_dir, smtp[1])
    with TestClient(create_app(settings)) as client:
        Office(client, settings).submit()
        db = connect(settings.db_path)
        key = create_key(db, "demo").key
        db.conn.close()
        auth = {"Authorization": f"Bearer {key}"}
        [contact] = client.get("/api/v1/dealer/contacts", headers=auth).json()["contacts"]
        assert client.delete(f"/api/v1/dealer/contacts/{contact['id']}", headers=auth).status_code == 204
    db = connect(settings.db_path)
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE event = 'contact.erased'").fetchone()[0] == 0
    db.conn.close()
