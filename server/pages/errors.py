"""The homeowner pages' HTML error pages, in the homeowner's language (never JSON to a browser)."""

from __future__ import annotations

import secrets

from litestar.response import Template

__all__ = ["NOT_FOUND_WORDS", "not_found_page", "page_headers"]

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
    chosen = lang if lang in NOT_FOUND_WORDS else "nl"
    nonce = secrets.token_urlsafe(16)
    return Template("not_found.html", context={"t": NOT_FOUND_WORDS[chosen], "lang": chosen, "nonce": nonce},
                    media_type="text/html", status_code=404, headers=page_headers(nonce))
