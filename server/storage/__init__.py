"""Storage: the SQLite database and all of its SQL."""

from server.storage.db import Database, connect, migrate, schema_version, write_transaction

__all__ = ["Database", "connect", "migrate", "schema_version", "write_transaction"]
