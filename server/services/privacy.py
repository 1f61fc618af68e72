"""GDPR tools: everything held about a contact, erasure, and retention.

Erasure replaces the personal fields wherever they are held (the contact, each request's
contact copy, message, item notes, internal notes, the client address, pending and past
notification payloads and their delivery log, the hash of the stored idempotent answer,
the activity feed, quotes and their links) and keeps the requests,
anonymised, for the dealer's figures. In text the dealer wrote about the contact (its quotes'
intro, terms and lines and its activity) each occurrence of the contact's name or a part of
it, e-mail, phone, address or company is replaced by ``[erased]``
(``server.services.scrub``) and the homeowner's window notes copied into quote lines are
removed, so a quote PDF drawn afterwards holds none of them; its notification payloads,
delivery log and the audit entries about it lose only what names it alone (full name,
e-mail, whole phone, address). Other rows of the dealer are not touched. Invoices keep
their buyer and lines: the law requires them kept as issued for the retention period.

The access export is for the homeowner: what they gave and the prices shown to them. The
dealer-only explanation of a price (formulas, markup, matrix prices) is never in it.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import sqlite_utils

from server.services.audit import now_iso, record
from server.services.contacts import erased_at, get_contact
from server.services.requests import RequestDetail, get_request
from server.services.scrub import PLACEHOLDER, scrubber_for
from server.storage import privacy as store
from server.storage.activity import add_activity
from server.storage.db import write_transaction
from server.storage.erasure import personal_copies, scrub_free_text
from server.storage.outbox import enqueue

__all__ = ["ERASED", "erase_contact", "export_contact", "purge"]

ERASED = PLACEHOLDER


def export_contact(db: sqlite_utils.Database, dealer: str, contact_id: int, actor: str) -> dict[str, Any]:
    """Everything held about one contact, as plain JSON-able data (recorded in the audit log)."""
    contact = get_contact(db, dealer, contact_id)
    requests = [_as_shown(get_request(db, dealer, r.reference)) for r in contact.requests]
    ids = store.request_ids(db, dealer, contact_id)
    messages = [{"channel": m["channel"], "event": m["event"], "to": m["payload"].get("to"), "status": m["status"],
                 "created_at": m["created_at"], "sent_at": m["sent_at"]}
                for m in store.notification_rows(db, dealer, ids)]
    with write_transaction(db):
        record(db, dealer, actor, "contact.export", f"contact {contact_id}")
    quotes_held = store.quote_rows(db, dealer, ids)
    invoices_held = store.invoice_rows(db, dealer, ids)
    return {
        "exported_at": now_iso(),
        "quotes": quotes_held,
        "invoices": invoices_held,
        "dealer": dealer,
        "contact": msgspec.to_builtins(msgspec.structs.replace(contact, requests=[], activity=[])),
        "requests": requests,
        "notifications": messages,
        "activity": msgspec.to_builtins(contact.activity),
    }


def _as_shown(detail: RequestDetail) -> dict[str, Any]:
    """A request as the homeowner may read it: without the dealer-only price explanation."""
    shown = msgspec.to_builtins(detail)
    for item in shown["items"]:
        # The explanation holds the dealer's formulas, markup and matrix prices: trade secrets, not the
        # homeowner's data. ``price`` is exactly what the widget showed them.
        item.pop("explanation", None)
    shown.pop("catalog_version", None)  # the hash of the dealer's price list
    shown.pop("allowed_statuses", None)  # the dealer's workflow, not data about the homeowner
    return shown


def erase_contact(db: sqlite_utils.Database, dealer: str, contact_id: int, actor: str, webhook_url: str = "") -> None:
    """Replace the contact's personal data everywhere; requests stay, anonymised. Erasing twice is harmless.

    With a ``webhook_url`` a ``contact.erased`` webhook is queued in the same transaction.
    """
    at = now_iso()
    with write_transaction(db):
        if erased_at(db, dealer, contact_id) is not None:
            return
        _erase(db, dealer, contact_id, at)
        _announce(db, dealer, contact_id, at, webhook_url)
        record(db, dealer, actor, "contact.erase", f"contact {contact_id}")


def _announce(db: sqlite_utils.Database, dealer: str, contact_id: int, at: str, webhook_url: str) -> None:
    """Queue ``contact.erased`` for an integrated CRM: the contact id and what it touched, no personal data."""
    if not webhook_url:
        return
    references = store.request_references(db, dealer, contact_id)
    quotes = store.quote_numbers(db, dealer, contact_id)
    enqueue(db, dealer, "webhook", "contact.erased", str(uuid.uuid4()),
            {"url": webhook_url, "contact_id": contact_id, "references": references, "quotes": quotes,
             "erased_at": at}, time.time())


def _erase(db: sqlite_utils.Database, dealer: str, contact_id: int, at: str) -> None:
    old_email = store.contact_email(db, contact_id)
    request_ids = store.request_ids(db, dealer, contact_id)
    # Read every copy of the personal data before any is overwritten: the dealer's texts quote them.
    copies, notes = personal_copies(db, dealer, contact_id, request_ids)
    scrubber = scrubber_for(copies, notes)
    anonymous = {"name": ERASED, "email": f"erased-{contact_id}@invalid", "phone": "", "company": None, "street": "",
                 "house_number": "", "postcode": "", "city": "", "country": ""}
    store.anonymise_contact(db, dealer, contact_id, anonymous, at)
    contact_json = msgspec.json.encode({**anonymous, "email": ""}).decode()
    for rid in request_ids:
        store.anonymise_request(db, dealer, rid, contact_json, old_email, ERASED)
    store.anonymise_activity(db, dealer, contact_id, ERASED)
    # The dealer's own texts stay, with the homeowner's name, address, e-mail and phone replaced and
    # their window notes taken out of quote lines; a quote's PDF is drawn from these, so it follows.
    scrub_free_text(db, dealer, contact_id, request_ids, scrubber)
    add_activity(db, dealer, "erased", "", "privacy", at, contact_id=contact_id)


def purge(db: sqlite_utils.Database, dealer: str, retention_days: int, now: datetime | None = None,
          webhook_url: str = "") -> int:
    """Anonymise contacts of ``dealer`` with no activity for ``retention_days``; returns how many.

    Each one is announced as ``contact.erased`` when the dealer has a ``webhook_url``.
    """
    moment = now or datetime.now(UTC)
    cutoff = (moment - timedelta(days=retention_days)).isoformat(timespec="seconds")
    stale = store.stale_contacts(db, dealer, cutoff)
    at = moment.isoformat(timespec="seconds")
    for contact_id in stale:
        with write_transaction(db):
            _erase(db, dealer, contact_id, at)
            _announce(db, dealer, contact_id, at, webhook_url)
            record(db, dealer, "retention", "contact.erase", f"contact {contact_id}",
                   f"no activity for {retention_days} days")
    return len(stale)


