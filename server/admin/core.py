"""The machinery under every back-office page: database and session per request, CSRF, headers, errors, rendering.

* **Sessions**: the ``venster_session`` cookie (HttpOnly, SameSite=Strict, Path=/admin,
  Secure over HTTPS) holds a random token whose SHA-256 is the session's key.
* **CSRF**: every unsafe request under ``/admin`` must carry a ``csrf`` form field equal
  to the session's token; the pages without a session (log in, reset) use a double-submit
  cookie (``venster_csrf``) instead. Anything else is a 403 page. ``/api/`` is not touched.
* **Headers**: a strict CSP without ``unsafe-inline``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: same-origin``, ``nosniff`` and ``Cache-Control: no-store`` on every
  answer that does not set its own caching (only the stylesheets do).
* **Errors**: rendered as HTML pages in the user's language, never the JSON shape.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import anyio.to_thread
import jinja2
from litestar import Request, Response
from litestar.datastructures import Cookie, State
from litestar.datastructures.multi_dicts import FormMultiDict
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import PathParameter
from litestar.response import Redirect
from litestar.types import ASGIApp, ExceptionHandlersMap, Message, Receive, Scope, Send

from server.access_log import redact
from server.admin.assets import css_version
from server.admin.errors import page_words
from server.admin.texts import LANGS, texts
from server.errors import RETRY_AFTER_S, log_unavailable, status_of
from server.i18n import format_money, format_number, format_percent
from server.i18n.formats import format_datetime
from server.services.catalogs import LoadedCatalog
from server.services.errors import DomainError, Forbidden, TooMany
from server.services.roles import STAFF, allows, minimum_for
from server.services.sessions import Session, load_session
from server.storage.db import Database, connect, is_unavailable

__all__ = [
    "COOKIE", "PRE_COOKIE", "Auth", "CsrfFailed", "Db", "Form", "Id", "LoginRequired", "PageError", "Ref",
    "SecurityHeaders", "Token", "admin_gate", "csp", "exception_handlers", "provide_form",
    "provide_session", "redirect", "render", "request_lang", "session_cookie",
]

_log = logging.getLogger("venster.web")

COOKIE = "venster_session"
PRE_COOKIE = "venster_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TEMPLATES = Path(__file__).resolve().parent / "templates"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def csp(scripts: bool = False) -> str:
    """The pages' policy: nothing inline; the settings page alone may load the widget (same origin)."""
    script = "'self'" if scripts else "'none'"
    connect_src = "'self'" if scripts else "'none'"
    return (f"default-src 'none'; script-src {script}; style-src 'self'; img-src 'self' data:; "
            f"connect-src {connect_src}; font-src 'self'; form-action 'self'; base-uri 'none'; "
            f"frame-ancestors 'none'")


# Handler parameters filled by the router's dependencies.
Db = NamedDependency[Database]
Form = NamedDependency[FormMultiDict]
Auth = NamedDependency[Session]
# Path parameters.
Ref = Annotated[str, PathParameter(max_length=64)]
Id = Annotated[int, PathParameter(ge=1, le=2**62)]
Token = Annotated[str, PathParameter(max_length=200)]


class LoginRequired(Exception):
    """No live session: the answer is a redirect to the login page."""


class CsrfFailed(Exception):
    """An unsafe request without the right CSRF token: a 403 page."""


