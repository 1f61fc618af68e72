"""SQL for the dealer's branding saved in the back office (one row per dealer, table ``dealer_branding``).

The small columns (accent colour, sender name, the logo's type and hash) are read on every
catalog look-up; the logo's bytes and its PNG rendition only where they are served or drawn.
"""

from __future__ import annotations

import msgspec
import sqlite_utils

__all__ = ["NO_LOGO", "BrandingRow", "LogoBytes", "branding_row", "logo_bytes", "logo_png", "store_branding",
           "store_colours"]

# ``logo_type`` of a row whose logo the dealer removed: neither an uploaded one nor the catalog's counts.
NO_LOGO = "none"


class BrandingRow(msgspec.Struct, frozen=True, kw_only=True):
    """A saved branding without the logo's bytes.

    ``logo_type`` is the uploaded logo's media type; "" when none was uploaded (the catalog's
    ``logo_url`` then still counts); :data:`NO_LOGO` when the dealer removed the logo.
    """

    accent_colour: str
    sender_name: str
    logo_type: str
    logo_etag: str


class LogoBytes(msgspec.Struct, frozen=True, kw_only=True):
    """A stored logo as served: its bytes, media type and content hash."""

    body: bytes
    media_type: str
    etag: str


def branding_row(db: sqlite_utils.Database, dealer: str) -> BrandingRow | None:
    """The saved branding of ``dealer`` (no logo bytes), or None when none was saved."""
    row = next(db.query("SELECT accent_colour, sender_name, logo_type, logo_etag FROM dealer_branding "
                        "WHERE dealer = ?", [dealer]), None)
    return None if row is None else msgspec.convert(row, BrandingRow)


def logo_bytes(db: sqlite_utils.Database, dealer: str) -> LogoBytes | None:
    """The stored logo of ``dealer`` as uploaded (checked), or None when it has none."""
    row = next(db.query("SELECT logo, logo_type, logo_etag FROM dealer_branding WHERE dealer = ? "
                        "AND logo IS NOT NULL", [dealer]), None)
    if row is None:
        return None
    return LogoBytes(body=bytes(row["logo"]), media_type=str(row["logo_type"]), etag=str(row["logo_etag"]))


def logo_png(db: sqlite_utils.Database, dealer: str) -> bytes | None:
    """The PNG rendition of ``dealer``'s logo (for PDFs and e-mails), or None when it has none."""
    row = next(db.query("SELECT logo_png FROM dealer_branding WHERE dealer = ? AND logo_png IS NOT NULL",
                        [dealer]), None)
    return None if row is None else bytes(row["logo_png"])


def store_branding(db: sqlite_utils.Database, dealer: str, accent_colour: str, sender_name: str,
                   logo: tuple[bytes, str, str, bytes] | None, at: str, actor: str, *, removed: bool = False) -> None:
    """Insert or replace ``dealer``'s branding; ``logo`` is (bytes, type, hash, PNG) or None for no uploaded logo.

    ``removed`` (with ``logo`` None) remembers that the dealer removed the logo (:data:`NO_LOGO`),
    so the catalog's does not come back. The caller holds the write transaction.
    """
    body, media_type, etag, png = logo if logo is not None else (None, NO_LOGO if removed else "", "", None)
    db.conn.execute(
        "INSERT INTO dealer_branding (dealer, accent_colour, sender_name, logo, logo_type, logo_etag, logo_png, "
        "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dealer) DO UPDATE SET "
        "accent_colour = excluded.accent_colour, sender_name = excluded.sender_name, logo = excluded.logo, "
        "logo_type = excluded.logo_type, logo_etag = excluded.logo_etag, logo_png = excluded.logo_png, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (dealer, accent_colour, sender_name, body, media_type, etag, png, at, actor))


def store_colours(db: sqlite_utils.Database, dealer: str, accent_colour: str, sender_name: str, at: str,
                  actor: str) -> None:
    """Save ``dealer``'s accent colour and sender name, leaving the logo columns as they are.

    A first save makes the row without an uploaded logo (the catalog's ``logo_url`` then still
    counts); the logo's bytes are never read or written again for a change of colour or name.
    The caller holds the write transaction.
    """
    db.conn.execute(
        "INSERT INTO dealer_branding (dealer, accent_colour, sender_name, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (dealer) DO UPDATE SET accent_colour = excluded.accent_colour, "
        "sender_name = excluded.sender_name, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (dealer, accent_colour, sender_name, at, actor))
