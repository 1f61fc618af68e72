"""From an evaluated configuration to the renderer's plain drawing spec.

The engine's layout coordinates are as seen from INSIDE the room (where the homeowner
stands, so the "left" section is on their left); the renderer's are as seen from
outside, so x is mirrored here. Colours come from the chosen finishes' swatches.

The renderer prints no word and formats no length: every text of the drawing is made here,
in the language asked for and the dealer's units (``[dealer] units``): the dimension texts
(``1230`` or ``48 7/16"``), the caption ("Buitenaanzicht · RAL 9016 · Maten in mm"), the
fixed-glazing mark, DIN handing, the sheet's rows and page line, and the accessible
description, one sentence without internal ids.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Literal

import babel
import msgspec

from renderer import (
    MAX_SHOWN_PX,
    MIN_SHOWN_PX,
    SectionSpec,
    SheetSpec,
    WindowSpec,
    clamp_width,
    din_handing,
    render_pdf,
    render_png,
    render_svg,
)
from server.engine.catalog import Catalog, Layout, OptionGroup, Product
from server.engine.compiled import CompiledCatalog
from server.engine.configuration import Configuration
from server.engine.i18n import pick
from server.engine.layout import resolve, section_places
from server.i18n.engine_words import section_name
from server.i18n.lengths import Units, dimension_text, format_size, is_imperial
from server.i18n.words import words as family

__all__ = ["DrawingFormat", "View", "drawing_etag", "fingerprint_sources", "render_drawing", "sheet_spec",
           "window_spec"]

DrawingFormat = Literal["svg", "png", "pdf"]
View = Literal["inside", "outside"]

_WHITE = "#ffffff"


def _chosen(group: OptionGroup, config: Configuration):  # noqa: ANN202 - OptionValue
    value_id = config.options.get(group.id, group.default)
    return next((v for v in group.values if v.id == value_id), group.values[0])


def _finish(product: Product, config: Configuration, face: str, lang: str) -> tuple[str, str | None]:
    for group in product.options:
        if group.finish == face:
            value = _chosen(group, config)
            return value.swatch or _WHITE, pick(value.label, lang)
    return _WHITE, None


def _role_swatch(product: Product, config: Configuration, role: str) -> str | None:
    for group in product.options:
        if group.role == role:
            value = _chosen(group, config)
            if value.swatch:
                return value.swatch
    return None


def _has_sill(product: Product, config: Configuration) -> bool:
    for group in product.options:
        if group.role == "sill":
            return _chosen(group, config).id != group.values[0].id
    return product.profile.sill


def _view_of(convention: str, view: View | None) -> View:
    # The renderer's rule (WindowSpec.effective_view), needed here for the caption's words.
    if view is not None:
        return view
    return "outside" if convention == "vkg" else "inside"


def _edges_gaps(starts_ends: list[tuple[int, int]]) -> set[int]:
    """Every gap between neighbouring section edges along one axis: the chain dimensions drawn."""
    edges = sorted({e for pair in starts_ends for e in pair})
    return {b - a for a, b in zip(edges, edges[1:], strict=False)}


def _opening_words(product: Product, opening: str, fill: str, lang: str) -> str:
    words = family("drawing", lang)
    if opening == "fixed" and fill == "panel":
        return words["panel"]
    found = product.opening(opening)
    text = pick(found.label, lang) if found else words["section"]
    # Mid-sentence the opening is a common noun: lower case, except German nouns.
    return text if lang == "de" else text[:1].lower() + text[1:]


def _description(product: Product, layout: Layout, parts: list[tuple[str, str, str]], size: str,
                 lang: str) -> str:
    """The drawing's accessible description: one sentence naming the size and each section's opening.

    ``parts`` are (section id, opening, fill) in drawing order; sections are named by their place
    ("linkervak"), or by number when the layout gives them none: never by their internal id.
    """
    words = family("drawing", lang)
    if len(parts) == 1:
        _, opening, fill = parts[0]
        return words["desc_one"].format(window=words["window"], size=size,
                                        opening=_opening_words(product, opening, fill, lang))
    places = section_places(layout.root)
    counts: dict[str | None, int] = {}
    for sid, _, _ in parts:
        counts[places.get(sid)] = counts.get(places.get(sid), 0) + 1
    named = []
    for n, (sid, opening, fill) in enumerate(parts, start=1):
        place = places.get(sid)
        # By its place when that names it alone, else by its number: never by the internal id.
        name = words[f"place-{place}"] if place in _NAMED_PLACES and counts[place] == 1 \
            else f"{words['section']} {n}"
        named.append(f"{name} {_opening_words(product, opening, fill, lang)}")
    # "; " between sections: an opening's own label may hold a comma ("Tilt-turn, hinged left").
    return words["desc_many"].format(window=words["window"], size=size, n=len(parts), parts="; ".join(named))


def _units(catalog: Catalog) -> Units:
    return catalog.dealer.length_units


def window_spec(compiled: CompiledCatalog, config: Configuration, lang: str, view: View | None = None,
                shown_px: int | None = None, shown_height_px: int | None = None) -> WindowSpec:
    """The drawing spec of a normalised, valid configuration, its texts in ``lang`` and the dealer's units.

    Each pane of a window of several sections carries its name ("Linkervak", named as seen from
    inside, like the words), so the picture and the words agree in either ``view``. ``shown_px`` is
    the width in CSS px the drawing is shown at, ``shown_height_px`` the most height it may take there:
    its text is sized to read at that size.
    """
    cp = compiled.products[config.product]
    product = cp.product
    words = family("drawing", lang)
    units = _units(compiled.catalog)
    convention = compiled.catalog.dealer.drawing_convention
    width, height = int(config.width_mm or 0), int(config.height_mm or 0)
    layout = cp.layouts[config.layout or cp.default_layout]
    geo = resolve(layout.root, width, height, dict(config.divisions))
    colour_out, label_out = _finish(product, config, "outside", lang)
    colour_in, label_in = _finish(product, config, "inside", lang)
    tint = _role_swatch(product, config, "glass")
    places = section_places(layout.root)
    many = len(geo.leaves) > 1
    sections = []
    parts: list[tuple[str, str, str]] = []
    for sid, leaf in geo.leaves.items():
        choice = config.sections.get(sid)
        opening = choice.opening if choice and choice.opening else (leaf.node.default_opening or "fixed")
        fill = choice.fill if choice and choice.fill else "glass"
        bars = choice.bars if choice else None
        hand = din_handing(opening) if convention == "din" else None
        parts.append((sid, opening, fill))
        sections.append(SectionSpec(
            id=sid,
            x_mm=width - leaf.x - leaf.width,  # inside -> outside coordinates
            y_mm=leaf.y,
            width_mm=leaf.width,
            height_mm=leaf.height,
            opening=opening,  # type: ignore[arg-type]  # a str the catalog offers; the spec re-checks it
            fill=fill,  # type: ignore[arg-type]  # a str the catalog offers; the spec re-checks it
            glass_tint=tint if fill == "glass" else None,
            bars_rows=bars.rows if bars and fill == "glass" else 0,
            bars_columns=bars.columns if bars and fill == "glass" else 0,
            label=words[f"din-{hand}"] if hand else None,
            name=_section_label(places.get(sid), sid, lang)[:80] if many else None,
        ))
    lengths = {width, height} | _edges_gaps([(s.x_mm, s.x_mm + s.width_mm) for s in sections]) \
        | _edges_gaps([(s.y_mm, s.y_mm + s.height_mm) for s in sections])
    shown = _view_of(convention, view)
    colour_label = (label_out if shown == "outside" else label_in) or ""
    caption = " · ".join(p for p in (words[f"view-{shown}"], colour_label[:80],
                                     words["dims-in" if is_imperial(units) else "dims-mm"]) if p)
    return WindowSpec(
        width_mm=width, height_mm=height, sections=sections,
        frame_mm=product.profile.frame_mm, sash_mm=product.profile.sash_mm,
        colour_outside=colour_out, colour_inside=colour_in,
        colour_outside_label=(label_out or "")[:80] or None, colour_inside_label=(label_in or "")[:80] or None,
        handle_colour=_role_swatch(product, config, "handle") or "#dcdee0",
        convention=convention, view=view, sill=_has_sill(product, config),
        title=f"{pick(product.label, lang)} — {pick(layout.label, lang)}"[:200],
        lengths=[(mm, dimension_text(mm, units)) for mm in sorted(lengths)],
        caption=caption[:200], fixed_mark=words["fixed"],
        description=_description(product, layout, parts, format_size(width, height, lang, units), lang)[:400],
        lang=lang,  # type: ignore[arg-type]  # a str; the spec checks it
        shown_px=shown_px, shown_height_px=shown_height_px if shown_px else None,
    )


# Places the layout names a section by ("het linkervak"); any other is named by its number.
_NAMED_PLACES = ("left", "right", "middle", "top", "bottom")


def _section_label(place: str | None, section_id: str, lang: str) -> str:
    # "het linkervak" in a sentence, "Linkervak" as a label in the specification table: a named place
    # by the drawing family's place word ("linkes Feld": German declines the adjective without its
    # article, so "das linke Feld" less "das " would read "Linke Feld").
    if place in _NAMED_PLACES:
        word = family("drawing", lang)[f"place-{place}"]
        return word[:1].upper() + word[1:]
    name = section_name(place, section_id, lang)
    for article in ("het ", "the ", "das "):
        name = name.removeprefix(article)
    return name[:1].upper() + name[1:]


def sheet_spec(catalog: Catalog, config: Configuration, lang: str, *, reference: str | None = None,
               date: str | None = None, note: str = "", page: str | None = None) -> SheetSpec:
    """The specification table and header of the A4 sheet of one item."""
    words = family("drawing", lang)
    product = catalog.product(config.product)
    assert product is not None
    layout = next(lay for lay in product.layouts if lay.id == config.layout)
    rows: list[tuple[str, str]] = [
        (words["product"], pick(product.label, lang)),
        (words["size"], format_size(config.width_mm or 0, config.height_mm or 0, lang, _units(catalog))),
        (words["layout"], pick(layout.label, lang)),
    ]
    places = section_places(layout.root)
    for sid, choice in config.sections.items():
        opening = product.opening(choice.opening or "fixed")
        text = pick(opening.label, lang) if opening else str(choice.opening)
        if choice.bars and (choice.bars.rows or choice.bars.columns):
            text += f", {choice.bars.rows} x {choice.bars.columns}"
        rows.append((_section_label(places.get(sid), sid, lang), text))
    for group in product.options:
        rows.append((pick(group.label, lang), pick(_chosen(group, config).label, lang)))
    rows.append((words["quantity"], str(config.quantity)))
    if note:
        rows.append((words["note"], note))
    dealer = catalog.dealer
    return SheetSpec(rows=[(a[:80], b[:300]) for a, b in rows][:40], dealer=dealer.name[:80],
                     title=pick(product.label, lang)[:80], reference=reference, date=date,
                     page=page or words["page"],
                     note=(pick(dealer.price_note, lang) if dealer.price_note else None), accent=dealer.accent_colour)


def render_drawing(compiled: CompiledCatalog, config: Configuration, lang: str, fmt: DrawingFormat, *,
                   width_px: int | None = None, view: View | None = None, transparent: bool = False,
                   sheet: SheetSpec | None = None, shown_px: int | None = None,
                   shown_height_px: int | None = None) -> bytes:
    """The drawing of a normalised, valid configuration as SVG, PNG or the A4 PDF sheet.

    ``shown_px`` (SVG) is the width in CSS px the SVG is shown at (``shown_height_px`` its height
    limit, if any); a PNG's text is sized for its
    pixel width and the sheet's for the size it prints at, so every text reads (>= 11 CSS px).

    A PNG width is clamped (also so a very tall window stays within the pixel limit), so
    the work is bounded whatever the caller asks for.
    """
    spec = window_spec(compiled, config, lang, view, *((shown_px, shown_height_px) if fmt == "svg" else ()))
    if fmt == "svg":
        return render_svg(spec).encode()
    if fmt == "png":
        width = clamp_width(width_px, spec)
        if width >= MIN_SHOWN_PX:
            # A PNG is shown at its pixel width: its text is sized to read there, like the SVG's.
            spec = msgspec.structs.replace(spec, shown_px=min(width, MAX_SHOWN_PX))
            width = clamp_width(width, spec)
        return render_png(spec, width_px=width, background="transparent" if transparent else "white")
    return render_pdf(spec, sheet or sheet_spec(compiled.catalog, config, lang))


def fingerprint_sources() -> list[Path]:
    """The files a drawing's ETag covers: the renderer, this module, server/i18n and its compiled catalogs."""
    here = Path(__file__).resolve()
    package = here.parent.parent / "renderer"
    i18n = here.parent / "i18n"
    return [*sorted(package.glob("*.py")), *sorted(i18n.glob("*.py")), *sorted(i18n.glob("locale/*/*/*.mo")), here]


@functools.cache
def _renderer_fingerprint() -> str:
    # A deploy that changes how windows are drawn, or how their lengths, numbers and words are
    # written (server/i18n, its compiled catalogs and Babel's CLDR data), must not be answered with a 304.
    digest = hashlib.sha256(f"babel {babel.__version__}".encode())
    for path in fingerprint_sources():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def drawing_etag(catalog_version: str, *parts: object) -> str:
    """A strong ETag of a drawing, known before drawing it: catalog, drawing code and the request's parts."""
    digest = hashlib.sha256()
    for part in (catalog_version, _renderer_fingerprint(), *parts):
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return '"' + digest.hexdigest()[:32] + '"'
