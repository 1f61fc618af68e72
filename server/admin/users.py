"""The back office's users page (owners only): colleagues, their roles, inviting, disabling and removing them.

Every action is refused below the owner role by the gate (``opt={"role": "owner"}``), and by
the users service for what no owner may do either: a dealer always keeps one active owner,
so nobody demotes, disables or removes the last one (themself included). An invitation
creates the user with no password and mails them a one-time link (7 days) to set one; the
mail is sent before the answer, so a failed delivery is said at once, and "resend invitation"
sends a fresh link (the old one dies) to a user who has not set a password yet.
"""

from __future__ import annotations

import logging
import time

from litestar import Request, Response, get, post
from litestar.datastructures import State

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors, page_words
from server.admin.texts import LANGS, texts
from server.links import public_base
from server.notify.invite_mail import invite_message, send_invite
from server.notify.mail import dealer_logo
from server.services.errors import Conflict, Invalid
from server.services.roles import LABEL_KEYS, OWNER, ROLES, STAFF
from server.services.users import (
    INVITE_TTL_S,
    User,
    invite_user,
    list_users,
    remove_user,
    resend_invite,
    set_disabled,
    set_password_link,
    set_role,
)
from server.settings import Settings

__all__ = ["ROUTES"]

_log = logging.getLogger("venster.web.users")
_OWNER = {"role": OWNER}


def _page(request: Request, db: Db, session: Auth, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, status: int = 200, mail_failed: str = "") -> Response:
    invite = values or {"email": "", "name": "", "role": STAFF, "lang": session.user.lang}
    return render(request, "users.html", status=status, section="users", users=list_users(db, session.dealer),
                  roles=ROLES, invite=invite, errors=errors or {}, mail_failed=mail_failed)


@get("/users", opt=_OWNER, sync_to_thread=True)
def users_page(request: Request, db: Db, session: Auth) -> Response:
    """Every login of the dealer with its role, the buttons to change it, and the invitation form."""
    return _page(request, db, session)


def _send(state: State, session: Auth, user: User, token: str) -> bool:
    """Mail ``user`` their invitation with the link of ``token``; False (and logged) when it was not delivered."""
    settings: Settings = state.settings
    loaded = state.catalogs.get(session.dealer)
    dealer = loaded.catalog.dealer if loaded else None
    dealer_name = dealer.name if dealer else session.dealer
    role_label = texts(user.lang)[LABEL_KEYS[user.role]]
    message = invite_message(settings, user.email, user.lang, user.name, dealer_name,
                             session.user.name or session.user.email, role_label,
                             set_password_link(public_base(settings), token), INVITE_TTL_S // 86_400,
                             sender_name=(dealer.sender_name or dealer.name) if dealer else "",
                             logo=dealer_logo(settings, session.dealer))
    ok, detail = send_invite(settings, message)
    if not ok:
        _log.error("invitation mail to user %s not delivered: %s", user.id, detail)
    return ok


def _sent(request: Request, db: Db, session: Auth, ok: bool, user: User) -> Response:
    """To the users page saying the invitation went out, or (on the page itself) that it did not."""
    if ok:
        return go("/admin/users", "user_invited")
    # The user exists with their link either way: the page says so and offers "resend invitation".
    return _page(request, db, session, mail_failed=user.email)


@post("/users/invite", opt=_OWNER, sync_to_thread=True)
def invite(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """Invite a colleague by e-mail with a role and a language; the answer says whether the mail went out."""
    values = {"email": field(form, "email", 300).strip(), "name": field(form, "name", 200).strip(),
              "role": field(form, "role", 20), "lang": field(form, "lang", 8)}
    t = texts(session.user.lang)
    try:
        user, token = invite_user(db, session.dealer, values["email"], values["name"], values["role"],
                                  values["lang"] if values["lang"] in LANGS else session.user.lang,
                                  session.user.actor, time.time())
    except Invalid as exc:
        return _page(request, db, session, values, form_errors(t, exc), status=422)
    except Conflict as exc:  # user.email_taken: said next to the field, like the other refusals
        return _page(request, db, session, values, {"email": page_words(t, exc)}, status=409)
    return _sent(request, db, session, _send(state, session, user, token), user)


@post("/users/resend", opt=_OWNER, sync_to_thread=True)
def resend(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """Send an invited colleague a fresh one-time link (the old one dies), e.g. after a failed mail or a disable."""
    # A refusal (user.not_found, user.not_invited, user.resend_disabled) reaches the one domain-error page.
    user, token = resend_invite(db, session.dealer, field(form, "email", 254), session.user.actor, time.time())
    return _sent(request, db, session, _send(state, session, user, token), user)


@post("/users/role", opt=_OWNER, sync_to_thread=True)
def change_role(db: Db, session: Auth, form: Form) -> Response:
    """Give a colleague another role (their open sessions use it on their next page)."""
    # A refusal (user.not_found, user.role_invalid, user.last_active) reaches the back office's one
    # domain-error page with the code's words; another dealer's user is not found like a missing one.
    set_role(db, session.dealer, field(form, "email", 254), field(form, "role", 20), session.user.actor)
    return go("/admin/users", "role_changed")


def _set(db: Db, session: Auth, form: Form, disabled: bool) -> Response:
    # A refusal (user.not_found, user.disable_self, user.last_active) reaches the back office's
    # one domain-error page: 404 or 409 with the code's words. Another dealer's user is
    # not found like a missing one, so nobody learns whose address it is.
    set_disabled(db, session.dealer, field(form, "email", 254), disabled, session.user.actor,
                 by_user_id=session.user.id)
    return go("/admin/users", "user_disabled" if disabled else "user_enabled")


@post("/users/disable", opt=_OWNER, sync_to_thread=True)
def disable(db: Db, session: Auth, form: Form) -> Response:
    """Disable a colleague: their sessions end at once; they cannot log in or reset their password."""
    return _set(db, session, form, True)


@post("/users/enable", opt=_OWNER, sync_to_thread=True)
def enable(db: Db, session: Auth, form: Form) -> Response:
    """Let a disabled colleague log in again."""
    return _set(db, session, form, False)


@post("/users/remove", opt=_OWNER, sync_to_thread=True)
def remove(db: Db, session: Auth, form: Form) -> Response:
    """Remove a colleague: their sessions end and their links die at once; the histories keep their e-mail."""
    # Removing oneself is refused like disabling oneself (user.remove_self).
    remove_user(db, session.dealer, field(form, "email", 254), session.user.actor, by_user_id=session.user.id)
    return go("/admin/users", "user_removed")


ROUTES = [users_page, invite, resend, change_role, disable, enable, remove]
