"""The dealer's legal details in the API (``/api/v1/dealer/settings/legal``): read, and change some with PATCH.

The same record the back office's company-details page edits, with the settings' PATCH
semantics: only the fields sent change, every field error is reported at once (422), a wrong
number stores nothing, and each changed field is audit-logged with its old and new value.
Numbers come back compact (``NL91ABNA0417164300``); ``missing_for_invoice`` lists what an
invoice still lacks (empty when invoices may be issued).
"""

from __future__ import annotations

import anyio.to_thread
import msgspec
from litestar import Request, get, patch
from litestar.datastructures import State

from server.api.dealer_common import Db, Key, actor, catalog_of, decode_body
from server.api.guards import require_json
from server.api.openapi import errors, json_body
from server.services.legal_details import (
    LegalDetails,
    LegalDetailsPatch,
    checked,
    legal_details,
    merged,
    missing_for_invoice,
    save_details,
)

__all__ = ["LEGAL_ROUTES", "LegalAnswer"]


class LegalAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """The legal details as they stand (saved, else the catalog's) and what an invoice still lacks."""

    details: LegalDetails
    missing_for_invoice: list[str]


def _answer(details: LegalDetails) -> LegalAnswer:
    return LegalAnswer(details=details, missing_for_invoice=missing_for_invoice(details))


@get("/settings/legal", sync_to_thread=True, opt={"role": "owner"}, responses=errors(401, 403, 409, 429),
     summary="The dealer's legal details for quotes and invoices")
def get_legal(state: State, key: Key, db: Db) -> LegalAnswer:
    """Company name, address, VAT and chamber-of-commerce numbers, IBAN, BIC, terms, validity and payment days."""
    loaded = catalog_of(state, key)
    return _answer(legal_details(db, loaded.slug, loaded.catalog.dealer))


@patch("/settings/legal", guards=[require_json], opt={"role": "owner"},
       responses=errors(400, 401, 403, 409, 413, 415, 422, 429),
       operation_class=json_body(LegalDetailsPatch), summary="Change some legal details; the others stay as they are",
       description="Numbers are checked (IBAN check digits, BIC, the VAT number of the dealer's country, the "
                   "Dutch KvK's 8 digits) and stored compact; a wrong one is a 422 naming its field.")
async def patch_legal(request: Request, state: State, key: Key, db: Db) -> LegalAnswer:
    """Every field error at once (422); an empty object changes nothing."""
    change = await decode_body(request, LegalDetailsPatch)
    # Off the event loop: the read and the write touch the disk.
    return await anyio.to_thread.run_sync(_save, state, key, db, change)


def _save(state: State, key: Key, db: Db, change: LegalDetailsPatch) -> LegalAnswer:
    loaded = catalog_of(state, key)
    current = legal_details(db, loaded.slug, loaded.catalog.dealer)
    new = checked(merged(current, change))
    save_details(db, loaded.slug, current, new, actor(key))
    return _answer(new)


LEGAL_ROUTES = [get_legal, patch_legal]
