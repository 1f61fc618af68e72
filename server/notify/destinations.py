"""Where a webhook may go: only to public addresses, checked on save and again on send.

A dealer chooses the webhook URL and reads the delivery log, so without this check the
webhook is a way to probe the server's own network (loopback, private ranges, link-local,
cloud metadata at 169.254.169.254). The host is resolved once, every address it resolves
to must be public, and the sender then connects to exactly those addresses (never
resolving again), so a DNS answer that changes between check and connect (rebinding)
cannot swap in an internal address. ``VENSTER_WEBHOOK_ALLOW_PRIVATE=1`` turns the check
off, for development and tests with a receiver on loopback only.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple
from urllib.parse import urlsplit

__all__ = ["LOOKUP_TIMEOUT_S", "Destination", "DestinationError", "Resolver", "bounded_resolver", "is_public",
           "offline_problem", "resolve_destination", "system_resolver", "url_problem"]

# host, port -> the addresses (as text) the name resolves to; raises OSError when it does not resolve.
Resolver = Callable[[str, int], Sequence[str]]
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Public by ipaddress's registry but still not the open internet: shared carrier-grade NAT
# space is not always flagged, and these are listed explicitly so the rule reads in one place.
_NEVER = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4",
    "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b:1::/48",
    # IPv4-compatible (::a.b.c.d, so ::7f00:1 is 127.0.0.1 to some stacks), IPv4-translated and the
    # deprecated site-local range: none is the open internet, whatever the registry says.
    "::/96", "::ffff:0:0:0/96", "fec0::/10",
))
# A name lookup at save or send time waits at most this long; getaddrinfo itself has no timeout.
LOOKUP_TIMEOUT_S = 3.0
# Lookups run here, never on the caller's thread: a name server that never answers keeps at
# most this many threads busy, and nobody waits for it past their time limit.
_LOOKUPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="venster-dns")


class DestinationError(ValueError):
    """The URL may not be called; the message says why, in words a dealer understands.

    ``code`` is ``invalid`` (not an http(s) URL), ``credentials`` (a user name or password in
    it), ``unresolved`` (the name gives no address) or ``private`` (an address that is not public).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Destination(NamedTuple):
    """A checked webhook target: what to connect to and what to call it (Host header, SNI)."""

    scheme: str
    host: str
    port: int
    target: str  # path and query, as sent in the request line
    addresses: tuple[str, ...]


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to through the system's resolver (A and AAAA), in its order."""
    found: list[str] = []
    for _family, _type, _proto, _name, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in found:
            found.append(address)
    return found


def bounded_resolver(timeout_s: float | None = None, resolve: Resolver | None = None) -> Resolver:
    """A resolver that gives up after ``timeout_s`` (default :data:`LOOKUP_TIMEOUT_S`) with :class:`TimeoutError`.

    ``resolve`` defaults to :func:`system_resolver`, looked up at call time (tests replace it).
    A lookup that gives up keeps running in the pool until the system resolver returns.
    """
    def lookup(host: str, port: int) -> Sequence[str]:
        limit = LOOKUP_TIMEOUT_S if timeout_s is None else timeout_s
        chosen = resolve or system_resolver  # a module global, read at call time
        future = _LOOKUPS.submit(chosen, host, port)
        try:
            return future.result(timeout=max(0.0, limit))
        except TimeoutError:
            future.cancel()
            raise TimeoutError(f"no answer from the name servers within {limit:g} s") from None
    return lookup


def is_public(address: str | IpAddress) -> bool:
    """True when ``address`` is a globally routable unicast address (IPv4-mapped IPv6 judged as IPv4)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return is_public(embedded)
        if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64: judge the IPv4 address inside
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if any(ip in net for net in _NEVER if net.version == ip.version):
        return False
    return ip.is_global and not ip.is_multicast


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise DestinationError("invalid", "Expected an http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DestinationError("invalid", "Expected an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise DestinationError("credentials", "A webhook URL may not carry a user name or password")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), target


def resolve_destination(url: str, allow_private: bool = False, resolve: Resolver | None = None) -> Destination:
    """Check ``url`` and resolve its host once; raises :class:`DestinationError` naming the refused address.

    A literal IP address is judged as it is; a name is resolved once and every address it
    resolves to must be public (one internal address among public ones is refused too, since
    a sender could be steered to it).
    """
    scheme, host, port, target = _split(url)
    try:
        literal: IpAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = list((resolve or bounded_resolver())(host, port))
        except (OSError, UnicodeError) as exc:
            raise DestinationError("unresolved", f"The host {host} cannot be resolved ({exc})") from None
        if not addresses:
            raise DestinationError("unresolved", f"The host {host} cannot be resolved")
    if not allow_private:
        for address in addresses:
            try:
                public = is_public(address)
            except ValueError:
                public = False
            if not public:
                # A name's internal address is not shown: the log would map our network for the dealer.
                what = f"address {host} is" if literal is not None else f"host {host} resolves to an address that is"
                raise DestinationError("private", f"The webhook {what} not a public internet address; "
                                       "internal, loopback and link-local addresses are refused")
    return Destination(scheme, host, port, target, tuple(addresses))


def _no_lookup(host: str, _port: int) -> Sequence[str]:
    raise OSError(f"{host} is not looked up here")


def offline_problem(url: str, allow_private: bool = False) -> DestinationError | None:
    """What is wrong with ``url`` that needs no name lookup, or None.

    Not an http(s) URL, a user name or password in it, or a literal non-public IP address:
    the author's mistake, found the same everywhere. Where a *name* points is for the
    send-time check, since a dealer's DNS may change (or stop answering) at any moment.
    """
    try:
        resolve_destination(url, allow_private, _no_lookup)
    except DestinationError as exc:
        return None if exc.code == "unresolved" else exc
    return None


def url_problem(url: str, allow_private: bool = False, resolve: Resolver | None = None) -> str | None:
    """Why ``url`` may not be saved as a webhook, or None.

    A name that does not resolve (yet), or whose name servers do not answer within
    :data:`LOOKUP_TIMEOUT_S`, is accepted here: nothing internal can be reached through it,
    and it is checked again, with the address actually used, at every send.
    """
    try:
        resolve_destination(url, allow_private, resolve)
    except DestinationError as exc:
        if exc.code == "unresolved":
            return None
        return str(exc)
    return None
