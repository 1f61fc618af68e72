"""Quote requests in the back office: the list (the dashboard), one request, status and notes, drawings, exports."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, Id, PageError, Ref, render
from server.admin.core import redirect as go
from server.admin.errors import field_words, page_words
from server.admin.legal import legal_missing
from server.admin.texts import LANGS, texts
from server.drawing import sheet_spec
from server.engine.configuration import Configuration
from server.engine.evaluate import evaluate
from server.engine.i18n import pick
from server.errors import status_of
from server.i18n.lengths import stored_size
from server.i18n.zones import day_of
from server.services import drawings, exports
from server.services import requests as reqs
from server.services.audit import record
from server.services.branding import logo_rendition
from server.services.catalogs import LoadedCatalog
from server.services.contacts import contact_erased
from server.services.deliveries import unacknowledged_failures
from server.services.errors import Conflict, Invalid
from server.services.onboarding import open_checklist
from server.services.quotes import list_quotes
from server.services.roles import OWNER, allows
from server.storage.db import write_transaction
from server.web_shared import file_response

__all__ = ["ROUTES", "actor_label", "parse_filter"]

PNG_WIDTHS = (800, 1600, 2400, 4000)
PER_PAGE = (25, 50, 100)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(raw: str | None) -> tuple[date | None, bool]:
    if not raw:
        return None, True
    if not _DAY.match(raw):
        return None, False
    try:
        return date.fromisoformat(raw), True
    except ValueError:
        return None, False


def parse_filter(query: Any,
                 time_zone: str = reqs.DEFAULT_ZONE) -> tuple[reqs.RequestFilter, dict[str, str], list[str]]:
    """The list's filter from the query string, leniently: a bad value is named, never a crash.

    Returns the filter, the values to put back in the form, and the names of bad fields.
    """
    raw = {name: str(query.get(name) or "")[:100] for name in ("status", "from", "to", "q", "page", "per_page")}
    bad: list[str] = []
    status = next((known for known in reqs.STATUSES if known == raw["status"]), None)
    date_from, ok_from = _day(raw["from"])
    date_to, ok_to = _day(raw["to"])
    bad += [name for name, ok in (("from", ok_from), ("to", ok_to)) if not ok]
    page = int(raw["page"]) if raw["page"].isdigit() else 1
    per_page = int(raw["per_page"]) if raw["per_page"].isdigit() and int(raw["per_page"]) in PER_PAGE else 25
    flt = reqs.RequestFilter(status=status, date_from=date_from, date_to=date_to, q=raw["q"].strip() or None,
                             page=max(1, min(page, 1_000_000)), per_page=per_page, time_zone=time_zone)
    shown = {"status": status or "", "from": raw["from"], "to": raw["to"], "q": raw["q"], "per_page": str(per_page)}
    return flt, shown, bad


def _query(shown: dict[str, str], **changes: Any) -> str:
    values = {**shown, **{k: str(v) for k, v in changes.items()}}
    if values.get("per_page") == "25":
        values.pop("per_page")
    return urlencode({k: v for k, v in values.items() if v})


def actor_label(actor: str, lang: str) -> str:
    """How a status change or note says who did it."""
    if actor == "homeowner":
        return texts(lang)["actor_homeowner"]
    kind, _, who = actor.partition(":")
    if kind == "user" and who:
        return who
    if kind == "key" and who:
        return f"API {who}"
    return actor


@get("/requests", sync_to_thread=True)
def requests_page(request: Request, db: Db, session: Auth) -> Response:
    """Newest first; filters for status, dates and text; counts per status; paginated."""
    flt, shown, bad = parse_filter(request.query_params, _zone(request, session))
    page = reqs.list_requests(db, session.dealer, flt)
    any_at_all = page.total_count > 0 or bool(sum(page.counts.values())) or reqs.has_requests(db, session.dealer)
    owner = allows(session.user.role, OWNER)
    return render(request, "requests.html", section="requests", page=page, shown=shown, bad=bad,
                  statuses=reqs.STATUSES, per_page_choices=PER_PAGE, any_at_all=any_at_all,
                  qs=lambda **changes: _query(shown, **changes),
                  export_qs=_query({k: v for k, v in shown.items() if k != "per_page"}),
                  filtered=any(shown[k] for k in ("status", "from", "to", "q")),
                  failed=unacknowledged_failures(db, session.dealer),
                  # Both point at owner-only pages (the company details, getting started): owners only.
                  legal_missing=legal_missing(db, request.app.state.catalogs.get(session.dealer)) if owner else [],
                  getting_started=open_checklist(db, request.app.state.catalogs.get(session.dealer)) if owner
                  else None)


def _zone(request: Request, session: Auth) -> str:
    """The dealer's time zone: the days of the date filter are the dealer's days."""
    loaded = request.app.state.catalogs.get(session.dealer)
    return loaded.catalog.dealer.time_zone if loaded is not None else reqs.DEFAULT_ZONE


def _export_filter(request: Request, session: Auth) -> reqs.RequestFilter:
    flt, _, bad = parse_filter(request.query_params, _zone(request, session))
    if bad:
        raise PageError(400, "bad_date")
    return flt


def _stamp(time_zone: str) -> str:
    # The file is named after the dealer's today, like every date the dealer reads.
    return day_of(datetime.now(UTC), time_zone).strftime("%Y%m%d")


@get("/requests.csv", sync_to_thread=True)
def export_csv(request: Request, state: State, db: Db, session: Auth) -> Response:
    """The filtered list as CSV (UTF-8 with BOM; ``sep=;`` for Dutch Excel, amounts with a comma).

    Sizes are written in the dealer's units and the user's language (``sizes``).
    """
    sep: Literal[",", ";"] = ";" if request.query_params.get("sep") == ";" else ","
    units = _catalog(state, session).catalog.dealer.length_units
    body = exports.requests_csv(db, session.dealer, _export_filter(request, session), sep, units=units,
                                lang=session.user.lang)
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "requests.export", "csv")
    return file_response(body, "text/csv", f"{session.dealer}-requests-{_stamp(_zone(request, session))}.csv")


@get("/requests.json", sync_to_thread=True)
def export_json(request: Request, state: State, db: Db, session: Auth) -> Response:
    """The filtered list in full (items, prices, contact, privacy, history) as JSON; each item's ``size`` too."""
    units = _catalog(state, session).catalog.dealer.length_units
    body = exports.requests_json(db, session.dealer, _export_filter(request, session), units=units,
                                 lang=session.user.lang)
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "requests.export", "json")
    return file_response(body, "application/json", f"{session.dealer}-requests-{_stamp(_zone(request, session))}.json")


