"""The price playground in the dealer API: ``POST /api/v1/dealer/catalog/playground``.

The same rows as the back office's playground page (:mod:`server.services.playground`): saved
samples, open requests and generated windows priced on the live catalog and on the draft, largest
difference first, plus any configurations sent in the body. Lines carry their formulas in words:
the answer is for the dealer's key only, like ``venster price``.
"""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
import msgspec
from litestar import Request, post
from litestar.datastructures import State
from litestar.params import QueryParameter

from server.api.dealer_common import Db, Key, catalog_of, decode_body
from server.api.openapi import errors, json_body
from server.engine.configuration import Configuration
from server.engine.i18n import LANGUAGES
from server.engine.money import fmt
from server.i18n.engine_words import say
from server.i18n.lengths import Units
from server.loaded_catalog import LoadedCatalog
from server.services import playground
from server.services.catalog_versions import loaded_draft
from server.services.inputs import Input

__all__ = ["PLAYGROUND_ROUTES"]

_OWNER = {"role": "owner"}  # every catalog route is an owner's (a read-write key)


class PlaygroundIn(Input, frozen=True, kw_only=True):
    """Windows to price besides the samples, open requests and generated ones (at most 50)."""

    configurations: Annotated[list[Configuration], msgspec.Meta(max_length=50)] = []


class LineOut(msgspec.Struct, frozen=True, kw_only=True):
    """A price line with its formula in words (excl. VAT, money as a string with two decimals)."""

    code: str
    label: str
    quantity: int
    unit_price: str
    amount: str
    vat_rate: str
    formula: str
    per_order: bool


class SideOut(msgspec.Struct, frozen=True, kw_only=True):
    """One window on one catalog: valid, its totals and lines, or its errors in words."""

    valid: bool
    subtotal: str | None
    total: str | None
    lines: list[LineOut]
    errors: list[str]


class RowOut(msgspec.Struct, frozen=True, kw_only=True):
    """A window priced live and on the draft; ``difference`` is the draft's total minus the live one."""

    source: str
    name: str
    kind: str | None
    position: int | None
    sample_id: int | None
    configuration: Configuration
    stored_total: str | None
    live: SideOut
    draft: SideOut
    difference: str | None


class PlaygroundOut(msgspec.Struct, frozen=True, kw_only=True):
    """Every priced row, largest difference first; ``cut`` windows did not fit in the time budget."""

    rows: list[RowOut]
    changed: int
    cut: int
    currency: str
    live_version: str
    draft_version: str


LangParam = Annotated[str | None, QueryParameter(description="Language of labels and formulas: nl, en or de; "
                                                             "default the dealer's first", max_length=8)]


def _side(side: playground.Side, lang: str, units: Units) -> SideOut:
    return SideOut(
        valid=side.valid, subtotal=fmt(side.subtotal) if side.subtotal is not None else None,
        total=fmt(side.total) if side.total is not None else None,
        lines=[LineOut(code=ln.code, label=say(ln.label, lang, units), quantity=ln.quantity,
                       unit_price=fmt(ln.unit_price), amount=fmt(ln.amount), vat_rate=str(ln.vat_rate),
                       formula=say(ln.formula, lang, units), per_order=ln.per_order)
               for ln in side.lines],
        errors=[say(m, lang, units) for m in side.errors])


def _answer(db: Db, live: LoadedCatalog, configurations: list[Configuration], lang: str) -> PlaygroundOut:
    draft = loaded_draft(db, live.slug, live)
    found = playground.rows(db, live.slug, live, draft, lang, extra=configurations)
    units = draft.catalog.dealer.length_units
    rows = [RowOut(source=r.candidate.source, name=r.candidate.name, kind=r.candidate.kind,
                   position=r.candidate.position, sample_id=r.candidate.sample_id,
                   configuration=r.candidate.configuration,
                   stored_total=fmt(r.candidate.stored_total) if r.candidate.stored_total is not None else None,
                   live=_side(r.live, lang, units), draft=_side(r.draft, lang, units),
                   difference=fmt(r.difference) if r.difference is not None else None) for r in found.rows]
    return PlaygroundOut(rows=rows, changed=len(found.changed), cut=found.cut, currency=found.currency,
                         live_version=live.version, draft_version=draft.version)


@post("/catalog/playground", opt=_OWNER, status_code=200, responses=errors(400, 401, 403, 413, 415, 422, 429),
      operation_class=json_body(PlaygroundIn, required=False),
      summary="Windows priced on the live catalog and on the draft, largest difference first")
async def post_playground(request: Request, state: State, key: Key, db: Db, lang: LangParam = None) -> PlaygroundOut:
    """Saved samples, open requests (new, contacted, quoted) and generated windows, plus ``configurations``."""
    body = await request.body()
    data = await decode_body(request, PlaygroundIn) if body.strip() else PlaygroundIn()
    live = catalog_of(state, key)
    chosen = lang if lang in LANGUAGES else live.catalog.dealer.languages[0]
    return await anyio.to_thread.run_sync(_answer, db, live, list(data.configurations), chosen)


PLAYGROUND_ROUTES = [post_playground]
