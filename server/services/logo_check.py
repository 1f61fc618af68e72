"""An uploaded logo checked and made ours: its type found by its bytes, opened, re-encoded, a PNG made.

The file's name and the type the browser declared are never trusted to say what the file is:
the first bytes do. A name or declared type that names *another* image type than the bytes is
refused as a disguised file (a PNG called ``logo.svg``). Raster images are opened with Pillow
under a pixel limit (no decompression bomb), at most :data:`MAX_SIDE_PX` on a side, and
re-encoded, which drops whatever rode along (metadata, trailing bytes, a polyglot's second
face). SVG is sanitised (:mod:`server.services.svg_sanitise`), and one
too deeply nested or multiplied by ``<use>`` to draw in bounded time is refused before cairosvg
sees it. Each logo also gets a PNG
rendition, at most :data:`RENDITION_PX` on a side, for the PDFs and e-mails.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Literal

import msgspec
from cairosvg.helpers import node_format
from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface
from PIL import Image

from server.services.errors import FieldProblem, Invalid
from server.services.svg_sanitise import MAX_DEPTH, MAX_DRAWN_NODES, SvgRefused, sanitise_svg

__all__ = ["MAX_BYTES", "MAX_SIDE_PX", "RENDITION_PX", "CheckedLogo", "check_logo", "sniff"]

MAX_BYTES = 512 * 1024
MAX_SIDE_PX = 4000
RENDITION_PX = 600
LogoType = Literal["image/png", "image/jpeg", "image/webp", "image/svg+xml"]
_PILLOW_FORMAT = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
_NAMED = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
          "svg": "image/svg+xml"}
_SHORT = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP", "image/svg+xml": "SVG"}


class CheckedLogo(msgspec.Struct, frozen=True, kw_only=True):
    """A logo ready to store: the bytes to serve, their type, their hash (the ETag) and the PNG rendition."""

    body: bytes
    media_type: str
    etag: str
    png: bytes


def sniff(data: bytes) -> LogoType | None:
    """The image type the bytes are, or None when they are none we take."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # An SVG starts with its XML declaration, a comment or the <svg> element; HTML starts otherwise.
    if head.startswith((b"<?xml", b"<!--", b"<svg", b"<!doctype svg")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    return None


def _refused(problem: FieldProblem) -> Invalid:
    return Invalid([problem], code="branding.invalid")


def _claimed(filename: str, declared: str) -> set[str]:
    """The image types the name and the declared type claim (those we know of)."""
    claims = set()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in _NAMED:
        claims.add(_NAMED[extension])
    declared = declared.split(";")[0].strip().lower()
    if declared in _SHORT:
        claims.add(declared)
    return claims


def _raster(data: bytes, media_type: str) -> tuple[bytes, bytes]:
    """The image re-encoded in its own type, and its PNG rendition; raises :class:`Invalid`."""
    fmt = _PILLOW_FORMAT[media_type]
    try:
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that: both are a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                if max(image.size) > MAX_SIDE_PX:
                    raise _refused(FieldProblem(field="logo", code="branding.logo.dimensions",
                                                params={"max": MAX_SIDE_PX}))
                image.load()
                keep_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                pixels = image.convert("RGBA" if keep_alpha or fmt != "JPEG" else "RGB")
    except Invalid:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refused(FieldProblem(field="logo", code="branding.logo.broken")) from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        pixels.convert("RGB").save(out, "JPEG", quality=90)
    elif fmt == "WEBP":
        pixels.save(out, "WEBP", lossless=True)
    else:
        pixels.save(out, "PNG", optimize=True)
    return out.getvalue(), _rendition(pixels)


def _rendition(image: Image.Image) -> bytes:
    """A PNG of ``image`` at most :data:`RENDITION_PX` on a side, aspect kept."""
    small = image.copy()
    small.thumbnail((RENDITION_PX, RENDITION_PX))
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


class _SizeOnly:
    """What cairosvg's ``node_format`` reads of a surface to resolve lengths (96 dpi, 16 px font)."""

    dpi = 96.0
    font_size = 16.0
    context_width = context_height = float(RENDITION_PX)


def _refuse_url(url: str, resource_type: str | None = None) -> bytes:
    # A sanitised SVG has no external reference left; should one slip through, nothing is fetched.
    raise ValueError(f"no URL is fetched for a logo: {url[:80]}")


def _svg(data: bytes) -> tuple[bytes, bytes]:
    """The sanitised SVG and its PNG rendition; raises :class:`Invalid`."""
    try:
        clean = sanitise_svg(data)
    except SvgRefused as exc:
        if exc.reason == "entities":
            raise _refused(FieldProblem(field="logo", code="branding.logo.svg_entities")) from exc
        if exc.reason == "complex":
            raise _refused(FieldProblem(field="logo", code="branding.logo.complex",
                                        params={"depth": MAX_DEPTH, "nodes": MAX_DRAWN_NODES})) from exc
        raise _refused(FieldProblem(field="logo", code="branding.logo.broken")) from exc
    except RecursionError as exc:  # the parser or the sanitiser nested past Python's stack: too complex all the same
        raise _refused(FieldProblem(field="logo", code="branding.logo.complex",
                                    params={"depth": MAX_DEPTH, "nodes": MAX_DRAWN_NODES})) from exc
    try:
        tree = Tree(bytestring=clean, url_fetcher=_refuse_url, unsafe=False)
        width, height, viewbox = node_format(_SizeOnly(), tree)
        if viewbox and (tree.get("width") is None or tree.get("height") is None):
            width, height = viewbox[2], viewbox[3]  # a logo sized by its viewBox alone: that is its shape
        width, height = (width, height) if width and height else (RENDITION_PX, RENDITION_PX)
        # The box the rendition fits in, aspect kept: whatever size the SVG claims, memory stays bounded.
        scale = RENDITION_PX / max(width, height)
        out = io.BytesIO()
        PNGSurface(tree, out, 96, output_width=max(1, round(width * scale)),
                   output_height=max(1, round(height * scale))).finish()
        png = out.getvalue()
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
                image.load()
                rendition = _rendition(image.convert("RGBA"))
    except Exception as exc:  # noqa: BLE001 - cairosvg raises many kinds; every one means "cannot draw it"
        raise _refused(FieldProblem(field="logo", code="branding.logo.broken")) from exc
    return clean, rendition


def check_logo(data: bytes, filename: str = "", declared: str = "") -> CheckedLogo:
    """``data`` checked and made safe to store and serve; :class:`Invalid` (field ``logo``) otherwise."""
    if not data:
        raise _refused(FieldProblem(field="logo", code="branding.logo.empty"))
    if len(data) > MAX_BYTES:
        raise _refused(FieldProblem(field="logo", code="branding.logo.too_large",
                                    params={"max_kb": MAX_BYTES // 1024}))
    media_type = sniff(data)
    if media_type is None:
        raise _refused(FieldProblem(field="logo", code="branding.logo.type"))
    others = _claimed(filename, declared) - {media_type}
    if others:
        raise _refused(FieldProblem(field="logo", code="branding.logo.mismatch",
                                    params={"found": _SHORT[media_type], "named": _SHORT[sorted(others)[0]]}))
    body, png = _svg(data) if media_type == "image/svg+xml" else _raster(data, media_type)
    return CheckedLogo(body=body, media_type=media_type, etag=hashlib.sha256(body).hexdigest()[:32], png=png)
