"""Normalising a configuration and finding everything wrong with it.

:func:`normalise` turns what the homeowner sent into a :class:`State` (defaults filled,
sizes snapped to the step, divisions resolved to mm) and lists the input errors (unknown
ids). :func:`violations` lists what makes the normalised window impossible: size limits,
divisions, sash limits, the catalog's rules. Each violation carries a stable key so a
change can be judged by the violations it adds.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from server.engine.catalog import Node
from server.engine.compiled import CompiledProduct, CompiledRule
from server.engine.configuration import MAX_MM, Configuration
from server.engine.i18n import pick
from server.engine.layout import MIN_SECTION_MM, Geometry, division_limits, resolve
from server.engine.limits import Span, is_empty, size_limits
from server.engine.messages import Message, message, section_ref
from server.engine.money import round_half_up_int
from server.engine.state import SectionState, State, derive

__all__ = [
    "Violation", "division_axis", "division_message", "empty_note", "normalise", "rule_fails", "sash_fits",
    "sash_violations", "snap", "violations",
]

_HUNDREDTH = Decimal("0.01")


class Violation(NamedTuple):
    """One reason a configuration is not valid."""

    key: str
    field: str
    message: Message
    rule: str | None


def snap(value: int, minimum: int, step: int) -> int:
    """Snap ``value`` to the product's step grid (counted from ``minimum``), half up."""
    if step <= 1:
        return value
    return minimum + round_half_up_int(Decimal(value - minimum) / step) * step


def _bounded(mm: int) -> int:
    """A size within +-MAX_MM: the API refuses larger ones, but a direct caller may not, and
    Decimal arithmetic on 10^30 raises instead of giving the "too large" field error."""
    return max(-MAX_MM, min(MAX_MM, mm))


def normalise(cp: CompiledProduct, config: Configuration, lang: str) -> tuple[State, Geometry, list[Violation]]:
    """Fill defaults, snap sizes, resolve the layout; return the state and the input errors."""
    product = cp.product
    errors: list[Violation] = []
    width = _bounded(config.width_mm) if config.width_mm is not None else product.width.default
    height = _bounded(config.height_mm) if config.height_mm is not None else product.height.default
    width = snap(width, product.width.min, product.width.step)
    height = snap(height, product.height.min, product.height.step)
    layout_id = config.layout or cp.default_layout
    if layout_id not in cp.layouts:
        errors.append(Violation("unknown-layout", "layout", message("unknown_layout", value=layout_id), None))
        layout_id = cp.default_layout
    known_divisions = cp.layout_divisions[layout_id]
    given = {k: _bounded(v) for k, v in config.divisions.items() if k in known_divisions}
    # Geometry of impossible overall sizes is still resolved on a sane size so the
    # widget gets sections and limits to show next to the error.
    geo = resolve(cp.layouts[layout_id].root, max(width, 1), max(height, 1), given)
    leaves = cp.layout_leaves[layout_id]
    sections: dict[str, SectionState] = {}
    for sid in config.sections:
        if sid not in leaves:
            errors.append(Violation(f"unknown-section:{sid}", f"sections.{sid}",
                                    message("unknown_section", value=sid), None))
    for sid, leaf in geo.leaves.items():
        node = leaf.node
        choice = config.sections.get(sid)
        opening = (choice.opening if choice and choice.opening else None) or node.default_opening or node.openings[0]
        if opening not in node.openings or opening not in product.openings:
            known = product.opening(opening)
            errors.append(Violation(f"opening:{sid}", f"sections.{sid}.opening",
                                    message("opening_not_offered",
                                            value=pick(known.label, lang) if known is not None else opening), None))
            opening = node.default_opening or node.openings[0]
        fill = (choice.fill if choice and choice.fill else None) or node.fills[0]
        if fill not in node.fills:
            errors.append(Violation(f"fill:{sid}", f"sections.{sid}.fill", message("fill_not_offered"), None))
            fill = node.fills[0]
        rows = choice.bars.rows if choice and choice.bars else 0
        cols = choice.bars.columns if choice and choice.bars else 0
        if not (0 <= rows <= node.max_bars and 0 <= cols <= node.max_bars):
            errors.append(Violation(f"bars:{sid}", f"sections.{sid}.bars",
                                    message("bars_range", max=node.max_bars), None))
            rows, cols = 0, 0
        sections[sid] = SectionState(sid, leaf.x, leaf.y, leaf.width, leaf.height, opening, fill, rows, cols)
    options: dict[str, str] = {}
    for gid in config.options:
        if gid not in cp.groups:
            errors.append(Violation(f"unknown-group:{gid}", f"options.{gid}",
                                    message("unknown_group", value=gid), None))
    for gid, group in cp.groups.items():
        value = config.options.get(gid, group.default)
        if value not in cp.values[gid]:
            errors.append(Violation(f"unknown-value:{gid}", f"options.{gid}",
                                    message("unknown_value", value=value, group=pick(group.label, lang)),
                                    None))
            value = group.default
        options[gid] = value
    quantity = config.quantity
    if not 1 <= quantity <= 999:
        errors.append(Violation("quantity", "quantity", message("quantity_range"), None))
    state = State(product.id, width, height, layout_id, dict(geo.divisions), sections, options,
                  quantity, geo.inner_mm)
    return derive(state, cp.value_props), geo, errors


