"""The editor's layouts: from a preset, split a section into columns or rows, merge them back, each
division's default and limits, each section's openings, fills and glazing bars, and the drawing.

A general tree editor is not here: a layout of any shape goes in through TOML or the API; these
forms make the common ones and keep every tree rule (:mod:`server.services.catalog_edit`).
The drawing is the draft's default window of the layout, drawn as the widget draws it.
"""

from __future__ import annotations

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
    product_of,
    save_edit,
)
from server.admin.core import Auth, Db, Form, PageError
from server.admin.core import redirect as go
from server.drawing import render_drawing
from server.engine.catalog import OPENING_TYPES, Layout, Node, Product
from server.engine.configuration import Configuration
from server.engine.evaluate import evaluate
from server.services import catalog_edit as edit
from server.services.catalog_versions import Draft, loaded_draft
from server.services.errors import Invalid, NotFound

__all__ = ["ROUTES", "tree_rows"]

Pid = Parameter(max_length=64)


def _layout(product: Product, lid: str) -> Layout:
    layout = next((x for x in product.layouts if x.id == lid), None)
    if layout is None:
        raise PageError(404, "error_404")
    return layout


def tree_rows(node: Node, depth: int = 0) -> list[dict[str, Any]]:
    """The layout tree as rows for the page: each split with its divisions, each section, indented."""
    if node.section is not None:
        return [{"depth": depth, "section": node, "split": None}]
    rows: list[dict[str, Any]] = [{"depth": depth, "section": None, "split": node}]
    for part in node.parts:
        rows += tree_rows(part, depth + 1)
    return rows


def _page(request: Request, draft: Draft, product: Product, layout: Layout, failed: str = "",
          values: dict[str, Any] | None = None, errors: dict[str, str] | None = None, status: int = 200) -> Response:
    fields = [f"sections[{s}]" for s in edit.section_ids(layout.root)]  # the rest at the top
    return draft_page(request, "catalog_editor_layout.html", draft, f"products[{product.id}].layouts[{layout.id}]",
                      fields, values or {}, errors, status, product=product, layout=layout,
                      rows=tree_rows(layout.root), kinds=[k for k in OPENING_TYPES if k in product.openings],
                      failed=failed, langs=langs_of(draft.catalog), max_parts=edit.MAX_PARTS,
                      stamp=draft.etag)


