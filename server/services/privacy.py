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
    ids = [r[0] for r in db.execute("SELECT id FROM quote_requests WHERE contact_id = ? AND dealer = ?",
                                    [contact_id, dealer]).fetchall()]
    messages = []
    if ids:
        marks = ",".join("?" * len(ids))
        rows = db.execute(f"SELECT channel, event, payload, status, created_at, sent_at FROM outbox WHERE dealer = ? "
                          f"AND json_extract(payload, '$.request_id') IN ({marks}) ORDER BY id", [dealer, *ids])
        messages = [{"channel": m[0], "event": m[1], "to": msgspec.json.decode(m[2]).get("to"), "status": m[3],
                     "created_at": m[4], "sent_at": m[5]} for m in rows.fetchall()]
    with write_transaction(db):
        record(db, dealer, actor, "contact.export", f"contact {contact_id}")
    quotes_held, invoices_held = [], []
    if ids:
        marks = ",".join("?" * len(ids))
        quotes_held = [{"number": q[0], "version": q[1], "status": q[2], "buyer": msgspec.json.decode(q[3]),
                        "accepted_name": q[4], "decline_reason": q[5]} for q in db.execute(
            f"SELECT number, version, status, buyer, accepted_name, decline_reason FROM quotes WHERE dealer = ? "
            f"AND request_id IN ({marks}) ORDER BY id", [dealer, *ids]).fetchall()]
        invoices_held = [{"number": i[0], "issue_date": i[1], "buyer": msgspec.json.decode(i[2]), "total": i[3]}
                         for i in db.execute(
            f"SELECT i.number, i.issue_date, i.buyer, i.total FROM invoices i JOIN quotes q ON q.id = i.quote_id "
            f"WHERE i.dealer = ? AND q.request_id IN ({marks}) ORDER BY i.id", [dealer, *ids]).fetchall()]
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
    references = [r[0] for r in db.execute("SELECT reference FROM quote_requests WHERE contact_id = ? AND dealer = ? "
                                           "ORDER BY id", [contact_id, dealer]).fetchall()]
    quotes = [r[0] for r in db.execute(
        "SELECT DISTINCT q.number FROM quotes q JOIN quote_requests r ON r.id = q.request_id "
        "WHERE r.contact_id = ? AND q.dealer = ? ORDER BY q.number", [contact_id, dealer]).fetchall()]
    enqueue(db, dealer, "webhook", "contact.erased", str(uuid.uuid4()),
            {"url": webhook_url, "contact_id": contact_id, "references": references, "quotes": quotes,
             "erased_at": at}, time.time())


def _erase(db: sqlite_utils.Database, dealer: str, contact_id: int, at: str) -> None:
    old_email = db.execute("SELECT email FROM contacts WHERE id = ?", [contact_id]).fetchone()[0]
    request_ids = [r[0] for r in db.execute("SELECT id FROM quote_requests WHERE contact_id = ? AND dealer = ?",
                                            [contact_id, dealer]).fetchall()]
    # Read every copy of the personal data before any is overwritten: the dealer's texts quote them.
    copies, notes = personal_copies(db, dealer, contact_id, request_ids)
    scrubber = scrubber_for(copies, notes)
    anonymous = {"name": ERASED, "email": f"erased-{contact_id}@invalid", "phone": "", "company": None, "street": "",
                 "house_number": "", "postcode": "", "city": "", "country": ""}
    db.conn.execute("UPDATE contacts SET name = :name, email = :email, phone = :phone, company = :company, "
                    "street = :street, house_number = :house_number, postcode = :postcode, city = :city, "
                    "notes = '', starred = 0, erased_at = :at, updated_at = :at WHERE id = :id AND dealer = :dealer",
                    {**anonymous, "at": at, "id": contact_id, "dealer": dealer})
    ids = [r[0] for r in db.execute("SELECT id FROM quote_requests WHERE contact_id = ? AND dealer = ?",
                                    [contact_id, dealer]).fetchall()]
    contact_json = msgspec.json.encode({**anonymous, "email": ""}).decode()
    for rid in ids:
        db.conn.execute("UPDATE quote_requests SET contact_json = ?, message = '', client_address = '' WHERE id = ?",
                        (contact_json, rid))
        db.conn.execute("UPDATE quote_items SET note = '' WHERE request_id = ?", (rid,))
        db.conn.execute("UPDATE request_notes SET body = ? WHERE request_id = ?", (ERASED, rid))
        db.conn.execute("UPDATE status_history SET note = '' WHERE request_id = ?", (rid,))
        # The stored idempotent answer holds no personal data, but its body hash was made from it.
        db.conn.execute("UPDATE idempotency_keys SET body_hash = 'erased' WHERE request_id = ?", (rid,))
        # Quotes lose the personal fields; invoices keep theirs, as the law requires them kept.
        db.conn.execute("UPDATE quotes SET buyer = ?, accepted_name = CASE WHEN accepted_name IS NULL THEN NULL "
                        "ELSE ? END, decline_reason = CASE WHEN decline_reason IS NULL THEN NULL ELSE '' END, "
                        "token_hash = NULL WHERE request_id = ?", (contact_json, ERASED, rid))
        # Notifications about the request or its quotes: one not yet sent would carry the data on,
        # one already sent keeps only its trace; a mail server's error may quote the address.
        jobs = [r[0] for r in db.execute(
            "SELECT id FROM outbox WHERE dealer = ? AND (json_extract(payload, '$.request_id') = ? OR "
            "json_extract(payload, '$.quote_id') IN (SELECT id FROM quotes WHERE request_id = ?))",
            [dealer, rid, rid]).fetchall()]
        for job in jobs:
            # A webhook reads the (now anonymised) data when it is sent, so it may still go.
            db.conn.execute("UPDATE outbox SET payload = json_remove(json_set(payload, '$.to', json('[]')), '$.link'), "
                            "status = CASE WHEN status = 'sent' OR channel = 'webhook' THEN status ELSE 'cancelled' "
                            "END, last_error = CASE WHEN channel = 'webhook' THEN last_error ELSE ? END WHERE id = ?",
                            ("contact erased", job))
            db.conn.execute("UPDATE delivery_attempts SET detail = replace(detail, ?, ?) WHERE outbox_id = ?",
                            (old_email, ERASED, job))
    db.conn.execute("UPDATE activity SET text = ? WHERE contact_id = ? AND dealer = ? AND kind IN ('note', 'edited')",
                    (ERASED, contact_id, dealer))
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
    stale = [r[0] for r in db.execute(
        "SELECT c.id FROM contacts c WHERE c.dealer = ? AND c.erased_at IS NULL AND c.updated_at < ? AND NOT EXISTS "
        "(SELECT 1 FROM quote_requests r WHERE r.contact_id = c.id AND r.created_at >= ?) AND NOT EXISTS "
        "(SELECT 1 FROM activity a WHERE a.contact_id = c.id AND a.at >= ?)",
        [dealer, cutoff, cutoff, cutoff]).fetchall()]
    at = moment.isoformat(timespec="seconds")
    for contact_id in stale:
        with write_transaction(db):
            _erase(db, dealer, contact_id, at)
            _announce(db, dealer, contact_id, at, webhook_url)
            record(db, dealer, "retention", "contact.erase", f"contact {contact_id}",
                   f"no activity for {retention_days} days")
    return len(stale)


