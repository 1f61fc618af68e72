"""Paging and incremental sync, shared by every list of the back office and the dealer API."""

from __future__ import annotations

import math
from datetime import UTC, datetime

__all__ = ["page_window", "utc_text"]


def utc_text(moment: datetime) -> str:
    """``moment`` as the database stores times (UTC, ISO 8601, whole seconds), for comparing as text.

    Fractions are cut, so an ``updated_since`` filter includes its own second: a client that
    syncs from the last time it saw may get a row again, never miss one.
    """
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def page_window(page: int, total: int, per_page: int, clamp: bool) -> tuple[int, int, int]:
    """``(page, pages, offset)`` for 1-based ``page`` of ``total`` rows, ``per_page`` a page.

    With ``clamp`` (the back office's pages) a page past the end shows the last page. Without
    it (the API) the page stays as asked and is empty past the end, so a client paging until
    it sees an empty page stops instead of reading the last page forever.
    """
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, pages)) if clamp else max(1, page)
    return page, pages, (page - 1) * per_page
