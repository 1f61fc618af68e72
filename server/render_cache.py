"""A bounded, per-process cache of rendered public drawings, keyed by their strong ETag.

The ETag already names everything a drawing depends on (catalog version, renderer code,
configuration, format, size, view, language), so an entry can never be stale; the cache
only saves work, and nothing depends on it being there (another worker simply renders again).
Least recently used entries are dropped once the total passes ``max_bytes``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["DEFAULT_MAX_BYTES", "RenderCache"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class RenderCache:
    """ETag -> rendered bytes, at most ``max_bytes`` in total; safe to share between threads."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        """The bytes rendered for ``etag``, or None."""
        with self._lock:
            body = self._entries.get(etag)
            if body is not None:
                self._entries.move_to_end(etag)
            return body

    def put(self, etag: str, body: bytes) -> None:
        """Keep ``body`` under ``etag``, dropping the least recently used entries to stay within bounds."""
        if len(body) > self.max_bytes // 4:
            return  # one huge drawing must not flush everything else
        with self._lock:
            old = self._entries.pop(etag, None)
            if old is not None:
                self._size -= len(old)
            self._entries[etag] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
