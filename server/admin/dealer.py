"""The dealer's own pages: notification deliveries (with redeliver), settings with a live preview, the audit log."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State

from server.admin.audit_changes import change_lines, field_label
from server.admin.auth import field
from server.admin.core import Auth, Db, Form, Id, PageError, csp, render
from server.admin.core import redirect as go
from server.admin.errors import field_words, page_words
from server.admin.requests import actor_label
from server.admin.texts import texts
from server.links import public_base
from server.notify.destinations import offline_problem
from server.services import deliveries as dlv
from server.services.audit import list_audit
from server.services.dealer_settings import DealerSettings, apply_change, settings_of, validate_settings
from server.services.errors import Conflict, FieldProblem
from server.services.onboarding import embed_snippet

__all__ = ["ROUTES"]


@get("/deliveries", sync_to_thread=True)
def deliveries_page(request: Request, db: Db, session: Auth) -> Response:
    """Every webhook call and e-mail with each attempt, newest first."""
    channel = request.query_params.get("channel")
    channel = channel if channel in ("webhook", "email") else None
    raw_page = str(request.query_params.get("page") or "1")
    page_no = min(int(raw_page), 1_000_000) if raw_page.isdigit() else 1
    page = dlv.list_deliveries(db, session.dealer, channel=channel, page=page_no)
    return render(request, "deliveries.html", section="deliveries", page=page, channel=channel or "",
                  failed=dlv.unacknowledged_failures(db, session.dealer),
                  qs=lambda **kw: "&".join(f"{k}={v}" for k, v in ({"channel": channel or ""} | kw).items() if v))


@post("/deliveries/{delivery_id:int}/redeliver", sync_to_thread=True)
def redeliver(request: Request, db: Db, session: Auth, delivery_id: Id) -> Response:
    """Queue the same event again (a new delivery, the same event id)."""
    if not 1 <= delivery_id <= 2**62:
        raise PageError(404, "error_404")
    try:
        dlv.redeliver(db, session.dealer, delivery_id, session.user.actor)
    except Conflict as exc:
        raise PageError(409, "redeliver_refused", page_words(texts(session.user.lang), exc)) from None
    return go("/admin/deliveries", "redelivered")


@post("/deliveries/acknowledge", sync_to_thread=True)
def acknowledge(request: Request, db: Db, session: Auth, form: Form) -> Response:
    """Take the listed failed deliveries off the banner (they stay in the log, and can still be sent again)."""
    ids = [int(part) for part in field(form, "ids", 2000).split(",") if part.strip().isdigit() and len(part) < 19]
    dlv.acknowledge_failures(db, session.dealer, ids[:100], session.user.actor)
    return go("/admin/deliveries", "failures_acknowledged")


_ORIGIN_FIELD = re.compile(r"^(\w+)(?:\[(\d+)\]|\.(\w+))?$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _snippet(request: Request, state: State, slug: str, lang: str) -> str:
    base = public_base(state.settings) if state.settings.public_url else \
        f"{request.url.scheme}://{request.headers.get('host', '')}"
    return embed_snippet(base, slug, lang)  # the one snippet maker (dealer init, getting started)


def _settings_page(request: Request, state: State, session: Auth, values: dict[str, Any],
                   errors: dict[str, str], status: int = 200) -> Response:
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    dealer = loaded.catalog.dealer
    return render(request, "settings.html", status=status, section="settings", values=values, errors=errors,
                  languages=list(dealer.languages), snippet=_snippet(request, state, loaded.slug, dealer.languages[0]),
                  preview_lang=session.user.lang if session.user.lang in dealer.languages else dealer.languages[0],
                  headers={"Content-Security-Policy": csp(scripts=True)})


def _form_values(current: DealerSettings) -> dict[str, Any]:
    return {"allowed_origins": "\n".join(current.allowed_origins),
            "privacy_notice_url": current.privacy_notice_url,
            "privacy_notice_version": current.privacy_notice_version,
            "notification_emails": "\n".join(current.notification_emails),
            "webhook_url": current.webhook_url,
            "price_note": dict(current.price_note),
            "retention_days": str(current.retention_days),
            "time_zone": current.time_zone}


@get("/settings", opt={"role": "owner"}, sync_to_thread=True)
def settings_page(request: Request, state: State, session: Auth) -> Response:
    """The embed snippet, the editable settings and a live preview of the configurator."""
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    current = settings_of(loaded.catalog.dealer)
    # A webhook refused on its face (say a catalog file's internal address) is shown, not silently not sent.
    allow = state.settings.webhook_allow_private
    refused = offline_problem(current.webhook_url, allow) if current.webhook_url else None
    errors = _messages([FieldProblem(field="webhook_url", code=_WEBHOOK_CODES.get(refused.code,
                                                                                 "settings.webhook.private"),
                                     params={"reason": str(refused)})],
                       session.user.lang) if refused else {}
    return _settings_page(request, state, session, _form_values(current), errors)


# A stored webhook refused on its face, by its DestinationError code: the settings service's code for it.
_WEBHOOK_CODES = {"credentials": "settings.webhook.credentials", "invalid": "settings.webhook.invalid",
                  "private": "settings.webhook.private"}
# A value the settings struct refused (its type or length) is worded by the field it is in.
_TYPE_TEXTS = {"allowed_origins": "field_origin", "notification_emails": "field_email",
               "privacy_notice_url": "field_url", "webhook_url": "field_url", "retention_days": "field_retention",
               "time_zone": "settings.time_zone.unknown"}


def _messages(problems: list[FieldProblem], lang: str) -> dict[str, str]:
    t = texts(lang)
    out: dict[str, str] = {}
    for problem in problems:
        match = _ORIGIN_FIELD.match(problem.field)
        name = match.group(1) if match else problem.field
        key = f"price_note.{match.group(3)}" if match and match.group(3) else name
        if problem.code == "input.type":
            message = t[_TYPE_TEXTS[name]] if name in _TYPE_TEXTS else t["field_too_long"].format(n=300)
        else:
            message = field_words(t, problem)
        out.setdefault(key, message)
    return out


def _struct_problem(name: str, exc: msgspec.ValidationError) -> FieldProblem:
    """What the settings struct said about field ``name``: too many lines, else a bad value."""
    if name in ("allowed_origins", "notification_emails") and str(exc).endswith(f"`$.{name}`"):
        return FieldProblem(field=name, code="input.too_many",
                            params={"max": 20 if name == "allowed_origins" else 10})
    return FieldProblem(field=name, code="input.type", params={"message": str(exc)})


def _convert(values: dict[str, Any], languages: list[str],
             allow_private_webhooks: bool) -> tuple[DealerSettings | None, list[FieldProblem]]:
    retention = values["retention_days"].strip()
    raw = {"allowed_origins": _lines(values["allowed_origins"]),
           "privacy_notice_url": values["privacy_notice_url"].strip(),
           "privacy_notice_version": values["privacy_notice_version"].strip(),
           "notification_emails": _lines(values["notification_emails"]),
           "webhook_url": values["webhook_url"].strip(),
           "price_note": {lang: text.strip() for lang, text in values["price_note"].items() if text.strip()},
           "retention_days": int(retention) if retention.isdigit() and len(retention) < 6 else -1,
           "time_zone": values["time_zone"].strip()}
    errors: list[FieldProblem] = [FieldProblem(field=f"price_note.{lang}", code="input.too_long", params={"max": 300})
                                  for lang, text in raw["price_note"].items() if len(text) > 300]
    raw["price_note"] = {lang: text for lang, text in raw["price_note"].items() if len(text) <= 300}
    # Each field alone, so every problem is reported at once; a bad field is checked no further.
    good: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            msgspec.convert({name: value}, DealerSettings)
        except msgspec.ValidationError as exc:
            errors.append(_struct_problem(name, exc))
        else:
            good[name] = value
    new = msgspec.convert(good, DealerSettings)
    errors += validate_settings(new, languages, allow_private_webhooks)
    return (None if errors else new), errors


@post("/settings", opt={"role": "owner"}, sync_to_thread=True)
def save_settings(request: Request, state: State, db: Db, session: Auth, form: Form) -> Response:
    """Save the settings (they then win over the catalog file); every error shown at once."""
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    languages = list(loaded.catalog.dealer.languages)
    current = settings_of(loaded.catalog.dealer)
    # A field the posted form does not carry keeps its value: an older or partial form must
    # never empty a setting it does not show (origins emptied = the dealer's site gets 403).
    shown = _form_values(current)
    values: dict[str, Any] = {name: field(form, name, 5000) if name in form else shown[name] for name in (
        "allowed_origins", "privacy_notice_url", "privacy_notice_version", "notification_emails", "webhook_url",
        "retention_days", "time_zone")}
    values["price_note"] = {lang: field(form, f"price_note_{lang}", 400) if f"price_note_{lang}" in form
                            else current.price_note.get(lang, "") for lang in languages}
    new, errors = _convert(values, languages, state.settings.webhook_allow_private)
    if errors or new is None:
        messages = _messages(errors, session.user.lang)
        return _settings_page(request, state, session, values, messages, status=422)
    apply_change(db, session.dealer, current, new, session.user.actor)
    state.catalogs.forget_overrides(session.dealer)
    return go("/admin/settings", "settings_saved")


@get("/audit", opt={"role": "owner"}, sync_to_thread=True)
def audit_page(request: Request, db: Db, session: Auth) -> Response:
    """Who viewed, exported, erased or changed what (the newest 200)."""
    lang = session.user.lang
    t = texts(lang)
    return render(request, "audit.html", section="audit", entries=list_audit(db, session.dealer),
                  actor=lambda a: actor_label(a, lang), field=lambda name: field_label(t, name),
                  changes=lambda e, when: change_lines(t, e, when))


ROUTES = [deliveries_page, acknowledge, redeliver, settings_page, save_settings, audit_page]
