"""SQL for contacts: search, one contact with its requests and activity, add, edit, star.

Rows come back as dicts keyed by column name, each column named as the service struct's field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import sqlite_utils

from server.storage.requests import ContactCopy
from server.storage.search import like_pattern

__all__ = [
    "ContactValues", "activity_rows", "contact_by_id", "count_contacts", "email_owner", "insert_contact",
    "page_rows", "request_rows", "set_starred", "update_contact",
]

_COLUMNS = ("id, name, email, phone, company, street, house_number, postcode, city, country, notes, starred, "
            "source, created_at, updated_at, erased_at")

# The last change of a contact: its own fields, or anything in its activity feed (a request,
# a status change, a note, a quote sent or answered, an erasure).
_UPDATED = "max(c.updated_at, coalesce((SELECT max(a.at) FROM activity a WHERE a.contact_id = c.id), ''))"


class ContactValues(ContactCopy, frozen=True, kw_only=True):
    """The editable fields of a contact as stored (already trimmed and normalised by the service)."""

    notes: str = ""


def contact_by_id(db: sqlite_utils.Database, dealer: str, contact_id: int) -> dict[str, Any] | None:
    """The contact's row, or None when missing or another dealer's (the same answer)."""
    return next(db.query(f"SELECT {_COLUMNS} FROM contacts WHERE id = ? AND dealer = ?", [contact_id, dealer]), None)


def _where(dealer: str, q: str | None, starred: bool, updated_since: str | None) -> tuple[str, list[Any]]:
    clauses, args = ["c.dealer = ?"], [dealer]
    if starred:
        clauses.append("c.starred = 1")
    if updated_since is not None:
        clauses.append(f"{_UPDATED} >= ?")
        args.append(updated_since)
    if q and q.strip():
        like = like_pattern(q)
        clauses.append("(lower(c.name) LIKE ? ESCAPE '\\' OR lower(c.email) LIKE ? ESCAPE '\\' "
                       "OR lower(coalesce(c.company, '')) LIKE ? ESCAPE '\\')")
        args += [like] * 3
    return " AND ".join(clauses), args


def count_contacts(db: sqlite_utils.Database, dealer: str, q: str | None, starred: bool,
                   updated_since: str | None) -> int:
    """How many contacts the search selects (``updated_since`` is stored UTC text)."""
    where, args = _where(dealer, q, starred, updated_since)
    return int(db.execute(f"SELECT COUNT(*) FROM contacts c WHERE {where}", args).fetchone()[0])


def page_rows(db: sqlite_utils.Database, dealer: str, q: str | None, starred: bool, updated_since: str | None,
              limit: int, offset: int) -> Iterator[dict[str, Any]]:
    """One page of the search, most recently changed first; columns named as ``ContactSummary``'s fields."""
    where, args = _where(dealer, q, starred, updated_since)
    return db.query(
        f"SELECT c.id, c.name, c.email, c.company, c.city, c.starred, "
        f"(SELECT COUNT(*) FROM quote_requests r WHERE r.contact_id = c.id) AS requests, "
        f"(SELECT MAX(created_at) FROM quote_requests r WHERE r.contact_id = c.id) AS last_request_at, "
        f"c.erased_at IS NOT NULL AS erased "
        f"FROM contacts c WHERE {where} ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?",
        [*args, limit, offset])


def request_rows(db: sqlite_utils.Database, dealer: str, contact_id: int) -> Iterator[dict[str, Any]]:
    """The contact's requests, newest first."""
    return db.query("SELECT reference, created_at, status, total, currency FROM quote_requests "
                    "WHERE contact_id = ? AND dealer = ? ORDER BY created_at DESC", [contact_id, dealer])


def activity_rows(db: sqlite_utils.Database, dealer: str, contact_id: int,
                  limit: int = 200) -> Iterator[dict[str, Any]]:
    """The contact's activity feed, newest first, with the reference of the request each line is about."""
    return db.query(
        "SELECT a.kind, a.text, a.actor, a.at, r.reference FROM activity a LEFT JOIN quote_requests r "
        "ON r.id = a.request_id WHERE a.contact_id = ? AND a.dealer = ? ORDER BY a.id DESC LIMIT ?",
        [contact_id, dealer, limit])


def email_owner(db: sqlite_utils.Database, dealer: str, email: str, other_than: int | None = None) -> int | None:
    """The id of ``dealer``'s contact with ``email`` (not counting ``other_than``), or None."""
    row = db.execute("SELECT id FROM contacts WHERE dealer = ? AND email = ? AND id != ?",
                     [dealer, email, -1 if other_than is None else other_than]).fetchone()
    return None if row is None else int(row[0])


def insert_contact(db: sqlite_utils.Database, dealer: str, values: ContactValues, at: str) -> int:
    """Add a contact entered by hand; its id (the caller holds the write transaction)."""
    cursor = db.conn.execute(
        "INSERT INTO contacts (dealer, email, name, phone, company, street, house_number, postcode, city, country, "
        "notes, source, created_at, updated_at) VALUES (:dealer, :email, :name, :phone, :company, :street, "
        ":house_number, :postcode, :city, :country, :notes, 'manual', :at, :at)",
        {"dealer": dealer, "at": at, **msgspec.structs.asdict(values)})
    return int(cursor.lastrowid or 0)


def update_contact(db: sqlite_utils.Database, contact_id: int, values: ContactValues, at: str) -> None:
    """Overwrite the editable fields (the caller holds the write transaction)."""
    db.conn.execute("UPDATE contacts SET name = :name, email = :email, phone = :phone, company = :company, "
                    "street = :street, house_number = :house_number, postcode = :postcode, city = :city, "
                    "country = :country, notes = :notes, updated_at = :at WHERE id = :id",
                    {**msgspec.structs.asdict(values), "at": at, "id": contact_id})


def set_starred(db: sqlite_utils.Database, contact_id: int, starred: bool) -> None:
    """Star or unstar (the caller holds the write transaction)."""
    db.conn.execute("UPDATE contacts SET starred = ? WHERE id = ?", (int(starred), contact_id))
