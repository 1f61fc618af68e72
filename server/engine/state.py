"""The engine's working view of one configuration: resolved sizes and derived figures.

A :class:`State` is built once per evaluation; availability checks copy it with one
change and re-derive only the figures (no re-parsing, no re-normalising).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["MM_PER_M", "SectionState", "State", "ValueProps", "derive", "with_opening", "with_option"]

MM_PER_M = Decimal(1000)
_M2 = Decimal(1_000_000)
_GLASS_KG_PER_M2_MM = Decimal("2.5")


@dataclass(slots=True, frozen=True)
class SectionState:
    """One section: its rectangle in the frame (mm, seen from outside) and what was chosen."""

    id: str
    x: int
    y: int
    width: int
    height: int
    opening: str
    fill: str
    bars_rows: int
    bars_columns: int

    @property
    def is_sash(self) -> bool:
        """True for anything that opens."""
        return self.opening != "fixed"

    @property
    def area_m2(self) -> Decimal:
        """Area of the section in m2."""
        return Decimal(self.width * self.height) / _M2

    @property
    def bar_fields(self) -> int:
        """Glazing-bar fields (panes) of the section; 0 without bars."""
        if not self.bars_rows and not self.bars_columns:
            return 0
        return (self.bars_rows + 1) * (self.bars_columns + 1)


@dataclass(slots=True)
class State:
    """A normalised configuration plus the figures rules and prices read."""

    product: str
    width: int
    height: int
    layout: str
    divisions: dict[str, int]
    sections: dict[str, SectionState]
    options: dict[str, str]
    quantity: int
    inner_mm: int = 0  # length of mullions and transoms, set by the layout geometry
    # Derived by derive(); read by conditions and prices.
    props: dict[str, Decimal] = field(default_factory=dict)
    area_m2: Decimal = Decimal(0)
    perimeter_m: Decimal = Decimal(0)
    frame_m: Decimal = Decimal(0)
    sash_count: int = 0
    max_sash_width: int = 0
    max_sash_height: int = 0
    max_sash_area: Decimal = Decimal(0)
    max_sash_weight: Decimal = Decimal(0)


ValueProps = dict[str, dict[str, dict[str, Decimal]]]


def _props(options: dict[str, str], value_props: ValueProps) -> dict[str, Decimal]:
    props: dict[str, Decimal] = {}
    for group, value in options.items():
        for name, number in value_props.get(group, {}).get(value, {}).items():
            props[name] = props.get(name, Decimal(0)) + number
    return props


def _derive_sashes(state: State) -> None:
    glass_mm = state.props.get("glass_mm", Decimal(0))
    count = 0
    max_w = max_h = 0
    max_area = max_weight = Decimal(0)
    for section in state.sections.values():
        if not section.is_sash:
            continue
        count += 1
        max_w = max(max_w, section.width)
        max_h = max(max_h, section.height)
        area = section.area_m2
        max_area = max(max_area, area)
        max_weight = max(max_weight, area * glass_mm * _GLASS_KG_PER_M2_MM)
    state.sash_count = count
    state.max_sash_width = max_w
    state.max_sash_height = max_h
    state.max_sash_area = max_area
    state.max_sash_weight = max_weight


def _copy_sizes(source: State, copy: State) -> None:
    copy.area_m2 = source.area_m2
    copy.frame_m = source.frame_m
    copy.perimeter_m = source.perimeter_m


def derive(state: State, value_props: ValueProps) -> State:
    """Fill the derived figures of ``state`` in place and return it.

    ``value_props`` maps group -> value -> numeric properties of the catalog's values.
    """
    state.props = _props(state.options, value_props)
    state.area_m2 = Decimal(state.width * state.height) / _M2
    state.frame_m = Decimal(2 * (state.width + state.height)) / MM_PER_M
    state.perimeter_m = state.frame_m + Decimal(state.inner_mm) / MM_PER_M
    _derive_sashes(state)
    return state


def with_option(state: State, group: str, value: str, value_props: ValueProps) -> State:
    """A copy of ``state`` with one option changed, figures re-derived.

    The sizes and sections are the same, so only the properties are summed again, and the
    sash figures only when the glass thickness (which the sash weight reads) changed.
    """
    options = dict(state.options)
    options[group] = value
    copy = State(state.product, state.width, state.height, state.layout, state.divisions,
                 state.sections, options, state.quantity, state.inner_mm)
    copy.props = _props(options, value_props)
    _copy_sizes(state, copy)
    if copy.props.get("glass_mm") == state.props.get("glass_mm"):
        copy.sash_count = state.sash_count
        copy.max_sash_width = state.max_sash_width
        copy.max_sash_height = state.max_sash_height
        copy.max_sash_area = state.max_sash_area
        copy.max_sash_weight = state.max_sash_weight
    else:
        _derive_sashes(copy)
    return copy


def with_opening(state: State, section_id: str, opening: str, value_props: ValueProps) -> State:
    """A copy of ``state`` with one section's opening type changed, figures re-derived.

    The options and sizes are the same, so only the sash figures are derived again.
    """
    sections = dict(state.sections)
    old = sections[section_id]
    sections[section_id] = SectionState(old.id, old.x, old.y, old.width, old.height, opening,
                                        old.fill, old.bars_rows, old.bars_columns)
    copy = State(state.product, state.width, state.height, state.layout, state.divisions,
                 sections, state.options, state.quantity, state.inner_mm)
    copy.props = state.props
    _copy_sizes(state, copy)
    _derive_sashes(copy)
    return copy
