"""A seeded venster for the schema fuzzer: a real SQLite file, a dealer key and one of every record."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from server.app import create_app, prepare
from server.services.keys import create_key
from server.settings import Settings
from server.storage.db import connect
from tests.conftest import CATALOGS, SITE
from tests.intake.conftest import BODY

PUBLIC = "/api/v1/dealers/demo"
DEALER = "/api/v1/dealer"


@dataclass(frozen=True)
class World:
    """The app under test, a read-write key of dealer ``demo`` and ids of records that exist."""

    app: Litestar
    key: str
    reference: str
    quote_number: str
    draft_number: str
    invoice_number: str
    contact_id: int
    delivery_id: int


def _seed(client: TestClient, key: str) -> dict[str, object]:
    """A request, an accepted and invoiced quote, a draft quote, its contact and a delivery."""
    auth = {"Authorization": f"Bearer {key}"}
    body = copy.deepcopy(BODY)
    body["form_token"] = client.get(f"{PUBLIC}/form-token").json()["form_token"]
    made = client.post(f"{PUBLIC}/quote-requests", json=body, headers={"Idempotency-Key": "fuzz-seed"})
    assert made.status_code == 201, made.text
    ref = made.json()["reference"]
    quote = client.post(f"{DEALER}/requests/{ref}/quotes", headers=auth)
    assert quote.status_code == 201, quote.text
    number = quote.json()["number"]
    sent = client.post(f"{DEALER}/quotes/{number}/send", headers=auth)
    assert sent.status_code == 200, sent.text
    link = urlsplit(sent.json()["link"]).path
    accepted = client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"}, follow_redirects=False)
    assert accepted.status_code == 303, accepted.text
    invoice = client.post(f"{DEALER}/quotes/{number}/invoice", headers=auth)
    assert invoice.status_code == 201, invoice.text
    draft = client.post(f"{DEALER}/requests/{ref}/quotes", headers=auth)
    assert draft.status_code == 201, draft.text
    detail = client.get(f"{DEALER}/requests/{ref}", headers=auth).json()
    delivery = client.get(f"{DEALER}/deliveries", headers=auth).json()["deliveries"][0]["id"]
    return {"reference": ref, "quote_number": number, "draft_number": draft.json()["number"],
            "invoice_number": invoice.json()["number"], "contact_id": detail["contact_id"], "delivery_id": delivery}


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Seeded through one app instance, fuzzed through a fresh one on the same database file."""
    tmp = tmp_path_factory.mktemp("fuzz")
    catalogs = tmp / "catalogs"
    shutil.copytree(CATALOGS, catalogs)
    settings = Settings(db_path=tmp / "fuzz.db", catalogs_dir=catalogs, site_dir=SITE, form_min_age_s=0,
                        outbox_worker=False, rate_limit=10**6, key_rate_limit=10**9, mail_dir=tmp / "mail")
    prepare(settings)  # migrations on the empty file
    db = connect(settings.db_path)
    try:
        key = create_key(db, "demo").key
    finally:
        db.conn.close()
    with TestClient(create_app(settings)) as client:
        ids = _seed(client, key)
    yield World(app=create_app(settings), key=key, **ids)  # type: ignore[arg-type]
