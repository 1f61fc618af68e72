"""The editor's value images: upload one for an option value (checked like the logo), or take it away.

The file is checked by its bytes (:func:`server.services.catalog_images.save_image`), kept in the
database, and the value's ``image`` in the draft becomes ``img:<id>``; a refused file changes
nothing and its reason is shown next to the file field (422). Works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.datastructures import State, UploadFile
from litestar.params import Parameter

from server.admin.catalog_editor_base import OWNER, draft_page, field_errors, form_status, langs_of, live_of, save_edit
from server.admin.core import Auth, Db, Form, PageError
from server.admin.core import redirect as go
from server.engine.catalog import Catalog
from server.services import catalog_edit as edit
from server.services.catalog_images import save_image
from server.services.catalog_versions import draft_of
from server.services.errors import Invalid
from server.services.logo_check import MAX_BYTES

__all__ = ["ROUTES"]

Pid = Parameter(max_length=64)


def _upload(form: Form) -> tuple[bytes, str, str]:
    """The uploaded file's first bytes (one more than allowed, so too large is seen), name and declared type."""
    upload = form.get("image")
    if not isinstance(upload, UploadFile):
        return b"", "", ""
    upload.file.seek(0)
    return upload.file.read(MAX_BYTES + 1), upload.filename or "", upload.content_type or ""


def _set_image(catalog: Catalog, pid: str, gid: str, vid: str, image: str | None) -> Catalog:
    """The catalog with the value's image set (None: taken away), everything else of the value kept."""
    product = catalog.product(pid)
    group = next((g for g in product.options if g.id == gid), None) if product else None
    value = next((v for v in group.values if v.id == vid), None) if group else None
    if value is None:
        raise PageError(404, "error_404")
    fields = edit.ValueFields(label={str(k): v for k, v in value.label.items()}, swatch=value.swatch, ral=value.ral,
                              explanation={str(k): v for k, v in value.explanation.items()}, image=image)
    return edit.put_value(catalog, pid, gid, vid, fields)


def _back(pid: str, gid: str, vid: str) -> str:
    return f"/admin/catalog/products/{pid}/options/{gid}/values/{vid}"


@post("/catalog/products/{pid:str}/options/{gid:str}/values/{vid:str}/image", opt=OWNER, sync_to_thread=True,
      request_max_body_size=MAX_BYTES + 128 * 1024)
def upload_image(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid, gid: str = Pid,
                 vid: str = Pid) -> Response:
    """Check the file and make it the value's image in the draft (422 with the reason when refused)."""
    live = live_of(state, session)
    draft = draft_of(db, live.slug, live)
    data, filename, declared = _upload(form)
    try:
        _set_image(draft.catalog, pid, gid, vid, None)  # 404 before anything is stored for a value that is not there
        reference = save_image(db, live.slug, data, filename, declared, session.user.actor)
        save_edit(db, state, session, form, lambda c: _set_image(c, pid, gid, vid, reference))
    except Invalid as exc:
        # The logo check names its field "logo"; on this form the file field is "image".
        errors = {("image" if name == "logo" else name): text for name, text in field_errors(session, exc).items()}
        product = draft.catalog.product(pid)
        assert product is not None
        group = next(g for g in product.options if g.id == gid)
        value = next(v for v in group.values if v.id == vid)
        values: dict[str, Any] = {**{f"label.{k}": v for k, v in value.label.items()},
                                  **{f"explanation.{k}": v for k, v in value.explanation.items()},
                                  "id": vid, "swatch": value.swatch or "", "ral": value.ral or ""}
        langs = langs_of(draft.catalog)
        return draft_page(request, "catalog_editor_value.html", draft, f"products[{pid}].options[{gid}].values[{vid}]",
                          ["image"], values, errors, form_status(exc), product=product, group=group, value=value,
                          langs=langs, max_kb=MAX_BYTES // 1024)
    return go(_back(pid, gid, vid), "editor_saved")


@post("/catalog/products/{pid:str}/options/{gid:str}/values/{vid:str}/image/remove", opt=OWNER, sync_to_thread=True)
def remove_image(state: State, db: Db, session: Auth, form: Form, pid: str = Pid, gid: str = Pid,
                 vid: str = Pid) -> Response:
    """The value shows no image any more (the stored bytes stay for older versions that name them)."""
    save_edit(db, state, session, form, lambda c: _set_image(c, pid, gid, vid, None))
    return go(_back(pid, gid, vid), "editor_removed")


ROUTES = [upload_image, remove_image]
