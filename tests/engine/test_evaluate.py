"""Normalisation, field errors, live limits, availability and suggested changes.

The engine says codes with figures (issue 15); where a test reads the words, it writes them with
``server.i18n.engine_words.say`` as the boundaries do.
"""

from __future__ import annotations

from server.engine.compiled import CompiledCatalog, compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import Availability, evaluate
from server.engine.messages import Message
from server.i18n.engine_words import say
from tests.engine.conftest import DEMO, load


def test_defaults_are_filled_and_sizes_snapped(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", width_mm=1234, height_mm=1205), "en")
    cfg = ev.configuration
    assert (cfg.width_mm, cfg.height_mm) == (1230, 1210)   # step 10, half up
    assert cfg.layout == "single"
    assert cfg.sections["main"].opening == "tilt-turn-left"
    assert cfg.options["glazing"] == "double" and len(cfg.options) == 11
    assert ev.valid and ev.errors == []


def test_normalised_configuration_round_trips(demo: CompiledCatalog) -> None:
    first = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", width_mm=1800), "en")
    again = evaluate(demo, first.configuration, "en")
    assert again.configuration == first.configuration
    assert again.price == first.price


def test_divisions_resolve_from_fractions_and_mm(demo: CompiledCatalog) -> None:
    three = evaluate(demo, Configuration(product="pvc-window", layout="three", width_mm=2400), "en")
    assert three.configuration.divisions == {"d1": 800, "d2": 800}
    top = evaluate(demo, Configuration(product="pvc-window", layout="toplight-two", width_mm=1500,
                                       height_mm=2000), "en")
    assert top.configuration.divisions == {"d1": 750, "t1": 400}


def test_unknown_ids_are_field_errors_not_exceptions(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", layout="round", options={"glazing": "quad", "x": "y"},
                                      sections={"nowhere": SectionChoice(opening="fixed")}, quantity=0), "en")
    assert not ev.valid and ev.price is None
    assert {e.field for e in ev.errors} == {"layout", "options.glazing", "options.x", "sections.nowhere", "quantity"}
    assert ev.configuration.layout == "single"  # fell back to the default so the widget can go on


def test_unknown_product_falls_back_with_an_error(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="spaceship"), "nl")
    assert ev.errors[0].field == "product"
    assert ev.errors[0].message == Message(code="unknown_product", params={"value": "spaceship"})
    assert say(ev.errors[0].message, "nl") == "Onbekend product: spaceship."
    assert ev.configuration.product == "pvc-window"


def test_absurd_sizes_are_field_errors(demo: CompiledCatalog) -> None:
    for width in (-5, 0, 10**15, 10**30, -10**30):
        ev = evaluate(demo, Configuration(product="pvc-window", width_mm=width), "en")
        assert not ev.valid
        assert "width_mm" in {e.field for e in ev.errors}
    # The API refuses numbers past 100000 mm; a direct caller gets field errors, never an exception.
    ev = evaluate(demo, Configuration(product="pvc-window", height_mm=10**30), "en")
    assert not ev.valid and "height_mm" in {e.field for e in ev.errors}
    ev = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", divisions={"d1": 10**30}), "en")
    assert not ev.valid and "sections.right.opening" in {e.field for e in ev.errors}  # no room left of d1


def test_opening_not_offered_in_section(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", layout="two-equal",
                                      sections={"left": SectionChoice(opening="tilt-turn-right")}), "en")
    assert [e.field for e in ev.errors] == ["sections.left.opening"]


def test_rule_error_names_the_field_in_every_language(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", layout="two-equal", width_mm=2400, height_mm=2000,
                           options={"glazing": "triple"})
    messages = {lang: evaluate(demo, config, lang).errors for lang in ("nl", "en", "de")}
    assert messages["en"][0].field == "width_mm"
    # A catalog rule's message is the dealer's text, picked in the language: carried as it is.
    assert messages["en"][0].message == Message(
        code="rule", params={"text": "Triple glazing is available up to 4.5 m² per window."})
    assert say(messages["en"][0].message, "en") == "Triple glazing is available up to 4.5 m² per window."
    assert say(messages["nl"][0].message, "nl") == "Triple glas kan tot 4,5 m² per raam."
    assert say(messages["de"][0].message, "de").startswith("Dreifachverglasung")


