"""Reading dealer catalog files from disk and keeping them fresh.

Each worker process holds its own :class:`CatalogStore`. A changed file is reloaded on
the next request that asks for it; a broken change is logged (file and field) and the
last good version keeps serving.

The database holds each dealer's numbered releases (``server/services/catalog_versions.py``);
:meth:`CatalogStore.get` serves the live one. A worker polls ``catalog_live`` at most every
:data:`HEAD_POLL_S`, so a publish in any worker serves in every worker within a second. A file
with no release yet becomes release 1 with its exact text (its hash, and so every stored request's
version and every drawing ETag, stays what it was); while every release came from the file, a
changed file is the next release (the file wins); once the dealer published from the back office,
the API, the CLI or a restore, the file is ignored, and that is logged once per file version.

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
from server.services import catalog_versions
from server.services.branding import with_branding
from server.services.dealer_settings import load_overrides, with_overrides
from server.storage.branding import branding_row
from server.storage.catalog_store import LiveHead, live_heads
from server.storage.db import connect

__all__ = ["HEAD_POLL_S", "CatalogStore", "LoadedCatalog", "load_catalog_file", "webhook_refusal"]

_log = logging.getLogger("venster.catalogs")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

HEAD_POLL_S = 0.5  # how stale a worker's view of catalog_live may be


def _never_migrated(exc: sqlite3.Error) -> bool:
    """True when the error says ``catalog_live`` does not exist (the only case in which the files alone serve)."""
    return isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc)


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
        # The live heads as last polled, and each dealer's live release as loaded (by hash).
        self._heads: dict[str, LiveHead] = {}
        self._heads_at = float("-inf")
        self._db_ready = False  # catalog_live could be read at the last poll
        self._releases: dict[str, LoadedCatalog] = {}
        self._ignored_logged: dict[str, str] = {}  # slug -> the file hash already logged as ignored

    def load_all(self) -> None:
        """Load every ``*.toml`` and seed the database from them; raise the first :class:`CatalogError`.

        Start-up is strict for a file-led dealer; a browser-led dealer's file no longer counts, so
        a broken one is only logged. A folder with no file is fine when the database serves dealers.
        """
        if not self.folder.is_dir():
            raise CatalogError(str(self.folder), "catalog folder does not exist")
        self._poll_heads(force=True)
        with self._lock:
            heads = dict(self._heads)
        loaded = {}
        for path in sorted(self.folder.glob("*.toml")):
            try:
                item = self._load(path)
            except CatalogError as exc:
                head = heads.get(path.stem)
                if head is None or not head.browser_led:
                    raise
                _log.error("catalog %s ignored: dealer %s publishes from the back office (version %d serves); "
                           "the file is broken besides: %s", path, path.stem, head.number, exc)
                continue
            loaded[item.slug] = item
        if not loaded and not heads:
            raise CatalogError(str(self.folder), "holds no catalog (*.toml)")
        with self._lock:
            self._loaded = loaded
        if self._db_path is not None:
            for item in loaded.values():
                self._follow_file(item.slug, item)  # release 1 from a new file; the file wins while file-led

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
        """Slugs of the dealers currently served: those with a file and those only in the database."""
        self._poll_heads()
        with self._lock:
            return sorted(set(self._loaded) | set(self._heads))

    def _poll_heads(self, force: bool = False) -> None:
        """Re-read ``catalog_live`` when the last read is older than :data:`HEAD_POLL_S`."""
        if self._db_path is None:
            return
        now = time.monotonic()
        with self._lock:
            if not force and now - self._heads_at < HEAD_POLL_S:
                return
        ready = True
        try:
            db = connect(self._db_path)
            try:
                heads = {h.dealer: h for h in live_heads(db)}
            finally:
                db.conn.close()
        except sqlite3.Error as exc:
            if not _never_migrated(exc):
                # A short read error (locked, busy, I/O): keep the heads known so far and read again at the
                # next request; dropping them would serve a browser-led dealer's ignored file, 404 a DB-only one.
                _log.warning("catalog_live cannot be read now, keeping the last known heads: %s", exc)
                return
            heads, ready = {}, False  # not migrated (a store built by hand): the files serve
        with self._lock:
            self._heads = heads
            self._heads_at = now
            self._db_ready = ready

    def _follow_file(self, slug: str, file: LoadedCatalog) -> None:
        """Make a file-led dealer's file its live release; log a browser-led dealer's changed file once."""
        with self._lock:
            head, ready = self._heads.get(slug), self._db_ready
        if not ready or (head is not None and head.hash == file.version):
            return
        if head is not None and head.browser_led:
            self._log_ignored(slug, file, head)
            return
        assert self._db_path is not None
        try:
            db = connect(self._db_path)
            try:
                result = catalog_versions.import_file(db, slug, file.source, file.version)
            finally:
                db.conn.close()
        except sqlite3.Error:
            return  # the database cannot take it now: the file serves as it is
        if result.ignored and head is not None:
            self._log_ignored(slug, file, head)
        self._poll_heads(force=True)

    def _log_ignored(self, slug: str, file: LoadedCatalog, head: LiveHead) -> None:
        with self._lock:
            if self._ignored_logged.get(slug) == file.version:
                return
            self._ignored_logged[slug] = file.version
        _log.warning("catalog %s ignored: dealer %s publishes from the back office (version %d serves)",
                     file.path, slug, head.number)

    def _live(self, slug: str, file: LoadedCatalog | None) -> LoadedCatalog | None:
        """``slug``'s live release as loaded (one object per hash), the file when the database has none."""
        if self._db_path is None:
            return file
        self._poll_heads()
        if file is not None:
            self._follow_file(slug, file)
        with self._lock:
            head = self._heads.get(slug)
            held = self._releases.get(slug)
        if head is None:
            return file
        if held is not None and held.version == head.hash and held.number == head.number:
            return held
        if file is not None and file.version == head.hash:
            fresh = msgspec.structs.replace(file, number=head.number, origin="file")
        else:
            try:
                db = connect(self._db_path)
                try:
                    fresh = catalog_versions.release_catalog(db, slug, head.number)
                finally:
                    db.conn.close()
            except (sqlite3.Error, CatalogError) as exc:
                _log.error("catalog %s: release %d cannot be loaded, keeping what serves: %s", slug, head.number, exc)
                if held is not None or head.browser_led:
                    return held  # never the file a browser-led dealer ignores
                return file
        with self._lock:
            self._releases[slug] = fresh
        if held is not None:
            _log.info("catalog %s now serves version %d (%s)", slug, head.number, head.hash[:12])
        return fresh

    def get(self, slug: str) -> LoadedCatalog | None:
        """The live catalog of ``slug`` with the dealer's back-office settings applied; None if unknown."""
        if not _SLUG.match(slug):
            return None
        loaded = self._live(slug, self.get_file(slug))
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

    def forget(self, slug: str) -> None:
        """Drop this worker's cached settings and live head of ``slug`` (call after saving or publishing)."""
        with self._lock:
            self._applied.pop(slug, None)
            self._heads_at = float("-inf")

    def forget_overrides(self, slug: str) -> None:
        """Same as :meth:`forget` (the older name)."""
        self.forget(slug)

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