def _catalog(state: State, session: Auth) -> LoadedCatalog:
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def _item_view(loaded: LoadedCatalog, item: reqs.ItemDetail, lang: str) -> dict[str, Any]:
    """What the page shows of one item: title, specification rows, price lines with formulas, drawable or not."""
    rows: list[tuple[str, str]] = []
    title = str(item.configuration.get("product", ""))
    drawable = False
    try:
        config = msgspec.convert(item.configuration, Configuration)
        product = loaded.catalog.product(config.product)
        if product is not None:
            title = pick(product.label, lang)
        drawable = evaluate(loaded.compiled, config, lang).valid
        if drawable:
            rows = list(sheet_spec(loaded.catalog, config, lang).rows)
    except (msgspec.ValidationError, KeyError, ValueError, StopIteration, AssertionError):
        drawable = False
    if not rows:
        c = item.configuration
        t = texts(lang)
        rows = [(t["item.product"], str(c.get("product", ""))),
                (t["item.size"], stored_size(c, lang, loaded.catalog.dealer.length_units))]
        rows += [(str(k), str(v)) for k, v in (c.get("options") or {}).items()]
    explanation = item.explanation
    lines = []
    for i, line in enumerate(item.price.get("lines", [])):
        formula = explanation[i].formula if i < len(explanation) and \
            explanation[i].code == line.get("code") else ""
        lines.append({**line, "formula": formula})
    return {"n": item.position, "title": title, "rows": rows, "lines": lines, "note": item.note,
            "subtotal": item.subtotal, "vat": item.vat, "total": item.total, "drawable": drawable,
            "quantity": item.configuration.get("quantity", 1)}


def _detail_page(request: Request, state: State, db: Db, session: Auth, reference: str,
                 status: int = 200, status_error: str = "", note_error: str = "", note_text: str = "") -> Response:
    detail = reqs.get_request(db, session.dealer, reference)
    loaded = _catalog(state, session)
    lang = session.user.lang
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "request.view", detail.reference)
    return render(request, "request.html", status=status, section="requests", r=detail,
                  items=[_item_view(loaded, item, lang) for item in detail.items], png_widths=PNG_WIDTHS,
                  # Windows, not lines: a line of 5 is 5 windows.
                  windows=sum(int(item.configuration.get("quantity") or 1) for item in detail.items),
                  actor=lambda a: actor_label(a, lang), status_error=status_error, note_error=note_error,
                  note_text=note_text, contact_erased=contact_erased(db, session.dealer, detail.contact_id),
                  base=f"/admin/requests/{detail.reference}",
                  quotes=list_quotes(db, session.dealer, reference=detail.reference, per_page=100).quotes)


@get("/requests/{reference:str}", sync_to_thread=True)
def request_page(request: Request, state: State, db: Db, session: Auth, reference: Ref) -> Response:
    """Items with drawings, specification and the dealer-only price explanation; contact, privacy, history, notes."""
    return _detail_page(request, state, db, session, reference)