def test_unavailable_value_says_why_and_how(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", layout="two-equal", width_mm=2400, height_mm=2000,
                           options={"hardware": "heavy"})
    ev = evaluate(demo, config, "en")
    assert ev.valid
    triple = ev.options["glazing"]["triple"]
    why = Message(code="rule", params={"text": "Triple glazing is available up to 4.5 m² per window."})
    assert triple == Availability(available=False, reason=why, rule="triple-max-area",
                                  change={"width_mm": {"max": 2250}})
    # Following the suggestion makes the value available.
    narrower = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", width_mm=2250,
                                            height_mm=2000, options={"hardware": "heavy"}), "en")
    assert narrower.options["glazing"]["triple"].available


def test_requires_suggests_the_other_option(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window"), "en")
    sound = ev.options["glass-type"]["sound"]
    assert not sound.available and sound.rule == "sound-needs-triple"
    assert sound.change == {"options": {"glazing": "triple"}}


def test_sash_weight_suggests_stronger_hardware(demo: CompiledCatalog) -> None:
    # 1100 x 2200 tilt-turn sash with triple glass: 2.42 m2 x 12 mm x 2.5 = 72.6 kg > 60 kg.
    config = Configuration(product="pvc-window", layout="single", width_mm=1100, height_mm=2200)
    ev = evaluate(demo, config, "en")
    assert ev.valid
    triple = ev.options["glazing"]["triple"]
    assert triple.rule == "sash-weight"
    assert triple.change == {"options": {"hardware": "heavy"}}


def test_excluded_by_a_choice_elsewhere(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", sections={"main": SectionChoice(opening="top-hung")},
                                      height_mm=1000), "en")
    screen = ev.options["insect-screen"]["screen"]
    assert not screen.available and screen.rule == "screen-needs-inward-sash"
    assert screen.change == {"sections": {"main": {"opening": "tilt-turn-left"}}}


def test_opening_availability_uses_sash_limits(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", layout="single", width_mm=1500, height_mm=1000,
                                      sections={"main": SectionChoice(opening="fixed")}), "en")
    tt = ev.sections["main"].openings["tilt-turn-left"]
    assert not tt.available and tt.rule == "opening.tilt-turn-left.max_width"
    assert tt.change == {"width_mm": {"max": 1300}}
    assert ev.sections["main"].openings["tilt"].available


def test_when_invalid_a_value_is_judged_by_what_it_adds(demo: CompiledCatalog) -> None:
    # Too wide for triple already; picking another colour adds nothing, so it stays available.
    config = Configuration(product="pvc-window", layout="two-equal", width_mm=2400, height_mm=2000,
                           options={"glazing": "triple"})
    ev = evaluate(demo, config, "en")
    assert not ev.valid
    assert ev.options["outside-colour"]["ral-7016"].available
    assert ev.options["glazing"]["double"].available


def test_division_limits_say_what_holds_them(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", width_mm=2000), "en")
    d1 = ev.limits.divisions["d1"]
    assert (d1.min, d1.max) == (350, 1300)
    assert d1.max_reason == Message(code="held_by_section", params={
        "section": Message(code="section_left"), "opening": "Tilt-turn, hinged left",
        "bound": Message(code="bound_max"), "limit": 1300})
    assert d1.min_reason == Message(code="held_by_division")
    # Grouped by Babel since issue 15 (was "1300 mm").
    assert say(d1.max_reason, "en") == "the left section (Tilt-turn, hinged left): at most 1,300 mm"
    assert say(d1.min_reason, "en") == "this division's own limit"


def test_width_limits_follow_the_choices(demo: CompiledCatalog) -> None:
    plain = evaluate(demo, Configuration(product="pvc-window", layout="single", height_mm=2000), "en")
    # The tilt-turn sash allows at most 1300 mm of width and, since issue 16 (no dead ends in sizes),
    # its 2.5 m2 as well: 2.5 m2 / 2.0 m = 1250 mm wide (was 1300, a width the sash then refused);
    # at the default 1200 mm wide, 2.5 / 1.2 = 2083 -> 2080 mm high (was 2200).
    assert (plain.limits.width_mm.min, plain.limits.width_mm.max, plain.limits.width_mm.step) == (400, 1250, 10)
    assert plain.limits.height_mm.max == 2080
    # Triple glazing caps the area at 4.5 m2: at 2000 mm high a two-light window may be 2250 wide.
    triple = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", height_mm=2000,
                                          options={"glazing": "triple", "hardware": "heavy"}), "en")
    assert triple.limits.width_mm.max == 2250


