"""Window handles at real size: a rosette on the sash and a lever, closed position."""

from __future__ import annotations

from renderer.geometry import HandleSpot
from renderer.markup import rect

__all__ = ["handle"]

# A common tilt-turn handle: 32 x 78 mm rosette, 18 mm lever (``HandleSpot.length`` long).
ROSETTE_W, ROSETTE_H, LEVER_W = 32.0, 78.0, 18.0


def handle(spot: HandleSpot, fill: str, outline: str, width: float) -> str:
    """A handle at ``spot``; the lever points down on stiles, sideways on rails."""
    paint = f'fill="{fill}" stroke="{outline}" stroke-width="{width:.2f}"'
    half = LEVER_W / 2
    length = spot.length
    if spot.lever == "down":
        rosette = rect(spot.x - ROSETTE_W / 2, spot.y - ROSETTE_H / 2, ROSETTE_W, ROSETTE_H,
                       f'rx="{ROSETTE_W / 2.4:.1f}" {paint}')
        lever = rect(spot.x - half, spot.y - half, LEVER_W, length + half, f'rx="{half:.1f}" {paint}')
    else:
        rosette = rect(spot.x - ROSETTE_H / 2, spot.y - ROSETTE_W / 2, ROSETTE_H, ROSETTE_W,
                       f'rx="{ROSETTE_W / 2.4:.1f}" {paint}')
        lever = rect(spot.x - length, spot.y - half, length + half, LEVER_W, f'rx="{half:.1f}" {paint}')
    return f'<g data-part="handle">{rosette}{lever}</g>'
