"""The drawing spec: what the renderer needs to know about a window, and nothing more.

The server maps an evaluated configuration onto these Structs; they carry no catalog
ids and no prices. The renderer prints no word and formats no length of its own: every
text it draws (the caption, the fixed-glazing mark, DIN handing in a section's label,
the dimension texts, the accessible title and description) arrives ready-made in the
spec. A spec without them draws plain mm numbers on the dimension lines and no words.

Coordinates
    Millimetres, integers. The origin is the top-left corner of the window's OUTER
    frame edge **as seen from outside**; x grows to the right, y grows downwards.
    Sections are rectangles in that system and must tile the whole window exactly
    (no gaps, no overlaps). A section's rectangle reaches the outer frame edge where it
    touches the window's border and the centre line of the mullion or transom where it
    touches another section, so the chain dimensions (the sections' widths) add up to
    the overall width. Mullions and transoms are not listed: one is drawn, ``mullion_mm``
    wide and centred on the shared edge, wherever two sections meet.

Left and right (handing)
    Every ``left``/``right`` in an opening type is meant **as seen from inside** the
    room, whatever the drawing's view:

    * turn, tilt-turn and Dutch-door types name the HINGE side: ``turn-left`` is
      hinged on the left as seen from inside (on the right as seen from outside);
    * sliding types name the direction the leaf TRAVELS when it opens:
      ``sliding-left`` moves to the left as seen from inside.

    For inward opening sashes this equals DIN 107 handing (DIN names the side the sash
    opens towards), so ``turn-left`` + ``inward`` is "DIN left"; an outward opening
    ``turn-left`` is "DIN right". :func:`din_handing` gives the name.

Views and conventions
    ``convention="vkg"`` (Dutch) draws as seen from outside by default, ``"din"``
    (German/Austrian) as seen from inside; ``view`` overrides it. The inside view
    mirrors the drawing horizontally and shows the inside colour.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

import msgspec
from msgspec import Meta

from renderer.checks import check_choice, check_colour, check_int, check_text

__all__ = [
    "MAX_BARS",
    "MAX_MM",
    "MAX_SECTIONS",
    "MAX_SHOWN_PX",
    "MIN_SHOWN_PX",
    "MIN_TEXT_PX",
    "OPENINGS",
    "Convention",
    "Hex",
    "Millimetres",
    "Opening",
    "SectionSpec",
    "View",
    "WindowSpec",
    "default_opens",
    "din_handing",
    "has_sash",
    "hinge_side",
    "slide_direction",
]

MAX_MM = 10_000
MAX_SECTIONS = 64
MAX_BARS = 20
MAX_PROFILE_MM = 300
MAX_LABEL = 80
MAX_TITLE = 200
MAX_ID = 64
MAX_CAPTION = 200
MAX_DESCRIPTION = 400
MAX_DIMENSION_TEXT = 40
MAX_MARK = 12
# The smallest text a homeowner reads without zooming, in CSS px at the width shown.
MIN_TEXT_PX = 11
# Narrower than this the text would need more room than the window itself (see renderer/svg.py).
MIN_SHOWN_PX = 160
MAX_SHOWN_PX = 4000
# Every distinct gap of two chain rows plus the two overall lengths, with room to spare.
MAX_LENGTHS = 4 * MAX_SECTIONS + 2

Millimetres = Annotated[int, Meta(gt=0, le=MAX_MM, description="A length in whole millimetres.")]
Position = Annotated[int, Meta(ge=0, le=MAX_MM, description="A coordinate in whole millimetres.")]
Profile = Annotated[int, Meta(ge=10, le=MAX_PROFILE_MM, description="A profile's visible face width in mm.")]
Hex = Annotated[str, Meta(pattern="^#[0-9a-fA-F]{6}$", description='A colour as "#rrggbb".')]
BarCount = Annotated[int, Meta(ge=0, le=MAX_BARS)]
Label = Annotated[str, Meta(max_length=MAX_LABEL)]
DimensionText = Annotated[str, Meta(min_length=1, max_length=MAX_DIMENSION_TEXT,
                                    description='A length as written on a dimension line: "1.230", \'36 1/2"\'.')]

Opening = Literal[
    "fixed", "turn-left", "turn-right", "tilt", "tilt-turn-left", "tilt-turn-right",
    "tilt-toplight", "top-hung", "sliding-left", "sliding-right",
    "dutch-door-left", "dutch-door-right",
]
OPENINGS: tuple[str, ...] = get_args(Opening)
Convention = Literal["vkg", "din"]
View = Literal["outside", "inside"]
Direction = Literal["inward", "outward"]
Fill = Literal["glass", "panel"]
Language = Literal["en", "nl", "de"]


class _Spec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every spec Struct (immutable, keyword-only, strict on unknown fields)."""


