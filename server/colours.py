"""Colour helpers shared by the hosted page, the back office and the e-mails."""

from __future__ import annotations

__all__ = ["contrast_ratio", "ink_on", "luminance"]


def luminance(colour: str) -> float:
    """The WCAG 2 relative luminance of ``colour`` (``#rgb`` or ``#rrggbb``), 0 (black) to 1 (white)."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink_on(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` (``#rgb`` or ``#rrggbb``, WCAG luminance)."""
    lum = luminance(colour)
    return "#111111" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"
