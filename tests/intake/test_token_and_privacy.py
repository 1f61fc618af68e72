"""A form token makes one request (across workers); the privacy record is the dealer's notice, not the client's."""

from __future__ import annotations

import copy
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from server.storage.db import connect
from tests.intake.conftest import BODY, URL, fresh_body

USED = "This form was already sent; reload the page to send another request"


def test_a_second_request_with_the_same_token_is_refused(intake: TestClient) -> None:
    body = fresh_body(intake)
    first = intake.post(URL, json=body, headers={"Idempotency-Key": "first"})
    assert first.status_code == 201
    other = copy.deepcopy(body)
    other["message"] = "Een tweede aanvraag met hetzelfde formulier."
    second = intake.post(URL, json=other, headers={"Idempotency-Key": "second"})
    assert second.status_code == 422
    assert second.json() == {"status": 422, "detail": "The quote request has errors",
                             "errors": [{"field": "form_token", "message": USED}]}
    # The same body again under a new key is a second request too.
    again = intake.post(URL, json=body, headers={"Idempotency-Key": "third"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "form_token"
    # A fresh token works.
    assert intake.post(URL, json=fresh_body(intake), headers={"Idempotency-Key": "fourth"}).status_code == 201


def test_an_idempotent_retry_still_gets_the_first_answer(intake: TestClient) -> None:
    body = fresh_body(intake)
    first = intake.post(URL, json=body, headers={"Idempotency-Key": "retry-me"})
    assert first.status_code == 201
    retry = intake.post(URL, json=body, headers={"Idempotency-Key": "retry-me"})
    assert retry.status_code == 201 and retry.content == first.content


def test_a_twin_that_lands_between_the_first_look_and_the_token_check_gets_the_twins_answer(
        intake: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race of two sends with one key: the second's first look finds nothing yet, then the
    first lands (marking the token used); the second must answer as the first, not refuse the token."""
    import server.services.intake as service

    body = fresh_body(intake)
    first = intake.post(URL, json=body, headers={"Idempotency-Key": "twin"})
    assert first.status_code == 201
    real = service.find_idempotent
    looks: list[int] = []

    def first_look_misses(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the storage function's own signature
        looks.append(1)
        return None if len(looks) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(service, "find_idempotent", first_look_misses)
    twin = intake.post(URL, json=body, headers={"Idempotency-Key": "twin"})
    assert twin.status_code == 201 and twin.content == first.content
    assert len(looks) == 2  # the token check looked again
    # Another body under the same key, in the same race, is still the key's conflict.
    looks.clear()
    other = copy.deepcopy(body)
    other["message"] = "Iets anders."
    assert intake.post(URL, json=other, headers={"Idempotency-Key": "twin"}).status_code == 409


def test_the_privacy_record_is_the_dealers_notice_whatever_the_client_sends(intake: TestClient,
                                                                            intake_settings) -> None:
    body = fresh_body(intake)
    body["privacy"] = {"notice_url": "https://attacker.example/nothing-agreed", "notice_version": "1999-01",
                       "marketing_opt_in": True}
    answer = intake.post(URL, json=body, headers={"Idempotency-Key": "privacy"})
    assert answer.status_code == 201
    db = connect(intake_settings.db_path)
    try:
        row = db.execute("SELECT notice_url, notice_version, marketing_opt_in FROM privacy_records").fetchone()
    finally:
        db.conn.close()
    # catalogs/demo.toml: privacy_notice_url and privacy_notice_version; the opt-in is the homeowner's own.
    assert tuple(row) == ("http://127.0.0.1:8000/site/privacy.html", "2026-01", 1)


@pytest.fixture
def live_env() -> dict[str, str]:
    """Two worker processes on one SQLite file: the used token must be refused by the other one too."""
    return {"VENSTER_WORKERS": "2"}


def test_one_token_makes_one_request_across_workers(live_server: str, tmp_path: Path) -> None:
    token = httpx.get(f"{live_server}/api/v1/dealers/demo/form-token").json()["form_token"]

    def send(n: int) -> httpx.Response:
        body = {**copy.deepcopy(BODY), "form_token": token, "message": f"Versie {n}"}
        # A new connection each time, so the requests spread over both workers.
        return httpx.post(f"{live_server}{URL}", json=body, headers={"Idempotency-Key": f"many-{n}"}, timeout=30)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(send, range(6)))
    assert sorted(a.status_code for a in answers) == [201, 422, 422, 422, 422, 422]
    assert all(a.json()["errors"] == [{"field": "form_token", "message": USED}]
               for a in answers if a.status_code == 422)
    conn = sqlite3.connect(tmp_path / "live.db")
    assert conn.execute("SELECT COUNT(*) FROM quote_requests").fetchone() == (1,)
    conn.close()
