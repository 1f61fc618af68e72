"""Clients that trickle their headers or body are cut after VENSTER_HEADER_TIMEOUT_S / VENSTER_BODY_TIMEOUT_S.

A raw socket against a real ``venster serve``: one byte a second, as a slowloris attack
sends. The server is set to 2 s; the client keeps trickling for up to 20 s, so a server
without the deadline (today's) never closes and the test fails.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import running_server

LIMIT_S = 2
TRICKLE_FOR_S = 20


@pytest.fixture
def server(tmp_path: Path, catalogs_dir: Path):
    env = {"VENSTER_HEADER_TIMEOUT_S": str(LIMIT_S), "VENSTER_BODY_TIMEOUT_S": str(LIMIT_S), "VENSTER_OUTBOX": "0"}
    with running_server(tmp_path, catalogs_dir, env) as (base, _):
        yield base


def _trickle(base: str, data: bytes) -> tuple[int, bytes]:
    """Send ``data`` a byte a second until the server closes; (bytes sent before the close, what it answered)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=TRICKLE_FOR_S) as sock:
        sock.settimeout(1)
        answer, sent = b"", 0
        for byte in data[:TRICKLE_FOR_S]:
            try:
                sock.sendall(bytes([byte]))
                sent += 1
            except (BrokenPipeError, ConnectionResetError):
                return sent, answer
            try:
                chunk = sock.recv(4096)
            except TimeoutError:
                continue  # nothing yet: the server is still waiting for us
            except ConnectionResetError:
                return sent, answer
            if not chunk:
                return sent, answer  # closed
            answer += chunk
        return sent, answer


def test_headers_that_trickle_are_cut_with_a_408(server: str) -> None:
    sent, answer = _trickle(server, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100)
    # Cut after about LIMIT_S seconds: a few bytes, not the whole trickle.
    assert sent <= LIMIT_S + 2, sent
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_body_that_trickles_is_cut(server: str) -> None:
    head = (b"POST /api/v1/dealers/demo/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n")
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(head)  # the headers arrive at once; only the body trickles
        sock.settimeout(1)
        sent, closed = 0, False
        for _ in range(TRICKLE_FOR_S):
            try:
                sock.sendall(b" ")
                sent += 1
                closed = sock.recv(4096) == b""
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
            if closed:
                break
    assert closed and sent <= LIMIT_S + 2, sent


def test_a_kept_alive_connection_idle_past_the_header_limit_still_serves(server: str) -> None:
    # The header deadline runs while a request arrives, not while a connection rests between requests
    # (uvicorn's 5 s keep-alive limit covers that): a browser reusing its connection is not cut.
    with httpx.Client(base_url=server) as client:
        first = client.get("/health")
        time.sleep(LIMIT_S + 1)
        second = client.get("/health")
        assert (first.status_code, second.status_code) == (200, 200)
        assert client.get("/health").headers.get("connection") != "close"


def test_a_connection_that_sends_nothing_is_closed(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.settimeout(TRICKLE_FOR_S)  # a server without the deadline keeps it open past this: recv times out
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_request_head_growing_past_16_kib_is_refused(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=TRICKLE_FOR_S) as sock:
        # Never finished: h11 refuses a head that grows past its limit instead of buffering on.
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 ")
