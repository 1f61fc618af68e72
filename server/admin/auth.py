"""Logging in and out, the language switch, and resetting a password by an e-mailed one-time link."""

from __future__ import annotations

import logging
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import State
from litestar.params import PathParameter

from server.admin.core import COOKIE, Auth, Db, Form, PageError, Token, render, request_lang, session_cookie
from server.admin.core import redirect as go
from server.admin.errors import form_errors, page_words
from server.admin.texts import LANGS, texts
from server.links import public_base
from server.notify.mail import deliver_mail
from server.services.devices import DEVICE_COOKIE, DEVICE_MAX_AGE_S
from server.services.errors import Invalid
from server.services.sessions import end_session, start_session
from server.services.users import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    User,
    authenticate,
    reset_user,
    set_lang,
    set_password_link,
    start_reset,
    use_reset,
)
from server.settings import Settings
from server.storage.rate_limits import client_key

__all__ = ["ROUTES"]

_log = logging.getLogger("venster.web.auth")
_ANON = {"anonymous": True}


def field(form: Form, name: str, limit: int = 10_000) -> str:
    """One text field of a form ("" when missing or repeated oddly), cut to ``limit``."""
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def safe_next(value: str | None) -> str:
    """Where to go after logging in: only a page of the back office, never another site."""
    if value and value.startswith("/admin") and not value.startswith("//") and "\\" not in value \
            and not value.startswith(("/admin/login", "/admin/reset", "/admin/logout")):
        return value[:500]
    return "/admin/requests"


@get("/", sync_to_thread=False, include_in_schema=False)
def home() -> Response:
    """The back office opens on the requests."""
    return go("/admin/requests")


@get("/login", opt=_ANON, sync_to_thread=False)
def login_page(request: Request) -> Response:
    """The login form (straight on to the back office when already logged in)."""
    nxt = safe_next(request.query_params.get("next"))
    if getattr(request.state, "admin_session", None) is not None:
        return go(nxt)
    return render(request, "login.html", next=nxt, email="", error="")


@post("/login", opt=_ANON, sync_to_thread=True)
def login(request: Request, state: State, db: Db, form: Form) -> Response:
    """Check e-mail and password (throttled per account and address, or per known device); start a session."""
    email, nxt = field(form, "email", 254).strip(), safe_next(field(form, "next", 500))
    # The throttle's rows hold a keyed hash of the address, never the address (privacy).
    client = client_key(db, request.client.host if request.client else "")
    result = authenticate(db, email, field(form, "password", MAX_PASSWORD + 1), client, time.time(),
                          delay_s=state.settings.login_delay_s, device=request.cookies.get(DEVICE_COOKIE, ""))
    t = texts(request_lang(request))
    if result.retry_after is not None:
        wait = result.retry_after
        words = t["login_wait_seconds"].format(n=wait) if wait < 120 else \
            t["login_limited"].format(minutes=-(-wait // 60))
        return render(request, "login.html", status=429, headers={"Retry-After": str(wait)},
                      next=nxt, email=email, error=words)
    if result.user is None:
        return render(request, "login.html", status=400, next=nxt, email=email, error=t["login_failed"])
    token = start_session(db, result.user, time.time())
    # The known-device cookie exempts this browser from the address throttle next time.
    return go(nxt, cookies=[session_cookie(request, COOKIE, token),
                            session_cookie(request, DEVICE_COOKIE, result.device, max_age=DEVICE_MAX_AGE_S)])


@post("/logout", opt={"role": "read-only"}, sync_to_thread=True)
def logout(request: Request, db: Db, session: Auth) -> Response:
    """End the session in the database and in the browser."""
    token = request.cookies.get(COOKIE)
    if token:
        end_session(db, token)
    return go("/admin/login", "logged_out", cookies=[session_cookie(request, COOKIE, "", max_age=0)])


@post("/lang", opt={"role": "read-only"}, sync_to_thread=True)
def switch_lang(db: Db, session: Auth, form: Form) -> Response:
    """Switch the back office's language for this user (kept on the user)."""
    lang = field(form, "lang", 8)
    if lang in LANGS:
        set_lang(db, session.user.id, lang)
    return go(safe_next(field(form, "next", 500)))


@get("/reset", opt=_ANON, sync_to_thread=False)
def reset_page(request: Request) -> Response:
    """Ask for a reset link."""
    return render(request, "reset.html", sent=False, email="")


def _send_reset(settings: Settings, user: User, dealer_name: str, link: str) -> None:
    t = texts(user.lang)
    message = EmailMessage()
    message["Subject"] = t["mail_reset_subject"].format(dealer=dealer_name)
    message["From"] = settings.mail_from
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="venster.local")
    message.set_content(t["mail_reset_body"].format(name=user.name or user.email, dealer=dealer_name, link=link))
    ok, detail = deliver_mail(message, settings)
    if not ok:
        _log.error("password reset mail to user %s not delivered: %s", user.id, detail)


@post("/reset", opt=_ANON, sync_to_thread=True)
def reset_request(request: Request, state: State, db: Db, form: Form) -> Response:
    """Always the same answer; the mail (if any) goes after the answer, so timing tells nothing either."""
    email = field(form, "email", 254).strip()
    found = start_reset(db, email, time.time()) if email else None
    response = render(request, "reset.html", sent=True, email="")
    if found is not None:
        user, token = found
        loaded = state.catalogs.get(user.dealer)
        name = loaded.catalog.dealer.name if loaded else user.dealer
        response.background = BackgroundTask(_send_reset, state.settings, user, name,
                                             set_password_link(public_base(state.settings), token))
    return response


@get("/reset/{token:str}", opt=_ANON, sync_to_thread=True)
def new_password_page(request: Request, db: Db, token: Token) -> Response:
    """The form for a new password, when the link is still good."""
    user = reset_user(db, token, time.time())
    if user is None:
        return render(request, "reset_invalid.html", status=400)
    return render(request, "new_password.html", lang=request.query_params.get("lang") or user.lang, token=token,
                  email=user.email, error="",
                  min_length=MIN_PASSWORD)


@post("/reset/{token:str}", opt=_ANON, sync_to_thread=True)
def new_password(request: Request, db: Db, form: Form, token: Token) -> Response:
    """Set the new password (once per link); every session of the user ends."""
    user = reset_user(db, token, time.time())
    if user is None:
        return render(request, "reset_invalid.html", status=400)
    t = texts(user.lang)
    password, again = field(form, "password", MAX_PASSWORD + 1), field(form, "password2", MAX_PASSWORD + 1)
    error = ""
    if password != again:
        error = t["password_mismatch"]
    else:
        try:
            done = use_reset(db, token, password, time.time())
        except Invalid as exc:
            # Too short or too long: the service's code in the user's words; the link stays good.
            done, error = None, form_errors(t, exc).get("password") or page_words(t, exc)
        if done is not None:
            return go("/admin/login", "password_set")
        if not error:
            return render(request, "reset_invalid.html", status=400)
    return render(request, "new_password.html", status=400, lang=user.lang, token=token, email=user.email,
                  error=error, min_length=MIN_PASSWORD)


@get("/{rest:path}", sync_to_thread=False, include_in_schema=False)
def not_found(rest: Annotated[str, PathParameter()]) -> Response:
    """Any other page under /admin: the same HTML 404 as a missing request (after the login check)."""
    raise PageError(404, "error_404")


ROUTES = [not_found, home, login_page, login, logout, switch_lang, reset_page, reset_request, new_password_page,
          new_password]
