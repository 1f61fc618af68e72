"""The homeowner pages' errors in the homeowner's language: the one place a domain error meets them.

A link that opens nothing is the not-found page (``/d/<typo>`` and a bad ``/q/`` link alike);
a form's field problems become words next to the fields (:func:`form_errors`); any other
domain error is a short HTML page with the API's status for it (:func:`error_page`). Never
JSON to a browser. Words are keyed by the error's code, never by the API's English text.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Template
from litestar.types import ExceptionHandlersMap

from server.access_log import redact
from server.errors import status_of
from server.i18n.formats import locale_for
from server.i18n.words import words
from server.services.errors import DomainError, NotFound

__all__ = ["PAGE_EXCEPTION_HANDLERS", "domain_error_handler",
           "error_page", "form_errors", "http_error_handler", "not_found_page", "page_headers", "pick_lang",
           "unexpected_error_handler"]


def page_headers(nonce: str = "") -> dict[str, str]:
    """The strict headers of a homeowner page: its own styles only, never framed, never indexed."""
    style = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": f"default-src 'none'; style-src {style}; img-src 'self'; form-action 'self'; "
                                   "frame-ancestors 'none'; base-uri 'none'",
        "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Frame-Options": "DENY",
        "X-Robots-Tag": "noindex, nofollow", "X-Content-Type-Options": "nosniff",
    }


def not_found_page(lang: str | None) -> Template:
    """A 404 page saying the link does not work, in ``lang`` (Dutch for an unknown language)."""
    chosen = pick_lang(lang)
    nonce = secrets.token_urlsafe(16)
    return Template("not_found.html", context={"t": words("page.not_found", chosen), "lang": chosen, "nonce": nonce},
                    media_type="text/html", status_code=404, headers=page_headers(nonce))


def pick_lang(lang: str | None) -> str:
    """``lang`` when the homeowner pages speak it, else the catalogs' fallback (Dutch)."""
    return locale_for(lang)


def _format(template: str, params: Mapping[str, Any]) -> str:
    return template.format(**params)


def form_errors(lang: str, exc: DomainError) -> dict[str, str]:
    """Field -> the homeowner's words for its first problem (a code without words here: "check the form")."""
    said, fallback = words("page.form", lang), words("page.error", lang)["field"]
    out: dict[str, str] = {}
    for problem in exc.problems:
        template = said.get(problem.code)
        out.setdefault(problem.field, _format(template, problem.params) if template else fallback)
    return out


def error_page(lang: str | None, exc: DomainError) -> Template:
    """The HTML page for a domain error no form caught: not found, or its words with the API's status for it."""
    if isinstance(exc, NotFound):
        return not_found_page(lang)
    return _sentence_page(lang, exc.code, status_of(exc))


def _sentence_page(lang: str | None, code: str, status: int) -> Template:
    chosen = pick_lang(lang)
    said = words("page.error", chosen)
    nonce = secrets.token_urlsafe(16)
    return Template("error.html", context={"title": said["title"], "text": said.get(code, said["error"]),
                                           "lang": chosen, "nonce": nonce},
                    media_type="text/html", status_code=status, headers=page_headers(nonce))


def domain_error_handler(request: Request, exc: DomainError) -> Template:
    """A homeowner page's exception handler: the error page in the ``?lang=`` asked for."""
    lang = request.query_params.get("lang")
    return error_page(lang if isinstance(lang, str) else None, exc)


def http_error_handler(request: Request, exc: HTTPException) -> Template:
    """Litestar's own refusals on a homeowner page (a malformed link, a wrong method) as an HTML page.

    A link whose parts do not validate (an over-long slug, a ``?lang=`` of 500 characters) opens
    nothing, so it is the not-found page; anything else keeps its status with the general sentence.
    """
    lang = request.query_params.get("lang")
    chosen = lang if isinstance(lang, str) else None
    if exc.status_code in (400, 404):
        return not_found_page(chosen)
    return _sentence_page(chosen, "", exc.status_code)


_log = logging.getLogger("venster.pages")


def unexpected_error_handler(request: Request, exc: Exception) -> Template:
    """A fault of ours on a homeowner page: logged with its traceback, a 500 page in the homeowner's language."""
    _log.exception("unhandled error on %s %s", request.method, redact(request.url.path), exc_info=exc)
    lang = request.query_params.get("lang")
    return _sentence_page(lang if isinstance(lang, str) else None, "", 500)


# Every homeowner page's handlers: domain errors, Litestar's own refusals and our faults, never JSON.
# ValidationException by name: the app's own handler for it is more specific than HTTPException.
PAGE_EXCEPTION_HANDLERS: ExceptionHandlersMap = {DomainError: domain_error_handler, HTTPException: http_error_handler,
                                                 ValidationException: http_error_handler,
                                                 Exception: unexpected_error_handler}
