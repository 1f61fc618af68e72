"""Colour helpers shared by the hosted page, the back office and the e-mails."""

from __future__ import annotations

__all__ = ["ink_on"]


def ink_on(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` (``#rgb`` or ``#rrggbb``, WCAG luminance)."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#111111" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"
