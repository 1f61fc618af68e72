"""Notifications: e-mails to a real SMTP server, signed webhooks to a real HTTP receiver."""

from __future__ import annotations

import io
import time
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient
from PIL import Image

from server.app import create_app
from server.i18n import format_money
from server.notify.webhook import verify
from server.services.catalogs import CatalogStore
from server.services.outbox_worker import LEASE_S, run_once, send_job
from server.settings import Settings
from server.storage.db import connect
from server.storage.outbox import claim_next
from tests.intake.conftest import URL, fresh_body
from tests.notify.conftest import Inbox, Receiver

SECRET = "whsec-test"


def _setup(tmp_path: Path, catalogs_dir: Path, smtp_port: int, webhook_url: str = "") -> Settings:
    catalog = catalogs_dir / "demo.toml"
    text = catalog.read_text()
    if webhook_url:
        text = text.replace('notification_emails = ["verkoop@kozijnen-demo.example"]',
                            f'notification_emails = ["verkoop@kozijnen-demo.example"]\nwebhook_url = "{webhook_url}"')
    catalog.write_text(text)
    return Settings(db_path=tmp_path / "n.db", catalogs_dir=catalogs_dir, form_min_age_s=0, outbox_worker=False,
                    smtp_host="127.0.0.1", smtp_port=smtp_port, mail_from="offertes@kozijnen-demo.example",
                    webhook_secrets={"demo": SECRET}, webhook_allow_private=True)  # the receiver is on loopback


def _submit(settings: Settings, **contact: str) -> dict:
    with TestClient(create_app(settings)) as client:
        body = fresh_body(client, lang="de")
        body["contact"].update(contact)
        answer = client.post(URL, json=body, headers={"Idempotency-Key": "n1"})
        assert answer.status_code == 201, answer.text
        return answer.json()


def _drain(settings: Settings, owner: str = "w1", now: float | None = None) -> int:
    store = CatalogStore(settings.catalogs_dir, allow_private_webhooks=True)
    store.load_all()
    db = connect(settings.db_path)
    count = 0
    while run_once(db, store, settings, owner, now) is not None:
        count += 1
    db.conn.close()
    return count


