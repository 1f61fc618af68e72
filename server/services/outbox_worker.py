"""The outbox worker: sends notification e-mails and webhooks, retrying with backoff.

Every server process runs one in a background thread (``VENSTER_OUTBOX=1``). Jobs are
claimed under a lease in SQLite, so several workers never send one job at the same time,
and a job whose worker died mid-send is sent again when its lease runs out.

Sends run side by side in a small pool, at most one per lane (a dealer's one destination:
its webhook URL, or its e-mail), so an endpoint that answers slowly or never holds back
only its own later jobs, never another dealer's mail; each webhook ends by its deadline.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import msgspec
import sqlite_utils

from server.notify.failure_mail import build_failure_mail
from server.notify.mail import build_request_mail, deliver_mail
from server.notify.quote_mail import build_quote_mail
from server.notify.webhook import envelope, send_webhook
from server.services.catalogs import CatalogStore, LoadedCatalog
from server.services.quote_document import quote_document
from server.services.quotes import Quote, quote_by_id, run_quote_clock
from server.services.retention import purge_if_due
from server.settings import Settings
from server.storage.db import connect
from server.storage.outbox import FAILURE_EVENT, Job, claim_next, finish, load_failed, load_request, renew_lease

__all__ = ["CONCURRENCY", "LEASE_S", "OutboxWorker", "perform", "quote_event_data", "run_once", "send_job"]

_log = logging.getLogger("venster.outbox")
# Far longer than a send may take (a webhook ends within 10 s, an SMTP exchange within 60 s), and
# renewed every quarter of it while a job is being sent, so a slow PDF or relay never lets
# another worker claim the job and send it a second time.
LEASE_S = 120.0
CONCURRENCY = 8  # sends in flight per process, each to another lane


def send_job(job: Job, db: sqlite_utils.Database, catalogs: CatalogStore, settings: Settings,
             now: float) -> tuple[bool, str]:
    """Perform one job; (ok, detail). Never raises for a delivery problem."""
    loaded = catalogs.get(job.dealer)
    if loaded is None:
        return False, f"dealer {job.dealer} has no catalog"
    if job.event == FAILURE_EVENT:
        failed = load_failed(db, int(job.payload["failed_id"]))
        if failed is None:
            return False, "the failed delivery no longer exists"
        return deliver_mail(build_failure_mail(loaded, failed, list(job.payload["to"]), settings), settings)
    if job.event == "contact.erased" and job.channel == "webhook":
        # Only the id and what the erasure touched: the CRM erases its own copy, nothing personal travels.
        data = {k: job.payload.get(k) for k in ("contact_id", "references", "quotes", "erased_at")}
        return _webhook(job, settings, data, now)
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
    return send_webhook(job.payload["url"], secret, job.event, job.delivery_id, body, now,
                        allow_private=settings.webhook_allow_private)


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


def _keep_lease(settings: Settings, job: Job, owner: str, done: threading.Event) -> None:
    """Renew the lease of ``job`` every quarter lease until ``done`` (its own connection: ``perform``'s is busy)."""
    lease_s = LEASE_S
    db = None
    try:
        while not done.wait(lease_s / 4):
            if db is None:
                db = connect(settings.db_path)
            try:
                if not renew_lease(db, job.id, owner, time.time() + lease_s):
                    return  # lost (or finished): nothing left to keep
            except Exception:  # a locked database: try again next quarter, the lease still has three left
                _log.warning("outbox job %s: lease not renewed this time", job.id, exc_info=True)
    finally:
        if db is not None:
            db.conn.close()


def perform(db: sqlite_utils.Database, catalogs: CatalogStore, settings: Settings, owner: str, job: Job,
            now: float | None = None) -> str:
    """Send one claimed job and record the attempt; returns its new status.

    A job failing its last retry queues one e-mail to the dealer's notification addresses
    (in the same transaction as the mark), unless it is such an e-mail itself.
    """
    now = time.time() if now is None else now
    started = time.perf_counter()
    done = threading.Event()
    keeper = threading.Thread(target=_keep_lease, args=(settings, job, owner, done), name=f"venster-lease-{job.id}",
                              daemon=True)
    keeper.start()
    try:
        ok, detail = send_job(job, db, catalogs, settings, now)
    except Exception as exc:  # a bug in one job must not stop the worker; it is retried and logged
        _log.exception("outbox job %s crashed", job.id)
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    finally:
        done.set()
        keeper.join()
    loaded = catalogs.get(job.dealer)
    notify = list(loaded.catalog.dealer.notification_emails) if loaded is not None else []
    status = finish(db, job, owner, ok, detail, time.time(), int((time.perf_counter() - started) * 1000), notify)
    log = _log.info if ok else _log.warning
    log("outbox job %s (%s %s) %s: %s", job.id, job.channel, job.event, status, detail)
    return status


def run_once(db: sqlite_utils.Database, catalogs: CatalogStore, settings: Settings, owner: str,
             now: float | None = None) -> Job | None:
    """Claim and perform at most one due job, in this thread; return it (None when nothing was due)."""
    now = time.time() if now is None else now
    job = claim_next(db, owner, now, LEASE_S)
    if job is None:
        return None
    perform(db, catalogs, settings, owner, job, now)
    return job


class OutboxWorker:
    """A background thread that claims due jobs and sends them in a bounded pool, one per lane at a time."""

    def __init__(self, settings: Settings, catalogs: CatalogStore, poll_s: float = 1.0,
                 concurrency: int = CONCURRENCY) -> None:
        self.settings = settings
        self.catalogs = catalogs
        self.poll_s = poll_s
        self.concurrency = concurrency
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._wake = threading.Event()  # set when a send ends (a slot and its lane are free) or on stop
        self._lanes: set[str] = set()
        self._lanes_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="venster-outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Ask the thread to stop and wait a little for it (sends in flight end by their deadline)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _send(self, job: Job) -> None:
        db = connect(self.settings.db_path)  # SQLite connections stay in their thread
        try:
            perform(db, self.catalogs, self.settings, self.owner, job)
        except Exception:  # a locked database or a disk hiccup: the lease runs out and the job is sent again
            _log.exception("outbox job %s not recorded", job.id)
        finally:
            db.conn.close()
            with self._lanes_lock:
                self._lanes.discard(job.lane)
            self._wake.set()

    def _fill(self, db: sqlite_utils.Database, pool: ThreadPoolExecutor) -> int:
        """Claim due jobs of free lanes while slots are free; returns how many were handed to the pool."""
        handed = 0
        while not self._stop.is_set():
            with self._lanes_lock:
                if len(self._lanes) >= self.concurrency:
                    break
                busy = sorted(self._lanes)
            job = claim_next(db, self.owner, time.time(), LEASE_S, busy)
            if job is None:
                break
            with self._lanes_lock:
                self._lanes.add(job.lane)
            pool.submit(self._send, job)
            handed += 1
        return handed

    def _run(self) -> None:
        db = connect(self.settings.db_path)
        next_purge_check = 0.0
        next_clock = 0.0
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="venster-send")
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
                self._wake.clear()
                try:
                    self._fill(db, pool)
                except Exception:  # keep the worker alive through a locked database or a disk hiccup
                    _log.exception("outbox worker error")
                # Sleep until a send ends or the poll interval passes; new jobs are found by polling.
                self._wake.wait(self.poll_s)
        finally:
            pool.shutdown(wait=False)
            db.conn.close()
