"""Prices checked against hand computations (tests/catalogs/full.toml has round numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from server.engine.compiled import CompiledCatalog, compile_catalog
from server.engine.configuration import Bars, Configuration, SectionChoice
from server.engine.evaluate import evaluate, evaluate_detailed
from server.engine.money import fmt, round_cents
from server.i18n.engine_words import say
from tests.engine.conftest import DEMO, FULL, load


def lines(cc: CompiledCatalog, config: Configuration) -> dict[str, str]:
    ev = evaluate(cc, config, "en")
    assert ev.valid, ev.errors
    assert ev.price is not None
    return {ln.code: ln.amount for ln in ev.price.lines}


def test_default_window_by_hand(full: CompiledCatalog) -> None:
    ev = evaluate(full, Configuration(product="test-window"), "en")
    assert ev.price is not None
    assert [(ln.code, ln.quantity, ln.unit_price, ln.amount, ln.vat_rate) for ln in ev.price.lines] == [
        ("base", "1", "300.00", "300.00", "21"),      # matrix breakpoint 1000 x 1000
        ("ui", "1", "80.00", "80.00", "21"),          # 40 + 40 united inches x 1
        ("frame", "1", "20.00", "20.00", "21"),       # 4 m of outer frame x 5
        ("profile", "1", "8.00", "8.00", "21"),       # 4 m of profile x 2
        ("area", "1", "10.00", "10.00", "21"),        # 1 m2 x 10
        ("delivery", "1", "20.00", "20.00", "9"),     # fixed, at its own VAT rate
        ("insurance", "1", "6.00", "6.00", "21"),     # 2% of base
        ("handle", "1", "10.00", "10.00", "21"),      # the default handle's own price
    ]
    # VAT per rate, rounded once each: 434 x 21% = 91.14; 20 x 9% = 1.80.
    assert (ev.price.subtotal, ev.price.vat, ev.price.total) == ("454.00", "92.94", "546.94")
    assert ev.price.includes_vat is False and ev.price.currency == "EUR"


@pytest.mark.parametrize(
    ("width", "height", "base"),
    [
        (300, 300, "100.00"),     # first breakpoint
        (3000, 2000, "800.00"),   # last width; height 2/3 of the way from 1000 to 2500
        (2400, 2500, "780.00"),   # last height; width 40% of the way from 2000 to 3000
        (1500, 1000, "375.00"),   # halfway between 300 and 450 along width
        (1000, 1750, "400.00"),   # halfway between 300 and 500 along height
        (1500, 1750, "487.50"),   # bilinear: top 375, bottom 600, halfway
        (1001, 1000, "300.15"),   # just past a breakpoint: 300 + 150/1000
        (650, 300, "150.00"),     # halfway on the first row
    ],
)
def test_interpolated_matrix(full: CompiledCatalog, width: int, height: int, base: str) -> None:
    assert lines(full, Configuration(product="test-window", width_mm=width, height_mm=height))["base"] == base


@pytest.mark.parametrize(
    ("width", "height", "base"),
    [
        (400, 400, "297.00"),     # below the first breakpoints: 600 x 600 = 270, + 10% markup
        (600, 600, "297.00"),     # exactly at a breakpoint: no rounding up
        (610, 600, "323.40"),     # just past: next width 800 -> 294 x 1.1
        (1200, 1200, "506.00"),   # 460 x 1.1
        (1210, 1190, "547.80"),   # 1400 x 1200 = 498 x 1.1
        (2400, 1800, "982.30"),   # last width: 893 x 1.1
    ],
)
def test_round_up_matrix_with_markup(demo: CompiledCatalog, width: int, height: int, base: str) -> None:
    config = Configuration(product="pvc-window", width_mm=width, height_mm=height, layout="single",
                           sections={"main": SectionChoice(opening="fixed")})
    assert lines(demo, config)["base"] == base


def test_each_kind_of_line(full: CompiledCatalog) -> None:
    config = Configuration(
        product="test-window", width_mm=1200, height_mm=1000, layout="single",
        sections={"main": SectionChoice(opening="tilt-turn-left", fill="panel", bars=Bars(rows=1, columns=2))},
        options={"glazing": "triple", "hardware": "strong", "colour-outside": "grey", "colour-inside": "oak",
                 "sill": "alu", "handle": "premium", "extras": "vent"},
    )
    got = lines(full, config)
    assert got["base"] == "330.00"              # 300 + 0.2 x (450 - 300)
    assert got["glazing"] == "48.00"            # 12000 cm2 x 0.004
    assert got["hardware"] == "50.00"           # 1 sash x 50
    assert got["colour-inside"] == "30.00"      # fixed
    assert got["sill"] == "36.00"               # 1.2 m of width x 30
    assert got["handle"] == "15.00"             # 25 relative to the default's 10
    assert got["extras"] == "40.00"             # per unit
    assert got["sash"] == "116.00"              # 1.2 m2 tiered: 1 x 100 + 0.2 x 80
    assert got["sash-edge"] == "4.40"           # 4.4 m of sash perimeter x 1
    assert got["panel"] == "-12.00"             # 12000 cm2 x -0.001: a credit
    assert "bars" not in got                    # a panel has no glazing bars to price (issue 16)
    assert got["colour-outside-factor"] == "66.00"  # (1.2 - 1) x base 330


def test_credit_for_a_cheaper_choice(full: CompiledCatalog) -> None:
    got = lines(full, Configuration(product="test-window", options={"handle": "budget"}))
    assert got["handle"] == "-6.00"             # 4 - 10


def test_percent_of_subtotal_and_tiered_area(full: CompiledCatalog) -> None:
    got = lines(full, Configuration(product="test-window", width_mm=1500, height_mm=1000,
                                    options={"extras": "film", "glass": "obscure"}))
    # obscure: 1 m2 x 20 + 0.5 m2 x 30 = 35
    assert got["glass"] == "35.00"
    non_percent = [Decimal(v) for k, v in got.items() if k not in ("extras", "extras-vat-9", "insurance")]
    assert Decimal(got["extras"]) + Decimal(got["extras-vat-9"]) == round_cents(sum(non_percent) / 10)
    # A percentage of the subtotal is booked at the rates of the lines it is taken of: the
    # subtotal holds 570.00 at 21 % and the 20.00 delivery at 9 %.
    assert got["extras"] == "57.00"             # 10 % of 570.00 (21 % VAT)
    assert got["extras-vat-9"] == "2.00"        # 10 % of 20.00 (9 % VAT)


def test_a_colour_factor_on_lines_at_two_rates_is_split_over_them() -> None:
    cc = compile_catalog(load(FULL, (('ral = "7037", factor = 1.2 }', 'ral = "7037", factor = 1.2, '
                                      'factor_on = ["base", "delivery"] }'),)))
    got = lines(cc, Configuration(product="test-window", options={"colour-outside": "grey"}))
    assert got["colour-outside-factor"] == "60.00"         # (1.2 - 1) x base 300.00 (21 % VAT)
    assert got["colour-outside-factor-vat-9"] == "4.00"    # (1.2 - 1) x delivery 20.00 (9 % VAT)


def test_a_percentage_with_its_own_vat_rate_stays_one_line(full: CompiledCatalog) -> None:
    cc = compile_catalog(load(FULL, (('percent = 10, of = ["subtotal"] }', 'percent = 10, of = ["subtotal"], '
                                      'vat_rate = 21 }'),)))
    got = lines(cc, Configuration(product="test-window", width_mm=1500, height_mm=1000,
                                  options={"extras": "film", "glass": "obscure"}))
    assert got["extras"] == "59.00"                        # 10 % of 590.00, all at the 21 % the catalog set
    assert "extras-vat-9" not in got


def test_quantity_multiplies_and_tier_discounts(full: CompiledCatalog) -> None:
    ev = evaluate(full, Configuration(product="test-window", quantity=3), "en")
    assert ev.price is not None
    by_code = {ln.code: ln for ln in ev.price.lines}
    assert by_code["base"].quantity == "3" and by_code["base"].amount == "900.00"
    # 10% off, per VAT rate: 434.00 at 21% -> -43.40; the 20.00 delivery at 9% -> -2.00.
    assert (by_code["quantity-discount"].unit_price, by_code["quantity-discount"].vat_rate) == ("-43.40", "21")
    assert (by_code["quantity-discount-vat-9"].unit_price, by_code["quantity-discount-vat-9"].vat_rate) == (
        "-2.00", "9")
    assert by_code["quantity-discount"].amount == "-130.20"
    assert ev.price.subtotal == fmt(Decimal("454.00") * 3 - Decimal("130.20") - Decimal("6.00"))


def test_a_quantity_discount_is_split_over_the_vat_rates_it_is_computed_from(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", options={"installation": "fitted"}, quantity=5)
    detailed = evaluate_detailed(demo, config, "en")
    item = detailed.item_price
    assert item is not None
    discount = [(ln.code, say(ln.label, "en"), fmt(ln.unit_price), fmt(ln.amount), ln.vat_rate,
                 say(ln.formula, "en")) for ln in item.lines if ln.code.startswith("quantity-discount")]
    # Per window 506.00 base + 159.50 sash = 665.50 at 21%; 165 x 1.1 = 181.50 fitting at 9%.
    assert discount == [
        ("quantity-discount", "Quantity discount 3% (21% VAT)", "-19.97", "-99.85", Decimal(21),
         "-3% of 665.50 (21% VAT) = -19.97"),          # 3% of 665.50 = 19.965 -> 19.97
        ("quantity-discount-vat-9", "Quantity discount 3% (9% VAT)", "-5.45", "-27.25", Decimal(9),
         "-3% of 181.50 (9% VAT) = -5.45"),            # 3% of 181.50 = 5.445 -> 5.45
    ]
    # 5 x (665.50 - 19.97) = 3227.65 at 21% -> 677.81; 5 x (181.50 - 5.45) = 880.25 at 9% -> 79.22.
    assert item.vat_by_rate == {Decimal(21): Decimal("677.81"), Decimal(9): Decimal("79.22")}
    assert (fmt(item.subtotal), fmt(item.vat), fmt(item.total)) == ("4107.90", "757.03", "4864.93")
    public = evaluate(demo, config, "nl")
    assert public.price is not None
    assert [(ln.code, say(ln.label, "nl"), ln.vat_rate) for ln in public.price.lines if "discount" in ln.code] == [
        ("quantity-discount", "Staffelkorting 3% (21% btw)", "21"),
        ("quantity-discount-vat-9", "Staffelkorting 3% (9% btw)", "9")]
    assert (public.price.subtotal, public.price.vat) == ("4107.90", "757.03")


_DEMO = compile_catalog(load(DEMO))  # module level: hypothesis prints arguments, and a catalog is long


@settings(max_examples=60, deadline=None)
@given(width=st.integers(400, 2400), height=st.integers(400, 2200), quantity=st.integers(1, 12),
       fitted=st.booleans())
def test_each_rates_discount_comes_from_that_rates_own_base(width: int, height: int, quantity: int,
                                                            fitted: bool) -> None:
    demo = _DEMO
    config = Configuration(product="pvc-window", width_mm=width, height_mm=height, layout="single",
                           sections={"main": SectionChoice(opening="fixed")}, quantity=quantity,
                           options={"installation": "fitted" if fitted else "none"})
    item = evaluate_detailed(demo, config, "en").item_price
    assume(item is not None)  # a window the catalog's rules refuse has no price to split
    assert item is not None
    percent = {5: Decimal(3), 10: Decimal(5)}.get(max((q for q in (5, 10) if quantity >= q), default=0))
    bases: dict[Decimal, Decimal] = {}
    discounts: dict[Decimal, Decimal] = {}
    for ln in item.lines:
        target = discounts if ln.code.startswith("quantity-discount") else bases
        target[ln.vat_rate] = target.get(ln.vat_rate, Decimal(0)) + ln.unit_price * ln.pieces
    if percent is None:
        assert discounts == {}
        return
    assert discounts == {rate: round_cents(-base * percent / 100) for rate, base in bases.items()}
    assert item.vat_by_rate == {rate: round_cents((bases[rate] + discounts[rate]) * quantity * rate / 100)
                                for rate in bases}


def test_minimum_price_tops_up(full: CompiledCatalog) -> None:
    cheap = load(FULL, (("minimum_price = 100", "minimum_price = 2000"),))
    detailed = evaluate_detailed(compile_catalog(cheap), Configuration(product="test-window"), "en")
    item = detailed.item_price
    assert item is not None
    top_up = [(ln.code, fmt(ln.amount), ln.vat_rate) for ln in item.lines if ln.code.startswith("minimum-price")]
    # 2000 - 454.00 = 1546.00, pro rata: 9% share 1546 x 20/454 = 68.1057 -> 68.11; 21% the rest.
    assert top_up == [("minimum-price", "1477.89", Decimal(21)), ("minimum-price-vat-9", "68.11", Decimal(9))]
    assert fmt(item.subtotal) == "2000.00"
    # The 9% base is the 20.00 delivery plus its share: 88.11 x 9% = 7.93; 1911.89 x 21% = 401.50.
    assert item.vat_by_rate == {Decimal(9): Decimal("7.93"), Decimal(21): Decimal("401.50")}


def test_a_top_up_after_a_discount_is_split_over_the_discounted_bases_also_at_zero_vat() -> None:
    zero = compile_catalog(load(FULL, (("minimum_price = 100", "minimum_price = 2000"),
                                       ("vat_rate = 9", "vat_rate = 0"))))
    item = evaluate_detailed(zero, Configuration(product="test-window", quantity=3), "en").item_price
    assert item is not None
    extra = [(ln.code, fmt(ln.unit_price), ln.vat_rate) for ln in item.lines if ln.sort >= 900]
    # 10% off: 434.00 at 21% -> -43.40, 20.00 delivery at 0% -> -2.00; the window is 408.60.
    # Top-up 2000 - 408.60 = 1591.40; 0% share 1591.40 x 18.00 / 408.60 = 70.1057 -> 70.11.
    assert extra == [("quantity-discount", "-43.40", Decimal(21)), ("quantity-discount-vat-0", "-2.00", Decimal(0)),
                     ("minimum-price", "1521.29", Decimal(21)), ("minimum-price-vat-0", "70.11", Decimal(0))]
    assert fmt(item.subtotal) == "6000.00"   # 3 windows at exactly the minimum


def test_a_single_rate_top_up_is_one_line(demo: CompiledCatalog) -> None:
    cheap = compile_catalog(load(DEMO, (("minimum_price = 150", "minimum_price = 2000"),)))
    ev = evaluate(cheap, Configuration(product="pvc-window"), "en")
    assert ev.price is not None
    assert [(ln.code, say(ln.label, "en"), ln.amount) for ln in ev.price.lines if ln.code.startswith("minimum")] == [
        ("minimum-price", "Minimum price surcharge", "1334.50")]   # 2000 - (506.00 + 159.50)
    assert ev.price.subtotal == "2000.00"


def test_line_shown_only_when_its_condition_holds(full: CompiledCatalog) -> None:
    assert "big-window" not in lines(full, Configuration(product="test-window"))
    assert lines(full, Configuration(product="test-window", width_mm=2000, height_mm=1600))["big-window"] == "50.00"


def test_identical_component_lines_are_grouped(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", width_mm=2400, height_mm=1400, layout="three")
    ev = evaluate(demo, config, "en")
    assert ev.price is not None
    sashes = [ln for ln in ev.price.lines if ln.code == "sash-tilt-turn"]
    assert len(sashes) == 1 and sashes[0].quantity == "2" and sashes[0].amount == "319.00"


def test_ungrouped_component_lines_stay_apart(full: CompiledCatalog) -> None:
    config = Configuration(product="test-window", width_mm=2000, height_mm=1000, layout="pair",
                           sections={"right": SectionChoice(opening="tilt-turn-right")})
    ev = evaluate(full, config, "en")
    assert ev.price is not None
    assert [say(ln.label, "en") for ln in ev.price.lines if ln.code == "sash"] == ["Sash (left)", "Sash (right)"]


def test_a_per_section_lines_section_is_named_in_the_requests_language(full: CompiledCatalog) -> None:
    """The German widget read "Flügel (left)": the section's id, not a word (tester, issue 15)."""
    config = Configuration(product="test-window", width_mm=2000, height_mm=1000, layout="pair",
                           sections={"right": SectionChoice(opening="tilt-turn-right")})
    ev = evaluate(full, config, "de")
    assert ev.price is not None
    assert [say(ln.label, "de") for ln in ev.price.lines if ln.code == "sash"] == ["Flügel (links)", "Flügel (rechts)"]


