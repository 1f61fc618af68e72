"""The API-keys page: the dealer's keys listed, a new one made (shown once), one revoked after a confirmation.

Keys are :mod:`server.services.keys`' (only a hash is stored): the page that answers the
creating form is the only place a key is ever shown; the list shows its prefix. Works without
JavaScript; with it a copy button puts the new key on the clipboard (``/admin/static/copy.js``).
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import PathParameter

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, csp, render
from server.admin.core import redirect as go
from server.admin.errors import page_words
from server.admin.texts import texts
from server.services.errors import Conflict
from server.services.form_once import new_once, use_once
from server.services.keys import MAX_ACTIVE_KEYS, ApiKey, NewKey, create_key, list_keys, revoke_key

__all__ = ["ROUTES"]

Prefix = Annotated[str, PathParameter(max_length=20)]
KINDS = ("read-write", "read-only")
_NAME_MAX = 100  # the service cuts a label here


def _page(request: Request, db: Db, session: Auth, *, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, new: NewKey | None = None, status: int = 200,
          **extra: Any) -> Response:
    keys = list_keys(db, session.dealer)
    return render(request, "keys.html", status=status, section="keys", keys=keys, new=new,
                  active=sum(1 for k in keys if k.revoked_at is None), limit=MAX_ACTIVE_KEYS,
                  values=values or {"name": "", "kind": "read-write"}, errors=errors or {}, once=new_once(),
                  headers={"Content-Security-Policy": csp(scripts=new is not None)}, **extra)


def _own_key(db: Db, session: Auth, prefix: str) -> ApiKey:
    """The dealer's key with ``prefix``; another dealer's key is as unknown as a made-up one (404)."""
    key = next((k for k in list_keys(db, session.dealer) if k.prefix == prefix), None)
    if key is None:
        raise PageError(404, "error_404")
    return key


@get("/keys", opt={"role": "owner"}, sync_to_thread=True)
def keys_page(request: Request, db: Db, session: Auth) -> Response:
    """Every key of the dealer (prefix, name, kind, created, last used, revoked) and the form for a new one."""
    revoked = request.query_params.get("revoked")
    just_revoked = next((k for k in list_keys(db, session.dealer) if k.prefix == revoked and k.revoked_at), None) \
        if isinstance(revoked, str) else None
    return _page(request, db, session, just_revoked=just_revoked)


@post("/keys", opt={"role": "owner"}, sync_to_thread=True)
def create_key_form(request: Request, db: Db, session: Auth, form: Form) -> Response:
    """Make a key; the answer shows it once (never stored, never shown again), or the form with its errors."""
    t = texts(session.user.lang)
    values = {"name": " ".join(field(form, "name", _NAME_MAX + 100).split()), "kind": field(form, "kind", 20)}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = t["keys_name_required"]
    elif len(values["name"]) > _NAME_MAX:
        errors["name"] = t["field_too_long"].format(n=_NAME_MAX)
    if values["kind"] not in KINDS:
        errors["kind"] = t["keys_kind_required"]
    if errors:
        return _page(request, db, session, values=values, errors=errors, status=422)
    # A reload of the answer page posts the same form again: it must not make a second key.
    if not use_once(db, session.dealer, field(form, "once", 100), time.time()):
        return _page(request, db, session, values=values, errors={"form": t["keys_form_used"]}, status=409)
    try:
        new = create_key(db, session.dealer, read_only=values["kind"] == "read-only", label=values["name"],
                         actor=session.user.actor)
    except Conflict as exc:
        return _page(request, db, session, values=values, errors={"form": page_words(t, exc)}, status=409)
    return _page(request, db, session, new=new, status=201)


@get("/keys/{prefix:str}/revoke", opt={"role": "owner"}, sync_to_thread=True)
def confirm_revoke(request: Request, db: Db, session: Auth, prefix: Prefix) -> Response:
    """The confirmation step: which key, what stops working, and the button that revokes it."""
    key = _own_key(db, session, prefix)
    return render(request, "key_revoke.html", section="keys", key=key)


@post("/keys/{prefix:str}/revoke", opt={"role": "owner"}, sync_to_thread=True)
def revoke_key_form(db: Db, session: Auth, prefix: Prefix) -> Response:
    """Revoke the key at once (audit-logged by the service); back to the list, which says so."""
    _own_key(db, session, prefix)
    revoke_key(db, prefix, dealer=session.dealer, actor=session.user.actor)
    return go(f"/admin/keys?revoked={prefix}")


ROUTES = [keys_page, create_key_form, confirm_revoke, revoke_key_form]
