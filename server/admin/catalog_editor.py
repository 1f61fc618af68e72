"""The catalog editor (Producten en prijzen), owners only: products, opening types, option groups and values.

Every form saves into the dealer's draft (:mod:`server.admin.catalog_editor_base`); the live
catalog only changes when the draft is published. Works without JavaScript: plain forms, each
error next to its field. Rules and layouts have their own modules; this one lists every route.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import Parameter

from server.admin.auth import field
from server.admin.catalog_editor_base import (
    OWNER,
    Problems,
    draft_page,
    editor_draft,
    field_errors,
    form_status,
    labels_of,
    langs_of,
    live_of,
    number,
    picker,
    product_of,
    save_edit,
)
from server.admin.catalog_editor_images import ROUTES as IMAGE_ROUTES
from server.admin.catalog_editor_layouts import ROUTES as LAYOUT_ROUTES
from server.admin.catalog_editor_rules import ROUTES as RULE_ROUTES
from server.admin.catalog_editor_rules import rule_words
from server.admin.core import Auth, Db, Form, PageError, render
from server.admin.core import redirect as go
from server.engine.catalog import OPENING_TYPES, OptionGroup, Product
from server.services import catalog_edit as edit
from server.services.catalog_versions import Draft, draft_of
from server.services.errors import FieldProblem, Invalid, NotFound

__all__ = ["ROUTES", "rule_words"]

Pid = Parameter(max_length=64)
_PRODUCT_FIELDS = ("id", "label", "description", "width.min", "width.max", "width.default", "width.step",
                   "height.min", "height.max", "height.default", "height.step", "max_area_m2",
                   "profile.frame_mm", "profile.sash_mm", "profile.sill", "profile")


def _group(product: Product, gid: str) -> OptionGroup:
    group = next((g for g in product.options if g.id == gid), None)
    if group is None:
        raise PageError(404, "error_404")
    return group


# --- the index ----------------------------------------------------------------------------------------------------

@get("/catalog", opt=OWNER, sync_to_thread=True)
def catalog_index(request: Request, state: State, db: Db, session: Auth) -> Response:
    """The products of the draft, whether it differs from the live catalog, its problems, where to go next."""
    live = live_of(state, session)
    draft = draft_of(db, live.slug, live)
    problems = [f for f in draft.findings if f.kind == "problem"]
    return render(request, "catalog_editor.html", section="catalog", draft=draft, live=live, pick=picker(session),
                  problems=problems, presets=edit.PRESETS, langs=langs_of(draft.catalog), errors={}, values={})


@post("/catalog/products", opt=OWNER, sync_to_thread=True)
def add_product(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """A new product from a layout preset; its sizes, openings and options are edited next."""
    live = live_of(state, session)
    langs = langs_of(live.catalog)
    pid, preset = field(form, "id", 80).strip(), field(form, "preset", 40)
    try:
        save_edit(db, state, session, form, lambda c: edit.add_product(c, pid, labels_of(form, "label", langs), preset))
    except Invalid as exc:
        draft = draft_of(db, live.slug, live)
        return render(request, "catalog_editor.html", status=422, section="catalog", draft=draft, live=live,
                      pick=picker(session),
                      problems=[f for f in draft.findings if f.kind == "problem"], presets=edit.PRESETS, langs=langs,
                      errors=field_errors(session, exc), values={"id": pid, "preset": preset,
                                                                 **{f"label.{k}": v for k, v in
                                                                    labels_of(form, "label", langs).items()}})
    return go(f"/admin/catalog/products/{pid}", "editor_saved")


@post("/catalog/remove", opt=OWNER, sync_to_thread=True)
def remove_thing(state: State, db: Db, session: Auth, form: Form) -> Response:
    """Take away what ``path`` names from the draft; back to ``next`` (a page of the editor)."""
    path, back = field(form, "path", 300), field(form, "next", 300)
    if not back.startswith("/admin/catalog"):
        back = "/admin/catalog"
    try:
        save_edit(db, state, session, form, lambda c: edit.remove(c, path))
    except NotFound:
        raise PageError(404, "error_404") from None
    except Invalid:
        return go(back, "editor_remove_refused")
    return go(back, "editor_removed")


# --- a product ----------------------------------------------------------------------------------------------------

def _product_values(product: Product) -> dict[str, Any]:
    values: dict[str, Any] = {f"label.{k}": v for k, v in product.label.items()}
    values |= {f"description.{k}": v for k, v in product.description.items()}
    for axis in ("width", "height"):
        size = getattr(product, axis)
        values |= {f"{axis}.{k}": getattr(size, k) for k in ("min", "max", "default", "step")}
    values |= {"max_area_m2": product.max_area_m2 if product.max_area_m2 is not None else "",
               "minimum_price": product.minimum_price, "profile.frame_mm": product.profile.frame_mm,
               "profile.sash_mm": product.profile.sash_mm, "profile.sill": product.profile.sill}
    return values


def _product_page(request: Request, draft: Draft, product: Product, values: dict[str, Any],
                  errors: dict[str, str] | None = None, status: int = 200) -> Response:
    fields = [*(f"label.{lang}" for lang in langs_of(draft.catalog)),
              *(f"description.{lang}" for lang in langs_of(draft.catalog)), *_PRODUCT_FIELDS, "layouts", "options",
              "rules", "openings"]
    return draft_page(request, "catalog_editor_product.html", draft, f"products[{product.id}]", fields, values,
                      errors, status, product=product, langs=langs_of(draft.catalog), rule_words=rule_words)


@get("/catalog/products/{pid:str}", opt=OWNER, sync_to_thread=True)
def product_page(request: Request, state: State, db: Db, session: Auth, pid: str = Pid) -> Response:
    """The product form, with its layouts, opening types, option groups and rules listed to open."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    return _product_page(request, draft, product, _product_values(product))


