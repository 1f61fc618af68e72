"""A delivery that failed its last retry tells the dealer once: an e-mail and a mark in the back office."""

from __future__ import annotations

import time
from email.message import Message
from pathlib import Path

import msgspec
from litestar.testing import TestClient

from server.app import create_app
from server.links import public_base
from server.notify.failure_mail import deliveries_url
from server.settings import Settings
from server.storage.db import connect
from tests.notify.conftest import Inbox, Receiver, free_port
from tests.notify.test_outbox import _drain, _setup
from tests.support.dealers import add_second_dealer
from tests.support.html import parse
from tests.web.conftest import Office

# The retry schedule (1, 5 and 15 minutes), walked with a clock set ahead.
_LATER = (0, 61, 61 + 301, 61 + 301 + 901)


def _walk_all_retries(settings: Settings, start: float) -> None:
    for wait in _LATER:
        _drain(settings, now=start + wait)


def _notices(inbox: Inbox) -> list[tuple[list[str], Message]]:
    """The failure notices the dealer received, with their recipients."""
    return [(to, m) for to, m in inbox.messages if str(m["Subject"]).startswith("Niet afgeleverd")]


def _text(message) -> str:  # noqa: ANN001 - email.message.EmailMessage
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()


def test_a_webhook_failing_its_last_retry_mails_the_dealer_once_and_is_marked_until_acknowledged(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int], receiver: Receiver) -> None:
    inbox, port = smtp
    receiver.status = 503
    settings = _setup(tmp_path, catalogs_dir, port, receiver.url)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        reference = office.submit()
        start = time.time()
        _walk_all_retries(settings, start)
        assert len(receiver.requests) == 4  # every attempt was made
        notices = _notices(inbox)
        assert len(notices) == 1
        [(to, notice)] = notices
        assert to == ["verkoop@kozijnen-demo.example"]
        assert notice["Subject"] == f"Niet afgeleverd: webhook request.created ({reference})"
        body = _text(notice)
        assert "na 4 pogingen niet afgeleverd" in body and receiver.url in body and "HTTP 503" in body
        assert "http://127.0.0.1:8000/admin/deliveries" in body
        # Later runs of the worker tell no one again.
        _drain(settings, now=start + 5000)
        _drain(settings, now=start + 50_000)
        assert len(_notices(inbox)) == 1

        office.login()
        dashboard = office.get("/admin/requests").text
        assert "1 melding(en) niet afgeleverd" in dashboard and receiver.url in dashboard
        assert 'href="/admin/deliveries">Naar het meldingenoverzicht' in dashboard
        log = office.get("/admin/deliveries").text
        (failed_id,) = [str(v) for v in parse(log).xpath("//li/@data-failed")]
        assert "HTTP 503" in log
        done = office.post("/admin/deliveries/acknowledge", {"ids": failed_id}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/admin/deliveries?done=failures_acknowledged"
        assert "niet afgeleverd" not in office.get("/admin/requests").text
        after = office.get("/admin/deliveries").text
        assert "data-failed=" not in after and f'action="/admin/deliveries/{failed_id}/redeliver"' in after
        audit = office.get("/admin/audit").text
        assert 'Mislukte meldingen gezien <code class="muted">delivery.acknowledge</code>' in audit
        assert f"#{failed_id}" in audit


def test_a_dead_endpoint_failing_every_event_sends_one_notice_an_hour_and_marks_each_failure(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int], receiver: Receiver) -> None:
    inbox, port = smtp
    receiver.status = 503
    settings = _setup(tmp_path, catalogs_dir, port, receiver.url)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        start = time.time()
        for _ in range(3):  # three requests, three webhooks to the same dead endpoint
            office.submit()
        _walk_all_retries(settings, start)
        _drain(settings, now=start + 2000)  # the notice's own send
        notices = [m for _, m in _notices(inbox)]
        assert len(notices) == 1  # one mail, not one per event
        assert "zonder nieuwe e-mail" in _text(notices[0])
        office.login()
        assert "3 melding(en) niet afgeleverd" in office.get("/admin/requests").text  # the banner lists each
        # An hour after the notice (its row dated back: attempts are stamped with the real clock),
        # the next failure is mailed again.
        db = connect(settings.db_path)
        db.conn.execute("UPDATE outbox SET created_at = '2000-01-01T00:00:00+00:00' WHERE event = 'delivery.failed'")
        db.conn.close()
        office.submit()
        later = start + 3 * 3600
        _walk_all_retries(settings, later)
        _drain(settings, now=later + 2000)
        assert len(_notices(inbox)) == 2


def test_another_dealer_cannot_acknowledge_and_a_sent_delivery_is_never_marked(
        tmp_path: Path, catalogs_dir: Path, smtp: tuple[Inbox, int], receiver: Receiver) -> None:
    inbox, port = smtp
    receiver.status = 500
    settings = _setup(tmp_path, catalogs_dir, port, receiver.url)
    add_second_dealer(catalogs_dir)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        office.submit()
        _walk_all_retries(settings, time.time())
        db = connect(settings.db_path)
        failed = [r[0] for r in db.execute("SELECT id FROM outbox WHERE status = 'failed'").fetchall()]
        sent = [r[0] for r in db.execute("SELECT id FROM outbox WHERE status = 'sent'").fetchall()]
        db.conn.close()
        assert len(failed) == 1 and len(sent) == 3  # two request mails and the one notice
        office.login("otto@other.example")
        office.post("/admin/deliveries/acknowledge", {"ids": ",".join(map(str, failed + sent))})
        office.client.cookies.clear()
        office.login()
        assert f'<li data-failed="{failed[0]}">' in office.get("/admin/deliveries").text  # still marked for demo


def test_a_failing_notice_notifies_no_one(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = _setup(tmp_path, catalogs_dir, free_port())  # no SMTP server listens: every mail fails
    with TestClient(create_app(settings)) as client:
        Office(client, settings).submit()
    start = time.time()
    _walk_all_retries(settings, start)  # the two request mails fail for good: one notice for the hour
    _walk_all_retries(settings, start + 2000)  # the notice fails for good too
    _drain(settings, now=start + 10_000)
    db = connect(settings.db_path)
    rows = db.execute("SELECT event, status, attempts, payload FROM outbox ORDER BY id").fetchall()
    db.conn.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("request.created", "failed", 4), ("request.created", "failed", 4), ("delivery.failed", "failed", 4),
    ]
    assert msgspec.json.decode(rows[2][3])["failed_id"] in {1, 2}


def test_the_log_link_is_the_public_base_and_the_real_log_page(tmp_path: Path, catalogs_dir: Path) -> None:
    """Behind a proxy under a path the link keeps the path; it names the page the back office serves."""
    settings = Settings(db_path=tmp_path / "v.db", catalogs_dir=catalogs_dir, public_url="https://ramen.example/venster")
    assert deliveries_url(settings) == "https://ramen.example/venster/admin/deliveries"
    local = Settings(db_path=tmp_path / "v.db", catalogs_dir=catalogs_dir, outbox_worker=False)
    with TestClient(create_app(local)) as client:
        office = Office(client, local)
        office.login()
        path = deliveries_url(local).removeprefix(public_base(local))
        assert path == "/admin/deliveries" and office.get(path).status_code == 200
