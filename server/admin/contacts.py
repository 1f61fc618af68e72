"""Contacts in the back office: search and stars, one contact with requests and activity, add and edit, GDPR tools."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get, post

from server.admin.auth import field, safe_next
from server.admin.core import Auth, Db, Form, Id, PageError, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors
from server.admin.requests import actor_label
from server.admin.texts import texts
from server.errors import status_of
from server.services import contacts as cts
from server.services.audit import record
from server.services.errors import Conflict, Invalid
from server.services.privacy import erase_contact, export_contact
from server.storage.db import write_transaction

__all__ = ["ROUTES"]

FIELDS = ("name", "email", "phone", "company", "street", "house_number", "postcode", "city", "country", "notes")
_MAX_ID = 2**62


def _id(contact_id: Id) -> int:
    # Larger numbers do not fit SQLite's integers: the same 404 as any unknown contact.
    if not 1 <= contact_id <= _MAX_ID:
        raise PageError(404, "error_404")
    return contact_id


def _from_form(form: Form) -> dict[str, str]:
    return {name: field(form, name, 6000) for name in FIELDS}


def _contact_in(values: dict[str, str]) -> cts.ContactIn:
    return cts.ContactIn(name=values["name"], email=values["email"].strip(), phone=values["phone"],
                         company=values["company"].strip() or None, street=values["street"],
                         house_number=values["house_number"], postcode=values["postcode"], city=values["city"],
                         country=values["country"].strip() or "NL", notes=values["notes"])


@get("/contacts", sync_to_thread=True)
def contacts_page(request: Request, db: Db, session: Auth) -> Response:
    """Search by name, e-mail or company; starred only; most recently active first."""
    q = str(request.query_params.get("q") or "")[:100]
    starred = request.query_params.get("starred") == "1"
    raw_page = str(request.query_params.get("page") or "1")
    page_no = min(int(raw_page), 1_000_000) if raw_page.isdigit() else 1
    page = cts.list_contacts(db, session.dealer, q=q or None, starred=starred, page=page_no)
    shown = {"q": q, "starred": "1" if starred else ""}
    return render(request, "contacts.html", section="contacts", page=page, shown=shown,
                  qs=lambda **changes: urlencode({k: v for k, v in {**shown, **changes}.items() if v}))


@post("/contacts/{contact_id:int}/star", sync_to_thread=True)
def star(db: Db, session: Auth, form: Form, contact_id: Id) -> Response:
    """Star or unstar; back to where the button was."""
    cts.set_star(db, session.dealer, _id(contact_id), field(form, "star", 2) == "1")
    return go(safe_next(field(form, "next", 500)))


def _form_page(request: Request, values: dict[str, str], errors: dict[str, str], contact_id: int | None,
               status: int = 200) -> Response:
    return render(request, "contact_form.html", status=status, section="contacts", values=values, errors=errors,
                  contact_id=contact_id, fields=FIELDS)


_EMPTY = dict.fromkeys(FIELDS, "") | {"country": "NL"}


@get("/contacts/new", opt={"role": "staff"}, sync_to_thread=False)
def new_contact_page(request: Request, session: Auth) -> Response:
    """The form to add a contact by hand."""
    return _form_page(request, dict(_EMPTY), {}, None)


@post("/contacts/new", sync_to_thread=True)
def new_contact(request: Request, db: Db, session: Auth, form: Form) -> Response:
    """Add the contact; every field error shown at once."""
    values = _from_form(form)
    try:
        made = cts.create_contact(db, session.dealer, _contact_in(values), session.user.actor)
    except (Invalid, Conflict) as exc:
        return _form_page(request, values, form_errors(texts(session.user.lang), exc), None,
                          status=status_of(exc))
    return go(f"/admin/contacts/{made.id}", "contact_created")


def _values(detail: cts.ContactDetail) -> dict[str, str]:
    return {name: str(getattr(detail, name) or "") for name in FIELDS}


@get("/contacts/{contact_id:int}", sync_to_thread=True)
def contact_page(request: Request, db: Db, session: Auth, contact_id: Id) -> Response:
    """Fields, all their requests, the activity feed, notes; the view is recorded in the audit log."""
    detail = cts.get_contact(db, session.dealer, _id(contact_id))
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "contact.view", f"contact {detail.id}")
    lang = session.user.lang
    return render(request, "contact.html", section="contacts", c=detail, here_path=f"/admin/contacts/{detail.id}",
                  actor=lambda a: actor_label(a, lang))


@get("/contacts/{contact_id:int}/edit", opt={"role": "staff"}, sync_to_thread=True)
def edit_contact_page(request: Request, db: Db, session: Auth, contact_id: Id) -> Response:
    """The edit form, filled in."""
    detail = cts.get_contact(db, session.dealer, _id(contact_id))
    if detail.erased_at:
        raise PageError(409, "erased_notice")
    return _form_page(request, _values(detail), {}, detail.id)


@post("/contacts/{contact_id:int}/edit", sync_to_thread=True)
def edit_contact(request: Request, db: Db, session: Auth, form: Form, contact_id: Id) -> Response:
    """Save the edit; every field error shown at once; an erased contact cannot be edited."""
    values = _from_form(form)
    try:
        cts.update_contact(db, session.dealer, _id(contact_id), _contact_in(values), session.user.actor)
    except (Invalid, Conflict) as exc:
        if exc.code == "contact.erased":
            raise PageError(409, "erased_notice") from None
        return _form_page(request, values, form_errors(texts(session.user.lang), exc), contact_id,
                          status=status_of(exc))
    return go(f"/admin/contacts/{contact_id}", "contact_saved")


@post("/contacts/{contact_id:int}/notes", sync_to_thread=True)
def save_notes(request: Request, db: Db, session: Auth, form: Form, contact_id: Id) -> Response:
    """Only the notes change; the other fields stay as they are."""
    detail = cts.get_contact(db, session.dealer, _id(contact_id))
    if detail.erased_at:
        raise PageError(409, "erased_notice")
    values = _values(detail) | {"notes": field(form, "notes", 6000)}
    try:
        cts.update_contact(db, session.dealer, detail.id, _contact_in(values), session.user.actor)
    except Invalid:
        raise PageError(422, "form_has_errors") from None
    return go(f"/admin/contacts/{detail.id}#notes", "contact_saved")


@get("/contacts/{contact_id:int}/export", sync_to_thread=True)
def export(db: Db, session: Auth, contact_id: Id) -> Response:
    """Everything held about this contact as JSON (GDPR access); recorded in the audit log."""
    data: dict[str, Any] = export_contact(db, session.dealer, _id(contact_id), session.user.actor)
    body = msgspec.json.format(msgspec.json.encode(data), indent=2)
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{session.dealer}-contact-{contact_id}.json"',
        "Cache-Control": "private, no-store"})


@get("/contacts/{contact_id:int}/erase", opt={"role": "staff"}, sync_to_thread=True)
def erase_page(request: Request, db: Db, session: Auth, contact_id: Id) -> Response:
    """The confirmation step: what erasing does, and a word to type."""
    detail = cts.get_contact(db, session.dealer, _id(contact_id))
    return render(request, "erase.html", section="contacts", c=detail, error="")


@post("/contacts/{contact_id:int}/erase", sync_to_thread=True)
def erase(request: Request, db: Db, session: Auth, form: Form, contact_id: Id) -> Response:
    """Erase after the word is typed; the requests stay, anonymised."""
    detail = cts.get_contact(db, session.dealer, _id(contact_id))
    t = texts(session.user.lang)
    if field(form, "confirm", 50).strip().upper() != t["erase_word"]:
        return render(request, "erase.html", status=400, section="contacts", c=detail, error=t["erase_wrong_word"])
    loaded = request.app.state.catalogs.get(session.dealer)
    webhook = loaded.catalog.dealer.webhook_url if loaded else ""
    erase_contact(db, session.dealer, detail.id, session.user.actor, webhook)
    return go(f"/admin/contacts/{detail.id}", "erased_done")


ROUTES = [contacts_page, star, new_contact_page, new_contact, contact_page, edit_contact_page, edit_contact, save_notes,
          export, erase_page, erase]
