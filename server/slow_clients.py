"""Cut clients that trickle: uvicorn's h11 protocol with a deadline for headers and for bodies.

uvicorn only times out idle keep-alive connections; a client that sends one header byte a
second, or a body slower still, holds a connection (and a worker slot) for ever. This
protocol gives each request ``header_timeout_s`` from its first byte (or from the connection)
to finish its headers, then ``body_timeout_s`` to finish its body; past either the
connection is closed (with a 408 when no response has started).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["PROTOCOL", "DeadlineH11Protocol"]

PROTOCOL = "server.slow_clients:DeadlineH11Protocol"  # for uvicorn.run(http=...): an import string survives spawning

_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                     b"content-length: 16\r\nconnection: close\r\n\r\nRequest Timeout\n")


@functools.cache
def _timeouts() -> tuple[float, float]:
    # Read in each worker process from the environment that `venster serve` filled in.
    from server.settings import settings_from_env

    settings = settings_from_env()
    return float(settings.header_timeout_s), float(settings.body_timeout_s)


class DeadlineH11Protocol(H11Protocol):
    """H11Protocol whose requests must arrive within ``VENSTER_HEADER_TIMEOUT_S`` and ``VENSTER_BODY_TIMEOUT_S``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout_s, self.body_timeout_s = _timeouts()
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: object = None  # h11.IDLE (headers) or h11.SEND_BODY (body) while a deadline runs

    # uvicorn hands its protocols a Transport (the base class allows any BaseTransport).
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # see above
        super().connection_made(transport)
        # A connection that sends nothing at all is cut like one that trickles.
        self._arm(h11.IDLE, self.header_timeout_s)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.IDLE:
            if self._waiting_for is not h11.IDLE:
                self._arm(h11.IDLE, self.header_timeout_s)  # the next request on a kept-alive connection
        elif state is h11.SEND_BODY:
            if self._waiting_for is not h11.SEND_BODY:
                self._arm(h11.SEND_BODY, self.body_timeout_s)
        else:
            self._disarm()  # the request is complete: the app's own time is not the client's

    def on_response_complete(self) -> None:
        self._disarm()
        super().on_response_complete()  # uvicorn's keep-alive timer now guards the idle connection

    def _arm(self, waiting_for: object, seconds: float) -> None:
        self._disarm()
        self._waiting_for = waiting_for
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        self._waiting_for = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(_TIMEOUT_RESPONSE)
        if self.cycle is not None:
            self.cycle.disconnected = True  # the app's receive() now reports a disconnect
        self.transport.close()