class PageError(Exception):
    """An error page with ``status`` and the text ``key`` (and its ``{detail}``)."""

    def __init__(self, status: int, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.detail = detail


# --- per request: database, form, session -------------------------------------------------------------------------

async def provide_form(request: Request) -> FormMultiDict:
    """The posted form (already parsed once by the CSRF check; Litestar caches it)."""
    return await request.form()


def provide_session(request: Request) -> Session:
    """The logged-in user's session, loaded by :func:`admin_gate` (which refused the request otherwise)."""
    session = getattr(request.state, "admin_session", None)
    if session is None:
        raise LoginRequired
    return session


def _load(state: State, token: str | None) -> Session | None:
    if not token:
        return None
    db = connect(state.settings.db_path)
    try:
        return load_session(db, token, time.time())
    finally:
        db.conn.close()


async def admin_gate(request: Request) -> None:
    """Before every handler under /admin: load the session, require it, check CSRF on unsafe methods."""
    anonymous = bool(request.route_handler.opt.get("anonymous"))
    session = await anyio.to_thread.run_sync(_load, request.app.state, request.cookies.get(COOKIE))
    request.state.admin_session = session
    if request.method in SAFE_METHODS:
        if session is None and not anonymous:
            raise LoginRequired
        _check_role(request, session, anonymous)
        return
    if session is None and not anonymous:
        raise LoginRequired
    # Before the form is read: a user below the route's role changes nothing, whatever they sent.
    _check_role(request, session, anonymous)
    form = await request.form()
    sent = form.get("csrf")
    expected = session.csrf if session is not None and not anonymous else request.cookies.get(PRE_COOKIE)
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfFailed


def _check_role(request: Request, session: Session | None, anonymous: bool) -> None:
    """Refuse (a 403 page) a user whose role is below the route's minimum (the rule: server/services/roles.py)."""
    if anonymous or session is None:
        return
    minimum = minimum_for(request.route_handler.opt, request.method)
    if not allows(session.user.role, minimum):
        raise Forbidden("role.too_low", {"role": session.user.role, "minimum": minimum})


def is_https(request: Request) -> bool:
    """True when the browser talks HTTPS to us (directly, or per the configured public URL)."""
    return request.url.scheme == "https" or str(request.app.state.settings.public_url).startswith("https://")


def session_cookie(request: Request, key: str, value: str, max_age: int | None = None) -> Cookie:
    """A back-office cookie: HttpOnly, SameSite=Strict, Path=/admin, Secure over HTTPS; ``max_age=0`` deletes."""
    return Cookie(key=key, value=value, path="/admin", httponly=True, samesite="strict", secure=is_https(request),
                  max_age=max_age)


# --- headers ------------------------------------------------------------------------------------------------------

class SecurityHeaders:
    """ASGI middleware for the /admin router: the security headers on every answer, error pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [(b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                         (b"x-content-type-options", b"nosniff"), (b"cross-origin-opener-policy", b"same-origin")]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", csp().encode()))
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + [h for h in extra if h[0] not in present]}
            await send(message)

        await self.app(scope, receive, with_headers)


# --- rendering ----------------------------------------------------------------------------------------------------

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def local_time(value: str | None, lang: str, with_time: bool = True, time_zone: str | None = None) -> str:
    """An ISO UTC timestamp as the dealer reads it: in the dealer's zone, in the user's language (Babel)."""
    return format_datetime(value, lang, time_zone, with_time)


def request_lang(request: Request) -> str:
    """The language of a page: the user's, else ``?lang=``, else the browser's, else Dutch."""
    session = getattr(request.state, "admin_session", None)
    if session is not None:
        return session.user.lang if session.user.lang in LANGS else "nl"
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return str(asked)
    accept = request.headers.get("accept-language", "").lower()[:2]
    return accept if accept in LANGS else "nl"


def dealer_of(request: Request, session: Session | None) -> LoadedCatalog | None:
    """The catalog (with back-office settings) of the session's dealer."""
    return request.app.state.catalogs.get(session.dealer) if session is not None else None


def pre_csrf(request: Request) -> str:
    """The double-submit token of the pages without a session (kept, or a new one)."""
    return request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)


def render(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
           cookies: list[Cookie] | None = None, lang: str | None = None, **context: Any) -> Response[bytes]:
    """A page: the template with everything every page needs (texts, user, dealer, CSRF token, helpers)."""
    session: Session | None = getattr(request.state, "admin_session", None)
    lang = lang if lang in LANGS else request_lang(request)
    t = texts(lang)
    loaded = dealer_of(request, session)
    dealer = loaded.catalog.dealer if loaded else None
    zone_name = dealer.time_zone if dealer else None
    accent = dealer.accent_colour if dealer and _HEX.match(dealer.accent_colour) else "#1f5f8b"
    csrf_token = session.csrf if session is not None else pre_csrf(request)
    done = request.query_params.get("done")
    page_cookies = list(cookies or [])
    if session is None and PRE_COOKIE not in request.cookies:
        page_cookies.append(session_cookie(request, PRE_COOKIE, csrf_token))
    base = {
        "t": t, "lang": lang, "langs": LANGS, "session": session, "user": session.user if session else None,
        "dealer": dealer, "slug": loaded.slug if loaded else "", "accent": accent[1:].lower(),
        "css_version": css_version(), "section": "",
        "csrf": csrf_token, "path": request.url.path, "here": _here(request),
        "notice": t.get(done, "") if isinstance(done, str) and done in _NOTICES else "",
        "money": lambda value, currency="EUR": format_money(value, lang, currency) if value not in (None, "") else "",
        # Quantities and VAT rates in the user's language, as the PDFs write them (7,5 and 21% in Dutch).
        "number": lambda value: format_number(value, lang) if value not in (None, "") else "",
        "percent": lambda value: format_percent(value, lang) if value not in (None, "") else "",
        "when": lambda value: local_time(value, lang, True, zone_name),
        "day": lambda value: local_time(value, lang, False, zone_name),
        "status_label": lambda status: t.get(f"status_{status}", status),
        "fmt": lambda key, **kw: t[key].format(**kw),
        # What the user's role may do (server/services/roles.py): menus and forms show only that.
        "may": lambda minimum: session is not None and allows(session.user.role, minimum),
        "can_work": session is not None and allows(session.user.role, STAFF),
    }
    html = _env.get_template(template).render({**base, **context})
    return Response(html.encode(), status_code=status, media_type="text/html",
                    headers=headers or {}, cookies=page_cookies)


