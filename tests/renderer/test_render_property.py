"""Any valid window draws: random tilings of random sections render, parse and add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from renderer import OPENINGS, SectionSpec, WindowSpec, render_svg
from renderer.geometry import layout

NS = "{http://www.w3.org/2000/svg}"
# Big enough for frame, mullion halves and two Dutch-door sashes at the default profiles.
MIN_CELL = 400
# Labels may hold anything a person can type (XML-hostile punctuation included).
LABELS = st.none() | st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), max_size=20)


def _split(draw: st.DrawFn, total: int, most: int) -> list[int]:
    """Cut ``total`` mm into 1..``most`` parts of at least ``MIN_CELL`` mm each."""
    parts = draw(st.integers(1, max(1, min(most, total // MIN_CELL))))
    weights = draw(st.lists(st.integers(1, 100), min_size=parts, max_size=parts))
    spare = total - parts * MIN_CELL
    sizes = [MIN_CELL + spare * w // sum(weights) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


@st.composite
def windows(draw: st.DrawFn) -> WindowSpec:
    """Columns first or rows first, each split again the other way: real layouts' shapes."""
    width = draw(st.integers(MIN_CELL, 6000))
    height = draw(st.integers(MIN_CELL, 3000))
    columns_first = draw(st.booleans())
    rects = []
    outer = _split(draw, width if columns_first else height, 4)
    at = 0
    for size in outer:
        inner_at = 0
        for inner in _split(draw, height if columns_first else width, 3):
            x, y, w, h = (at, inner_at, size, inner) if columns_first else (inner_at, at, inner, size)
            rects.append((x, y, w, h))
            inner_at += inner
        at += size
    sections = []
    for i, (x, y, w, h) in enumerate(rects):
        opening = draw(st.sampled_from(OPENINGS))
        fill = draw(st.sampled_from(["glass", "glass", "panel"]))
        bars = (0, 0) if fill == "panel" else (draw(st.integers(0, 20)), draw(st.integers(0, 20)))
        sections.append(SectionSpec(
            id=f"s{i}", x_mm=x, y_mm=y, width_mm=w, height_mm=h, opening=opening, fill=fill,
            opens=draw(st.sampled_from([None, "inward", "outward"])),
            bars_rows=bars[0], bars_columns=bars[1], label=draw(LABELS)))
    return WindowSpec(width_mm=width, height_mm=height, sections=sections,
                      convention=draw(st.sampled_from(["vkg", "din"])),
                      view=draw(st.sampled_from([None, "inside", "outside"])),
                      sill=draw(st.booleans()), title=draw(LABELS),
                      colour_outside=draw(st.sampled_from(["#ffffff", "#383e42", "#7a5534", "#000000"])))


@settings(max_examples=50, deadline=None)
@given(windows())
def test_any_valid_window_renders_to_well_formed_svg(spec: WindowSpec) -> None:
    svg = render_svg(spec)
    root = ET.fromstring(svg)
    ids = [g.get("data-section") for g in root.iter(f"{NS}g") if g.get("data-section") is not None]
    assert sorted(ids) == sorted(s.id for s in spec.sections)
    for kind, total in (("horizontal", spec.width_mm), ("vertical", spec.height_mm)):
        for g in root.iter(f"{NS}g"):
            if g.get("data-dimension") == kind:
                assert sum(int(t.text or "") for t in g.iter(f"{NS}text")) == total
    assert render_svg(spec) == svg


@settings(max_examples=50, deadline=None)
@given(windows())
def test_bars_and_openings_fill_the_frame_exactly(spec: WindowSpec) -> None:
    # Frame ring + mullions/transoms + clear openings cover the window without overlap.
    lay = layout(spec)
    f = spec.frame_mm
    ring = spec.width_mm * spec.height_mm - (spec.width_mm - 2 * f) * (spec.height_mm - 2 * f)
    bars = sum(b.w * b.h for b in lay.bars)
    openings = sum(s.opening.w * s.opening.h for s in lay.sections)
    assert ring + bars + openings == spec.width_mm * spec.height_mm
    assert all(b.w > 0 and b.h > 0 for b in lay.bars)
