"""A deadline for a whole network exchange, whatever the peer does.

A per-read timeout lets a peer that drips a byte every few seconds hold a sender for ever;
a watchdog that shuts the socket down at the deadline wakes a blocked connect, send or recv
at once. The webhook sender and the SMTP sender both use it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["socket_deadline"]


@contextmanager
def socket_deadline(seconds: float, sock_of: Callable[[], socket.socket | None]) -> Iterator[threading.Event]:
    """Shut down the socket ``sock_of()`` gives once ``seconds`` have passed inside the block.

    Yields an event that is set when the deadline struck, so the caller can tell a cut
    exchange from a peer's own error.
    """
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = sock_of()
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    watchdog = threading.Timer(seconds, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield expired
    finally:
        watchdog.cancel()
