"""Each available value's ``delta``: the evaluated price with that value minus the price as configured."""

from __future__ import annotations

from decimal import Decimal

import msgspec
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from server.engine.compiled import CompiledCatalog, compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import Availability, Evaluation, evaluate, evaluate_detailed
from tests.engine.conftest import DEMO, FULL, load

_EXCL = (("prices_include_vat = true", "prices_include_vat = false"),)
# Prices that a condition switches: delivery once per order only for a window the homeowner fits himself,
# a handling surcharge for triple glass (an option) and a stay for a tilt sash (an opening type).
_CONDITIONS = (("\n[[products.quantity_tiers]]\nmin_quantity = 5", """
[[products.prices]]
code = "delivery"
label = { nl = "Bezorging", en = "Delivery", de = "Lieferung" }
kind = "per_order"
amount = 75
sort = 990
when = { option = "installation", equals = "none" }

[[products.prices]]
code = "triple-handling"
label = { nl = "Zwaar glas", en = "Heavy glass", de = "Schweres Glas" }
kind = "fixed"
amount = 25
sort = 40
when = { option = "glazing", equals = "triple" }

[[products.prices]]
code = "tilt-stay"
label = { nl = "Kierstandhouder", en = "Tilt stay", de = "Kippsperre" }
kind = "fixed"
amount = 12
sort = 41
when = { any_opening_in = ["tilt", "tilt-turn-left", "tilt-turn-right"] }

[[products.quantity_tiers]]
min_quantity = 5"""),)
CATALOGS = {
    "demo": compile_catalog(load(DEMO)),
    "demo excl. VAT": compile_catalog(load(DEMO, _EXCL)),
    "demo with conditions": compile_catalog(load(DEMO, _CONDITIONS)),
    # The test catalog adds percentages of the subtotal, conditional prices and several VAT rates.
    "full": compile_catalog(load(FULL)),
}
CASES = [(name, p.id) for name, cc in CATALOGS.items() for p in cc.catalog.products]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WINDOW = Configuration(product="pvc-window", width_mm=1800, height_mm=1400, layout="two-equal",
                       sections={"left": SectionChoice(opening="tilt-turn-left"),
                                 "right": SectionChoice(opening="fixed")},
                       options={"glazing": "triple", "outside-colour": "ral-7016"})


@st.composite
def configurations(draw: st.DrawFn) -> tuple[CompiledCatalog, Configuration]:
    """A product of a catalog, a layout, a size, openings and options, each often the default, and a quantity."""
    name, product_id = draw(st.sampled_from(CASES))
    cc = CATALOGS[name]
    cp = cc.products[product_id]
    product = cp.product
    layout = draw(st.sampled_from([lay.id for lay in product.layouts]))
    width = draw(st.integers(product.width.min, product.width.max))
    height = draw(st.integers(product.height.min, product.height.max))
    sections = {}
    for sid, node in cp.layout_leaves[layout].items():
        if draw(st.booleans()):
            sections[sid] = SectionChoice(opening=draw(st.sampled_from(list(node.openings))))
    options = {}
    for group in product.options:
        if draw(st.booleans()):
            options[group.id] = draw(st.sampled_from([v.id for v in group.values]))
    quantity = draw(st.integers(1, 12))
    return cc, Configuration(product=product_id, layout=layout, width_mm=width, height_mm=height,
                             sections=sections, options=options, quantity=quantity)


def _entries(ev: Evaluation) -> list[tuple[str, str, str, Availability]]:
    found = [("option", g, v, a) for g, values in ev.options.items() for v, a in values.items()]
    found += [("opening", s, o, a) for s, sec in ev.sections.items() for o, a in sec.openings.items()]
    return found


def _chosen(config: Configuration, kind: str, key: str, value: str) -> Configuration:
    if kind == "option":
        return msgspec.structs.replace(config, options={**config.options, key: value})
    old = config.sections[key]
    new = msgspec.structs.replace(old, opening=value)
    return msgspec.structs.replace(config, sections={**config.sections, key: new})


def _figure(ev: Evaluation) -> Decimal:
    """The answer's price as the dealer shows it."""
    assert ev.price is not None
    return Decimal(ev.price.total if ev.price.includes_vat else ev.price.subtotal)


