"""The login throttle: per (account, client address), growing delays, never a lock-out from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.backoffice.users import LOGIN_FREE_FAILURES, authenticate, create_user
from server.storage.db import connect, migrate
from tests.web.conftest import PASSWORD, Office, csrf_of, two_dealer_settings

ANNA = "anna@demo.example"
SECRET = "throttle-test-secret"


def test_delays_grow_per_account_and_address_and_a_success_clears_them(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    migrate(db)
    create_user(db, "demo", ANNA, password=PASSWORD)
    t0 = 1_000_000.0
    for i in range(LOGIN_FREE_FAILURES):  # the first five cost nothing
        assert authenticate(db, ANNA, "wrong", "10.0.0.1", t0 + i, SECRET, 2) == (None, None)
    last = t0 + LOGIN_FREE_FAILURES - 1
    # 2 s after the fifth failure: the right password too is refused, without being checked.
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 1, SECRET, 2) == (None, 1)
    assert authenticate(db, ANNA, "wrong", "10.0.0.1", last + 2, SECRET, 2) == (None, None)  # sixth failure
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 2 + 3, SECRET, 2) == (None, 1)  # now 4 s
    assert authenticate(db, ANNA, "wrong", "10.0.0.1", last + 2 + 4, SECRET, 2) == (None, None)  # seventh
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 6 + 1, SECRET, 2).retry_after == 7  # now 8 s
    # Meanwhile the same account from another address, and another account from this one, are not slowed.
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.2", last + 7, SECRET, 2).user is not None
    # After the delay the right password works, and clears the count for this address.
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 6 + 8, SECRET, 2).user is not None
    assert authenticate(db, ANNA, "wrong", "10.0.0.1", last + 15, SECRET, 2) == (None, None)
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 15, SECRET, 2).user is not None
    # The rows hold an HMAC of account and address, never either of them.
    stored = str(db.execute("SELECT * FROM login_failures").fetchall()) + str(
        db.execute("SELECT * FROM rate_limits").fetchall())
    assert "10.0.0.1" not in stored and ANNA not in stored
    keys = [r[0] for r in db.execute("SELECT key FROM login_failures")]
    assert all(re.fullmatch(r"[0-9a-f]{64}", k) for k in keys)
    db.conn.close()


def test_a_throttled_login_is_a_429_page_saying_when_to_try_again(tmp_path: Path, catalogs_dir: Path) -> None:
    settings = two_dealer_settings(tmp_path, catalogs_dir, login_delay_s=600)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        token = office.login_page_token()
        for _ in range(LOGIN_FREE_FAILURES):
            wrong = client.post("/admin/login", data={"csrf": token, "email": ANNA, "password": "wrong"})
            assert wrong.status_code == 400
        limited = client.post("/admin/login", data={"csrf": token, "email": ANNA, "password": PASSWORD})
        assert limited.status_code == 429
        assert 500 <= int(limited.headers["retry-after"]) <= 600
        assert "Probeer het over 10 minuten opnieuw" in limited.text
        assert "venster_session" not in limited.headers.get("set-cookie", "")
        # Another account from the same client still gets in.
        other = client.post("/admin/login", data={"csrf": token, "email": "otto@other.example",
                                                  "password": PASSWORD})
        assert other.url.path == "/admin/requests"


def _login(base: str, source: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=base, transport=httpx.HTTPTransport(local_address=source), timeout=30,
                      follow_redirects=True) as client:
        token = csrf_of(client.get("/admin/login").text)
        return client.post("/admin/login", data={"csrf": token, "email": ANNA, "password": password})


@pytest.fixture
def live_env() -> dict[str, str]:
    """An hour's delay, so the attacker's address is certainly still waiting when the test looks."""
    return {"VENSTER_LOGIN_DELAY_S": "3600"}


def test_an_attacker_elsewhere_cannot_lock_the_dealer_out(live_server: str, tmp_path: Path) -> None:
    attacker = "127.0.0.2"
    db = connect(tmp_path / "live.db")
    create_user(db, "demo", ANNA, password=PASSWORD)
    db.conn.close()
    for _ in range(LOGIN_FREE_FAILURES):
        assert _login(live_server, attacker, "guess").status_code == 400
    assert _login(live_server, attacker, PASSWORD).status_code == 429  # the attacker's own address waits
    mine = _login(live_server, "127.0.0.1", PASSWORD)  # the dealer, from their own address, gets in
    assert mine.status_code == 200 and mine.url.path == "/admin/requests"
