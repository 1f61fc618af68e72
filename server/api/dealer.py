"""The dealer JSON API under ``/api/v1/dealer``: Bearer API keys, each seeing its own dealer only.

A key of another dealer gets exactly the answer a missing record gets (404), so a key can
never even detect another dealer's data. Read-only keys may read; writes need a
read-write key (403). Each key has its own rate limit in SQLite (429 with Retry-After).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import anyio.to_thread
import msgspec
from litestar import Request, Response, Router, delete, get, patch, post, put
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from renderer import MAX_PX, MIN_PX
from server.api.dealer_branding import BRANDING_ROUTES
from server.api.dealer_catalog import CATALOG_ROUTES
from server.api.dealer_common import Db, Key, actor, attachment, catalog_of, decode_body, provide_db, provide_key
from server.api.dealer_legal import LEGAL_ROUTES
from server.api.dealer_quotes import QUOTE_ROUTES
from server.api.drawings import ViewQuery
from server.api.guards import require_json
from server.api.openapi import errors, json_body
from server.api.params import UpdatedSinceQuery, parse_since
from server.drawing import View
from server.errors import ApiError, FieldError
from server.messages import message
from server.services import contacts, deliveries, drawings, exports, privacy
from server.services import requests as reqs
from server.services.audit import AuditEntry, list_audit, record
from server.services.branding import logo_rendition
from server.services.dealer_settings import (
    DealerSettings,
    DealerSettingsPatch,
    DealerSettingsReplace,
    apply_change,
    merged,
    settings_of,
    validate_settings,
)
from server.services.errors import FieldProblem, Invalid
from server.services.inputs import Input
from server.storage.db import write_transaction

__all__ = ["dealer_router"]


Reference = Annotated[str, PathParameter(description="The request's reference, e.g. DEMO-2026-000123",
                                         max_length=64)]
StatusQuery = Annotated[Literal["new", "contacted", "quoted", "won", "lost"] | None,
                        QueryParameter(description="Only requests with this status")]
FromQuery = Annotated[date | None, QueryParameter(description="Created on or after (YYYY-MM-DD, UTC)")]
ToQuery = Annotated[date | None, QueryParameter(description="Created on or before (YYYY-MM-DD, UTC)")]
TextQuery = Annotated[str | None, QueryParameter(description="Text in reference, name, e-mail, company, city or "
                                                             "message", max_length=100)]
PageQuery = Annotated[int, QueryParameter(ge=1, le=100_000)]
PerPageQuery = Annotated[int, QueryParameter(ge=1, le=reqs.MAX_PER_PAGE)]


def _filter(state: State, key: Key, status: reqs.Status | None, date_from: date | None, date_to: date | None,
            q: str | None, page: int = 1, per_page: int = 25,
            updated_since: datetime | None = None) -> reqs.RequestFilter:
    # date_from/date_to are the dealer's days: they count in the dealer's time zone, not in UTC.
    loaded = state.catalogs.get(key.dealer)
    zone = loaded.catalog.dealer.time_zone if loaded is not None else reqs.DEFAULT_ZONE
    return reqs.RequestFilter(status=status, date_from=date_from, date_to=date_to, q=q,
                              page=page, per_page=per_page, updated_since=updated_since, time_zone=zone)


@get("/requests", sync_to_thread=True, responses=errors(400, 401, 422, 429),
     summary="Quote requests, newest first, filtered and paginated",
     description="A page past the end is empty (with `total_count`), so paging until an empty page ends. "
                 "`updated_since` keeps requests created, changed in status, given a note or anonymised by the "
                 "erasure of their contact at or after that moment; each row's `updated_at` is its last such "
                 "change.")
def list_requests(state: State, key: Key, db: Db, status: StatusQuery = None, date_from: FromQuery = None,
                  date_to: ToQuery = None, q: TextQuery = None, updated_since: UpdatedSinceQuery = None,
                  page: PageQuery = 1, per_page: PerPageQuery = 25) -> reqs.RequestPage:
    """At most 100 a page; ``counts`` gives the number per status for the same date and text filter."""
    flt = _filter(state, key, status, date_from, date_to, q, page, per_page, parse_since(updated_since))
    return reqs.list_requests(db, key.dealer, flt, clamp=False)


@get("/requests/{reference:str}", sync_to_thread=True, responses=errors(400, 401, 404, 429),
     summary="One request with items, prices, contact, history")
def get_request(key: Key, db: Db, reference: Reference) -> reqs.RequestDetail:
    """Items carry the homeowner's price and the dealer-only explanation with formulas."""
    detail = reqs.get_request(db, key.dealer, reference)
    with write_transaction(db):
        record(db, key.dealer, actor(key), "request.view", reference)
    return detail


