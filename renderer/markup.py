"""Low-level SVG writing: number formatting, escaping and element builders.

Everything the renderer writes goes through these helpers, so two promises hold in
one place: numbers always have the same textual form (output is byte-for-byte
deterministic) and every piece of text is escaped (labels come from dealers and
homeowners and may hold anything).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _escape

__all__ = [
    "FONT",
    "attr",
    "fmt",
    "line",
    "path",
    "polygon",
    "rect",
    "text",
    "text_width",
    "xml_text",
]

# Arial in browsers; cairosvg only reads the first family and fontconfig maps Arial to
# the metric-compatible Liberation Sans, so text widths match our estimate everywhere.
FONT = "Arial, Liberation Sans, Helvetica, sans-serif"

# Characters XML 1.0 forbids; a single one makes the whole drawing unparseable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def fmt(value: float) -> str:
    """Format a coordinate in mm to 0.1 mm, without a trailing ``.0`` or a ``-0``."""
    s = f"{value:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def xml_text(value: str) -> str:
    """Escape ``value`` for element content, dropping characters XML cannot hold."""
    return _escape(_NOT_XML.sub("", value))


def attr(value: str) -> str:
    """Escape ``value`` for a double-quoted attribute (quotes not included)."""
    return _escape(_NOT_XML.sub("", value), _ATTR_ENTITIES)


def _extra(extra: str) -> str:
    return f" {extra}" if extra else ""


def rect(x: float, y: float, w: float, h: float, extra: str) -> str:
    """A ``<rect>``; ``extra`` holds ready-made presentation attributes."""
    return f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}"{_extra(extra)}/>'


def line(x1: float, y1: float, x2: float, y2: float, extra: str) -> str:
    """A ``<line>`` from (x1, y1) to (x2, y2)."""
    return f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}"{_extra(extra)}/>'


def polygon(points: list[tuple[float, float]], extra: str) -> str:
    """A closed ``<polygon>`` through ``points``."""
    pts = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    return f'<polygon points="{pts}"{_extra(extra)}/>'


def path(points: list[tuple[float, float]], extra: str) -> str:
    """An open polyline as a ``<path>`` (one ``M`` then ``L`` segments)."""
    first, *rest = points
    d = f"M{fmt(first[0])} {fmt(first[1])}" + "".join(f"L{fmt(x)} {fmt(y)}" for x, y in rest)
    return f'<path d="{d}"{_extra(extra)}/>'


def text(x: float, y: float, size: float, content: str, extra: str = "", *,
         anchor: str = "middle", rotate: bool = False) -> str:
    """A ``<text>`` whose baseline starts at (x, y); ``rotate`` turns it to read bottom-up."""
    transform = f' transform="rotate(-90 {fmt(x)} {fmt(y)})"' if rotate else ""
    return (f'<text x="{fmt(x)}" y="{fmt(y)}" font-family="{FONT}" font-size="{fmt(size)}" '
            f'text-anchor="{anchor}"{transform}{_extra(extra)}>{xml_text(content)}</text>')


def text_width(content: str, size: float) -> float:
    """Estimate the advance width of ``content`` at ``size`` (Arial metrics, generous)."""
    narrow = sum(1 for c in content if c in "1iIl.,:;'|!()[] ")
    return size * (0.56 * (len(content) - narrow) + 0.3 * narrow)
