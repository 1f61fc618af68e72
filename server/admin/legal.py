"""The company-details page: the dealer's legal details for quotes and invoices, checked, with the checklist.

Works without JavaScript: a plain form, every error shown at once next to its field, what was
typed kept, nothing stored until every field is right.
"""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors
from server.admin.texts import texts
from server.services.catalogs import LoadedCatalog
from server.services.errors import Invalid
from server.services.legal_details import (
    FIELDS,
    LegalDetails,
    checked,
    is_saved,
    legal_details,
    missing_for_invoice,
    save_details,
    shown,
)
from server.storage.db import Database

__all__ = ["ROUTES", "legal_missing"]

# Each field's longest value (LegalDetails' bounds), for the "too long" words.
_LIMITS = {"postcode": 12, "country": 2, "email": 254, "phone": 40, "vat_number": 60, "coc_number": 60, "iban": 50,
           "bic": 14, "terms": 5000, "terms_version": 50}
_DAYS = {"validity_days": (1, 365), "payment_days": (0, 120)}


def _catalog(state: State, session: Auth) -> LoadedCatalog:
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def legal_missing(db: Database, loaded: LoadedCatalog | None) -> list[str]:
    """The details an invoice still lacks, for the checklist (empty once complete)."""
    if loaded is None:
        return []
    return missing_for_invoice(legal_details(db, loaded.slug, loaded.catalog.dealer))


def _page(request: Request, db: Db, loaded: LoadedCatalog, values: dict[str, str], errors: dict[str, str],
          status: int = 200) -> Response:
    current = legal_details(db, loaded.slug, loaded.catalog.dealer)
    return render(request, "company.html", status=status, section="company", values=values, errors=errors,
                  legal_missing=missing_for_invoice(current), from_catalog=not is_saved(db, loaded.slug))


@get("/company", opt={"role": "owner"}, sync_to_thread=True)
def company_page(request: Request, state: State, db: Db, session: Auth) -> Response:
    """The company details as they stand (saved, else the catalog's), numbers formatted, and the checklist."""
    loaded = _catalog(state, session)
    return _page(request, db, loaded, shown(legal_details(db, loaded.slug, loaded.catalog.dealer)), {})


def _typed(form: Form, current: dict[str, str]) -> dict[str, str]:
    """What the form sent, field by field; a field the form does not carry keeps its value."""
    # Cut well past each bound, so an over-long value is refused (and shown) rather than silently shortened.
    return {name: field(form, name, _LIMITS.get(name, 200) + 100) if name in form else current[name]
            for name in FIELDS}


def _decoded(values: dict[str, str]) -> tuple[LegalDetails | None, dict[str, tuple[str, dict[str, int]]]]:
    """The typed values as details, or the fields whose length or number of days is out of bounds."""
    raw: dict[str, object] = {}
    bad: dict[str, tuple[str, dict[str, int]]] = {}
    for name in FIELDS:
        value = values[name].strip()
        if name in _DAYS:
            low, high = _DAYS[name]
            if not (value.isdigit() and len(value) < 5 and low <= int(value) <= high):
                bad[name] = ("legal_days_range", {"min": low, "max": high})
                continue
            raw[name] = int(value)
        else:
            raw[name] = value
        try:
            msgspec.convert({name: raw[name]}, LegalDetails)
        except msgspec.ValidationError:
            bad[name] = ("field_too_long", {"n": _LIMITS.get(name, 200)})
    if bad:
        return None, bad
    return msgspec.convert(raw, LegalDetails), {}


@post("/company", opt={"role": "owner"}, sync_to_thread=True)
def save_company(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """Check every field, store them all or nothing; on errors the form comes back as typed (422)."""
    loaded = _catalog(state, session)
    current = legal_details(db, loaded.slug, loaded.catalog.dealer)
    values = _typed(form, shown(current))
    t = texts(session.user.lang)
    typed, bad = _decoded(values)
    errors = {name: t[key].format(**params) for name, (key, params) in bad.items()}
    new = None
    if typed is not None:
        try:
            new = checked(typed)
        except Invalid as exc:
            errors = form_errors(t, exc)
    if new is None:
        return _page(request, db, loaded, values, errors, status=422)
    save_details(db, loaded.slug, current, new, session.user.actor)
    return go("/admin/company", "legal_saved")


ROUTES = [company_page, save_company]
