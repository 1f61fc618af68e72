"""The branding page (Huisstijl): accent colour, the e-mails' sender name, and the logo upload.

Works without JavaScript: two plain forms, the logo one ``multipart/form-data``. Every error is
shown next to its field in the user's language, what was typed kept, nothing stored until
everything is right. Owners only (THE ROLES CONTRACT): it changes what every homeowner sees.
"""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors
from server.admin.texts import texts
from server.i18n import format_number
from server.services.branding import Branding, branding_of, checked, remove_logo, save_branding, save_logo
from server.services.catalogs import LoadedCatalog
from server.services.errors import Invalid
from server.services.logo_check import MAX_BYTES, check_logo

__all__ = ["ROUTES"]

_OWNER = {"role": "owner"}


def _catalog(state: State, session: Auth) -> LoadedCatalog:
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def _current(state: State, db: Db, session: Auth) -> tuple[LoadedCatalog, Branding]:
    loaded = _catalog(state, session)
    return loaded, branding_of(db, loaded.slug, loaded.catalog.dealer)


def _page(request: Request, current: Branding, values: dict[str, str], errors: dict[str, str],
          status: int = 200) -> Response:
    return render(request, "branding.html", status=status, section="branding", values=values, errors=errors,
                  current=current, from_catalog=not current.saved, max_kb=MAX_BYTES // 1024)


def _local(exc: Invalid, lang: str) -> Invalid:
    """``exc`` with its contrast ratios written as the user's language writes numbers (1,5 in Dutch)."""
    problems = [msgspec.structs.replace(p, params={k: format_number(v, lang) if k in ("ratio", "needed") else v
                                                   for k, v in p.params.items()}) for p in exc.problems]
    return Invalid(problems, code="branding.invalid")


def _values(current: Branding) -> dict[str, str]:
    return {"accent_colour": current.accent_colour, "sender_name": current.sender_name}


@get("/branding", opt=_OWNER, sync_to_thread=True)
def branding_page(request: Request, state: State, db: Db, session: Auth) -> Response:
    """The branding as it stands (saved, else the catalog's), the logo with its upload and removal."""
    _, current = _current(state, db, session)
    return _page(request, current, _values(current), {})


@post("/branding", opt=_OWNER, sync_to_thread=True)
def save_branding_form(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """Check the accent colour and the sender name, store both or neither (422 with the form as typed)."""
    loaded, current = _current(state, db, session)
    # Cut well past each bound, so an over-long value is refused (and shown) rather than silently shortened.
    values = {"accent_colour": field(form, "accent_colour", 100), "sender_name": field(form, "sender_name", 300)}
    try:
        new = checked(Branding(accent_colour=values["accent_colour"], sender_name=values["sender_name"],
                               logo_url=current.logo_url, logo_type=current.logo_type, saved=current.saved),
                      current)  # a field left as it was is taken as it is (a catalog accent from before the rule)
    except Invalid as exc:
        return _page(request, current, values, form_errors(texts(session.user.lang), _local(exc, session.user.lang)),
                     status=422)
    save_branding(db, loaded.slug, current, new, session.user.actor)
    state.catalogs.forget_overrides(loaded.slug)
    return go("/admin/branding", "branding_saved")


def _upload(form: Form) -> tuple[bytes, str, str]:
    """The uploaded file's first bytes (one more than allowed, so too large is seen), name and declared type."""
    upload = form.get("logo")
    if not isinstance(upload, UploadFile):
        return b"", "", ""
    upload.file.seek(0)
    return upload.file.read(MAX_BYTES + 1), upload.filename or "", upload.content_type or ""


# The form around the file (boundary, CSRF token) is small: a file somewhat past the limit still
# reaches check_logo and is refused in words; one far past it is Litestar's 413 page.
@post("/branding/logo", opt=_OWNER, sync_to_thread=True, request_max_body_size=MAX_BYTES + 128 * 1024)
def upload_logo(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """Check the uploaded logo by its bytes and store it; a refused file stores nothing (422, its reason shown)."""
    loaded, current = _current(state, db, session)
    data, filename, declared = _upload(form)
    try:
        logo = check_logo(data, filename, declared)
    except Invalid as exc:
        return _page(request, current, _values(current), form_errors(texts(session.user.lang), exc), status=422)
    save_logo(db, loaded.slug, current, logo, session.user.actor)
    state.catalogs.forget_overrides(loaded.slug)
    return go("/admin/branding", "branding_logo_saved")


@post("/branding/logo/remove", opt=_OWNER, sync_to_thread=True)
def remove_logo_form(request: Request, state: State, db: Db, session: Auth) -> Response:
    """Take the logo away everywhere (the catalog's logo URL does not come back)."""
    loaded, current = _current(state, db, session)
    remove_logo(db, loaded.slug, current, session.user.actor)
    state.catalogs.forget_overrides(loaded.slug)
    return go("/admin/branding", "branding_logo_removed")


ROUTES = [branding_page, save_branding_form, upload_logo, remove_logo_form]
