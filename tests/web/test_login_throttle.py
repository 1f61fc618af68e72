"""The login throttle: growing delays per (account, address), per address and per known device; never a lock-out."""

from __future__ import annotations

import re
import threading
from http.cookiejar import Cookie
from pathlib import Path

import httpx
import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import TestClient

from server.app import create_app
from server.services import users
from server.services.users import (
    LOGIN_ADDRESS_MAX_DELAY_S,
    LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_FREE_FAILURES,
    LoginResult,
    authenticate,
    create_user,
    login_delay,
)
from server.storage.db import connect, migrate
from tests.web.conftest import PASSWORD, Office, csrf_of, two_dealer_settings

ANNA = "anna@demo.example"
BERT = "bert@demo.example"


def test_delays_grow_per_account_and_address_and_a_success_clears_them(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    migrate(db)
    create_user(db, "demo", ANNA, password=PASSWORD)
    create_user(db, "demo", BERT, password=PASSWORD)
    t0 = 1_000_000.0
    for i in range(LOGIN_FREE_FAILURES):  # the first five cost nothing
        assert authenticate(db, ANNA, "wrong", "10.0.0.1", t0 + i, delay_s=2) == (None, None, "")
    last = t0 + LOGIN_FREE_FAILURES - 1
    # 2 s after the fifth failure: the right password too is refused, without being checked.
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 1, delay_s=2) == (None, 1, "")
    assert authenticate(db, ANNA, "wrong", "10.0.0.1", last + 2, delay_s=2) == (None, None, "")  # sixth failure
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 2 + 3, delay_s=2) == (None, 1, "")  # now 4 s
    assert authenticate(db, ANNA, "wrong", "10.0.0.1", last + 2 + 4, delay_s=2) == (None, None, "")  # seventh
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 6 + 1, delay_s=2).retry_after == 7  # now 8 s
    # Meanwhile the same account from another address, and another account from this one, are not slowed.
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.2", last + 7, delay_s=2).user is not None
    assert authenticate(db, BERT, PASSWORD, "10.0.0.1", last + 7, delay_s=2).user is not None
    # After the delay the right password works, and clears the count for this address.
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 6 + 8, delay_s=2).user is not None
    assert authenticate(db, ANNA, "wrong", "10.0.0.1", last + 15, delay_s=2) == (None, None, "")
    assert authenticate(db, ANNA, PASSWORD, "10.0.0.1", last + 15, delay_s=2).user is not None
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


def _jar_cookie(client: TestClient, name: str) -> Cookie:
    found = [c for c in client.cookies.jar if c.name == name]
    assert len(found) == 1, f"expected one {name} cookie, got {found}"
    return found[0]


def test_a_stranger_on_the_same_address_cannot_stop_a_known_device(tmp_path: Path, catalogs_dir: Path) -> None:
    # Everyone comes from one address (the test client's), as behind an office NAT or without
    # VENSTER_TRUSTED_PROXIES; delays of ten minutes and more, so nothing runs out meanwhile.
    settings = two_dealer_settings(tmp_path, catalogs_dir, login_delay_s=600)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        first = office.login()  # Anna logged in from this browser before: it is a known device
        device = next(h for h in first.history[0].headers.get_list("set-cookie") if h.startswith("venster_device="))
        attributes = {part.strip().split("=")[0].lower(): part.strip() for part in device.split(";")}
        assert {"httponly", "path", "samesite", "max-age"} <= set(attributes)
        assert attributes["path"] == "Path=/admin" and attributes["samesite"].lower() == "samesite=strict"
        assert int(attributes["max-age"].split("=")[1]) >= 365 * 86_400
        assert ANNA not in device  # it names the (account, browser) pair by an HMAC, not by the e-mail
        known = _jar_cookie(client, "venster_device")
        client.cookies.clear()  # the stranger's browser: no session, no device cookie
        statuses = []
        for i in range(50):  # across many accounts, so no (account, address) pair is slowed
            token = office.login_page_token()
            statuses.append(client.post("/admin/login", data={"csrf": token, "email": f"guess{i}@demo.example",
                                                              "password": "wrong"}).status_code)
        assert statuses[:LOGIN_FAILURES_PER_ADDRESS] == [400] * LOGIN_FAILURES_PER_ADDRESS
        assert set(statuses[LOGIN_FAILURES_PER_ADDRESS:]) == {429}  # the address waits ...
        token = office.login_page_token()
        stranger = client.post("/admin/login", data={"csrf": token, "email": ANNA, "password": PASSWORD})
        # ... briefly: Anna without her cookie waits at most a minute, not 15 minutes or an hour.
        assert stranger.status_code == 429 and 1 <= int(stranger.headers["retry-after"]) <= LOGIN_ADDRESS_MAX_DELAY_S
        client.cookies.clear()
        client.cookies.jar.set_cookie(known)  # Anna's own browser, with its known-device cookie
        mine = client.post("/admin/login", data={"csrf": office.login_page_token(), "email": ANNA,
                                                 "password": PASSWORD})
        assert mine.status_code == 200 and mine.url.path == "/admin/requests"


