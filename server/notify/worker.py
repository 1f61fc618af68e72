"""The outbox worker: sends notification e-mails and webhooks, retrying with backoff.

Every server process runs one in a background thread (``VENSTER_OUTBOX=1``). Jobs are
claimed under a lease in SQLite, so several workers never send one job at the same time,
and a job whose worker died mid-send is sent again when its lease runs out.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from typing import Any

import msgspec
import sqlite_utils

from server.backoffice.quote_document import quote_document
from server.backoffice.quotes import Quote, quote_by_id, run_quote_clock
from server.backoffice.retention import purge_if_due
from server.catalogs import CatalogStore, LoadedCatalog
from server.notify.mail import build_request_mail, deliver_mail
from server.notify.quote_mail import build_quote_mail
from server.notify.webhook import envelope, send_webhook
from server.settings import Settings
from server.storage.db import connect
from server.storage.outbox import Job, claim_next, finish, load_request

__all__ = ["OutboxWorker", "quote_event_data", "run_once", "send_job"]

_log = logging.getLogger("venster.outbox")
LEASE_S = 120.0


def send_job(job: Job, db: sqlite_utils.Database, catalogs: CatalogStore, settings: Settings,
             now: float) -> tuple[bool, str]:
    """Perform one job; (ok, detail). Never raises for a delivery problem."""
    loaded = catalogs.get(job.dealer)
    if loaded is None:
        return False, f"dealer {job.dealer} has no catalog"
    if "quote_id" in job.payload:
        return _send_quote_job(job, db, loaded, settings, now)
    request = load_request(db, int(job.payload["request_id"]))
    if request is None:
        return False, "the request no longer exists"
    if job.channel == "email":
        message = build_request_mail(loaded, request, job.payload["template"], list(job.payload["to"]), settings)
        return deliver_mail(message, settings)
    if job.channel == "webhook":
        data = {k: request[k] for k in ("reference", "status", "created_at", "lang", "contact", "message", "items",
                                        "order_lines", "subtotal", "vat", "vat_breakdown", "total", "currency",
                                        "privacy")}
        return _webhook(job, settings, data, now)
    return False, f"unknown channel {job.channel}"


def _webhook(job: Job, settings: Settings, data: dict, now: float) -> tuple[bool, str]:
    secret = settings.webhook_secrets.get(job.dealer)
    if not secret:
        env = "VENSTER_WEBHOOK_SECRET_" + job.dealer.upper().replace("-", "_")
        return False, f"no webhook secret: set {env}"
    body = envelope(job.event, job.event_id, job.dealer, data, now)
    return send_webhook(job.payload["url"], secret, job.event, job.delivery_id, body, now)


def quote_event_data(quote: Quote) -> dict[str, Any]:
    """The ``data`` of a quote webhook: the quote as the dealer sees it, without its row id and own details."""
    return {k: v for k, v in msgspec.to_builtins(quote).items() if k not in ("id", "link", "seller")}


def _send_quote_job(job: Job, db: sqlite_utils.Database, loaded: LoadedCatalog, settings: Settings,
                    now: float) -> tuple[bool, str]:
    quote = quote_by_id(db, job.dealer, int(job.payload["quote_id"]))
    if quote is None:
        return False, "the quote no longer exists"
    if job.channel == "email":
        pdf = quote_document(db, loaded, quote) if job.payload["template"] == "quote_sent" else None
        message = build_quote_mail(loaded, quote, job.payload["template"], list(job.payload["to"]), settings,
                                   link=job.payload.get("link", ""), pdf=pdf)
        return deliver_mail(message, settings)
    if job.channel == "webhook":
        return _webhook(job, settings, quote_event_data(quote), now)
    return False, f"unknown channel {job.channel}"


def run_once(db: sqlite_utils.Database, catalogs: CatalogStore, settings: Settings, owner: str,
             now: float | None = None) -> Job | None:
    """Claim and perform at most one due job; return it (None when nothing was due)."""
    now = time.time() if now is None else now
    job = claim_next(db, owner, now, LEASE_S)
    if job is None:
        return None
    started = time.perf_counter()
    try:
        ok, detail = send_job(job, db, catalogs, settings, now)
    except Exception as exc:  # a bug in one job must not stop the worker; it is retried and logged
        _log.exception("outbox job %s crashed", job.id)
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    status = finish(db, job, owner, ok, detail, time.time(), int((time.perf_counter() - started) * 1000))
    log = _log.info if ok else _log.warning
    log("outbox job %s (%s %s) %s: %s", job.id, job.channel, job.event, status, detail)
    return job


class OutboxWorker:
    """A background thread that drains the outbox until stopped."""

    def __init__(self, settings: Settings, catalogs: CatalogStore, poll_s: float = 1.0) -> None:
        self.settings = settings
        self.catalogs = catalogs
        self.poll_s = poll_s
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="venster-outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Ask the thread to stop and wait a little for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        db = connect(self.settings.db_path)
        next_purge_check = 0.0
        next_clock = 0.0
        try:
            while not self._stop.is_set():
                if time.monotonic() >= next_clock:
                    next_clock = time.monotonic() + 60
                    try:
                        run_quote_clock(db, self.catalogs)
                    except Exception:
                        _log.exception("quote clock failed")
                if time.monotonic() >= next_purge_check:
                    next_purge_check = time.monotonic() + 3600  # the claim in SQLite makes it daily
                    try:
                        purge_if_due(db, self.catalogs)
                    except Exception:
                        _log.exception("retention run failed")
                try:
                    worked = run_once(db, self.catalogs, self.settings, self.owner) is not None
                except Exception:  # keep the worker alive through a locked database or a disk hiccup
                    _log.exception("outbox worker error")
                    worked = False
                if not worked:
                    self._stop.wait(self.poll_s)
        finally:
            db.conn.close()
