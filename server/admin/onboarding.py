"""The getting-started page: a new dealer's checklist, each step linking to where it is done.

Works without JavaScript: the embed snippet is selectable text, and the products step is
ticked off with a plain form. With JavaScript (``/admin/static/copy.js``, same origin, allowed
by the page's policy) a copy button puts the snippet on the clipboard.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Request, Response, get, post
from litestar.datastructures import State

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, csp, render
from server.admin.core import redirect as go
from server.admin.dealer import _snippet as settings_snippet  # the public URL, else the browser's address
from server.services.catalogs import LoadedCatalog
from server.services.onboarding import onboarding, tick_products

__all__ = ["ROUTES", "page_snippet"]

COPY_JS = Path(__file__).resolve().parent / "static" / "copy.js"
# Where the branding step is done.
BRANDING_HREF = "/admin/branding"


def _catalog(state: State, session: Auth) -> LoadedCatalog:
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def page_snippet(request: Request, state: State, loaded: LoadedCatalog) -> str:
    """The embed snippet as ``venster dealer init`` printed it and the settings page shows it (one maker)."""
    return settings_snippet(request, state, loaded.slug, loaded.catalog.dealer.languages[0])


@get("/getting-started", opt={"role": "owner"}, sync_to_thread=True)
def getting_started_page(request: Request, state: State, db: Db, session: Auth) -> Response:
    """Every step with whether it is done and a link to where it is done; the snippet with a copy button."""
    loaded = _catalog(state, session)
    dealer = loaded.catalog.dealer
    return render(request, "onboarding.html", section="onboarding", plan=onboarding(db, loaded),
                  snippet=page_snippet(request, state, loaded), branding_href=BRANDING_HREF,
                  origins=list(dealer.allowed_origins), headers={"Content-Security-Policy": csp(scripts=True)})


@post("/getting-started/products", opt={"role": "owner"}, sync_to_thread=True)
def tick_products_step(state: State, db: Db, session: Auth, form: Form) -> Response:
    """Tick the products-and-prices step off (``done=1``) or open it again (``done=0``)."""
    loaded = _catalog(state, session)
    tick_products(db, loaded.slug, field(form, "done", 1) == "1", session.user.actor)
    return go("/admin/getting-started#step-products")


@get("/static/copy.js", opt={"anonymous": True}, sync_to_thread=False, include_in_schema=False)
def copy_js() -> Response[bytes]:
    """The copy buttons' script (the only script of the back office's own)."""
    return Response(COPY_JS.read_bytes(), media_type="text/javascript", headers={"Cache-Control": "no-cache"})


ROUTES = [getting_started_page, tick_products_step, copy_js]
