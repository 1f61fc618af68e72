"""Live preview: a short-lived alias under which the real widget shows a dealer's catalog draft.

The alias is ``p_`` and 22 random URL-safe characters. It fits the widget's dealer attribute and
the 64-character path parameter, and it can never be a dealer's slug: slugs have no ``_``. Only
its SHA-256 is stored (``catalog_previews``), like a session token; it works for 30 minutes.

The public handlers reach a catalog only through ``find_dealer``, which asks :func:`preview_dealer`
whether a slug is a live alias and then serves the draft under it (configurator, evaluate,
drawings). A quote request under an alias is refused (the intake says the dealer is unknown), so a
draft never prices a real request and its hash never reaches ``catalog_versions``.
"""

from __future__ import annotations

import hashlib
import re
import secrets

import msgspec
import sqlite_utils

from server.loaded_catalog import LoadedCatalog
from server.services.branding import with_branding
from server.services.catalog_versions import loaded_draft
from server.services.catalogs import CatalogStore
from server.services.dealer_settings import load_overrides, with_overrides
from server.storage import catalog_previews as store
from server.storage.branding import branding_row
from server.storage.db import write_transaction

__all__ = ["PREVIEW_TTL_S", "as_served", "is_preview_alias", "preview_catalog", "preview_dealer", "preview_slug"]

PREVIEW_TTL_S = 30 * 60
_ALIAS = re.compile(r"^p_[A-Za-z0-9_-]{22}$")


def _hash(alias: str) -> str:
    return hashlib.sha256(alias.encode("ascii")).hexdigest()


def is_preview_alias(slug: str) -> bool:
    """Whether ``slug`` has the shape of a preview alias (no dealer slug has; it may still be unknown)."""
    return bool(_ALIAS.match(slug))


def preview_slug(db: sqlite_utils.Database, dealer: str, now: float) -> str:
    """A new alias for ``dealer``'s draft, valid for :data:`PREVIEW_TTL_S` from ``now``; expired ones are purged."""
    alias = "p_" + secrets.token_urlsafe(16)  # 16 bytes: 22 characters, 128 bits
    with write_transaction(db):
        store.purge_previews(db, now)
        store.insert_preview(db, _hash(alias), dealer, now + PREVIEW_TTL_S)
    return alias


def preview_dealer(db: sqlite_utils.Database, alias: str, now: float) -> str | None:
    """The dealer whose draft ``alias`` shows, or None when it is malformed, unknown or expired."""
    if not is_preview_alias(alias):
        return None
    return store.preview_dealer(db, _hash(alias), now)


def preview_catalog(db: sqlite_utils.Database, catalogs: CatalogStore, alias: str, now: float) -> LoadedCatalog | None:
    """The draft ``alias`` shows, as the widget is served it, under the alias as its slug; None when unknown.

    The slug is the alias so the drawing URLs of an evaluation point back at the preview. The dealer's
    saved settings and branding are laid over the draft's as over the live catalog's, so the preview
    looks like the dealer's widget.
    """
    slug = preview_dealer(db, alias, now)
    live = catalogs.get(slug) if slug is not None else None
    if slug is None or live is None:
        return None
    return msgspec.structs.replace(as_served(db, slug, loaded_draft(db, slug, live)), slug=alias)


def as_served(db: sqlite_utils.Database, slug: str, loaded: LoadedCatalog) -> LoadedCatalog:
    """``loaded`` (a draft or a release) with the dealer's saved settings and branding laid over, as it serves."""
    overrides = load_overrides(db, slug)
    dealer = with_branding(with_overrides(loaded.catalog.dealer, overrides), slug, branding_row(db, slug))
    return msgspec.structs.replace(loaded, catalog=msgspec.structs.replace(loaded.catalog, dealer=dealer))