def _product_fields(form: Form, langs: list[str]) -> edit.ProductFields:
    """The product form's fields as typed inputs; every number that is not one is a problem of its field."""
    problems = Problems()
    sizes = {axis: {k: number(form, f"{axis}.{k}", problems) for k in ("min", "max", "default", "step")}
             for axis in ("width", "height")}
    area = number(form, "max_area_m2", problems, required=False, decimal=True)
    frame, sash = number(form, "profile.frame_mm", problems), number(form, "profile.sash_mm", problems)
    problems.check()
    return edit.ProductFields(label=labels_of(form, "label", langs), description=labels_of(form, "description", langs,
                                                                                            500),
                              width=sizes["width"], height=sizes["height"], max_area_m2=area,
                              frame_mm=frame, sash_mm=sash, sill=field(form, "profile.sill", 5) == "1")


def _typed(form: Form, names: list[str]) -> dict[str, Any]:
    return {name: field(form, name, 600) for name in names}


@post("/catalog/products/{pid:str}", opt=OWNER, sync_to_thread=True)
def save_product(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid) -> Response:
    """Save the product form into the draft (422 with the form as typed and each error by its field)."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    langs = langs_of(draft.catalog)
    try:
        fields = _product_fields(form, langs)
        save_edit(db, state, session, form, lambda c: edit.put_product(c, pid, fields))
    except Invalid as exc:
        names = [f"{n}.{lang}" for n in ("label", "description") for lang in langs] + list(_PRODUCT_FIELDS)
        values = _typed(form, names) | {"profile.sill": field(form, "profile.sill", 5) == "1"}
        return _product_page(request, draft, product, values, field_errors(session, exc), form_status(exc))
    return go(f"/admin/catalog/products/{pid}", "editor_saved")


# --- opening types ------------------------------------------------------------------------------------------------

_LIMITS = ("min_width", "max_width", "min_height", "max_height", "max_area_m2")


@get("/catalog/products/{pid:str}/openings", opt=OWNER, sync_to_thread=True)
def openings_page(request: Request, state: State, db: Db, session: Auth, pid: str = Pid) -> Response:
    """Every opening type: offered or not, its label, explanation and sash limits."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    return _openings_page(request, draft, product, "", {}, {})


def _openings_page(request: Request, draft: Draft, product: Product, failed: str, values: dict[str, Any],
                   errors: dict[str, str], status: int = 200) -> Response:
    langs = langs_of(draft.catalog)
    fields = [f"openings.{kind}" for kind in OPENING_TYPES]  # a finding at openings.tilt.label: that card
    return draft_page(request, "catalog_editor_openings.html", draft, f"products[{product.id}]", fields, values,
                      errors, status, product=product, langs=langs, kinds=OPENING_TYPES, failed=failed)


