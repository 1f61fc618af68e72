"""What every HTTP face (JSON API, back office, homeowner pages) shares: a database per request, file answers."""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils
from litestar import Response
from litestar.datastructures import State
from litestar.di import NamedDependency

from server.storage.db import connect

__all__ = ["Db", "file_response", "provide_db"]

Db = NamedDependency[sqlite_utils.Database]


def provide_db(state: State) -> Iterator[sqlite_utils.Database]:
    """One connection per request, closed after the answer."""
    db = connect(state.settings.db_path)
    try:
        yield db
    finally:
        db.conn.close()


def file_response(body: bytes, media: str, filename: str, inline: bool = False) -> Response[bytes]:
    """A file of the dealer's: never sniffed, never cached, never run in our origin."""
    disposition = "inline" if inline else "attachment"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"', "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store", "Content-Security-Policy": "default-src 'none'; sandbox"})