def rule_fails(rule: CompiledRule, state: State) -> bool:
    """True when the rule applies to ``state`` and its requirement does not hold."""
    return (rule.when is None or rule.when.test(state)) and not rule.require.test(state)


def _over(value: Decimal, limit: Decimal) -> Decimal:
    """A figure above ``limit`` as a message shows it (two decimals), never reading as the limit.

    Half up as usual; rounded up instead when half up would land on the limit or below it.
    """
    shown = value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    return shown if shown > limit else value.quantize(_HUNDREDTH, rounding=ROUND_CEILING)


def _sash_breaks(cp: CompiledProduct, section: SectionState) -> list[tuple[str, int | Decimal, int | Decimal]]:
    """The sash limits of the section's opening that its size breaks: (name, limit, figure)."""
    opening = cp.product.opening(section.opening)
    if opening is None:
        return []
    lim = opening.limits
    found: list[tuple[str, int | Decimal, int | Decimal]] = []
    if lim.min_width is not None and section.width < lim.min_width:
        found.append(("min_width", lim.min_width, section.width))
    if lim.max_width is not None and section.width > lim.max_width:
        found.append(("max_width", lim.max_width, section.width))
    if lim.min_height is not None and section.height < lim.min_height:
        found.append(("min_height", lim.min_height, section.height))
    if lim.max_height is not None and section.height > lim.max_height:
        found.append(("max_height", lim.max_height, section.height))
    if lim.max_area_m2 is not None and section.area_m2 > lim.max_area_m2:
        found.append(("max_area", lim.max_area_m2, _over(section.area_m2, lim.max_area_m2)))
    return found


def sash_fits(cp: CompiledProduct, section: SectionState) -> bool:
    """True when :func:`sash_violations` would find nothing (without writing the sentences)."""
    return (section.width >= MIN_SECTION_MM and section.height >= MIN_SECTION_MM
            and not _sash_breaks(cp, section))


def sash_violations(cp: CompiledProduct, section: SectionState, lang: str, layout: str) -> list[Violation]:
    """The sash limits of the section's opening type that its size breaks (``layout`` names it)."""
    found: list[Violation] = []
    field = f"sections.{section.id}.opening"
    if section.width < MIN_SECTION_MM or section.height < MIN_SECTION_MM:
        place = section_ref(cp.section_places[layout].get(section.id), section.id)
        found.append(Violation(f"section-size:{section.id}", field,
                               message("section_too_small", section=place,
                                       value=min(section.width, section.height)), "section-minimum"))
    breaks = _sash_breaks(cp, section)
    if breaks:
        opening = cp.product.opening(section.opening)
        assert opening is not None  # _sash_breaks found its limits
        name = pick(opening.label, lang)
        for limit_name, limit, value in breaks:
            found.append(Violation(
                # The opening is part of the key: another opening breaking its own limit adds a violation.
                f"sash:{section.id}:{section.opening}:{limit_name}", field,
                message(f"sash_{limit_name}", opening=name, limit=limit, value=value),
                f"opening.{section.opening}.{limit_name}",
            ))
    return found


