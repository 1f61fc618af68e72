"""The SQL of erasure that reaches into free text: every copy of a contact, and scrubbing the texts.

The text rules (what counts as the homeowner's name or phone inside a sentence) live in
``server.backoffice.scrub``; here they arrive as two plain functions, registered on the
connection for the length of one erasure so each UPDATE touches only the rows that hold
something, in one statement per table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import sqlite_utils

__all__ = ["personal_copies", "scrub_free_text"]

_CONTACT_FIELDS = ("name", "email", "phone", "company", "street", "house_number", "postcode", "city")


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def personal_copies(db: sqlite_utils.Database, dealer: str, contact_id: int,
                    request_ids: Sequence[int]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every copy of the contact's fields (the contact, each request's copy, each quote's buyer and the
    name typed on acceptance) and the homeowner's item notes, read before anything is overwritten."""
    row = db.execute(f"SELECT {', '.join(_CONTACT_FIELDS)} FROM contacts WHERE id = ? AND dealer = ?",
                     [contact_id, dealer]).fetchone()
    copies: list[dict[str, Any]] = [dict(zip(_CONTACT_FIELDS, row, strict=True))] if row else []
    notes: list[str] = []
    if not request_ids:
        return copies, notes
    marks = _marks(request_ids)
    for (contact_json,) in db.execute(f"SELECT contact_json FROM quote_requests WHERE id IN ({marks})",
                                      list(request_ids)).fetchall():
        copies.append(msgspec.json.decode(contact_json))
    for buyer, accepted_name in db.execute(f"SELECT buyer, accepted_name FROM quotes WHERE dealer = ? AND "
                                           f"request_id IN ({marks})", [dealer, *request_ids]).fetchall():
        copies.append(msgspec.json.decode(buyer))
        if accepted_name:
            copies.append({"name": accepted_name})
    notes = [n for (n,) in db.execute(f"SELECT note FROM quote_items WHERE request_id IN ({marks})",
                                      list(request_ids)).fetchall() if n]
    return copies, notes


def scrub_free_text(db: sqlite_utils.Database, dealer: str, contact_id: int, request_ids: Sequence[int],
                    scrub: Callable[[str], str], drop_notes: Callable[[str], str],
                    holds: Callable[[str], bool]) -> None:
    """Scrub the contact's identifiers out of the dealer's texts (quote intro, terms and lines, the
    activity feed, the audit log, notification payloads and their delivery log); the homeowner's notes
    copied into quote lines are removed. Invoices are not touched: they stay as issued.

    Call inside the caller's write transaction.
    """
    conn = db.conn
    conn.create_function("venster_scrub", 1, lambda t: scrub(t) if isinstance(t, str) else t, deterministic=True)
    conn.create_function("venster_drop_notes", 1, lambda t: drop_notes(t) if isinstance(t, str) else t,
                         deterministic=True)
    conn.create_function("venster_holds", 1, lambda t: isinstance(t, str) and holds(t), deterministic=True)
    try:
        if request_ids:
            marks = _marks(request_ids)
            quotes = f"SELECT id FROM quotes WHERE dealer = ? AND request_id IN ({marks})"
            args = [dealer, *request_ids]
            # Every version of every quote of the contact's requests, sent or not.
            conn.execute(f"UPDATE quotes SET intro = venster_scrub(intro), terms = venster_scrub(terms) "
                         f"WHERE id IN ({quotes})", args)
            conn.execute(f"UPDATE quote_lines SET description = venster_drop_notes(description) "
                         f"WHERE quote_id IN ({quotes})", args)
            jobs = (f"SELECT id FROM outbox WHERE dealer = ? AND (json_extract(payload, '$.request_id') IN ({marks}) "
                    f"OR json_extract(payload, '$.quote_id') IN ({quotes}))")
            job_args = [dealer, *request_ids, *args]
            # A scrubbed payload that is no longer JSON (it cannot be: the placeholder holds no quote) stays.
            conn.execute(f"UPDATE outbox SET payload = CASE WHEN json_valid(venster_scrub(payload)) THEN "
                         f"venster_scrub(payload) ELSE payload END, last_error = venster_scrub(last_error) "
                         f"WHERE id IN ({jobs})", job_args)
            conn.execute(f"UPDATE delivery_attempts SET detail = venster_scrub(detail) WHERE outbox_id IN ({jobs})",
                         job_args)
            conn.execute(f"UPDATE activity SET text = venster_scrub(text) WHERE dealer = ? AND request_id IN ({marks}) "
                         f"AND venster_holds(text)", [dealer, *request_ids])
        conn.execute("UPDATE activity SET text = venster_scrub(text) WHERE dealer = ? AND contact_id = ? "
                     "AND venster_holds(text)", [dealer, contact_id])
        # The audit log names contacts by id, but a detail may quote what was typed.
        conn.execute("UPDATE audit_log SET subject = venster_scrub(subject), detail = venster_scrub(detail) "
                     "WHERE dealer = ? AND (venster_holds(subject) OR venster_holds(detail))", [dealer])
    finally:
        for name in ("venster_scrub", "venster_drop_notes", "venster_holds"):
            conn.create_function(name, 1, None)
