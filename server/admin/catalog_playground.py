"""The price playground page (``/admin/catalog/playground``) and the live preview of the draft.

Windows priced on the live catalog and on the draft side by side (:mod:`server.services.playground`),
largest difference first; each row opens its lines with the formulas in a ``<details>``, so the
page needs no JavaScript. A row can be kept as a sample. The draft's real widget runs beside it
under a preview alias (:mod:`server.services.catalog_preview`); that is the one script on the page.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from litestar import Request, Response, get, post

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, csp, dealer_of, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors
from server.admin.texts import LANGS, texts
from server.engine.configuration import canonical_json
from server.engine.i18n import pick
from server.i18n import format_money
from server.i18n.engine_words import say
from server.i18n.lengths import format_size
from server.loaded_catalog import LoadedCatalog
from server.services import playground
from server.services.catalog_preview import preview_slug
from server.services.catalog_versions import loaded_draft
from server.services.errors import Invalid, NotFound

__all__ = ["ROUTES", "playground_view", "preview_context"]

_CONFIG_MAX = 20_000  # a configuration's JSON: a few hundred bytes; far more is not one


def _live(request: Request, session: Auth) -> LoadedCatalog:
    loaded = dealer_of(request, session)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def preview_context(db: Db, session: Auth, live: LoadedCatalog) -> dict[str, Any]:
    """What ``_catalog_preview.html`` needs: a fresh alias of the draft and the widget's language."""
    lang = session.user.lang if session.user.lang in live.catalog.dealer.languages else live.catalog.dealer.languages[0]
    return {"preview_alias": preview_slug(db, session.dealer, time.time()), "preview_lang": lang}


def _signed(value: Decimal, lang: str, currency: str) -> str:
    text = format_money(abs(value), lang, currency)
    return ("+" if value > 0 else "−" if value < 0 else "±") + "\u00a0" + text


def _lines(row: playground.Row, lang: str, units: Any, currency: str) -> list[dict[str, str]]:
    """Each price line of either side, by code, with both amounts and the draft's (else live's) formula."""
    live = {ln.code: ln for ln in row.live.lines}
    draft = {ln.code: ln for ln in row.draft.lines}
    out = []
    for code in [*draft, *(c for c in live if c not in draft)]:
        now, then = live.get(code), draft.get(code)
        shown = then or now
        assert shown is not None
        out.append({
            "code": code, "label": say(shown.label, lang, units),
            "live": format_money(now.amount, lang, currency) if now else "—",
            "draft": format_money(then.amount, lang, currency) if then else "—",
            "formula": say(shown.formula, lang, units),
            "live_formula": say(now.formula, lang, units) if now and then and now.formula != then.formula else "",
            "changed": "1" if (now.amount if now else None) != (then.amount if then else None) else "",
        })
    return out


def _title(row: playground.Row, lang: str, live: LoadedCatalog, draft: LoadedCatalog) -> dict[str, str]:
    t = texts(lang)
    c = row.candidate
    config = row.draft.configuration or row.live.configuration or c.configuration
    product = draft.catalog.product(config.product) or live.catalog.product(config.product)
    units = draft.catalog.dealer.length_units
    size = format_size(config.width_mm or 0, config.height_mm or 0, lang, units) if config.width_mm else ""
    if c.source == "request":
        source = t["playground_source_request"].format(reference=c.name, n=c.position)
    elif c.source == "sample":
        source = t["playground_source_sample"].format(name=c.name)
    elif c.source == "extra":
        source = t["playground_source_extra"]
    else:
        source = t[f"playground_generated_{c.kind}"]
    return {"source": source, "product": pick(product.label, lang) if product else config.product, "size": size}


def _view(row: playground.Row, lang: str, live: LoadedCatalog, draft: LoadedCatalog) -> dict[str, Any]:
    t = texts(lang)
    currency = draft.catalog.dealer.currency
    units = draft.catalog.dealer.length_units

    def total(side: playground.Side) -> str:
        return format_money(side.total, lang, currency) if side.total is not None else t["playground_invalid"]

    if row.difference is not None:
        difference = _signed(row.difference, lang, currency)
    elif row.live.valid != row.draft.valid:
        difference = t["playground_now_invalid"] if row.live.valid else t["playground_now_valid"]
    else:
        difference = "—"
    c = row.candidate
    return {
        **_title(row, lang, live, draft), "row": row,
        "stored": format_money(c.stored_total, lang, currency) if c.stored_total is not None else "",
        "live_total": total(row.live), "draft_total": total(row.draft), "difference": difference,
        "direction": "up" if (row.difference or 0) > 0 else "down" if (row.difference or 0) < 0 else "",
        "lines": _lines(row, lang, units, currency),
        "live_errors": [say(m, lang, units) for m in row.live.errors],
        "draft_errors": [say(m, lang, units) for m in row.draft.errors],
        "configuration": canonical_json(c.configuration).decode(),
    }


