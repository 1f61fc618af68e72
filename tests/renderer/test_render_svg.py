"""The SVG drawing, read back with ElementTree: structure, symbols, dimensions, safety."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from renderer import SectionSpec, WindowSpec, render_svg
from renderer.colour import contrast_ink, luminance, outline_for
from renderer.examples import EXAMPLES

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def sections(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-section", ""): g for g in root.iter(f"{NS}g") if g.get("data-section") is not None}


def symbols(group: ET.Element) -> list[ET.Element]:
    return [e for e in group.iter() if e.get("data-symbol")]


def two(opening: str, convention: str = "vkg", view: str | None = None, **extra: object) -> WindowSpec:
    """1800 x 1400: section "left" (left as seen from outside) gets ``opening``; "right" is fixed."""
    return WindowSpec(width_mm=1800, height_mm=1400, convention=convention, view=view,  # type: ignore[arg-type]
                      sections=[SectionSpec(id="left", x_mm=0, y_mm=0, width_mm=900, height_mm=1400,
                                            opening=opening, **extra),  # type: ignore[arg-type]
                                SectionSpec(id="right", x_mm=900, y_mm=0, width_mm=900, height_mm=1400)])


def first_rect_x(group: ET.Element) -> float:
    return float(next(group.iter(f"{NS}rect")).get("x", "nan"))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_section_is_a_clickable_group(name: str) -> None:
    spec = EXAMPLES[name]
    found = sections(parse(render_svg(spec)))
    assert set(found) == {s.id for s in spec.sections}
    for s in spec.sections:
        assert found[s.id].get("data-opening") == s.opening


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_document_is_inline_safe(name: str) -> None:
    svg = render_svg(EXAMPLES[name])
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root[0].tag == f"{NS}title" and root[0].text
    tags = {e.tag.removeprefix(NS) for e in root.iter()}
    assert not tags & {"style", "script", "image", "use", "foreignObject", "a", "iframe"}
    for e in root.iter():
        for key, value in e.attrib.items():
            assert key not in {"style", "id", "class"}, key
            assert not key.startswith("on"), key
            assert "href" not in key, key
            assert "url(" not in value and "javascript:" not in value, value
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_root_has_a_mm_viewbox_and_a_size() -> None:
    root = parse(render_svg(EXAMPLES["two-vkg"]))
    x, y, w, h = (float(v) for v in root.get("viewBox", "").split())
    assert x < 0 and y < 0 and w > 1800 and h > 1400
    assert root.get("width") == f"{w / 10:.1f}".removesuffix(".0") + "mm"
    assert root.get("height") == f"{h / 10:.1f}".removesuffix(".0") + "mm"


def test_output_is_deterministic_and_numbers_are_tidy() -> None:
    spec = EXAMPLES["three-din-toplight"]
    svg = render_svg(spec)
    rebuilt = WindowSpec(**{f: getattr(spec, f) for f in spec.__struct_fields__})
    assert render_svg(rebuilt) == svg
    numbers = re.findall(r'(?<![\w-])(?:x|y|x1|x2|y1|y2|width|height)="(-?[0-9.]+)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) and n != "-0" for n in numbers)


def test_colour_case_does_not_change_the_drawing() -> None:
    def spec(colour: str) -> WindowSpec:
        return WindowSpec(width_mm=1000, height_mm=1000, colour_outside=colour, sill=True, sill_colour=colour,
                          handle_colour=colour, sections=[SectionSpec(
                              id="a", x_mm=0, y_mm=0, width_mm=1000, height_mm=1000, opening="turn-left",
                              glass_tint=colour)])
    assert render_svg(spec("#7A5534")) == render_svg(spec("#7a5534"))


def dashed(e: ET.Element) -> bool:
    return e.get("stroke-dasharray") is not None


@pytest.mark.parametrize(("convention", "opens", "dashed_expected"), [
    ("vkg", "inward", True), ("vkg", "outward", False), ("din", "inward", False), ("din", "outward", True),
])
def test_line_style_says_which_way_the_sash_opens(convention: str, opens: str, dashed_expected: bool) -> None:
    group = sections(parse(render_svg(two("tilt-turn-left", convention, opens=opens))))["left"]
    marks = symbols(group)
    assert {m.get("data-symbol") for m in marks} >= {"tilt"}
    assert [dashed(m) for m in marks] == [dashed_expected] * len(marks)


def test_the_view_decides_the_line_style_not_the_convention() -> None:
    # A VKG drawing asked for from inside shows an inward sash opening towards the viewer.
    group = sections(parse(render_svg(two("turn-left", "vkg", view="inside"))))["left"]
    assert [dashed(m) for m in symbols(group)] == [False]


@pytest.mark.parametrize(("convention", "hinge_in_view"), [("vkg", "right"), ("din", "left")])
def test_turn_left_is_hinged_left_as_seen_from_inside(convention: str, hinge_in_view: str) -> None:
    root = parse(render_svg(two("turn-left", convention)))
    group = sections(root)["left"]
    (mark,) = symbols(group)
    assert mark.get("data-symbol") == f"turn-hinge-{hinge_in_view}"
    # The handle sits on the other stile.
    (handle,) = [g for g in group.iter(f"{NS}g") if g.get("data-part") == "handle"]
    sash_x = first_rect_x(group)
    handle_x = float(next(handle.iter(f"{NS}rect")).get("x", "nan"))
    on_left = handle_x < sash_x + 450
    assert on_left == (hinge_in_view == "right")


def test_apex_points_to_the_handle() -> None:
    group = sections(parse(render_svg(two("turn-right", "din"))))["left"]
    (mark,) = symbols(group)
    points = [tuple(map(float, p.split())) for p in re.findall(r"[ML]([-0-9. ]+)", mark.get("d", ""))]
    (x1, y1), (xa, ya), (x2, y2) = points
    assert x1 == x2 and xa < x1  # hinged right (seen from inside): apex on the left
    assert ya == pytest.approx((y1 + y2) / 2)


@pytest.mark.parametrize(("opening", "expected"), [
    ("tilt", {"tilt"}), ("tilt-toplight", {"tilt"}), ("top-hung", {"top-hung"}),
    ("tilt-turn-right", {"tilt", "turn-hinge-left"}), ("turn-right", {"turn-hinge-left"}),
    ("dutch-door-right", {"turn-hinge-left"}), ("sliding-left", {"slide-right"}),
    ("sliding-right", {"slide-left"}),
])
def test_symbols_match_the_opening_type_in_the_outside_view(opening: str, expected: set[str]) -> None:
    group = sections(parse(render_svg(two(opening, "vkg"))))["left"]
    assert {m.get("data-symbol") for m in symbols(group)} == expected


def test_dutch_doors_have_two_leaves_with_a_handle_each() -> None:
    group = sections(parse(render_svg(two("dutch-door-left", "din"))))["left"]
    assert len([m for m in symbols(group) if m.get("data-symbol") == "turn-hinge-left"]) == 2
    assert len([g for g in group.iter(f"{NS}g") if g.get("data-part") == "handle"]) == 2


def test_sliding_leaves_get_an_arrow_and_top_hung_is_solid_from_outside() -> None:
    group = sections(parse(render_svg(two("sliding-left", "din"))))["left"]
    (arrow,) = symbols(group)
    assert arrow.get("data-symbol") == "slide-left" and arrow.find(f"{NS}polygon") is not None
    group = sections(parse(render_svg(two("top-hung", "vkg"))))["left"]
    assert [dashed(m) for m in symbols(group)] == [False]


def test_fixed_glass_is_marked_and_panels_are_not() -> None:
    root = parse(render_svg(EXAMPLES["bars-and-panel"]))
    found = sections(root)
    assert [m.text for m in symbols(found["top-right"])] == ["vast"]
    assert symbols(found["panel"]) == []
    bars = [g for g in found["top-left"].iter(f"{NS}g") if g.get("data-part") == "glazing-bars"]
    assert len(bars) == 1 and len(list(bars[0])) == 3  # 2 rows + 1 column of bars


def test_inside_view_mirrors_and_shows_the_inside_colour() -> None:
    outside = parse(render_svg(EXAMPLES["two-vkg"]))
    inside = parse(render_svg(EXAMPLES["two-vkg-inside"]))
    assert first_rect_x(sections(outside)["left"]) < 900 < first_rect_x(sections(inside)["left"])
    frame = {e.get("data-part"): e for e in outside.iter(f"{NS}g")}["frame"]
    assert next(frame.iter(f"{NS}rect")).get("fill") == "#383e42"
    frame = {e.get("data-part"): e for e in inside.iter(f"{NS}g")}["frame"]
    assert next(frame.iter(f"{NS}rect")).get("fill") == "#f1f0ea"
    # The outside sill is hidden by the wall in the inside view.
    assert any(g.get("data-part") == "sill" for g in outside.iter(f"{NS}g"))
    assert not any(g.get("data-part") == "sill" for g in inside.iter(f"{NS}g"))


def dimension_rows(root: ET.Element, kind: str, texts: dict[str, int] | None = None) -> list[list[int]]:
    """Each dimension row's lengths in mm; ``texts`` reads back the spec's own dimension texts."""
    rows = []
    for g in root.iter(f"{NS}g"):
        if g.get("data-dimension") == kind:
            rows.append([(texts or {}).get(t.text or "") or int(t.text or "") for t in g.iter(f"{NS}text")])
    return rows


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_chain_dimensions_add_up_to_the_overall_size(name: str) -> None:
    spec = EXAMPLES[name]
    root = parse(render_svg(spec))
    texts = {label: mm for mm, label in spec.lengths}
    for kind, total in (("horizontal", spec.width_mm), ("vertical", spec.height_mm)):
        rows = dimension_rows(root, kind, texts)
        assert rows[-1] == [total]
        assert all(sum(row) == total for row in rows)


def test_chain_dimensions_list_each_column_and_row() -> None:
    root = parse(render_svg(EXAMPLES["three-din-toplight"]))
    assert dimension_rows(root, "horizontal") == [[800, 800], [1600]]
    assert dimension_rows(root, "vertical") == [[550, 1450], [2000]]
    # Mirrored drawings keep the widths in the order the viewer sees them.
    spec = WindowSpec(width_mm=1500, height_mm=1000, convention="din", sections=[
        SectionSpec(id="a", x_mm=0, y_mm=0, width_mm=1000, height_mm=1000),
        SectionSpec(id="b", x_mm=1000, y_mm=0, width_mm=500, height_mm=1000)])
    assert dimension_rows(parse(render_svg(spec)), "horizontal")[0] == [500, 1000]


def test_dimensions_can_be_switched_off() -> None:
    spec = WindowSpec(**{**{f: getattr(EXAMPLES["two-vkg"], f) for f in WindowSpec.__struct_fields__},
                         "dimensions": False})
    root = parse(render_svg(spec))
    assert dimension_rows(root, "horizontal") == [] and dimension_rows(root, "vertical") == []


DRAWING_TAGS = {"svg", "title", "desc", "g", "rect", "line", "path", "polygon", "text"}
HOSTILE = ['<script>alert("x")</script>', "Tom & Jerry's \"window\"", "]]><svg onload=alert(1)>", "a\tb\nc"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_escaped_everywhere(hostile: str) -> None:
    spec = WindowSpec(width_mm=1800, height_mm=1400, title=hostile, colour_outside_label=hostile,
                      convention="din", sections=[
                          SectionSpec(id=hostile, x_mm=0, y_mm=0, width_mm=900, height_mm=1400,
                                      opening="turn-left", label=hostile),
                          SectionSpec(id="b", x_mm=900, y_mm=0, width_mm=900, height_mm=1400, label=hostile)])
    root = parse(render_svg(spec))  # parses: nothing broke out of its text or attribute
    assert {e.tag.removeprefix(NS) for e in root.iter()} <= DRAWING_TAGS
    assert not any(key.startswith("on") for e in root.iter() for key in e.attrib)
    assert hostile in sections(root)  # the id comes back verbatim from data-section
    assert root[0].text == hostile
    assert hostile in [t.text for t in root.iter(f"{NS}text")]  # the printed title, verbatim


def test_dark_and_light_finishes_keep_legible_outlines() -> None:
    for face in ("#ffffff", "#f1f0ea", "#383e42", "#000000", "#7a5534", "#c0c0c0"):
        line = outline_for(face)
        brighter, darker = sorted((luminance(face), luminance(line)), reverse=True)
        assert (brighter + 0.05) / (darker + 0.05) >= 1.9, face
    assert contrast_ink("#d4e5ee") == "#1d2327" and contrast_ink("#383e42") != "#1d2327"


def test_handles_follow_the_handle_flag() -> None:
    group = sections(parse(render_svg(two("turn-left", handle=False))))["left"]
    assert not any(g.get("data-part") == "handle" for g in group.iter(f"{NS}g"))
    group = sections(parse(render_svg(two("tilt"))))["left"]
    (handle,) = [g for g in group.iter(f"{NS}g") if g.get("data-part") == "handle"]
    rosette = next(handle.iter(f"{NS}rect"))
    assert float(rosette.get("width", "0")) > float(rosette.get("height", "0"))  # lying on the top rail
