"""Sample windows: how to build a spec, and the cases the golden files and benchmark draw.

The renderer prints no word of its own, so the samples carry their texts ready-made, as the
server does (``server/drawing.py``): the caption, the fixed-glazing mark, DIN handing in a
section's label, the accessible description and, for the door (an imperial dealer's), the dimension texts.
"""

from __future__ import annotations

from renderer.spec import SectionSpec, WindowSpec

__all__ = ["EXAMPLES"]

ANTHRACITE = "#383e42"  # RAL 7016
WHITE = "#f1f0ea"  # RAL 9016
OAK = "#7a5534"

EXAMPLES: dict[str, WindowSpec] = {
    "single-fixed": WindowSpec(
        width_mm=1000, height_mm=1200,
        sections=[SectionSpec(id="pane", x_mm=0, y_mm=0, width_mm=1000, height_mm=1200)],
        colour_outside=WHITE, colour_inside=WHITE, colour_outside_label="RAL 9016 Traffic white",
        caption="View from outside · RAL 9016 Traffic white · Dimensions in mm", fixed_mark="F",
        description="Window of 1,000 × 1,200 mm with one section: fixed glass.",
    ),
    "two-vkg": WindowSpec(
        width_mm=1800, height_mm=1400, convention="vkg", sill=True,
        colour_outside=ANTHRACITE, colour_inside=WHITE,
        colour_outside_label="RAL 7016 Anthracite grey", colour_inside_label="RAL 9016 Traffic white",
        caption="View from outside · RAL 7016 Anthracite grey · Dimensions in mm", fixed_mark="F",
        description="Window of 1,800 × 1,400 mm with 2 sections: left section tilt-turn, right section fixed glass.",
        sections=[
            SectionSpec(id="left", x_mm=0, y_mm=0, width_mm=900, height_mm=1400, opening="tilt-turn-left"),
            SectionSpec(id="right", x_mm=900, y_mm=0, width_mm=900, height_mm=1400),
        ],
    ),
    "three-din-toplight": WindowSpec(
        width_mm=1600, height_mm=2000, convention="din", lang="de",
        colour_outside=ANTHRACITE, colour_inside=WHITE, colour_inside_label="RAL 9016 Verkehrsweiß",
        caption="Ansicht von innen · RAL 9016 Verkehrsweiß · Maße in mm", fixed_mark="F",
        description="Fenster von 1.600 × 2.000 mm mit 3 Feldern: Oberlicht Kipp-Oberlicht, linkes Feld "
                    "Dreh-Kipp, rechtes Feld Dreh-Kipp.",
        sections=[
            SectionSpec(id="top", x_mm=0, y_mm=0, width_mm=1600, height_mm=550, opening="tilt-toplight"),
            SectionSpec(id="left", x_mm=0, y_mm=550, width_mm=800, height_mm=1450, opening="tilt-turn-left",
                        label="DIN links"),
            SectionSpec(id="right", x_mm=800, y_mm=550, width_mm=800, height_mm=1450,
                        opening="tilt-turn-right", label="DIN rechts"),
        ],
    ),
    "sliding-door": WindowSpec(
        width_mm=3000, height_mm=2300, frame_mm=80, sash_mm=95, mullion_mm=60, convention="vkg",
        colour_outside=ANTHRACITE, colour_inside=ANTHRACITE, colour_outside_label="RAL 7016",
        caption="View from outside · RAL 7016 · Dimensions in inches", fixed_mark="F",
        description='Door of 118 1/8" × 90 9/16" with 2 sections: left section fixed glass, right section sliding.',
        lengths=[(3000, '118 1/8"'), (2300, '90 9/16"'), (1500, '59 1/16"')],
        sections=[
            SectionSpec(id="fixed", x_mm=0, y_mm=0, width_mm=1500, height_mm=2300),
            SectionSpec(id="slider", x_mm=1500, y_mm=0, width_mm=1500, height_mm=2300,
                        opening="sliding-right"),
        ],
    ),
    "bars-and-panel": WindowSpec(
        width_mm=1400, height_mm=1600, convention="vkg", lang="nl", colour_outside=OAK, colour_inside=WHITE,
        colour_outside_label="Golden oak",
        title="Pos. 3 – Keuken",
        caption="Buitenaanzicht · Golden oak · Maten in mm", fixed_mark="vast",
        description="Kozijn van 1.400 × 1.600 mm met 3 vakken: linksboven draairaam, rechtsboven vast glas, "
                    "onder paneel.",
        sections=[
            SectionSpec(id="top-left", x_mm=0, y_mm=0, width_mm=700, height_mm=1100, opening="turn-left",
                        opens="outward", bars_rows=2, bars_columns=1, label="3a"),
            SectionSpec(id="top-right", x_mm=700, y_mm=0, width_mm=700, height_mm=1100,
                        bars_rows=2, bars_columns=1, label="3b"),
            SectionSpec(id="panel", x_mm=0, y_mm=1100, width_mm=1400, height_mm=500, fill="panel"),
        ],
    ),
}

EXAMPLES["two-vkg-inside"] = WindowSpec(
    **{**{f: getattr(EXAMPLES["two-vkg"], f) for f in EXAMPLES["two-vkg"].__struct_fields__},
       "view": "inside", "caption": "View from inside · RAL 9016 Traffic white · Dimensions in mm"},
)
