"""Small logo files of every accepted kind, and hostile ones, made in the test (no binary fixtures)."""

from __future__ import annotations

import io

from PIL import Image

__all__ = ["LOGO_RGB", "SVG_LOGO", "image_bytes", "svg_logo"]

# A saturated red no drawing, text or rule of ours uses: its pixels in a PDF are the logo's.
LOGO_RGB = (200, 30, 30)


def image_bytes(fmt: str, size: tuple[int, int] = (240, 80), colour: tuple[int, int, int] = LOGO_RGB) -> bytes:
    """A solid-colour image in ``fmt`` (PNG, JPEG or WEBP) of ``size`` pixels."""
    out = io.BytesIO()
    kwargs = {"lossless": True} if fmt == "WEBP" else {}
    Image.new("RGB", size, colour).save(out, fmt, **kwargs)
    return out.getvalue()


def svg_logo(extra: str = "", root_attrs: str = "") -> bytes:
    """A 240 x 80 solid red SVG, with ``extra`` markup inside and ``root_attrs`` on its root."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="240" height="80" viewBox="0 0 240 80" {root_attrs}>'
            f'<rect width="240" height="80" fill="#c81e1e"/>{extra}</svg>').encode()


SVG_LOGO = svg_logo()
