"""Slice D's routes in the role tables: the price pages and the matrix import, owners only; the script anonymous.

tests/web/test_admin_roles.py and tests/dealer/test_key_roles.py merge every
``tests/support/catalog_roles_*.py``: ``ADMIN_ROLES`` like their ``ROUTE_ROLES``, ``API_OWNER_ONLY``
like ``OWNER_ONLY``.
"""

from __future__ import annotations

__all__ = ["ADMIN_ROLES", "API_OWNER_ONLY"]

_P = "/admin/catalog/prices"
_PRODUCT = _P + "/{product_id:str}"

ADMIN_ROLES: dict[tuple[str, str], str] = {
    ("GET", _P): "owner",
    ("POST", _P + "/dealer"): "owner",
    ("POST", _PRODUCT + "/product"): "owner",
    ("GET", _PRODUCT + "/rules/new"): "owner",
    ("POST", _PRODUCT + "/rules"): "owner",
    ("GET", _PRODUCT + "/rules/{code:str}"): "owner",
    ("POST", _PRODUCT + "/rules/{code:str}"): "owner",
    ("POST", _PRODUCT + "/rules/{code:str}/delete"): "owner",
    ("GET", _PRODUCT + "/values/{group_id:str}/{value_id:str}"): "owner",
    ("POST", _PRODUCT + "/values/{group_id:str}/{value_id:str}"): "owner",
    ("GET", _PRODUCT + "/import"): "owner",
    ("POST", _PRODUCT + "/import"): "owner",
    ("POST", _PRODUCT + "/import/apply"): "owner",
    ("GET", "/admin/static/matrix.js"): "anonymous",
}

API_OWNER_ONLY: set[str] = set()