_NOTICES = frozenset({"status_changed", "note_added", "contact_saved", "contact_created", "erased_done",
                      "redelivered", "failures_acknowledged", "settings_saved", "password_set", "logged_out",
                      "session_ended", "user_disabled", "user_enabled", "legal_saved", "user_invited",
                      "role_changed", "user_removed", "branding_saved", "branding_logo_saved",
                      "branding_logo_removed",
                      "editor_saved", "editor_removed", "editor_remove_refused"})


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def redirect(path: str, done: str | None = None, cookies: list[Cookie] | None = None) -> Redirect:
    """303 to ``path`` (a page of ours), optionally with a notice to show there."""
    if done:
        path, hash_mark, fragment = path.partition("#")
        path += ("&" if "?" in path else "?") + f"done={quote(done)}" + hash_mark + fragment
    return Redirect(path=path, status_code=303, cookies=cookies or [])


# --- errors -------------------------------------------------------------------------------------------------------

def _error_page(request: Request, status: int, key: str, detail: str = "",
                headers: dict[str, str] | None = None, words: str | None = None) -> Response[bytes]:
    """The error page: the text of ``key`` (``{detail}`` filled in), or ``words`` already found."""
    t = texts(request_lang(request))
    title = t.get(f"error_{status}_title", t["error_title"])
    if words is None:
        words = (t.get(key) or t.get(f"error_{status}") or t["error_title"]).replace("{detail}", detail)
    return render(request, "error.html", status=status, headers=headers, title=title, message=words,
                  status_code=status)


def _login_required(request: Request, _: LoginRequired) -> Response[Any]:
    had_cookie = COOKIE in request.cookies
    target = "/admin/login"
    if request.method == "GET" and request.url.path not in ("/admin", "/admin/"):
        target += "?next=" + quote(_here(request), safe="")
    cookies = [session_cookie(request, COOKIE, "", max_age=0)] if had_cookie else []
    if had_cookie:
        target += ("&" if "?" in target else "?") + "done=session_ended"
    return Redirect(path=target, status_code=303, cookies=cookies)


def _csrf_failed(request: Request, _: CsrfFailed) -> Response[bytes]:
    return _error_page(request, 403, "error_403")


def _page_error(request: Request, exc: PageError) -> Response[bytes]:
    return _error_page(request, exc.status, exc.key, exc.detail)


def _domain_error(request: Request, exc: DomainError) -> Response[bytes]:
    # A domain error no form caught: its words on an error page with the API's status for it.
    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooMany) else None
    return _error_page(request, status_of(exc), exc.code, headers=headers,
                       words=page_words(texts(request_lang(request)), exc))


def _http_error(request: Request, exc: HTTPException) -> Response[bytes]:
    return _error_page(request, exc.status_code, f"error_{exc.status_code}")


def _database(request: Request, exc: sqlite3.DatabaseError) -> Response[bytes]:
    # A read-only, missing or locked database is an outage, not a bug: a 503 page, logged once a minute.
    if not is_unavailable(exc):
        return _unexpected(request, exc)
    log_unavailable(request, exc)
    try:
        return _error_page(request, 503, "error_503", headers={"Retry-After": str(RETRY_AFTER_S)})
    except sqlite3.DatabaseError:
        # The page itself needs the database (the session's user): answer without it.
        t = texts(request_lang(request))
        body = (f"<!doctype html><title>{t['error_503_title']}</title><h1>{t['error_503_title']}</h1>"
                f"<p>{t['error_503']}</p>")
        return Response(body.encode(), status_code=503, media_type="text/html",
                        headers={"Retry-After": str(RETRY_AFTER_S)})


def _unexpected(request: Request, exc: Exception) -> Response[bytes]:
    _log.exception("unhandled error on %s %s", request.method, redact(request.url.path), exc_info=exc)
    return _error_page(request, 500, "error_500")


exception_handlers: ExceptionHandlersMap = {
    LoginRequired: _login_required,
    CsrfFailed: _csrf_failed,
    PageError: _page_error,
    DomainError: _domain_error,
    ValidationException: _http_error,
    HTTPException: _http_error,
    sqlite3.DatabaseError: _database,
    Exception: _unexpected,
}
