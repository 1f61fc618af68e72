"""Checking a quote request completely: every field error at once.

First the body is decoded as plain JSON (malformed: 400); then converted to the typed
model, collecting every type error by walking the fields (422); then every length,
format and cross-field rule is checked (422).
"""

from __future__ import annotations

import re
import typing
import unicodedata
from typing import Any

import msgspec

from server.engine.i18n import LANGUAGES
from server.errors import ApiError, FieldError
from server.services.countries import COUNTRIES, postcode_problem
from server.services.intake_model import QuoteRequestIn

__all__ = ["MAX_ITEMS", "check_request", "convert_all", "decode_object", "decode_request", "plausible_email"]

MAX_ITEMS = 50
_EMAIL = re.compile(r"^[^@\s<>()\[\]\\,;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")
_URL = re.compile(r"^https?://[^\s]+$")


def plausible_email(text: str) -> bool:
    """True for an address that looks deliverable (one @, a dotted domain, no spaces or brackets)."""
    return bool(_EMAIL.match(text))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def convert_all(data: Any, typ: Any, path: str = "") -> tuple[Any, list[FieldError]]:
    """Convert ``data`` to ``typ``; on failure, walk the fields and report every error."""
    try:
        return msgspec.convert(data, typ, strict=True), []
    except msgspec.ValidationError as exc:
        first = str(exc)
    origin = typing.get_origin(typ)
    if isinstance(typ, type) and issubclass(typ, msgspec.Struct) and isinstance(data, dict):
        errors: list[FieldError] = []
        fields = msgspec.structs.fields(typ)
        known = {f.encode_name for f in fields}
        errors += [FieldError(field=_join(path, str(k)), message="Unknown field") for k in data if k not in known]
        for info in fields:
            if info.encode_name not in data:
                if info.required:
                    errors.append(FieldError(field=_join(path, info.name), message="Required"))
                continue
            errors += convert_all(data[info.encode_name], info.type, _join(path, info.name))[1]
        return None, errors
    base = typing.get_args(typ)[0] if origin is typing.Annotated else typ
    if typing.get_origin(base) is dict and isinstance(data, dict):
        # msgspec names a bad dict value `[...]`; walking the values names it by its key.
        value_type = typing.get_args(base)[1]
        errors = [e for k, v in data.items() for e in convert_all(v, value_type, _join(path, str(k)))[1]]
        if errors:
            return None, errors
    if origin is list and isinstance(data, list):
        (item_type,) = typing.get_args(typ)
        errors = []
        for i, item in enumerate(data):
            errors += convert_all(item, item_type, f"{path}[{i}]")[1]
        return None, errors
    message, _, where = first.partition(" - at `$")
    suffix = where.rstrip("`")
    field = f"{path}{suffix}" if suffix.startswith(("[", ".")) or not suffix else f"{path}.{suffix}"
    return None, [FieldError(field=field or "body", message=message)]


def decode_object(body: bytes, typ: Any, what: str = "The body") -> Any:
    """A JSON object body as ``typ``: 400 when it is not JSON, 422 with every field error at once."""
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise ApiError(400, f"Malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(422, "The body must be a JSON object", [FieldError(field="body", message="Expected `object`")])
    value, errors = convert_all(data, typ)
    if errors:
        raise ApiError(422, f"{what} has errors", errors)
    return value


def decode_request(body: bytes) -> QuoteRequestIn:
    """Decode and type-check a quote request; raises :class:`ApiError` 400 or 422 with every field."""
    return decode_object(body, QuoteRequestIn, "The quote request")


def _text(errors: list[FieldError], field: str, value: str | None, *, required: bool, max_len: int,
          multiline: bool = False) -> None:
    if value is None or value.strip() == "":
        if required:
            errors.append(FieldError(field=field, message="Required"))
        return
    if len(value) > max_len:
        errors.append(FieldError(field=field, message=f"At most {max_len} characters"))
    allowed = "\n\r\t" if multiline else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        errors.append(FieldError(field=field, message="Contains control characters"))


def check_request(req: QuoteRequestIn) -> list[FieldError]:
    """Every length, format and cross-field problem of a typed request."""
    errors: list[FieldError] = []
    if not req.items:
        errors.append(FieldError(field="items", message="At least one item"))
    if len(req.items) > MAX_ITEMS:
        errors.append(FieldError(field="items", message=f"At most {MAX_ITEMS} items"))
    for i, item in enumerate(req.items[:MAX_ITEMS]):
        _text(errors, f"items[{i}].note", item.note, required=False, max_len=200)
    c = req.contact
    _text(errors, "contact.name", c.name, required=True, max_len=120)
    _text(errors, "contact.email", c.email, required=True, max_len=254)
    if c.email.strip() and not plausible_email(c.email.strip()):
        errors.append(FieldError(field="contact.email", message="Expected an e-mail address like name@example.nl"))
    _text(errors, "contact.phone", c.phone, required=False, max_len=32)
    digits = sum(ch.isdigit() for ch in c.phone)
    if c.phone.strip() and (not _PHONE_CHARS.match(c.phone.strip()) or not 6 <= digits <= 15):
        errors.append(FieldError(field="contact.phone", message="Expected a phone number like +31 20 123 4567"))
    _text(errors, "contact.company", c.company, required=False, max_len=120)
    _text(errors, "contact.street", c.street, required=True, max_len=120)
    _text(errors, "contact.house_number", c.house_number, required=True, max_len=16)
    _text(errors, "contact.city", c.city, required=True, max_len=80)
    country = c.country.strip().upper()
    if country not in COUNTRIES:
        errors.append(FieldError(field="contact.country", message="Expected an ISO 3166 country code such as NL"))
    _text(errors, "contact.postcode", c.postcode, required=True, max_len=12)
    if c.postcode.strip() and country in COUNTRIES:
        problem = postcode_problem(country, c.postcode.strip())
        if problem:
            errors.append(FieldError(field="contact.postcode", message=problem))
    _text(errors, "message", req.message, required=False, max_len=2000, multiline=True)
    if req.lang not in LANGUAGES:
        errors.append(FieldError(field="lang", message="Expected nl, en or de"))
    _text(errors, "privacy.notice_url", req.privacy.notice_url, required=True, max_len=500)
    if req.privacy.notice_url and not _URL.match(req.privacy.notice_url):
        errors.append(FieldError(field="privacy.notice_url", message="Expected an http(s) URL"))
    _text(errors, "privacy.notice_version", req.privacy.notice_version, required=True, max_len=40)
    _text(errors, "form_token", req.form_token, required=True, max_len=300)
    if req.website != "":
        errors.append(FieldError(field="website", message="Must be empty"))
    return errors
