"""SQL of the GDPR tools: what a contact's export reads, and the erasure of the fixed fields.

Erasure of free text (names inside the dealer's own sentences) is in
``server.storage.erasure``; this module overwrites whole fields and finds the rows they sit
in. Every function that writes expects the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
import sqlite_utils

__all__ = [
    "anonymise_activity", "anonymise_contact", "anonymise_request", "contact_email", "invoice_rows",
    "notification_rows", "quote_numbers", "quote_rows", "request_ids", "request_references", "stale_contacts",
]


def request_ids(db: sqlite_utils.Database, dealer: str, contact_id: int) -> list[int]:
    """The ids of the contact's requests."""
    return [int(r["id"]) for r in db.query("SELECT id FROM quote_requests WHERE contact_id = ? AND dealer = ?",
                                           [contact_id, dealer])]


def request_references(db: sqlite_utils.Database, dealer: str, contact_id: int) -> list[str]:
    """The references of the contact's requests, oldest first."""
    return [r["reference"] for r in db.query(
        "SELECT reference FROM quote_requests WHERE contact_id = ? AND dealer = ? ORDER BY id", [contact_id, dealer])]


def quote_numbers(db: sqlite_utils.Database, dealer: str, contact_id: int) -> list[str]:
    """The numbers of the quotes made for the contact's requests, each once."""
    return [r["number"] for r in db.query(
        "SELECT DISTINCT q.number AS number FROM quotes q JOIN quote_requests r ON r.id = q.request_id "
        "WHERE r.contact_id = ? AND q.dealer = ? ORDER BY q.number", [contact_id, dealer])]


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def notification_rows(db: sqlite_utils.Database, dealer: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The notifications about requests ``ids``, oldest first (``payload`` decoded)."""
    if not ids:
        return []
    rows = db.query(f"SELECT channel, event, payload, status, created_at, sent_at FROM outbox WHERE dealer = ? "
                    f"AND json_extract(payload, '$.request_id') IN ({_marks(ids)}) ORDER BY id", [dealer, *ids])
    return [{**row, "payload": msgspec.json.decode(row["payload"])} for row in rows]


def quote_rows(db: sqlite_utils.Database, dealer: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The quotes made for requests ``ids`` (``buyer`` decoded)."""
    if not ids:
        return []
    rows = db.query(f"SELECT number, version, status, buyer, accepted_name, decline_reason FROM quotes "
                    f"WHERE dealer = ? AND request_id IN ({_marks(ids)}) ORDER BY id", [dealer, *ids])
    return [{**row, "buyer": msgspec.json.decode(row["buyer"])} for row in rows]


def invoice_rows(db: sqlite_utils.Database, dealer: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The invoices of the quotes of requests ``ids`` (``buyer`` decoded)."""
    if not ids:
        return []
    rows = db.query(f"SELECT i.number AS number, i.issue_date AS issue_date, i.buyer AS buyer, i.total AS total "
                    f"FROM invoices i JOIN quotes q ON q.id = i.quote_id "
                    f"WHERE i.dealer = ? AND q.request_id IN ({_marks(ids)}) ORDER BY i.id", [dealer, *ids])
    return [{**row, "buyer": msgspec.json.decode(row["buyer"])} for row in rows]


def contact_email(db: sqlite_utils.Database, contact_id: int) -> str:
    """The contact's e-mail address as stored."""
    return str(next(db.query("SELECT email FROM contacts WHERE id = ?", [contact_id]))["email"])


def anonymise_contact(db: sqlite_utils.Database, dealer: str, contact_id: int, anonymous: dict[str, Any],
                      at: str) -> None:
    """Overwrite the contact's personal fields with ``anonymous`` and mark it erased at ``at``."""
    db.conn.execute("UPDATE contacts SET name = :name, email = :email, phone = :phone, company = :company, "
                    "street = :street, house_number = :house_number, postcode = :postcode, city = :city, "
                    "notes = '', starred = 0, erased_at = :at, updated_at = :at WHERE id = :id AND dealer = :dealer",
                    {**anonymous, "at": at, "id": contact_id, "dealer": dealer})


def anonymise_request(db: sqlite_utils.Database, dealer: str, request_id: int, contact_json: str, old_email: str,
                      placeholder: str) -> None:
    """Take the personal data out of one request, its notes, quotes and notifications.

    ``contact_json`` replaces the request's and its quotes' contact copy; ``placeholder``
    replaces internal notes, an accepting name and the address in a mail server's error.
    """
    db.conn.execute("UPDATE quote_requests SET contact_json = ?, message = '', client_address = '' WHERE id = ?",
                    (contact_json, request_id))
    db.conn.execute("UPDATE quote_items SET note = '' WHERE request_id = ?", (request_id,))
    db.conn.execute("UPDATE request_notes SET body = ? WHERE request_id = ?", (placeholder, request_id))
    db.conn.execute("UPDATE status_history SET note = '' WHERE request_id = ?", (request_id,))
    # The stored idempotent answer holds one personal datum, the address the confirmation went to,
    # and its body hash was made from the rest.
    db.conn.execute("UPDATE idempotency_keys SET body_hash = 'erased' WHERE request_id = ?", (request_id,))
    db.conn.execute("UPDATE idempotency_keys SET response = json_set(response, '$.confirmation_to', json('null')) "
                    "WHERE request_id = ? AND json_valid(response)", (request_id,))
    # Quotes lose the personal fields; invoices keep theirs, as the law requires them kept.
    db.conn.execute("UPDATE quotes SET buyer = ?, accepted_name = CASE WHEN accepted_name IS NULL THEN NULL "
                    "ELSE ? END, decline_reason = CASE WHEN decline_reason IS NULL THEN NULL ELSE '' END, "
                    "token_hash = NULL WHERE request_id = ?", (contact_json, placeholder, request_id))
    # Notifications about the request or its quotes: one not yet sent would carry the data on,
    # one already sent keeps only its trace; a mail server's error may quote the address.
    jobs = [int(r["id"]) for r in db.query(
        "SELECT id FROM outbox WHERE dealer = ? AND (json_extract(payload, '$.request_id') = ? OR "
        "json_extract(payload, '$.quote_id') IN (SELECT id FROM quotes WHERE request_id = ?))",
        [dealer, request_id, request_id])]
    for job in jobs:
        # A webhook reads the (now anonymised) data when it is sent, so it may still go.
        db.conn.execute("UPDATE outbox SET payload = json_remove(json_set(payload, '$.to', json('[]')), '$.link'), "
                        "status = CASE WHEN status = 'sent' OR channel = 'webhook' THEN status ELSE 'cancelled' "
                        "END, last_error = CASE WHEN channel = 'webhook' THEN last_error ELSE ? END WHERE id = ?",
                        ("contact erased", job))
        db.conn.execute("UPDATE delivery_attempts SET detail = replace(detail, ?, ?) WHERE outbox_id = ?",
                        (old_email, placeholder, job))


def anonymise_activity(db: sqlite_utils.Database, dealer: str, contact_id: int, placeholder: str) -> None:
    """Replace the text of the contact's notes and edits in the activity feed."""
    db.conn.execute("UPDATE activity SET text = ? WHERE contact_id = ? AND dealer = ? AND kind IN ('note', 'edited')",
                    (placeholder, contact_id, dealer))


def stale_contacts(db: sqlite_utils.Database, dealer: str, cutoff: str) -> list[int]:
    """Contacts of ``dealer`` not erased, unchanged, without a request or activity since ``cutoff``."""
    return [int(r["id"]) for r in db.query(
        "SELECT c.id FROM contacts c WHERE c.dealer = ? AND c.erased_at IS NULL AND c.updated_at < ? AND NOT EXISTS "
        "(SELECT 1 FROM quote_requests r WHERE r.contact_id = c.id AND r.created_at >= ?) AND NOT EXISTS "
        "(SELECT 1 FROM activity a WHERE a.contact_id = c.id AND a.at >= ?)",
        [dealer, cutoff, cutoff, cutoff])]