def test_dealer_and_homeowner_mails_arrive_with_drawings(tmp_path: Path, catalogs_dir: Path,
                                                         smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = _setup(tmp_path, catalogs_dir, port)
    out = _submit(settings, name='Anna <script>alert(1)</script> & Co')
    assert _drain(settings) == 2
    assert len(inbox.messages) == 2
    (dealer_to, dealer_mail), (home_to, home_mail) = inbox.messages
    assert dealer_to == ["verkoop@kozijnen-demo.example"] and home_to == ["anna@example.nl"]
    subject = f"Nieuwe offerteaanvraag {out['reference']} van Anna <script>alert(1)</script> & Co"
    assert dealer_mail["Subject"] == subject
    html = next(p for p in dealer_mail.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html and "<script>" not in html
    assert format_money(out["totals"]["total"], "nl") in html  # the stored total, in Dutch notation
    link = f'href="http://127.0.0.1:8000/admin/requests/{out["reference"]}"'
    assert link in html and "Open de aanvraag in de backoffice" in html
    assert format_money("1171.06", "nl") == "€\xa01.171,06" and format_money("-5", "en") == "-€5.00"
    pngs = [p for p in dealer_mail.walk() if p.get_content_type() == "image/png"]
    assert [p.get_filename() for p in pngs] == [f"{out['reference']}-1.png"]
    image = Image.open(io.BytesIO(pngs[0].get_payload(decode=True)))
    assert image.size[0] == 1000
    # The homeowner's confirmation is in their language (the request was sent in German).
    assert home_mail["Subject"] == f"Ihre Angebotsanfrage {out['reference']} bei Kozijnen Demo"
    text = next(p for p in home_mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Vielen Dank für Ihre Anfrage" in text and "Gesamt (inkl. MwSt.)" in text
    assert "/admin/" not in text  # the homeowner gets no back-office link


def test_webhook_is_signed_and_verifiable(tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int],
                                          receiver: Receiver) -> None:
    settings = _setup(tmp_path, catalogs_dir, smtp[1], receiver.url)
    out = _submit(settings)
    assert _drain(settings) == 3
    [(headers, body)] = receiver.requests
    assert verify(SECRET, headers["venster-signature"], body, time.time())
    assert not verify("wrong", headers["venster-signature"], body, time.time())
    assert headers["venster-event"] == "request.created"
    assert len(headers["venster-delivery"]) == 36
    envelope = msgspec.json.decode(body)
    assert envelope["version"] == 1 and envelope["type"] == "request.created" and envelope["dealer"] == "demo"
    assert envelope["data"]["reference"] == out["reference"]
    assert envelope["data"]["total"] == out["totals"]["total"]
    assert envelope["data"]["items"][0]["price"] == out["items"][0]["price"]


def test_failed_webhook_is_retried_with_backoff_then_marked_failed(tmp_path: Path, catalogs_dir: Path,
                                                                    smtp: tuple[Inbox, int],
                                                                    receiver: Receiver) -> None:
    receiver.status = 500
    settings = _setup(tmp_path, catalogs_dir, smtp[1], receiver.url)
    _submit(settings)
    now = time.time()
    _drain(settings, now=now)
    db = connect(settings.db_path)
    status, attempts, due = db.execute("SELECT status, attempts, next_attempt_at FROM outbox "
                                       "WHERE channel = 'webhook'").fetchone()
    assert (status, attempts) == ("pending", 1) and 55 <= due - now <= 65
    for wait in (61, 61 + 301, 61 + 301 + 901):
        _drain(settings, now=now + wait)
    status, attempts = db.execute("SELECT status, attempts FROM outbox WHERE channel = 'webhook'").fetchone()
    assert (status, attempts) == ("failed", 4)
    details = db.execute("SELECT attempt, ok, detail FROM delivery_attempts JOIN outbox ON outbox.id = outbox_id "
                         "WHERE channel = 'webhook' ORDER BY attempt").fetchall()
    assert details == [(1, 0, "HTTP 500"), (2, 0, "HTTP 500"), (3, 0, "HTTP 500"), (4, 0, "HTTP 500")]
    assert len(receiver.requests) == 4
    db.conn.close()


def test_a_worker_killed_between_send_and_mark_sent_sends_again(tmp_path: Path, catalogs_dir: Path,
                                                               smtp: tuple[Inbox, int], receiver: Receiver) -> None:
    settings = _setup(tmp_path, catalogs_dir, smtp[1], receiver.url)
    _submit(settings)
    store = CatalogStore(settings.catalogs_dir, allow_private_webhooks=True)
    store.load_all()
    db = connect(settings.db_path)
    db.conn.execute("UPDATE outbox SET status = 'sent' WHERE channel = 'email'")  # only the webhook matters here
    now = time.time()
    job = claim_next(db, "doomed-worker", now, LEASE_S)
    assert job is not None and job.channel == "webhook"
    assert send_job(job, db, store, settings, now)[0]  # delivered ... and the worker dies before finish()
    assert claim_next(db, "other-worker", now + 1, LEASE_S) is None  # the lease still holds
    assert run_once(db, store, settings, "other-worker", now + LEASE_S + 1) is not None
    assert db.execute("SELECT status FROM outbox WHERE channel = 'webhook'").fetchone() == ("sent",)
    first, second = receiver.requests
    assert first[0]["venster-delivery"] == second[0]["venster-delivery"]
    assert msgspec.json.decode(first[1])["id"] == msgspec.json.decode(second[1])["id"]  # dedupe on the event id
    db.conn.close()


def test_mail_to_a_folder_without_smtp(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = msgspec.structs.replace(_setup(tmp_path, catalogs_dir, 1), smtp_host="", mail_dir=tmp_path / "mail")
    _submit(settings)
    assert _drain(settings) == 2
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2 and b"Content-Type: image/png" in files[0].read_bytes() + files[1].read_bytes()


def test_smtp_down_is_retried_not_lost(tmp_path: Path, catalogs_dir: Path) -> None:
    from tests.notify.conftest import free_port

    settings = _setup(tmp_path, catalogs_dir, free_port())  # nothing listens there
    _submit(settings)
    _drain(settings)
    db = connect(settings.db_path)
    rows = db.execute("SELECT status, attempts, last_error FROM outbox").fetchall()
    assert all(r[0] == "pending" and r[1] == 1 and "Connection" in r[2] for r in rows), rows
    db.conn.close()


@pytest.mark.parametrize("workers", [4])
def test_workers_never_claim_the_same_job(tmp_path: Path, catalogs_dir: Path, workers: int) -> None:
    import threading

    settings = _setup(tmp_path, catalogs_dir, 1)
    _submit(settings)
    claimed: list[int] = []
    now = time.time()

    def claim(i: int) -> None:
        db = connect(settings.db_path)
        job = claim_next(db, f"w{i}", now, LEASE_S)
        if job:
            claimed.append(job.id)
        db.conn.close()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 2


def test_a_dead_processs_leases_are_freed_at_start_up(tmp_path: Path) -> None:
    import os
    import time

    from server.storage.db import connect, migrate, write_transaction
    from server.storage.outbox import claim_next, enqueue, release_dead_leases

    db = connect(tmp_path / "leases.db")
    migrate(db)
    now = time.time()
    with write_transaction(db):
        dead = enqueue(db, "demo", "email", "request.created", "e1", {"to": ["a@example.nl"]}, now)
        alive = enqueue(db, "demo", "email", "request.created", "e2", {"to": ["b@example.nl"]}, now)
        db.conn.execute("UPDATE outbox SET lease_owner = '999999999-gone', lease_until = ? WHERE id = ?",
                        (now + 120, dead))
        db.conn.execute("UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?",
                        (f"{os.getpid()}-me", now + 120, alive))
    assert claim_next(db, "new", now, 120) is None  # both held
    assert release_dead_leases(db, alive=lambda pid: pid == os.getpid()) == 1
    job = claim_next(db, "new", now, 120)
    assert job is not None and job.id == dead
    assert claim_next(db, "new", now, 120) is None  # the live process keeps its job
    db.conn.close()
