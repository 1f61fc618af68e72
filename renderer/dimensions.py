"""Dimension lines in the architectural style: extension lines, oblique ticks, text above.

A row is a chain: the positions of its ticks in mm, with each gap's length written
over it. The overall dimension is the chain of just the two outer edges. The text of a
length comes from the caller (``label_of``): the renderer formats no length itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from renderer.markup import line, text, text_width

__all__ = ["horizontal_chain", "vertical_chain"]


def _fit(label: str, size: float, room: float, floor: float = 0.0) -> float:
    # Shrink text that would overrun its gap, but never below legibility (nor below ``floor``:
    # the smallest size that reads at the width the drawing is shown at).
    need = text_width(label, size)
    return size if need <= room * 0.9 else max(size * 0.6, size * room * 0.9 / need, floor)


def horizontal_chain(edges: Sequence[int], y: float, object_y: float, size: float,
                     ink: str, width: float, label_of: Callable[[int], str] = str, floor: float = 0.0) -> str:
    """A horizontal dimension row at ``y`` below an object whose lower edge is ``object_y``."""
    gap, over, tick = size * 0.3, size * 0.45, size * 0.28
    parts = [line(edges[0], y, edges[-1], y, "")]
    for x in edges:
        parts.append(line(x, object_y + gap, x, y + over, ""))
        parts.append(line(x - tick, y + tick, x + tick, y - tick, f'stroke-width="{width * 2.2:.2f}"'))
    labels = []
    for a, b in zip(edges, edges[1:], strict=False):
        label = label_of(b - a)
        labels.append(text((a + b) / 2, y - size * 0.35, _fit(label, size, b - a, floor), label))
    return (f'<g data-dimension="horizontal" stroke="{ink}" stroke-width="{width:.2f}">{"".join(parts)}'
            f'<g stroke="none" fill="{ink}">{"".join(labels)}</g></g>')


def vertical_chain(edges: Sequence[int], x: float, object_x: float, size: float,
                   ink: str, width: float, label_of: Callable[[int], str] = str, floor: float = 0.0) -> str:
    """A vertical dimension row at ``x`` right of an object whose right edge is ``object_x``.

    The text reads bottom-up and sits on the object's side of the line.
    """
    gap, over, tick = size * 0.3, size * 0.45, size * 0.28
    parts = [line(x, edges[0], x, edges[-1], "")]
    for y in edges:
        parts.append(line(object_x + gap, y, x + over, y, ""))
        parts.append(line(x - tick, y + tick, x + tick, y - tick, f'stroke-width="{width * 2.2:.2f}"'))
    labels = []
    for a, b in zip(edges, edges[1:], strict=False):
        label = label_of(b - a)
        labels.append(text(x - size * 0.35, (a + b) / 2, _fit(label, size, b - a, floor), label, rotate=True))
    return (f'<g data-dimension="vertical" stroke="{ink}" stroke-width="{width:.2f}">{"".join(parts)}'
            f'<g stroke="none" fill="{ink}">{"".join(labels)}</g></g>')