class RequestChange(Input, frozen=True, kw_only=True):
    """A status change, a note, or both."""

    status: Literal["new", "contacted", "quoted", "won", "lost"] | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


@patch("/requests/{reference:str}", guards=[require_json], summary="Change the status or add a note",
       responses=errors(400, 401, 403, 404, 409, 413, 415, 422, 429), operation_class=json_body(RequestChange),
       description="An impossible transition (e.g. from won) is a 409 naming the allowed ones.")
async def patch_request(request: Request, key: Key, db: Db,
                        reference: Reference) -> reqs.RequestDetail:
    """Apply ``status`` (with ``note`` as its comment) or, without a status, add ``note`` as an internal note."""
    change: RequestChange = await decode_body(request, RequestChange)
    if change.status is None and change.note is None:
        raise ApiError(422, message("http.nothing_to_change"),
                       [FieldError(field="status", message=message("http.status_or_note"))])
    if change.status is not None:
        return reqs.change_status(db, key.dealer, reference, change.status, actor(key), change.note or "")
    return reqs.add_note(db, key.dealer, reference, change.note or "", actor(key))


WidthQuery = Annotated[int, QueryParameter(ge=MIN_PX, le=MAX_PX, description="PNG width in pixels")]
ItemNumber = Annotated[int, PathParameter(ge=1, le=1000, description="The item's position, 1-based")]


def _item(state: State, key: Key, db: Db, reference: str, n: int, fmt: drawings.ItemFormat,
          width: int | None = None, view: View | None = None) -> Response[bytes]:
    detail = reqs.get_request(db, key.dealer, reference)
    body = drawings.item_drawing(catalog_of(state, key), detail, n, fmt, width, view=view,
                                 logo=logo_rendition(db, key.dealer) if fmt == "pdf" else None)
    return attachment(body, fmt, f"{detail.reference}-{n}.{fmt}")


@get("/requests/{reference:str}/items/{n:int}/drawing.svg", sync_to_thread=True, summary="Item drawing as SVG",
     media_type="image/svg+xml", responses=errors(400, 401, 404, 409, 429))
def item_svg(state: State, key: Key, db: Db, reference: Reference,
             n: ItemNumber, view: ViewQuery = None) -> Response[bytes]:
    """Drawn from the stored configuration with the dealer's current catalog."""
    return _item(state, key, db, reference, n, "svg", view=view)


@get("/requests/{reference:str}/items/{n:int}/drawing.png", sync_to_thread=True, summary="Item drawing as PNG",
     media_type="image/png", responses=errors(400, 401, 404, 409, 429))
def item_png(state: State, key: Key, db: Db, reference: Reference, n: ItemNumber,
             width: WidthQuery = 1200, view: ViewQuery = None) -> Response[bytes]:
    """PNG at ``width`` pixels."""
    return _item(state, key, db, reference, n, "png", width, view)


@get("/requests/{reference:str}/items/{n:int}/drawing.pdf", sync_to_thread=True,
     media_type="application/pdf", responses=errors(400, 401, 404, 409, 429),
     summary="Item as an A4 PDF sheet (drawing and specification)")
def item_pdf(state: State, key: Key, db: Db, reference: Reference,
             n: ItemNumber, view: ViewQuery = None) -> Response[bytes]:
    """The sheet a dealer sends on: drawing, specification, reference and date."""
    return _item(state, key, db, reference, n, "pdf", view=view)


@get("/requests/{reference:str}/drawings.pdf", sync_to_thread=True, media_type="application/pdf",
     responses=errors(400, 401, 404, 409, 429), summary="All items as one PDF, a page each")
