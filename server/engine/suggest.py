"""Suggested changes: from a broken rule, the smallest change that would satisfy it.

A suggestion is derived from the rule's ``require`` (e.g. ``area_m2 <= 4.5`` with the
current height gives ``{"width_mm": {"max": 2040}}``), or, when that would only undo the
choice being judged, from negating its ``when``. None when the rule allows no simple one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.engine.catalog import Condition
from server.engine.compiled import CompiledProduct, CompiledRule
from server.engine.money import ceil_to, floor_to
from server.engine.state import State

__all__ = ["suggest"]

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
