"""Formal quotes in the back office: make one from a request, edit its lines, send it, follow it, invoice it.

The pages mirror the dealer API's rules (``server/api/dealer_quotes.py``): a draft is
edited in place, saving a sent or viewed quote makes a new version, a decided or expired
quote is read-only. Sending shows the homeowner's link once: the service stores only its
hash, so the link travels to the next page in a short-lived cookie holding the token,
which is shown only while its hash still opens this quote, and then deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import PathParameter, QueryParameter

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, Ref, render, session_cookie
from server.admin.core import redirect as go
from server.admin.errors import field_words, page_words
from server.admin.requests import actor_label
from server.admin.texts import texts
from server.i18n import format_date
from server.i18n.formats import decimal_input
from server.i18n.lengths import Units, stored_size
from server.links import public_base
from server.services import quotes
from server.services.audit import record
from server.services.catalogs import LoadedCatalog
from server.services.errors import Conflict, FieldProblem, Invalid
from server.services.invoices import create_invoice, invoice_number_of
from server.services.quote_document import quote_document
from server.services.requests import RequestDetail, get_request
from server.storage.db import Database, write_transaction
from server.web_shared import file_response

__all__ = ["KINDS", "ROUTES", "Row", "calendar_day", "notice"]

Number = Annotated[str, PathParameter(max_length=40)]
Version = Annotated[int | None, QueryParameter(ge=1, le=10_000)]

KINDS: tuple[quotes.LineKind, ...] = ("item", "installation", "discount", "text", "other")
LIST_STATUSES = ("draft", "sent", "viewed", "accepted", "declined", "expired")
OPEN = ("draft", "sent", "viewed")
MAX_ROWS = 200
LINK_COOKIE = "venster_quote_link"
_LIMITS = {"description": 500, "quantity": 20, "unit_price": 20, "vat_rate": 6}
_NOTICES = frozenset({"quote_created", "quote_saved", "quote_new_version", "quote_sent", "invoice_created"})


@dataclass(frozen=True)
class Row:
    """One line of the editor as typed (strings, so a bad value comes back as it was)."""

    kind: str = "other"
    description: str = ""
    quantity: str = "1"
    unit_price: str = ""
    vat_rate: str = "21"
    item: str = ""
    remove: bool = False

    def blank(self) -> bool:
        return not self.description.strip() and not self.unit_price.strip()


def _units(state: State, session: Auth) -> Units:
    # Sizes read in the dealer's units; metric when the catalog is not loaded (the page still opens).
    loaded = state.catalogs.get(session.dealer)
    return loaded.catalog.dealer.length_units if loaded is not None else "metric"


def _catalog(state: State, session: Auth) -> LoadedCatalog:
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def _rows_of(quote: quotes.Quote, lang: str) -> list[Row]:
    return [Row(kind=x.kind, description=x.description,
                quantity="" if x.kind == "text" else decimal_input(x.quantity, lang),
                unit_price="" if x.kind == "text" else decimal_input(x.unit_price, lang),
                vat_rate=decimal_input(x.vat_rate, lang), item=str(x.item_position or "")) for x in quote.lines]


def _windows(detail: RequestDetail, lang: str, units: Units) -> list[tuple[int, str]]:
    """The request's items as the editor's "linked window" choices, sized in the dealer's units."""
    t = texts(lang)
    return [(item.position, f"{t['item'].format(n=item.position)} · {stored_size(item.configuration, lang, units)}")
            for item in detail.items]


def _history(quote: quotes.Quote, all_versions: list[quotes.Quote], lang: str) -> list[dict[str, str]]:
    """What happened to this version, in order: made, sent, viewed, decided, expired, superseded."""
    t = texts(lang)

    def event(what: str, at: str | None = "", day: str | None = "", who: str = "", extra: str | None = "") -> dict:
        return {"what": what, "at": at or "", "day": day or "", "who": actor_label(who, lang) if who else "",
                "extra": extra or ""}

    events = [event(t["ev_created"], quote.created_at, who=quote.created_by)]
    if quote.sent_at:
        events.append(event(t["ev_sent"].format(email=quote.buyer.email or "-"), quote.sent_at))
    if quote.viewed_at:
        events.append(event(t["ev_viewed"], quote.viewed_at))
    if quote.status == "accepted":
        events.append(event(t["ev_accepted"].format(name=quote.accepted_name or ""), quote.decided_at))
    elif quote.status == "declined":
        events.append(event(t["ev_declined"], quote.decided_at, extra=quote.decline_reason))
    elif quote.status == "expired":
        events.append(event(t["ev_expired"], day=quote.valid_until))
    if quote.superseded_by:
        by = next((v.version for v in all_versions if v.id == quote.superseded_by), None)
        if by:
            events.append(event(t["ev_superseded"].format(n=by)))
    return events


