"""SQL for catalogs in the database: versions (by hash), numbered releases, the live head, drafts.

``catalog_versions`` holds each exact TOML text once, keyed by its sha256 (requests point at it);
``catalog_releases`` numbers a dealer's published versions 1.. without gaps; ``catalog_live`` is
the one row per dealer every worker polls; ``catalog_drafts`` the one draft per dealer;
``catalog_check_cache`` the reachability findings per product. Writers hold the write
transaction (:func:`server.storage.db.write_transaction`); these functions never open one.
"""

from __future__ import annotations

import msgspec
import sqlite_utils

from server.storage.rows import decoded

__all__ = [
    "DraftRow",
    "LiveHead",
    "ReleaseRow",
    "cached_findings",
    "delete_draft",
    "draft_row",
    "insert_release",
    "insert_version",
    "live_head",
    "live_heads",
    "release_row",
    "release_rows",
    "store_draft",
    "store_findings",
    "version_source",
]


class LiveHead(msgspec.Struct, frozen=True, kw_only=True):
    """The release a dealer serves now."""

    dealer: str
    number: int
    hash: str
    browser_led: int  # 1 once any release came from the back office, the API, the CLI or a restore
    changed_at: str


class ReleaseRow(msgspec.Struct, frozen=True, kw_only=True):
    """One numbered release of a dealer's catalog."""

    dealer: str
    number: int
    hash: str
    origin: str
    restored_from: int | None
    note: str
    published_at: str
    published_by: str


class DraftRow(msgspec.Struct, frozen=True, kw_only=True):
    """A dealer's draft as stored: TOML text, its hash, the release it started from, findings JSON."""

    dealer: str
    source: str
    hash: str
    base_number: int
    findings: str
    updated_at: str
    updated_by: str


class _Number(msgspec.Struct, frozen=True):
    number: int


_RELEASE_COLUMNS = "dealer, number, hash, origin, restored_from, note, published_at, published_by"


def insert_version(db: sqlite_utils.Database, digest: str, dealer: str, source: str, at: str) -> None:
    """Keep ``source`` under its hash once (a request may have stored the same text before)."""
    db.conn.execute("INSERT OR IGNORE INTO catalog_versions (hash, dealer, source, first_seen_at) "
                    "VALUES (?, ?, ?, ?)", (digest, dealer, source, at))


def insert_release(db: sqlite_utils.Database, dealer: str, digest: str, origin: str, at: str, actor: str,
                   note: str = "", restored_from: int | None = None) -> int:
    """Add the dealer's next release and make it live; returns its number (1 for the first).

    ``browser_led`` turns on for any origin but 'file' and never turns off. The version row must
    exist (:func:`insert_version` first); the caller holds the write transaction.
    """
    last = decoded(db.execute("SELECT COALESCE(MAX(number), 0) AS number FROM catalog_releases WHERE dealer = ?",
                              [dealer]), _Number)
    number = last[0].number + 1
    db.conn.execute(f"INSERT INTO catalog_releases ({_RELEASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (dealer, number, digest, origin, restored_from, note, at, actor))
    led = 0 if origin == "file" else 1
    db.conn.execute(
        "INSERT INTO catalog_live (dealer, number, hash, browser_led, changed_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(dealer) DO UPDATE SET number = excluded.number, hash = excluded.hash, "
        "browser_led = MAX(catalog_live.browser_led, excluded.browser_led), changed_at = excluded.changed_at",
        (dealer, number, digest, led, at))
    return number


_LIVE = "SELECT dealer, number, hash, browser_led, changed_at FROM catalog_live"


def live_heads(db: sqlite_utils.Database) -> list[LiveHead]:
    """Every dealer's live release (the one query a worker polls)."""
    return decoded(db.execute(f"{_LIVE} ORDER BY dealer"), LiveHead)


def live_head(db: sqlite_utils.Database, dealer: str) -> LiveHead | None:
    """``dealer``'s live release, or None when none was made."""
    found = decoded(db.execute(f"{_LIVE} WHERE dealer = ?", [dealer]), LiveHead)
    return found[0] if found else None


def release_rows(db: sqlite_utils.Database, dealer: str) -> list[ReleaseRow]:
    """``dealer``'s releases, newest first."""
    return decoded(db.execute(f"SELECT {_RELEASE_COLUMNS} FROM catalog_releases WHERE dealer = ? "
                              "ORDER BY number DESC", [dealer]), ReleaseRow)


def release_row(db: sqlite_utils.Database, dealer: str, number: int) -> ReleaseRow | None:
    """Release ``number`` of ``dealer``, or None."""
    found = decoded(db.execute(f"SELECT {_RELEASE_COLUMNS} FROM catalog_releases WHERE dealer = ? AND number = ?",
                               [dealer, number]), ReleaseRow)
    return found[0] if found else None


class _Text(msgspec.Struct, frozen=True):
    text: str


def version_source(db: sqlite_utils.Database, digest: str) -> str | None:
    """The exact TOML text stored under ``digest``, or None."""
    found = decoded(db.execute("SELECT source AS text FROM catalog_versions WHERE hash = ?", [digest]), _Text)
    return found[0].text if found else None


def draft_row(db: sqlite_utils.Database, dealer: str) -> DraftRow | None:
    """``dealer``'s stored draft, or None (the draft is then the live catalog)."""
    found = decoded(db.execute("SELECT dealer, source, hash, base_number, findings, updated_at, updated_by "
                               "FROM catalog_drafts WHERE dealer = ?", [dealer]), DraftRow)
    return found[0] if found else None


def store_draft(db: sqlite_utils.Database, row: DraftRow) -> None:
    """Insert or replace the dealer's draft."""
    db.conn.execute(
        "INSERT INTO catalog_drafts (dealer, source, hash, base_number, findings, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dealer) DO UPDATE SET source = excluded.source, "
        "hash = excluded.hash, base_number = excluded.base_number, findings = excluded.findings, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (row.dealer, row.source, row.hash, row.base_number, row.findings, row.updated_at, row.updated_by))


def delete_draft(db: sqlite_utils.Database, dealer: str, digest: str) -> None:
    """Drop ``dealer``'s draft if it is still the text ``digest`` (the one published); a newer one stays."""
    db.conn.execute("DELETE FROM catalog_drafts WHERE dealer = ? AND hash = ?", (dealer, digest))


def cached_findings(db: sqlite_utils.Database, key: str) -> str | None:
    """The reachability findings (JSON) stored under ``key``, or None."""
    found = decoded(db.execute("SELECT findings AS text FROM catalog_check_cache WHERE key = ?", [key]), _Text)
    return found[0].text if found else None


def store_findings(db: sqlite_utils.Database, key: str, findings: str, at: str) -> None:
    """Keep one product's reachability findings under ``key``."""
    db.conn.execute("INSERT INTO catalog_check_cache (key, findings, checked_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET findings = excluded.findings, checked_at = excluded.checked_at",
                    (key, findings, at))
