"""Contacts: one per homeowner (matched by e-mail within a dealer), with their requests, notes and activity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
import sqlite_utils

from server.services.audit import now_iso, record
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound
from server.services.inputs import Input
from server.services.paging import page_window, utc_text
from server.storage import contacts as store
from server.storage.activity import add_activity
from server.storage.db import write_transaction

__all__ = [
    "Activity", "ContactDetail", "ContactIn", "ContactPage", "ContactRequest", "ContactSummary", "check_contact",
    "contact_erased", "create_contact", "erased_at", "get_contact", "list_contacts", "set_star", "update_contact",
]


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


class ContactRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One request of a contact, as their page lists it."""

    reference: str
    created_at: str
    status: str
    total: str
    currency: str


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
    requests: list[ContactRequest]
    activity: list[Activity]


def check_contact(c: ContactIn) -> list[FieldProblem]:
    """Every problem at once, naming the field."""
    from server.services.intake_checks import plausible_email  # the same rule as the public form

    problems = []
    if not c.name.strip() or len(c.name) > 200:
        problems.append(FieldProblem(field="name", code="contact.name.length", params={"min": 1, "max": 200}))
    if len(c.email) > 254 or not plausible_email(c.email.strip()):
        problems.append(FieldProblem(field="email", code="input.email"))
    for name, limit in (("phone", 40), ("company", 200), ("street", 200), ("house_number", 20), ("postcode", 20),
                        ("city", 100), ("country", 2), ("notes", 5000)):
        if len(getattr(c, name) or "") <= limit:
            continue
        if name == "country":  # a country is a 2-letter code, not just a short text
            problems.append(FieldProblem(field=name, code="contact.country.length", params={"max": limit}))
        else:
            problems.append(FieldProblem(field=name, code="input.too_long", params={"max": limit}))
    return problems


def _row(db: sqlite_utils.Database, dealer: str, contact_id: int) -> dict[str, Any]:
    """The contact's row; not found when missing or another dealer's (the same answer)."""
    row = store.contact_by_id(db, dealer, contact_id)
    if row is None:
        raise NotFound("contact.not_found", {"contact_id": contact_id})
    return row


def erased_at(db: sqlite_utils.Database, dealer: str, contact_id: int) -> str | None:
    """When the contact was erased (None: not erased); not found when missing or another dealer's."""
    value = _row(db, dealer, contact_id)["erased_at"]
    return None if value is None else str(value)


def contact_erased(db: sqlite_utils.Database, dealer: str, contact_id: int) -> bool:
    """True when the contact of ``dealer`` exists and was erased."""
    row = store.contact_by_id(db, dealer, contact_id)
    return bool(row and row["erased_at"])


def list_contacts(db: sqlite_utils.Database, dealer: str, q: str | None = None, starred: bool = False,
                  page: int = 1, per_page: int = 50, updated_since: datetime | None = None,
                  clamp: bool = True) -> ContactPage:
    """Search by name, e-mail or company; starred only when asked; most recently active first.

    ``updated_since`` keeps contacts changed (or with activity) at or after that moment; see
    :func:`page_window` for ``clamp``.
    """
    per_page = max(1, min(100, per_page))
    since = utc_text(updated_since) if updated_since is not None else None
    total = store.count_contacts(db, dealer, q, starred, since)
    page, pages, offset = page_window(page, total, per_page, clamp)
    rows = list(store.page_rows(db, dealer, q, starred, since, per_page, offset))
    return ContactPage(contacts=msgspec.convert(rows, list[ContactSummary], strict=False), total_count=total,
                       page=page, pages=pages)


def get_contact(db: sqlite_utils.Database, dealer: str, contact_id: int) -> ContactDetail:
    """One contact of ``dealer`` with all their requests and the activity feed (newest first)."""
    row = _row(db, dealer, contact_id)
    return msgspec.convert({**row, "requests": list(store.request_rows(db, dealer, contact_id)),
                            "activity": list(store.activity_rows(db, dealer, contact_id))}, ContactDetail,
                           strict=False)


def _values(c: ContactIn) -> store.ContactValues:
    """The fields as stored: trimmed, the e-mail lower-case, the country upper-case, no company as NULL."""
    return store.ContactValues(
        name=c.name.strip(), email=c.email.strip().lower(), phone=c.phone.strip(),
        company=(c.company or "").strip() or None, street=c.street.strip(), house_number=c.house_number.strip(),
        postcode=c.postcode.strip(), city=c.city.strip(), country=c.country.strip().upper(), notes=c.notes.strip())


def create_contact(db: sqlite_utils.Database, dealer: str, c: ContactIn, actor: str) -> ContactDetail:
    """Add a contact by hand; :class:`Invalid` naming each bad field, :class:`Conflict` when the e-mail is taken."""
    problems = check_contact(c)
    if problems:
        raise Invalid(problems, code="contact.invalid")
    values = _values(c)
    at = now_iso()
    with write_transaction(db):
        if store.email_owner(db, dealer, values.email) is not None:
            raise Conflict("contact.email_taken", problems=[FieldProblem(field="email", code="contact.email.taken")])
        contact_id = store.insert_contact(db, dealer, values, at)
        add_activity(db, dealer, "created", "", actor, at, contact_id=contact_id)
        record(db, dealer, actor, "contact.create", f"contact {contact_id}")
    return get_contact(db, dealer, contact_id)


def update_contact(db: sqlite_utils.Database, dealer: str, contact_id: int, c: ContactIn,
                   actor: str) -> ContactDetail:
    """Edit a contact; an erased contact cannot be edited (:class:`Conflict` ``contact.erased``)."""
    problems = check_contact(c)
    if problems:
        raise Invalid(problems, code="contact.invalid")
    values = _values(c)
    with write_transaction(db):
        row = _row(db, dealer, contact_id)
        if row["erased_at"] is not None:
            raise Conflict("contact.erased")
        if store.email_owner(db, dealer, values.email, other_than=contact_id) is not None:
            raise Conflict("contact.email_other", problems=[FieldProblem(field="email", code="contact.email.other")])
        at = now_iso()
        changed = [name for name, value in msgspec.structs.asdict(values).items() if (row[name] or "") != (value or "")]
        store.update_contact(db, contact_id, values, at)
        if changed:
            add_activity(db, dealer, "edited", ", ".join(changed), actor, at, contact_id=contact_id)
            record(db, dealer, actor, "contact.edit", f"contact {contact_id}", ", ".join(changed))
    return get_contact(db, dealer, contact_id)


def set_star(db: sqlite_utils.Database, dealer: str, contact_id: int, starred: bool) -> None:
    """Star or unstar a contact."""
    with write_transaction(db):
        _row(db, dealer, contact_id)
        store.set_starred(db, contact_id, starred)
