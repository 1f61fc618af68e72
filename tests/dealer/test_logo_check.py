"""Uploaded logos: the type found by the bytes, rasters opened and re-encoded, SVG sanitised by an allowlist."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET  # noqa: S405 - reading our own sanitiser's output

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from server.services.errors import Invalid
from server.services.logo_check import MAX_BYTES, RENDITION_PX, check_logo
from server.services.svg_sanitise import ALLOWED_ATTRIBUTES, ALLOWED_ELEMENTS, sanitise_svg
from tests.support.logos import LOGO_RGB, SVG_LOGO, image_bytes, svg_logo

SVG_NS = "{http://www.w3.org/2000/svg}"


def _code(data: bytes, filename: str = "", declared: str = "") -> tuple[str, dict[str, object]]:
    with pytest.raises(Invalid) as refused:
        check_logo(data, filename, declared)
    [problem] = refused.value.problems
    assert problem.field == "logo"
    return problem.code, problem.params


@pytest.mark.parametrize(("fmt", "name", "media_type"), [
    ("PNG", "logo.png", "image/png"), ("JPEG", "logo.jpg", "image/jpeg"), ("WEBP", "logo.webp", "image/webp")])
def test_each_raster_type_is_accepted_re_encoded_with_a_png_rendition(fmt: str, name: str, media_type: str) -> None:
    original = image_bytes(fmt) + b"trailing bytes a polyglot would hide"
    logo = check_logo(original, name, media_type)
    assert logo.media_type == media_type and logo.body != original
    with Image.open(io.BytesIO(logo.body)) as served:
        assert served.format == fmt and served.size == (240, 80)
    with Image.open(io.BytesIO(logo.png)) as png:
        assert png.format == "PNG" and png.size == (240, 80)
        assert png.convert("RGB").getpixel((120, 40)) == pytest.approx(LOGO_RGB, abs=3)
    assert len(logo.etag) == 32


def test_an_svg_is_accepted_sanitised_with_a_png_rendition_in_a_fixed_box() -> None:
    logo = check_logo(SVG_LOGO, "logo.svg", "image/svg+xml")
    assert logo.media_type == "image/svg+xml" and logo.body.startswith(b"<svg")
    with Image.open(io.BytesIO(logo.png)) as png:
        assert png.size == (RENDITION_PX, RENDITION_PX // 3), "the aspect of 240 x 80 is kept"
        assert png.convert("RGB").getpixel((300, 100)) == LOGO_RGB


def test_a_large_raster_is_rendered_small_for_the_pdfs() -> None:
    logo = check_logo(image_bytes("PNG", (3000, 1000)), "big.png")
    with Image.open(io.BytesIO(logo.png)) as png:
        assert png.size == (RENDITION_PX, RENDITION_PX // 3)


@pytest.mark.parametrize(("data", "name", "declared", "found", "named"), [
    (image_bytes("PNG"), "logo.svg", "image/svg+xml", "PNG", "SVG"),
    (image_bytes("PNG"), "logo.svg", "", "PNG", "SVG"),
    (SVG_LOGO, "logo.png", "image/png", "SVG", "PNG"),
    (image_bytes("JPEG"), "logo.jpg", "image/png", "JPEG", "PNG"),
])
def test_a_file_whose_name_or_declared_type_says_another_type_is_refused(
        data: bytes, name: str, declared: str, found: str, named: str) -> None:
    assert _code(data, name, declared) == ("branding.logo.mismatch", {"found": found, "named": named})


@pytest.mark.parametrize("data", [
    b"<!doctype html><html><body><script>alert(1)</script></body></html>",
    b"<html><svg xmlns='http://www.w3.org/2000/svg'></svg></html>",
    b"GIF89a\x01\x00\x01\x00", b"%PDF-1.7", b"just text"])
def test_html_and_other_files_named_png_are_refused_by_their_bytes(data: bytes) -> None:
    assert _code(data, "logo.png", "image/png") == ("branding.logo.type", {})


def test_a_file_too_large_is_refused_before_it_is_opened() -> None:
    assert _code(image_bytes("PNG") + b"\0" * MAX_BYTES, "logo.png") == ("branding.logo.too_large", {"max_kb": 512})


def test_no_file_is_refused() -> None:
    assert _code(b"") == ("branding.logo.empty", {})


def test_a_raster_over_4000_pixels_on_a_side_is_refused_without_decoding_it() -> None:
    assert _code(image_bytes("PNG", (4001, 10)), "wide.png") == ("branding.logo.dimensions", {"max": 4000})


def test_a_decompression_bomb_is_refused() -> None:
    # A PNG header claiming 4000 x 4000 pixels (16 Mpx) whose compressed data is a few bytes: Pillow's
    # limit is not what stops it here (under its 89 Mpx), the broken data is; a bigger claim is refused above.
    out = io.BytesIO()
    Image.new("1", (4000, 4000)).save(out, "PNG")
    data = out.getvalue()
    assert len(data) < MAX_BYTES
    logo = check_logo(data, "bomb.png")  # a real, legal 4000 x 4000 image is taken and rendered small
    with Image.open(io.BytesIO(logo.png)) as png:
        assert png.size == (RENDITION_PX, RENDITION_PX)
    assert _code(data[:200], "bomb.png") == ("branding.logo.broken", {})


def test_a_truncated_image_is_refused_as_broken() -> None:
    assert _code(image_bytes("JPEG")[:120], "logo.jpg") == ("branding.logo.broken", {})


def _names(svg: bytes) -> tuple[set[str], set[str]]:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    elements = {e.tag.removeprefix(SVG_NS) for e in root.iter()}
    attributes = {a for e in root.iter() for a in e.attrib}
    return elements, attributes


@pytest.mark.parametrize(("hostile", "gone"), [
    ("<script>alert(1)</script>", b"alert"),
    ('<script xlink:href="https://evil.example/x.js"/>', b"evil"),
    ('<rect width="1" height="1" onload="alert(1)" onclick="alert(2)"/>', b"alert"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', b"javascript"),
    ('<a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a>', b"javascript"),
    ('<use href="javascript:alert(1)"/>', b"javascript"),
    ('<use xlink:href="https://evil.example/sprite.svg#a"/>', b"evil"),
    ('<image href="https://evil.example/track.png" width="10" height="10"/>', b"evil"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi<iframe src="https://evil.example"/></div>'
     '</foreignObject>', b"evil"),
    ('<style>@import url(https://evil.example/a.css); rect{fill:url(https://evil.example/p)}</style>', b"evil"),
    ('<rect width="1" height="1" style="fill:url(https://evil.example/p);stroke:red"/>', b"evil"),
    ('<rect width="1" height="1" fill="url(https://evil.example/p#x)"/>', b"evil"),
    ('<animate attributeName="href" to="javascript:alert(1)"/>', b"javascript"),
    ('<set attributeName="onload" to="alert(1)"/>', b"alert"),
])
def test_what_could_run_or_fetch_is_removed_from_an_svg(hostile: str, gone: bytes) -> None:
    logo = check_logo(svg_logo(hostile), "logo.svg")
    assert gone not in logo.body.lower()
    elements, attributes = _names(logo.body)
    assert elements <= ALLOWED_ELEMENTS and not {a for a in attributes if a.lower().startswith("on")}
    assert b"<rect" in logo.body, "the drawing itself stays"


def test_an_onload_on_the_root_and_local_references_are_handled_as_they_should() -> None:
    body = check_logo(svg_logo('<defs><linearGradient id="g"><stop offset="0" stop-color="#c81e1e"/>'
                               '</linearGradient></defs><rect width="9" height="9" fill="url(#g)"/><use href="#g"/>',
                               root_attrs='onload="alert(1)"'), "logo.svg").body
    assert b"onload" not in body and b'fill="url(#g)"' in body and b'href="#g"' in body


@pytest.mark.parametrize("bomb", [
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    b'<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/x.dtd"> %p;]><svg xmlns="http://www.w3.org/2000/svg"/>',
])
def test_an_entity_bomb_or_any_entity_is_refused(bomb: bytes) -> None:
    assert _code(bomb, "logo.svg") == ("branding.logo.svg_entities", {})


def test_a_bare_doctype_as_editors_write_it_is_taken_and_dropped_never_fetched() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + SVG_LOGO)
    logo = check_logo(data, "illustrator.svg")
    assert b"DOCTYPE" not in logo.body and b"w3.org/Graphics" not in logo.body


@pytest.mark.parametrize("data", [b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>",
                                  b"<svg><rect width='1' height='1'/></svg>"])
def test_an_svg_that_is_not_well_formed_or_not_in_the_svg_namespace_is_refused(data: bytes) -> None:
    assert _code(data, "logo.svg") == ("branding.logo.broken", {})


_NAME = st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9-]{0,11}\Z")


@settings(max_examples=60, deadline=None)
@given(tags=st.lists(_NAME, min_size=1, max_size=5),
       attrs=st.lists(st.tuples(_NAME, st.text(alphabet="abc#():/ 0123", max_size=12)), max_size=5))
def test_a_sanitised_svg_has_only_allowlisted_names(tags: list[str], attrs: list[tuple[str, str]]) -> None:
    attributes = " ".join(f'{name}="{value}"' for name, value in dict(attrs).items())
    inner = "".join(f"<{tag} {attributes}>" for tag in tags) + "".join(f"</{tag}>" for tag in reversed(tags))
    out = sanitise_svg(f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}>{inner}</svg>'.encode())
    elements, names = _names(out)
    assert elements <= ALLOWED_ELEMENTS
    assert names <= ALLOWED_ATTRIBUTES | {"{http://www.w3.org/XML/1998/namespace}space"}
    for element in ET.fromstring(out).iter():  # noqa: S314 - our own output
        for name, value in element.attrib.items():
            assert "url(" not in value or value.replace(" ", "").startswith("url(#"), (name, value)
            assert name != "href" or value.startswith("#")


def _use_bomb(levels: int) -> bytes:
    """Groups each holding ten ``<use>`` of the group below: ten to the power ``levels`` copies of a rect."""
    groups = "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, levels + 1))
    return svg_logo(f'<defs><rect id="a0" width="1" height="1"/>{groups}</defs><use href="#a{levels}"/>')


@pytest.mark.parametrize("levels", [4, 5])
def test_an_svg_that_multiplies_itself_with_use_is_refused_before_it_is_drawn(levels: int) -> None:
    assert len(_use_bomb(levels)) < 3000, "a small file"
    assert _code(_use_bomb(levels), "logo.svg") == ("branding.logo.complex", {"depth": 64, "nodes": 2000})


@pytest.mark.parametrize("cycle", [
    '<g id="a"><use href="#a"/></g>',
    '<g id="a"><use href="#b"/></g><g id="b"><use xlink:href="#a"/></g>',
    '<use id="u" href="#u"/>',
])
def test_a_use_that_reaches_itself_is_refused(cycle: str) -> None:
    assert _code(svg_logo(cycle), "logo.svg")[0] == "branding.logo.complex"


def test_a_long_chain_of_use_is_refused_not_a_recursion_error() -> None:
    chain = "".join(f'<use id="c{i}" href="#c{i + 1}"/>' for i in range(3000)) + '<rect id="c3000" width="1"/>'
    assert _code(svg_logo(chain), "logo.svg")[0] == "branding.logo.complex"


def test_a_logo_with_a_few_use_and_symbols_is_still_taken() -> None:
    logo = check_logo(svg_logo(
        '<defs><symbol id="star"><path d="M5 0 L6 4 L10 4 L7 6 L8 10 L5 7 L2 10 L3 6 L0 4 L4 4 Z"/></symbol>'
        '<g id="row"><use href="#star" x="0"/><use href="#star" x="12"/><use href="#star" x="24"/></g></defs>'
        '<use href="#row" y="0"/><use xlink:href="#row" y="12"/><use href="#missing"/>'), "logo.svg")
    assert logo.body.count(b"<use") == 6 and logo.png


@pytest.mark.parametrize("depth", [65, 5000])
def test_a_deeply_nested_svg_is_refused_as_too_complex(depth: int) -> None:
    assert _code(svg_logo("<g>" * depth + "</g>" * depth), "logo.svg")[0] == "branding.logo.complex"


def test_an_svg_nested_64_deep_is_taken() -> None:
    assert check_logo(svg_logo("<g>" * 63 + "<rect width='1' height='1'/>" + "</g>" * 63), "logo.svg").png