def test_half_up_rounding_once_per_line(full: CompiledCatalog) -> None:
    # 1 m2 x 10 x 1.125 markup = 11.25 exactly; 0.9999 m2 billed at the 1 m2 minimum.
    marked = load(FULL, (("markup_percent = 0", "markup_percent = 0.5"),))
    ev = evaluate(compile_catalog(marked), Configuration(product="test-window", width_mm=1001), "en")
    assert ev.price is not None
    by_code = {ln.code: ln.amount for ln in ev.price.lines}
    assert by_code["base"] == "301.65"   # 300.15 x 1.005 = 301.65075 -> 301.65
    assert by_code["area"] == "10.06"    # 1.001 m2 x 10 x 1.005 = 10.06005 -> 10.06


def test_lines_add_up_and_vat_per_rate(full: CompiledCatalog) -> None:
    detailed = evaluate_detailed(full, Configuration(product="test-window", quantity=2,
                                                     options={"extras": "film"}), "en")
    item = detailed.item_price
    assert item is not None
    assert item.subtotal == sum(ln.amount for ln in item.lines)
    # At 9 %: 2 deliveries of 20.00 and the film's 10 % of them (2 x 2.00) = 44.00.
    assert item.vat_by_rate == {
        Decimal(9): round_cents(Decimal(44) * Decimal("0.09")),
        Decimal(21): round_cents((item.subtotal - 44) * Decimal("0.21")),
    }
    assert item.total == item.subtotal + item.vat


