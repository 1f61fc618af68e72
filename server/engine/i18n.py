"""Languages the product speaks and picking a label in one of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

__all__ = ["LANGUAGES", "Lang", "pick"]

Lang = Literal["nl", "en", "de"]
LANGUAGES: tuple[str, ...] = ("nl", "en", "de")

# Catalog labels are keyed by ``Lang``, other tables by plain ``str``; a Mapping is invariant in
# its key, so pick is generic over it.
_Key = TypeVar("_Key", bound=str)


def pick(labels: Mapping[_Key, str], lang: str, fallback: str = "en") -> str:
    """The label in ``lang``, else in ``fallback``, else any label, else ``""``."""
    for wanted in (lang, fallback):
        for key, label in labels.items():
            if key == wanted:
                return label
    return next(iter(labels.values()), "")