def _link_from_cookie(request: Request, db: Database, state: State, dealer: str, number: str) -> str:
    """The homeowner's link just sent, when the cookie's token still opens this quote (else nothing)."""
    token = request.cookies.get(LINK_COOKIE)
    if not token:
        return ""
    found = quotes.quote_by_token(db, token)
    if found is None or found[0] != dealer or found[1].number != number:
        return ""
    return f"{public_base(state.settings)}/q/{token}"


def _page(request: Request, state: State, db: Database, session: Auth, number: str, version: int | None = None,
          *, rows: list[Row] | None = None, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, summary: list[tuple[str, str]] | None = None, status: int = 200,
          send_error: str = "") -> Response:
    """The quote page: the version asked for (or the latest), with the editor and actions when it is open."""
    dealer, lang = session.dealer, session.user.lang
    quote = quotes.get_quote(db, dealer, number, version)
    all_versions = quotes.versions(db, dealer, quote.number)
    latest = all_versions[-1] if all_versions else quote
    is_latest = quote.version == latest.version
    detail = get_request(db, dealer, quote.reference)
    editable = is_latest and latest.status in OPEN
    live = next((v for v in reversed(all_versions) if v.status in ("sent", "viewed") and v.id != latest.id), None)
    link = _link_from_cookie(request, db, state, dealer, quote.number) if is_latest else ""
    cookies = [session_cookie(request, LINK_COOKIE, "", max_age=0)] if LINK_COOKIE in request.cookies else []
    with write_transaction(db):
        record(db, dealer, session.user.actor, "quote.view", quote.number, f"version {quote.version}")
    shown_rows = rows if rows is not None else _rows_of(latest, lang)
    form_values = values or {"intro": latest.intro, "terms": latest.terms,
                             "validity_days": str(latest.validity_days)}
    return render(
        request, "quote.html", status=status, cookies=cookies, section="quotes", q=quote, latest=latest,
        is_latest=is_latest, versions=all_versions, r=detail, editable=editable, live=live, link=link,
        rows=shown_rows, values=form_values, errors=errors or {}, summary=summary or [], kinds=KINDS,
        windows=_windows(detail, lang, _units(state, session)), history=_history(quote, all_versions, lang),
        send_error=send_error,
        invoice_number=invoice_number_of(db, dealer, quote.id) if quote.status == "accepted" else None,
        max_rows=MAX_ROWS, base=f"/admin/quotes/{quote.number}", notice=notice(request, lang),
        dday=lambda v: calendar_day(v, lang),
        qstatus=lambda s: texts(lang).get(f"qstatus_{s}", s))


def calendar_day(value: str | None, lang: str) -> str:
    """A date (``2026-03-01``, no time, no zone) as the dealer reads it, the way the quote PDF writes it."""
    try:
        moment = date.fromisoformat((value or "")[:10])
    except ValueError:
        return value or ""
    return format_date(moment, lang)


def notice(request: Request, lang: str) -> str:
    """The notice after one of our redirects (the core knows only its own)."""
    done = request.query_params.get("done")
    return texts(lang)[done] if isinstance(done, str) and done in _NOTICES else ""


# --- list ---------------------------------------------------------------------------------------------------------

@get("/quotes", sync_to_thread=True)
def quotes_page(request: Request, db: Db, session: Auth) -> Response:
    """The latest versions, newest first; filter by status; paginated."""
    wanted = str(request.query_params.get("status") or "")
    status = wanted if wanted in LIST_STATUSES else ""
    raw_page = str(request.query_params.get("page") or "1")[:10]
    page_no = int(raw_page) if raw_page.isdigit() else 1
    page = quotes.list_quotes(db, session.dealer, status or None, page=max(1, page_no), per_page=25)
    any_at_all = bool(page.total_count) or (bool(status) and quotes.list_quotes(
        db, session.dealer, per_page=1).total_count > 0)
    lang = session.user.lang
    return render(request, "quotes.html", section="quotes", page=page, chosen=status, statuses=LIST_STATUSES,
                  dday=lambda v: calendar_day(v, lang),
                  any_at_all=any_at_all, qstatus=lambda s: texts(lang).get(f"qstatus_{s}", s),
                  qs=lambda **changes: urlencode({k: v for k, v in {"status": status, **changes}.items() if v}))


