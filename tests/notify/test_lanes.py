"""One slow or dead endpoint never delays another dealer's mail: the worker's lanes, with a real worker thread."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.catalogs import CatalogStore
from server.services.outbox_worker import OutboxWorker
from server.settings import Settings
from server.storage.db import connect
from tests.intake.conftest import BODY
from tests.notify.conftest import Inbox, Receiver
from tests.notify.test_destinations import Drip, drip  # noqa: F401 - the fixture
from tests.support.dealers import add_second_dealer

_DEMO_MAIL = 'notification_emails = ["verkoop@kozijnen-demo.example"]'


def _two_dealers(tmp_path: Path, catalogs_dir: Path, smtp_port: int, demo_webhook: str) -> Settings:
    """``demo`` with a webhook to ``demo_webhook``; ``other`` with only its own notification address."""
    add_second_dealer(catalogs_dir, {_DEMO_MAIL: 'notification_emails = ["sales@other.example"]'})
    text = (catalogs_dir / "demo.toml").read_text()
    (catalogs_dir / "demo.toml").write_text(text.replace(_DEMO_MAIL, f'{_DEMO_MAIL}\nwebhook_url = "{demo_webhook}"'))
    return Settings(db_path=tmp_path / "lanes.db", catalogs_dir=catalogs_dir, form_min_age_s=0, outbox_worker=False,
                    rate_limit=1000, smtp_host="127.0.0.1", smtp_port=smtp_port, mail_from="venster@example.nl",
                    webhook_secrets={"demo": "s3cret"}, webhook_allow_private=True)  # the endpoints are on loopback


def _submit(client: TestClient, dealer: str, n: int, email: str = "anna@example.nl") -> str:
    body = copy.deepcopy(BODY)
    body["contact"]["email"] = email
    body["form_token"] = client.get(f"/api/v1/dealers/{dealer}/form-token").json()["form_token"]
    answer = client.post(f"/api/v1/dealers/{dealer}/quote-requests", json=body,
                         headers={"Idempotency-Key": f"lane-{dealer}-{n}"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["reference"])


@pytest.fixture
def worker_for() -> Iterator:
    started: list[OutboxWorker] = []

    def start(settings: Settings) -> OutboxWorker:
        store = CatalogStore(settings.catalogs_dir, settings.db_path, allow_private_webhooks=True)
        store.load_all()
        worker = OutboxWorker(settings, store, poll_s=0.1)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _wait_for(check, limit_s: float) -> bool:  # noqa: ANN001 - a predicate
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_a_dripping_webhook_does_not_delay_another_dealers_lead_mail(tmp_path: Path, catalogs_dir: Path,
                                                                    smtp: tuple[Inbox, int], drip: Drip,  # noqa: F811
                                                                    worker_for) -> None:  # noqa: ANN001
    inbox, port = smtp
    settings = _two_dealers(tmp_path, catalogs_dir, port, f"http://127.0.0.1:{drip.port}/hook")
    with TestClient(create_app(settings)) as client:
        _submit(client, "demo", 1)  # its webhook job is due before the other dealer's mail
        other_ref = _submit(client, "other", 1)
    worker_for(settings)
    assert _wait_for(lambda: drip.open == 1, 5), "the worker never called the dripping endpoint"

    def lead_mail_arrived() -> bool:
        return any(to == ["sales@other.example"] and other_ref in str(m["Subject"]) for to, m in inbox.messages)

    # A behaviour bound, not a benchmark: today's single sender would wait for the drip forever.
    assert _wait_for(lead_mail_arrived, 5), [m["Subject"] for _, m in inbox.messages]
    assert drip.open == 1  # ... and the drip was still being delivered to while the mail went out


def test_concurrent_sends_deliver_each_job_exactly_once(tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int],
                                                        receiver: Receiver, worker_for) -> None:  # noqa: ANN001
    inbox, port = smtp
    settings = _two_dealers(tmp_path, catalogs_dir, port, receiver.url)
    with TestClient(create_app(settings)) as client:
        refs = [_submit(client, dealer, n, f"client{n}@example.nl") for n in range(4) for dealer in ("demo", "other")]
    worker_for(settings)
    db = connect(settings.db_path)
    try:
        assert _wait_for(lambda: db.execute("SELECT COUNT(*) FROM outbox WHERE status != 'sent'").fetchone()[0] == 0,
                         20)
        attempts = db.execute("SELECT outbox_id, COUNT(*) FROM delivery_attempts GROUP BY outbox_id").fetchall()
    finally:
        db.conn.close()
    assert len(attempts) == 4 * 3 + 4 * 2 and all(n == 1 for _, n in attempts)  # 20 jobs, one attempt each
    delivered = [headers["venster-delivery"] for headers, _ in receiver.requests]
    assert len(delivered) == 4 and len(set(delivered)) == 4  # demo's four webhooks, none twice
    assert len(inbox.messages) == 16 and len(refs) == 8
