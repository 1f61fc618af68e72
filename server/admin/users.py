"""The back office's users page: who may log in, and disabling or enabling a colleague.

Until roles exist every user of a dealer may do this for the dealer's other users; nobody
can disable themself, and the last active user stays (else nobody could log in to undo it).
"""

from __future__ import annotations

from litestar import Request, Response, get, post

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, render
from server.admin.core import redirect as go
from server.services.users import list_users, set_disabled

__all__ = ["ROUTES"]


@get("/users", sync_to_thread=True)
def users_page(request: Request, db: Db, session: Auth) -> Response:
    """Every login of the dealer, with a disable or enable button."""
    return render(request, "users.html", section="users", users=list_users(db, session.dealer))


def _set(db: Db, session: Auth, form: Form, disabled: bool) -> Response:
    # A refusal (user.not_found, user.disable_self, user.last_active) reaches the back office's
    # one domain-error page: 404 or 409 with the code's words. Another dealer's user is
    # not found like a missing one, so nobody learns whose address it is.
    set_disabled(db, session.dealer, field(form, "email", 254), disabled, session.user.actor,
                 by_user_id=session.user.id)
    return go("/admin/users", "user_disabled" if disabled else "user_enabled")


@post("/users/disable", sync_to_thread=True)
def disable(db: Db, session: Auth, form: Form) -> Response:
    """Disable a colleague: their sessions end at once; they cannot log in or reset their password."""
    return _set(db, session, form, True)


@post("/users/enable", sync_to_thread=True)
def enable(db: Db, session: Auth, form: Form) -> Response:
    """Let a disabled colleague log in again."""
    return _set(db, session, form, False)


ROUTES = [users_page, disable, enable]
