"""The homeowner's quote page ``/q/{token}``: read the offer, download the PDF, accept or decline.

Server-rendered, no JavaScript, no cookies. The link's token is the only key, so the page
sends no referrer, is never cached or indexed and cannot be framed. Accepting needs the
homeowner's name and a ticked box; both answers are final. An expired quote can be read,
not accepted. A domain error is answered in HTML in the homeowner's language, by code, through
``server/pages/errors.py`` (an unknown link is the same not-found page as ``/d/<typo>``).
"""

from __future__ import annotations

import functools
import secrets
import sqlite3
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio.to_thread
import sqlite_utils
from litestar import Request, Response, Router, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template

from server.colours import ink_on
from server.documents.parties import buyer_lines, seller_lines
from server.documents.quote import day
from server.documents.words import words
from server.engine.i18n import LANGUAGES
from server.errors import RETRY_AFTER_S, log_unavailable, status_of
from server.i18n import format_money, format_number, format_percent
from server.i18n.words import words as family
from server.i18n.zones import day_of
from server.pages.errors import PAGE_EXCEPTION_HANDLERS, form_errors, page_headers, pick_lang, unexpected_error_handler
from server.services import quotes
from server.services.catalogs import LoadedCatalog
from server.services.drawings import item_drawing
from server.services.errors import DomainError, Invalid, NotFound
from server.services.quote_document import quote_document
from server.services.requests import get_request
from server.storage.db import is_unavailable
from server.web_shared import Db, provide_db

__all__ = ["quote_page_router"]

Token = Annotated[str, PathParameter(description="The link's secret", max_length=100)]
LangQuery = Annotated[str | None, QueryParameter(description="nl, en or de", max_length=8)]
ItemNumber = Annotated[int, PathParameter(ge=1, le=1000)]


def _find(state: State, db: sqlite_utils.Database, token: str) -> tuple[LoadedCatalog, quotes.Quote]:
    found = quotes.quote_by_token(db, token)
    if found is None:
        raise NotFound("quote.link_unknown")
    dealer, quote = found
    loaded = state.catalogs.get(dealer)
    if loaded is None:
        raise NotFound("quote.link_unknown")
    return loaded, quote


def _lang(loaded: LoadedCatalog, quote: quotes.Quote, lang: str | None) -> str:
    return lang if lang in LANGUAGES and lang in loaded.catalog.dealer.languages else quote.lang


def _page(loaded: LoadedCatalog, quote: quotes.Quote, token: str, lang: str, errors: dict[str, str] | None = None,
          form: dict[str, str] | None = None, status_code: int = 200) -> Template:
    dealer = loaded.catalog.dealer
    t, w = family("page.quote", lang), words(lang)
    zone = dealer.time_zone  # the homeowner reads the dealer's days, as the PDF writes them
    status = quotes.status_on(quote, day_of(datetime.now(UTC), zone))
    when = {"accepted": quote.decided_at, "declined": quote.decided_at, "expired": quote.valid_until}.get(status)
    banner = t.get(f"status_{'sent' if status == 'viewed' else status}", "").format(
        date=day(when, lang, zone), dealer=dealer.name)
    positions = sorted({line.item_position for line in quote.lines if line.item_position})
    nonce = secrets.token_urlsafe(16)
    accent = dealer.accent_colour
    context: dict[str, Any] = {
        "lang": lang, "t": t, "w": w, "nonce": nonce, "accent": accent, "ink": ink_on(accent),
        "dealer": dealer.name, "quote": quote, "token": token, "status": status, "banner": banner,
        "seller": seller_lines(quote.seller, w), "buyer": buyer_lines(quote.buyer),
        "money": lambda v: format_money(v, lang, quote.currency), "day": lambda v: day(v, lang, zone),
        "number": lambda v: format_number(v, lang), "percent": lambda v: format_percent(v, lang),
        "positions": positions, "open": status in ("sent", "viewed"), "errors": errors or {},
        "form": form or {}, "languages": [x for x in dealer.languages if x != lang],
        # Only the logo this server stores (a path of ours): the page's policy loads images from 'self' alone.
        "logo": dealer.logo_url if dealer.logo_url.startswith("/api/") else "",
    }
    return Template("quote/page.html", context=context, media_type="text/html", status_code=status_code,
                    headers=page_headers(nonce))


