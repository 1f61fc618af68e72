"""A dealer's catalog as the server holds it: decoded, compiled, and where it came from.

A plain struct below every layer, so that notifications and documents can take a dealer's
catalog without importing the service that loads it (``server/services/catalogs.py``).
"""

from __future__ import annotations

import msgspec

from server.engine.catalog import Catalog
from server.engine.compiled import CompiledCatalog

__all__ = ["LoadedCatalog"]


class LoadedCatalog(msgspec.Struct, frozen=True, kw_only=True):
    """A decoded catalog with where it came from and the hash of its exact text."""

    slug: str
    path: str
    catalog: Catalog
    compiled: CompiledCatalog
    version: str
    source: str
    mtime_ns: int
