"""Drawings of a stored request's items: SVG, PNG, the A4 PDF sheet, all items as one PDF or a ZIP.

Drawn with the dealer's current catalog from the stored, normalised configuration. When
the catalog has changed so much that a stored item no longer fits it (a product or value
removed), the item cannot be drawn and the answer says so (409) rather than guessing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Literal

import msgspec

from renderer import MAX_PX, MIN_PX
from server.documents.logo_box import SHEET_LOGO_BOX, stamp_logo
from server.documents.page import join_pdfs
from server.documents.quote import SheetHead
from server.drawing import View, render_drawing, sheet_spec
from server.engine.configuration import Configuration
from server.engine.evaluate import evaluate
from server.i18n import format_date
from server.services.catalogs import LoadedCatalog
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound
from server.services.requests import RequestDetail

__all__ = ["ItemFormat", "SheetHead", "item_drawing", "request_pdf", "request_zip", "sheet_maker"]

ItemFormat = Literal["svg", "png", "pdf"]


def _config(loaded: LoadedCatalog, detail: RequestDetail, n: int) -> Configuration:
    if not 1 <= n <= len(detail.items):
        raise NotFound("drawing.item_not_found", {"reference": detail.reference, "n": n})
    item = detail.items[n - 1]
    try:
        config = msgspec.convert(item.configuration, Configuration)
    except msgspec.ValidationError:
        config = None
    if config is None or not evaluate(loaded.compiled, config, detail.lang).valid:
        raise Conflict("drawing.item_unfit", {"n": n})
    return config


def item_drawing(loaded: LoadedCatalog, detail: RequestDetail, n: int, fmt: ItemFormat,
                 width: int | None = None, lang: str | None = None, view: View | None = None,
                 logo: bytes | None = None) -> bytes:
    """Item ``n`` (1-based) as SVG, PNG (``width`` px) or the A4 sheet with reference, date and note.

    ``view`` (inside or outside) overrides the dealer's drawing convention; ``logo`` (the PNG
    rendition of the dealer's logo) goes on the A4 sheet.
    """
    if width is not None and not MIN_PX <= width <= MAX_PX:
        raise Invalid([FieldProblem(field="width", code="drawing.width_range", params={"min": MIN_PX, "max": MAX_PX})],
                      code="drawing.width_invalid")
    return _draw(loaded, detail, n, _config(loaded, detail, n), fmt, width, lang or detail.lang, view, logo=logo)


def sheet_maker(loaded: LoadedCatalog, detail: RequestDetail, n: int,
                lang: str | None = None, logo: bytes | None = None) -> Callable[[SheetHead], bytes]:
    """Item ``n``'s A4 sheet, to be drawn once its head (reference, date, page) is known.

    The configuration is checked now: an item that can no longer be drawn raises here (Conflict),
    before any page is numbered.
    """
    config = _config(loaded, detail, n)
    return lambda head: _draw(loaded, detail, n, config, "pdf", None, lang or detail.lang, None, head, logo)


def _draw(loaded: LoadedCatalog, detail: RequestDetail, n: int, config: Configuration, fmt: ItemFormat,
          width: int | None, lang: str, view: View | None = None, head: SheetHead | None = None,
          logo: bytes | None = None) -> bytes:
    sheet = None
    if fmt == "pdf":
        sheet = sheet_spec(loaded.catalog, config, lang,
                           reference=head.reference if head else f"{detail.reference} / {n}",
                           date=head.date if head else format_date(detail.created_at, lang,
                                                                    loaded.catalog.dealer.time_zone),
                           note=detail.items[n - 1].note,
                           page=head.page if head else None)
    body = render_drawing(loaded.compiled, config, lang, fmt, width_px=width, sheet=sheet, view=view)
    return stamp_logo(body, logo, SHEET_LOGO_BOX, align="centre") if sheet is not None and logo else body


def request_pdf(loaded: LoadedCatalog, detail: RequestDetail, lang: str | None = None,
                view: View | None = None, logo: bytes | None = None) -> bytes:
    """Every item's A4 sheet, one page each, in one PDF (each with ``logo``, the dealer's, when given)."""
    return join_pdfs([item_drawing(loaded, detail, n, "pdf", lang=lang, view=view, logo=logo)
                      for n in range(1, len(detail.items) + 1)])


def request_zip(loaded: LoadedCatalog, detail: RequestDetail, lang: str | None = None,
                view: View | None = None) -> bytes:
    """A ZIP with each item as SVG, PNG (1600 px) and PDF sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(1, len(detail.items) + 1):
            config = _config(loaded, detail, n)  # checked once, drawn three ways
            formats: tuple[tuple[ItemFormat, int | None], ...] = (("svg", None), ("png", 1600), ("pdf", None))
            for fmt, width in formats:
                archive.writestr(f"{detail.reference}-{n}.{fmt}",
                                 _draw(loaded, detail, n, config, fmt, width, lang or detail.lang, view))
    return out.getvalue()