def request_pdf(state: State, key: Key, db: Db, reference: Reference, view: ViewQuery = None) -> Response[bytes]:
    """Every item's A4 sheet in one file."""
    detail = reqs.get_request(db, key.dealer, reference)
    return attachment(drawings.request_pdf(catalog_of(state, key), detail, view=view,
                                           logo=logo_rendition(db, key.dealer)), "pdf",
                      f"{detail.reference}.pdf")


@get("/requests/{reference:str}/drawings.zip", sync_to_thread=True, media_type="application/zip",
     responses=errors(400, 401, 404, 409, 429), summary="All items as SVG, PNG and PDF in a ZIP")
def request_zip(state: State, key: Key, db: Db, reference: Reference, view: ViewQuery = None) -> Response[bytes]:
    """One folder-less ZIP: REF-n.svg, REF-n.png, REF-n.pdf per item."""
    detail = reqs.get_request(db, key.dealer, reference)
    return attachment(drawings.request_zip(catalog_of(state, key), detail, view=view), "zip",
                      f"{detail.reference}.zip")


SepQuery = Annotated[Literal[",", ";"], QueryParameter(description="`;` for Dutch Excel (amounts with a comma)")]


@get("/requests.csv", sync_to_thread=True, media_type="text/csv", responses=errors(400, 401, 429),
     summary="The filtered requests as CSV (UTF-8 with BOM)")
def export_csv(state: State, key: Key, db: Db, status: StatusQuery = None, date_from: FromQuery = None,
               date_to: ToQuery = None, q: TextQuery = None, sep: SepQuery = ",") -> Response[bytes]:
    """One row per request; formula-like cells are neutralised; ``sizes`` in the dealer's units."""
    dealer = catalog_of(state, key).catalog.dealer
    body = exports.requests_csv(db, key.dealer, _filter(state, key, status, date_from, date_to, q), sep,
                                units=dealer.length_units, lang=dealer.languages[0])
    with write_transaction(db):
        record(db, key.dealer, actor(key), "requests.export", "csv")
    return Response(body, media_type="text/csv", headers={  # Litestar adds the charset
        "Content-Disposition": f'attachment; filename="{key.dealer}-requests.csv"', "Cache-Control": "no-store"})


@get("/requests.json", sync_to_thread=True, summary="The filtered requests in full as JSON",
     responses={200: ResponseSpec(data_container=list[reqs.RequestDetail], description="Request details",
                                  generate_examples=False), **errors(400, 401, 429)})
def export_json(state: State, key: Key, db: Db, status: StatusQuery = None, date_from: FromQuery = None,
                date_to: ToQuery = None, q: TextQuery = None) -> Response[bytes]:
    """An array of request details; each item's ``size`` for a person in the dealer's units (mm stay beside it)."""
    dealer = catalog_of(state, key).catalog.dealer
    body = exports.requests_json(db, key.dealer, _filter(state, key, status, date_from, date_to, q),
                                 units=dealer.length_units, lang=dealer.languages[0])
    with write_transaction(db):
        record(db, key.dealer, actor(key), "requests.export", "json")
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{key.dealer}-requests.json"', "Cache-Control": "no-store"})


ContactId = Annotated[int, PathParameter(ge=1, le=2**62, description="The contact's id")]


StarredQuery = Annotated[bool, QueryParameter(description="Only starred contacts")]


@get("/contacts", sync_to_thread=True, responses=errors(400, 401, 422, 429),
     summary="Contacts: search by name, e-mail or company; starred filter",
     description="A page past the end is empty (with `total_count`). `updated_since` keeps contacts whose details "
                 "changed or who had activity (a request, a status change, a note, a quote) at or after that moment.")
def list_contacts(key: Key, db: Db, q: TextQuery = None, starred: StarredQuery = False,
                  updated_since: UpdatedSinceQuery = None, page: PageQuery = 1) -> contacts.ContactPage:
    """Most recently active first."""
    return contacts.list_contacts(db, key.dealer, q, starred, page, updated_since=parse_since(updated_since),
                                  clamp=False)


