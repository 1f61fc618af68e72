"""The drawing spec: what it accepts, what it refuses and how it says so."""

from __future__ import annotations

import msgspec
import pytest

from renderer import SectionSpec, WindowSpec, din_handing, hinge_side
from renderer.spec import OPENINGS, default_opens, slide_direction


def one(**section: object) -> WindowSpec:
    """A 1000 x 1200 window with a single section built from ``section`` overrides."""
    fields = {"id": "a", "x_mm": 0, "y_mm": 0, "width_mm": 1000, "height_mm": 1200, **section}
    return WindowSpec(width_mm=1000, height_mm=1200, sections=[SectionSpec(**fields)])


def test_a_minimal_spec_takes_its_defaults() -> None:
    spec = one()
    assert (spec.frame_mm, spec.sash_mm, spec.mullion, spec.convention) == (70, 55, 70, "vkg")
    assert spec.effective_view == "outside"
    assert WindowSpec(width_mm=1000, height_mm=1200, convention="din",
                      sections=list(spec.sections)).effective_view == "inside"
    assert spec.sections[0].has_handle is False
    assert one(opening="turn-left").sections[0].has_handle is True


@pytest.mark.parametrize(("field", "value", "message"), [
    ("width_mm", 0, "width_mm: expected an integer from 1 to 10000, got 0"),
    ("width_mm", -5, "width_mm: expected an integer from 1 to 10000, got -5"),
    ("height_mm", 10_001, "height_mm: expected an integer from 1 to 10000, got 10001"),
    ("frame_mm", 0, "frame_mm: expected an integer from 10 to 300, got 0"),
    ("width_mm", 1.5, "width_mm: expected an integer, got 1.5"),
    ("colour_outside", "red", 'colour_outside: expected a colour as "#rrggbb", got \'red\''),
    ("convention", "iso", "convention: expected one of vkg, din; got 'iso'"),
    ("title", "a\x00b", "title: contains control characters"),
])
def test_bad_window_fields_are_refused_with_a_clear_message(field: str, value: object, message: str) -> None:
    whole = SectionSpec(id="a", x_mm=0, y_mm=0, width_mm=1000, height_mm=1200)
    fields: dict[str, object] = {"width_mm": 1000, "height_mm": 1200, "sections": [whole]}
    fields[field] = value
    with pytest.raises(ValueError) as caught:
        WindowSpec(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(("section", "message"), [
    ({"width_mm": 0}, "section 'a': width_mm: expected an integer from 1 to 10000, got 0"),
    ({"height_mm": -1}, "section 'a': height_mm: expected an integer from 1 to 10000, got -1"),
    ({"bars_rows": 1_000_000}, "section 'a': bars_rows: expected an integer from 0 to 20, got 1000000"),
    ({"bars_columns": -1}, "section 'a': bars_columns: expected an integer from 0 to 20, got -1"),
    ({"opening": "swing"}, "section 'a': opening: expected one of "
                           + ", ".join(OPENINGS) + "; got 'swing'"),
    ({"fill": "panel", "bars_rows": 1}, "section 'a': glazing bars need fill 'glass', not 'panel'"),
    ({"handle": True}, "section 'a': fixed glazing has no handle"),
    ({"label": "x" * 81}, "section 'a': label: at most 80 characters, got 81"),
])
def test_bad_section_fields_are_refused_with_a_clear_message(section: dict[str, object],
                                                             message: str) -> None:
    with pytest.raises(ValueError) as caught:
        one(**section)
    assert str(caught.value) == message


def test_sections_must_tile_the_window() -> None:
    def window(*rects: tuple[str, int, int, int, int]) -> WindowSpec:
        return WindowSpec(width_mm=1800, height_mm=1400, sections=[
            SectionSpec(id=i, x_mm=x, y_mm=y, width_mm=w, height_mm=h) for i, x, y, w, h in rects])

    with pytest.raises(ValueError, match=r"^sections 'a' and 'b' overlap$"):
        window(("a", 0, 0, 1000, 1400), ("b", 900, 0, 900, 1400))
    with pytest.raises(ValueError, match=r"^sections: cover 2380000 of 2520000 mm²; they must tile"):
        window(("a", 0, 0, 800, 1400), ("b", 900, 0, 900, 1400))
    with pytest.raises(ValueError, match=r"^section 'b': reaches \(1900, 1400\) mm, outside the 1800 x 1400"):
        window(("a", 0, 0, 900, 1400), ("b", 900, 0, 1000, 1400))
    with pytest.raises(ValueError, match=r"^sections: the id 'a' is used twice$"):
        window(("a", 0, 0, 900, 1400), ("a", 900, 0, 900, 1400))


def test_a_section_too_small_for_its_profiles_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^section 'b': 200 mm wide leaves no glass between its profiles; "
                                         r"it needs more than 215 mm$"):
        WindowSpec(width_mm=1000, height_mm=1200, sections=[
            SectionSpec(id="a", x_mm=0, y_mm=0, width_mm=800, height_mm=1200),
            SectionSpec(id="b", x_mm=800, y_mm=0, width_mm=200, height_mm=1200, opening="turn-left")])


def test_decoding_reports_the_path_of_the_bad_field() -> None:
    body = (b'{"width_mm": 1000, "height_mm": 1200, "sections": [{"id": "a", "x_mm": 0, "y_mm": 0,'
            b' "width_mm": 1000, "height_mm": 1200, "bars_rows": 99}]}')
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.json.decode(body, type=WindowSpec)
    assert str(caught.value) == "Expected `int` <= 20 - at `$.sections[0].bars_rows`"
    with pytest.raises(msgspec.ValidationError, match=r"^Object contains unknown field `colour`$"):
        unknown = body.replace(b', "bars_rows": 99', b"").replace(b"{", b'{"colour": "#000000", ', 1)
        msgspec.json.decode(unknown, type=WindowSpec)
    gap = (b'{"width_mm": 1000, "height_mm": 1200, "sections": [{"id": "a", "x_mm": 0, "y_mm": 0,'
           b' "width_mm": 900, "height_mm": 1200}]}')
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.json.decode(gap, type=WindowSpec)
    assert str(caught.value) == "sections: cover 1080000 of 1200000 mm²; they must tile the window exactly"


def test_a_spec_round_trips_through_json() -> None:
    spec = one(opening="tilt-turn-left", label="Pos. 1")
    assert msgspec.json.decode(msgspec.json.encode(spec), type=WindowSpec) == spec


@pytest.mark.parametrize(("opening", "opens", "hinge", "din"), [
    ("turn-left", None, "left", "left"),
    ("turn-left", "outward", "left", "right"),
    ("tilt-turn-right", None, "right", "right"),
    ("dutch-door-left", None, "left", "left"),
    ("tilt", None, "bottom", None),
    ("tilt-toplight", None, "bottom", None),
    ("top-hung", None, "top", None),
    ("sliding-left", None, None, None),
    ("fixed", None, None, None),
])
def test_handing_helpers(opening: str, opens: str | None, hinge: str | None, din: str | None) -> None:
    assert hinge_side(opening) == hinge
    assert din_handing(opening, opens) == din  # type: ignore[arg-type]


def test_defaults_for_direction_and_travel() -> None:
    assert default_opens("top-hung") == "outward"
    assert default_opens("tilt-turn-left") == "inward"
    assert default_opens("fixed") is None and default_opens("sliding-right") is None
    assert slide_direction("sliding-left") == "left" and slide_direction("turn-left") is None
    assert one(opening="top-hung").sections[0].direction == "outward"
    assert one(opening="turn-right", opens="outward").sections[0].direction == "outward"
