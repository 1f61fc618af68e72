"""What a rate-limit row may say about a client: a keyed hash of its address, never the address.

The hash is :func:`server.storage.keyed_hash.keyed_hash` (purpose ``client``), so the table
cannot be turned back into addresses by hashing all 2^32 IPv4 addresses, as a plain SHA-256 could.
Rows expire: :func:`server.storage.requests.hit_rate_limit` deletes those whose window has passed.

One client is one IPv4 address or one IPv6 /64: a single home or server gets a whole /64, so
counting each of its 2^64 addresses apart would give it an unlimited budget; and
``::ffff:a.b.c.d`` is the IPv4 client ``a.b.c.d`` seen through a dual-stack socket.
"""

from __future__ import annotations

import ipaddress

import sqlite_utils

from server.storage.keyed_hash import keyed_hash, secret_name

__all__ = ["KEY_NAME", "client_key"]

KEY_NAME = secret_name("client")


IPV6_PREFIX = 64  # the network one subscriber or one server is given


def _normalise_address(addr: str) -> str:
    """The client ``addr`` stands for: IPv4 as is, IPv4-mapped IPv6 as its IPv4, other IPv6 as its /64.

    Text that is not an address (an empty client, a test client's name) is kept as it is.
    """
    try:
        ip = ipaddress.ip_address(addr.strip().split("%", 1)[0])  # a zone id names an interface, not a client
    except ValueError:
        return addr
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False))
    return str(ip)


def client_key(db: sqlite_utils.Database, address: str) -> str:
    """The HMAC-SHA256 of the client ``address`` stands for under the server's rate-limit key (hex, 32 characters).

    Call outside a write transaction: the key is created on first use.
    """
    return keyed_hash(db, "client", _normalise_address(address))[:32]
