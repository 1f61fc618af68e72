"""Declared path and query parameters shared by the routes (documented in OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from server.errors import ApiError, FieldError

__all__ = ["DealerSlug", "LangQuery", "UpdatedSinceQuery", "parse_since"]

DealerSlug = Annotated[str, PathParameter(description="The dealer's slug (its catalog file's stem)",
                                          max_length=64)]
LangQuery = Annotated[str | None, QueryParameter(description="Language: nl, en or de; default the dealer's first",
                                                 max_length=8)]
UpdatedSinceQuery = Annotated[str | None, QueryParameter(
    description="Only what changed at or after this moment (for incremental sync): an ISO 8601 date and time with "
                "its offset, e.g. `2026-11-24T10:00:00+01:00` or `2026-11-24T09:00:00Z`", max_length=40)]


def parse_since(value: str | None) -> datetime | None:
    """``updated_since`` as an aware datetime; 422 naming the field for anything else (a bare date, no offset)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise ApiError(422, "updated_since is not a date and time with an offset", [FieldError(
            field="updated_since", message="Expected an ISO 8601 date and time with an offset, "
                                           f"e.g. 2026-11-24T10:00:00+01:00; got {value[:40]!r}")])
    return moment
