"""Layout geometry: a tree of rows and columns resolved to section rectangles in mm.

Division ``dN`` of a split is the size of the part before it; the last part takes the
rest. Sizes are integer mm; a fractional default is rounded half up.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from server.engine.catalog import Division, Node, Opening, OpeningType, is_opening_type, parse_fraction
from server.engine.money import round_half_up_int

__all__ = [
    "MIN_SECTION_MM", "Bound", "Geometry", "Leaf", "Split", "division_limits", "leaves", "resolve",
    "section_places",
]

MIN_SECTION_MM = 100  # below this no profile fits, whatever the catalog says
_INF = 10**9


class Leaf(NamedTuple):
    """A section's rectangle and its node."""

    node: Node
    x: int
    y: int
    width: int
    height: int


class Split(NamedTuple):
    """A resolved split: its axis size, its divisions and the parts' sizes."""

    node: Node
    size: int
    part_sizes: list[int]


class Geometry(NamedTuple):
    """A resolved layout."""

    leaves: dict[str, Leaf]
    divisions: dict[str, int]
    splits: list[Split]
    inner_mm: int


class Bound(NamedTuple):
    """One side of a range and what holds it there (section, opening) or None for the division."""

    value: int
    section: str | None
    opening: str | None
    limit_name: str


def leaves(node: Node) -> list[Node]:
    """The section nodes of a layout tree, left to right, top to bottom."""
    if node.section is not None:
        return [node]
    found: list[Node] = []
    for part in node.parts:
        found.extend(leaves(part))
    return found


def section_places(root: Node) -> dict[str, str]:
    """Where each section sits, as a word a homeowner knows, for the sections that have one.

    A section that is the whole window is ``window``; a part of a columns split is ``left``
    (first), ``right`` (last) or, the middle one of three, ``middle``; a part of a rows
    split is ``top``, ``bottom`` or ``middle``. Only the split a section is a direct part
    of counts, and a word two sections of the layout would share names neither of them:
    those (and the inner parts of four or more) have no place and keep their id.
    """
    found: dict[str, str] = {}

    def walk(node: Node, place: str | None) -> None:
        if node.section is not None:
            if place is not None:
                found[node.section] = place
            return
        first, last = ("left", "right") if node.split == "columns" else ("top", "bottom")
        count = len(node.parts)
        for i, part in enumerate(node.parts):
            if i == 0:
                walk(part, first)
            elif i == count - 1:
                walk(part, last)
            else:
                walk(part, "middle" if count == 3 else None)

    walk(root, "window")
    counts: dict[str, int] = {}
    for place in found.values():
        counts[place] = counts.get(place, 0) + 1
    return {sid: place for sid, place in found.items() if counts[place] == 1}


def division_nodes(node: Node) -> list[Division]:
    """Every division of a layout tree, in order."""
    found: list[Division] = list(node.divisions)
    for part in node.parts:
        found.extend(division_nodes(part))
    return found


def _default_size(division: Division, size: int) -> int:
    if isinstance(division.default, int):
        return division.default
    return round_half_up_int(parse_fraction(division.default) * Decimal(size))


def resolve(root: Node, width: int, height: int, given: dict[str, int]) -> Geometry:
    """Resolve ``root`` for an overall size; ``given`` division sizes win over defaults."""
    found_leaves: dict[str, Leaf] = {}
    divisions: dict[str, int] = {}
    splits: list[Split] = []
    inner = [0]

    def walk(node: Node, x: int, y: int, w: int, h: int) -> None:
        if node.section is not None:
            found_leaves[node.section] = Leaf(node, x, y, w, h)
            return
        columns = node.split == "columns"
        size = w if columns else h
        sizes: list[int] = []
        for division in node.divisions:
            value = given.get(division.id)
            if value is None:
                value = _default_size(division, size)
            divisions[division.id] = value
            sizes.append(value)
        sizes.append(size - sum(sizes))
        splits.append(Split(node, size, sizes))
        inner[0] += (len(node.parts) - 1) * (h if columns else w)
        offset = 0
        for part, part_size in zip(node.parts, sizes, strict=True):
            if columns:
                walk(part, x + offset, y, part_size, h)
            else:
                walk(part, x, y + offset, w, part_size)
            offset += part_size

    walk(root, 0, 0, width, height)
    return Geometry(found_leaves, divisions, splits, inner[0])


