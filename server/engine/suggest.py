"""Suggested changes: from a broken rule, the smallest change that would satisfy it.

A suggestion is derived from the rule's ``require`` (e.g. ``area_m2 <= 4.5`` with the
current height gives ``{"width_mm": {"max": 2040}}``), or, when that would only undo the
choice being judged, from negating its ``when``. None when the rule allows no simple one.

No suggestion is a dead end: :func:`checked` keeps one only when the configuration it gives
(applied as the widget applies it, :func:`apply_change`) has fewer violations than before and
every size it proposes lies within that configuration's live limits (:mod:`server.engine.limits`,
the range the widget shows). :func:`fix` finds such a change for a field error (the price card's
button): the live limit of a size, another opening whose sash fits, what a rule asks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from server.engine.catalog import Condition
from server.engine.compiled import CompiledProduct, CompiledRule
from server.engine.configuration import Configuration, SectionChoice
from server.engine.limits import Span, is_empty, size_limits
from server.engine.money import ceil_to, floor_to
from server.engine.state import SectionState, State
from server.engine.validate import Violation, division_axis, normalise, sash_fits, violations

__all__ = ["apply_change", "checked", "fix", "suggest", "violation_count"]

Change = dict[str, Any]


def _bound(key: str, op: str, limit: Decimal, step: int) -> Change | None:
    if op in ("le", "lt"):
        top = limit - (step if op == "lt" else 0)
        return {key: {"max": floor_to(top, step)}}
    if op in ("ge", "gt"):
        low = limit + (step if op == "gt" else 0)
        return {key: {"min": ceil_to(low, step)}}
    return None


def _op(cond: Condition) -> tuple[str, Decimal] | None:
    for name in ("lt", "le", "gt", "ge", "eq"):
        value = getattr(cond, name)
        if value is not None:
            return name, value
    return None


def _other_value(cp: CompiledProduct, group: str, avoid: set[str]) -> str | None:
    default = cp.groups[group].default
    if default not in avoid:
        return default
    return next((v for v in cp.values[group] if v not in avoid), None)


def _from_require(cp: CompiledProduct, cond: Condition, state: State) -> Change | None:
    product = cp.product
    if cond.all is not None:
        merged: Change = {}
        for part in cond.all:
            found = _from_require(cp, part, state)
            if found:
                for key, value in found.items():
                    merged.setdefault(key, {}).update(value)
        return merged or None
    if cond.any is not None:
        return next((c for c in (_from_require(cp, p, state) for p in cond.any) if c), None)
    if cond.option is not None:
        if cond.equals is not None:
            return {"options": {cond.option: cond.equals}}
        return {"options": {cond.option: (cond.in_ or [""])[0]}} if cond.in_ else None
    if cond.not_ is not None:
        return _from_negation(cp, cond.not_, state)
    if cond.figure is not None:
        op = _op(cond)
        if cond.le_property is not None:
            return _stronger_property(cp, cond.le_property, state)
        if op is None:
            return None
        if cond.figure == "width_mm":
            return _bound("width_mm", op[0], op[1], product.width.step)
        if cond.figure == "height_mm":
            return _bound("height_mm", op[0], op[1], product.height.step)
        if cond.figure == "area_m2" and op[0] in ("le", "lt") and state.height > 0:
            return _bound("width_mm", op[0], op[1] * 1_000_000 / state.height, product.width.step)
        return None
    if cond.any_opening_in is not None:
        wanted = cond.any_opening_in
        for sid, sec in state.sections.items():
            node = cp.layout_leaves[state.layout][sid]
            choice = next((o for o in wanted if o in node.openings), None)
            if choice is not None and sec.opening != choice:
                return {"sections": {sid: {"opening": choice}}}
        return None
    return None


def _from_negation(cp: CompiledProduct, cond: Condition, state: State) -> Change | None:
    """A change that makes ``cond`` false."""
    if cond.option is not None:
        avoid = {cond.equals} if cond.equals is not None else set(cond.in_ or ())
        other = _other_value(cp, cond.option, avoid)
        return {"options": {cond.option: other}} if other else None
    if cond.any_opening_in is not None:
        avoid = set(cond.any_opening_in)
        change: dict[str, Any] = {}
        for sid, sec in state.sections.items():
            if sec.opening in avoid:
                node = cp.layout_leaves[state.layout][sid]
                alt = next((o for o in [node.default_opening or "", *node.openings] if o and o not in avoid),
                           None)
                if alt is None:
                    return None
                change[sid] = {"opening": alt}
        return {"sections": change} if change else None
    if cond.figure is not None:
        op = _op(cond)
        flipped = {"le": "gt", "lt": "ge", "ge": "lt", "gt": "le"}
        if op is None or op[0] not in flipped:
            return None
        name, limit = flipped[op[0]], op[1]
        negated = Condition(figure=cond.figure, section=cond.section,
                            lt=limit if name == "lt" else None, le=limit if name == "le" else None,
                            gt=limit if name == "gt" else None, ge=limit if name == "ge" else None)
        return _from_require(cp, negated, state)
    return None


def _stronger_property(cp: CompiledProduct, prop: str, state: State) -> Change | None:
    """Switch the group that supplies ``prop`` to the value that supplies the most of it."""
    for gid, by_value in cp.value_props.items():
        best = max(((v, props[prop]) for v, props in by_value.items() if prop in props),
                   key=lambda item: item[1], default=None)
        if best is not None and best[0] != state.options.get(gid):
            return {"options": {gid: best[0]}}
    return None


def _touches(change: Change, group: str | None, section: str | None) -> bool:
    if group is not None and group in change.get("options", {}):
        return True
    return section is not None and section in change.get("sections", {})


def suggest(cp: CompiledProduct, rule: CompiledRule, state: State,
            group: str | None = None, section: str | None = None) -> Change | None:
    """A change that satisfies ``rule`` in ``state`` without undoing the choice being judged."""
    change = _from_require(cp, rule.rule.require, state)
    if change and not _touches(change, group, section):
        return change
    if rule.rule.when is not None:
        change = _from_negation(cp, rule.rule.when, state)
        if change and not _touches(change, group, section):
            return change
    return None


_AXES = ("width_mm", "height_mm")


def apply_change(config: Configuration, change: Change, also: Change | None = None) -> Configuration:
    """``config`` with a suggested ``change`` (and the value that needed it, ``also``), as the widget applies it.

    As ``applyChange`` in ``widget/src/state.js``: another layout starts afresh; a size goes to the
    suggested min or max and its divisions back to the layout's defaults; options and sections merge.
    """
    also = also or {}
    if also.get("layout"):
        config = msgspec.structs.replace(config, layout=also["layout"], divisions={}, sections={})
    for axis in _AXES:
        bound = change.get(axis)
        if bound:
            value = bound["max"] if "max" in bound else bound["min"]
            config = msgspec.structs.replace(config, divisions={}, **{axis: int(value)})
    options = {**config.options, **change.get("options", {}), **also.get("options", {})}
    sections = dict(config.sections)
    for source in (change.get("sections", {}), also.get("sections", {})):
        for sid, patch in source.items():
            sections[sid] = msgspec.structs.replace(sections.get(sid, SectionChoice()), **patch)
    return msgspec.structs.replace(config, options=options, sections=sections)


def violation_count(cp: CompiledProduct, config: Configuration, lang: str) -> int:
    """How many things are wrong with ``config``: its input errors and its violations."""
    state, _, errors = normalise(cp, config, lang)
    return len(errors) + len(violations(cp, state, lang))


def checked(cp: CompiledProduct, config: Configuration, change: Change | None, lang: str, before: int,
            also: Change | None = None) -> Change | None:
    """``change`` when applying it (with ``also``) to ``config`` leaves fewer than ``before`` violations and
    each size it proposes lies within the live limits of the result; else None."""
    if not change:
        return None
    after = apply_change(config, change, also)
    state, _, errors = normalise(cp, after, lang)
    spans = dict(zip(_AXES, size_limits(cp, state), strict=True))
    for axis in _AXES:
        bound = change.get(axis)
        if bound:
            value = bound["max"] if "max" in bound else bound["min"]
            span = spans[axis]
            if is_empty(span) or not span.min <= value <= span.max:
                return None
    if len(errors) + len(violations(cp, state, lang)) >= before:
        return None
    return change


def _into(axis: str, size: int, span: Span) -> Change | None:
    """The nearest size within the live ``span``: ``{"width_mm": {"max": 1300}}``; None when it fits or none does."""
    if is_empty(span):
        return None
    if size > span.max:
        return {axis: {"max": span.max}}
    if size < span.min:
        return {axis: {"min": span.min}}
    return None


def _sizes(state: State, spans: dict[str, Span], axes: tuple[str, ...] = _AXES) -> list[Change]:
    found = [_into(axis, state.width if axis == "width_mm" else state.height, spans[axis]) for axis in axes]
    return [c for c in found if c]


def _fitting_openings(cp: CompiledProduct, state: State, sid: str) -> list[Change]:
    """Other openings of the section whose sash fits its size; those that open before fixed glass."""
    node = cp.layout_leaves[state.layout][sid]
    section = state.sections[sid]
    found: list[Change] = []
    for opening in sorted((o for o in node.openings if o != section.opening and o in cp.product.openings),
                          key=lambda o: o == "fixed"):
        if sash_fits(cp, SectionState(section.id, section.x, section.y, section.width, section.height, opening,
                                      section.fill, section.bars_rows, section.bars_columns)):
            found.append({"sections": {sid: {"opening": opening}}})
    return found


def _fitted(change: Change | None, spans: dict[str, Span]) -> Change | None:
    """A rule's size suggestion kept within the live limits (never "use 1500 mm" where 1300 is the most)."""
    if not change:
        return change
    for axis in _AXES:
        bound = change.get(axis)
        if bound:
            span = spans[axis]
            if is_empty(span):
                return None
            value = bound["max"] if "max" in bound else bound["min"]
            change = {**change, axis: {next(iter(bound)): max(span.min, min(span.max, value))}}
    return change


