"""The dealer's branding in the API (``/api/v1/dealer/settings/branding``): read, and change some with PATCH.

The same record the back office's branding page edits, with the settings' PATCH semantics: only
the fields sent change and only they are checked (a catalog accent from before the contrast rule
never refuses a new sender name), every field error is reported at once (422; a too light accent
names its measured contrast ratio), nothing is stored unless all is right, and each changed field
is audit-logged with its before and after. The logo is uploaded in the back office (a file,
checked by its bytes); here it is read only: ``logo_url`` is its public address (the uploaded
logo's, else the catalog's unless it was removed), "" without one.
"""

from __future__ import annotations

import anyio.to_thread
from litestar import Request, get, patch
from litestar.datastructures import State

from server.api.dealer_common import Db, Key, actor, catalog_of, decode_body
from server.api.guards import require_json
from server.api.openapi import errors, json_body
from server.services.branding import Branding, BrandingPatch, branding_of, checked, merged, save_branding

__all__ = ["BRANDING_ROUTES"]

_OWNER = {"role": "owner"}  # account configuration (THE ROLES CONTRACT): a read-write key acts as an owner


@get("/settings/branding", opt=_OWNER, sync_to_thread=True, responses=errors(401, 403, 409, 429),
     summary="The dealer's branding: accent colour, e-mail sender name, logo")
def get_branding(state: State, key: Key, db: Db) -> Branding:
    """As it stands: the saved branding, else the catalog's (``saved`` says which)."""
    loaded = catalog_of(state, key)
    return branding_of(db, loaded.slug, loaded.catalog.dealer)


@patch("/settings/branding", opt=_OWNER, guards=[require_json],
       responses=errors(400, 401, 403, 409, 413, 415, 422, 429), operation_class=json_body(BrandingPatch),
       summary="Change the accent colour or the sender name; the rest stays as it is",
       description="`accent_colour` is `#rrggbb` whose WCAG contrast against white is at least 4.5:1 (white "
                   "button text; 3:1 for borders and headings is then met too); `sender_name` (at most 70 "
                   "characters, no line breaks) is the From: display name of every e-mail, \"\" for the "
                   "dealer's name.")
async def patch_branding(request: Request, state: State, key: Key, db: Db) -> Branding:
    """Every field error at once (422); an empty object changes nothing."""
    change = await decode_body(request, BrandingPatch)
    # Off the event loop: the read and the write touch the disk.
    return await anyio.to_thread.run_sync(_save, state, key, db, change)


def _save(state: State, key: Key, db: Db, change: BrandingPatch) -> Branding:
    loaded = catalog_of(state, key)
    current = branding_of(db, loaded.slug, loaded.catalog.dealer)
    new = checked(merged(current, change), current)  # a field not sent, or sent as it was, is not re-checked
    save_branding(db, loaded.slug, current, new, actor(key))
    state.catalogs.forget_overrides(loaded.slug)
    return branding_of(db, loaded.slug, loaded.catalog.dealer)


BRANDING_ROUTES = [get_branding, patch_branding]
