"""The dealer's web back office under ``/admin``: server-rendered pages, no JavaScript needed.

Register it with ``admin_router()`` in the app's route handlers; everything it needs
(database, catalogs, settings) comes from the app's state.
"""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from server.admin import assets, auth, branding, contacts, dealer, invoices, legal, quotes, requests, users
from server.admin.catalog_editor import ROUTES as CATALOG_EDITOR_ROUTES
from server.admin.catalog_history import ROUTES as HISTORY_ROUTES
from server.admin.catalog_playground import ROUTES as PLAYGROUND_ROUTES
from server.admin.catalog_prices import ROUTES as CATALOG_PRICES_ROUTES
from server.admin.core import SecurityHeaders, admin_gate, exception_handlers, provide_form, provide_session
from server.admin.keys import ROUTES as KEY_ROUTES
from server.admin.onboarding import ROUTES as ONBOARDING_ROUTES
from server.web_shared import provide_db

__all__ = ["admin_router"]


def admin_router() -> Router:
    """A fresh router (one per app) with every back-office page."""
    handlers = [*assets.ROUTES, *auth.ROUTES, *requests.ROUTES, *contacts.ROUTES, *dealer.ROUTES, *quotes.ROUTES,
                *invoices.ROUTES, *users.ROUTES, *legal.ROUTES, *branding.ROUTES]
    handlers += [*ONBOARDING_ROUTES, *KEY_ROUTES]
    handlers += [*PLAYGROUND_ROUTES, *HISTORY_ROUTES]
    handlers += CATALOG_PRICES_ROUTES
    handlers += [*CATALOG_EDITOR_ROUTES]
    return Router(
        path="/admin",
        route_handlers=handlers,
        before_request=admin_gate,
        middleware=[SecurityHeaders],
        exception_handlers=exception_handlers,
        dependencies={
            "db": Provide(provide_db),
            "form": Provide(provide_form),
            "session": Provide(provide_session, sync_to_thread=False),
        },
        include_in_schema=False,
    )