def test_a_device_cookie_of_another_account_or_forged_does_not_exempt(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    migrate(db)
    create_user(db, "demo", ANNA, password=PASSWORD)
    create_user(db, "demo", BERT, password=PASSWORD)
    t0 = 2_000_000.0
    berts = authenticate(db, BERT, PASSWORD, "shared", t0, delay_s=600).device
    annas = authenticate(db, ANNA, PASSWORD, "shared", t0, delay_s=600).device
    for i in range(LOGIN_FAILURES_PER_ADDRESS):
        assert authenticate(db, f"guess{i}@demo.example", "wrong", "shared", t0 + 1, delay_s=600).user is None
    nonce = annas.split(".")[0]
    for cookie in (berts, f"{nonce}.{'0' * 64}", "", "garbage", "é.é"):
        assert authenticate(db, ANNA, PASSWORD, "shared", t0 + 2, delay_s=600, device=cookie).retry_after == 59
    again = authenticate(db, ANNA, PASSWORD, "shared", t0 + 2, delay_s=600, device=annas)
    assert again.user is not None and again.device == annas
    db.conn.close()


def test_without_a_known_device_the_address_delay_grows_but_stays_short(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    migrate(db)
    create_user(db, "demo", ANNA, password=PASSWORD)
    now, waits = 3_000_000.0, []
    for i in range(50):  # a stranger fails 50 times across accounts, each time as soon as allowed
        result = authenticate(db, f"guess{i}@demo.example", "wrong", "shared", now, delay_s=2)
        if result.retry_after is not None:
            waits.append(result.retry_after)
            now += result.retry_after
            result = authenticate(db, f"guess{i}@demo.example", "wrong", "shared", now, delay_s=2)
        assert result == (None, None, "")
    # 20 free, then 2, 4, 8, 16, 32 s, then never more than a minute.
    assert waits == [2, 4, 8, 16, 32] + [60] * 25
    wait = authenticate(db, ANNA, PASSWORD, "shared", now + 1, delay_s=2).retry_after
    assert wait == 59
    assert authenticate(db, ANNA, PASSWORD, "shared", now + 60, delay_s=2).user is not None
    db.conn.close()


@hypothesis.settings(max_examples=200, deadline=None)
@given(failures=st.integers(min_value=0, max_value=10_000), base=st.floats(min_value=0, max_value=86_400))
def test_the_address_delay_never_exceeds_a_minute_and_grows(failures: int, base: float) -> None:
    now = login_delay(failures, base, LOGIN_FAILURES_PER_ADDRESS, LOGIN_ADDRESS_MAX_DELAY_S)
    after = login_delay(failures + 1, base, LOGIN_FAILURES_PER_ADDRESS, LOGIN_ADDRESS_MAX_DELAY_S)
    assert 0 <= now <= after <= LOGIN_ADDRESS_MAX_DELAY_S
    assert (now == 0) == (failures < LOGIN_FAILURES_PER_ADDRESS or base == 0)


@pytest.mark.parametrize(("accounts", "allowed"), [(1, LOGIN_FREE_FAILURES), (40, LOGIN_FAILURES_PER_ADDRESS)])
def test_parallel_tries_get_no_more_password_checks_than_allowed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, accounts: int, allowed: int) -> None:
    path = tmp_path / "race.db"
    db = connect(path)
    migrate(db)
    create_user(db, "demo", ANNA, password=PASSWORD)
    db.conn.close()
    checks, lock = [], threading.Lock()
    real = users.verify_password

    def counting(password: str, stored: str) -> bool:
        with lock:
            checks.append(password)
        return real(password, stored)

    monkeypatch.setattr(users, "verify_password", counting)
    threads_n = 40
    start = threading.Barrier(threads_n)
    results: list[LoginResult] = []

    def attempt(i: int) -> None:
        own = connect(path)
        try:
            email = ANNA if accounts == 1 else f"guess{i}@demo.example"
            start.wait()
            result = authenticate(own, email, "wrong", "10.0.0.9", 4_000_000.0, delay_s=60)
            with lock:
                results.append(result)
        finally:
            own.conn.close()

    workers = [threading.Thread(target=attempt, args=(i,)) for i in range(threads_n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(results) == threads_n
    assert len(checks) == allowed  # the rest were refused before their password was looked at
    assert sum(r.retry_after is not None for r in results) == threads_n - allowed
