"""The drawing agrees with the words (issue 16): named panes, a caption that states the view,
and text that stays legible (>= 11 CSS px) at the width the drawing is shown at."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renderer import MIN_TEXT_PX, SectionSpec, SheetSpec, WindowSpec, render_svg, sheet_svg
from renderer.examples import EXAMPLES
from renderer.spec import MAX_SHOWN_PX, MIN_SHOWN_PX

NS = "{http://www.w3.org/2000/svg}"


def _named(view: str | None = None, **more: object) -> WindowSpec:
    """The two-light window with its panes named as the words name them (left/right from inside)."""
    base = EXAMPLES["two-vkg"]
    # Outside-view coordinates: the section named "left" (from inside) is on the right (x 900).
    sections = [SectionSpec(id="left", x_mm=900, y_mm=0, width_mm=900, height_mm=1400, opening="tilt-turn-left",
                            name="Left section"),
                SectionSpec(id="right", x_mm=0, y_mm=0, width_mm=900, height_mm=1400, name="Right section")]
    return msgspec.structs.replace(base, sections=sections, view=view, **more)  # type: ignore[arg-type]


def _pane_names(svg: str) -> dict[str, tuple[str, float]]:
    """Each section's pane name and its x, from the SVG."""
    found = {}
    for g in ET.fromstring(svg).iter(f"{NS}g"):
        sid = g.get("data-section")
        if sid is None:
            continue
        lines = [t for t in g.iter(f"{NS}text") if t.get("data-part") == "pane-name"]
        if lines:  # a long name in a narrow pane takes two lines
            found[sid] = (" ".join(t.text or "" for t in lines), float(lines[0].get("x", "0")))
    return found


@pytest.mark.parametrize("view", ["inside", "outside"])
def test_each_pane_carries_its_name_and_left_is_left_from_inside(view: str) -> None:
    names = _pane_names(render_svg(_named(view)))
    assert {sid: name for sid, (name, _) in names.items()} == {"left": "Left section", "right": "Right section"}
    left_x, right_x = names["left"][1], names["right"][1]
    # From inside the homeowner's left section is on the left; from outside the picture mirrors.
    assert (left_x < right_x) == (view == "inside")


def test_a_pane_name_is_escaped_and_cut_to_its_pane() -> None:
    long = '<b>&"' + "x" * 70
    spec = msgspec.structs.replace(_named(), sections=[
        msgspec.structs.replace(_named().sections[0], name=long), _named().sections[1]])
    svg = render_svg(spec)
    ET.fromstring(svg)  # still well-formed XML
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    name = _pane_names(svg)["left"][0]
    assert name.endswith("…") and len(name) < len(long)


def test_a_long_name_in_a_narrow_pane_takes_two_lines_not_an_ellipsis() -> None:
    svg = render_svg(_named("inside", shown_px=320))
    lines = [t.text for t in ET.fromstring(svg).iter(f"{NS}text") if t.get("data-part") == "pane-name"]
    assert "…" not in "".join(str(x) for x in lines)
    assert _pane_names(svg)["left"][0] == "Left section"


def test_a_pane_name_is_limited_like_every_label() -> None:
    with pytest.raises(ValueError, match="name"):
        SectionSpec(id="a", x_mm=0, y_mm=0, width_mm=900, height_mm=900, name="x" * 81)
    with pytest.raises(ValueError, match="name"):
        SectionSpec(id="a", x_mm=0, y_mm=0, width_mm=900, height_mm=900, name="a\x00b")


def test_without_names_the_drawing_is_as_before() -> None:
    svg = render_svg(EXAMPLES["two-vkg"])
    assert 'data-part="pane-name"' not in svg


@pytest.mark.parametrize("view", ["inside", "outside"])
def test_the_sheet_states_the_view_and_names_the_panes(view: str) -> None:
    caption = "View from inside · RAL 9016" if view == "inside" else "View from outside · RAL 7016"
    page = sheet_svg(_named(view, caption=caption), SheetSpec(rows=[("Product", "Window")]))
    texts = [t.text or "" for t in ET.fromstring(page).iter(f"{NS}text")]
    assert any(t.startswith(caption.split(" · ")[0]) for t in texts)
    assert "Left section" in texts and "Right section" in texts


def _view_box_width(svg: str) -> float:
    return float(ET.fromstring(svg).get("viewBox", "0 0 0 0").split()[2])


def _font_sizes(svg: str) -> list[float]:
    return [float(t.get("font-size", "0")) for t in ET.fromstring(svg).iter(f"{NS}text")]


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(sorted(EXAMPLES)), shown=st.integers(MIN_SHOWN_PX, 2000),
       view=st.sampled_from(["inside", "outside"]))
def test_every_text_reads_at_the_width_shown(name: str, shown: int, view: str) -> None:
    spec = msgspec.structs.replace(EXAMPLES[name], shown_px=shown, view=view)
    svg = render_svg(spec)
    scale = shown / _view_box_width(svg)
    sizes = _font_sizes(svg)
    assert sizes
    assert min(sizes) * scale >= MIN_TEXT_PX, (min(sizes) * scale, shown)


def test_named_panes_read_on_a_phone() -> None:
    svg = render_svg(_named("inside", shown_px=320))
    scale = 320 / _view_box_width(svg)
    assert min(_font_sizes(svg)) * scale >= MIN_TEXT_PX
    # The long caption wraps rather than widening the drawing (and so shrinking everything).
    assert _view_box_width(svg) < 1.8 * 1800


def test_without_a_shown_width_the_sizes_are_the_windows() -> None:
    plain = render_svg(EXAMPLES["two-vkg"])
    assert plain == render_svg(msgspec.structs.replace(EXAMPLES["two-vkg"], shown_px=None))
    # At 423 px wide (the desktop widget) the old sizes were 8-9 px: the shown width lifts them.
    scale = 423 / _view_box_width(plain)
    assert min(_font_sizes(plain)) * scale < MIN_TEXT_PX


@pytest.mark.parametrize("shown", [MIN_SHOWN_PX - 1, MAX_SHOWN_PX + 1])
def test_the_shown_width_is_bounded(shown: int) -> None:
    with pytest.raises(ValueError, match="shown_px"):
        msgspec.structs.replace(EXAMPLES["two-vkg"], shown_px=shown)


def test_the_sheet_prints_its_drawing_text_at_a_legible_size() -> None:
    page = sheet_svg(_named("inside"), SheetSpec(rows=[("Product", "Window")] * 8))
    root = ET.fromstring(page)
    nested = next(el for el in root.iter(f"{NS}svg") if el is not root)
    box_w, box_h = float(nested.get("width", "0")), float(nested.get("height", "0"))
    vb = [float(v) for v in nested.get("viewBox", "").split()]
    mm_per_unit = min(box_w / vb[2], box_h / vb[3])
    px_per_mm = 96 / 25.4
    sizes = [float(t.get("font-size", "0")) for t in nested.iter(f"{NS}text")]
    assert min(sizes) * mm_per_unit * px_per_mm >= MIN_TEXT_PX - 0.05
    assert re.search("Left section", page)
