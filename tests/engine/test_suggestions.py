"""No dead ends in sizes (issue 16): one source for every range, and no suggestion that does not help.

Every range the answer shows comes from the engine's live limits (the size step's hint, the
fields' min and max, the size error's figures); an empty one is never shown without a note
saying what to change; every suggested change (an error's fix, an unavailable value's change)
applied as the widget applies it gives a window with fewer violations than before, and the size
it proposes lies within the live limits of that window.
"""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from server.engine.compiled import compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import Evaluation, evaluate
from server.engine.messages import Message
from server.i18n.engine_words import say
from tests.engine.conftest import DEMO, load

DEMO_CC = compile_catalog(load(DEMO))
PRODUCTS = [p.id for p in DEMO_CC.catalog.products]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=60)


@st.composite
def invalid_configs(draw: st.DrawFn) -> Configuration:
    """A demo product with any layout, openings and options, and sizes from well below to well above its range."""
    cp = DEMO_CC.products[draw(st.sampled_from(PRODUCTS))]
    product = cp.product
    layout = draw(st.sampled_from([lay.id for lay in product.layouts]))
    width = draw(st.integers(max(1, product.width.min - 400), product.width.max + 800))
    height = draw(st.integers(max(1, product.height.min - 400), product.height.max + 800))
    sections = {sid: SectionChoice(opening=draw(st.sampled_from(node.openings)))
                for sid, node in cp.layout_leaves[layout].items() if draw(st.booleans())}
    options = {gid: draw(st.sampled_from(list(values))) for gid, values in cp.values.items() if draw(st.booleans())}
    return Configuration(product=product.id, width_mm=width, height_mm=height, layout=layout,
                         sections=sections, options=options)


def _applied(config: Configuration, change: dict[str, Any], also: dict[str, Any]) -> Configuration:
    """The change as the widget's ``applyChange`` (widget/src/state.js) makes it: another layout starts
    afresh, a size goes to the suggested min or max (its divisions to their defaults), the rest merges."""
    if "layout" in also:
        config = msgspec.structs.replace(config, layout=also["layout"], divisions={}, sections={})
    for axis in ("width_mm", "height_mm"):
        if axis in change:
            bound = change[axis]
            config = msgspec.structs.replace(config, divisions={}, **{axis: bound.get("max", bound.get("min"))})
    sections = dict(config.sections)
    for part in (change, also):
        for sid, patch in part.get("sections", {}).items():
            sections[sid] = msgspec.structs.replace(sections.get(sid, SectionChoice()), **patch)
    options = {**config.options, **change.get("options", {}), **also.get("options", {})}
    return msgspec.structs.replace(config, sections=sections, options=options)


def _suggestions(ev: Evaluation) -> list[tuple[dict[str, Any], dict[str, Any], str]]:
    """Every suggested change of the answer: (change, the value applied with it, where it was offered)."""
    found = [(e.change, {}, f"error {e.field}") for e in ev.errors if e.change]
    found += [(a.change, {"options": {g: v}}, f"option {g}={v}") for g, values in ev.options.items()
              for v, a in values.items() if a.change]
    found += [(a.change, {"sections": {s: {"opening": o}}}, f"opening {s}={o}") for s, sec in ev.sections.items()
              for o, a in sec.openings.items() if a.change]
    found += [(a.change, {"layout": lay}, f"layout {lay}") for lay, a in ev.layouts.items() if a.change]
    return found


@SETTINGS
@given(config=invalid_configs())
def test_every_suggestion_leaves_fewer_violations_and_stays_within_the_live_limits(config: Configuration) -> None:
    ev = evaluate(DEMO_CC, config, "nl")
    assume(not ev.valid)
    for change, also, where in _suggestions(ev):
        before = len(evaluate(DEMO_CC, _applied(config, {}, also), "nl").errors)
        after = evaluate(DEMO_CC, _applied(config, change, also), "nl")
        assert len(after.errors) < before, (where, change, before, [say(e.message, "nl") for e in after.errors])
        for axis in ("width_mm", "height_mm"):
            if axis in change:
                value = change[axis].get("max", change[axis].get("min"))
                lim = getattr(after.limits, axis)
                assert lim.min <= value <= lim.max, (where, change, lim)


