"""Slice A's routes for the role tables (tests/web/test_admin_roles.py, tests/dealer/test_key_roles.py).

The dealer API's catalog routes are owner-only (a read-write key): the catalog is account configuration.
"""

from __future__ import annotations

ADMIN_ROLES: dict[tuple[str, str], str] = {}

API_OWNER_ONLY: set[tuple[str, str]] = {
    ("GET", "/api/v1/dealer/catalog/draft"),
    ("PUT", "/api/v1/dealer/catalog/draft"),
    ("POST", "/api/v1/dealer/catalog/check"),
    ("POST", "/api/v1/dealer/catalog/publish"),
    ("GET", "/api/v1/dealer/catalog/versions"),
    ("POST", "/api/v1/dealer/catalog/versions/{number:int}/restore"),
}
