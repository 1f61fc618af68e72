"""One HTTP(S) POST to an address fixed in advance, with a deadline for the whole exchange.

Why not httpx: its timeouts are per read, so a receiver that drips a byte every few
seconds holds a sender forever; and it resolves the name itself, which would undo the
check of :mod:`server.notify.destinations`. Here the connection goes to the checked IP
address, the name is kept for the ``Host`` header, TLS SNI and certificate check, and a
watchdog shuts the socket at the deadline, whatever the receiver does.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Mapping

from server.notify.deadline import socket_deadline
from server.notify.destinations import Destination

__all__ = ["DeadlineExceeded", "post_pinned"]


class DeadlineExceeded(OSError):
    """The receiver did not answer completely before the deadline."""


class _NotConnected(OSError):
    """No connection was made to this address: the next one may be tried without sending twice."""


class _Pinned(http.client.HTTPConnection):
    """Plain HTTP to ``address`` while speaking to ``host``."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTls(http.client.HTTPSConnection):
    """HTTPS to ``address``; SNI and the certificate check use ``host``."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        # Kept here: HTTPSConnection keeps its context in a private attribute.
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _exchange(dest: Destination, address: str, body: bytes, headers: Mapping[str, str], deadline_s: float) -> int:
    kind = _PinnedTls if dest.scheme == "https" else _Pinned
    conn = kind(dest.host, dest.port, address, timeout=deadline_s)
    try:
        with socket_deadline(deadline_s, lambda: conn.sock) as expired:
            try:
                try:
                    conn.connect()
                except OSError as exc:
                    if expired.is_set():
                        raise
                    raise _NotConnected(f"{type(exc).__name__}: {exc}") from None
                conn.request("POST", dest.target, body=body, headers=dict(headers))
                answer = conn.getresponse()
                status = answer.status
                answer.read(65_536)  # a little of the body, to end the exchange politely; the rest is ignored
                return status
            except _NotConnected:
                raise
            except (OSError, http.client.HTTPException) as exc:
                if expired.is_set():
                    raise DeadlineExceeded(f"no complete answer within {deadline_s:g} s") from None
                raise OSError(f"{type(exc).__name__}: {exc}") from None
    finally:
        conn.close()


def post_pinned(dest: Destination, body: bytes, headers: Mapping[str, str], deadline_s: float) -> tuple[int, str]:
    """POST ``body`` to ``dest``, trying its checked addresses in order; (status, address used).

    Raises :class:`OSError` (or :class:`DeadlineExceeded`) when no address gave an answer;
    the whole call never takes much longer than ``deadline_s``.
    """
    end = time.monotonic() + deadline_s
    last: OSError = OSError("no address to connect to")
    for address in dest.addresses:
        left = end - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded(f"no complete answer within {deadline_s:g} s")
        try:
            return _exchange(dest, address, body, headers, left), address
        except _NotConnected as exc:
            last = OSError(f"{address}: {exc}")
    raise last