@post("/catalog/products/{pid:str}/openings/{kind:str}", opt=OWNER, sync_to_thread=True)
def save_opening(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
                 kind: str = Pid) -> Response:
    """Offer an opening type (or change it): label, explanation and sash limits, into the draft."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    if kind not in OPENING_TYPES:
        raise PageError(404, "error_404")
    langs = langs_of(draft.catalog)
    try:
        problems = Problems()
        limits = {name: number(form, f"limits.{name}", problems, required=False, decimal=name == "max_area_m2")
                  for name in _LIMITS}
        problems.check()
        save_edit(db, state, session, form, lambda c: edit.put_opening(
            c, pid, kind, labels_of(form, "label", langs), limits, labels_of(form, "explanation", langs, 160)))
    except Invalid as exc:
        names = [f"{n}.{lang}" for n in ("label", "explanation") for lang in langs] + [f"limits.{n}" for n in _LIMITS]
        return _openings_page(request, draft, product, kind, _typed(form, names), field_errors(session, exc),
                              form_status(exc))
    return go(f"/admin/catalog/products/{pid}/openings#opening-{kind}", "editor_saved")


# --- option groups and values -------------------------------------------------------------------------------------

def _group_page(request: Request, draft: Draft, product: Product, group: OptionGroup | None, values: dict[str, Any],
                errors: dict[str, str] | None = None, status: int = 200) -> Response:
    langs = langs_of(draft.catalog)
    fields = [*(f"label.{lang}" for lang in langs), "default", "finish", "role", "values"]
    prefix = f"products[{product.id}].options[{group.id if group else '-'}]"
    return draft_page(request, "catalog_editor_group.html", draft, prefix, fields, values, errors, status,
                      product=product, group=group, langs=langs)


def _group_values(group: OptionGroup) -> dict[str, Any]:
    return {**{f"label.{k}": v for k, v in group.label.items()}, "id": group.id, "default": group.default,
            "finish": group.finish or "", "role": group.role}


@get("/catalog/products/{pid:str}/options/{gid:str}", opt=OWNER, sync_to_thread=True)
def group_page(request: Request, state: State, db: Db, session: Auth, pid: str = Pid, gid: str = Pid) -> Response:
    """An option group: its labels, default, finish and role; its values listed to open, one to add."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    if gid == "new":
        return _group_page(request, draft, product, None, {"role": "other", "finish": ""})
    group = _group(product, gid)
    return _group_page(request, draft, product, group, _group_values(group))


def _group_fields(form: Form, langs: list[str]) -> edit.GroupFields:
    finish = field(form, "finish", 20)
    return edit.GroupFields(label=labels_of(form, "label", langs), default=field(form, "default", 80).strip(),
                            finish=finish if finish in ("outside", "inside") else None,
                            role=field(form, "role", 20) or "other")


@post("/catalog/products/{pid:str}/options", opt=OWNER, sync_to_thread=True)
def add_group(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid) -> Response:
    """A new option group with its first value (the default)."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    langs = langs_of(draft.catalog)
    gid = field(form, "id", 80).strip()
    try:
        save_edit(db, state, session, form, lambda c: edit.put_group(c, pid, gid, _group_fields(form, langs)))
    except Invalid as exc:
        values = _typed(form, ["id", "default", "finish", "role", *(f"label.{lang}" for lang in langs)])
        return _group_page(request, draft, product, None, values, field_errors(session, exc), form_status(exc))
    return go(f"/admin/catalog/products/{pid}/options/{gid}", "editor_saved")


@post("/catalog/products/{pid:str}/options/{gid:str}", opt=OWNER, sync_to_thread=True)
def save_group(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
               gid: str = Pid) -> Response:
    """Save the group's form into the draft."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    group = _group(product, gid)
    langs = langs_of(draft.catalog)
    try:
        save_edit(db, state, session, form, lambda c: edit.put_group(c, pid, gid, _group_fields(form, langs)))
    except Invalid as exc:
        values = _typed(form, ["default", "finish", "role", *(f"label.{lang}" for lang in langs)]) | {"id": gid}
        return _group_page(request, draft, product, group, values, field_errors(session, exc), form_status(exc))
    return go(f"/admin/catalog/products/{pid}/options/{gid}", "editor_saved")


_VALUE_FIELDS = ("id", "swatch", "ral", "image")


