"""PNG and PDF output: sizes, backgrounds, page count, limits and the refusing URL fetcher."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from renderer import (
    MAX_PX,
    MIN_PX,
    RenderError,
    SectionSpec,
    SheetSpec,
    WindowSpec,
    clamp_width,
    refuse_url,
    render_pdf,
    render_png,
    render_svg,
    svg_to_pdf,
    svg_to_png,
)
from renderer.examples import EXAMPLES
from renderer.png import encode_png
from renderer.sheet import sheet_svg

TALL = WindowSpec(width_mm=400, height_mm=3000, sections=[
    SectionSpec(id="a", x_mm=0, y_mm=0, width_mm=400, height_mm=3000, opening="turn-left")])


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


@pytest.mark.parametrize("width", [MIN_PX, 321, 800, 1600])
def test_png_has_the_requested_width_and_the_drawings_proportions(width: int) -> None:
    image = decode(render_png(EXAMPLES["two-vkg"], width_px=width))
    assert image.format == "PNG" and image.mode == "RGB" and image.width == width
    _, _, view_w, view_h = _view_box(render_svg(EXAMPLES["two-vkg"]))
    assert image.height == round(width * view_h / view_w)


def _view_box(svg: str) -> list[float]:
    return [float(v) for v in svg.split('viewBox="')[1].split('"')[0].split()]


def test_white_png_is_drawn_and_opaque() -> None:
    image = decode(render_png(EXAMPLES["two-vkg"], width_px=400))
    assert image.getpixel((0, 0)) == (255, 255, 255)
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 20  # a real drawing, not a blank page
    # The anthracite frame is there: a dark pixel on the left frame member, mid-height.
    assert min(image.crop((0, 100, 200, 200)).convert("L").tobytes()) < 80


def test_transparent_png_really_has_alpha() -> None:
    image = decode(render_png(EXAMPLES["single-fixed"], width_px=300, background="transparent"))
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0  # the margin is see-through
    alphas = set(image.getchannel("A").tobytes())
    assert 0 in alphas and 255 in alphas
    # Un-premultiplied: the opaque glass keeps its colour rather than going dark.
    r, g, b, a = image.getpixel((image.width // 2, image.height // 2 - 40))
    assert a == 255 and min(r, g, b) > 150


def test_dpi_prints_the_one_to_ten_drawing_at_that_resolution() -> None:
    image = decode(render_png(EXAMPLES["single-fixed"], dpi=150))
    view_w = _view_box(render_svg(EXAMPLES["single-fixed"]))[2]
    assert image.width == round(view_w / 10 / 25.4 * 150)
    with pytest.raises(RenderError, match="give width_px or dpi, not both"):
        render_png(EXAMPLES["single-fixed"], width_px=100, dpi=96)
    with pytest.raises(RenderError, match=r"^dpi: at 1200 dpi the drawing would be \d+ px wide"):
        render_png(EXAMPLES["sliding-door"], dpi=1200)


@pytest.mark.parametrize("width", [100_000, 0, -5, MAX_PX + 1, MIN_PX - 1, 800.5, True])
def test_out_of_range_widths_are_refused(width: object) -> None:
    expected = rf"^width_px: expected whole pixels from {MIN_PX} to {MAX_PX}, got"
    with pytest.raises(RenderError, match=expected):
        render_png(EXAMPLES["two-vkg"], width_px=width)  # type: ignore[arg-type]


def test_a_width_that_would_make_the_picture_too_tall_is_refused() -> None:
    with pytest.raises(RenderError, match=r"px tall; the limit is 4000 px \(at most \d+ px wide\)"):
        render_png(TALL, width_px=MAX_PX)


@pytest.mark.parametrize(("asked", "expected"), [(None, 800), (100_000, MAX_PX), (0, MIN_PX), (-3, MIN_PX),
                                                 (640, 640)])
def test_clamp_width_gives_a_safe_width(asked: int | None, expected: int) -> None:
    assert clamp_width(asked) == expected


def test_clamp_width_with_a_spec_also_bounds_the_height() -> None:
    width = clamp_width(100_000, TALL)
    assert width < MAX_PX
    image = decode(render_png(TALL, width_px=width))
    assert image.height <= MAX_PX and image.width == width


def test_the_fetcher_refuses_every_url() -> None:
    for url in ("http://example.com/x.png", "https://example.com/a.svg", "file:///etc/passwd",
                "data:image/png;base64,iVBORw0KGgo=", "ftp://x/y"):
        with pytest.raises(RenderError, match="external resources are not allowed"):
            refuse_url(url, "image/*")


EXTERNAL = [  # (element, whether cairosvg asks the fetcher for it)
    ('<image href="http://127.0.0.1:9/x.png" x="0" y="0" width="10" height="10"/>', True),
    ('<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd" '
     'width="10" height="10"/>', True),
    ('<use href="http://127.0.0.1:9/sprite.svg#a"/>', True),
    ('<style>@import url("http://127.0.0.1:9/x.css");</style>', False),
]


@pytest.mark.parametrize(("element", "asks"), EXTERNAL)
def test_svg_with_an_external_reference_is_not_fetched(element: str, asks: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import cairosvg.url

    def no_network(*args: object, **kwargs: object) -> bytes:
        raise AssertionError(f"tried to fetch {args!r}")

    # Belt and braces: should our fetcher ever be bypassed, cairosvg's own would fail the test.
    monkeypatch.setattr(cairosvg.url, "fetch", no_network)
    monkeypatch.setattr(cairosvg.url, "urlopen", no_network)
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
           f'<rect width="20" height="20"/>{element}</svg>')
    for convert in (lambda: svg_to_png(svg, width_px=20, height_px=20), lambda: svg_to_pdf(svg)):
        if asks:
            with pytest.raises(RenderError, match="external resources are not allowed"):
                convert()
        else:  # cairosvg leaves it out without asking anyone
            assert convert()[:4] in (b"\x89PNG", b"%PDF")


def test_svg_to_png_bounds_its_own_size_and_input() -> None:
    huge = '<svg xmlns="http://www.w3.org/2000/svg" width="1000000" height="1000000"/>'
    with pytest.raises(RenderError, match="width_px"):
        svg_to_png(huge, width_px=MAX_PX + 1, height_px=10)
    assert decode(svg_to_png(huge, width_px=50, height_px=50)).size == (50, 50)
    with pytest.raises(RenderError, match="cannot render this SVG"):
        svg_to_png("<svg", width_px=10, height_px=10)
    entity = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
    with pytest.raises(RenderError, match="cannot render this SVG"):
        svg_to_png(entity, width_px=10, height_px=10)
    with pytest.raises(RenderError, match="background"):
        svg_to_png(huge, width_px=10, height_px=10, background="pink")  # type: ignore[arg-type]


def page_count(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.parametrize("name", ["two-vkg", "sliding-door", "three-din-toplight"])
def test_pdf_is_one_a4_page(name: str) -> None:
    sheet = SheetSpec(dealer="Kozijnen & Zn.", title="Offerte", reference="DEMO-2026-000123",
                      date="24-11-2026", rows=[("Product", "PVC"), ("Size", "1800 × 1400 mm")])
    pdf = render_pdf(EXAMPLES[name], sheet)
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    box = pdf.split(b"/MediaBox [")[1].split(b"]")[0].split()
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    assert sorted((round(width), round(height))) == [595, 842]  # A4 in points


def test_sheet_orientation_and_contents() -> None:
    sheet = SheetSpec(dealer="<b>Dealer</b>", rows=[("Colour", "x" * 300)], orientation="landscape",
                      note="Indicative & subject to survey", accent="#0B6E4F")
    svg = sheet_svg(EXAMPLES["two-vkg"], sheet)
    assert 'width="297mm" height="210mm"' in svg
    assert "&lt;b&gt;Dealer&lt;/b&gt;" in svg and "<b>" not in svg
    assert "x" * 300 not in svg and "…" in svg  # long values are cut, never spill off the page
    assert 'fill="#0b6e4f"' in svg
    assert 'width="210mm" height="297mm"' in sheet_svg(EXAMPLES["three-din-toplight"], SheetSpec())
    assert page_count(render_pdf(EXAMPLES["two-vkg"])) == 1


def test_sheet_spec_is_validated() -> None:
    with pytest.raises(ValueError, match=r"^rows: expected at most 30"):
        SheetSpec(rows=[("a", "b")] * 31)
    with pytest.raises(ValueError, match=r"^rows\[0\]: expected a \(label, value\) pair"):
        SheetSpec(rows=[("a",)])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"^accent: expected a colour"):
        SheetSpec(accent="green")
    with pytest.raises(ValueError, match=r"^orientation: expected portrait, landscape or auto"):
        SheetSpec(orientation="square")  # type: ignore[arg-type]


def test_png_encoder_round_trips() -> None:
    pixels = bytes(range(256)) * 3 * 4  # 16 x 16 RGB... as 3072 bytes = 32 x 32 RGB
    image = decode(encode_png(pixels, 32, 32, 3))
    assert image.size == (32, 32) and image.tobytes() == pixels
    with pytest.raises(ValueError, match="expected 3072 bytes"):
        encode_png(pixels[:-1], 32, 32, 3)
