"""The SQL of erasure that reaches into free text: every copy of a contact, and scrubbing the texts.

The text rules (what counts as the homeowner's name or phone inside a sentence) live in
``server.services.scrub``; here they arrive as a :class:`TextScrubber`, whose methods are
registered on the connection for the length of one erasure so each UPDATE touches only the
rows that hold something, in one statement per table. Only rows about the contact are
touched: its quotes, activity, notifications and the audit entries naming it, its
requests or its quotes; the bare name parts and the phone tail only in the quotes' texts
and the activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import msgspec
import sqlite_utils

__all__ = ["TextScrubber", "personal_copies", "scrub_free_text"]

_CONTACT_FIELDS = ("name", "email", "phone", "company", "street", "house_number", "postcode", "city")


class TextScrubber(Protocol):
    """What erasure needs of the text rules (``server.services.scrub.Scrubber``)."""

    def scrub(self, text: str) -> str:
        """Every identifier replaced, bare name parts and the phone tail included."""

    def scrub_exact(self, text: str) -> str:
        """Only what names this contact alone replaced (full name, e-mail, full phone, address)."""

    def drop_notes(self, text: str) -> str:
        """The homeowner's copied notes removed, then scrubbed."""

    def holds(self, text: str) -> bool:
        """Whether :meth:`scrub` changes ``text``."""

    def holds_exact(self, text: str) -> bool:
        """Whether :meth:`scrub_exact` changes ``text``."""


def _marks(ids: Sequence[object]) -> str:
    """One ``?`` placeholder per value, for an ``IN (...)`` list."""
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
                    scrubber: TextScrubber) -> None:
    """Scrub the contact's identifiers out of the dealer's texts about the contact; the homeowner's notes
    copied into quote lines are removed. Invoices are not touched: they stay as issued.

    The quotes' intro, terms and lines and the contact's activity lose every identifier; notification
    payloads, their delivery log and the audit entries about the contact, its requests or its quotes
    lose the exact ones (full name, e-mail, full phone, address): they are evidence, and a bare first
    name or seven digits there may as well be a colleague's address or a quote number. Nothing else of
    the dealer's is read.

    Call inside the caller's write transaction.
    """
    conn = db.conn

    def text_function(method: Any) -> Any:  # noqa: ANN401 - a SQL function passes other types through
        return lambda t: method(t) if isinstance(t, str) else t

    functions = {"venster_scrub": text_function(scrubber.scrub), "venster_exact": text_function(scrubber.scrub_exact),
                 "venster_drop_notes": text_function(scrubber.drop_notes),
                 "venster_holds": lambda t: isinstance(t, str) and scrubber.holds(t),
                 "venster_holds_exact": lambda t: isinstance(t, str) and scrubber.holds_exact(t)}
    for name, function in functions.items():
        conn.create_function(name, 1, function, deterministic=True)
    try:
        subjects = [f"contact {contact_id}"]
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
            conn.execute(f"UPDATE outbox SET payload = CASE WHEN json_valid(venster_exact(payload)) THEN "
                         f"venster_exact(payload) ELSE payload END, last_error = venster_exact(last_error) "
                         f"WHERE id IN ({jobs})", job_args)
            conn.execute(f"UPDATE delivery_attempts SET detail = venster_exact(detail) WHERE outbox_id IN ({jobs})",
                         job_args)
            conn.execute(f"UPDATE activity SET text = venster_scrub(text) WHERE dealer = ? AND request_id IN ({marks}) "
                         f"AND venster_holds(text)", [dealer, *request_ids])
            subjects += [r[0] for r in conn.execute(f"SELECT reference FROM quote_requests WHERE dealer = ? AND id IN "
                                                    f"({marks})", args).fetchall()]
            subjects += [r[0] for r in conn.execute(f"SELECT DISTINCT number FROM quotes WHERE id IN ({quotes})",
                                                    args).fetchall()]
        conn.execute("UPDATE activity SET text = venster_scrub(text) WHERE dealer = ? AND contact_id = ? "
                     "AND venster_holds(text)", [dealer, contact_id])
        # The audit log names contacts by id, requests by reference and quotes by number; an entry about
        # one of them may quote what was typed. Other entries (settings, users, keys) are left as written.
        named = _marks(subjects)
        conn.execute(f"UPDATE audit_log SET subject = venster_exact(subject), detail = venster_exact(detail) "
                     f"WHERE dealer = ? AND (subject IN ({named}) OR detail IN ({named})) "
                     f"AND (venster_holds_exact(subject) OR venster_holds_exact(detail))",
                     [dealer, *subjects, *subjects])
    finally:
        for name in functions:
            conn.create_function(name, 1, None)
