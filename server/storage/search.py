"""Free-text search in SQL: the one way a typed search becomes a LIKE pattern."""

from __future__ import annotations

__all__ = ["like_pattern"]


def like_pattern(q: str) -> str:
    """``q`` as a case-folded ``LIKE ? ESCAPE '\\'`` pattern matching it anywhere (its ``%``, ``_`` and ``\\`` literal).

    At most 100 characters of the search count.
    """
    return "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")[:100] + "%"
