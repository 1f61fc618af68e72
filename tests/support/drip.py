"""A TCP peer that answers one byte at a time: the slow endpoint every deadline is tested against."""

from __future__ import annotations

import socket
import threading
import time

__all__ = ["Drip"]


class Drip:
    """Accepts connections on loopback and sends ``payload`` a byte every ``interval_s``.

    ``read_first``: read the request before answering (an HTTP server) or not (an SMTP
    greeting); ``limit_s``: hang up after that long (``None``: drip until closed).
    ``connections`` counts connections accepted, ``open`` those still being dripped to.
    """

    def __init__(self, payload: bytes = b"HTTP/1.1 200 OK\r\n" * 10_000, interval_s: float = 0.2,
                 read_first: bool = True, limit_s: float | None = None) -> None:
        self.payload, self.interval_s, self.read_first, self.limit_s = payload, interval_s, read_first, limit_s
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self.open = 0
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._conns.append(conn)
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with self._lock:
            self.open += 1
        end = None if self.limit_s is None else time.monotonic() + self.limit_s
        try:
            if self.read_first:
                conn.recv(65536)
            for byte in self.payload:
                if self._stop.is_set() or (end is not None and time.monotonic() > end):
                    return
                conn.sendall(bytes([byte]))
                time.sleep(self.interval_s)
        except OSError:
            return  # the sender hung up
        finally:
            with self._lock:
                self.open -= 1
            conn.close()

    def close(self) -> None:
        """Stop accepting and hang up on everyone still being dripped to, at once."""
        self._stop.set()
        self.sock.close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already gone
