"""A send never outlives its lease: SMTP has a total deadline, and the lease is renewed while a job is sent.

Otherwise a slow relay (or a slow PDF) lets the lease run out mid-send, another worker claims
the job, and the homeowner gets the same mail twice.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

import server.notify.mail as mail
import server.services.outbox_worker as worker
from server.services.catalogs import CatalogStore
from server.settings import Settings
from server.storage.db import connect
from server.storage.outbox import claim_next
from tests.notify.conftest import Inbox, free_port
from tests.notify.test_outbox import _setup, _submit
from tests.support.drip import Drip


@pytest.fixture
def relay() -> Iterator[Drip]:
    """An SMTP relay that greets one byte every 0.1 s (a multi-line 220), for at most 8 s, then hangs up."""
    server = Drip(b"220-relay.example slowly greeting you\r\n" * 1000, interval_s=0.1, read_first=False, limit_s=8)
    try:
        yield server
    finally:
        server.close()


def test_a_dripping_smtp_relay_is_cut_at_the_total_deadline(relay: Drip, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Every read gets a byte well within the 20 s per-step timeout; only the total deadline ends it.
    monkeypatch.setattr(mail, "SMTP_DEADLINE_S", 1.0, raising=False)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.nl", "b@example.nl", "x"
    message.set_content("x")
    settings = Settings(db_path=tmp_path / "m.db", smtp_host="127.0.0.1", smtp_port=relay.port)
    assert mail.deliver_mail(message, settings) == (False, "no complete SMTP exchange within 1 s")


def test_the_smtp_deadline_is_well_within_the_lease() -> None:
    # The longest send of one job: an SMTP exchange, or a webhook; the lease is renewed besides.
    from server.notify.webhook import TIMEOUT_S

    assert max(mail.SMTP_DEADLINE_S, TIMEOUT_S) * 2 <= worker.LEASE_S


class SlowInbox(Inbox):
    """Takes the message, then answers only when released (a relay busy scanning attachments)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_data = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's API
        self.in_data.set()
        await asyncio.to_thread(self.release.wait, 20)
        return await super().handle_DATA(server, session, envelope)


def test_a_job_sent_longer_than_its_lease_is_not_claimed_by_another_worker(
        tmp_path: Path, catalogs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "LEASE_S", 1.0)  # renewed every 0.25 s while the send lasts
    inbox, port = SlowInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = _setup(tmp_path, catalogs_dir, port)
        _submit(settings)
        store = CatalogStore(settings.catalogs_dir, allow_private_webhooks=True)
        store.load_all()
        db, other = connect(settings.db_path), connect(settings.db_path)
        job = claim_next(db, "w1", time.time(), worker.LEASE_S)
        assert job is not None
        sending = threading.Thread(target=worker.perform, args=(db, store, settings, "w1", job))
        sending.start()
        try:
            assert inbox.in_data.wait(10)
            time.sleep(3 * worker.LEASE_S)  # three leases pass while the relay holds the message
            taken = []
            while (claimed := claim_next(other, "w2", time.time(), 60)) is not None:
                taken.append(claimed.id)
            assert job.id not in taken  # still w1's: renewed, not expired
        finally:
            inbox.release.set()
            sending.join(30)
        status = db.execute("SELECT status, attempts FROM outbox WHERE id = ?", [job.id]).fetchone()
        assert status == ("sent", 1)
        assert len(inbox.messages) == 1  # once, not twice
        db.conn.close()
        other.conn.close()
    finally:
        controller.stop()