def playground_view(db: Db, session: Auth, live: LoadedCatalog, draft: LoadedCatalog) -> dict[str, Any]:
    """The playground as the pages show it: rows worded in the user's language, and a summary."""
    lang = session.user.lang if session.user.lang in LANGS else "nl"
    try:
        found = playground.rows(db, session.dealer, live, draft, lang)
    except ArithmeticError:
        # A draft saved through the API with a figure too large to reckon with in cents: its check lists
        # that problem by path (the publish page shows it); no window can be priced on it meanwhile.
        found = playground.Playground(rows=[], cut=0, currency=draft.catalog.dealer.currency)
    rows = [_view(row, lang, live, draft) for row in found.rows]
    moves = [row.difference for row in found.rows if row.difference]
    currency = draft.catalog.dealer.currency
    return {
        "rows": rows, "cut": found.cut, "changed": len(found.changed), "priced": len(found.rows),
        "largest_up": _signed(max(moves), lang, currency) if moves and max(moves) > 0 else "",
        "largest_down": _signed(min(moves), lang, currency) if moves and min(moves) < 0 else "",
        "samples": playground.samples(db, session.dealer),
    }


def _page(request: Request, db: Db, session: Auth, status: int = 200, errors: dict[str, str] | None = None,
          values: dict[str, str] | None = None, notice: str = "") -> Response:
    live = _live(request, session)
    draft = loaded_draft(db, session.dealer, live)
    return render(request, "catalog_playground.html", status=status, section="catalog",
                  draft_is_live=draft.version == live.version, errors=errors or {},
                  values=values or {"name": "", "configuration": ""}, saved_notice=notice,
                  **playground_view(db, session, live, draft), **preview_context(db, session, live),
                  headers={"Content-Security-Policy": csp(scripts=True)})


@get("/catalog/playground", opt={"role": "owner"}, sync_to_thread=True)
def playground_page(request: Request, db: Db, session: Auth) -> Response:
    """Saved samples, open requests and generated windows priced live and on the draft, largest difference first."""
    done = request.query_params.get("done")
    t = texts(session.user.lang)
    notice = t.get(f"playground_{done}", "") if done in ("sample_saved", "sample_deleted") else ""
    return _page(request, db, session, notice=notice)


@post("/catalog/playground/samples", opt={"role": "owner"}, sync_to_thread=True)
def save_sample_form(request: Request, db: Db, session: Auth, form: Form) -> Response:
    """Keep a window (its configuration JSON) as a named sample; the page again with each field's error."""
    values = {"name": field(form, "name", playground.NAME_MAX + 100),
              "configuration": field(form, "configuration", _CONFIG_MAX)}
    try:
        playground.save_sample(db, session.dealer, values["name"], values["configuration"], session.user.actor)
    except Invalid as exc:
        return _page(request, db, session, status=422, errors=form_errors(texts(session.user.lang), exc),
                     values=values)
    return go("/admin/catalog/playground?done=sample_saved")


@post("/catalog/playground/samples/delete", opt={"role": "owner"}, sync_to_thread=True)
def delete_sample_form(db: Db, session: Auth, form: Form) -> Response:
    """Forget the sample named in the form; another dealer's is as unknown as a made-up one (404)."""
    sample_id = field(form, "sample", 20)
    # ASCII digits within 1..2**31: a larger number would overflow SQLite's integer (a 500), not be unknown.
    if not (sample_id.isascii() and sample_id.isdigit()) or len(sample_id) > 10 or not 1 <= int(sample_id) <= 2**31:
        raise PageError(404, "error_404")
    try:
        playground.delete_sample(db, session.dealer, int(sample_id))
    except NotFound:
        raise PageError(404, "error_404") from None
    return go("/admin/catalog/playground?done=sample_deleted")


@get("/catalog/preview", opt={"role": "owner"}, sync_to_thread=True)
def preview_page(request: Request, db: Db, session: Auth) -> Response:
    """The real widget on the draft, alone on a page (the editor pages link here)."""
    live = _live(request, session)
    return render(request, "catalog_preview.html", section="catalog", preview_page=True,
                  **preview_context(db, session, live),
                  headers={"Content-Security-Policy": csp(scripts=True)})


ROUTES = [playground_page, save_sample_form, delete_sample_form, preview_page]
