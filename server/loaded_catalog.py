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
    """A decoded catalog with where it came from and the hash of its exact text.

    ``path`` is the file, or ``db:SLUG#N`` for release N from the database; ``number`` is the
    release number (0: a file not yet in the database) and ``origin`` how that release was made
    (file, browser, api, cli, restore; ``draft`` for a preview of the draft).
    """

    slug: str
    path: str
    catalog: Catalog
    compiled: CompiledCatalog
    version: str
    source: str
    mtime_ns: int
    number: int = 0
    origin: str = "file"
