"""Contacts: one per homeowner (matched by e-mail within a dealer), with their requests, notes and activity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
import sqlite_utils

from server.errors import ApiError, FieldError
from server.services.audit import now_iso, record
from server.services.inputs import Input
from server.services.paging import page_window, utc_text
from server.storage.activity import add_activity
from server.storage.db import write_transaction

__all__ = [
    "Activity", "ContactDetail", "ContactIn", "ContactPage", "ContactSummary", "contact_row", "create_contact",
    "get_contact", "list_contacts", "set_star", "update_contact",
]

_EDITABLE = ("name", "email", "phone", "company", "street", "house_number", "postcode", "city", "country", "notes")


class ContactIn(Input, frozen=True, kw_only=True):
    """A contact as added or edited by hand."""

    name: str
    email: str
    phone: str = ""
    company: str | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    notes: str = ""


class ContactSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    email: str
    company: str | None
    city: str
    starred: bool
    requests: int
    last_request_at: str | None
    erased: bool


class ContactPage(msgspec.Struct, frozen=True, kw_only=True):
    contacts: list[ContactSummary]
    total_count: int
    page: int
    pages: int


class Activity(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    text: str
    actor: str
    at: str
    reference: str | None


class ContactDetail(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    email: str
    phone: str
    company: str | None
    street: str
    house_number: str
    postcode: str
    city: str
    country: str
    notes: str
    starred: bool
    source: str
    created_at: str
    updated_at: str
    erased_at: str | None
    requests: list[dict[str, Any]]
    activity: list[Activity]


def check_contact(c: ContactIn) -> list[FieldError]:
    """Every problem at once, naming the field."""
    from server.services.intake_checks import plausible_email  # the same rule as the public form

    errors = []
    if not c.name.strip() or len(c.name) > 200:
        errors.append(FieldError(field="name", message="1 to 200 characters"))
    if len(c.email) > 254 or not plausible_email(c.email.strip()):
        errors.append(FieldError(field="email", message="Expected an e-mail address like name@example.nl"))
    for name, limit in (("phone", 40), ("company", 200), ("street", 200), ("house_number", 20), ("postcode", 20),
                        ("city", 100), ("country", 2), ("notes", 5000)):
        value = getattr(c, name) or ""
        if len(value) > limit:
            errors.append(FieldError(field=name, message=f"At most {limit} characters"))
    return errors


def contact_row(db: sqlite_utils.Database, dealer: str, contact_id: int) -> tuple:
    """The contact's row; 404 when missing or another dealer's (the same answer)."""
    row = db.execute("SELECT id, name, email, phone, company, street, house_number, postcode, city, country, notes, "
                     "starred, source, created_at, updated_at, erased_at FROM contacts WHERE id = ? AND dealer = ?",
                     [contact_id, dealer]).fetchone()
    if row is None:
        raise ApiError(404, f"No contact {contact_id}")
    return row


# The last change of a contact: its own fields, or anything in its activity feed (a request,
# a status change, a note, a quote sent or answered, an erasure).
_UPDATED = "max(c.updated_at, coalesce((SELECT max(a.at) FROM activity a WHERE a.contact_id = c.id), ''))"


def list_contacts(db: sqlite_utils.Database, dealer: str, q: str | None = None, starred: bool = False,
                  page: int = 1, per_page: int = 50, updated_since: datetime | None = None,
                  clamp: bool = True) -> ContactPage:
    """Search by name, e-mail or company; starred only when asked; most recently active first.

    ``updated_since`` keeps contacts changed (or with activity) at or after that moment; see
    :func:`page_window` for ``clamp``.
    """
    per_page = max(1, min(100, per_page))
    clauses, args = ["c.dealer = ?"], [dealer]
    if starred:
        clauses.append("c.starred = 1")
    if updated_since is not None:
        clauses.append(f"{_UPDATED} >= ?")
        args.append(utc_text(updated_since))
    if q and q.strip():
        like = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")[:100] + "%"
        clauses.append("(lower(c.name) LIKE ? ESCAPE '\\' OR lower(c.email) LIKE ? ESCAPE '\\' "
                       "OR lower(coalesce(c.company, '')) LIKE ? ESCAPE '\\')")
        args += [like] * 3
    where = " AND ".join(clauses)
    total = int(db.execute(f"SELECT COUNT(*) FROM contacts c WHERE {where}", args).fetchone()[0])
    page, pages, offset = page_window(page, total, per_page, clamp)
    rows = db.execute(
        f"SELECT c.id, c.name, c.email, c.company, c.city, c.starred, "
        f"(SELECT COUNT(*) FROM quote_requests r WHERE r.contact_id = c.id), "
        f"(SELECT MAX(created_at) FROM quote_requests r WHERE r.contact_id = c.id), c.erased_at "
        f"FROM contacts c WHERE {where} ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?",
        [*args, per_page, offset]).fetchall()
    return ContactPage(contacts=[ContactSummary(id=r[0], name=r[1], email=r[2], company=r[3], city=r[4],
                                                starred=bool(r[5]), requests=int(r[6]), last_request_at=r[7],
                                                erased=r[8] is not None) for r in rows],
                       total_count=total, page=page, pages=pages)


def get_contact(db: sqlite_utils.Database, dealer: str, contact_id: int) -> ContactDetail:
    """One contact of ``dealer`` with all their requests and the activity feed (newest first)."""
    r = contact_row(db, dealer, contact_id)
    requests = [{"reference": q[0], "created_at": q[1], "status": q[2], "total": q[3], "currency": q[4]}
                for q in db.execute("SELECT reference, created_at, status, total, currency FROM quote_requests "
                                    "WHERE contact_id = ? AND dealer = ? ORDER BY created_at DESC",
                                    [contact_id, dealer]).fetchall()]
    activity = [Activity(kind=a[0], text=a[1], actor=a[2], at=a[3], reference=a[4]) for a in db.execute(
        "SELECT a.kind, a.text, a.actor, a.at, r.reference FROM activity a LEFT JOIN quote_requests r "
        "ON r.id = a.request_id WHERE a.contact_id = ? AND a.dealer = ? ORDER BY a.id DESC LIMIT 200",
        [contact_id, dealer]).fetchall()]
    return ContactDetail(id=r[0], name=r[1], email=r[2], phone=r[3], company=r[4], street=r[5], house_number=r[6],
                         postcode=r[7], city=r[8], country=r[9], notes=r[10], starred=bool(r[11]), source=r[12],
                         created_at=r[13], updated_at=r[14], erased_at=r[15], requests=requests, activity=activity)


def _values(c: ContactIn) -> dict[str, Any]:
    values = {name: (getattr(c, name) or "").strip() for name in _EDITABLE}
    values["email"] = values["email"].lower()
    values["company"] = (c.company or "").strip() or None
    values["country"] = values["country"].upper()
    return values


def create_contact(db: sqlite_utils.Database, dealer: str, c: ContactIn, actor: str) -> ContactDetail:
    """Add a contact by hand; 422 naming each bad field, 409 when the e-mail is already a contact."""
    errors = check_contact(c)
    if errors:
        raise ApiError(422, "The contact has errors", errors)
    values = _values(c)
    at = now_iso()
    with write_transaction(db):
        if db.execute("SELECT 1 FROM contacts WHERE dealer = ? AND email = ?", [dealer, values["email"]]).fetchone():
            raise ApiError(409, "This e-mail address is already a contact",
                           [FieldError(field="email", message="Already a contact")])
        cursor = db.conn.execute(
            "INSERT INTO contacts (dealer, email, name, phone, company, street, house_number, postcode, city, country, "
            "notes, source, created_at, updated_at) VALUES (:dealer, :email, :name, :phone, :company, :street, "
            ":house_number, :postcode, :city, :country, :notes, 'manual', :at, :at)", {"dealer": dealer, "at": at,
                                                                                       **values})
        contact_id = int(cursor.lastrowid or 0)
        add_activity(db, dealer, "created", "", actor, at, contact_id=contact_id)
        record(db, dealer, actor, "contact.create", f"contact {contact_id}")
    return get_contact(db, dealer, contact_id)


def update_contact(db: sqlite_utils.Database, dealer: str, contact_id: int, c: ContactIn,
                   actor: str) -> ContactDetail:
    """Edit a contact; an erased contact cannot be edited (409)."""
    errors = check_contact(c)
    if errors:
        raise ApiError(422, "The contact has errors", errors)
    values = _values(c)
    with write_transaction(db):
        row = contact_row(db, dealer, contact_id)
        if row[15] is not None:
            raise ApiError(409, "This contact was erased")
        clash = db.execute("SELECT id FROM contacts WHERE dealer = ? AND email = ? AND id != ?",
                           [dealer, values["email"], contact_id]).fetchone()
        if clash:
            raise ApiError(409, "Another contact has this e-mail address",
                           [FieldError(field="email", message="Already another contact")])
        at = now_iso()
        changed = [name for i, name in enumerate(_EDITABLE) if (row[1:11][i] or "") != (values[name] or "")]
        db.conn.execute("UPDATE contacts SET name = :name, email = :email, phone = :phone, company = :company, "
                        "street = :street, house_number = :house_number, postcode = :postcode, city = :city, "
                        "country = :country, notes = :notes, updated_at = :at WHERE id = :id",
                        {**values, "at": at, "id": contact_id})
        if changed:
            add_activity(db, dealer, "edited", ", ".join(changed), actor, at, contact_id=contact_id)
            record(db, dealer, actor, "contact.edit", f"contact {contact_id}", ", ".join(changed))
    return get_contact(db, dealer, contact_id)


def set_star(db: sqlite_utils.Database, dealer: str, contact_id: int, starred: bool) -> None:
    """Star or unstar a contact."""
    with write_transaction(db):
        contact_row(db, dealer, contact_id)
        db.conn.execute("UPDATE contacts SET starred = ? WHERE id = ?", (int(starred), contact_id))
