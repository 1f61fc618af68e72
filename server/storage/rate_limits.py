"""What a rate-limit row may say about a client: a keyed hash of its address, never the address.

The key is a server secret (``server_secrets``, shared by every worker), so the table cannot
be turned back into addresses by hashing all 2^32 IPv4 addresses, as a plain SHA-256 could.
Rows expire: :func:`server.storage.requests.hit_rate_limit` deletes those whose window has passed.

One client is one IPv4 address or one IPv6 /64: a single home or server gets a whole /64, so
counting each of its 2^64 addresses apart would give it an unlimited budget; and
``::ffff:a.b.c.d`` is the IPv4 client ``a.b.c.d`` seen through a dual-stack socket.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

import sqlite_utils

from server.storage.secrets import server_secret

__all__ = ["KEY_NAME", "client_key"]

KEY_NAME = "rate_limit_key"


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
    key = server_secret(db, KEY_NAME).encode()
    return hmac.new(key, _normalise_address(address).encode(), hashlib.sha256).hexdigest()[:32]