@post("/contacts", guards=[require_json], status_code=201, summary="Add a contact by hand",
      responses=errors(400, 401, 403, 409, 413, 415, 422, 429), operation_class=json_body(contacts.ContactIn))
async def create_contact(request: Request, key: Key, db: Db) -> contacts.ContactDetail:
    """409 when the e-mail address is already a contact."""
    new: contacts.ContactIn = await decode_body(request, contacts.ContactIn)
    return contacts.create_contact(db, key.dealer, new, actor(key))


@get("/contacts/{contact_id:int}", sync_to_thread=True, responses=errors(400, 401, 404, 429),
     summary="One contact with requests and activity")
def get_contact(key: Key, db: Db, contact_id: ContactId) -> contacts.ContactDetail:
    """Viewing a contact is recorded in the audit log."""
    found = contacts.get_contact(db, key.dealer, contact_id)
    with write_transaction(db):
        record(db, key.dealer, actor(key), "contact.view", f"contact {contact_id}")
    return found


class ContactChange(contacts.ContactIn, frozen=True, kw_only=True):
    """The whole contact as it should be; ``starred`` too."""

    starred: bool | None = None


@put("/contacts/{contact_id:int}", guards=[require_json], summary="Edit a contact",
     responses=errors(400, 401, 403, 404, 409, 413, 415, 422, 429), operation_class=json_body(ContactChange))
async def put_contact(request: Request, key: Key, db: Db,
                      contact_id: ContactId) -> contacts.ContactDetail:
    """Replace the contact's fields; 409 for an erased contact or an e-mail another contact has."""
    change: ContactChange = await decode_body(request, ContactChange)
    fields = {f: getattr(change, f) for f in contacts.ContactIn.__struct_fields__}
    updated = contacts.update_contact(db, key.dealer, contact_id, contacts.ContactIn(**fields), actor(key))
    if change.starred is not None:
        contacts.set_star(db, key.dealer, contact_id, change.starred)
        updated = contacts.get_contact(db, key.dealer, contact_id)
    return updated


@get("/contacts/{contact_id:int}/export", sync_to_thread=True, summary="Everything held about a contact (GDPR)",
     responses={200: ResponseSpec(data_container=dict[str, Any], description="Everything held, as one document",
                                  generate_examples=False), **errors(400, 401, 404, 429)})
def export_contact(key: Key, db: Db, contact_id: ContactId) -> Response[bytes]:
    """Contact, requests in full, notifications sent and activity, as one JSON document."""
    body = msgspec.json.encode(privacy.export_contact(db, key.dealer, contact_id, actor(key)))
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="contact-{contact_id}.json"', "Cache-Control": "no-store"})


@delete("/contacts/{contact_id:int}", sync_to_thread=True, status_code=204, responses=errors(400, 401, 403, 404, 429),
        summary="Erase a contact (GDPR)")
def erase_contact(state: State, key: Key, db: Db, contact_id: ContactId) -> None:
    """Personal fields replaced everywhere; the requests stay, anonymised. Erasing twice is harmless.

    A dealer with a webhook gets ``contact.erased`` (the contact id and the references it touched).
    """
    privacy.erase_contact(db, key.dealer, contact_id, actor(key), catalog_of(state, key).catalog.dealer.webhook_url)


ChannelQuery = Annotated[Literal["webhook", "email"] | None, QueryParameter(description="Only this channel")]


@get("/deliveries", sync_to_thread=True, responses=errors(400, 401, 429),
     summary="Webhook and e-mail deliveries with every attempt")
def list_deliveries(key: Key, db: Db, channel: ChannelQuery = None,
                    page: PageQuery = 1) -> deliveries.DeliveryPage:
    """Newest first; a page past the end is empty."""
    return deliveries.list_deliveries(db, key.dealer, channel, page, clamp=False)


DeliveryId = Annotated[int, PathParameter(ge=1, le=2**62, description="The delivery's id")]


@post("/deliveries/{delivery_id:int}/redeliver", sync_to_thread=True, status_code=202,
      responses=errors(400, 401, 403, 404, 409, 429),
      summary="Send a delivery again (a new delivery id, the same event id)")
