"""Retention: anonymise contacts idle for longer than their dealer's ``retention_days``.

Run by ``venster purge`` and once a day by the background worker; the daily run is
claimed in SQLite, so with several workers only one of them purges each day.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import sqlite_utils

from server.services.catalogs import CatalogStore
from server.services.privacy import purge
from server.storage.db import write_transaction
from server.storage.requests import hit_rate_limit

__all__ = ["DAY_S", "purge_all", "purge_if_due"]

DAY_S = 86_400
_log = logging.getLogger("venster.retention")


def purge_all(db: sqlite_utils.Database, store: CatalogStore, now: datetime | None = None) -> dict[str, int]:
    """Apply every dealer's retention period; returns how many contacts each had anonymised."""
    done = {}
    for slug in store.slugs():
        loaded = store.get(slug)
        if loaded is not None:
            dealer = loaded.catalog.dealer
            done[slug] = purge(db, slug, dealer.retention_days, now, dealer.webhook_url)
    return done


def purge_if_due(db: sqlite_utils.Database, store: CatalogStore, now: float | None = None) -> dict[str, int] | None:
    """Run :func:`purge_all` when no process has run it in the last day; None when it was not due."""
    moment = time.time() if now is None else now
    with write_transaction(db):
        busy = hit_rate_limit(db, "job:purge", 1, DAY_S, moment)
    if busy is not None:
        return None
    done = purge_all(db, store, datetime.fromtimestamp(moment, UTC))
    if any(done.values()):
        _log.info("retention: anonymised %s", ", ".join(f"{k}: {v}" for k, v in done.items()))
    return done