@get("/{token:str}", sync_to_thread=True, include_in_schema=False)
def quote_page(state: State, db: Db, token: Token, lang: LangQuery = None) -> Template:
    """The offer; opening it the first time marks the quote viewed (an unknown link: the not-found page)."""
    loaded, quote = _find(state, db, token)
    quote = quotes.open_quote(db, loaded, quote)
    return _page(loaded, quote, token, _lang(loaded, quote, lang))


@get("/{token:str}/quote.pdf", sync_to_thread=True, include_in_schema=False)
def quote_page_pdf(state: State, db: Db, token: Token) -> Response[bytes]:
    """The same PDF the e-mail carried, as it stands now (the acceptance printed once accepted)."""
    loaded, quote = _find(state, db, token)
    return Response(quote_document(db, loaded, quote), media_type="application/pdf", headers={
        **page_headers(), "Content-Disposition": f'attachment; filename="{quote.number}.pdf"'})


@get("/{token:str}/items/{n:int}/drawing.svg", sync_to_thread=True, include_in_schema=False)
def quote_page_drawing(state: State, db: Db, token: Token, n: ItemNumber, lang: LangQuery = None) -> Response[bytes]:
    """The drawing of a window the quote covers, in the page's language (``lang``, else the quote's)."""
    loaded, quote = _find(state, db, token)
    if n not in {line.item_position for line in quote.lines}:
        raise NotFound("quote.window_unknown")
    detail = get_request(db, loaded.slug, quote.reference)
    body = item_drawing(loaded, detail, n, "svg", lang=_lang(loaded, quote, lang))
    return Response(body, media_type="image/svg+xml", headers={**page_headers(), "Content-Security-Policy":
                                                                "default-src 'none'; sandbox"})


async def _form(request: Request) -> dict[str, str]:
    data = await request.form()
    return {k: str(v)[:5000] for k, v in data.items() if isinstance(v, str)}


def _answer(state: State, db: sqlite_utils.Database, token: str, form: dict[str, str], accept: bool) -> Any:
    loaded, quote = _find(state, db, token)
    lang = _lang(loaded, quote, form.get("lang"))
    try:
        if accept:
            quotes.accept_quote(db, loaded, quote, form.get("name", ""), form.get("agree") == "yes")
        else:
            quotes.decline_quote(db, loaded, quote, form.get("reason", ""))
    except Invalid as exc:
        return _page(loaded, quote, token, lang, form_errors(lang, exc), form, status_code=422)
    except DomainError as exc:
        # Refused (already answered, expired, ...): the page again, whose banner says why, with the API's status.
        return _page(loaded, quotes.get_quote(db, loaded.slug, quote.number, quote.version), token, lang,
                     status_code=status_of(exc))
    return Redirect(f"/q/{token}?lang={lang}", status_code=303, headers=page_headers())


@post("/{token:str}/accept", include_in_schema=False)
async def accept(request: Request, state: State, db: Db, token: Token) -> Any:
    """Name and checkbox; final."""
    form = await _form(request)
    return await anyio.to_thread.run_sync(functools.partial(_answer, state, db, token, form, accept=True))


@post("/{token:str}/decline", include_in_schema=False)
async def decline(request: Request, state: State, db: Db, token: Token) -> Any:
    """An optional reason; final."""
    form = await _form(request)
    return await anyio.to_thread.run_sync(functools.partial(_answer, state, db, token, form, accept=False))


def _database_down(request: Request, exc: sqlite3.DatabaseError) -> Response[bytes]:
    """The homeowner gets a page saying to try again (503), not the JSON error shape."""
    if not is_unavailable(exc):
        return unexpected_error_handler(request, exc)  # a real fault: logged with its traceback, a 500 page
    log_unavailable(request, exc)
    lang = pick_lang(request.query_params.get("lang"))
    said = family("page.unavailable", lang)
    title, text = said["title"], said["text"]
    body = f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{title}</title>' \
           f"<h1>{title}</h1><p>{text}</p></html>"
    return Response(body.encode(), status_code=503, media_type="text/html",
                    headers={**page_headers(), "Retry-After": str(RETRY_AFTER_S)})


quote_page_router = Router(path="/q", route_handlers=[quote_page, quote_page_pdf, quote_page_drawing, accept, decline],
                           dependencies={"db": Provide(provide_db)}, include_in_schema=False,
                           exception_handlers={**PAGE_EXCEPTION_HANDLERS, sqlite3.DatabaseError: _database_down})
