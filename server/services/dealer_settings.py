"""Dealer settings changed in the back office, stored in SQLite, winning over the catalog's ``[dealer]``.

Only settings that do not change prices may be edited here (origins, privacy notice,
notification addresses, webhook, price note, retention, time zone); products, rules and prices,
and the VAT rate, markup and ``prices_include_vat``, live in the catalog's versions (the file, or
the database's draft and releases: ``server/services/catalog_versions.py``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
import sqlite_utils

from server.engine.catalog import Dealer
from server.i18n.zones import DEFAULT_ZONE, is_zone
from server.notify.destinations import DestinationError, Resolver, resolve_destination
from server.services.audit import record
from server.services.errors import FieldProblem
from server.services.inputs import Input
from server.services.intake_checks import plausible_email
from server.storage.db import write_transaction
from server.storage.dealer_settings import settings_json, store_settings

__all__ = ["DealerSettings", "DealerSettingsPatch", "DealerSettingsReplace", "apply_change", "changed_fields",
           "load_overrides", "merged", "settings_of", "validate_settings",
           "with_overrides"]

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?$")
_URL = re.compile(r"^https?://[^\s<>\"']{1,500}$")


Origins = Annotated[list[Annotated[str, msgspec.Meta(max_length=200)]], msgspec.Meta(max_length=20)]
NoticeUrl = Annotated[str, msgspec.Meta(max_length=500)]
NoticeVersion = Annotated[str, msgspec.Meta(max_length=50)]
Emails = Annotated[list[Annotated[str, msgspec.Meta(max_length=254)]], msgspec.Meta(max_length=10)]
WebhookUrl = Annotated[str, msgspec.Meta(max_length=500)]
PriceNote = dict[str, Annotated[str, msgspec.Meta(max_length=300)]]
RetentionDays = Annotated[int, msgspec.Meta(ge=30, le=3650)]
TimeZone = Annotated[str, msgspec.Meta(max_length=64)]


class DealerSettings(Input, frozen=True, kw_only=True):
    """The editable settings, as the settings page and the API show them."""

    allowed_origins: Origins = []
    privacy_notice_url: NoticeUrl = ""
    privacy_notice_version: NoticeVersion = ""
    notification_emails: Emails = []
    webhook_url: WebhookUrl = ""
    price_note: PriceNote = {}
    retention_days: RetentionDays = 730
    time_zone: TimeZone = DEFAULT_ZONE


class DealerSettingsReplace(Input, frozen=True, kw_only=True):
    """The body of ``PUT``: every setting, none left out.

    No defaults on purpose: a PUT that forgot a field used to empty it (a webhook-only PUT
    wiped the allowed origins and the dealer's site got 403), so a missing field is a 422.
    """

    allowed_origins: Origins
    privacy_notice_url: NoticeUrl
    privacy_notice_version: NoticeVersion
    notification_emails: Emails
    webhook_url: WebhookUrl
    price_note: PriceNote
    retention_days: RetentionDays
    time_zone: TimeZone


class DealerSettingsPatch(Input, frozen=True, kw_only=True, omit_defaults=True):
    """The body of ``PATCH``: only the settings sent change, the others stay as they are."""

    allowed_origins: Origins | msgspec.UnsetType = msgspec.UNSET
    privacy_notice_url: NoticeUrl | msgspec.UnsetType = msgspec.UNSET
    privacy_notice_version: NoticeVersion | msgspec.UnsetType = msgspec.UNSET
    notification_emails: Emails | msgspec.UnsetType = msgspec.UNSET
    webhook_url: WebhookUrl | msgspec.UnsetType = msgspec.UNSET
    price_note: PriceNote | msgspec.UnsetType = msgspec.UNSET
    retention_days: RetentionDays | msgspec.UnsetType = msgspec.UNSET
    time_zone: TimeZone | msgspec.UnsetType = msgspec.UNSET


_FIELDS = tuple(f.name for f in msgspec.structs.fields(DealerSettings))


def settings_of(dealer: Dealer) -> DealerSettings:
    """The editable settings as they currently stand for ``dealer``."""
    return DealerSettings(**{name: getattr(dealer, name) for name in _FIELDS})


def merged(current: DealerSettings, change: DealerSettingsPatch | DealerSettingsReplace) -> DealerSettings:
    """``current`` with every field that ``change`` carries replaced (all of them for a replace)."""
    sent = {name: getattr(change, name) for name in _FIELDS if getattr(change, name) is not msgspec.UNSET}
    return msgspec.structs.replace(current, **sent)


def changed_fields(old: DealerSettings, new: DealerSettings) -> list[tuple[str, Any, Any]]:
    """``(field, old value, new value)`` for each setting that differs, in declaration order."""
    return [(name, getattr(old, name), getattr(new, name)) for name in _FIELDS
            if getattr(old, name) != getattr(new, name)]


def apply_change(db: sqlite_utils.Database, dealer: str, old: DealerSettings, new: DealerSettings,
                 actor: str) -> list[tuple[str, Any, Any]]:
    """Store ``new`` and write one audit entry per changed field (old and new value), in one transaction."""
    changes = changed_fields(old, new)
    with write_transaction(db):
        _store(db, dealer, new, actor)
        for name, before, after in changes:
            detail = msgspec.json.encode({"old": before, "new": after}).decode()
            record(db, dealer, actor, "settings.change", name, detail, before=before, after=after)
    return changes


def validate_settings(new: DealerSettings, languages: list[str], allow_private_webhooks: bool = False,
                      resolve: Resolver | None = None) -> list[FieldProblem]:
    """Every problem at once, each naming its field (the struct already bounds lengths).

    A webhook URL whose host is or resolves to a non-public address is refused (an SSRF:
    the delivery log would tell the dealer what answered inside our network).
    """
    errors: list[FieldProblem] = []
    for i, origin in enumerate(new.allowed_origins):
        if not _ORIGIN.match(origin):
            errors.append(FieldProblem(field=f"allowed_origins[{i}]", code="settings.origin.format"))
    if new.privacy_notice_url and not _URL.match(new.privacy_notice_url):
        errors.append(FieldProblem(field="privacy_notice_url", code="input.url"))
    for i, email in enumerate(new.notification_emails):
        if not plausible_email(email):
            errors.append(FieldProblem(field=f"notification_emails[{i}]", code="settings.email.format"))
    if new.webhook_url and not _URL.match(new.webhook_url):
        errors.append(FieldProblem(field="webhook_url", code="input.url"))
    elif new.webhook_url:
        problem = _webhook_problem(new.webhook_url, allow_private_webhooks, resolve)
        if problem:
            errors.append(problem)
    if not is_zone(new.time_zone):
        errors.append(FieldProblem(field="time_zone", code="settings.time_zone.unknown"))
    for lang in new.price_note:
        if lang not in languages:
            errors.append(FieldProblem(field=f"price_note.{lang[:8]}", code="settings.price_note.language",
                                       params={"languages": ", ".join(languages)}))
    return errors


def _webhook_problem(url: str, allow_private: bool, resolve: Resolver | None) -> FieldProblem | None:
    """Why ``url`` may not be saved as a webhook, coded by the destination check's own code.

    A name that does not resolve (yet) is accepted here, as in :func:`server.notify.destinations.url_problem`:
    nothing internal can be reached through it, and it is checked again at every send. The destination
    check's sentence travels as ``reason`` (the API's words); a page words the code itself.
    """
    try:
        resolve_destination(url, allow_private, resolve)
    except DestinationError as exc:
        if exc.code == "unresolved":
            return None
        if exc.code == "credentials":
            return FieldProblem(field="webhook_url", code="settings.webhook.credentials", params={"reason": str(exc)})
        if exc.code == "invalid":
            return FieldProblem(field="webhook_url", code="settings.webhook.invalid", params={"reason": str(exc)})
        return FieldProblem(field="webhook_url", code="settings.webhook.private", params={"reason": str(exc)})
    return None


def load_overrides(db: sqlite_utils.Database, dealer: str) -> dict[str, Any] | None:
    """The stored overrides of ``dealer`` (only fields that were saved), or None."""
    stored = settings_json(db, dealer)
    return msgspec.json.decode(stored) if stored is not None else None


def _store(db: sqlite_utils.Database, dealer: str, new: DealerSettings, actor: str) -> None:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    body = msgspec.json.encode(new).decode()
    store_settings(db, dealer, body, at, actor)


def with_overrides(dealer: Dealer, overrides: dict[str, Any] | None) -> Dealer:
    """``dealer`` with the stored overrides applied (unknown or invalid keys are ignored)."""
    if not overrides:
        return dealer
    try:
        valid = msgspec.convert({k: v for k, v in overrides.items() if k in _FIELDS}, DealerSettings)
    except msgspec.ValidationError:
        return dealer
    return msgspec.structs.replace(dealer, **{k: getattr(valid, k) for k in overrides if k in _FIELDS})
