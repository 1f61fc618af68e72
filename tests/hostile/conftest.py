"""Two dealers on a real SQLite file, a mail folder, API keys and a back-office login, for hostile input."""

from __future__ import annotations

import copy
import itertools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.conftest import CATALOGS, SITE
from tests.intake.conftest import BODY
from tests.quotes.conftest import Shop
from tests.support.dealers import add_second_dealer
from tests.web.conftest import Office

__all__ = ["JSON_BODIES", "Hostile", "body_with", "hostile", "open_hostile"]

_keys = itertools.count(1)

# Every operation that reads a JSON body: (method, path template, a valid body). ``{ref}`` and ``{number}``
# are filled with a request and a draft quote of dealer demo; ``{contact}`` with its contact.
JSON_BODIES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/api/v1/dealers/demo/evaluate", BODY["items"][0]["configuration"]),
    ("POST", "/api/v1/dealers/demo/evaluate-list", {"items": [{"configuration": BODY["items"][0]["configuration"]}]}),
    ("POST", "/api/v1/dealers/demo/render.svg", BODY["items"][0]["configuration"]),
    ("POST", "/api/v1/dealers/demo/render.png", BODY["items"][0]["configuration"]),
    ("POST", "/api/v1/dealers/demo/quote-requests", BODY),
    ("PATCH", "/api/v1/dealer/requests/{ref}", {"note": "called back"}),
    ("POST", "/api/v1/dealer/contacts", {"name": "Piet", "email": "piet@example.nl"}),
    ("PUT", "/api/v1/dealer/contacts/{contact}", {"name": "Anna J", "email": "anna@example.nl"}),
    ("PUT", "/api/v1/dealer/settings", {"retention_days": 365}),
    ("POST", "/api/v1/dealer/requests/{ref}/quotes", {"intro": "Hello"}),
    ("PUT", "/api/v1/dealer/quotes/{number}", {"intro": "Hello again"}),
]


def body_with(**changes: Any) -> dict[str, Any]:
    """The design's quote request with ``changes``: contact fields by name, ``note`` for the first item."""
    body = copy.deepcopy(BODY)
    for key, value in changes.items():
        if key in body["contact"]:
            body["contact"][key] = value
        elif key == "note":
            body["items"][0]["note"] = value
        elif key in body["privacy"]:
            body["privacy"][key] = value
        else:
            body[key] = value
    return body


class Hostile(Shop):
    """The dealer API, the outbox and mails (:class:`Shop`), the back office (``office``), raw requests."""

    def __init__(self, client: Any, settings: Any) -> None:
        super().__init__(client, settings)
        self.office = Office(client, settings)

    def fresh(self, body: dict[str, Any], dealer: str = "demo") -> dict[str, Any]:
        """``body`` with a fresh form token of ``dealer``."""
        return dict(body, form_token=self.client.get(f"/api/v1/dealers/{dealer}/form-token").json()["form_token"])

    def quote_request(self, body: dict[str, Any] | bytes, dealer: str = "demo",
                      headers: dict[str, str] | None = None) -> httpx.Response:
        """POST a quote request (a dict gets a fresh form token; bytes are sent as they are)."""
        content = json.dumps(self.fresh(body, dealer)).encode() if isinstance(body, dict) else body
        return self.client.post(f"/api/v1/dealers/{dealer}/quote-requests", content=content,
                                headers={"Content-Type": "application/json", "Idempotency-Key": f"h-{next(_keys)}",
                                         **(headers or {})})

    def ids(self) -> dict[str, str]:
        """A request, its contact and a draft quote of dealer demo."""
        ref = self.submit()
        contact = str(self.get(f"/requests/{ref}").json()["contact_id"])
        number = self.quote(ref)["number"]
        return {"ref": ref, "contact": contact, "number": number}

    def call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        """Any call; the dealer API gets demo's read-write key."""
        headers = dict(kw.pop("headers", {}) or {})
        if path.startswith("/api/v1/dealer/"):
            headers.setdefault("Authorization", f"Bearer {self.demo}")
        return self.client.request(method, path, headers=headers, **kw)


def _settings(tmp: Path) -> Settings:
    """Dealers ``demo`` (with a webhook) and ``other``; mails to a folder; no worker; generous limits."""
    catalogs = tmp / "catalogs"
    shutil.copytree(CATALOGS, catalogs)
    toml = catalogs / "demo.toml"
    toml.write_text(toml.read_text().replace('notification_emails = ["verkoop@kozijnen-demo.example"]',
                                             'notification_emails = ["verkoop@kozijnen-demo.example"]\n'
                                             'webhook_url = "http://127.0.0.1:9/hook"', 1))
    add_second_dealer(catalogs)  # after the webhook: ``other`` has one too
    return Settings(db_path=tmp / "venster.db", catalogs_dir=catalogs, site_dir=SITE, form_min_age_s=0,
                    outbox_worker=False, rate_limit=100_000, key_rate_limit=1_000_000, mail_dir=tmp / "mail",
                    webhook_secrets={"demo": "s3cret"}, webhook_allow_private=True)


def open_hostile(tmp: Path) -> Iterator[Hostile]:
    with TestClient(create_app(_settings(tmp))) as client:
        yield Hostile(client, client.app.state.settings)


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Hostile]:
    """A fresh app on a fresh database file."""
    yield from open_hostile(tmp_path)