@SETTINGS
@given(configurations())
def test_a_delta_is_the_evaluated_price_with_the_value_minus_the_price_as_configured(
        case: tuple[CompiledCatalog, Configuration]) -> None:
    cc, config = case
    ev = evaluate(cc, config, "en", deltas=True)
    event("valid" if ev.valid else "invalid")
    if not ev.valid:
        assert all(a.delta is None for *_, a in _entries(ev))
        return
    # For one window: the same deltas at any quantity, compared with prices at quantity 1.
    one = evaluate(cc, msgspec.structs.replace(ev.configuration, quantity=1), "en", deltas=True)
    assert (one.options, one.sections) == (ev.options, ev.sections)
    base = _figure(one)
    for kind, key, value, a in _entries(one):
        if not a.available:
            assert a.delta is None, (key, value)
            continue
        assert a.delta is not None and Decimal(a.delta).as_tuple().exponent == -2, (key, value, a.delta)
        after = evaluate(cc, _chosen(one.configuration, kind, key, value), "en")
        assert after.valid, (key, value)
        assert _figure(after) - base == Decimal(a.delta), (key, value)


def test_the_chosen_value_has_zero_and_an_unavailable_one_none(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, WINDOW, "en", deltas=True)
    assert ev.options["glazing"]["triple"].delta == "0.00"
    assert ev.sections["left"].openings["tilt-turn-left"].delta == "0.00"
    # The right light is 900 x 1400: a top-hung sash is not offered there, tilt is too high (max 1000).
    tilt = ev.sections["right"].openings["tilt"]
    assert tilt.available is False and tilt.delta is None
    assert all(a.delta is None for a in ev.layouts.values())


def test_deltas_incl_and_excl_vat_as_the_dealer_shows_prices() -> None:
    # An insect screen per sash (the left one is the only sash): 69.00 x 1.10 markup = 75.90 excl. VAT,
    # 75.90 x 1.21 = 91.839 -> 91.84 incl. VAT (one VAT rate: the window's VAT moves by the line's VAT).
    incl = evaluate(CATALOGS["demo"], WINDOW, "en", deltas=True)
    excl = evaluate(CATALOGS["demo excl. VAT"], WINDOW, "en", deltas=True)
    assert incl.options["insect-screen"]["screen"].delta == "91.84"
    assert excl.options["insect-screen"]["screen"].delta == "75.90"
    # Anthracite outside (x 1.15 on the frame) back to white: cheaper, a negative delta.
    assert Decimal(incl.options["outside-colour"]["white"].delta or "0") < 0


def test_a_fee_once_per_order_that_an_option_switches_off_is_in_the_delta() -> None:
    cc = CATALOGS["demo with conditions"]
    ev = evaluate(cc, WINDOW, "en", deltas=True)
    assert ev.price is not None and [ln.code for ln in ev.price.lines][-1] == "delivery"
    fitted = evaluate(cc, _chosen(WINDOW, "option", "installation", "fitted"), "en")
    # Fitting (165.00 x 1.10 = 181.50 at 9 % VAT) comes and the delivery (75.00 x 1.10 = 82.50 at 21 %) goes:
    # subtotal 1194.81 -> 1293.81 (+99.00). VAT per rate over the window, rounded once per rate: 21 % of
    # 1194.81 = 250.9101 -> 250.91 before; 21 % of 1112.31 = 233.5851 -> 233.59 plus 9 % of 181.50 = 16.335
    # -> 16.34 after, 249.93 (-0.98). 99.00 - 0.98 = 98.02.
    assert ev.options["installation"]["fitted"].delta == "98.02"
    assert _figure(fitted) - _figure(ev) == Decimal("98.02")


def test_only_the_evaluate_answer_asks_for_deltas(demo: CompiledCatalog) -> None:
    """A list, a request, a drawing, the CLI and the catalog check evaluate without them (no price per value)."""
    assert all(a.delta is None for *_, a in _entries(evaluate(demo, WINDOW, "en")))
    assert all(a.delta is None for *_, a in _entries(evaluate_detailed(demo, WINDOW, "en").evaluation))
    with_deltas = evaluate(demo, WINDOW, "en", deltas=True)
    assert evaluate_detailed(demo, WINDOW, "en", deltas=True).evaluation == with_deltas
    plain = evaluate(demo, WINDOW, "en")
    assert msgspec.structs.replace(with_deltas, options=plain.options, sections=plain.sections) == plain
