"""A dealer with a webhook, a mail folder and a key; helpers to make, send and answer quotes."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.outbox_worker import run_once
from server.settings import Settings
from server.storage.db import connect
from tests.conftest import SITE
from tests.dealer.conftest import Dealers
from tests.support.dealers import add_second_dealer


class Shop(Dealers):
    """The dealer API plus the outbox and the mail folder."""

    def outbox(self, event: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """(channel, event, payload) of every queued notification, oldest first."""
        import msgspec

        db = connect(self.settings.db_path)
        try:
            rows = db.execute("SELECT channel, event, payload FROM outbox ORDER BY id").fetchall()
        finally:
            db.conn.close()
        found = [(r[0], r[1], msgspec.json.decode(r[2])) for r in rows]
        return [f for f in found if event is None or f[1] == event]

    def deliver(self) -> None:
        """Send every due notification (mails land in the folder; webhooks go nowhere and are retried)."""
        db = connect(self.settings.db_path)
        try:
            for _ in range(200):
                if run_once(db, self.client.app.state.catalogs, self.settings, "test") is None:
                    break
        finally:
            db.conn.close()

    def mails(self) -> list[EmailMessage]:
        folder = self.settings.mail_dir
        assert folder is not None
        return [message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
                for p in sorted(folder.glob("*.eml"))]

    def quote(self, ref: str, **body: Any) -> dict[str, Any]:
        answer = self.send("POST", f"/requests/{ref}/quotes", json=body or None)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def sent(self, number: str) -> tuple[dict[str, Any], str]:
        answer = self.send("POST", f"/quotes/{number}/send")
        assert answer.status_code == 200, answer.text
        quote = answer.json()
        return quote, urlsplit(quote["link"]).path


@pytest.fixture
def shop_settings(tmp_path: Path, catalogs_dir: Path) -> Settings:
    toml = catalogs_dir / "demo.toml"
    toml.write_text(toml.read_text().replace('notification_emails = ["verkoop@kozijnen-demo.example"]',
                                             'notification_emails = ["verkoop@kozijnen-demo.example"]\n'
                                             'webhook_url = "http://127.0.0.1:9/hook"', 1))
    add_second_dealer(catalogs_dir)  # after the webhook: ``other`` has one too
    return Settings(db_path=tmp_path / "venster.db", catalogs_dir=catalogs_dir, site_dir=SITE, form_min_age_s=0,
                    outbox_worker=False, rate_limit=1000, key_rate_limit=10_000, mail_dir=tmp_path / "mail",
                    webhook_secrets={"demo": "s3cret"}, webhook_allow_private=True)


@pytest.fixture
def shop(shop_settings: Settings) -> Iterator[Shop]:
    with TestClient(create_app(shop_settings)) as client:
        yield Shop(client, shop_settings)