def redeliver(key: Key, db: Db, delivery_id: DeliveryId) -> deliveries.Delivery:
    """Queued now; the worker sends it within seconds."""
    return deliveries.redeliver(db, key.dealer, delivery_id, actor(key))


@get("/settings", sync_to_thread=True, opt={"role": "owner"}, responses=errors(401, 403, 409, 429),
     summary="The settings a dealer may change here")
def get_settings(state: State, key: Key) -> DealerSettings:
    """Origins, privacy notice, notification addresses, webhook, price note, retention."""
    return settings_of(catalog_of(state, key).catalog.dealer)


async def _change_settings(request: Request, state: State, key: Key, db: Db,
                           typ: type[DealerSettingsReplace] | type[DealerSettingsPatch]) -> DealerSettings:
    try:
        change = await decode_body(request, typ)
    except Invalid as exc:
        if typ is DealerSettingsReplace and any(p.code == "input.required" for p in exc.problems):
            # A PUT that leaves a field out would empty it: say so, field by field.
            raise Invalid([FieldProblem(field=p.field, code="settings.put_required") if p.code == "input.required"
                           else p for p in exc.problems], code="settings.put_incomplete") from None
        raise
    # Off the event loop: checking the webhook resolves its name (bounded, but seconds), and the
    # catalog lookup and the write touch the disk; the loop keeps serving every other request.
    return await anyio.to_thread.run_sync(_save_settings, state, key, db, change)


def _save_settings(state: State, key: Key, db: Db,
                   change: DealerSettingsReplace | DealerSettingsPatch) -> DealerSettings:
    current = settings_of(catalog_of(state, key).catalog.dealer)
    new = merged(current, change)
    errors = validate_settings(new, list(catalog_of(state, key).catalog.dealer.languages),
                               state.settings.webhook_allow_private)
    if errors:
        raise Invalid(errors, code="settings.invalid")
    apply_change(db, key.dealer, current, new, actor(key))
    state.catalogs.forget_overrides(key.dealer)
    return settings_of(catalog_of(state, key).catalog.dealer)


@put("/settings", guards=[require_json], opt={"role": "owner"},
     responses=errors(400, 401, 403, 409, 413, 415, 422, 429),
     operation_class=json_body(DealerSettingsReplace), summary="Replace every setting (they then win over the catalog)",
     description="The whole object: a missing field is a 422 naming it (use PATCH to change some fields only).")
async def put_settings(request: Request, state: State, key: Key, db: Db) -> DealerSettings:
    """Every field error at once (422); each changed field is audit-logged with its old and new value."""
    return await _change_settings(request, state, key, db, DealerSettingsReplace)


@patch("/settings", guards=[require_json], opt={"role": "owner"},
       responses=errors(400, 401, 403, 409, 413, 415, 422, 429),
       operation_class=json_body(DealerSettingsPatch), summary="Change some settings; the others stay as they are",
       description="Only the fields sent change; each changed field is audit-logged with its old and new value.")
async def patch_settings(request: Request, state: State, key: Key, db: Db) -> DealerSettings:
    """Every field error at once (422); an empty object changes nothing."""
    return await _change_settings(request, state, key, db, DealerSettingsPatch)


@get("/audit", sync_to_thread=True, opt={"role": "owner"}, responses=errors(401, 403, 429),
     summary="Who viewed, exported, erased or changed what (newest 200)")
def audit(key: Key, db: Db) -> list[AuditEntry]:
    """The dealer's audit log."""
    return list_audit(db, key.dealer)


dealer_router = Router(
    path="/api/v1/dealer",
    route_handlers=[list_requests, export_csv, export_json, get_request, patch_request, item_svg, item_png, item_pdf,
                    request_pdf, request_zip, list_contacts, create_contact, get_contact, put_contact,
                    export_contact, erase_contact, list_deliveries, redeliver, get_settings, put_settings,
                    patch_settings, audit,
                    *QUOTE_ROUTES, *LEGAL_ROUTES, *BRANDING_ROUTES, *CATALOG_ROUTES],
    dependencies={"db": Provide(provide_db), "key": Provide(provide_key, sync_to_thread=True)},
    tags=["dealer"],
    security=[{"ApiKey": []}],
)
