"""The price pages of the catalog editor (Prijzen): every price kind at each level, and supplier price lists.

Under ``/admin/catalog/prices``, owners only (THE ROLES CONTRACT: prices are what every homeowner
pays). Everything edits the dealer's **draft** (``server/services/catalog_versions.py``): the live
catalog, and so the widget, changes only when the draft is published.

* the overview: the draft's markup, VAT and whether prices show incl. VAT; per product its
  minimum price and quantity tiers, its price rules (product-wide, per section, per order) and the
  option values with a price;
* a form per price rule and per option value, showing the fields its kind uses (``CALC_FIELDS``);
  choosing another kind re-shows the form with that kind's fields (a submit button, no script);
* the matrix import: a paste, or a CSV/XLSX upload, read into a preview page (widths, heights,
  cells, every failed cell by row and column); only "apply" saves it into the chosen rule or value.

Works without JavaScript; ``/admin/static/matrix.js`` only sends a paste to the preview at once.
Every form carries the CSRF token and the draft's ETag, so a draft changed meanwhile (another
tab, the API) is refused in words rather than overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.params import PathParameter

from server.admin.auth import field
from server.admin.catalog_editor_base import CHANGED, changed_meanwhile, editor_draft, form_status, product_of
from server.admin.core import Auth, Db, Form, PageError, csp, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors, page_words, words
from server.admin.texts import texts
from server.engine.catalog import OPENING_TYPES, Catalog, PriceRule, Product
from server.engine.i18n import pick
from server.i18n.formats import decimal_input
from server.services import catalog_versions
from server.services.errors import Conflict, Invalid, NotFound, Stale
from server.services.price_forms import (
    KINDS,
    apply_matrix,
    form_fields,
    matrix_text,
    remove_rule,
    rule_form,
    set_dealer_prices,
    set_product_prices,
    set_rule,
    set_value_price,
    tiers_text,
    value_form,
)
from server.services.price_sheets import (
    MAX_FILE_BYTES,
    MAX_PASTE_CHARS,
    Mapping,
    MatrixImport,
    cell_name,
    column_letter,
    matrix_from_grid,
    parse_pasted,
    read_sheet,
)

__all__ = ["ROUTES"]

_OWNER = {"role": "owner"}
# The pages that load /admin/static/matrix.js (same origin; still nothing inline).
_SCRIPTS = {"Content-Security-Policy": csp(scripts=True)}
_PATH = "/catalog/prices"  # under the /admin router
_BASE = "/admin" + _PATH   # the same pages as links and redirects
MATRIX_JS = Path(__file__).resolve().parent / "static" / "matrix.js"
# A product, rule, group or value id in a path (the catalog's ids are at most 64 characters).
PathId = Annotated[str, PathParameter(max_length=64)]


# ---------------------------------------------------------------------------------------------- the draft


def _save(db: Db, session: Auth, catalog: Catalog, form: Form) -> catalog_versions.Draft:
    """Keep ``catalog`` as the draft, refused when the draft changed since the form was shown."""
    try:
        return catalog_versions.save_draft(db, session.dealer, catalog, session.user.actor,
                                           if_match=field(form, "etag", 100) or None)
    except Stale as exc:
        raise changed_meanwhile(exc) from None  # the form again, as typed, under the editor's notice


def _findings(draft: catalog_versions.Draft, prefix: str) -> list[Any]:
    """The draft's check findings about ``prefix`` (a rule, a value's price): shown at that form."""
    return [f for f in draft.findings if f.path == prefix or f.path.startswith((prefix + ".", prefix + "["))]


def _changed(request: Request, exc: Conflict | Invalid, session: Auth) -> Response:
    """A change refused by the draft's state (a rule deleted meanwhile): say so (409), with a link back."""
    t = texts(session.user.lang)
    words = form_errors(t, exc).get(CHANGED, "") if isinstance(exc, Invalid) else page_words(t, exc)
    return render(request, "catalog_prices_changed.html", status=409, section="catalog", message=words, back=_BASE)


# ---------------------------------------------------------------------------------------------- overview

