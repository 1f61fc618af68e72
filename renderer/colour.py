"""Colour arithmetic so outlines and symbols stay legible on any finish.

A white frame wants a mid-grey outline, an anthracite one a lighter line; symbols on
pale glass want a dark stroke, on a dark panel a light one. All of it is derived from
the finish's relative luminance, never from a fixed palette.
"""

from __future__ import annotations

__all__ = ["INK", "contrast_ink", "is_dark", "luminance", "mix", "outline_for"]

# The dark stroke used for symbols and dimension lines on light grounds.
INK = "#1d2327"
PAPER = "#ffffff"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour[1:7], 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _hex(r: float, g: float, b: float) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in (r, g, b)))


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (0 black .. 1 white)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = _rgb(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def is_dark(hex_colour: str) -> bool:
    """Whether dark ink would be hard to read on ``hex_colour``."""
    # 0.18 is where black and white text have equal contrast (WCAG).
    return luminance(hex_colour) < 0.18


def mix(a: str, b: str, t: float) -> str:
    """Blend ``a`` towards ``b`` by ``t`` (0 gives a, 1 gives b), as ``#rrggbb``."""
    ra, ga, ba = _rgb(a)
    rb, gb, bb = _rgb(b)
    return _hex(ra + (rb - ra) * t, ga + (gb - ga) * t, ba + (bb - ba) * t)


def outline_for(face: str) -> str:
    """The profile outline colour on a ``face`` finish: darker on light, lighter on dark."""
    if is_dark(face):
        return mix(face, PAPER, 0.45)
    # Light faces: a clearly darker line, but never pure black (it would look heavy).
    return mix(face, INK, 0.62)


def contrast_ink(ground: str) -> str:
    """The symbol stroke on ``ground``: dark ink on light grounds, near-white on dark ones."""
    return "#f4f6f7" if is_dark(ground) else INK
