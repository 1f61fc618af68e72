"""Slice B's routes for the role tables (tests/web/test_admin_roles.py, tests/dealer/test_key_roles.py merge them).

Every page of the catalog editor is for owners: it changes what every homeowner is offered.
Its script, like copy.js, needs no login.
"""

from __future__ import annotations

_P = "/admin/catalog/products/{pid:str}"

ADMIN_ROLES: dict[tuple[str, str], str] = {
    ("GET", "/admin/catalog"): "owner",
    ("POST", "/admin/catalog/products"): "owner",
    ("POST", "/admin/catalog/remove"): "owner",
    ("GET", _P): "owner",
    ("POST", _P): "owner",
    ("GET", f"{_P}/openings"): "owner",
    ("POST", f"{_P}/openings/{{kind:str}}"): "owner",
    ("POST", f"{_P}/options"): "owner",
    ("GET", f"{_P}/options/{{gid:str}}"): "owner",
    ("POST", f"{_P}/options/{{gid:str}}"): "owner",
    ("POST", f"{_P}/options/{{gid:str}}/values"): "owner",
    ("GET", f"{_P}/options/{{gid:str}}/values/{{vid:str}}"): "owner",
    ("POST", f"{_P}/options/{{gid:str}}/values/{{vid:str}}"): "owner",
    ("POST", f"{_P}/rules"): "owner",
    ("POST", f"{_P}/rules/words"): "owner",
    ("GET", f"{_P}/rules/{{rid:str}}"): "owner",
    ("POST", f"{_P}/rules/{{rid:str}}/try"): "owner",
    ("POST", f"{_P}/layouts"): "owner",
    ("GET", f"{_P}/layouts/{{lid:str}}"): "owner",
    ("POST", f"{_P}/layouts/{{lid:str}}/split"): "owner",
    ("POST", f"{_P}/layouts/{{lid:str}}/merge"): "owner",
    ("POST", f"{_P}/layouts/{{lid:str}}/divisions/{{did:str}}"): "owner",
    ("POST", f"{_P}/layouts/{{lid:str}}/sections/{{sid:str}}"): "owner",
    ("GET", f"{_P}/layouts/{{lid:str}}/drawing.svg"): "owner",
    ("POST", f"{_P}/options/{{gid:str}}/values/{{vid:str}}/image"): "owner",
    ("POST", f"{_P}/options/{{gid:str}}/values/{{vid:str}}/image/remove"): "owner",
    ("GET", "/admin/static/catalog.js"): "anonymous",
}

API_OWNER_ONLY: set[tuple[str, str]] = set()

# Real ids of demo's catalog for the path parameters above (the role tests fill paths with them).
PATH_IDS: dict[str, str] = {"pid": "pvc-window", "gid": "glazing", "vid": "double", "rid": "new", "lid": "single",
                            "kind": "fixed", "did": "d1", "sid": "main"}
