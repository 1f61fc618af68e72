"""Settings for the whole server, read from the environment in one place.

Every setting is declared once in ``SETTINGS`` with its default and help text; the
README documents each of them and a test fails when one is missing there.
"""

from __future__ import annotations

import ipaddress
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
            help="Public base URL of this server, e.g. `https://configurator.example.nl`: every link in e-mails and "
                 "printed by the CLI starts with it. Empty (development only): `http://VENSTER_HOST:VENSTER_PORT`; "
                 "never the request's `Host` header."),
    Setting(env="VENSTER_TRUSTED_PROXIES", field="trusted_proxies", default="",
            help="Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` and "
                 "`X-Forwarded-Proto` are believed; empty: forwarded headers are ignored and the peer is the client."),
    Setting(env="VENSTER_HEADER_TIMEOUT_S", field="header_timeout_s", default="10",
            help="Seconds a client has to send a request's headers once it connects or starts a request; "
                 "slower clients get 408 and are disconnected."),
    Setting(env="VENSTER_BODY_TIMEOUT_S", field="body_timeout_s", default="30",
            help="Seconds a client has to send a request's body after its headers; slower clients are disconnected."),
    Setting(env="VENSTER_MAX_BODY_BYTES", field="max_body_bytes", default="262144",
            help="Largest request body accepted, in bytes; larger bodies get 413."),
    Setting(env="VENSTER_LOG_LEVEL", field="log_level", default="INFO",
            help="Log level: DEBUG, INFO, WARNING or ERROR."),
    Setting(env="VENSTER_SECRET", field="secret", default="",
            help="Secret that signs form tokens; empty: one is generated once and kept in the database, "
                 "so it survives restarts and is shared by all workers."),
    Setting(env="VENSTER_FORM_MIN_AGE_S", field="form_min_age_s", default="3",
            help="Seconds a form token must age before a quote request is accepted (0 in tests)."),
    Setting(env="VENSTER_RATE_LIMIT", field="rate_limit", default="20",
            help="Quote-request attempts per client address and dealer per hour, counted whether accepted "
                 "or refused (a 422 counts too; an idempotent retry does not); more get 429."),
    Setting(env="VENSTER_KEY_RATE_LIMIT", field="key_rate_limit", default="600",
            help="Dealer API calls accepted per API key per minute; more get 429."),
    Setting(env="VENSTER_RENDER_RATE_LIMIT", field="render_rate_limit", default="300",
            help="Public drawings rendered per client address per minute (1..1000000); answers from the "
                 "cache or a 304 do not count; more get 429."),
    Setting(env="VENSTER_LOGIN_DELAY_S", field="login_delay_s", default="2",
            help="After 5 failed logins of one account from one client address, further tries from there wait "
                 "this many seconds, doubling with each failure (at most an hour); other addresses are not slowed."),
    Setting(env="VENSTER_SMTP_HOST", field="smtp_host", default="",
            help="SMTP server for notification e-mails; empty: write them to `VENSTER_MAIL_DIR`."),
    Setting(env="VENSTER_SMTP_PORT", field="smtp_port", default="25",
            help="SMTP port."),
    Setting(env="VENSTER_SMTP_USER", field="smtp_user", default="",
            help="SMTP user name (empty: no login)."),
    Setting(env="VENSTER_SMTP_PASSWORD", field="smtp_password", default="",
            help="SMTP password."),
    Setting(env="VENSTER_SMTP_STARTTLS", field="smtp_starttls", default="0",
            help="1 to upgrade the SMTP connection with STARTTLS."),
    Setting(env="VENSTER_MAIL_FROM", field="mail_from", default="venster@localhost",
            help="Sender address of notification e-mails."),
    Setting(env="VENSTER_MAIL_DIR", field="mail_dir", default="",
            help="Folder that receives e-mails as .eml files when no SMTP server is set (`make run` uses var/mail)."),
    Setting(env="VENSTER_OUTBOX", field="outbox_worker", default="1",
            help="1 to run the notification worker in each server process, 0 to run none."),
    Setting(env="VENSTER_WEBHOOK_ALLOW_PRIVATE", field="webhook_allow_private", default="0",
            help="1 to allow webhooks to loopback, private and link-local addresses (development and tests only); "
                 "0 refuses every address that is not public, on save and on send."),
    Setting(env="VENSTER_CONFIRMATIONS_PER_DAY", field="confirmations_per_day", default="3",
            help="Confirmation e-mails sent to one homeowner address per day (UTC), over all dealers; "
                 "further requests are taken in, only their confirmation is skipped."),
    Setting(env="VENSTER_WEBHOOK_SECRET_<DEALER>", field="webhook_secrets", default="",
            help="Per dealer (slug upper-cased, `-` as `_`, e.g. `VENSTER_WEBHOOK_SECRET_DEMO`): the key that signs "
                 "its webhooks."),
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
    trusted_proxies: tuple[str, ...] = ()
    header_timeout_s: int = 10
    body_timeout_s: int = 30
    max_body_bytes: int = 262_144
    log_level: str = "INFO"
    secret: str = ""
    form_min_age_s: int = 3
    rate_limit: int = 20
    key_rate_limit: int = 600
    render_rate_limit: int = 300
    login_delay_s: int = 2
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "venster@localhost"
    mail_dir: Path | None = None
    outbox_worker: bool = True
    webhook_secrets: dict[str, str] = {}
    webhook_allow_private: bool = False
    confirmations_per_day: int = 3


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
    raw = {s.field: env.get(s.env, s.default) for s in SETTINGS if "<" not in s.env}
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
        public_url=_public_url(raw["public_url"]),
        trusted_proxies=_networks("VENSTER_TRUSTED_PROXIES", raw["trusted_proxies"]),
        header_timeout_s=_int("VENSTER_HEADER_TIMEOUT_S", raw["header_timeout_s"], 1, 3600),
        body_timeout_s=_int("VENSTER_BODY_TIMEOUT_S", raw["body_timeout_s"], 1, 3600),
        max_body_bytes=_int("VENSTER_MAX_BODY_BYTES", raw["max_body_bytes"], 1024, 64 * 1024 * 1024),
        log_level=level,
        secret=raw["secret"],
        form_min_age_s=_int("VENSTER_FORM_MIN_AGE_S", raw["form_min_age_s"], 0, 86_400),
        rate_limit=_int("VENSTER_RATE_LIMIT", raw["rate_limit"], 1, 1_000_000),
        key_rate_limit=_int("VENSTER_KEY_RATE_LIMIT", raw["key_rate_limit"], 1, 1_000_000),
        render_rate_limit=_int("VENSTER_RENDER_RATE_LIMIT", raw["render_rate_limit"], 1, 1_000_000),
        login_delay_s=_int("VENSTER_LOGIN_DELAY_S", raw["login_delay_s"], 0, 3600),
        smtp_host=raw["smtp_host"],
        smtp_port=_int("VENSTER_SMTP_PORT", raw["smtp_port"], 1, 65535),
        smtp_user=raw["smtp_user"],
        smtp_password=raw["smtp_password"],
        smtp_starttls=_flag("VENSTER_SMTP_STARTTLS", raw["smtp_starttls"]),
        mail_from=raw["mail_from"],
        mail_dir=Path(raw["mail_dir"]) if raw["mail_dir"] else None,
        outbox_worker=_flag("VENSTER_OUTBOX", raw["outbox_worker"]),
        webhook_secrets={key[len(_WEBHOOK_PREFIX):].lower().replace("_", "-"): value
                         for key, value in env.items() if key.startswith(_WEBHOOK_PREFIX) and value},
        webhook_allow_private=_flag("VENSTER_WEBHOOK_ALLOW_PRIVATE", raw["webhook_allow_private"]),
        confirmations_per_day=_int("VENSTER_CONFIRMATIONS_PER_DAY", raw["confirmations_per_day"], 0, 1000),
    )


_WEBHOOK_PREFIX = "VENSTER_WEBHOOK_SECRET_"


def _public_url(raw: str) -> str:
    url = raw.strip().rstrip("/")
    if url and (not url.startswith(("http://", "https://")) or "://" not in url or not url.split("://", 1)[1]):
        raise SettingsError(f"VENSTER_PUBLIC_URL: expected an http:// or https:// URL, got {raw!r}")
    return url


def _networks(env: str, raw: str) -> tuple[str, ...]:
    """Each entry an address or a CIDR range, checked here so a typo never silently trusts nobody."""
    found = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            found.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            raise SettingsError(f"{env}: expected addresses or CIDR ranges, got {entry!r}") from None
    return tuple(found)


def _flag(env: str, raw: str) -> bool:
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{env}: expected 0 or 1, got {raw!r}")
