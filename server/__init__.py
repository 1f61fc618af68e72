"""venster server: HTTP API, back office, storage, notifications and the CLI."""
