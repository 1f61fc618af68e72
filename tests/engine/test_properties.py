"""Invariants of the engine, checked with hypothesis on the demo and the full test catalog."""

from __future__ import annotations

from decimal import Decimal

import msgspec
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from server.engine.catalog import decode_catalog
from server.engine.compiled import CompiledCatalog, compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import Evaluation, evaluate
from server.engine.state import State, derive, with_opening, with_option
from server.engine.validate import normalise
from tests.engine.conftest import DEMO, FULL

CATALOGS = {
    "demo": compile_catalog(decode_catalog(DEMO.read_text(), "demo.toml")),
    "full": compile_catalog(decode_catalog(FULL.read_text(), "full.toml")),
}
PRODUCTS = [(name, p.id) for name, cc in CATALOGS.items() for p in cc.catalog.products]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def starts(draw: st.DrawFn) -> tuple[CompiledCatalog, Configuration]:
    """A product of either catalog, a layout and a size within the product's range."""
    name, product_id = draw(st.sampled_from(PRODUCTS))
    cc = CATALOGS[name]
    product = cc.products[product_id].product
    layout = draw(st.sampled_from([lay.id for lay in product.layouts]))
    width = draw(st.integers(product.width.min, product.width.max))
    height = draw(st.integers(product.height.min, product.height.max))
    return cc, Configuration(product=product_id, layout=layout, width_mm=width, height_mm=height)


def _choices(ev: Evaluation, available: bool) -> list[tuple[str, str, str]]:
    found = [("option", g, v) for g, values in ev.options.items() for v, a in values.items()
             if a.available == available and ev.configuration.options[g] != v]
    found += [("opening", s, o) for s, sec in ev.sections.items() for o, a in sec.openings.items()
              if a.available == available and ev.configuration.sections[s].opening != o]
    found += [("layout", lay, "") for lay, a in ev.layouts.items()
              if a.available == available and ev.configuration.layout != lay]
    return found


def _apply(config: Configuration, kind: str, key: str, value: str) -> Configuration:
    if kind == "option":
        return msgspec.structs.replace(config, options={**config.options, key: value})
    if kind == "opening":
        old = config.sections[key]
        return msgspec.structs.replace(config, sections={**config.sections,
                                                         key: msgspec.structs.replace(old, opening=value)})
    return Configuration(product=config.product, width_mm=config.width_mm, height_mm=config.height_mm,
                         layout=key, options=config.options, quantity=config.quantity)


@SETTINGS
@given(start=starts(), data=st.data())
def test_clicking_only_available_choices_never_reaches_an_invalid_window(start, data) -> None:
    cc, config = start
    ev = evaluate(cc, config, "en")
    assume(ev.valid)
    for _ in range(12):
        choices = _choices(ev, available=True)
        if not choices:
            break
        kind, key, value = data.draw(st.sampled_from(choices))
        ev = evaluate(cc, _apply(ev.configuration, kind, key, value), "en")
        assert ev.valid, (kind, key, value, ev.errors)


@SETTINGS
@given(start=starts(), data=st.data())
def test_forcing_an_unavailable_choice_gives_the_error_it_announced(start, data) -> None:
    cc, config = start
    ev = evaluate(cc, config, "en")
    blocked = _choices(ev, available=False)
    assume(blocked)
    kind, key, value = data.draw(st.sampled_from(blocked))
    announced = (ev.options[key][value] if kind == "option" else
                 ev.sections[key].openings[value] if kind == "opening" else ev.layouts[key])
    assert announced.reason and announced.rule
    forced = evaluate(cc, _apply(ev.configuration, kind, key, value), "en")
    assert not forced.valid
    assert announced.reason in [e.message for e in forced.errors]  # the same code and figures