# --- making, reading, editing -------------------------------------------------------------------------------------

@post("/requests/{reference:str}/quotes", sync_to_thread=True)
def make_quote(state: State, db: Db, session: Auth, reference: Ref) -> Response:
    """A draft quote with the request's priced lines; on to its editor."""
    quote = quotes.create_quote(db, _catalog(state, session), reference, session.user.actor)
    return go(f"/admin/quotes/{quote.number}#editor", "quote_created")


@get("/quotes/{number:str}", sync_to_thread=True)
def quote_page(request: Request, state: State, db: Db, session: Auth, number: Number,
               version: Version = None) -> Response:
    """Lines, VAT per rate, totals, validity, history and versions; the editor and actions while it is open."""
    return _page(request, state, db, session, number, version)


def _read_rows(form: Form) -> list[Row]:
    raw = field(form, "rows", 5)
    count = min(int(raw), MAX_ROWS) if raw.isdigit() else 0
    rows = []
    for i in range(count):
        if form.get(f"line-{i}-description") is None and form.get(f"line-{i}-kind") is None:
            continue
        rows.append(Row(kind=field(form, f"line-{i}-kind", 20), description=field(form, f"line-{i}-description", 600),
                        quantity=field(form, f"line-{i}-quantity", 40).strip(),
                        unit_price=field(form, f"line-{i}-unit_price", 40).strip(),
                        vat_rate=field(form, f"line-{i}-vat_rate", 20).strip(), item=field(form, f"line-{i}-item", 10),
                        remove=field(form, f"line-{i}-remove", 2) == "1"))
    return rows


def _body(rows: list[Row], values: dict[str, str], items: int,
          lang: str) -> tuple[quotes.QuoteIn, dict[str, str], list[tuple[str, str]]]:
    """The service's input from the form, and every error at once: keyed by field id, and for the summary."""
    t = texts(lang)
    errors: dict[str, str] = {}
    lines: list[quotes.QuoteLineIn] = []
    place: list[int] = []  # the editor row of each line sent to the service
    for i, row in enumerate(rows):
        if row.remove or row.blank():
            continue
        if row.kind not in KINDS:
            errors[f"line-{i}-kind"] = t["qf_kind"]
        for name, limit in _LIMITS.items():
            if len(getattr(row, name)) > limit:
                errors[f"line-{i}-{name}"] = t["qf_description"] if name == "description" else \
                    t["qf_too_long"].format(n=limit)
        item = int(row.item) if row.item.isdigit() and len(row.item) < 6 else None
        if row.item and item is None:
            errors[f"line-{i}-item"] = t["qf_item"]
        text = row.kind == "text"
        lines.append(quotes.QuoteLineIn(
            kind=next((kind for kind in KINDS if kind == row.kind), "other"), description=row.description[:500],
            quantity=(row.quantity or ("0" if text else ""))[:20],
            unit_price=(row.unit_price or ("0" if text else ""))[:20], vat_rate=row.vat_rate[:6],
            item_position=item))
        place.append(i)
    validity = values["validity_days"].strip()
    if not (validity.isdigit() and 1 <= int(validity) <= 365):
        errors["validity_days"] = t["qf_validity"]
    for name, limit in (("intro", 2000), ("terms", 5000)):
        if len(values[name]) > limit:
            errors[name] = t["qf_too_long"].format(n=limit)
    body = quotes.QuoteIn(lines=lines, validity_days=int(validity) if "validity_days" not in errors else None,
                          intro=values["intro"][:2000], terms=values["terms"][:5000])
    try:
        # The service's own checks, without saving: the same rules the API applies, every error at once.
        quotes.checked_lines(body, items)
    except Invalid as exc:
        for problem in exc.problems:  # the words of each code (server/admin/errors.py), never the API's text
            errors.setdefault(_field_id(problem, place), field_words(t, problem))
    return body, errors, _summary(errors, rows, t)


def _field_id(error: FieldProblem, place: list[int]) -> str:
    """``lines[2].quantity`` -> the editor's ``line-<row>-quantity``; ``lines`` stays ``lines``."""
    if not error.field.startswith("lines["):
        return error.field
    index, _, name = error.field[len("lines["):].partition("].")
    n = int(index) if index.isdigit() else 0
    row = place[n] if n < len(place) else n
    return f"line-{row}-{'item' if name == 'item_position' else name}"


