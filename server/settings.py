"""Settings for the whole server, read from the environment in one place.

Every setting is declared once in ``SETTINGS``: its variable, the ``Settings`` field it fills,
its kind (how the text of the variable is read and checked), its default and its help. The
``Settings`` struct takes its defaults from there, and the README's settings table is
checked against it (``tests/test_settings.py``), so none of them is written twice.

Defaults that point into venster itself (the demo catalog, the sample dealer page) are
found beside the installed code (:mod:`server.resources`), never relative to the folder
``venster serve`` happens to be started in.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import msgspec

from server.resources import resource

__all__ = ["SETTINGS", "Setting", "Settings", "SettingsError", "settings_from_env"]


class SettingsError(ValueError):
    """A setting in the environment has a value that cannot be used."""


Kind = Literal["str", "int", "flag", "path", "optional_path", "url", "networks", "level", "catalogs", "site",
               "per_dealer"]


class Setting(msgspec.Struct, frozen=True, kw_only=True):
    """One documented environment variable.

    ``default`` is written as the variable would be (the README's default column); ``kind``
    says how it is read: ``int`` within ``low..high``, ``flag`` 0/1, ``path``, ``optional_path``
    (empty: none), ``url`` (the public base), ``networks`` (addresses or CIDR ranges),
    ``level`` (a log level), ``catalogs`` and ``site`` (see their help), ``per_dealer`` (one
    variable per dealer, the name ending in the slug).
    """

    env: str
    field: str
    kind: Kind = "str"
    low: int = 0
    high: int = 0
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(env="VENSTER_DB", field="db_path", kind="path", default="venster.db",
            help="Path of the SQLite database file (created when missing)."),
    Setting(env="VENSTER_CATALOGS", field="catalogs_dir", kind="catalogs", default="catalogs",
            help="Folder of dealer catalogs; `demo.toml` there is dealer `demo`. Unset: `catalogs` in the folder "
                 "venster is started in when there is one, else the demo catalog shipped with venster (dealer "
                 "`demo` only)."),
    Setting(env="VENSTER_SITE", field="site_dir", kind="site", default="examples/dealer-site",
            help="Folder of the sample dealer page served at `/`; empty to serve none. Unset: the sample page "
                 "shipped with venster (`examples/dealer-site` of the source), wherever venster is started."),
    Setting(env="VENSTER_HOST", field="host", default="127.0.0.1",
            help="Address `venster serve` listens on."),
    Setting(env="VENSTER_PORT", field="port", kind="int", low=1, high=65535, default="8000",
            help="Port `venster serve` listens on."),
    Setting(env="VENSTER_WORKERS", field="workers", kind="int", low=1, high=64, default="1",
            help="Number of server processes `venster serve` starts."),
    Setting(env="VENSTER_PUBLIC_URL", field="public_url", kind="url", default="",
            help="Public base URL of this server, e.g. `https://configurator.example.nl`: every link in e-mails and "
                 "printed by the CLI starts with it. Empty (development only): `http://VENSTER_HOST:VENSTER_PORT`; "
                 "never the request's `Host` header."),
    Setting(env="VENSTER_TRUSTED_PROXIES", field="trusted_proxies", kind="networks", default="",
            help="Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` and "
                 "`X-Forwarded-Proto` are believed; empty: forwarded headers are ignored and the peer is the client."),
    Setting(env="VENSTER_HEADER_TIMEOUT_S", field="header_timeout_s", kind="int", low=1, high=3600, default="10",
            help="Seconds a client has to send a request's headers once it connects or starts a request; "
                 "slower clients get 408 and are disconnected."),
    Setting(env="VENSTER_BODY_TIMEOUT_S", field="body_timeout_s", kind="int", low=1, high=3600, default="30",
            help="Seconds a client has to send a request's body after its headers; slower clients are disconnected."),
    Setting(env="VENSTER_MAX_BODY_BYTES", field="max_body_bytes", kind="int", low=1024, high=64 * 1024 * 1024,
            default="262144",
            help="Largest request body accepted, in bytes; larger bodies get 413."),
    Setting(env="VENSTER_LOG_LEVEL", field="log_level", kind="level", default="INFO",
            help="Log level: DEBUG, INFO, WARNING or ERROR."),
    Setting(env="VENSTER_SECRET", field="secret", default="",
            help="Secret that signs form tokens; empty: one is generated once and kept in the database, "
                 "so it survives restarts and is shared by all workers."),
    Setting(env="VENSTER_FORM_MIN_AGE_S", field="form_min_age_s", kind="int", low=0, high=86_400, default="3",
            help="Seconds a form token must age before a quote request is accepted (0 in tests)."),
    Setting(env="VENSTER_RATE_LIMIT", field="rate_limit", kind="int", low=1, high=1_000_000, default="20",
            help="Quote-request attempts per client address and dealer per hour, counted whether accepted "
                 "or refused (a 422 counts too; an idempotent retry does not); more get 429."),
    Setting(env="VENSTER_KEY_RATE_LIMIT", field="key_rate_limit", kind="int", low=1, high=1_000_000, default="600",
            help="Dealer API calls accepted per API key per minute; more get 429."),
    Setting(env="VENSTER_RENDER_RATE_LIMIT", field="render_rate_limit", kind="int", low=1, high=1_000_000,
            default="300",
            help="Public drawings rendered per client address per minute (1..1000000); answers from the "
                 "cache or a 304 do not count; more get 429."),
    Setting(env="VENSTER_LOGIN_DELAY_S", field="login_delay_s", kind="int", low=0, high=3600, default="2",
            help="After 5 failed logins of one account from one client address, further tries from there wait "
                 "this many seconds, doubling with each failure (at most an hour); other addresses are not slowed. "
                 "After 20 failures from one address over all accounts, the address waits the same way, at most a "
                 "minute; a known-device browser is throttled only by its own failures."),
    Setting(env="VENSTER_SMTP_HOST", field="smtp_host", default="",
            help="SMTP server for notification e-mails; empty: write them to `VENSTER_MAIL_DIR`."),
    Setting(env="VENSTER_SMTP_PORT", field="smtp_port", kind="int", low=1, high=65535, default="25",
            help="SMTP port."),
    Setting(env="VENSTER_SMTP_USER", field="smtp_user", default="",
            help="SMTP user name (empty: no login)."),
    Setting(env="VENSTER_SMTP_PASSWORD", field="smtp_password", default="",
            help="SMTP password."),
    Setting(env="VENSTER_SMTP_STARTTLS", field="smtp_starttls", kind="flag", default="0",
            help="1 to upgrade the SMTP connection with STARTTLS."),
    Setting(env="VENSTER_MAIL_FROM", field="mail_from", default="venster@localhost",
            help="Sender address of notification e-mails."),
    Setting(env="VENSTER_MAIL_DIR", field="mail_dir", kind="optional_path", default="",
            help="Folder that receives e-mails as .eml files when no SMTP server is set (`make run` uses var/mail)."),
    Setting(env="VENSTER_OUTBOX", field="outbox_worker", kind="flag", default="1",
            help="1 to run the notification worker in each server process, 0 to run none."),
    Setting(env="VENSTER_WEBHOOK_ALLOW_PRIVATE", field="webhook_allow_private", kind="flag", default="0",
            help="1 to allow webhooks to loopback, private and link-local addresses (development and tests only); "
                 "0 refuses every address that is not public, on save and on send."),
    Setting(env="VENSTER_CONFIRMATIONS_PER_DAY", field="confirmations_per_day", kind="int", low=0, high=1000,
            default="3",
            help="Confirmation e-mails sent to one homeowner address per day (UTC), over all dealers; "
                 "further requests are taken in, only their confirmation is skipped."),
    Setting(env="VENSTER_WEBHOOK_SECRET_<DEALER>", field="webhook_secrets", kind="per_dealer", default="",
            help="Per dealer (slug upper-cased, `-` as `_`, e.g. `VENSTER_WEBHOOK_SECRET_DEMO`): the key that signs "
                 "its webhooks."),
)


_BY_FIELD = {s.field: s for s in SETTINGS}
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _int(env: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{env}: expected an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{env}: expected {low}..{high}, got {value}")
    return value


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


_WEBHOOK_PREFIX = "VENSTER_WEBHOOK_SECRET_"


def _read(setting: Setting, raw: str | None) -> Any:
    """The value of ``setting`` from the variable's text ``raw`` (None: the variable is not set)."""
    text = setting.default if raw is None else raw
    kind = setting.kind
    if kind == "int":
        return _int(setting.env, text, setting.low, setting.high)
    if kind == "flag":
        return _flag(setting.env, text)
    if kind == "path":
        return Path(text)
    if kind == "optional_path":
        return Path(text) if text else None
    if kind == "url":
        return _public_url(text)
    if kind == "networks":
        return _networks(setting.env, text)
    if kind == "level":
        level = text.upper()
        if level not in _LEVELS:
            raise SettingsError(f"{setting.env}: expected DEBUG, INFO, WARNING or ERROR, got {level!r}")
        return level
    if kind == "catalogs":
        # Unset: the catalogs of the folder venster runs in, else the shipped demo (never a 404 for `demo`).
        return Path(text) if raw is not None or Path(text).is_dir() else resource("catalogs")
    if kind == "site":
        if raw is None:
            return resource(*PurePosixPath(setting.default).parts)
        return Path(raw) if raw else None
    if kind == "per_dealer":
        return {}
    return text


def _default(field: str) -> Any:
    """The default of the ``Settings`` field ``field``, as its declaration in ``SETTINGS`` says."""
    return _read(_BY_FIELD[field], None)


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Resolved settings. Build with :func:`settings_from_env` or directly in tests.

    Each default is the declared one (``SETTINGS``), read the way the environment would be.
    """

    db_path: Path = _default("db_path")
    catalogs_dir: Path = _default("catalogs_dir")
    site_dir: Path | None = _default("site_dir")
    host: str = _default("host")
    port: int = _default("port")
    workers: int = _default("workers")
    public_url: str = _default("public_url")
    trusted_proxies: tuple[str, ...] = _default("trusted_proxies")
    header_timeout_s: int = _default("header_timeout_s")
    body_timeout_s: int = _default("body_timeout_s")
    max_body_bytes: int = _default("max_body_bytes")
    log_level: str = _default("log_level")
    secret: str = _default("secret")
    form_min_age_s: int = _default("form_min_age_s")
    rate_limit: int = _default("rate_limit")
    key_rate_limit: int = _default("key_rate_limit")
    render_rate_limit: int = _default("render_rate_limit")
    login_delay_s: int = _default("login_delay_s")
    smtp_host: str = _default("smtp_host")
    smtp_port: int = _default("smtp_port")
    smtp_user: str = _default("smtp_user")
    smtp_password: str = _default("smtp_password")
    smtp_starttls: bool = _default("smtp_starttls")
    mail_from: str = _default("mail_from")
    mail_dir: Path | None = _default("mail_dir")
    outbox_worker: bool = _default("outbox_worker")
    webhook_secrets: dict[str, str] = {}
    webhook_allow_private: bool = _default("webhook_allow_private")
    confirmations_per_day: int = _default("confirmations_per_day")


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Read every declared setting from ``environ`` (default ``os.environ``)."""
    env = os.environ if environ is None else environ
    values = {s.field: _read(s, env.get(s.env)) for s in SETTINGS if s.kind != "per_dealer"}
    values["webhook_secrets"] = {key[len(_WEBHOOK_PREFIX):].lower().replace("_", "-"): value
                                 for key, value in env.items() if key.startswith(_WEBHOOK_PREFIX) and value}
    return Settings(**values)