def _overview(request: Request, draft: catalog_versions.Draft, lang: str, errors: dict[str, str] | None = None,
              values: dict[str, Any] | None = None, status: int = 200) -> Response:
    dealer = draft.catalog.dealer
    products = []
    for product in draft.catalog.products:
        priced = [(g, v) for g in product.options for v in g.values if v.price is not None or v.factor is not None]
        products.append({"product": product, "label": pick(product.label, lang), "priced": priced,
                         "unpriced": [(g, v) for g in product.options for v in g.values
                                      if v.price is None and v.factor is None],
                         "tiers": "\n".join(f"{t.min_quantity} {t.discount_percent}" for t in product.quantity_tiers)})
    values = {"markup_percent": str(dealer.markup_percent), "vat_rate": str(dealer.vat_rate),
              "prices_include_vat": dealer.prices_include_vat, **(values or {})}
    return render(request, "catalog_prices.html", status=status, section="catalog", draft=draft, changed_back=_BASE,
                  products=products, values=values, errors=errors or {}, kinds=KINDS, pick=lambda x: pick(x, lang),
                  saved=request.query_params.get("saved", ""), base=_BASE)


@get(_PATH, opt=_OWNER, sync_to_thread=True)
def prices_page(request: Request, state: State, db: Db, session: Auth) -> Response:
    """Every price of the draft by product: dealer-wide settings, rules, priced values, links to each form."""
    return _overview(request, editor_draft(db, state, session), session.user.lang)


