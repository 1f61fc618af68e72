"""Settings for the whole server, read from the environment in one place.

Every setting is declared once in ``SETTINGS`` with its default and help text; the
README documents each of them and a test fails when one is missing there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

__all__ = ["SETTINGS", "Setting", "Settings", "SettingsError", "settings_from_env"]

_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A setting in the environment has a value that cannot be used."""


class Setting(msgspec.Struct, frozen=True, kw_only=True):
    """One documented environment variable."""

    env: str
    field: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(env="VENSTER_DB", field="db_path", default="venster.db",
            help="Path of the SQLite database file (created when missing)."),
    Setting(env="VENSTER_CATALOGS", field="catalogs_dir", default="catalogs",
            help="Folder of dealer catalogs; `demo.toml` there is dealer `demo`."),
    Setting(env="VENSTER_SITE", field="site_dir", default="examples/dealer-site",
            help="Folder of the sample dealer page served at `/`; empty to serve none."),
    Setting(env="VENSTER_HOST", field="host", default="127.0.0.1",
            help="Address `venster serve` listens on."),
    Setting(env="VENSTER_PORT", field="port", default="8000",
            help="Port `venster serve` listens on."),
    Setting(env="VENSTER_WORKERS", field="workers", default="1",
            help="Number of server processes `venster serve` starts."),
    Setting(env="VENSTER_PUBLIC_URL", field="public_url", default="",
            help="Public base URL of this server (used in links); empty: derived from the request."),
    Setting(env="VENSTER_MAX_BODY_BYTES", field="max_body_bytes", default="262144",
            help="Largest request body accepted, in bytes; larger bodies get 413."),
    Setting(env="VENSTER_LOG_LEVEL", field="log_level", default="INFO",
            help="Log level: DEBUG, INFO, WARNING or ERROR."),
)


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Resolved settings. Build with :func:`settings_from_env` or directly in tests."""

    db_path: Path = Path("venster.db")
    catalogs_dir: Path = _ROOT / "catalogs"
    site_dir: Path | None = _ROOT / "examples" / "dealer-site"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    public_url: str = ""
    max_body_bytes: int = 262_144
    log_level: str = "INFO"


def _int(env: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{env}: expected an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{env}: expected {low}..{high}, got {value}")
    return value


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Read every declared setting from ``environ`` (default ``os.environ``)."""
    env = os.environ if environ is None else environ
    raw = {s.field: env.get(s.env, s.default) for s in SETTINGS}
    level = raw["log_level"].upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(f"VENSTER_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got {level!r}")
    return Settings(
        db_path=Path(raw["db_path"]),
        catalogs_dir=Path(raw["catalogs_dir"]),
        site_dir=Path(raw["site_dir"]) if raw["site_dir"] else None,
        host=raw["host"],
        port=_int("VENSTER_PORT", raw["port"], 1, 65535),
        workers=_int("VENSTER_WORKERS", raw["workers"], 1, 64),
        public_url=raw["public_url"].rstrip("/"),
        max_body_bytes=_int("VENSTER_MAX_BODY_BYTES", raw["max_body_bytes"], 1024, 64 * 1024 * 1024),
        log_level=level,
    )
