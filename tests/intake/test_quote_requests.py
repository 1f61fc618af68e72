"""Quote-request intake: validation, server prices, one transaction, idempotency, spam defences."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.intake.conftest import URL, fresh_body


def _rows(settings: Settings, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(settings.db_path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_a_request_is_stored_complete_with_the_servers_prices(intake: TestClient, intake_settings: Settings,
                                                              catalogs_dir: Path) -> None:
    body = fresh_body(intake)
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "a1"})
    assert answer.status_code == 201, answer.text
    out = answer.json()
    assert re.fullmatch(r"DEMO-20[0-9]{2}-000001", out["reference"])
    evaluated = intake.post("/api/v1/dealers/demo/evaluate?lang=nl", json=body["items"][0]["configuration"]).json()
    assert out["items"][0]["price"] == evaluated["price"]
    assert out["totals"] == {"subtotal": evaluated["price"]["subtotal"], "vat": evaluated["price"]["vat"],
                             "total": evaluated["price"]["total"], "currency": "EUR",
                             "vat_breakdown": evaluated["price"]["vat_breakdown"]}
    [(ref, total, version, status, lang)] = _rows(
        intake_settings, "SELECT reference, total, catalog_version, status, lang FROM quote_requests")
    assert (ref, total, status, lang) == (out["reference"], evaluated["price"]["total"], "new", "nl")
    assert version == hashlib.sha256((catalogs_dir / "demo.toml").read_bytes()).hexdigest()
    assert _rows(intake_settings, "SELECT COUNT(*) FROM catalog_versions WHERE hash = ?", version) == [(1,)]
    [(position, note, price)] = _rows(intake_settings, "SELECT position, note, price FROM quote_items")
    assert (position, note) == (1, "kitchen") and '"total":"' + evaluated["price"]["total"] in price
    [(url, ver, opt_in, recorded)] = _rows(intake_settings, "SELECT notice_url, notice_version, marketing_opt_in, "
                                                            "recorded_at FROM privacy_records")
    # The dealer's configured notice (catalogs/demo.toml), not the URL the body claims.
    assert (url, ver, opt_in) == ("http://127.0.0.1:8000/site/privacy.html", "2026-01", 0)
    assert recorded.endswith("+00:00")
    assert _rows(intake_settings, "SELECT email, name, postcode FROM contacts") == [
        ("anna@example.nl", "Anna Jansen", "1016 BT")]
    jobs = _rows(intake_settings, "SELECT channel, event, status FROM outbox ORDER BY id")
    assert jobs == [("email", "request.created", "pending"), ("email", "request.created", "pending")]


def test_a_tampered_price_changes_nothing(intake: TestClient, intake_settings: Settings) -> None:
    body = fresh_body(intake)
    body["items"][0]["price"] = {"total": "1.00", "lines": []}
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "t1"})
    assert answer.status_code == 201
    honest = intake.post("/api/v1/dealers/demo/evaluate?lang=nl", json=body["items"][0]["configuration"]).json()
    assert answer.json()["totals"]["total"] == honest["price"]["total"] != "1.00"
    assert _rows(intake_settings, "SELECT total FROM quote_requests") == [(honest["price"]["total"],)]


def test_same_key_same_body_returns_the_first_answer(intake: TestClient, intake_settings: Settings) -> None:
    body = fresh_body(intake)
    first = intake.post(URL, json=body, headers={"Idempotency-Key": "same"})
    again = intake.post(URL, json=body, headers={"Idempotency-Key": "same"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert _rows(intake_settings, "SELECT COUNT(*) FROM quote_requests") == [(1,)]


def test_same_key_other_body_is_409(intake: TestClient, intake_settings: Settings) -> None:
    body = fresh_body(intake)
    assert intake.post(URL, json=body, headers={"Idempotency-Key": "k"}).status_code == 201
    answer = intake.post(URL, json={**body, "message": "changed"}, headers={"Idempotency-Key": "k"})
    assert answer.status_code == 409
    assert answer.json()["detail"] == "This Idempotency-Key was used with another body"
    assert _rows(intake_settings, "SELECT COUNT(*) FROM quote_requests") == [(1,)]


def test_missing_idempotency_key_is_400(intake: TestClient) -> None:
    answer = intake.post(URL, json=fresh_body(intake))
    assert answer.status_code == 400
    assert answer.json()["errors"] == [{"field": "Idempotency-Key", "message": "Required"}]


def test_every_field_error_at_once(intake: TestClient, intake_settings: Settings) -> None:
    body = fresh_body(intake, message="x" * 2001, lang="fr", website="http://spam.example")
    body["contact"].update(email="anna@", phone="call me", postcode="ABCD", street="", city="A\x00msterdam")
    body["items"].append({"configuration": {"product": "pvc-window", "width_mm": 9000}})
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "bad"})
    assert answer.status_code == 422
    fields = [e["field"] for e in answer.json()["errors"]]
    for expected in ("contact.email", "contact.phone", "contact.street", "contact.city", "contact.postcode",
                     "message", "lang", "website", "items[1].configuration.width_mm"):
        assert expected in fields, (expected, fields)
    assert _rows(intake_settings, "SELECT COUNT(*) FROM quote_requests") == [(0,)]


def test_every_type_error_at_once(intake: TestClient) -> None:
    body = fresh_body(intake, lang=7, items="many")
    body["contact"]["name"] = ["Anna"]
    body["contact"]["nickname"] = "A"
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "types"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "items", "message": "Expected `array`, got `str`"},
        {"field": "contact.nickname", "message": "Unknown field"},
        {"field": "contact.name", "message": "Expected `str`, got `array`"},
        {"field": "lang", "message": "Expected `str`, got `int`"},
    ]


@pytest.mark.parametrize(
    ("country", "postcode", "ok"),
    [("NL", "1016 BT", True), ("NL", "1016bt", True), ("NL", "0123 AB", False), ("NL", "10165", False),
     ("BE", "1000", True), ("BE", "100", False), ("DE", "10115", True), ("DE", "1011", False),
     ("FR", "75001", True)],
)
def test_postcodes_per_country(intake: TestClient, country: str, postcode: str, ok: bool) -> None:
    body = fresh_body(intake)
    body["contact"].update(country=country, postcode=postcode)
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": f"pc-{country}-{postcode}"})
    assert (answer.status_code == 201) is ok, answer.text
    if not ok:
        assert [e["field"] for e in answer.json()["errors"]] == ["contact.postcode"]


def test_an_impossible_item_names_the_item_and_field(intake: TestClient) -> None:
    body = fresh_body(intake)
    body["items"].append({"configuration": {"product": "pvc-window", "options": {"glazing": "gold"}}})
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "item"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "items[1].configuration.options.glazing",
                                        "message": "gold is geen keuze voor Beglazing."}]


def test_at_most_50_items(intake: TestClient) -> None:
    body = fresh_body(intake)
    body["items"] = body["items"] * 51
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "many"})
    assert answer.status_code == 422
    assert {"field": "items", "message": "At most 50 items"} in answer.json()["errors"]


def test_a_body_over_256_kb_is_413(intake: TestClient) -> None:
    body = fresh_body(intake, message="x" * 270_000)
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "huge"})
    assert answer.status_code == 413


def test_form_token_must_be_genuine_and_old_enough(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = Settings(db_path=tmp_path / "t.db", catalogs_dir=catalogs_dir, form_min_age_s=60, outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        body = fresh_body(client)
        answer = client.post(URL, json=body, headers={"Idempotency-Key": "young"})
        assert answer.status_code == 422
        assert answer.json()["errors"] == [{"field": "form_token",
                                            "message": "Sent too quickly; please try again in a moment"}]
        forged = body["form_token"].rsplit(".", 1)[0] + ".forged"
        answer = client.post(URL, json={**body, "form_token": forged}, headers={"Idempotency-Key": "forged"})
        assert answer.json()["errors"] == [{"field": "form_token", "message": "Invalid form token"}]


def test_form_token_expires_after_a_day() -> None:
    from server.messages import message
    from server.services.form_tokens import issue_token, token_code

    def token_problem(secret: str, dealer: str, token: str, now: float, min_age_s: int) -> str | None:
        code = token_code(secret, dealer, token, now, min_age_s)  # the code, in the API's words
        return None if code is None else message(code)

    token = issue_token("s", "demo", now=1_000_000)
    assert token_problem("s", "demo", token, now=1_000_010, min_age_s=3) is None
    assert token_problem("s", "demo", token, now=1_000_000 + 86_401, min_age_s=3) == (
        "The form has expired; please reload the page")
    assert token_problem("s", "other-dealer", token, now=1_000_010, min_age_s=3) == "Invalid form token"
    assert token_problem("t", "demo", token, now=1_000_010, min_age_s=3) == "Invalid form token"


def test_the_generated_secret_survives_a_restart(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = Settings(db_path=tmp_path / "s.db", catalogs_dir=catalogs_dir, form_min_age_s=0, outbox_worker=False)
    with TestClient(create_app(settings)) as first:
        body = fresh_body(first)
    with TestClient(create_app(settings)) as second:
        assert second.post(URL, json=body, headers={"Idempotency-Key": "r"}).status_code == 201


def test_honeypot_filled_is_refused(intake: TestClient) -> None:
    answer = intake.post(URL, json=fresh_body(intake, website="https://bot.example"),
                         headers={"Idempotency-Key": "bot"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "website", "message": "Must be empty"}]


def test_rate_limit_per_address_and_dealer(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = Settings(db_path=tmp_path / "r.db", catalogs_dir=catalogs_dir, form_min_age_s=0, outbox_worker=False,
                        rate_limit=2)
    with TestClient(create_app(settings)) as client:
        codes = [client.post(URL, json=fresh_body(client), headers={"Idempotency-Key": f"r{i}"}) for i in range(3)]
    assert [c.status_code for c in codes] == [201, 201, 429]
    assert 1 <= int(codes[2].headers["retry-after"]) <= 3600
    assert codes[2].json()["status"] == 429


def test_refused_attempts_count_towards_the_rate_limit_as_the_readme_says(tmp_path: Path,
                                                                         catalogs_dir: Path) -> None:
    """README: the limit counts every attempt from an address, refused (422) ones too.

    With a limit of 2, two refused requests (honeypot filled) use it up: a valid third gets 429.
    """
    settings = Settings(db_path=tmp_path / "r.db", catalogs_dir=catalogs_dir, form_min_age_s=0, outbox_worker=False,
                        rate_limit=2)
    with TestClient(create_app(settings)) as client:
        refused = [client.post(URL, json=fresh_body(client, website="https://bot.example"),
                               headers={"Idempotency-Key": f"bad{i}"}).status_code for i in range(2)]
        valid = client.post(URL, json=fresh_body(client), headers={"Idempotency-Key": "good"})
    assert refused == [422, 422]
    assert valid.status_code == 429
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "counted whether accepted or refused (a 422 counts too" in readme


def test_a_disallowed_origin_is_403_and_an_allowed_one_passes(intake: TestClient) -> None:
    body = fresh_body(intake)
    refused = intake.post(URL, json=body, headers={"Idempotency-Key": "o1", "Origin": "https://evil.example"})
    assert refused.status_code == 403
    allowed = intake.post(URL, json=body, headers={"Idempotency-Key": "o2", "Origin": "http://localhost:8000"})
    assert allowed.status_code == 201
    assert intake.get("/api/v1/dealers/demo/form-token", headers={"Origin": "https://evil.example"}).status_code == 403


def test_unknown_dealer_is_404(intake: TestClient) -> None:
    answer = intake.post("/api/v1/dealers/nobody/quote-requests", json=fresh_body(intake),
                         headers={"Idempotency-Key": "x"})
    assert answer.status_code == 404
