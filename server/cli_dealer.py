"""``venster dealer ...`` (API keys, onboarding) and ``venster purge``."""

from __future__ import annotations

import argparse
import sys

from server.backoffice.keys import KeyError_, create_key, list_keys, revoke_key
from server.settings import settings_from_env
from server.storage.db import connect, migrate

__all__ = ["add_key", "keys", "purge", "revoke"]


def _db():  # noqa: ANN202 - sqlite_utils.Database
    db = connect(settings_from_env().db_path)
    migrate(db)
    return db


def _known_dealer(slug: str) -> bool:
    settings = settings_from_env()
    if (settings.catalogs_dir / f"{slug}.toml").is_file():
        return True
    print(f"venster: no dealer {slug!r}: there is no {settings.catalogs_dir / (slug + '.toml')}", file=sys.stderr)
    return False


def add_key(args: argparse.Namespace) -> int:
    """Print a new API key once; only its hash is stored."""
    if not _known_dealer(args.slug):
        return 1
    try:
        new = create_key(_db(), args.slug, read_only=args.read_only, label=args.label or "")
    except KeyError_ as exc:
        print(f"venster: {exc}", file=sys.stderr)
        return 1
    kind = "read-only" if args.read_only else "read-write"
    print(new.key)
    print(f"# {kind} API key for {args.slug}, prefix {new.info.prefix}. It is shown only now: store it safely.",
          file=sys.stderr)
    return 0


def revoke(args: argparse.Namespace) -> int:
    """Revoke a key by its prefix (the first 12 characters, as listed)."""
    try:
        key = revoke_key(_db(), args.prefix)
    except KeyError_ as exc:
        print(f"venster: {exc}", file=sys.stderr)
        return 1
    print(f"revoked {key.prefix} of {key.dealer} at {key.revoked_at}")
    return 0


def keys(args: argparse.Namespace) -> int:
    """List a dealer's keys by prefix."""
    for key in list_keys(_db(), args.slug):
        state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        kind = "read-only" if key.read_only else "read-write"
        print(f"{key.prefix}  {kind:<10}  {state:<30}  created {key.created_at}  last used {key.last_used_at or '-'}"
              f"  {key.label}")
    return 0


def purge(args: argparse.Namespace) -> int:
    """Apply every dealer's retention period now."""
    from server.backoffice.retention import purge_all
    from server.catalogs import CatalogStore

    settings = settings_from_env()
    store = CatalogStore(settings.catalogs_dir, settings.db_path)
    store.load_all()
    for slug, count in purge_all(_db(), store).items():
        print(f"{slug}: {count} contact(s) anonymised")
    return 0