def test_layout_availability(demo: CompiledCatalog) -> None:
    ev = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", width_mm=2000), "en")
    assert ev.layouts["three"].available
    assert not ev.layouts["single"].available
    assert ev.layouts["single"].rule == "opening.tilt-turn-left.max_width"


def test_a_layout_blocked_only_by_its_openings_offers_other_openings(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", layout="two-equal", width_mm=2000)
    # Grouped by Babel since issue 15 (was "1300 mm", "2000 mm").
    for lang, opening, reason in (
            ("nl", "Draaikiepraam links", "Draaikiepraam links: maximaal 1.300 mm breed (nu 2.000 mm)."),
            ("en", "Tilt-turn, hinged left", "Tilt-turn, hinged left: at most 1,300 mm wide (now 2,000 mm).")):
        single = evaluate(demo, config, lang).layouts["single"]
        why = Message(code="sash_max_width", params={"opening": opening, "limit": 1300, "value": 2000})
        assert single == Availability(available=False, reason=why, rule="opening.tilt-turn-left.max_width",
                                      change={"sections": {"main": {"opening": "fixed"}}})
        assert say(why, lang) == reason
    # Following it: the layout with that opening is a valid window.
    chosen = evaluate(demo, Configuration(product="pvc-window", layout="single", width_mm=2000,
                                          sections={"main": SectionChoice(opening="fixed")}), "en")
    assert chosen.valid


def test_a_layout_change_prefers_an_opening_that_opens(demo: CompiledCatalog) -> None:
    # 1500 x 1000: tilt-turn is too wide, a tilt sash (up to 1600 x 1000) fits.
    ev = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", width_mm=1500, height_mm=1000), "en")
    assert ev.layouts["single"].change == {"sections": {"main": {"opening": "tilt"}}}
    assert ev.layouts["toplight"].change == {"sections": {"bottom": {"opening": "fixed"}}}
    assert evaluate(demo, Configuration(product="pvc-window", layout="single", width_mm=1500, height_mm=1000,
                                        sections={"main": SectionChoice(opening="tilt")}), "en").valid


def test_a_layout_gets_no_change_when_openings_alone_cannot_fix_it(demo: CompiledCatalog) -> None:
    # With a screen, the bottom section needs an inward sash, and none fits 1500 mm: only the
    # size or the screen could change, which is not a choice of this layout's openings.
    ev = evaluate(demo, Configuration(product="pvc-window", layout="two-equal", width_mm=1500, height_mm=1000,
                                      options={"insect-screen": "screen"}), "en")
    toplight = ev.layouts["toplight"]
    assert not toplight.available and toplight.rule == "opening.tilt-turn-left.max_width"
    # Since issue 16 (no dead ends in sizes) the size is offered instead (was no change): at
    # 1300 mm the tilt-turn sash fits, fewer violations than the layout alone.
    assert toplight.change == {"width_mm": {"max": 1300}}
    # Too small a window for the layout's divisions is not about openings either: the width the
    # layout needs with its divisions at their defaults (two halves of at least 350 mm) is offered.
    narrow = evaluate(demo, Configuration(product="pvc-window", width_mm=400), "en")
    assert not narrow.layouts["two-equal"].available
    assert narrow.layouts["two-equal"].change == {"width_mm": {"min": 700}}


def test_a_layout_blocked_by_a_rule_on_openings_offers_the_opening_the_rule_wants() -> None:
    # Make the top-light layout's sections all fixed by default: a screen then needs an inward sash.
    cc = compile_catalog(load(DEMO, ((
        'default_opening = "tilt-turn-left" },\n  { section = "right", openings = ["fixed", "tilt-turn-right", '
        '"turn-right"], default_opening = "fixed" }',
        'default_opening = "fixed" },\n  { section = "right", openings = ["fixed", "tilt-turn-right", '
        '"turn-right"], default_opening = "fixed" }'),)))
    config = Configuration(product="pvc-window", layout="two-equal", options={"insect-screen": "screen"})
    for lang, reason in (("nl", "Een hor past alleen bij een naar binnen draaiend raam."),
                         ("en", "A screen needs an inward-opening sash.")):
        layout = evaluate(cc, config, lang).layouts["toplight-two"]
        assert layout == Availability(available=False, reason=Message(code="rule", params={"text": reason}),
                                      rule="screen-needs-inward-sash",
                                      change={"sections": {"left": {"opening": "tilt-turn-left"}}})
