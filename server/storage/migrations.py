"""Versioned schema migrations, applied in order, each exactly once.

Append new migrations; never edit one that has shipped. Each entry is
``(version, description, statements)``.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "schema bookkeeping, server secrets and catalog versions",
        (
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version INTEGER PRIMARY KEY,
                   description TEXT NOT NULL,
                   applied_at TEXT NOT NULL
               )""",
            # Secrets generated on first start live here so they survive restarts and
            # are shared by every worker on the same database.
            """CREATE TABLE server_secrets (
                   name TEXT PRIMARY KEY,
                   value TEXT NOT NULL,
                   created_at TEXT NOT NULL
               )""",
            # The exact catalog text a price was computed with, keyed by its hash.
            """CREATE TABLE catalog_versions (
                   hash TEXT PRIMARY KEY,
                   dealer TEXT NOT NULL,
                   source TEXT NOT NULL,
                   first_seen_at TEXT NOT NULL
               )""",
        ),
    ),
)