def candidates(cp: CompiledProduct, state: State, violation: Violation,
               rules: dict[str, CompiledRule]) -> list[Change]:
    """Changes that might settle ``violation``, the most likely first (:func:`checked` decides)."""
    spans = dict(zip(_AXES, size_limits(cp, state), strict=True))
    kind, _, rest = violation.key.partition(":")
    if kind == "range":
        return _sizes(state, spans, (rest,))
    if kind == "max-area":
        return _sizes(state, spans)
    if kind == "division":
        return _sizes(state, spans, (division_axis(cp, state.layout, rest),))
    if kind == "section-size":
        return _sizes(state, spans)
    if kind == "sash":
        sid = rest.split(":", 1)[0]
        return _fitting_openings(cp, state, sid) + _sizes(state, spans)
    if kind == "rule" and rest in rules:
        found = [_fitted(suggest(cp, rules[rest], state), spans)]
        return [c for c in found if c] + _sizes(state, spans)
    return []


def fix(cp: CompiledProduct, config: Configuration, state: State, violation: Violation, lang: str,
        before: int, also: Change | None = None, avoid: tuple[str | None, str | None] = (None, None)) -> Change | None:
    """The first candidate change for ``violation`` that :func:`checked` keeps, or None.

    ``avoid`` (a group, a section) leaves out changes that would undo the value being judged.
    """
    rules = {r.rule.id: r for r in cp.rules}
    for change in candidates(cp, state, violation, rules):
        if _touches(change, *avoid):
            continue
        found = checked(cp, config, change, lang, before, also)
        if found:
            return found
    return None