@get("/catalog/products/{pid:str}/layouts/{lid:str}", opt=OWNER, sync_to_thread=True)
def layout_page(request: Request, state: State, db: Db, session: Auth, pid: str = Pid, lid: str = Pid) -> Response:
    """The layout's tree with a form per section and per division, split and merge buttons, and its drawing."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    return _page(request, draft, product, _layout(product, lid))


def _back(pid: str, lid: str) -> str:
    return f"/admin/catalog/products/{pid}/layouts/{lid}"


@post("/catalog/products/{pid:str}/layouts", opt=OWNER, sync_to_thread=True)
def add_layout(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid) -> Response:
    """A layout made from a preset (or one made again from it), into the draft."""
    draft = editor_draft(db, state, session)
    product_of(draft.catalog, pid)
    lid, preset = field(form, "id", 80).strip(), field(form, "preset", 40)
    try:
        save_edit(db, state, session, form, lambda c: edit.layout_from_preset(
            c, pid, lid, preset, labels_of(form, "label", langs_of(draft.catalog))))
    except Invalid as exc:
        words = "; ".join(field_errors(session, exc).values())
        raise PageError(422, "editor_layout_refused", words) from None
    return go(_back(pid, lid), "editor_saved")


def _edit(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str, lid: str, failed: str,
          names: list[str], change: Any) -> Response:
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    layout = _layout(product, lid)
    try:
        save_edit(db, state, session, form, change)
    except NotFound:
        raise PageError(404, "error_404") from None
    except Invalid as exc:
        values = {name: field(form, name, 200) for name in names} | {
            "openings": [str(v) for v in form.getall("openings", [])], "fills": [str(v) for v in
                                                                           form.getall("fills", [])]}
        return _page(request, draft, product, layout, failed, values, field_errors(session, exc), form_status(exc))
    return go(f"{_back(pid, lid)}#{failed}", "editor_saved")


@post("/catalog/products/{pid:str}/layouts/{lid:str}/split", opt=OWNER, sync_to_thread=True)
def split(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
          lid: str = Pid) -> Response:
    """Split a section into 2..6 columns or rows of equal share."""
    section, direction = field(form, "section", 80), field(form, "direction", 10)
    problems = Problems()
    parts = number(form, "parts", problems) or 0

    def change(c: Any) -> Any:
        problems.check()
        return edit.split_section(c, pid, lid, section, direction, parts)

    return _edit(request, state, db, session, form, pid, lid, f"section-{section}", ["parts", "direction"], change)


@post("/catalog/products/{pid:str}/layouts/{lid:str}/merge", opt=OWNER, sync_to_thread=True)
def merge(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
          lid: str = Pid) -> Response:
    """Make the split holding this section one section again."""
    section = field(form, "section", 80)
    return _edit(request, state, db, session, form, pid, lid, f"section-{section}", [],
                 lambda c: edit.merge_split(c, pid, lid, section))


@post("/catalog/products/{pid:str}/layouts/{lid:str}/divisions/{did:str}", opt=OWNER, sync_to_thread=True)
def save_division(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
                  lid: str = Pid, did: str = Pid) -> Response:
    """A division's default, as a fraction (1/3, 50%) or in mm, and its limits in mm."""
    problems = Problems()
    text = field(form, "default", 20).strip()
    default: str | int = int(text) if text.isdigit() else text
    minimum = number(form, "min", problems, required=False)
    maximum = number(form, "max", problems, required=False)

    def change(c: Any) -> Any:
        problems.check()
        return edit.put_division(c, pid, lid, did, default, minimum, maximum)

    return _edit(request, state, db, session, form, pid, lid, f"division-{did}", ["default", "min", "max"], change)


@post("/catalog/products/{pid:str}/layouts/{lid:str}/sections/{sid:str}", opt=OWNER, sync_to_thread=True)
def save_section(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
                 lid: str = Pid, sid: str = Pid) -> Response:
    """A section's openings, the one it starts with, its fills and how many glazing bars it may have."""
    problems = Problems()
    bars = number(form, "max_bars", problems)
    fields = edit.SectionFields(openings=[str(v)[:40] for v in form.getall("openings", [])][:20],
                                default_opening=field(form, "default_opening", 40) or None,
                                fills=[str(v)[:10] for v in form.getall("fills", [])][:4], max_bars=bars or 0)

    def change(c: Any) -> Any:
        problems.check()
        return edit.put_section(c, pid, lid, sid, fields)

    return _edit(request, state, db, session, form, pid, lid, f"section-{sid}", ["default_opening", "max_bars"],
                 change)


@get("/catalog/products/{pid:str}/layouts/{lid:str}/drawing.svg", opt=OWNER, sync_to_thread=True)
def layout_drawing(request: Request, state: State, db: Db, session: Auth, pid: str = Pid,
                   lid: str = Pid) -> Response[bytes]:
    """The draft's default window of this layout as SVG (422 and a short text when it is no window yet)."""
    live = live_of(state, session)
    loaded = loaded_draft(db, live.slug, live)
    product = _product_of(loaded.catalog.product(pid))
    _layout(product, lid)
    result = evaluate(loaded.compiled, Configuration(product=pid, layout=lid), session.user.lang)
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if not result.valid:
        return Response(b"not a window", status_code=422, media_type="text/plain", headers=headers)
    body = render_drawing(loaded.compiled, result.configuration, session.user.lang, "svg", shown_px=360)
    return Response(body, media_type="image/svg+xml", headers=headers)


def _product_of(product: Product | None) -> Product:
    if product is None:
        raise PageError(404, "error_404")
    return product


ROUTES = [layout_page, add_layout, split, merge, save_division, save_section, layout_drawing]
