"""Declared path and query parameters shared by the routes (documented in OpenAPI)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from server.errors import ApiError, FieldError
from server.messages import message

__all__ = ["DealerSlug", "LangQuery", "UpdatedSinceQuery", "parse_since"]

DealerSlug = Annotated[str, PathParameter(description="The dealer's slug (its catalog file's stem)",
                                          max_length=64)]
LangQuery = Annotated[str | None, QueryParameter(description="Language: nl, en or de; default the dealer's first",
                                                 max_length=8)]
UpdatedSinceQuery = Annotated[str | None, QueryParameter(
    description="Only what changed at or after this moment (for incremental sync): an ISO 8601 date and time with "
                "its offset, e.g. `2026-11-24T10:00:00+01:00` or `2026-11-24T09:00:00Z`", max_length=40)]


def parse_since(value: str | None) -> datetime | None:
    """``updated_since`` as an aware UTC datetime; 422 naming the field for anything else.

    A bare date, a time without offset, or a moment that leaves the calendar when moved to
    UTC (``9999-12-31T23:59:59-01:00``, ``0001-01-01T00:00:00+01:00``) are all refused here,
    so no later ``astimezone`` can overflow into a 500.
    """
    if value is None:
        return None
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(value.strip())
        # Converting here, inside the try, is the point: the overflow happens in astimezone.
        moment = moment.astimezone(UTC) if moment.tzinfo is not None and moment.utcoffset() is not None else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ApiError(422, message("http.updated_since"), [FieldError(
            field="updated_since", message=message("http.updated_since_expected", {"value": value[:40]}))])
    return moment
