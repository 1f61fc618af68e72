"""Public widget endpoints under ``/api/v1/dealers/{dealer}`` (no credentials, no cookies)."""

from __future__ import annotations

import base64
import time
from typing import Annotated

import msgspec
from litestar import Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, QueryParameter

from server.api.configurator import ConfiguratorDoc, configurator_doc
from server.api.drawing_cache import inline_svg
from server.api.evaluation import Evaluation, worded
from server.api.guards import require_json
from server.api.openapi import errors
from server.api.params import DealerSlug, LangQuery
from server.drawing import View
from server.engine.configuration import Configuration, canonical_json
from server.engine.evaluate import evaluate
from server.engine.i18n import LANGUAGES
from server.errors import ApiError, FieldError
from server.messages import message
from server.services.catalog_preview import is_preview_alias, preview_catalog
from server.services.catalogs import LoadedCatalog
from server.storage.db import connect

__all__ = ["configurator", "drawing_urls", "evaluate_configuration", "evaluated", "find_dealer", "pick_lang"]


EvaluationQuery = Annotated[bool, QueryParameter(
    description="`true`: add `evaluation`, the evaluate answer for the first product's defaults")]
# The first drawing's own parameters, as drawing.svg takes them: the inline SVG is that URL's answer.
FirstViewQuery = Annotated[View | None, QueryParameter(
    description="With `evaluation=true`: the view of `drawing_svg`, as `drawing.svg`'s `view` "
                "(default the dealer's drawing convention)")]


def find_dealer(state: State, dealer: str) -> LoadedCatalog:
    """The dealer's current catalog, or a 404 in the error shape.

    A preview alias (``p_...``, made in the back office) gives the dealer's draft under the alias.
    """
    loaded = _preview(state, dealer) if is_preview_alias(dealer) else state.catalogs.get(dealer)
    if loaded is None:
        raise ApiError(404, message("http.unknown_dealer", {"dealer": dealer[:64]}))
    return loaded


def _preview(state: State, alias: str) -> LoadedCatalog | None:
    db = connect(state.settings.db_path)
    try:
        return preview_catalog(db, state.catalogs, alias, time.time())
    finally:
        db.conn.close()


def pick_lang(loaded: LoadedCatalog, lang: str | None) -> str:
    """``lang`` when the product speaks it, else the dealer's first language; 422 for junk."""
    if lang is None or lang == "":
        return loaded.catalog.dealer.languages[0]
    if lang not in LANGUAGES:
        raise ApiError(422, message("http.lang_unsupported"),
                       [FieldError(field="lang", message=message("http.lang_expected"))])
    return lang


def drawing_c(config: Configuration) -> str:
    """The drawing URLs' ``c``: base64url (no padding) of the configuration's canonical JSON."""
    return base64.urlsafe_b64encode(canonical_json(config)).rstrip(b"=").decode()


def drawing_urls(slug: str, config: Configuration, lang: str) -> dict[str, str]:
    """GET URLs of the drawing of ``config`` labelled in ``lang``; ``c`` is base64url of its canonical JSON."""
    c = drawing_c(config)
    base = f"/api/v1/dealers/{slug}"
    return {"svg": f"{base}/drawing.svg?c={c}&lang={lang}", "png": f"{base}/drawing.png?c={c}&width=800&lang={lang}"}


def evaluated(loaded: LoadedCatalog, config: Configuration, lang: str) -> Evaluation:
    """The evaluate answer for ``config`` in ``lang``: worded, with deltas and (when valid) its drawing URLs."""
    result = worded(evaluate(loaded.compiled, config, lang, deltas=True), lang, loaded.catalog.dealer.length_units)
    urls = drawing_urls(loaded.slug, result.configuration, lang) if result.valid else {}
    return msgspec.structs.replace(result, drawing=urls)


@get("/api/v1/dealers/{dealer:str}/configurator", tags=["widget"], sync_to_thread=False,
     responses=errors(400, 404, 422), summary="Branding, texts, products, layouts and options of a dealer")
def configurator(state: State, dealer: DealerSlug, lang: LangQuery = None,
                 evaluation: EvaluationQuery = False, view: FirstViewQuery = None) -> Response[ConfiguratorDoc]:
    """What the widget needs to build its controls, labels in ``lang``; with ``evaluation``, the defaults evaluated."""
    loaded = find_dealer(state, dealer)
    chosen = pick_lang(loaded, lang)
    # Folded in on request: the widget's first price and drawing without more sequential round trips.
    first = evaluated(loaded, Configuration(product=loaded.catalog.products[0].id), chosen) if evaluation else None
    # Drawn in the event loop only on the render cache's first miss (a few ms, once per catalog,
    # language and view); every later answer, and the drawing URL itself, reads the cache.
    svg = inline_svg(state, loaded, first.configuration, drawing_c(first.configuration), chosen, view) \
        if first is not None and first.valid else None
    return Response(configurator_doc(loaded.slug, loaded.catalog, chosen, first, svg),
                    headers={"Cache-Control": "no-cache", "Vary": "Origin"})


@post("/api/v1/dealers/{dealer:str}/evaluate", tags=["widget"], guards=[require_json], sync_to_thread=False,
      status_code=200, responses=errors(400, 404, 413, 415, 422),
      summary="Validate, price and check availability of a configuration")
def evaluate_configuration(state: State, dealer: DealerSlug, data: JSONBody[Configuration],
                           lang: LangQuery = None) -> Evaluation:
    """The normalised configuration, errors, live limits, availability, price and drawing URLs.

    An impossible window is a 200 with ``valid: false`` and field errors.
    """
    loaded = find_dealer(state, dealer)
    return evaluated(loaded, data, pick_lang(loaded, lang))
