"""The hosted configurator page (``GET /d/{dealer}``) for a dealer without a website of its own.

The same widget on this server, under a strict Content Security Policy that the widget is
built to live with. An unknown dealer gets the homeowner pages' HTML "not found" page, not JSON.
"""

from __future__ import annotations

import re
import secrets
from typing import Annotated

from litestar import get
from litestar.datastructures import State
from litestar.params import PathParameter, QueryParameter
from litestar.response import Template

from server.colours import ink_on
from server.engine.i18n import LANGUAGES
from server.i18n.words import words
from server.pages.errors import PAGE_EXCEPTION_HANDLERS, not_found_page
from server.services.legal_details import public_name_and_address

__all__ = ["hosted_page"]

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
Slug = Annotated[str, PathParameter(description="The dealer's slug", max_length=200)]
Lang = Annotated[str | None, QueryParameter(description="nl, en or de", max_length=8)]


def _logo(url: str) -> tuple[str, str]:
    """The logo URL to show and the origin the CSP must allow for it ("" for our own or none)."""
    if url.startswith("/") and not url.startswith("//"):
        return url, ""
    match = re.match(r"^(https://[A-Za-z0-9.-]+(?::\d+)?)/", url)
    return (url, match.group(1)) if match else ("", "")


def _csp(nonce: str, img_origin: str = "") -> str:
    # The hosted page is our own showcase of the strict policy a dealer may set.
    img = f"'self' data: {img_origin}".strip()
    return (f"default-src 'none'; script-src 'self'; connect-src 'self'; img-src {img}; "
            f"style-src 'self' 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


@get("/d/{dealer:str}", tags=["widget"], sync_to_thread=False, include_in_schema=False,
     exception_handlers=PAGE_EXCEPTION_HANDLERS)
def hosted_page(state: State, dealer: Slug, lang: Lang = None) -> Template:
    """The dealer's configurator on a page of its own (for a dealer without a website)."""
    loaded = state.catalogs.get(dealer)
    if loaded is None:
        return not_found_page(lang)
    info = loaded.catalog.dealer
    chosen = lang if lang in LANGUAGES and lang in info.languages else info.languages[0]
    accent = info.accent_colour if _HEX.match(info.accent_colour) else "#1f5f8b"
    nonce = secrets.token_urlsafe(16)
    logo, logo_origin = _logo(info.logo_url)
    said = words("page.hosted", chosen)
    name, address = public_name_and_address(state.settings.db_path, loaded.slug, info)
    context = {
        "logo": logo,
        "slug": loaded.slug, "name": name, "lang": chosen, "lang_attr": lang in LANGUAGES and lang or "",
        "accent": accent, "ink": ink_on(accent), "nonce": nonce, "address": address,
        "privacy_url": info.privacy_notice_url if info.privacy_notice_url.startswith(("https://", "http://")) else "",
        "privacy_word": said["privacy"], "title_word": said["title"], "lead": said["lead"],
    }
    return Template("hosted.html", context=context, media_type="text/html",
                    headers={"Content-Security-Policy": _csp(nonce, logo_origin), "Cache-Control": "no-cache",
                             "Referrer-Policy": "strict-origin-when-cross-origin"})