@SETTINGS
@given(start=starts())
def test_a_layouts_suggested_openings_leave_fewer_violations_than_the_layout_alone(start) -> None:
    cc, config = start
    ev = evaluate(cc, config, "en")
    assume(ev.valid)
    changes = {lay: a.change for lay, a in ev.layouts.items() if not a.available and a.change}
    for layout, change in changes.items():
        # Since issue 16 a layout may also offer a size (the width it needs); such a change is held
        # to "fewer violations, within the live limits" by tests/engine/test_suggestions.py. Openings
        # alone are held to the same rule (issue 16): a rule on the new layout's size may remain
        # (hypothesis found 2251 x 2500 mm, "pair" with a fixed left light: "Too large a window").
        if set(change) != {"sections"}:
            continue
        alone = evaluate(cc, _apply(ev.configuration, "layout", layout, ""), "en")
        sections = {sid: SectionChoice(opening=c["opening"]) for sid, c in change["sections"].items()}
        after = evaluate(cc, msgspec.structs.replace(_apply(ev.configuration, "layout", layout, ""),
                                                     sections=sections), "en")
        assert len(after.errors) < len(alone.errors), (layout, change, after.errors)


def _figures(state: State) -> tuple[object, ...]:
    return (state.props, state.area_m2, state.perimeter_m, state.frame_m, state.sash_count, state.max_sash_width,
            state.max_sash_height, state.max_sash_area, state.max_sash_weight)


@SETTINGS
@given(start=starts(), data=st.data())
def test_copies_with_one_change_derive_the_same_figures_as_from_scratch(start, data) -> None:
    cc, config = start
    cp = cc.products[config.product]
    state, _, _ = normalise(cp, config, "en")
    group = data.draw(st.sampled_from(sorted(cp.values)))
    value = data.draw(st.sampled_from(sorted(cp.values[group])))
    changed = with_option(state, group, value, cp.value_props)
    assert _figures(changed) == _figures(derive(with_option(state, group, value, {}), cp.value_props))
    sid = data.draw(st.sampled_from(sorted(state.sections)))
    opening = data.draw(st.sampled_from(cp.layout_leaves[state.layout][sid].openings))
    changed = with_opening(state, sid, opening, cp.value_props)
    assert _figures(changed) == _figures(derive(with_opening(state, sid, opening, {}), cp.value_props))


@SETTINGS
@given(start=starts(), quantity=st.integers(1, 999))
def test_prices_are_never_negative_and_lines_add_up(start, quantity: int) -> None:
    cc, config = start
    ev = evaluate(cc, msgspec.structs.replace(config, quantity=quantity), "en")
    assume(ev.valid)
    price = ev.price
    assert price is not None
    assert Decimal(price.total) >= 0 and Decimal(price.subtotal) >= 0 and Decimal(price.vat) >= 0
    assert sum(Decimal(ln.amount) for ln in price.lines) == Decimal(price.subtotal)
    assert Decimal(price.subtotal) + Decimal(price.vat) == Decimal(price.total)
    for line in price.lines:
        assert Decimal(line.unit_price) * Decimal(line.quantity) == Decimal(line.amount)
        assert Decimal(line.amount).as_tuple().exponent == -2


@SETTINGS
@given(w1=st.integers(400, 2400), w2=st.integers(400, 2400), h1=st.integers(400, 2200), h2=st.integers(400, 2200))
def test_round_up_matrix_never_decreases_as_the_window_grows(w1: int, w2: int, h1: int, h2: int) -> None:
    cc = CATALOGS["demo"]
    small = (min(w1, w2), min(h1, h2))
    large = (max(w1, w2), max(h1, h2))

    def base(size: tuple[int, int]) -> Decimal:
        ev = evaluate(cc, Configuration(product="pvc-window", layout="single", width_mm=size[0], height_mm=size[1],
                                        sections={"main": SectionChoice(opening="fixed")}), "en")
        assume(ev.valid)
        assert ev.price is not None
        return Decimal(next(ln.amount for ln in ev.price.lines if ln.code == "base"))

    assert base(small) <= base(large)


@SETTINGS
@given(start=starts())
def test_same_input_same_bytes(start) -> None:
    cc, config = start
    first = msgspec.json.encode(evaluate(cc, config, "de"))
    assert msgspec.json.encode(evaluate(cc, config, "de")) == first