def violations(cp: CompiledProduct, state: State, lang: str) -> list[Violation]:
    """Everything that makes the normalised ``state`` impossible, in a stable order."""
    product = cp.product
    found: list[Violation] = []
    spans = dict(zip(("width_mm", "height_mm"), size_limits(cp, state), strict=True))
    for axis, value, rng in (("width_mm", state.width, product.width), ("height_mm", state.height, product.height)):
        if not rng.min <= value <= rng.max:
            # The live range, as the size step's hint shows it (one source), or what to change.
            span = spans[axis]
            said = (empty_note(cp, state, axis) if is_empty(span)
                    else message("size_range", min=span.min, max=span.max))
            found.append(Violation(f"range:{axis}", axis, said, f"product.{axis}"))
    if product.max_area_m2 is not None and state.area_m2 > product.max_area_m2:
        shown = _over(state.area_m2, product.max_area_m2)
        found.append(Violation("max-area", "width_mm", message("max_area", max=product.max_area_m2, value=shown),
                               "product.max_area_m2"))
    divisions = cp.layout_divisions[state.layout]
    for did, size in state.divisions.items():
        division = divisions[did]
        lo = division.min or MIN_SECTION_MM
        hi = division.max
        if size < lo or (hi is not None and size > hi):
            found.append(Violation(f"division:{did}", f"divisions.{did}", division_message(cp, state, did, lang),
                                   f"division.{did}"))
    for section in state.sections.values():
        found.extend(sash_violations(cp, section, lang, state.layout))
    for rule in cp.rules:
        if rule_fails(rule, state):
            found.append(Violation(f"rule:{rule.rule.id}", rule.field,
                                   message("rule", text=pick(rule.rule.message, lang)), rule.rule.id))
    return found


def _division_message(cp: CompiledProduct, state: State, did: str) -> Message:
    """Where a division may go, in real numbers (only built when one is out of range).

    The range is the one the widget offers (``limits.divisions``: the division's own limits,
    the room the other parts leave and the chosen openings' sash limits). When the openings
    leave no room, the range without them; when even that is empty (the window is too small
    for it), the division's own limits.
    """
    geo = resolve(cp.layouts[state.layout].root, max(state.width, 1), max(state.height, 1), state.divisions)
    openings = {sid: s.opening for sid, s in state.sections.items()}
    for limits in (cp.product.openings, {}):
        lo, hi = division_limits(geo, openings, limits)[did]
        if lo.value <= hi.value:
            return message("division_range", min=lo.value, max=hi.value)
    division = cp.layout_divisions[state.layout][did]
    if division.max is not None:
        return message("division_range", min=division.min or MIN_SECTION_MM, max=division.max)
    return message("division_min", min=division.min or MIN_SECTION_MM)


def empty_note(cp: CompiledProduct, state: State, axis: str) -> Message:
    """Why no width (height) fits now and what to change, instead of an impossible range."""
    span = size_limits(cp, state)[0 if axis == "width_mm" else 1]
    return message("width_none" if axis == "width_mm" else "height_none", min=span.min, max=span.max)


def division_axis(cp: CompiledProduct, layout: str, did: str) -> str:
    """``width_mm`` for a division of a columns split, ``height_mm`` for one of rows."""

    def walk(node: Node) -> str | None:
        if any(d.id == did for d in node.divisions):
            return "width_mm" if node.split == "columns" else "height_mm"
        return next((found for part in node.parts if (found := walk(part)) is not None), None)

    return walk(cp.layouts[layout].root) or "width_mm"


def division_message(cp: CompiledProduct, state: State, did: str, lang: str) -> Message:
    """Where a division may go, or, when the window is too small for its layout, the size the layout needs."""
    spans = dict(zip(("width_mm", "height_mm"), size_limits(cp, state), strict=True))
    return _layout_message(cp, state, did, spans, lang) or _division_message(cp, state, did)


def _layout_message(cp: CompiledProduct, state: State, did: str, spans: dict[str, Span],
                    lang: str) -> Message | None:
    """"Drie vakken vraagt minstens 1.050 mm breedte": when the window is too small for its layout,
    that is what holds the division (the catalog's layout label, the live minimum)."""
    axis = division_axis(cp, state.layout, did)
    span = spans[axis]
    size = state.width if axis == "width_mm" else state.height
    if is_empty(span) or size >= span.min:
        return None
    label = pick(cp.layouts[state.layout].label, lang)
    return message("layout_needs_width" if axis == "width_mm" else "layout_needs_height", layout=label, min=span.min)
