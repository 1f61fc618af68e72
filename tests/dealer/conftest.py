"""Two dealers with keys and real quote requests, for the dealer API tests."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.keys import create_key, revoke_key
from server.settings import Settings
from server.storage.db import connect
from tests.conftest import SITE
from tests.intake.conftest import BODY

_keys = itertools.count(1)


class Dealers:
    """The app client, each dealer's keys, and helpers to make requests."""

    def __init__(self, client: TestClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        db = connect(settings.db_path)
        try:
            self.demo = create_key(db, "demo").key
            self.demo_ro = create_key(db, "demo", read_only=True).key
            self.other = create_key(db, "other").key
            revoked = create_key(db, "demo")
            revoke_key(db, revoked.info.prefix)
            self.revoked = revoked.key
        finally:
            db.conn.close()

    def submit(self, dealer: str = "demo", **changes: Any) -> str:
        """A real quote request through the public API; returns its reference."""
        body = copy.deepcopy(BODY)
        body["form_token"] = self.client.get(f"/api/v1/dealers/{dealer}/form-token").json()["form_token"]
        for key, value in changes.items():
            if key in body["contact"]:
                body["contact"][key] = value
            else:
                body[key] = value
        answer = self.client.post(f"/api/v1/dealers/{dealer}/quote-requests", json=body,
                                  headers={"Idempotency-Key": f"k-{next(_keys)}"})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["reference"])

    def get(self, path: str, key: str | None = None, **kw: Any):  # noqa: ANN201 - httpx.Response
        return self.client.get("/api/v1/dealer" + path, headers=self._auth(key), **kw)

    def send(self, method: str, path: str, key: str | None = None, headers: dict[str, str] | None = None,
             **kw: Any):  # noqa: ANN201 - httpx.Response
        return self.client.request(method, "/api/v1/dealer" + path, headers={**self._auth(key), **(headers or {})},
                                   **kw)

    def _auth(self, key: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.demo}"}


@pytest.fixture
def dealer_settings(tmp_path: Path, catalogs_dir: Path, second_dealer: str) -> Settings:
    """A second dealer, ``other``, beside ``demo``; no background worker; no minimum token age."""
    return Settings(db_path=tmp_path / "venster.db", catalogs_dir=catalogs_dir, site_dir=SITE, form_min_age_s=0,
                    outbox_worker=False, rate_limit=1000, key_rate_limit=1000)


@pytest.fixture
def dealers(dealer_settings: Settings) -> Iterator[Dealers]:
    with TestClient(create_app(dealer_settings)) as client:
        yield Dealers(client, dealer_settings)
