"""The widget bundle (``GET /widget.js``) and the hosted configurator page (``GET /d/{dealer}``).

The bundle is one hand-written file, ``widget/venster.js``, served without its comment
lines and indentation (:func:`compact_js`) with a strong ETag (a hash of the served bytes),
so browsers revalidate cheaply after a short ``max-age``. The hosted page gives a dealer
without a website the same configurator on this server, under a strict Content Security
Policy that the widget is built to live with.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from pathlib import Path
from typing import Annotated

from litestar import Response, get
from litestar.datastructures import State
from litestar.params import HeaderParameter
from litestar.response import Template

from server.api.openapi import NOT_MODIFIED, errors
from server.api.params import DealerSlug, LangQuery
from server.api.public import find_dealer
from server.colours import ink_on
from server.engine.i18n import LANGUAGES
from server.errors import ApiError

__all__ = ["WIDGET_JS", "WidgetBundle", "compact_js", "etag_matches", "hosted_page", "widget_js"]

WIDGET_JS = Path(__file__).resolve().parents[2] / "widget" / "venster.js"
CACHE_CONTROL = "public, max-age=300"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def compact_js(source: str) -> str:
    """The widget source without comment lines, indentation and blank lines: the served form.

    A deliberately small "build": whole-line ``//`` comments and ``/* ... */`` blocks that start
    a line go, every line loses its indentation; lines inside template literals are kept as
    they are. Comments after code and ``/*!`` banners stay. The browser tests run this output.
    """
    out: list[str] = []
    in_template = False
    in_comment = False
    for line in source.splitlines():
        if in_template:
            out.append(line)
        else:
            text = line.strip()
            if in_comment:
                in_comment = "*/" not in text
                continue
            if text.startswith("//") or not text:
                continue
            if text.startswith("/*") and not text.startswith("/*!"):
                in_comment = "*/" not in text
                continue
            out.append(text)
        if (line.count("`") - line.count("\\`")) % 2:
            in_template = not in_template
    return "\n".join(out) + "\n"


class WidgetBundle:
    """The bundle's served bytes and ETag, rebuilt when the file changes (so `make run` picks up edits)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._body = b""
        self._etag = ""

    def current(self) -> tuple[bytes, str]:
        """``(body, etag)``; raises :class:`ApiError` 404 when the file is missing."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise ApiError(404, "The widget bundle is missing") from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                body = compact_js(self.path.read_text(encoding="utf-8")).encode("utf-8")
                self._body, self._etag = body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                self._stamp = stamp
            return self._body, self._etag


_bundle = WidgetBundle(WIDGET_JS)
IfNoneMatch = Annotated[str | None, HeaderParameter(name="If-None-Match", required=False,
                                                    description="The ETag of the copy the browser holds")]


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of an ``If-None-Match`` list against our ETag."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


@get("/widget.js", tags=["widget"], sync_to_thread=False, summary="The widget bundle (ETag, 304)",
     media_type="text/javascript", responses={**NOT_MODIFIED, **errors(400, 404)},
     description="The `<venster-configurator>` custom element. Cacheable; send `If-None-Match` for a 304.")
def widget_js(if_none_match: IfNoneMatch = None) -> Response[bytes]:
    """The bundle, or 304 when the browser's copy is current."""
    body, etag = _bundle.current()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff",
               "Cross-Origin-Resource-Policy": "cross-origin"}
    if etag_matches(if_none_match, etag):
        return Response(b"", status_code=304, headers=headers, media_type="text/javascript")
    return Response(body, headers=headers, media_type="text/javascript")


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


@get("/d/{dealer:str}", tags=["widget"], sync_to_thread=False, include_in_schema=False)
def hosted_page(state: State, dealer: DealerSlug, lang: LangQuery = None) -> Template:
    """The dealer's configurator on a page of its own (for a dealer without a website)."""
    loaded = find_dealer(state, dealer)
    info = loaded.catalog.dealer
    chosen = lang if lang in LANGUAGES and lang in info.languages else info.languages[0]
    accent = info.accent_colour if _HEX.match(info.accent_colour) else "#1f5f8b"
    nonce = secrets.token_urlsafe(16)
    logo, logo_origin = _logo(info.logo_url)
    context = {
        "logo": logo,
        "slug": loaded.slug, "name": info.name, "lang": chosen, "lang_attr": lang in LANGUAGES and lang or "",
        "accent": accent, "ink": ink_on(accent), "nonce": nonce, "address": info.legal.address,
        "privacy_url": info.privacy_notice_url if info.privacy_notice_url.startswith(("https://", "http://")) else "",
        "privacy_word": {"nl": "Privacyverklaring", "de": "Datenschutz", "en": "Privacy notice"}[chosen],
        "title_word": {"nl": "Stel uw raam samen", "de": "Ihr Fenster konfigurieren",
                       "en": "Configure your window"}[chosen],
        "lead": {"nl": "Kies maat, indeling, kleur en glas. U ziet direct de tekening en de prijs en vraagt "
                       "vrijblijvend een offerte aan.",
                 "de": "Wählen Sie Maß, Aufteilung, Farbe und Glas. Zeichnung und Preis sehen Sie sofort; das "
                       "Angebot ist unverbindlich.",
                 "en": "Choose the size, layout, colour and glass. You see the drawing and the price at once and "
                       "ask for a quote without obligation."}[chosen],
    }
    return Template("hosted.html", context=context, media_type="text/html",
                    headers={"Content-Security-Policy": _csp(nonce, logo_origin), "Cache-Control": "no-cache",
                             "Referrer-Policy": "strict-origin-when-cross-origin"})