@post(f"{_PATH}/dealer", opt=_OWNER, sync_to_thread=True)
def save_dealer_prices(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """The draft's markup, VAT rate and incl./excl. VAT display; the live catalog is untouched."""
    draft = editor_draft(db, state, session)
    values = {name: field(form, name, 40) for name in ("markup_percent", "vat_rate", "prices_include_vat")}
    try:
        _save(db, session, set_dealer_prices(draft.catalog, values), form)
    except Invalid as exc:
        return _overview(request, draft, session.user.lang, form_errors(texts(session.user.lang), exc),
                         {**values, "prices_include_vat": values["prices_include_vat"] == "1"},
                         status=form_status(exc))
    except Conflict as exc:
        return _changed(request, exc, session)
    return go(f"{_BASE}?saved=dealer#dealer-prices")


@post(f"{_PATH}/{{product_id:str}}/product", opt=_OWNER, sync_to_thread=True)
def save_product_prices(request: Request, state: State, db: Db, session: Auth, form: Form,
                        product_id: PathId) -> Response:
    """A product's minimum price and quantity tiers, in the draft."""
    draft = editor_draft(db, state, session)
    product_of(draft.catalog, product_id)
    values = {"minimum_price": field(form, "minimum_price", 40), "quantity_tiers": field(form, "quantity_tiers", 2000)}
    try:
        _save(db, session, set_product_prices(draft.catalog, product_id, values), form)
    except Invalid as exc:
        errors = {k if k == CHANGED else f"{product_id}.{k}": v
                  for k, v in form_errors(texts(session.user.lang), exc).items()}
        typed = {f"{product_id}.{k}": v for k, v in values.items()}  # shown in the product's form as typed
        return _overview(request, draft, session.user.lang, errors, typed, status=form_status(exc))
    except Conflict as exc:
        return _changed(request, exc, session)
    return go(f"{_BASE}?saved=product#product-{product_id}")


# ---------------------------------------------------------------------------------------------- one price

def _rule_values(rule: PriceRule | None, languages: Sequence[str]) -> dict[str, Any]:
    if rule is None:
        return {"kind": "fixed", "level": "product", "sort": "100", "openings": [], "fill": ""}
    values: dict[str, Any] = {"kind": rule.kind, "level": rule.level, "sort": str(rule.sort),
                              "vat_rate": "" if rule.vat_rate is None else str(rule.vat_rate),
                              "openings": list(rule.openings or []), "fill": rule.fill or "", "code": rule.code}
    values.update(_calc_values(rule))
    labels: dict[str, str] = {str(k): v for k, v in rule.label.items()}
    values.update({f"label_{lang}": labels.get(lang, "") for lang in languages})
    return values


def _calc_values(calc: Any) -> dict[str, str]:
    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {"amount": text(calc.amount), "rate": text(calc.rate), "percent": text(calc.percent),
            "min_area_m2": text(calc.min_area_m2), "of": ", ".join(calc.of or []), "mode": calc.mode,
            "tiers": tiers_text(calc), "matrix": matrix_text(calc)}


_NAMES = ("kind", "level", "sort", "vat_rate", "amount", "rate", "percent", "min_area_m2", "of", "mode", "fill",
          "code", "relative_to_default", "factor", "factor_on", "etag", "tiers", "matrix")


def _blank(values: dict[str, Any], languages: Sequence[str]) -> dict[str, Any]:
    """``values`` with every field the form may show present (an empty one as "")."""
    return {**{name: "" for name in _NAMES}, "openings": [], **{f"label_{lang}": "" for lang in languages},
            **values}


def _typed(form: Form, openings: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {name: field(form, name, 200) for name in _NAMES}
    values["tiers"] = field(form, "tiers", 4000)
    values["matrix"] = field(form, "matrix", MAX_PASTE_CHARS)
    for name in form:
        if name.startswith("label_"):
            values[name] = field(form, name, 300)
    if openings:
        values["openings"] = [o for o in form.getall("openings", []) if isinstance(o, str)]
    return values


def _rule_page(request: Request, draft: catalog_versions.Draft, product: Product, rule: PriceRule | None,
               values: dict[str, Any], errors: dict[str, str], lang: str, status: int = 200) -> Response:
    kind = str(values.get("kind")) if values.get("kind") in KINDS else "fixed"
    action = f"{_BASE}/{product.id}/rules" + (f"/{rule.code}" if rule else "")
    prefix = f"products[{product.id}].prices[{rule.code}]" if rule else ""
    return render(request, "catalog_prices_rule.html", status=status, headers=_SCRIPTS, section="catalog", draft=draft,
                  changed_back=_BASE,
                  product=product,
                  product_label=pick(product.label, lang), rule=rule,
                  values=_blank(values, draft.catalog.dealer.languages), errors=errors, kind=kind,
                  fields=form_fields(kind), kinds=KINDS, languages=draft.catalog.dealer.languages, action=action,
                  openings=OPENING_TYPES, findings=_findings(draft, prefix) if rule else [], value=None,
                  pick=lambda x: pick(x, lang),
                  saved=request.query_params.get("saved", ""), base=_BASE)


@get(f"{_PATH}/{{product_id:str}}/rules/new", opt=_OWNER, sync_to_thread=True)
def new_rule_page(request: Request, state: State, db: Db, session: Auth, product_id: PathId) -> Response:
    """An empty price rule form (``?kind=`` picks its kind)."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    values = _rule_values(None, draft.catalog.dealer.languages)
    kind = request.query_params.get("kind", "fixed")
    values["kind"] = kind if kind in KINDS else "fixed"
    return _rule_page(request, draft, product, None, values, {}, session.user.lang)


@get(f"{_PATH}/{{product_id:str}}/rules/{{code:str}}", opt=_OWNER, sync_to_thread=True)
def rule_page(request: Request, state: State, db: Db, session: Auth, product_id: PathId, code: PathId) -> Response:
    """One price rule of the draft with the fields of its kind and the check's findings about it."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    rule = next((p for p in product.prices if p.code == code), None)
    if rule is None:
        raise PageError(404, "error_404")
    return _rule_page(request, draft, product, rule, _rule_values(rule, draft.catalog.dealer.languages), {},
                      session.user.lang)


def _post_rule(request: Request, state: State, db: Db, session: Auth, form: Form, product_id: str,
               code: str | None) -> Response:
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    rule = next((p for p in product.prices if p.code == code), None) if code else None
    if code and rule is None:
        raise PageError(404, "error_404")
    values = _typed(form, openings=True)
    lang = session.user.lang
    if field(form, "action", 20) == "kind":  # another kind chosen: show its fields, save nothing
        return _rule_page(request, draft, product, rule, values, {}, lang)
    try:
        new = rule_form(product, values, values["openings"], draft.catalog.dealer.languages, code)
        _save(db, session, set_rule(draft.catalog, product_id, new), form)
    except Invalid as exc:
        return _rule_page(request, draft, product, rule, values, form_errors(texts(lang), exc), lang,
                          status=form_status(exc))
    except Conflict as exc:
        return _changed(request, exc, session)
    return go(f"{_BASE}/{product_id}/rules/{new.code}?saved=1")


@post(f"{_PATH}/{{product_id:str}}/rules", opt=_OWNER, sync_to_thread=True)
def create_rule(request: Request, state: State, db: Db, session: Auth, form: Form, product_id: PathId) -> Response:
    """Add a price rule to the product in the draft."""
    return _post_rule(request, state, db, session, form, product_id, None)


@post(f"{_PATH}/{{product_id:str}}/rules/{{code:str}}", opt=_OWNER, sync_to_thread=True)
def save_rule(request: Request, state: State, db: Db, session: Auth, form: Form, product_id: PathId,
              code: PathId) -> Response:
    """Save a price rule (or, with ``action=kind``, show the form for the kind chosen)."""
    return _post_rule(request, state, db, session, form, product_id, code)


@post(f"{_PATH}/{{product_id:str}}/rules/{{code:str}}/delete", opt=_OWNER, sync_to_thread=True)
def delete_rule(request: Request, state: State, db: Db, session: Auth, form: Form, product_id: PathId,
                code: PathId) -> Response:
    """Take a price rule out of the draft."""
    draft = editor_draft(db, state, session)
    try:
        _save(db, session, remove_rule(draft.catalog, product_id, code), form)
    except NotFound:
        raise PageError(404, "error_404") from None
    except (Conflict, Invalid) as exc:
        return _changed(request, exc, session)
    return go(f"{_BASE}?saved=deleted#product-{product_id}")


def _value_of(product: Product, group_id: str, value_id: str) -> tuple[Any, Any]:
    group = next((g for g in product.options if g.id == group_id), None)
    value = next((v for v in group.values if v.id == value_id), None) if group else None
    if group is None or value is None:
        raise PageError(404, "error_404")
    return group, value


def _value_page(request: Request, draft: catalog_versions.Draft, product: Product, group: Any, value: Any,
                values: dict[str, Any], errors: dict[str, str], lang: str, status: int = 200) -> Response:
    kind = str(values.get("kind")) if values.get("kind") in KINDS else "none"
    prefix = f"products[{product.id}].options[{group.id}].values[{value.id}]"
    return render(request, "catalog_prices_rule.html", status=status, headers=_SCRIPTS, section="catalog", draft=draft,
                  changed_back=_BASE,
                  product=product,
                  product_label=pick(product.label, lang), rule=None, values=_blank(values, []), errors=errors,
                  kind=kind,
                  fields=form_fields(kind) if kind != "none" else [], kinds=KINDS, languages=[],
                  action=f"{_BASE}/{product.id}/values/{group.id}/{value.id}", openings=OPENING_TYPES,
                  findings=_findings(draft, prefix), pick=lambda x: pick(x, lang),
                  value={"group": group, "value": value,
                         "label": f"{pick(group.label, lang)}: {pick(value.label, lang)}"},
                  saved=request.query_params.get("saved", ""), base=_BASE)


def _value_values(value: Any) -> dict[str, Any]:
    price = value.price
    values: dict[str, Any] = {"kind": price.kind if price else "none",
                              "factor": "" if value.factor is None else str(value.factor),
                              "factor_on": ", ".join(value.factor_on)}
    if price is not None:
        values.update(_calc_values(price))
        values.update({"sort": str(price.sort), "vat_rate": "" if price.vat_rate is None else str(price.vat_rate),
                       "relative_to_default": "1" if price.relative_to_default else ""})
    return values


@get(f"{_PATH}/{{product_id:str}}/values/{{group_id:str}}/{{value_id:str}}", opt=_OWNER, sync_to_thread=True)
def value_page(request: Request, state: State, db: Db, session: Auth, product_id: PathId, group_id: PathId,
               value_id: PathId) -> Response:
    """The price of one option value (or none), its colour factor, and the check's findings about it."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    group, value = _value_of(product, group_id, value_id)
    values = _value_values(value)
    kind = request.query_params.get("kind")
    if kind in (*KINDS, "none"):
        values["kind"] = kind
    return _value_page(request, draft, product, group, value, values, {}, session.user.lang)


@post(f"{_PATH}/{{product_id:str}}/values/{{group_id:str}}/{{value_id:str}}", opt=_OWNER, sync_to_thread=True)
def save_value(request: Request, state: State, db: Db, session: Auth, form: Form, product_id: PathId,
               group_id: PathId, value_id: PathId) -> Response:
    """Save an option value's price in the draft (``action=kind``: show the chosen kind's fields)."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    group, value = _value_of(product, group_id, value_id)
    values = _typed(form)
    lang = session.user.lang
    if field(form, "action", 20) == "kind":
        return _value_page(request, draft, product, group, value, values, {}, lang)
    try:
        price, factor, factor_on = value_form(values)
        _save(db, session, set_value_price(draft.catalog, product_id, group_id, value_id, price, factor, factor_on),
              form)
    except Invalid as exc:
        return _value_page(request, draft, product, group, value, values, form_errors(texts(lang), exc), lang,
                           status=form_status(exc))
    except Conflict as exc:
        return _changed(request, exc, session)
    return go(f"{_BASE}/{product_id}/values/{group_id}/{value_id}?saved=1")


# ---------------------------------------------------------------------------------------------- matrix import

def _targets(product: Product, lang: str) -> list[tuple[str, str]]:
    """What an imported matrix may become the price of: each price rule, each option value."""
    out = [(f"rule:{p.code}", f"{pick(p.label, lang)} ({p.code})") for p in product.prices if p.kind != "per_order"]
    out += [(f"value:{g.id}/{v.id}", f"{pick(g.label, lang)}: {pick(v.label, lang)}")
            for g in product.options for v in g.values]
    return out


def _target_path(product_id: str, target: str) -> str:
    """The check's path of an import target: where its findings are (``…prices[base]``, ``…values[x].price``)."""
    kind, _, name = target.partition(":")
    if kind == "rule":
        return f"products[{product_id}].prices[{name}]"
    group, _, value = name.partition("/")
    return f"products[{product_id}].options[{group}].values[{value}].price"


def _import_page(request: Request, draft: catalog_versions.Draft, product: Product, lang: str,
                 values: dict[str, str], errors: dict[str, str], matrix: MatrixImport | None = None,
                 findings: list[Any] | None = None, status: int = 200) -> Response:
    t = texts(lang)
    failed = []
    warned = []
    if matrix is not None:
        for cell in matrix.failed:
            params = {"text": cell.text, **cell.params}
            where = words(t, "prices_cell_at", {"row": cell.row, "col": column_letter(cell.col)}) if cell.row else ""
            failed.append({"where": where, "name": cell_name(cell.row, cell.col) if cell.row else "",
                           "words": words(t, cell.code, params)})
        for cell in matrix.warnings:
            warned.append({"where": words(t, "prices_cell_at", {"row": cell.row, "col": column_letter(cell.col)}),
                           "words": words(t, cell.code, {"text": cell.text, **cell.params})})
    rows: list[tuple[int, list[tuple[str, bool]]]] = []
    if matrix is not None:
        unread = set(matrix.unread)
        rows = [(h, [(decimal_input(p, lang), (r, c) in unread) for c, p in enumerate(line)])
                for r, (h, line) in enumerate(zip(matrix.heights, matrix.prices, strict=False))]
    return render(request, "catalog_prices_import.html", status=status, headers=_SCRIPTS, section="catalog",
                  changed_back=_BASE,
                  draft=draft,
                  product=product, product_label=pick(product.label, lang), values=values, errors=errors,
                  targets=_targets(product, lang), matrix=matrix, rows=rows, failed=failed, warned=warned,
                  findings=findings or [], grid=matrix_text(matrix) if matrix is not None and matrix.ok else "",
                  max_kb=MAX_FILE_BYTES // 1024, base=_BASE)


@get(f"{_PATH}/{{product_id:str}}/import", opt=_OWNER, sync_to_thread=True)
def import_page(request: Request, state: State, db: Db, session: Auth, product_id: PathId) -> Response:
    """The matrix import form: paste cells or upload a CSV/XLSX, say how the sheet is laid out and where it goes."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    target = request.query_params.get("target", "")
    values = {"target": target, "layout": "widths_across", "unit": "mm", "paste": "", "sheet": ""}
    return _import_page(request, draft, product, session.user.lang, values, {})


def _mapping(values: dict[str, str]) -> Mapping:
    layout = values["layout"] if values["layout"] in ("widths_across", "heights_across", "long") else "widths_across"
    return Mapping(layout=layout, unit="cm" if values["unit"] == "cm" else "mm")  # type: ignore[arg-type]


# The form around the file (boundary, CSRF token, a paste) is small: a file somewhat past the limit still reaches
# read_sheet and is refused in words; one far past it is Litestar's 413 page.
@post(f"{_PATH}/{{product_id:str}}/import", opt=_OWNER, sync_to_thread=True,
      request_max_body_size=MAX_FILE_BYTES + MAX_PASTE_CHARS + 128 * 1024)
def preview_import(request: Request, state: State, db: Db, session: Auth, form: Form,
                   product_id: PathId) -> Response:
    """Read the paste or the file into a preview (widths, heights, cells, failed cells); nothing is stored."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    lang = session.user.lang
    values = {"target": field(form, "target", 200), "layout": field(form, "layout", 20),
              "unit": field(form, "unit", 4), "paste": field(form, "paste", MAX_PASTE_CHARS + 1),
              "sheet": field(form, "sheet", 100).strip()}
    upload = form.get("file")
    try:
        if isinstance(upload, UploadFile) and (upload.filename or "").strip():
            upload.file.seek(0)
            grid = read_sheet(upload.filename or "", upload.file.read(MAX_FILE_BYTES + 1), values["sheet"] or None)
        elif values["paste"].strip():
            grid = parse_pasted(values["paste"])
        else:
            return _import_page(request, draft, product, lang, values,
                                {"paste": texts(lang)["prices_import_nothing"]}, status=422)
    except Invalid as exc:
        return _import_page(request, draft, product, lang, values, form_errors(texts(lang), exc),
                            status=form_status(exc))
    matrix = matrix_from_grid(grid, _mapping(values))
    findings: list[Any] = []
    if matrix.ok and values["target"]:
        try:
            trial = apply_matrix(draft.catalog, product_id, values["target"], matrix)
            at = _target_path(product_id, values["target"])
            findings = [f for f in catalog_versions.static_findings(trial) if f.kind == "problem"
                        and (f.path == at or f.path.startswith((at + ".", at + "[")))]
        except (Invalid, NotFound):
            findings = []
    return _import_page(request, draft, product, lang, values, {}, matrix, findings, status=200 if matrix.ok else 422)


@post(f"{_PATH}/{{product_id:str}}/import/apply", opt=_OWNER, sync_to_thread=True,
      request_max_body_size=MAX_PASTE_CHARS + 64 * 1024)
def apply_import(request: Request, state: State, db: Db, session: Auth, form: Form,
                 product_id: PathId) -> Response:
    """Save the previewed matrix into the chosen price rule or option value of the draft."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, product_id)
    lang = session.user.lang
    target = field(form, "target", 200)
    grid = field(form, "grid", MAX_PASTE_CHARS)
    values = {"target": target, "layout": "widths_across", "unit": "mm", "paste": grid, "sheet": ""}
    try:
        matrix = matrix_from_grid(parse_pasted(grid))
        catalog = apply_matrix(draft.catalog, product_id, target, matrix)
        _save(db, session, catalog, form)
    except Invalid as exc:
        return _import_page(request, draft, product, lang, values, form_errors(texts(lang), exc),
                            status=form_status(exc))
    except NotFound:
        return _import_page(request, draft, product, lang, values,
                            {"target": texts(lang)["prices_import_no_target"]}, status=422)
    except Conflict as exc:
        return _changed(request, exc, session)
    kind, _, name = target.partition(":")
    if kind == "rule":
        return go(f"{_BASE}/{product_id}/rules/{name}?saved=matrix")
    return go(f"{_BASE}/{product_id}/values/{name}?saved=matrix")


@get("/static/matrix.js", opt={"anonymous": True}, sync_to_thread=False, include_in_schema=False)
def matrix_js() -> Response[bytes]:
    """The small script that sends a paste to the preview as soon as it is pasted (the form works without it)."""
    return Response(MATRIX_JS.read_bytes(), media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=3600"})


ROUTES = [prices_page, save_dealer_prices, save_product_prices, new_rule_page, rule_page, create_rule, save_rule,
          delete_rule, value_page, save_value, import_page, preview_import, apply_import, matrix_js]