@post("/requests/{reference:str}/status", sync_to_thread=True)
def change_status(request: Request, state: State, db: Db, session: Auth, form: Form,
                  reference: Ref) -> Response:
    """Move the request on; only the allowed transitions are offered, and an impossible one is refused (409)."""
    wanted, note = field(form, "status", 20), field(form, "note", 2000).strip()
    try:
        detail = reqs.change_status(db, session.dealer, reference, wanted, session.user.actor, note)
    except (Invalid, Conflict) as exc:
        t = texts(session.user.lang)
        # The field's problem says what the request can become; without one, the refusal itself.
        why = field_words(t, exc.problems[0]) if exc.problems else page_words(t, exc)
        return _detail_page(request, state, db, session, reference, status=status_of(exc),
                            status_error=t["status_refused"].format(detail=why))
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "request.status", detail.reference, f"→ {detail.status}")
    return go(f"/admin/requests/{detail.reference}", "status_changed")


@post("/requests/{reference:str}/notes", sync_to_thread=True)
def add_note(request: Request, state: State, db: Db, session: Auth, form: Form,
             reference: Ref) -> Response:
    """An internal note (never shown to the homeowner)."""
    body = field(form, "note", 4000)
    try:
        detail = reqs.add_note(db, session.dealer, reference, body, session.user.actor)
    except Invalid as exc:
        return _detail_page(request, state, db, session, reference, status=status_of(exc),
                            note_error=page_words(texts(session.user.lang), exc), note_text=body)
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "request.note", detail.reference)
    return go(f"/admin/requests/{detail.reference}#notes", "note_added")


def _width(request: Request) -> int:
    raw = str(request.query_params.get("width") or "1600")
    if not raw.isdigit():
        raise PageError(400, "error_400")
    return int(raw[:6])


_MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


def _item_file(request: Request, state: State, db: Db, session: Auth, reference: str, n: int,
               fmt: drawings.ItemFormat) -> Response:
    detail = reqs.get_request(db, session.dealer, reference)
    width = _width(request) if fmt == "png" else None
    # ``?lang=`` draws in that language (the page's thumbnail, in the user's); else the request's language,
    # the homeowner's, for the files a dealer sends on.
    asked = request.query_params.get("lang")
    lang = asked if asked in LANGS else None
    body = drawings.item_drawing(_catalog(state, session), detail, n, fmt, width, lang=lang,
                                 logo=logo_rendition(db, session.dealer) if fmt == "pdf" else None)
    inline = fmt == "svg" and request.query_params.get("download") != "1"
    return file_response(body, _MEDIA[fmt], f"{detail.reference}-{n}.{fmt}", inline=inline)


@get("/requests/{reference:str}/items/{n:int}/drawing.svg", sync_to_thread=True)
def item_svg(request: Request, state: State, db: Db, session: Auth, reference: Ref, n: Id) -> Response:
    """The drawing as SVG (shown in the page; ``?download=1`` to save it)."""
    return _item_file(request, state, db, session, reference, n, "svg")


@get("/requests/{reference:str}/items/{n:int}/drawing.png", sync_to_thread=True)
def item_png(request: Request, state: State, db: Db, session: Auth, reference: Ref, n: Id) -> Response:
    """The drawing as PNG, ``?width=`` pixels wide."""
    return _item_file(request, state, db, session, reference, n, "png")


@get("/requests/{reference:str}/items/{n:int}/drawing.pdf", sync_to_thread=True)
def item_pdf(request: Request, state: State, db: Db, session: Auth, reference: Ref, n: Id) -> Response:
    """The A4 sheet: drawing, specification, reference and date."""
    return _item_file(request, state, db, session, reference, n, "pdf")


@get("/requests/{reference:str}/drawings.pdf", sync_to_thread=True)
def request_pdf(state: State, db: Db, session: Auth, reference: Ref) -> Response:
    """Every item's sheet in one PDF."""
    detail = reqs.get_request(db, session.dealer, reference)
    return file_response(drawings.request_pdf(_catalog(state, session), detail,
                                              logo=logo_rendition(db, session.dealer)), "application/pdf",
                     f"{detail.reference}.pdf")


@get("/requests/{reference:str}/drawings.zip", sync_to_thread=True)
def request_zip(state: State, db: Db, session: Auth, reference: Ref) -> Response:
    """Every item as SVG, PNG and PDF in one ZIP."""
    detail = reqs.get_request(db, session.dealer, reference)
    return file_response(drawings.request_zip(_catalog(state, session), detail), "application/zip",
                     f"{detail.reference}.zip")


ROUTES = [requests_page, export_csv, export_json, request_page, change_status, add_note, item_svg, item_png, item_pdf,
          request_pdf, request_zip]