@FEWER
@given(config=invalid_configs())
def test_an_empty_range_is_never_shown_without_what_to_change(config: Configuration) -> None:
    ev = evaluate(DEMO_CC, config, "nl")
    ranges = [ev.limits.width_mm, ev.limits.height_mm, *ev.limits.divisions.values()]
    for rng in ranges:
        if rng.min > rng.max:
            assert rng.note is not None, rng
            assert "tot" not in say(rng.note, "nl") or rng.note.code != "size_range"


@FEWER
@given(config=invalid_configs())
def test_a_size_error_states_the_range_the_size_step_shows(config: Configuration) -> None:
    ev = evaluate(DEMO_CC, config, "nl")
    for error in ev.errors:
        if error.field in ("width_mm", "height_mm") and error.message.code == "size_range":
            lim = getattr(ev.limits, error.field)
            assert error.message.params == {"min": lim.min, "max": lim.max}


def test_the_size_error_and_the_hint_say_the_same_range() -> None:
    # Was: hint "Van 400 tot 1.300" above "Kies een maat van 400 tot 2.400 mm."
    ev = evaluate(DEMO_CC, Configuration(product="pvc-window", width_mm=2500, height_mm=1200), "nl")
    assert (ev.limits.width_mm.min, ev.limits.width_mm.max) == (400, 1300)
    width = next(e for e in ev.errors if e.field == "width_mm")
    assert say(width.message, "nl") == "Kies een maat van 400 tot 1.300 mm."
    assert width.change == {"width_mm": {"max": 1300}}


def test_at_1600_mm_a_single_light_offers_only_what_fits() -> None:
    # Was: every opening that turns shown as available although only fixed glass fits 1600 mm.
    ev = evaluate(DEMO_CC, Configuration(product="pvc-window", width_mm=1600, height_mm=1200), "nl")
    openings = ev.sections["main"].openings
    # Fixed glass, and the tilt-turn sash chosen now (whose error is shown with its fix).
    assert [o for o, a in openings.items() if a.available] == ["fixed", "tilt-turn-left"]
    assert openings["turn-left"].change == {"width_mm": {"max": 1000}}
    error = next(e for e in ev.errors if e.field == "sections.main.opening")
    assert error.change == {"sections": {"main": {"opening": "fixed"}}}


def test_three_lights_too_narrow_say_the_width_they_need_and_offer_it() -> None:
    ev = evaluate(DEMO_CC, Configuration(product="pvc-window", width_mm=900), "nl")
    three = ev.layouts["three"]
    assert not three.available
    # Three thirds of at least 350 mm (the divisions' and the tilt-turn sashes' minimum): 1050 mm.
    assert three.reason == Message(code="layout_needs_width", params={"layout": "Drie vakken", "min": 1050})
    assert say(three.reason, "nl") == "Drie vakken kan vanaf 1.050 mm breedte."
    assert say(three.reason, "en") == "Drie vakken: possible from 1,050 mm wide."
    assert three.change == {"width_mm": {"min": 1050}}
    assert evaluate(DEMO_CC, _applied(Configuration(product="pvc-window", width_mm=900), three.change,
                                      {"layout": "three"}), "nl").valid


def test_a_too_narrow_layout_names_no_impossible_division_range() -> None:
    # Was: "Deze verdeling kan van 350 tot 250 mm" under each division of three lights at 900 mm.
    ev = evaluate(DEMO_CC, Configuration(product="pvc-window", width_mm=900, layout="three"), "nl")
    d1 = ev.limits.divisions["d1"]
    assert d1.min > d1.max and d1.note is not None
    assert say(d1.note, "nl") == "Drie vakken kan vanaf 1.050 mm breedte."
    division_errors = [e for e in ev.errors if e.field.startswith("divisions.")]
    assert {say(e.message, "nl") for e in division_errors} == {"Drie vakken kan vanaf 1.050 mm breedte."}
    assert all(e.change == {"width_mm": {"min": 1050}} for e in division_errors)


def test_a_rule_suggestion_beyond_the_live_maximum_is_not_offered() -> None:
    # Triple glazing caps the area at 4.5 m2; a single tilt-turn light caps the width at 1300 mm:
    # the triple glazing's own width (2250 at 2000 high) would be beyond it, never "use 2250 mm".
    ev = evaluate(DEMO_CC, Configuration(product="pvc-window", width_mm=1300, height_mm=2000), "nl")
    for change, _, where in _suggestions(ev):
        if "width_mm" in change:
            value = change["width_mm"].get("max", change["width_mm"].get("min"))
            assert value <= 1300, where
