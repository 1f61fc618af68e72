"""Liveness and readiness probes."""

from __future__ import annotations

import msgspec
from litestar import Response, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec

from server.storage.db import connect, is_writable

__all__ = ["health", "ready"]


class Health(msgspec.Struct, frozen=True):
    """Answer of ``/health`` and ``/ready``."""

    status: str
    checks: dict[str, bool] = {}


@get("/health", tags=["ops"], summary="The process is up", sync_to_thread=False)
def health() -> Health:
    """Always ok while the process answers."""
    return Health(status="ok")


@get("/ready", tags=["ops"], summary="Database writable and catalogs loaded", sync_to_thread=True,
     responses={503: ResponseSpec(data_container=Health, description="Not ready: see `checks`",
                                  generate_examples=False)})
def ready(state: State) -> Response[Health]:
    """503 unless the database takes a write lock and at least one catalog is loaded."""
    db = connect(state.settings.db_path)
    try:
        writable = is_writable(db)
    finally:
        db.conn.close()
    catalogs = bool(state.catalogs.slugs())
    ok = writable and catalogs
    body = Health(status="ok" if ok else "unavailable",
                  checks={"database_writable": writable, "catalogs_loaded": catalogs})
    return Response(body, status_code=200 if ok else 503)