def _value_page(request: Request, draft: Draft, product: Product, group: OptionGroup, vid: str | None,
                values: dict[str, Any], errors: dict[str, str] | None = None, status: int = 200) -> Response:
    langs = langs_of(draft.catalog)
    fields = [*(f"label.{lang}" for lang in langs), *(f"explanation.{lang}" for lang in langs), *_VALUE_FIELDS,
              "price", "properties", "factor"]
    prefix = f"products[{product.id}].options[{group.id}].values[{vid or '-'}]"
    value = next((v for v in group.values if v.id == vid), None)
    return draft_page(request, "catalog_editor_value.html", draft, prefix, fields, values, errors, status,
                      product=product, group=group, value=value, langs=langs)


@get("/catalog/products/{pid:str}/options/{gid:str}/values/{vid:str}", opt=OWNER, sync_to_thread=True)
def value_page(request: Request, state: State, db: Db, session: Auth, pid: str = Pid, gid: str = Pid,
               vid: str = Pid) -> Response:
    """One value: labels, swatch colour or RAL code, explanation, its image."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    group = _group(product, gid)
    value = next((v for v in group.values if v.id == vid), None)
    if value is None:
        raise PageError(404, "error_404")
    values = {**{f"label.{k}": v for k, v in value.label.items()},
              **{f"explanation.{k}": v for k, v in value.explanation.items()},
              "id": value.id, "swatch": value.swatch or "", "ral": value.ral or "", "image": value.image or "",
              "properties": "\n".join(f"{k} = {v}" for k, v in value.properties.items())}
    return _value_page(request, draft, product, group, vid, values)


def _properties(text: str) -> dict[str, Decimal]:
    """``glass_mm = 8`` per line as the value's properties; a line that is not one is a problem of the field."""
    out: dict[str, Decimal] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, number = line.partition("=")
        try:
            if not sep:
                raise InvalidOperation
            out[name.strip()] = Decimal(number.strip().replace(",", "."))
        except InvalidOperation:
            raise Invalid([FieldProblem(field="properties", code="editor.value.properties")],
                          code="editor.invalid") from None
    return out


def _value_fields(form: Form, langs: list[str], image: str | None) -> edit.ValueFields:
    return edit.ValueFields(label=labels_of(form, "label", langs), swatch=field(form, "swatch", 20).strip() or None,
                            ral=field(form, "ral", 40).strip() or None, image=image,
                            explanation=labels_of(form, "explanation", langs, 160),
                            properties=_properties(field(form, "properties", 2000)))


def _save_value(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str, gid: str,
                vid: str, back_to_new: bool) -> Response:
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    group = _group(product, gid)
    langs = langs_of(draft.catalog)
    old = next((v for v in group.values if v.id == vid), None)
    try:
        fields = _value_fields(form, langs, old.image if old is not None else None)
        save_edit(db, state, session, form, lambda c: edit.put_value(c, pid, gid, vid, fields))
    except Invalid as exc:
        names = [*(f"label.{lang}" for lang in langs), *(f"explanation.{lang}" for lang in langs), "swatch", "ral",
                 "properties"]
        return _value_page(request, draft, product, group, None if back_to_new else vid,
                           _typed(form, names) | {"id": vid}, field_errors(session, exc), form_status(exc))
    return go(f"/admin/catalog/products/{pid}/options/{gid}/values/{vid}", "editor_saved")


@post("/catalog/products/{pid:str}/options/{gid:str}/values", opt=OWNER, sync_to_thread=True)
def add_value(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
              gid: str = Pid) -> Response:
    """A new value of the group."""
    vid = field(form, "id", 80).strip()
    return _save_value(request, state, db, session, form, pid, gid, vid, True)


@post("/catalog/products/{pid:str}/options/{gid:str}/values/{vid:str}", opt=OWNER, sync_to_thread=True)
def save_value(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid, gid: str = Pid,
               vid: str = Pid) -> Response:
    """Save the value's form into the draft."""
    draft = editor_draft(db, state, session)
    group = _group(product_of(draft.catalog, pid), gid)
    if not any(v.id == vid for v in group.values):
        raise PageError(404, "error_404")
    return _save_value(request, state, db, session, form, pid, gid, vid, False)


ROUTES = [catalog_index, add_product, remove_thing, product_page, save_product, openings_page, save_opening,
          group_page, add_group, save_group, value_page, add_value, save_value,
          *RULE_ROUTES, *LAYOUT_ROUTES, *IMAGE_ROUTES]
