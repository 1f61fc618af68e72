"""The renderer's one exception type."""

from __future__ import annotations

__all__ = ["RenderError"]


class RenderError(ValueError):
    """A request the renderer refuses: out-of-range sizes, or a document it will not draw.

    A ``ValueError`` so callers that already map bad input to a 4xx answer need nothing new.
    """
