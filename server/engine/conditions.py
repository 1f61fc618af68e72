"""The declarative condition language, compiled once into plain closures.

A condition compiles to a :class:`Compiled`: a test ``State -> bool`` and the set of
things it reads (``opt:<group>``, ``prop:<name>``, ``dims``, ``sections``, ``layout``,
``qty``), so a change re-checks only the rules that read what changed. No strings of
code, no ``eval``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from server.engine.catalog import SECTION_FIGURES, Condition
from server.engine.state import State

__all__ = ["Compiled", "Test", "compile_condition", "figure_value"]

Test = Callable[[State], bool]

_OPS: dict[str, Callable[[Decimal | int, Decimal], bool]] = {
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge, "eq": operator.eq,
}


class Compiled(NamedTuple):
    """A compiled condition: the test and what it reads."""

    test: Test
    reads: frozenset[str]


def figure_value(state: State, figure: str, section: str | None) -> Decimal | int | None:
    """The current value of a figure; None when it names a section the layout lacks."""
    if figure in SECTION_FIGURES:
        sec = state.sections.get(section or "")
        if sec is None:
            return None
        if figure == "section_width_mm":
            return sec.width
        if figure == "section_height_mm":
            return sec.height
        return sec.area_m2
    return _FIGURES[figure](state)


_FIGURES: dict[str, Callable[[State], Decimal | int]] = {
    "width_mm": lambda s: s.width,
    "height_mm": lambda s: s.height,
    "area_m2": lambda s: s.area_m2,
    "perimeter_m": lambda s: s.perimeter_m,
    "quantity": lambda s: s.quantity,
    "sash_count": lambda s: s.sash_count,
    "section_count": lambda s: len(s.sections),
    "max_sash_width_mm": lambda s: s.max_sash_width,
    "max_sash_height_mm": lambda s: s.max_sash_height,
    "max_sash_area_m2": lambda s: s.max_sash_area,
    "max_sash_weight_kg": lambda s: s.max_sash_weight,
    "glass_mm": lambda s: s.props.get("glass_mm", Decimal(0)),
}

_FIGURE_READS: dict[str, frozenset[str]] = {
    "width_mm": frozenset({"dims"}), "height_mm": frozenset({"dims"}),
    "area_m2": frozenset({"dims"}), "perimeter_m": frozenset({"dims", "layout"}),
    "quantity": frozenset({"qty"}), "sash_count": frozenset({"sections"}),
    "section_count": frozenset({"layout"}),
    "max_sash_width_mm": frozenset({"sections", "dims"}),
    "max_sash_height_mm": frozenset({"sections", "dims"}),
    "max_sash_area_m2": frozenset({"sections", "dims"}),
    "max_sash_weight_kg": frozenset({"sections", "dims", "prop:glass_mm"}),
    "glass_mm": frozenset({"prop:glass_mm"}),
}
_SECTION_FIGURE_READS = frozenset({"sections", "dims", "layout"})


def compile_condition(cond: Condition) -> Compiled:
    """Compile ``cond`` (already validated by the catalog model) into a closure."""
    if cond.all is not None:
        parts = [compile_condition(c) for c in cond.all]
        tests = [p.test for p in parts]
        return Compiled(lambda s: all(t(s) for t in tests), _union(parts))
    if cond.any is not None:
        parts = [compile_condition(c) for c in cond.any]
        tests = [p.test for p in parts]
        return Compiled(lambda s: any(t(s) for t in tests), _union(parts))
    if cond.not_ is not None:
        inner = compile_condition(cond.not_)
        inner_test = inner.test
        return Compiled(lambda s: not inner_test(s), inner.reads)
    if cond.option is not None:
        group = cond.option
        reads = frozenset({f"opt:{group}"})
        if cond.equals is not None:
            want = cond.equals
            return Compiled(lambda s: s.options.get(group) == want, reads)
        allowed = frozenset(cond.in_ or ())
        return Compiled(lambda s: s.options.get(group) in allowed, reads)
    if cond.figure is not None:
        return _compile_figure(cond)
    if cond.layout_in is not None:
        layouts = frozenset(cond.layout_in)
        return Compiled(lambda s: s.layout in layouts, frozenset({"layout"}))
    if cond.any_opening_in is not None:
        openings = frozenset(cond.any_opening_in)
        return Compiled(lambda s: any(sec.opening in openings for sec in s.sections.values()),
                        frozenset({"sections", "layout"}))
    # A section condition: opening_in or fill.
    section = cond.section or ""
    reads = frozenset({"sections", "layout"})
    if cond.opening_in is not None:
        openings = frozenset(cond.opening_in)
        return Compiled(lambda s: (sec := s.sections.get(section)) is not None and sec.opening in openings,
                        reads)
    fill = cond.fill
    return Compiled(lambda s: (sec := s.sections.get(section)) is not None and sec.fill == fill, reads)


def _compile_figure(cond: Condition) -> Compiled:
    figure = cond.figure or ""
    section = cond.section
    reads = _SECTION_FIGURE_READS if figure in SECTION_FIGURES else _FIGURE_READS[figure]
    if cond.le_property is not None:
        prop = cond.le_property

        def test_prop(s: State) -> bool:
            value = figure_value(s, figure, section)
            return value is not None and value <= s.props.get(prop, Decimal(0))

        return Compiled(test_prop, reads | {f"prop:{prop}"})
    op_name, limit = next((name, getattr(cond, name)) for name in _OPS if getattr(cond, name) is not None)
    op = _OPS[op_name]
    if figure not in SECTION_FIGURES:
        getter = _FIGURES[figure]
        return Compiled(lambda s: op(getter(s), limit), reads)

    def test_section(s: State) -> bool:
        value = figure_value(s, figure, section)
        return value is not None and op(value, limit)

    return Compiled(test_section, reads)


def _union(parts: list[Compiled]) -> frozenset[str]:
    reads: set[str] = set()
    for part in parts:
        reads |= part.reads
    return frozenset(reads)