def _summary(errors: dict[str, str], rows: list[Row], t: Mapping[str, str]) -> list[tuple[str, str]]:
    """(field id, "where: what") for the summary at the top, in the order of the form."""
    names = {"kind": t["kind"], "description": t["description"], "quantity": t["quantity"],
             "unit_price": t["unit_price_excl"], "vat_rate": t["vat_rate_pct"], "item": t["linked_window"]}
    order = []
    if "lines" in errors:
        order.append(("lines", errors["lines"]))
    for i in range(len(rows)):
        for name, label in names.items():
            key = f"line-{i}-{name}"
            if key in errors:
                order.append((key, f"{t['line_n'].format(n=i + 1)}, {label}: {errors[key]}"))
    for key, label in (("intro", t["intro"]), ("terms", t["terms"]), ("validity_days", t["validity_days"])):
        if key in errors:
            order.append((key, f"{label}: {errors[key]}"))
    return order


@post("/quotes/{number:str}", sync_to_thread=True)
def save_quote(request: Request, state: State, db: Db, session: Auth, form: Form, number: Number) -> Response:
    """Save the editor ("add a line" only shows one more empty row); every field error at once."""
    lang = session.user.lang
    latest = quotes.get_quote(db, session.dealer, number)  # another dealer's: the same 404 as a missing one
    if latest.status not in OPEN:
        raise PageError(409, "quote_locked")
    rows = _read_rows(form)
    values = {"intro": field(form, "intro", 2100), "terms": field(form, "terms", 5100),
              "validity_days": field(form, "validity_days", 10)}
    if field(form, "action", 10) == "add":
        kept = [r for r in rows if not r.remove][:MAX_ROWS - 1]
        rate = format(_catalog(state, session).catalog.dealer.vat_rate.normalize(), "f")
        return _page(request, state, db, session, latest.number, rows=[*kept, Row(vat_rate=decimal_input(rate, lang))],
                     values=values)
    detail = get_request(db, session.dealer, latest.reference)
    body, errors, summary = _body(rows, values, len(detail.items), lang)
    if errors:
        return _page(request, state, db, session, latest.number, rows=rows, values=values, errors=errors,
                     summary=summary, status=422)
    # A quote decided meanwhile is a Conflict: the error page says so in the words of its code.
    saved = quotes.update_quote(db, _catalog(state, session), latest.number, body, session.user.actor)
    done = "quote_new_version" if saved.version > latest.version else "quote_saved"
    return go(f"/admin/quotes/{saved.number}", done)


# --- sending, PDF, invoicing --------------------------------------------------------------------------------------

@post("/quotes/{number:str}/send", sync_to_thread=True)
def send(request: Request, state: State, db: Db, session: Auth, number: Number) -> Response:
    """E-mail the latest version with a fresh link; the next page shows the link once."""
    quote = quotes.get_quote(db, session.dealer, number)
    try:
        sent = quotes.send_quote(db, _catalog(state, session), quote.number, session.user.actor,
                                 public_base(state.settings))
    except Conflict as exc:
        t = texts(session.user.lang)
        return _page(request, state, db, session, quote.number, status=409,
                     send_error=t["send_refused"].format(detail=page_words(t, exc)))
    token = (sent.link or "").rsplit("/q/", 1)[-1]
    return go(f"/admin/quotes/{sent.number}#sent", "quote_sent",
              cookies=[session_cookie(request, LINK_COOKIE, token, max_age=600)])


@get("/quotes/{number:str}/quote.pdf", sync_to_thread=True)
def quote_pdf(state: State, db: Db, session: Auth, number: Number, version: Version = None) -> Response:
    """The offer's pages followed by an A4 sheet per window (the version asked for, or the latest)."""
    quote = quotes.get_quote(db, session.dealer, number, version)
    name = quote.number + (f"-v{quote.version}" if quote.version > 1 else "")
    return file_response(quote_document(db, _catalog(state, session), quote), "application/pdf", f"{name}.pdf")


@post("/quotes/{number:str}/invoice", sync_to_thread=True)
def make_invoice(state: State, db: Db, session: Auth, number: Number) -> Response:
    """Invoice an accepted quote once; on to the invoice."""
    quote = quotes.get_quote(db, session.dealer, number)
    existing = invoice_number_of(db, session.dealer, quote.id)
    if existing:
        return go(f"/admin/invoices/{existing}")
    # A quote not accepted is a Conflict: the error page says so in the words of its code.
    invoice = create_invoice(db, _catalog(state, session), quote.number, session.user.actor)
    return go(f"/admin/invoices/{invoice.number}", "invoice_created")


ROUTES = [quotes_page, make_quote, quote_page, save_quote, send, quote_pdf, make_invoice]
