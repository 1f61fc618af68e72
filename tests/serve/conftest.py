"""Helpers for tests of ``venster serve`` as a process: clients with their own loopback address, a proxy."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

import httpx

from tests.conftest import ROOT, _free_port

API = "/api/v1/dealers/demo"


def client_from(address: str, base: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (any of 127/8 on Linux)."""
    return httpx.Client(base_url=base, transport=httpx.HTTPTransport(local_address=address), timeout=30)


@contextlib.contextmanager
def forwarding_proxy(upstream: str) -> Iterator[str]:
    """tests/support/forwarding_proxy.py in front of ``upstream``; yields the proxy's base URL."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.forwarding_proxy", str(port),
                             upstream.rsplit(":", 1)[1]], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
