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
from server.services.errors import DomainError, NotFound

__all__ = ["ERROR_WORDS", "FORM_WORDS", "NOT_FOUND_WORDS", "PAGE_EXCEPTION_HANDLERS", "domain_error_handler",
           "error_page", "form_errors", "http_error_handler", "not_found_page", "page_headers", "pick_lang",
           "unexpected_error_handler"]

NOT_FOUND_WORDS = {
    "nl": {"not_found": "Deze link werkt niet (meer).",
           "not_found_help": "Controleer de link in uw e-mail of neem contact op met uw leverancier."},
    "en": {"not_found": "This link does not work (any more).",
           "not_found_help": "Check the link in your e-mail or contact your supplier."},
    "de": {"not_found": "Dieser Link funktioniert nicht (mehr).",
           "not_found_help": "Prüfen Sie den Link in Ihrer E-Mail oder wenden Sie sich an Ihren Anbieter."},
}


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
    return Template("not_found.html", context={"t": NOT_FOUND_WORDS[chosen], "lang": chosen, "nonce": nonce},
                    media_type="text/html", status_code=404, headers=page_headers(nonce))


# What a homeowner reads next to a field of the quote page's forms, by the problem's code.
FORM_WORDS: dict[str, dict[str, str]] = {
    "nl": {"quote.accept.name": "Typ uw volledige naam.", "quote.accept.agree": "Vink het vakje aan om te accepteren.",
           "quote.decline.reason_length": "Gebruik hoogstens {max} tekens.",
           "quote.accept.name_control": "Uw naam bevat een onzichtbaar stuurteken; typ hem opnieuw.",
           "quote.decline.reason_control": "De reden bevat een onzichtbaar stuurteken; typ hem opnieuw."},
    "en": {"quote.accept.name": "Type your full name.", "quote.accept.agree": "Tick the box to accept.",
           "quote.decline.reason_length": "Use at most {max} characters.",
           "quote.accept.name_control": "Your name holds an invisible control character; please type it again.",
           "quote.decline.reason_control": "The reason holds an invisible control character; please type it "
                                           "again."},
    "de": {"quote.accept.name": "Geben Sie Ihren vollständigen Namen ein.",
           "quote.accept.agree": "Setzen Sie das Häkchen, um anzunehmen.",
           "quote.decline.reason_length": "Höchstens {max} Zeichen.",
           "quote.accept.name_control": "Ihr Name enthält ein unsichtbares Steuerzeichen; bitte geben Sie ihn neu "
                                        "ein.",
           "quote.decline.reason_control": "Der Grund enthält ein unsichtbares Steuerzeichen; bitte geben Sie ihn "
                                           "neu ein."},
}

# The sentence of an error page, by the error's code; "error" when the code has none here.
ERROR_WORDS: dict[str, dict[str, str]] = {
    "nl": {"title": "Dit lukt niet", "error": "Dit kan nu niet. Neem contact op met uw leverancier.",
           "drawing.item_unfit": "Deze tekening kan niet meer gemaakt worden. Neem contact op met uw leverancier.",
           "field": "Controleer het formulier."},
    "en": {"title": "This did not work", "error": "This is not possible now. Please contact your supplier.",
           "drawing.item_unfit": "This drawing can no longer be made. Please contact your supplier.",
           "field": "Please check the form."},
    "de": {"title": "Das hat nicht geklappt",
           "error": "Das ist jetzt nicht möglich. Wenden Sie sich bitte an Ihren Anbieter.",
           "drawing.item_unfit": "Diese Zeichnung kann nicht mehr erstellt werden. Wenden Sie sich bitte an Ihren "
                                 "Anbieter.",
           "field": "Bitte prüfen Sie das Formular."},
}


def pick_lang(lang: str | None) -> str:
    """``lang`` when the homeowner pages speak it, else Dutch."""
    return lang if lang in NOT_FOUND_WORDS else "nl"


def _format(template: str, params: Mapping[str, Any]) -> str:
    return template.format(**params)


def form_errors(lang: str, exc: DomainError) -> dict[str, str]:
    """Field -> the homeowner's words for its first problem (a code without words here: "check the form")."""
    words, fallback = FORM_WORDS[pick_lang(lang)], ERROR_WORDS[pick_lang(lang)]["field"]
    out: dict[str, str] = {}
    for problem in exc.problems:
        template = words.get(problem.code)
        out.setdefault(problem.field, _format(template, problem.params) if template else fallback)
    return out


def error_page(lang: str | None, exc: DomainError) -> Template:
    """The HTML page for a domain error no form caught: not found, or its words with the API's status for it."""
    if isinstance(exc, NotFound):
        return not_found_page(lang)
    return _sentence_page(lang, exc.code, status_of(exc))


def _sentence_page(lang: str | None, code: str, status: int) -> Template:
    chosen = pick_lang(lang)
    words = ERROR_WORDS[chosen]
    nonce = secrets.token_urlsafe(16)
    return Template("error.html", context={"title": words["title"], "text": words.get(code, words["error"]),
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
