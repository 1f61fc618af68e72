"""Slice C's rows of the route-role tables: the playground, the live preview, the versions and publishing."""

from __future__ import annotations

__all__ = ["ADMIN_ROLES", "API_OWNER_ONLY"]

# Every catalog page is an owner's, GET included (tests/web/test_admin_roles.py merges these).
ADMIN_ROLES: dict[tuple[str, str], str] = {
    ("GET", "/admin/catalog/playground"): "owner",
    ("POST", "/admin/catalog/playground/samples"): "owner",
    ("POST", "/admin/catalog/playground/samples/delete"): "owner",
    ("GET", "/admin/catalog/preview"): "owner",
    ("GET", "/admin/catalog/versions"): "owner",
    ("GET", "/admin/catalog/versions/{number:str}"): "owner",
    ("POST", "/admin/catalog/versions/{number:str}/restore"): "owner",
    ("GET", "/admin/catalog/publish"): "owner",
    ("POST", "/admin/catalog/publish"): "owner",
}
# The dealer-API routes of slice C a read-write key (an owner) alone may use (tests/dealer/test_key_roles.py).
API_OWNER_ONLY: set[tuple[str, str]] = {("POST", "/api/v1/dealer/catalog/playground")}
