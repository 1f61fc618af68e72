"""Checking a quote request completely: every field problem at once.

The API decodes the body as plain JSON (``server/api/decoding.py``); :func:`convert_all`
converts it to the typed model, collecting every type problem by walking the fields; then
:func:`check_request` checks every length, format and cross-field rule. Problems are coded
(:class:`FieldProblem`); the words are each face's.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from typing import Any

import msgspec

from server.engine.i18n import LANGUAGES
from server.services.countries import COUNTRIES, postcode_problem
from server.services.errors import FieldProblem
from server.services.intake_model import QuoteRequestIn

__all__ = ["MAX_ITEMS", "check_request", "convert_all", "plausible_email"]

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


def convert_all(data: Any, typ: Any, path: str = "") -> tuple[Any, list[FieldProblem]]:
    """Convert ``data`` to ``typ``; on failure, walk the fields and report every problem.

    A type problem keeps msgspec's own words as the parameter ``message`` (code ``input.type``):
    they say expected and got, and no face rewords them.
    """
    try:
        return msgspec.convert(data, typ, strict=True), []
    except msgspec.ValidationError as exc:
        first = str(exc)
    origin = typing.get_origin(typ)
    if isinstance(typ, type) and issubclass(typ, msgspec.Struct) and isinstance(data, dict):
        errors: list[FieldProblem] = []
        fields = msgspec.structs.fields(typ)
        known = {f.encode_name for f in fields}
        errors += [FieldProblem(field=_join(path, str(k)), code="input.unknown_field") for k in data if k not in known]
        for info in fields:
            if info.encode_name not in data:
                if info.required:
                    errors.append(FieldProblem(field=_join(path, info.name), code="input.required"))
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
    return None, [FieldProblem(field=field or "body", code="input.type", params={"message": message})]


def _text(errors: list[FieldProblem], field: str, value: str | None, *, required: bool, max_len: int,
          multiline: bool = False) -> None:
    if value is None or value.strip() == "":
        if required:
            errors.append(FieldProblem(field=field, code="input.required"))
        return
    if len(value) > max_len:
        errors.append(FieldProblem(field=field, code="input.too_long", params={"max": max_len}))
    allowed = "\n\r\t" if multiline else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        errors.append(FieldProblem(field=field, code="input.control"))


def check_request(req: QuoteRequestIn) -> list[FieldProblem]:
    """Every length, format and cross-field problem of a typed request."""
    errors: list[FieldProblem] = []
    if not req.items:
        errors.append(FieldProblem(field="items", code="intake.items.empty"))
    if len(req.items) > MAX_ITEMS:
        errors.append(FieldProblem(field="items", code="intake.items.too_many", params={"max": MAX_ITEMS}))
    for i, item in enumerate(req.items[:MAX_ITEMS]):
        _text(errors, f"items[{i}].note", item.note, required=False, max_len=200)
    c = req.contact
    _text(errors, "contact.name", c.name, required=True, max_len=120)
    _text(errors, "contact.email", c.email, required=True, max_len=254)
    if c.email.strip() and not plausible_email(c.email.strip()):
        errors.append(FieldProblem(field="contact.email", code="input.email"))
    _text(errors, "contact.phone", c.phone, required=False, max_len=32)
    digits = sum(ch.isdigit() for ch in c.phone)
    if c.phone.strip() and (not _PHONE_CHARS.match(c.phone.strip()) or not 6 <= digits <= 15):
        errors.append(FieldProblem(field="contact.phone", code="intake.phone.format"))
    _text(errors, "contact.company", c.company, required=False, max_len=120)
    _text(errors, "contact.street", c.street, required=True, max_len=120)
    _text(errors, "contact.house_number", c.house_number, required=True, max_len=16)
    _text(errors, "contact.city", c.city, required=True, max_len=80)
    country = c.country.strip().upper()
    if country not in COUNTRIES:
        errors.append(FieldProblem(field="contact.country", code="intake.country.format"))
    _text(errors, "contact.postcode", c.postcode, required=True, max_len=12)
    if c.postcode.strip() and country in COUNTRIES:
        problem = postcode_problem(country, c.postcode.strip(), "contact.postcode")
        if problem:
            errors.append(problem)
    _text(errors, "message", req.message, required=False, max_len=2000, multiline=True)
    if req.lang not in LANGUAGES:
        errors.append(FieldProblem(field="lang", code="intake.lang.unknown"))
    _text(errors, "privacy.notice_url", req.privacy.notice_url, required=True, max_len=500)
    if req.privacy.notice_url and not _URL.match(req.privacy.notice_url):
        errors.append(FieldProblem(field="privacy.notice_url", code="input.url"))
    _text(errors, "privacy.notice_version", req.privacy.notice_version, required=True, max_len=40)
    _text(errors, "form_token", req.form_token, required=True, max_len=300)
    if req.website != "":
        errors.append(FieldProblem(field="website", code="intake.website.filled"))
    return errors
