"""The editor's value images: upload one for an option value (checked like the logo), or take it away."""

from __future__ import annotations

__all__ = ["ROUTES"]

ROUTES: list[object] = []
