"""Languages the product speaks and picking a label in one of them."""

from __future__ import annotations

from typing import Literal

__all__ = ["LANGUAGES", "Lang", "pick"]

Lang = Literal["nl", "en", "de"]
LANGUAGES: tuple[str, ...] = ("nl", "en", "de")


def pick(labels: dict[str, str], lang: str, fallback: str = "en") -> str:
    """The label in ``lang``, else in ``fallback``, else any label, else ``""``."""
    if lang in labels:
        return labels[lang]
    if fallback in labels:
        return labels[fallback]
    return next(iter(labels.values()), "")
