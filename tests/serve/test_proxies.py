"""Behind a reverse proxy each homeowner is still one client: forwarded headers from trusted proxies only.

A real ``venster serve`` runs behind tests/support/forwarding_proxy.py (a separate process
that appends the peer to ``X-Forwarded-For``, as nginx does). Clients bind to their own
loopback addresses (127.0.0.2, 127.0.0.3, ...), so the server sees distinct peers.
"""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import httpx
import pytest

from server.settings import settings_from_env
from tests.conftest import running_server
from tests.intake.conftest import fresh_body
from tests.serve.conftest import API, client_from, forwarding_proxy

_keys = itertools.count()


def _send(client: httpx.Client, headers: dict[str, str] | None = None) -> int:
    body = fresh_body(client)
    answer = client.post(f"{API}/quote-requests", json=body,
                         headers={"Idempotency-Key": f"k{next(_keys)}", **(headers or {})})
    assert answer.status_code in (201, 429), answer.text
    return answer.status_code


@pytest.fixture
def proxied(tmp_path: Path, catalogs_dir: Path):
    """(server URL, proxy URL): a server trusting only 127.0.0.1 (the proxy), two quote requests an hour."""
    env = {"VENSTER_TRUSTED_PROXIES": "127.0.0.1/32", "VENSTER_RATE_LIMIT": "2", "VENSTER_OUTBOX": "0"}
    with running_server(tmp_path, catalogs_dir, env) as (base, _), forwarding_proxy(base) as proxy:
        yield base, proxy


def test_two_clients_behind_the_proxy_get_their_own_limits(proxied: tuple[str, str]) -> None:
    _, proxy = proxied
    with client_from("127.0.0.2", proxy) as anna, client_from("127.0.0.3", proxy) as bob:
        assert [_send(anna) for _ in range(3)] == [201, 201, 429]
        # Before the fix every client behind the proxy was the proxy: Bob got Anna's 429.
        assert _send(bob) == 201
        # Anna cannot escape her limit by making up an X-Forwarded-For: the proxy appends the real peer.
        assert _send(anna, {"X-Forwarded-For": "203.0.113.9"}) == 429


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing(proxied: tuple[str, str]) -> None:
    server, _ = proxied
    with client_from("127.0.0.4", server) as mallory:  # straight to the server, not through the proxy
        codes = [_send(mallory, {"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(3)]
    assert codes == [201, 201, 429]


def test_the_stored_request_holds_the_real_client_address(proxied: tuple[str, str], tmp_path: Path) -> None:
    _, proxy = proxied
    with client_from("127.0.0.5", proxy) as carla:
        assert _send(carla) == 201
    conn = sqlite3.connect(tmp_path / "live.db")
    stored = [r[0] for r in conn.execute("SELECT client_address FROM quote_requests")]
    conn.close()
    assert stored == ["127.0.0.5"]


def test_trusted_proxies_must_be_addresses_or_ranges(tmp_path: Path, catalogs_dir: Path) -> None:
    with pytest.raises(RuntimeError, match="VENSTER_TRUSTED_PROXIES: expected addresses or CIDR ranges, got 'nginx'"):
        with running_server(tmp_path, catalogs_dir, {"VENSTER_TRUSTED_PROXIES": "10.0.0.0/8, nginx"}):
            pass


def test_trusted_proxies_are_read_as_networks() -> None:
    settings = settings_from_env({"VENSTER_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8 ,,::1"})
    assert settings.trusted_proxies == ("127.0.0.1/32", "10.0.0.0/8", "::1/128")
    assert settings_from_env({}).trusted_proxies == ()  # empty by default: nobody is believed


def test_an_ipv6_64_is_one_client_and_ipv4_mapped_is_its_ipv4(tmp_path: Path, catalogs_dir: Path) -> None:
    # The test client is on 127.0.0.1, the trusted proxy, so X-Forwarded-For sets the peer the server sees.
    env = {"VENSTER_TRUSTED_PROXIES": "127.0.0.1/32", "VENSTER_RATE_LIMIT": "2", "VENSTER_OUTBOX": "0"}
    with running_server(tmp_path, catalogs_dir, env) as (base, _), httpx.Client(base_url=base, timeout=30) as client:
        def peer(address: str) -> dict[str, str]:
            return {"X-Forwarded-For": address}

        # One home's /64: a new interface id per request must not give a new budget.
        assert [_send(client, peer(a)) for a in ("2001:db8:1:2::1", "2001:db8:1:2::ffff:2",
                                                 "2001:db8:1:2:abcd:ef01:2345:6789")] == [201, 201, 429]
        assert _send(client, peer("2001:db8:1:3::1")) == 201  # the next /64 is someone else
        # The same IPv4 client seen through a dual-stack socket and directly shares one budget.
        assert [_send(client, peer(a)) for a in ("::ffff:198.51.100.7", "198.51.100.7",
                                                 "::ffff:198.51.100.7")] == [201, 201, 429]
