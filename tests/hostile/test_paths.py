"""Traversal, NUL bytes, huge numbers and very long values in every path parameter of every route.

The routes are read from the app itself, so a new route with a path parameter is covered
without editing this file. Every answer is a refusal (400, 401, 403, 404, 405, 415 or 422)
or, for the few pages that explain a bad link, a 200 page without any file's content:
never a 500 and never a file read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from server.app import create_app
from tests.hostile.conftest import Hostile, open_hostile

HOSTILE = [
    "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fcatalogs%2Fdemo.toml", "..%2fcatalogs%2fdemo",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252F..%252Fetc%252Fpasswd", "..%5C..%5Cwindows%5Cwin.ini",
    "..%C0%AF..%C0%AFetc%C0%AFpasswd", "demo%00", "%00", "..%00%2F", "%2e%2e", "~root", "%0d%0aX-Injected:%201",
    "x" * 5000, "9" * 30, "-1", "0", "1e9", "DEMO-2026-000001%2F..%2F..%2Fvenster.db",
]
# Fragments of what a file read would show: /etc/passwd, a catalog, the database, a key.
LEAKS = ["root:x:0:0", "[dealer]", "[[products", "SQLite format 3", "PRIVATE KEY", "[extensions]"]
_PARAM = re.compile(r"\{(\w+):\w+\}")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# A bad link to these pages is explained on a page of its own, with 200.
EXPLAINED = {"/admin/reset/{token:str}"}
# The catalog pages aim at the demo catalog's own product, price rule, option group and value.
CATALOG_IDS = {"product_id": "pvc-window", "code": "base", "group_id": "glazing", "value_id": "triple"}


def _routes() -> list[tuple[str, str]]:
    """(method, path) of every route of the app with a path parameter."""
    import shutil
    import tempfile
    from pathlib import Path

    from server.settings import Settings
    from tests.conftest import CATALOGS, SITE

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(CATALOGS, Path(tmp) / "catalogs")
        app = create_app(Settings(db_path=Path(tmp) / "v.db", catalogs_dir=Path(tmp) / "catalogs", site_dir=SITE,
                                  outbox_worker=False))
        routes = [(method, route.path) for route in app.routes if "{" in route.path
                  for method in sorted(getattr(route, "methods", ())) if method in METHODS]
    return routes


ROUTES = _routes()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Hostile, dict[str, str]]]:
    """One app for the module, logged in, with a request, a sent quote and a delivery (each call below aims at
    something that does not exist, so the calls change nothing)."""
    for hostile in open_hostile(tmp_path_factory.mktemp("paths")):
        ref = hostile.submit()
        detail = hostile.get(f"/requests/{ref}").json()
        number = hostile.quote(ref)["number"]
        _, link = hostile.sent(number)
        delivery = hostile.get("/deliveries").json()["deliveries"][0]["id"]
        hostile.office.login()
        yield hostile, {"dealer": "demo", "reference": ref, "n": "1", "contact_id": str(detail["contact_id"]),
                        "delivery_id": str(delivery), "number": number, "token": link.removeprefix("/q/"),
                        "name": "1f5f8b.css", "rest": "requests", "file_path": "index.html", "path": "openapi.json",
                        # The catalog editor's (slice B): demo's product, group, value, rule, layout and parts.
                        "pid": "pvc-window", "gid": "glazing", "vid": "triple", "rid": "new", "lid": "single",
                        "kind": "fixed", "did": "d1", "sid": "main", "image_id": "0123456789abcdef0123"
                        } | CATALOG_IDS


@pytest.mark.parametrize(("method", "route"), ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_hostile_path_parameters_are_refused_never_read(seeded: tuple[Hostile, dict[str, str]], method: str,
                                                        route: str) -> None:
    hostile, real = seeded
    params = _PARAM.findall(route)
    assert params, route
    for name in params:
        for value in HOSTILE:
            path = _PARAM.sub(lambda m, name=name, value=value: value if m.group(1) == name else real[m.group(1)],
                              route)
            answer = _call(hostile, method, path)
            where = f"{method} {path[:120]}"
            assert answer.status_code < 500, (where, answer.status_code, answer.text[:300])
            if route not in EXPLAINED or method != "GET":
                assert answer.status_code in (400, 401, 403, 404, 405, 415, 422) or (
                    method == "OPTIONS" and answer.status_code == 204), (where, answer.status_code, answer.text[:300])
            for leak in LEAKS:
                assert leak not in answer.text, (where, leak)
            assert "x-injected" not in {k.lower() for k in answer.headers}, where


def _call(hostile: Hostile, method: str, path: str) -> Any:
    headers: dict[str, str] = {"Origin": "https://www.kozijnen-demo.example", "Idempotency-Key": "trav"}
    if path.startswith("/api/v1/dealer/"):
        headers["Authorization"] = f"Bearer {hostile.demo}"
    if method == "OPTIONS":
        headers["Access-Control-Request-Method"] = "POST"
    if path.startswith(("/admin", "/q/")) and method == "POST":
        return hostile.client.request(method, path, data={"csrf": hostile.office.csrf, "name": "x", "agree": "yes"},
                                      headers=headers, follow_redirects=False)
    body = b'{"note": "x", "name": "x", "email": "x@example.nl"}' if method in ("POST", "PUT", "PATCH") else None
    if body is not None:
        headers["Content-Type"] = "application/json"
    return hostile.client.request(method, path, content=body, headers=headers, follow_redirects=False)


def test_static_files_and_the_schema_never_leave_their_folders(seeded: tuple[Hostile, dict[str, str]]) -> None:
    hostile, _ = seeded
    for path in ("/site/..%2F..%2Fcatalogs%2Fdemo.toml", "/site/%2e%2e/%2e%2e/catalogs/demo.toml",
                 "/site/....//....//catalogs/demo.toml", "/site/..%5c..%5ccatalogs%5cdemo.toml",
                 "/schema/..%2F..%2Fcatalogs%2Fdemo.toml", "/admin/static/..%2F..%2F..%2Fsettings.py",
                 "/widget.js/..%2F..%2Fcatalogs%2Fdemo.toml", "/site/index.html%00.toml"):
        answer = hostile.client.get(path, follow_redirects=False)
        assert answer.status_code in (301, 302, 303, 307, 400, 401, 403, 404), (path, answer.status_code)
        for leak in LEAKS:
            assert leak not in answer.text, (path, leak)
