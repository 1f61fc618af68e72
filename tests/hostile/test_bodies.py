"""Hostile bodies: over-long text, deep nesting, huge bodies, wrong content types, malformed JSON, odd Unicode.

Every JSON-reading operation answers in the error shape with the right status, never a 500,
and a refused quote request stores nothing.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from server.storage.db import connect
from tests.hostile.conftest import JSON_BODIES, Hostile, body_with

# Each text field of a quote request: (argument of body_with, the field the 422 names, its limit).
TEXT_FIELDS = [
    ("name", "contact.name", 120), ("email", "contact.email", 254), ("phone", "contact.phone", 32),
    ("company", "contact.company", 120), ("street", "contact.street", 120),
    ("house_number", "contact.house_number", 16), ("postcode", "contact.postcode", 12),
    ("city", "contact.city", 80), ("message", "message", 2000), ("note", "items[0].note", 200),
    ("notice_url", "privacy.notice_url", 500), ("notice_version", "privacy.notice_version", 40),
    ("form_token", "form_token", 300),
]
# What each field holds in the dealer API's request detail, to check a value arrives exactly as sent.
# (The privacy notice's URL and version are checked but never stored as sent: the record holds
# the dealer's configured notice.)
STORED = {"name": ("contact", "name"), "email": ("contact", "email"), "phone": ("contact", "phone"),
          "company": ("contact", "company"), "street": ("contact", "street"),
          "house_number": ("contact", "house_number"), "postcode": ("contact", "postcode"),
          "city": ("contact", "city")}


def _count(hostile: Hostile) -> int:
    db = connect(hostile.settings.db_path)
    try:
        return int(db.execute("SELECT COUNT(*) FROM quote_requests").fetchone()[0])
    finally:
        db.conn.close()


def _error(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, (answer.status_code, answer.text[:500])
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"status", "detail", "errors"} and body["status"] == status, body
    return body


def _over_long(field: str, limit: int) -> str:
    if field == "email":
        return "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".nl"  # 320 characters, shaped like an address
    if field == "notice_url":
        return "https://dealer.example/" + "p" * limit
    return "x" * (limit + 1)


@pytest.mark.parametrize(("name", "field", "limit"), TEXT_FIELDS, ids=[f[1] for f in TEXT_FIELDS])
def test_over_long_text_is_422_naming_the_field(hostile: Hostile, name: str, field: str, limit: int) -> None:
    for value in (_over_long(name, limit), "y" * 100_000):
        body = body_with(**{name: value})
        if name == "form_token":
            answer = hostile.quote_request(json.dumps(body).encode())
        else:
            answer = hostile.quote_request(body)
        error = _error(answer, 422)
        assert field in [e["field"] for e in error["errors"]], error
    assert _count(hostile) == 0


def _nested(depth: int) -> bytes:
    return ('{"a": ' + "[" * depth + "]" * depth + "}").encode()


@pytest.mark.parametrize(("method", "path", "_"), JSON_BODIES, ids=[f"{m} {p}" for m, p, _ in JSON_BODIES])
def test_ten_thousand_levels_of_nesting_are_400_not_500(hostile: Hostile, method: str, path: str, _: Any) -> None:
    ids = hostile.ids()
    for body in (_nested(10_000), ('{"a": ' + '{"b": ' * 10_000 + "1" + "}" * 10_001).encode()):
        answer = hostile.call(method, path.format(**ids), content=body, headers={
            "Content-Type": "application/json", "Idempotency-Key": "deep"})
        error = _error(answer, 400)
        assert error["detail"] == "Malformed JSON: nested too deeply"


def test_nesting_in_the_drawing_parameter_is_400_and_just_below_the_limit_is_a_plain_422(hostile: Hostile) -> None:
    deep = base64.urlsafe_b64encode(b"[" * 3000 + b"]" * 3000).rstrip(b"=").decode()
    assert len(deep) <= 8192
    for fmt in ("svg", "png"):
        _error(hostile.client.get(f"/api/v1/dealers/demo/drawing.{fmt}", params={"c": deep}), 400)
    # Deep, but within what the decoder follows: the configuration is simply the wrong shape.
    shallow = _nested(500)
    answer = hostile.client.post("/api/v1/dealers/demo/evaluate", content=shallow,
                                 headers={"Content-Type": "application/json"})
    assert _error(answer, 422)["errors"][0]["field"] in ("a", "data", "body")
    answer = hostile.quote_request(json.dumps(body_with()).replace('"kitchen"', '"kitchen", "deep": ' +
                                                                   "[" * 500 + "]" * 500).encode())
    assert _error(answer, 422)["errors"] == [{"field": "items[0].deep", "message": "Unknown field"}]
    assert _count(hostile) == 0


@pytest.mark.parametrize(("method", "path", "valid"), JSON_BODIES, ids=[f"{m} {p}" for m, p, _ in JSON_BODIES])
def test_a_body_over_the_limit_is_413(hostile: Hostile, method: str, path: str, valid: dict[str, Any]) -> None:
    ids = hostile.ids()
    limit = hostile.settings.max_body_bytes
    padded = json.dumps({**valid, "padding": "x" * limit}).encode()
    answer = hostile.call(method, path.format(**ids), content=padded,
                          headers={"Content-Type": "application/json", "Idempotency-Key": "huge"})
    _error(answer, 413)


@pytest.mark.parametrize(("method", "path", "valid"), JSON_BODIES, ids=[f"{m} {p}" for m, p, _ in JSON_BODIES])
def test_a_body_that_is_not_json_is_415(hostile: Hostile, method: str, path: str, valid: dict[str, Any]) -> None:
    ids = hostile.ids()
    text = json.dumps(valid).encode()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                         "application/xml", "text/html", "application/jsonx", "application/json-patch"):
        answer = hostile.call(method, path.format(**ids), content=text,
                              headers={"Content-Type": content_type, "Idempotency-Key": "ct"})
        _error(answer, 415)
    answer = hostile.call(method, path.format(**ids), content=text, headers={"Idempotency-Key": "none"})
    _error(answer, 415)


MALFORMED = [b"{", b"{'name': 'Anna'}", b'{"a": 1,}', b"[1, 2", b"\xff\xfe{}", b'{"a": NaN}', b'{"a": "\\x41"}',
             b'{"a": "\xed\xa0\x80"}', b'{"a": "\\ud800"}', b"null null", b"\x00"]


@pytest.mark.parametrize(("method", "path", "_"), JSON_BODIES, ids=[f"{m} {p}" for m, p, _ in JSON_BODIES])
def test_malformed_json_is_400(hostile: Hostile, method: str, path: str, _: Any) -> None:
    ids = hostile.ids()
    for raw in MALFORMED:
        answer = hostile.call(method, path.format(**ids), content=raw,
                              headers={"Content-Type": "application/json", "Idempotency-Key": "bad"})
        _error(answer, 400)
    assert _count(hostile) == 1  # only the request hostile.ids() made


# Odd but legitimate text: right-to-left override, emoji, a zero-width joiner family, zero-width space,
# a combining diaeresis, mathematical (astral) letters. Stored and shown exactly as sent, or refused by name.
ODD = {"rtl-override": "Anna \u202eJansen\u202c", "emoji": "Anna 🪟🏠", "zwj": "👩\u200d👩\u200d👧 Jansen",
       "zero-width": "An\u200bna\u200d", "combining": "Zoe\u0308terwoude", "astral": "𝔄𝔫𝔫𝔞"}
FREE_TEXT = ["name", "company", "street", "city", "message", "note"]


@pytest.mark.parametrize("kind", list(ODD))
def test_odd_unicode_in_free_text_is_stored_exactly(hostile: Hostile, kind: str) -> None:
    value = ODD[kind]
    for name in FREE_TEXT:
        answer = hostile.quote_request(body_with(**{name: value}))
        assert answer.status_code == 201, (name, answer.text)
        detail = hostile.get(f"/requests/{answer.json()['reference']}").json()
        if name in STORED:
            part, key = STORED[name]
            assert detail[part][key] == value, name
        elif name == "message":
            assert detail["message"] == value
        else:
            assert detail["items"][0]["note"] == value


@pytest.mark.parametrize("kind", list(ODD))
def test_odd_unicode_in_formatted_fields_is_stored_exactly_or_refused_by_name(hostile: Hostile, kind: str) -> None:
    value = ODD[kind]
    for name, field, _ in TEXT_FIELDS:
        if name in FREE_TEXT:
            continue
        answer = hostile.quote_request(body_with(**{name: value}) if name != "form_token"
                                       else json.dumps(body_with(form_token=value)).encode())
        if answer.status_code == 201:
            if name in STORED:
                part, key = STORED[name]
                assert hostile.get(f"/requests/{answer.json()['reference']}").json()[part][key] == value, name
        else:
            assert field in [e["field"] for e in _error(answer, 422)["errors"]], (name, answer.text)


@pytest.mark.parametrize(("name", "field", "_"), TEXT_FIELDS, ids=[f[1] for f in TEXT_FIELDS])
def test_nul_and_control_characters_are_422_naming_the_field(hostile: Hostile, name: str, field: str, _: int) -> None:
    for value in ("Anna\x00Jansen", "\x00", "Anna\x1bJansen", "Anna\x7f"):
        body = body_with(**{name: value})
        answer = hostile.quote_request(json.dumps(hostile.fresh(body) if name != "form_token" else body).encode())
        assert field in [e["field"] for e in _error(answer, 422)["errors"]], (value, answer.text)
    assert _count(hostile) == 0


def test_lone_surrogates_escaped_in_json_are_400_in_every_text_field(hostile: Hostile) -> None:
    for name, _, _ in TEXT_FIELDS:
        for escape in ("\\ud800", "\\udfff", "\\udc00\\ud800", "Anna \\ud83d"):
            body = body_with(**{name: "SURROGATE"})
            body = body if name == "form_token" else hostile.fresh(body)
            raw = json.dumps(body).replace("SURROGATE", escape).encode()
            _error(hostile.quote_request(raw), 400)
    # A proper pair written as escapes is an ordinary character.
    raw = json.dumps(hostile.fresh(body_with(name="SURROGATE"))).replace("SURROGATE", "Anna \\ud83e\\ude9f").encode()
    answer = hostile.quote_request(raw)
    assert answer.status_code == 201
    assert hostile.get(f"/requests/{answer.json()['reference']}").json()["contact"]["name"] == "Anna 🪟"