def hinge_side(opening: str) -> Literal["left", "right", "top", "bottom"] | None:
    """The side the sash is hinged on, as seen from INSIDE; None for fixed and sliding.

    Tilt-turn sashes report their turn hinges (the tilt hinges are always at the bottom).
    """
    if opening in ("turn-left", "tilt-turn-left", "dutch-door-left"):
        return "left"
    if opening in ("turn-right", "tilt-turn-right", "dutch-door-right"):
        return "right"
    if opening in ("tilt", "tilt-toplight"):
        return "bottom"
    if opening == "top-hung":
        return "top"
    return None


def slide_direction(opening: str) -> Literal["left", "right"] | None:
    """The direction a sliding leaf travels when opening, as seen from INSIDE."""
    directions: dict[str, Literal["left", "right"]] = {"sliding-left": "left", "sliding-right": "right"}
    return directions.get(opening)


def has_sash(opening: str) -> bool:
    """Whether the section has a sash (fixed glazing sits straight in the frame)."""
    return opening != "fixed"


def default_opens(opening: str) -> Direction | None:
    """Which way a sash opens when the spec does not say: outward for top-hung, else inward.

    Fixed and sliding parts do not swing, so they have no direction (None).
    """
    if opening == "fixed" or opening.startswith("sliding"):
        return None
    return "outward" if opening == "top-hung" else "inward"


def din_handing(opening: str, opens: Direction | None = None) -> Literal["left", "right"] | None:
    """DIN 107 handing of a side-hung sash: the hinge side seen from where it opens to.

    ``turn-left`` opening inward is DIN left; opening outward (seen from outside, where
    it opens to) it is DIN right. None for sashes that are not side-hung.
    """
    side = hinge_side(opening)
    if side not in ("left", "right"):
        return None
    if (opens or default_opens(opening)) == "outward":
        return "right" if side == "left" else "left"
    return side


