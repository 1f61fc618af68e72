"""The cost limit of public drawings: renders per client address per minute, counted in SQLite.

Only real renders count: a 304 or an answer from :class:`server.render_cache.RenderCache`
costs nothing and is never refused. The counter lives in ``rate_limits`` (keyed by an HMAC
of the address), so every worker shares it.
"""

from __future__ import annotations

import time

from litestar import Request
from litestar.datastructures import State

from server.errors import ApiError
from server.messages import message
from server.storage.db import connect, write_transaction
from server.storage.rate_limits import client_key
from server.storage.requests import hit_rate_limit

__all__ = ["WINDOW_S", "charge_render"]

WINDOW_S = 60


def charge_render(request: Request, state: State) -> None:
    """Count one render for the request's client; 429 with ``Retry-After`` beyond ``VENSTER_RENDER_RATE_LIMIT``."""
    db = connect(state.settings.db_path)
    try:
        client = client_key(db, request.client.host if request.client else "")
        with write_transaction(db):
            wait = hit_rate_limit(db, f"render:{client}", state.settings.render_rate_limit, WINDOW_S, time.time())
    finally:
        db.conn.close()
    if wait is not None:
        raise ApiError(429, message("http.render_rate"),
                       headers={"Retry-After": str(wait)})
