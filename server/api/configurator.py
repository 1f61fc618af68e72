"""The configurator document: what the widget needs to draw its controls, and its first answer.

The controls carry no prices. Asked with ``?evaluation=true`` (the widget does), ``evaluation``
is the evaluate answer for the first product's defaults (``{"product": <first id>}``), so the
widget shows its first price without another round trip, and ``drawing_svg`` is that evaluation's
drawing, the very text its URL answers (``?view=`` as the drawing takes it): script and document,
instead of script, document, evaluation, drawing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import msgspec

from server.api.evaluation import Evaluation
from server.engine.catalog import Catalog, Node, Product
from server.engine.i18n import Lang, pick
from server.services.catalog_images import image_path

__all__ = ["ConfiguratorDoc", "configurator_doc"]


# The catalog's short explanation of a value, in the asked language; left out when it has none.
_EXPLAINED = msgspec.Meta(description="Plain text (never HTML), at most 160 characters: what the value is, "
                                      "shown under its label. Absent when the catalog gives none.")


class SizeDoc(msgspec.Struct, frozen=True, kw_only=True):
    min: int
    max: int
    step: int
    default: int


class OpeningDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    label: str
    explanation: Annotated[str | None, _EXPLAINED] = None


class DivisionDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    min: int | None = None
    max: int | None = None


class NodeDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A layout node: a section (with its offered openings) or a split."""

    section: str | None = None
    openings: list[str] | None = None
    default_opening: str | None = None
    fills: list[str] | None = None
    max_bars: int | None = None
    split: str | None = None
    divisions: list[DivisionDoc] | None = None
    parts: list[NodeDoc] | None = None


class LayoutDoc(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    label: str
    root: NodeDoc


class ValueDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    label: str
    swatch: str | None = None
    ral: str | None = None
    explanation: Annotated[str | None, _EXPLAINED] = None
    image: Annotated[str | None, msgspec.Meta(description=(
        "The value's picture: `/api/v1/dealers/{dealer}/images/{id}` (a path on this server); left out without"
        " one"))] = None


class GroupDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    label: str
    default: str
    values: list[ValueDoc]
    finish: str | None = None
    role: str | None = None


class ProductDoc(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    label: str
    description: str
    width_mm: SizeDoc
    height_mm: SizeDoc
    default_layout: str
    layouts: list[LayoutDoc]
    openings: list[OpeningDoc]
    options: list[GroupDoc]


class DealerDoc(msgspec.Struct, frozen=True, kw_only=True):
    slug: str
    name: str
    languages: list[str]
    lang: str
    units: str
    currency: str
    prices_include_vat: bool
    accent_colour: str
    logo_url: Annotated[str, msgspec.Meta(description=(
        "The dealer's logo: `/api/v1/dealers/{dealer}/logo?v=<hash>` (a path on this server) once one is "
        "uploaded in the back office, else the catalog's https `logo_url`, else \"\""))]
    price_note: str
    privacy_notice_url: str
    privacy_notice_version: str
    drawing_convention: str


class ConfiguratorDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Answer of ``GET /api/v1/dealers/{dealer}/configurator``."""

    dealer: DealerDoc
    products: list[ProductDoc]
    evaluation: Annotated[Evaluation | None, msgspec.Meta(
        description="Only with `?evaluation=true`: the evaluate answer (same shape, same language) for the first "
                    "product's defaults, "
                    "`{\"product\": products[0].id}`: the first price and drawing without another request. "
                    "A client that starts from another configuration evaluates that one itself.")] = None
    drawing_svg: Annotated[str | None, msgspec.Meta(
        description="Only with `?evaluation=true` when `evaluation` is valid: the SVG text its drawing URL "
                    "(`evaluation.drawing.svg`, with this request's `view`) answers, byte for byte, so the first "
                    "drawing needs no request of its own.")] = None


def _node(node: Node) -> NodeDoc:
    if node.section is not None:
        return NodeDoc(section=node.section, openings=list(node.openings),
                       default_opening=node.default_opening or node.openings[0], fills=list(node.fills),
                       max_bars=node.max_bars)
    return NodeDoc(split=node.split, divisions=[DivisionDoc(id=d.id, min=d.min, max=d.max) for d in node.divisions],
                   parts=[_node(p) for p in node.parts])


def _product(product: Product, lang: str, slug: str = "") -> ProductDoc:
    return ProductDoc(
        id=product.id,
        label=pick(product.label, lang),
        description=pick(product.description, lang),
        width_mm=SizeDoc(min=product.width.min, max=product.width.max, step=product.width.step,
                         default=product.width.default),
        height_mm=SizeDoc(min=product.height.min, max=product.height.max, step=product.height.step,
                          default=product.height.default),
        default_layout=product.default_layout or product.layouts[0].id,
        layouts=[LayoutDoc(id=lay.id, label=pick(lay.label, lang), root=_node(lay.root)) for lay in product.layouts],
        openings=[OpeningDoc(id=oid, label=pick(o.label, lang), explanation=_explained(o.explanation, lang))
                  for oid, o in product.openings.items()],
        options=[GroupDoc(id=g.id, label=pick(g.label, lang), default=g.default, finish=g.finish,
                          role=None if g.role == "other" else g.role,
                          values=[ValueDoc(id=v.id, label=pick(v.label, lang), swatch=v.swatch, ral=v.ral,
                                           explanation=_explained(v.explanation, lang),
                                           image=image_path(slug, v.image))
                                  for v in g.values])
                 for g in product.options],
    )


def _explained(explanation: Mapping[Lang, str], lang: str) -> str | None:
    return pick(explanation, lang) or None


def configurator_doc(slug: str, catalog: Catalog, lang: str, evaluation: Evaluation | None = None,
                     drawing_svg: str | None = None) -> ConfiguratorDoc:
    """Everything the widget shows, in ``lang``; nothing about how prices are made (``evaluation`` aside)."""
    dealer = catalog.dealer
    return ConfiguratorDoc(
        dealer=DealerDoc(
            slug=slug, name=dealer.name, languages=list(dealer.languages), lang=lang, units=dealer.units,
            currency=dealer.currency, prices_include_vat=dealer.prices_include_vat,
            accent_colour=dealer.accent_colour, logo_url=dealer.logo_url,
            price_note=pick(dealer.price_note, lang) if dealer.price_note else "",
            privacy_notice_url=dealer.privacy_notice_url, privacy_notice_version=dealer.privacy_notice_version,
            drawing_convention=dealer.drawing_convention,
        ),
        products=[_product(p, lang, slug) for p in catalog.products],
        evaluation=evaluation,
        drawing_svg=drawing_svg,
    )
