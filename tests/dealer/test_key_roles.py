"""API keys under THE ROLES CONTRACT: a read-write key acts as an owner, a read-only key as a read-only user."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from server.api.dealer import dealer_router
from server.services.roles import minimum_for
from tests.dealer.conftest import Dealers

# The dealer-API routes only an owner (a read-write key) may use: account configuration, and reading it
# (settings, company details, audit log: the back office shows those pages to owners only, too).
OWNER_ONLY = {("GET", "/api/v1/dealer/settings"), ("GET", "/api/v1/dealer/settings/legal"),
              ("GET", "/api/v1/dealer/audit"),
              ("PATCH", "/api/v1/dealer/settings"), ("PUT", "/api/v1/dealer/settings"),
              ("PATCH", "/api/v1/dealer/settings/legal"), ("GET", "/api/v1/dealer/settings/branding"),
              ("PATCH", "/api/v1/dealer/settings/branding")}
# The catalog routes bring their own: each tests/support/catalog_roles_<slice>.py may hold an API_OWNER_ONLY set.
for _table in sorted((Path(__file__).resolve().parent.parent / "support").glob("catalog_roles_*.py")):
    OWNER_ONLY |= getattr(importlib.import_module(f"tests.support.{_table.stem}"), "API_OWNER_ONLY", set())


def _routes() -> list[tuple[str, str, dict]]:
    return [(method, route.path, dict(handler.opt)) for route in dealer_router.routes
            for handler in route.route_handlers for method in sorted(handler.http_methods) if method != "OPTIONS"]


@pytest.mark.parametrize(("method", "path", "opt"), _routes(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_api_route_has_the_role_it_should(method: str, path: str, opt: dict) -> None:
    expected = "owner" if (method, path) in OWNER_ONLY else "read-only" if method in ("GET", "HEAD") else "staff"
    assert minimum_for(opt, method) == expected
    if expected == "owner":
        assert opt.get("role") == "owner"  # declared on the route, not left to a default


def test_the_owner_only_table_names_real_routes() -> None:
    assert OWNER_ONLY <= {(m, p) for m, p, _ in _routes()}


def test_a_read_write_key_changes_the_account_a_read_only_key_is_refused_in_the_one_error_shape(
        dealers: Dealers) -> None:
    refused = dealers.send("PATCH", "/settings/legal", dealers.demo_ro, json={"bic": "ABNANL2A"})
    assert refused.status_code == 403
    assert refused.json() == {"status": 403, "detail": "This API key is read-only", "errors": []}
    refused = dealers.send("PATCH", "/settings", dealers.demo_ro, json={"retention_days": 400})
    assert refused.status_code == 403 and refused.json()["status"] == 403
    assert dealers.get("/settings/legal").json()["details"]["bic"] == ""
    assert dealers.get("/settings").json()["retention_days"] == 730
    # The read-write key is an owner: it may change both.
    assert dealers.send("PATCH", "/settings/legal", json={"bic": "ABNANL2A"}).status_code == 200
    assert dealers.send("PATCH", "/settings", json={"retention_days": 400}).status_code == 200
    # And the audit log says what it was before and after, through the API too (to an owner's key only).
    entries = {e["subject"]: e for e in dealers.get("/audit").json() if e["action"].endswith(".change")}
    assert (entries["bic"]["before"], entries["bic"]["after"]) == ("", "ABNANL2A")
    assert (entries["retention_days"]["before"], entries["retention_days"]["after"]) == (730, 400)


def test_a_read_only_key_still_reads_and_staff_work_needs_a_read_write_key(dealers: Dealers) -> None:
    ref = dealers.submit()
    assert dealers.get(f"/requests/{ref}", dealers.demo_ro).status_code == 200
    assert dealers.send("PATCH", f"/requests/{ref}", dealers.demo_ro, json={"status": "contacted"}).status_code == 403
    assert dealers.send("PATCH", f"/requests/{ref}", json={"status": "contacted"}).status_code == 200


@pytest.mark.parametrize("path", ["/settings", "/settings/legal", "/audit"])
def test_a_read_only_key_cannot_read_what_a_read_only_user_cannot(dealers: Dealers, path: str) -> None:
    refused = dealers.get(path, dealers.demo_ro)
    assert refused.status_code == 403
    assert refused.json() == {"status": 403, "detail": "This API key is read-only", "errors": []}
    assert dealers.get(path).status_code == 200  # the read-write key (an owner) reads it