def test_dealer_explanation_shows_formulas(demo: CompiledCatalog) -> None:
    detailed = evaluate_detailed(demo, Configuration(product="pvc-window", options={"glazing": "triple"}), "en")
    assert detailed.item_price is not None
    formulas = {ln.code: say(ln.formula, "en") for ln in detailed.item_price.lines}
    # Since issue 15 amounts of money are written with two decimals (42.00) and sizes as the
    # dealer's units write them (1,200 × 1,200 mm); the figures and their order are as before.
    assert formulas["glazing"] == "1.44 m2 x 42.00; x 1.1 markup = 66.53"
    assert formulas["base"].startswith("matrix (round up) 1,200 × 1,200 mm -> 1,200 × 1,200 mm = 460.00")


def test_public_answer_has_no_formula_or_markup(demo: CompiledCatalog) -> None:
    import msgspec

    body = msgspec.json.encode(evaluate(demo, Configuration(product="pvc-window"), "en"))
    assert b"formula" not in body and b"markup" not in body and b"matrix" not in body


def test_demo_price_is_the_same_every_time(demo: CompiledCatalog) -> None:
    import msgspec

    config = Configuration(product="pvc-window", width_mm=1800, height_mm=1400, layout="two-equal")
    first = msgspec.json.encode(evaluate(demo, config, "nl"))
    assert all(msgspec.json.encode(evaluate(demo, config, "nl")) == first for _ in range(5))
    assert load(DEMO).dealer.markup_percent == 10


def test_glazing_bars_are_priced_per_field_on_glass(full: CompiledCatalog) -> None:
    config = Configuration(product="test-window", width_mm=1200, height_mm=1000, layout="single",
                           sections={"main": SectionChoice(opening="tilt-turn-left", fill="glass",
                                                           bars=Bars(rows=1, columns=2))})
    assert lines(full, config)["bars"] == "18.00"  # (1+1) x (2+1) fields x 3


@settings(max_examples=40, deadline=None)
@given(rows=st.integers(0, 3), columns=st.integers(0, 3))
def test_a_panel_costs_the_same_whatever_its_bars(full: CompiledCatalog, rows: int, columns: int) -> None:
    """Bars a configuration carries on a panel change no line: the price is the bare panel's."""
    def priced(bars: Bars | None) -> list[tuple[str, str]]:
        config = Configuration(product="test-window", width_mm=1200, height_mm=1000, layout="single",
                               sections={"main": SectionChoice(opening="tilt-turn-left", fill="panel", bars=bars)})
        ev = evaluate(full, config, "en")
        assert ev.valid and ev.price is not None, ev.errors
        return [(ln.code, ln.amount) for ln in ev.price.lines]

    assert priced(Bars(rows=rows, columns=columns)) == priced(None)
