"""One client for every per-address limit: an IPv4 address, or an IPv6 /64; IPv4-mapped IPv6 is its IPv4."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from server.storage.db import connect, migrate
from server.storage.rate_limits import _normalise_address, client_key

_v6 = st.integers(min_value=0, max_value=2**128 - 1).map(ipaddress.IPv6Address)
_v4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)
_host = st.integers(min_value=0, max_value=2**64 - 1)


@given(address=_v6, other_host=_host)
def test_every_address_of_one_ipv6_64_is_one_client(address: ipaddress.IPv6Address, other_host: int) -> None:
    if address.ipv4_mapped is not None:
        return  # judged as IPv4 below
    neighbour = ipaddress.IPv6Address((int(address) >> 64 << 64) | other_host)
    if neighbour.ipv4_mapped is not None:
        return
    assert _normalise_address(str(address)) == _normalise_address(str(neighbour))
    assert _normalise_address(neighbour.exploded.upper()) == _normalise_address(str(address))  # spelling is irrelevant


@given(address=_v6, network_bit=st.integers(min_value=64, max_value=127))
def test_different_ipv6_64s_are_different_clients(address: ipaddress.IPv6Address, network_bit: int) -> None:
    other = ipaddress.IPv6Address(int(address) ^ (1 << network_bit))  # flip one bit of the /64 prefix
    if address.ipv4_mapped is not None or other.ipv4_mapped is not None:
        return
    assert _normalise_address(str(address)) != _normalise_address(str(other))


@given(address=_v4)
def test_an_ipv4_mapped_address_is_its_ipv4_client(address: ipaddress.IPv4Address) -> None:
    assert _normalise_address(f"::ffff:{address}") == _normalise_address(str(address)) == str(address)


def test_the_keyed_hash_follows_the_client(tmp_path: Path) -> None:
    db = connect(tmp_path / "k.db")
    migrate(db)
    try:
        one = client_key(db, "2001:db8:1:2::1")
        assert client_key(db, "2001:db8:1:2:ffff:ffff:ffff:fffe") == one
        assert client_key(db, "2001:db8:1:3::1") != one
        assert client_key(db, "::ffff:198.51.100.7") == client_key(db, "198.51.100.7")
        assert client_key(db, "198.51.100.8") != client_key(db, "198.51.100.7")
        assert client_key(db, "testclient") == client_key(db, "testclient")  # not an address: kept as is
    finally:
        db.conn.close()
