"""``POST /api/v1/dealers/{dealer}/evaluate-list``: the homeowner's list of windows priced as one document.

The widget shows the list total this answer gives, never its own sum: the request, the
quote and the invoice made from the same windows compute the same figures by the same
rule (VAT per rate over the whole document, fees once per order).
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import post
from litestar.datastructures import State
from litestar.params import Body

from server.api.evaluation import field_errors
from server.api.guards import require_json
from server.api.openapi import errors
from server.api.params import DealerSlug, LangQuery
from server.api.public import find_dealer, pick_lang
from server.engine.configuration import Configuration
from server.engine.evaluate import evaluate_detailed
from server.engine.price_list import Totals, price_list
from server.errors import FieldError
from server.services.inputs import Input
from server.services.intake_checks import MAX_ITEMS
from server.services.intake_model import PriceLine, PriceSummary, worded_lines, worded_price

__all__ = ["EvaluateListIn", "EvaluateListOut", "evaluate_list"]


class ListItemIn(Input, frozen=True, kw_only=True):
    """One window of the list: its configuration, ``quantity`` included."""

    configuration: Configuration


class EvaluateListIn(Input, frozen=True, kw_only=True):
    """The list as the widget holds it."""

    items: Annotated[list[ListItemIn], msgspec.Meta(max_length=MAX_ITEMS,
                                                    description=f"At most {MAX_ITEMS} windows")]


class ListItemOut(msgspec.Struct, frozen=True, kw_only=True):
    """One window's own price (without fees once per order); ``price`` is null when it is not valid."""

    valid: bool
    price: PriceSummary | None


class EvaluateListOut(msgspec.Struct, frozen=True, kw_only=True):
    """Each item's price, the fees once per order, and the document's totals with VAT per rate."""

    valid: bool
    errors: list[FieldError]
    items: list[ListItemOut]
    order_lines: list[PriceLine]
    totals: Totals
    includes_vat: bool


@post("/api/v1/dealers/{dealer:str}/evaluate-list", tags=["widget"], guards=[require_json], sync_to_thread=False,
      status_code=200, responses=errors(400, 404, 413, 415, 422),
      summary="Price a list of configurations as one document (the list total the widget shows)")
def evaluate_list(state: State, dealer: DealerSlug,
                  data: Annotated[EvaluateListIn, Body(description=f"The list (at most {MAX_ITEMS} windows)")],
                  lang: LangQuery = None) -> EvaluateListOut:
    """Items' prices and the totals: VAT per rate over the whole list, each fee ``per_order`` once.

    An impossible window is a 200 with ``valid: false``, its errors under ``items[i].configuration``,
    and counts for nothing in the totals.
    """
    loaded = find_dealer(state, dealer)
    chosen = pick_lang(loaded, lang)
    details = [evaluate_detailed(loaded.compiled, item.configuration, chosen) for item in data.items]
    dealer_conf = loaded.catalog.dealer
    document = price_list(details, dealer_conf.currency, dealer_conf.prices_include_vat)
    units = dealer_conf.length_units
    problems = [e for i, d in enumerate(details)
                for e in field_errors(d.evaluation.errors, chosen, units, f"items[{i}].configuration")]
    return EvaluateListOut(
        valid=not problems, errors=problems,
        items=[ListItemOut(valid=d.evaluation.valid, price=worded_price(p, chosen, units) if p is not None else None)
               for d, p in zip(details, document.items, strict=True)],
        order_lines=worded_lines(document.order_lines, chosen, units), totals=document.totals,
        includes_vat=dealer_conf.prices_include_vat)
