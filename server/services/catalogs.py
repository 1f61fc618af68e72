"""Reading dealer catalog files from disk and keeping them fresh.

Each worker process holds its own :class:`CatalogStore`. A changed file is reloaded on
the next request that asks for it; a broken change is logged (file and field) and the
last good version keeps serving.

Loading never looks up a name: a webhook host's DNS belongs to the dealer and may change
or stop answering at any moment, and it must not stop the server from (re)starting for
every other dealer. A webhook URL that is wrong on its face (a literal internal address, a
user name in it) is logged once and refused when sent; where a name points is judged at
send time, with the address actually used. ``venster catalog check`` still resolves and fails.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
import time
from pathlib import Path

import msgspec

from server.engine.catalog import CatalogError, decode_catalog
from server.engine.compiled import compile_catalog
from server.loaded_catalog import LoadedCatalog
from server.notify.destinations import offline_problem, url_problem
from server.services.branding import with_branding
from server.services.dealer_settings import load_overrides, with_overrides
from server.storage.branding import branding_row
from server.storage.db import connect

__all__ = ["CatalogStore", "LoadedCatalog", "load_catalog_file", "webhook_refusal"]

_log = logging.getLogger("venster.catalogs")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def load_catalog_file(path: Path) -> LoadedCatalog:
    """Read and decode one catalog file; raises :class:`CatalogError` naming the file."""
    if not _SLUG.match(path.stem):
        raise CatalogError(str(path), "file name must be a dealer slug: a-z, 0-9 and '-'")
    try:
        raw = path.read_bytes()
        mtime_ns = path.stat().st_mtime_ns
    except OSError as exc:
        raise CatalogError(str(path), f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(str(path), "is not UTF-8 text") from None
    catalog = decode_catalog(text, str(path))
    return LoadedCatalog(
        slug=path.stem,
        path=str(path),
        catalog=catalog,
        compiled=compile_catalog(catalog),
        version=hashlib.sha256(raw).hexdigest(),
        source=text,
        mtime_ns=mtime_ns,
    )


def webhook_refusal(loaded: LoadedCatalog, allow_private: bool) -> CatalogError | None:
    """The error for a catalog whose ``[dealer] webhook_url`` points at a non-public address, or None.

    Resolves the host: for ``venster catalog check`` (the author's tool), never for serving.
    """
    url = loaded.catalog.dealer.webhook_url
    problem = url_problem(url, allow_private) if url else None
    return CatalogError(loaded.path, f"dealer.webhook_url: {problem}") if problem else None


class CatalogStore:
    """The catalogs of one folder, loaded strictly at start and refreshed on change."""

    def __init__(self, folder: Path, db_path: Path | None = None, overrides_ttl_s: float = 1.0,
                 allow_private_webhooks: bool = False) -> None:
        self.folder = folder
        self._allow_private = allow_private_webhooks
        self._lock = threading.Lock()
        self._loaded: dict[str, LoadedCatalog] = {}
        self._rejected: dict[str, int] = {}  # slug -> mtime of a broken file already logged
        self._webhook_logged: dict[str, str] = {}  # slug -> the refused webhook URL already logged
        # Back-office settings win over the file; each worker re-reads them at most once per TTL.
        self._db_path = db_path
        self._ttl = overrides_ttl_s
        self._applied: dict[str, tuple[float, LoadedCatalog, LoadedCatalog]] = {}

    def load_all(self) -> None:
        """Load every ``*.toml``; raise the first :class:`CatalogError` (start-up is strict)."""
        if not self.folder.is_dir():
            raise CatalogError(str(self.folder), "catalog folder does not exist")
        loaded = {}
        for path in sorted(self.folder.glob("*.toml")):
            item = self._load(path)
            loaded[item.slug] = item
        if not loaded:
            raise CatalogError(str(self.folder), "holds no catalog (*.toml)")
        with self._lock:
            self._loaded = loaded

    def _load(self, path: Path) -> LoadedCatalog:
        item = load_catalog_file(path)
        self._note_webhook(item)
        return item

    def _note_webhook(self, item: LoadedCatalog) -> None:
        # No DNS here (see the module docstring); a problem is logged once per URL, the catalog serves.
        url = item.catalog.dealer.webhook_url
        problem = offline_problem(url, self._allow_private) if url else None
        with self._lock:
            if problem is None:
                self._webhook_logged.pop(item.slug, None)
                return
            if self._webhook_logged.get(item.slug) == url:
                return
            self._webhook_logged[item.slug] = url
        _log.error("%s: dealer.webhook_url: %s; its webhooks are refused until it is fixed", item.path, problem)

    def slugs(self) -> list[str]:
        """Slugs of the dealers currently served."""
        with self._lock:
            return sorted(self._loaded)

    def get(self, slug: str) -> LoadedCatalog | None:
        """The current catalog of ``slug`` with the dealer's back-office settings applied; None if unknown."""
        loaded = self.get_file(slug)
        if loaded is None or self._db_path is None:
            return loaded
        now = time.monotonic()
        with self._lock:
            cached = self._applied.get(slug)
        if cached is not None and cached[1] is loaded and now - cached[0] < self._ttl:
            return cached[2]
        db = connect(self._db_path)
        try:
            overrides = load_overrides(db, slug)
        except sqlite3.Error:
            overrides = None  # not migrated yet (tests building a store by hand)
        try:
            branding = branding_row(db, slug)
        except sqlite3.Error:
            branding = None  # as above: the catalog's branding serves
        finally:
            db.conn.close()
        dealer = with_branding(with_overrides(loaded.catalog.dealer, overrides), slug, branding)
        result = loaded if dealer is loaded.catalog.dealer else msgspec.structs.replace(
            loaded, catalog=msgspec.structs.replace(loaded.catalog, dealer=dealer))
        with self._lock:
            self._applied[slug] = (now, loaded, result)
        return result

    def forget_overrides(self, slug: str) -> None:
        """Drop this worker's cached settings of ``slug`` (call after saving them)."""
        with self._lock:
            self._applied.pop(slug, None)

    def get_file(self, slug: str) -> LoadedCatalog | None:
        """The catalog of ``slug`` exactly as its file says, reloaded when the file changed; None if unknown."""
        if not _SLUG.match(slug):
            return None
        path = self.folder / f"{slug}.toml"
        with self._lock:
            current = self._loaded.get(slug)
        try:
            mtime_ns = path.stat().st_mtime_ns
        except OSError:
            return current
        if current is not None and current.mtime_ns == mtime_ns:
            return current
        with self._lock:
            if self._rejected.get(slug) == mtime_ns:
                return current
        try:
            fresh = self._load(path)
        except CatalogError as exc:
            # Keep serving the last good version; say once what is wrong with the new one.
            _log.error("catalog not reloaded, keeping the last good version: %s", exc)
            with self._lock:
                self._rejected[slug] = mtime_ns
            return current
        with self._lock:
            self._loaded[slug] = fresh
            self._rejected.pop(slug, None)
        if current is not None:
            _log.info("catalog %s reloaded (version %s)", slug, fresh.version[:12])
        return fresh
