"""Field checks shared by the spec Structs, raising ``ValueError`` with a clear message.

msgspec applies ``Meta`` constraints only while decoding; a Struct built directly in
Python skips them. The ``__post_init__`` hooks call these so the same limits hold both
ways, and decoding reports the failure with its path (``- at `$.sections[1]```).
"""

from __future__ import annotations

import re

__all__ = ["check_choice", "check_colour", "check_int", "check_text"]

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Control characters (and lone surrogates) cannot appear in XML at all.
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def check_int(where: str, value: object, lo: int, hi: int) -> None:
    """Require a whole number (not a bool) from ``lo`` to ``hi``."""
    if type(value) is not int:
        raise ValueError(f"{where}: expected an integer, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{where}: expected an integer from {lo} to {hi}, got {value}")


def check_choice(where: str, value: object, allowed: tuple[str, ...]) -> None:
    """Require one of ``allowed``."""
    if value not in allowed:
        raise ValueError(f"{where}: expected one of {', '.join(allowed)}; got {value!r}")


def check_colour(where: str, value: object, optional: bool = False) -> None:
    """Require ``#rrggbb`` (or None when ``optional``)."""
    if value is None and optional:
        return
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise ValueError(f'{where}: expected a colour as "#rrggbb", got {value!r}')


def check_text(where: str, value: object, limit: int, optional: bool = True) -> None:
    """Require a string of at most ``limit`` characters that XML can hold (or None)."""
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {value!r}")
    if len(value) > limit:
        raise ValueError(f"{where}: at most {limit} characters, got {len(value)}")
    if _BAD_TEXT.search(value):
        raise ValueError(f"{where}: contains control characters")
