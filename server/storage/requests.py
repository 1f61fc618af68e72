"""SQL for quote requests: rate limits, idempotency, storing a request with its outbox jobs."""

from __future__ import annotations

from typing import Any, NamedTuple

import msgspec
import sqlite_utils

from server.storage.activity import add_activity
from server.storage.outbox import enqueue
from server.storage.rows import named

__all__ = [
    "IDEMPOTENCY_TTL_S", "ContactCopy", "NewItem", "NewPrivacy", "NewRequest", "OutboxJob", "count_requests",
    "find_idempotent",
    "LEGACY_WINDOW_S", "expire_rate_limits", "form_token_used", "hit_rate_limit", "insert_request", "next_number",
    "use_form_token",
]

IDEMPOTENCY_TTL_S = 86_400


class NewItem(NamedTuple):
    """One item as it will be stored."""

    configuration: str
    note: str
    price: str
    explanation: str
    subtotal: str
    vat: str
    total: str


class OutboxJob(NamedTuple):
    """A notification to send after the commit."""

    channel: str
    event: str
    event_id: str
    payload: dict[str, Any]


class ContactCopy(msgspec.Struct, frozen=True, kw_only=True):
    """A request's own copy of the homeowner: written as intake received them (trimmed, the country
    upper-case), read back as it is now (an erasure blanks it; a field an older copy lacks is empty)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    company: str | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""


class NewPrivacy(NamedTuple):
    """The privacy record of a request: the dealer's notice and the homeowner's marketing choice."""

    notice_url: str
    notice_version: str
    marketing_opt_in: bool


class NewRequest(NamedTuple):
    """Everything stored for one quote request, in one transaction."""

    dealer: str
    lang: str
    message: str
    contact: ContactCopy
    catalog_version: str
    catalog_source: str
    subtotal: str
    vat: str
    total: str
    currency: str
    client_address: str
    origin: str
    items: list[NewItem]
    privacy: NewPrivacy
    created_at: str
    year: int
    vat_breakdown: str = "[]"
    order_lines: str = "[]"


# Rows written without an expiry (before schema 5, or by code that does not set one) are
# deleted once the longest window any bucket uses (a day) has passed since they started.
LEGACY_WINDOW_S = 86_400


def expire_rate_limits(db: sqlite_utils.Database, now: float) -> int:
    """Delete the rows whose window has passed; how many. Call inside a write transaction."""
    cursor = db.conn.execute(
        "DELETE FROM rate_limits WHERE (CASE WHEN expires_at > 0 THEN expires_at ELSE window_start + ? END) <= ?",
        (LEGACY_WINDOW_S, int(now)))
    return cursor.rowcount


def hit_rate_limit(db: sqlite_utils.Database, bucket: str, limit: int, window_s: int, now: float) -> int | None:
    """Count one hit in ``bucket``'s fixed window; seconds to wait when over ``limit``, else None.

    Rows of passed windows are deleted on the way, so the table holds only live counters.
    Call inside a write transaction; a bucket naming a client holds :func:`client_key`, never an address.
    """
    window = int(now) - int(now) % window_s
    expire_rate_limits(db, now)
    row = named(db.execute("SELECT window_start, count FROM rate_limits WHERE bucket = ?", [bucket]))
    if row is None or row["window_start"] != window:
        db.conn.execute("INSERT OR REPLACE INTO rate_limits (bucket, window_start, count, expires_at) "
                        "VALUES (?, ?, 1, ?)", (bucket, window, window + window_s))
        return None
    if row["count"] >= limit:
        return max(1, window + window_s - int(now))
    db.conn.execute("UPDATE rate_limits SET count = count + 1 WHERE bucket = ?", (bucket,))
    return None


def form_token_used(db: sqlite_utils.Database, dealer: str, nonce: str) -> bool:
    """True when the form token with ``nonce`` already made a request for ``dealer``."""
    return db.execute("SELECT 1 FROM used_form_tokens WHERE dealer = ? AND nonce = ?", [dealer, nonce]).fetchone() \
        is not None


def use_form_token(db: sqlite_utils.Database, dealer: str, nonce: str, now: float, keep_s: float) -> bool:
    """Record the token as used; False when it already was. Call inside the request's write transaction.

    Rows older than ``keep_s`` go: such a token has expired anyway.
    """
    db.conn.execute("DELETE FROM used_form_tokens WHERE used_at < ?", (now - keep_s,))
    cursor = db.conn.execute("INSERT OR IGNORE INTO used_form_tokens (dealer, nonce, used_at) VALUES (?, ?, ?)",
                             (dealer, nonce, now))
    return cursor.rowcount == 1


def find_idempotent(db: sqlite_utils.Database, dealer: str, key: str, now: float) -> tuple[str, int, str] | None:
    """(body hash, status, stored response) of a key used within 24 hours, else None."""
    row = named(db.execute("SELECT body_hash, status, response, created_at FROM idempotency_keys "
                           "WHERE dealer = ? AND key = ?", [dealer, key]))
    if row is None:
        return None
    if now - row["created_at"] > IDEMPOTENCY_TTL_S:
        db.conn.execute("DELETE FROM idempotency_keys WHERE dealer = ? AND key = ?", (dealer, key))
        return None
    return row["body_hash"], row["status"], row["response"]


def next_number(db: sqlite_utils.Database, dealer: str, name: str, year: int) -> int:
    """The next number of a gapless per-dealer, per-year series; call inside a write transaction."""
    db.conn.execute(
        "INSERT INTO counters (dealer, name, year, value) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (dealer, name, year) DO UPDATE SET value = value + 1",
        (dealer, name, year),
    )
    return int(db.execute("SELECT value FROM counters WHERE dealer = ? AND name = ? AND year = ?",
                          [dealer, name, year]).fetchone()[0])


def _upsert_contact(db: sqlite_utils.Database, dealer: str, contact: ContactCopy, at: str) -> int:
    email = contact.email.strip().lower()
    fields: dict[str, str | None] = {k: getattr(contact, k) or "" for k in (
        "name", "phone", "street", "house_number", "postcode", "city", "country")}
    fields["company"] = contact.company
    db.conn.execute(
        "INSERT INTO contacts (dealer, email, name, phone, company, street, house_number, postcode, city, country, "
        "created_at, updated_at) VALUES (:dealer, :email, :name, :phone, :company, :street, :house_number, "
        ":postcode, :city, :country, :at, :at) "
        "ON CONFLICT (dealer, email) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
        "company = excluded.company, street = excluded.street, house_number = excluded.house_number, "
        "postcode = excluded.postcode, city = excluded.city, country = excluded.country, "
        "updated_at = excluded.updated_at",
        {"dealer": dealer, "email": email, "at": at, **fields},
    )
    return int(db.execute("SELECT id FROM contacts WHERE dealer = ? AND email = ?", [dealer, email]).fetchone()[0])


def insert_request(db: sqlite_utils.Database, new: NewRequest, reference: str, jobs: list[OutboxJob],
                   idempotency: tuple[str, str, int, str], now: float) -> int:
    """Store the request, items, contact, privacy record, status, outbox jobs and the idempotent answer.

    Call inside one write transaction: all of it lands, or none of it.
    """
    db.conn.execute("INSERT OR IGNORE INTO catalog_versions (hash, dealer, source, first_seen_at) "
                    "VALUES (?, ?, ?, ?)", (new.catalog_version, new.dealer, new.catalog_source, new.created_at))
    contact_id = _upsert_contact(db, new.dealer, new.contact, new.created_at)
    cursor = db.conn.execute(
        "INSERT INTO quote_requests (dealer, reference, contact_id, status, lang, message, contact_json, "
        "catalog_version, subtotal, vat, total, currency, client_address, origin, created_at, vat_breakdown, "
        "order_lines) VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new.dealer, reference, contact_id, new.lang, new.message, msgspec.json.encode(new.contact).decode(),
         new.catalog_version, new.subtotal, new.vat, new.total, new.currency, new.client_address, new.origin,
         new.created_at, new.vat_breakdown, new.order_lines),
    )
    request_id = int(cursor.lastrowid or 0)
    db.conn.executemany(
        "INSERT INTO quote_items (request_id, position, configuration, note, price, explanation, subtotal, vat, "
        "total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(request_id, i + 1, it.configuration, it.note, it.price, it.explanation, it.subtotal, it.vat, it.total)
         for i, it in enumerate(new.items)],
    )
    db.conn.execute(
        "INSERT INTO privacy_records (request_id, notice_url, notice_version, lang, marketing_opt_in, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (request_id, new.privacy.notice_url, new.privacy.notice_version, new.lang,
         1 if new.privacy.marketing_opt_in else 0, new.created_at),
    )
    db.conn.execute("INSERT INTO status_history (request_id, status, note, actor, at) VALUES (?, 'new', '', "
                    "'homeowner', ?)", (request_id, new.created_at))
    add_activity(db, new.dealer, "request", f"{reference}: {len(new.items)} item(s), {new.total}", "homeowner",
                 new.created_at, contact_id=contact_id, request_id=request_id)
    for job in jobs:
        enqueue(db, new.dealer, job.channel, job.event, job.event_id,
                {**job.payload, "request_id": request_id, "reference": reference}, now)
    key, body_hash, status, response = idempotency
    db.conn.execute("INSERT INTO idempotency_keys (dealer, key, body_hash, status, response, request_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (new.dealer, key, body_hash, status, response, request_id, now))
    return request_id


def count_requests(db: sqlite_utils.Database, dealer: str | None = None) -> int:
    """How many quote requests are stored (for one dealer, or all)."""
    if dealer is None:
        return int(db.execute("SELECT COUNT(*) FROM quote_requests").fetchone()[0])
    return int(db.execute("SELECT COUNT(*) FROM quote_requests WHERE dealer = ?", [dealer]).fetchone()[0])