class SectionSpec(_Spec, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One field of the window: its rectangle and what fills it.

    ``x_mm``/``y_mm``/``width_mm``/``height_mm`` place it in the window (see the module
    docstring for the coordinate system). ``opening`` names how it opens; left/right are
    as seen from inside. ``opens`` defaults to inward (outward for top-hung).
    ``bars_rows`` is the number of horizontal glazing bars, ``bars_columns`` the number
    of vertical ones (so 1 x 1 gives four panes). ``handle`` defaults to true for every
    opening type and is not allowed on fixed glazing. ``label`` is printed small in the
    section (e.g. a position number). ``name`` is printed at the top of the pane: the
    section's name as the words call it ("Linkervak", "Left section"), so the picture and the
    words agree in either view; None prints none (a single-section window needs none).
    """

    id: Annotated[str, Meta(min_length=1, max_length=MAX_ID)]
    x_mm: Position
    y_mm: Position
    width_mm: Millimetres
    height_mm: Millimetres
    opening: Opening = "fixed"
    opens: Direction | None = None
    fill: Fill = "glass"
    glass_tint: Hex | None = None
    panel_colour: Hex | None = None
    bars_rows: BarCount = 0
    bars_columns: BarCount = 0
    handle: bool | None = None
    label: Label | None = None
    name: Label | None = None

    def __post_init__(self) -> None:
        check_text("id", self.id, MAX_ID, optional=False)
        if not self.id:
            raise ValueError("id: must not be empty")
        where = f"section {self.id!r}"
        check_int(f"{where}: x_mm", self.x_mm, 0, MAX_MM)
        check_int(f"{where}: y_mm", self.y_mm, 0, MAX_MM)
        check_int(f"{where}: width_mm", self.width_mm, 1, MAX_MM)
        check_int(f"{where}: height_mm", self.height_mm, 1, MAX_MM)
        check_choice(f"{where}: opening", self.opening, OPENINGS)
        if self.opens is not None:
            check_choice(f"{where}: opens", self.opens, ("inward", "outward"))
        check_choice(f"{where}: fill", self.fill, ("glass", "panel"))
        check_colour(f"{where}: glass_tint", self.glass_tint, optional=True)
        check_colour(f"{where}: panel_colour", self.panel_colour, optional=True)
        check_int(f"{where}: bars_rows", self.bars_rows, 0, MAX_BARS)
        check_int(f"{where}: bars_columns", self.bars_columns, 0, MAX_BARS)
        if self.fill == "panel" and (self.bars_rows or self.bars_columns):
            raise ValueError(f"{where}: glazing bars need fill 'glass', not 'panel'")
        if self.handle is not None and not isinstance(self.handle, bool):
            raise ValueError(f"{where}: handle: expected true, false or null, got {self.handle!r}")
        if self.handle and self.opening == "fixed":
            raise ValueError(f"{where}: fixed glazing has no handle")
        check_text(f"{where}: label", self.label, MAX_LABEL)
        check_text(f"{where}: name", self.name, MAX_LABEL)

    @property
    def direction(self) -> Direction | None:
        """The effective opening direction (``opens`` or the opening type's default)."""
        if self.opening == "fixed" or self.opening.startswith("sliding"):
            return None
        return self.opens or default_opens(self.opening)

    @property
    def has_handle(self) -> bool:
        """Whether a handle is drawn (``handle`` or the opening type's default)."""
        return self.opening != "fixed" if self.handle is None else self.handle


class WindowSpec(_Spec, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A whole window (or door) to draw.

    ``width_mm``/``height_mm`` are the outer frame size. ``frame_mm`` and ``sash_mm`` are
    the visible face widths of the frame and sash profiles; ``mullion_mm`` that of the
    mullions and transoms (default: ``frame_mm``). ``colour_outside``/``colour_inside``
    are the exact finish colours; the optional ``*_label`` names them (e.g. "RAL 7016
    Anthracite grey"). ``convention`` picks the opening symbols ("vkg" Dutch, "din"
    German/Austrian); ``view`` the side seen (None: the convention's default).
    ``sections`` tile the window. ``sill`` draws an outside sill ``sill_depth_mm`` deep
    below the frame (in the outside view only: from inside, the wall hides it).
    ``title`` is printed above the drawing; ``dimensions`` switches the dimension lines.

    Texts, all ready-made by the caller (the renderer prints no word of its own):
    ``lengths`` pairs a length in mm with the text its dimension line shows (``(1230,
    "1.230")``, ``(927, '36 1/2"')``); a length not listed shows its plain mm number.
    ``caption`` is the line under the drawing (view, colour, units; None: the colour label
    alone); ``fixed_mark`` the mark on fixed glazing ("vast", "F"; None: no mark);
    ``description`` the accessible description (SVG ``<desc>``; None: the size in mm);
    ``lang`` the language those texts are in (the SVG's ``lang``).

    ``shown_px`` is the width in CSS px the drawing will be shown at (the SVG scales with its
    box): every text is then sized to at least ``MIN_TEXT_PX`` at that width, the drawing's
    margins growing with it. None keeps the sizes proportional to the window (print, tests).
    ``shown_height_px`` is the most height it may take there (a box with a height limit shows a
    tall drawing narrower than its width): the text then reads at whichever limit binds.
    """

    width_mm: Millimetres
    height_mm: Millimetres
    sections: Annotated[list[SectionSpec], Meta(min_length=1, max_length=MAX_SECTIONS)]
    frame_mm: Profile = 70
    sash_mm: Profile = 55
    mullion_mm: Profile | None = None
    colour_outside: Hex = "#ffffff"
    colour_inside: Hex = "#ffffff"
    colour_outside_label: Label | None = None
    colour_inside_label: Label | None = None
    handle_colour: Hex = "#dcdee0"
    convention: Convention = "vkg"
    view: View | None = None
    sill: bool = False
    sill_depth_mm: Annotated[int, Meta(ge=20, le=500)] = 150
    sill_colour: Hex = "#c5c9cd"
    title: Annotated[str, Meta(max_length=MAX_TITLE)] | None = None
    dimensions: bool = True
    lengths: Annotated[list[tuple[Millimetres, DimensionText]], Meta(max_length=MAX_LENGTHS)] = []
    caption: Annotated[str, Meta(max_length=MAX_CAPTION)] | None = None
    fixed_mark: Annotated[str, Meta(min_length=1, max_length=MAX_MARK)] | None = None
    description: Annotated[str, Meta(max_length=MAX_DESCRIPTION)] | None = None
    lang: Language = "en"
    shown_px: Annotated[int, Meta(ge=MIN_SHOWN_PX, le=MAX_SHOWN_PX)] | None = None
    shown_height_px: Annotated[int, Meta(ge=MIN_SHOWN_PX, le=MAX_SHOWN_PX)] | None = None

    def __post_init__(self) -> None:
        if self.shown_px is not None:
            check_int("shown_px", self.shown_px, MIN_SHOWN_PX, MAX_SHOWN_PX)
        if self.shown_height_px is not None:
            check_int("shown_height_px", self.shown_height_px, MIN_SHOWN_PX, MAX_SHOWN_PX)
        check_int("width_mm", self.width_mm, 1, MAX_MM)
        check_int("height_mm", self.height_mm, 1, MAX_MM)
        check_int("frame_mm", self.frame_mm, 10, MAX_PROFILE_MM)
        check_int("sash_mm", self.sash_mm, 10, MAX_PROFILE_MM)
        if self.mullion_mm is not None:
            check_int("mullion_mm", self.mullion_mm, 10, MAX_PROFILE_MM)
        for name in ("colour_outside", "colour_inside", "handle_colour", "sill_colour"):
            check_colour(name, getattr(self, name))
        check_text("colour_outside_label", self.colour_outside_label, MAX_LABEL)
        check_text("colour_inside_label", self.colour_inside_label, MAX_LABEL)
        check_text("title", self.title, MAX_TITLE)
        check_text("caption", self.caption, MAX_CAPTION)
        check_text("fixed_mark", self.fixed_mark, MAX_MARK)
        check_text("description", self.description, MAX_DESCRIPTION)
        self._check_lengths()
        check_choice("convention", self.convention, ("vkg", "din"))
        if self.view is not None:
            check_choice("view", self.view, ("outside", "inside"))
        check_choice("lang", self.lang, ("en", "nl", "de"))
        check_int("sill_depth_mm", self.sill_depth_mm, 20, 500)
        for name in ("sill", "dimensions"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name}: expected true or false, got {getattr(self, name)!r}")
        if not isinstance(self.sections, list | tuple) or not self.sections:
            raise ValueError("sections: expected at least one section")
        if len(self.sections) > MAX_SECTIONS:
            raise ValueError(f"sections: at most {MAX_SECTIONS}, got {len(self.sections)}")
        for s in self.sections:
            if not isinstance(s, SectionSpec):
                raise ValueError(f"sections: expected SectionSpec items, got {type(s).__name__}")
        self._check_tiling()
        self._check_room_for_profiles()

    def _check_lengths(self) -> None:
        if not isinstance(self.lengths, list | tuple) or len(self.lengths) > MAX_LENGTHS:
            raise ValueError(f"lengths: expected at most {MAX_LENGTHS} (mm, text) pairs")
        for i, pair in enumerate(self.lengths):
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise ValueError(f"lengths[{i}]: expected a (mm, text) pair, got {pair!r}")
            check_int(f"lengths[{i}] mm", pair[0], 1, MAX_MM)
            check_text(f"lengths[{i}] text", pair[1], MAX_DIMENSION_TEXT, optional=False)
            if not pair[1]:
                raise ValueError(f"lengths[{i}] text: must not be empty")

    def length_text(self, mm: int) -> str:
        """The text a dimension line of ``mm`` shows: the one given in ``lengths``, else the plain number."""
        for length, label in self.lengths:
            if length == mm:
                return label
        return str(mm)

    @property
    def effective_view(self) -> View:
        """The side the drawing shows: ``view``, or outside for vkg and inside for din."""
        if self.view is not None:
            return self.view
        return "outside" if self.convention == "vkg" else "inside"

    @property
    def mullion(self) -> int:
        """Face width of mullions and transoms in mm."""
        return self.frame_mm if self.mullion_mm is None else self.mullion_mm

    def _check_tiling(self) -> None:
        seen: set[str] = set()
        area = 0
        for s in self.sections:
            if s.id in seen:
                raise ValueError(f"sections: the id {s.id!r} is used twice")
            seen.add(s.id)
            if s.x_mm + s.width_mm > self.width_mm or s.y_mm + s.height_mm > self.height_mm:
                raise ValueError(
                    f"section {s.id!r}: reaches ({s.x_mm + s.width_mm}, {s.y_mm + s.height_mm}) mm, "
                    f"outside the {self.width_mm} x {self.height_mm} mm window")
            area += s.width_mm * s.height_mm
        items = self.sections
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if (a.x_mm < b.x_mm + b.width_mm and b.x_mm < a.x_mm + a.width_mm
                        and a.y_mm < b.y_mm + b.height_mm and b.y_mm < a.y_mm + a.height_mm):
                    raise ValueError(f"sections {a.id!r} and {b.id!r} overlap")
        if area != self.width_mm * self.height_mm:
            # Inside the window and without overlaps, a smaller area means a gap.
            raise ValueError(
                f"sections: cover {area} of {self.width_mm * self.height_mm} mm²; "
                "they must tile the window exactly")

    def _check_room_for_profiles(self) -> None:
        half = self.mullion / 2
        for s in self.sections:
            left = self.frame_mm if s.x_mm == 0 else half
            right = self.frame_mm if s.x_mm + s.width_mm == self.width_mm else half
            top = self.frame_mm if s.y_mm == 0 else half
            bottom = self.frame_mm if s.y_mm + s.height_mm == self.height_mm else half
            sash = 2 * self.sash_mm if has_sash(s.opening) else 0
            leaves = 2 if s.opening.startswith("dutch") else 1
            need_w = left + right + sash
            need_h = top + bottom + sash * leaves
            if s.width_mm <= need_w:
                raise ValueError(
                    f"section {s.id!r}: {s.width_mm} mm wide leaves no glass between its profiles; "
                    f"it needs more than {need_w:g} mm")
            if s.height_mm <= need_h:
                raise ValueError(
                    f"section {s.id!r}: {s.height_mm} mm high leaves no glass between its profiles; "
                    f"it needs more than {need_h:g} mm")