def _range(node: Node, columns_axis: bool, openings: dict[str, str],
           limits: Mapping[OpeningType, Opening]) -> tuple[Bound, Bound]:
    """The size range of ``node`` along one axis given the chosen openings."""
    if node.section is not None:
        opening = openings.get(node.section, "fixed")
        found = limits.get(opening) if is_opening_type(opening) else None
        lim = found.limits if found else None
        lo_v = (lim.min_width if columns_axis else lim.min_height) if lim else None
        hi_v = (lim.max_width if columns_axis else lim.max_height) if lim else None
        lo = Bound(max(lo_v or 0, MIN_SECTION_MM), node.section, opening,
                   "min_width" if columns_axis else "min_height")
        hi = Bound(hi_v if hi_v is not None else _INF, node.section, opening,
                   "max_width" if columns_axis else "max_height")
        return lo, hi
    ranges = [_range(p, columns_axis, openings, limits) for p in node.parts]
    along = (node.split == "columns") == columns_axis
    if along:
        # A part before a division is also held by the division's own min and max (a "three"
        # layout whose divisions start at 350 mm needs 1050 mm, whatever its openings allow).
        lows = [r[0].value for r in ranges]
        highs = [r[1].value for r in ranges]
        for i, division in enumerate(node.divisions):
            lows[i] = max(lows[i], division.min or 0)
            if division.max is not None:
                highs[i] = min(highs[i], division.max)
        lo_sum = sum(lows)
        hi_sum = min(_INF, sum(highs))
        return (Bound(lo_sum, None, None, "parts"), Bound(hi_sum, None, None, "parts"))
    lo = max((r[0] for r in ranges), key=lambda b: b.value)
    hi = min((r[1] for r in ranges), key=lambda b: b.value)
    return lo, hi


def node_range(node: Node, columns_axis: bool, openings: dict[str, str],
               limits: Mapping[OpeningType, Opening]) -> tuple[int, int]:
    """Smallest and largest size of ``node`` along an axis that its sections allow."""
    lo, hi = _range(node, columns_axis, openings, limits)
    return lo.value, hi.value


def division_limits(geometry: Geometry, openings: dict[str, str],
                    limits: Mapping[OpeningType, Opening]) -> dict[str, tuple[Bound, Bound]]:
    """For each division, the range it may move in with the others held, and what holds it."""
    result: dict[str, tuple[Bound, Bound]] = {}
    for split in geometry.splits:
        columns = split.node.split == "columns"
        part_ranges = [_range(p, columns, openings, limits) for p in split.node.parts]
        last_lo, last_hi = part_ranges[-1]
        for i, division in enumerate(split.node.divisions):
            others = sum(split.part_sizes[:-1]) - split.part_sizes[i]
            candidates_lo = [
                Bound(division.min or MIN_SECTION_MM, None, None, "division"),
                part_ranges[i][0],
                Bound(split.size - others - last_hi.value, last_hi.section, last_hi.opening,
                      last_hi.limit_name),
            ]
            candidates_hi = [
                Bound(division.max if division.max is not None else _INF, None, None, "division"),
                part_ranges[i][1],
                Bound(split.size - others - last_lo.value, last_lo.section, last_lo.opening,
                      last_lo.limit_name),
            ]
            lo = max(candidates_lo, key=lambda b: b.value)
            hi = min(candidates_hi, key=lambda b: b.value)
            result[division.id] = (lo, hi)
    return result


def default_minimum(node: Node, columns_axis: bool, openings: dict[str, str],
                    limits: Mapping[OpeningType, Opening]) -> Decimal:
    """The smallest size along an axis at which ``node`` with its divisions at their defaults gives
    every part its minimum (a "three" layout of thirds, each at least 350 mm: 1050 mm).

    A fraction's part grows with the size, a part given in mm does not; the last part takes the
    rest. A part that cannot reach its minimum at any size (a fixed default below it, or no share
    left) is left to the division's own range and does not count here.
    """
    if node.section is not None:
        return Decimal(_range(node, columns_axis, openings, limits)[0].value)
    needs = [default_minimum(p, columns_axis, openings, limits) for p in node.parts]
    if (node.split == "columns") != columns_axis:
        return max(needs)
    found = Decimal(0)
    fixed = Decimal(0)
    shares = Decimal(0)
    for division, need in zip(node.divisions, needs, strict=False):
        need = max(need, Decimal(division.min or 0))
        if isinstance(division.default, int):
            fixed += division.default
            continue
        share = parse_fraction(division.default)
        shares += share
        found = max(found, need / share)
    rest = 1 - shares
    if rest > 0:
        found = max(found, (needs[-1] + fixed) / rest)
    return max(found, fixed + needs[-1])
