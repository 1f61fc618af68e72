"""Backup and restore, migrations from every schema, crashes."""
