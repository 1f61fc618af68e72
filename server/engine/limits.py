"""The live limits of a window's overall size: the one source of every size range shown.

The widget's hint ("Van 400 tot 1.300 mm"), the size fields' min and max, the size error's
figures and the size a suggestion proposes all read :func:`size_limits`: the product's range
narrowed by the layout (its sections' sash limits for the chosen openings and its divisions'
own limits), the rules on the width and height that apply now, and the area limits (the
product's, a rule's, and a sash's that fills the whole window). A range may be empty (the
choices ask for more than they allow); :func:`is_empty` says so and the words say what to
change instead of an impossible "from 1.050 to 1.000 mm".
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from server.engine.catalog import Condition
from server.engine.compiled import CompiledProduct
from server.engine.layout import default_minimum, node_range, resolve
from server.engine.money import ceil_to, floor_to
from server.engine.state import State

__all__ = ["Span", "is_empty", "size_limits"]

_M2 = Decimal(1_000_000)


class Span(NamedTuple):
    """Where one overall size may go now, on the product's step grid."""

    min: int
    max: int
    step: int


def is_empty(span: Span) -> bool:
    """True when no size fits: the choices ask for more than they allow."""
    return span.min > span.max


def _tighten(lo: int, hi: int, cond: Condition) -> tuple[int, int]:
    if cond.le is not None:
        hi = min(hi, int(cond.le))
    if cond.lt is not None:
        hi = min(hi, int(cond.lt) - 1)
    if cond.ge is not None:
        lo = max(lo, int(cond.ge))
    if cond.gt is not None:
        lo = max(lo, int(cond.gt) + 1)
    return lo, hi


def _conditions_now(cp: CompiledProduct, state: State) -> Iterator[Condition]:
    """The figure conditions the rules require of ``state`` (the rules whose ``when`` holds now)."""
    for rule in cp.rules:
        if rule.when is not None and not rule.when.test(state):
            continue
        req = rule.rule.require
        yield from ([req] if req.all is None else req.all)


def _areas(cp: CompiledProduct, state: State) -> list[Decimal]:
    """Area limits (m²) on the whole window now: the product's, the rules' that apply, and the
    sash limit of a section that is the whole window (a single tilt-turn sash of at most 2.5 m²)."""
    product = cp.product
    areas = [product.max_area_m2] if product.max_area_m2 is not None else []
    for cond in _conditions_now(cp, state):
        if cond.figure == "area_m2":
            limit = cond.le if cond.le is not None else cond.lt
            if limit is not None:
                areas.append(limit)
    for section in state.sections.values():
        opening = product.opening(section.opening)
        if (opening is not None and opening.limits.max_area_m2 is not None
                and section.width == state.width and section.height == state.height):
            areas.append(opening.limits.max_area_m2)
    return areas


def _at_defaults(cp: CompiledProduct, state: State) -> bool:
    """True when every division sits where the layout puts it by default for this size."""
    if not state.divisions:
        return True
    geo = resolve(cp.layouts[state.layout].root, max(state.width, 1), max(state.height, 1), {})
    return geo.divisions == state.divisions


def size_limits(cp: CompiledProduct, state: State) -> tuple[Span, Span]:
    """The live width and height limits of ``state`` (each may be empty, see :func:`is_empty`)."""
    product = cp.product
    openings = {sid: s.opening for sid, s in state.sections.items()}
    root = cp.layouts[state.layout].root
    w_lo, w_hi = node_range(root, True, openings, product.openings)
    h_lo, h_hi = node_range(root, False, openings, product.openings)
    if _at_defaults(cp, state):
        # Divisions where the layout puts them: the window must be large enough for those (a
        # homeowner who moved one may go down to what the parts allow, ``node_range``).
        w_lo = max(w_lo, int(default_minimum(root, True, openings, product.openings).to_integral_value(ROUND_CEILING)))
        h_lo = max(h_lo, int(default_minimum(root, False, openings, product.openings).to_integral_value(ROUND_CEILING)))
    w_min, w_max = max(product.width.min, w_lo), min(product.width.max, w_hi)
    h_min, h_max = max(product.height.min, h_lo), min(product.height.max, h_hi)
    for cond in _conditions_now(cp, state):
        if cond.figure == "width_mm":
            w_min, w_max = _tighten(w_min, w_max, cond)
        elif cond.figure == "height_mm":
            h_min, h_max = _tighten(h_min, h_max, cond)
    w_step, h_step = product.width.step, product.height.step
    for area in _areas(cp, state):
        if state.height > 0:
            w_max = min(w_max, floor_to(area * _M2 / state.height, w_step))
        if state.width > 0:
            h_max = min(h_max, floor_to(area * _M2 / state.width, h_step))
    return (Span(ceil_to(Decimal(w_min), w_step), floor_to(Decimal(w_max), w_step), w_step),
            Span(ceil_to(Decimal(h_min), h_step), floor_to(Decimal(h_max), h_step), h_step))
