"""The catalog model (msgspec Structs) and decoding a catalog from TOML text.

A catalog is one dealer's file: ``[dealer]`` settings and ``[[products]]``. Decoding is
pure (text in, Catalog out); reading the file is the caller's job.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeGuard, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from server.engine.i18n import Lang

__all__ = [
    "CALC_FIELDS",
    "catalog_from_data",
    "FIGURES",
    "OPENING_TYPES",
    "SECTION_FIGURES",
    "Calc",
    "Catalog",
    "Condition",
    "Division",
    "Layout",
    "Node",
    "OptionGroup",
    "OptionValue",
    "PriceRule",
    "Rule",
    "ValuePrice",
    "CatalogError",
    "Dealer",
    "EXPLANATION_MAX",
    "Explanation",
    "Labels",
    "Legal",
    "Product",
    "SizeRange",
    "decode_catalog",
    "is_opening_type",
]


class Base(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Every catalog type rejects unknown fields so a typo is an error, not a silent default.

    Subclasses repeat ``frozen=True``: msgspec inherits it anyway, but type checkers only see
    the class's own keywords and would otherwise take the subclass for a mutable one.
    """


Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
PropName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
Millimetres = Annotated[int, msgspec.Meta(gt=0, le=20_000)]
HexColour = Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-fA-F]{6}$")]
Languages = Annotated[list[Lang], msgspec.Meta(min_length=1)]
Labels = dict[Lang, Annotated[str, msgspec.Meta(min_length=1, max_length=200)]]
# A value's short explanation in the widget, per language: plain text (escaped wherever it is
# shown), kept to a line or two under the value's label.
EXPLANATION_MAX = 160
Explanation = dict[Lang, Annotated[str, msgspec.Meta(min_length=1, max_length=EXPLANATION_MAX)]]


class CatalogError(ValueError):
    """A catalog that cannot be used; ``str()`` names the file and the field."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class Legal(Base, frozen=True):
    """What a formal quote and an invoice must show about the dealer.

    ``address`` is the one-line address printed on documents; ``street``, ``postcode``,
    ``city`` and ``country`` are the same address in parts, as e-invoices need them.
    """

    address: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")] = "NL"
    vat_number: str = ""
    coc_number: str = ""
    iban: str = ""
    email: str = ""
    phone: str = ""
    terms: str = ""
    validity_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30
    payment_days: Annotated[int, msgspec.Meta(ge=0, le=120)] = 14


class Dealer(Base, frozen=True):
    """A dealer's settings as written in the catalog file (the back office may override)."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    languages: Languages = msgspec.field(default_factory=lambda: ["nl"])
    units: Literal["metric", "imperial"] = "metric"
    # How an imperial dealer's lengths are written for people: 36 1/2" or 3' 0 1/2".
    imperial_lengths: Literal["inches", "feet-inches"] = "inches"
    currency: Literal["EUR", "CHF"] = "EUR"
    vat_rate: Decimal = Decimal("21")
    prices_include_vat: bool = True
    drawing_convention: Literal["vkg", "din"] = "vkg"
    allowed_origins: list[Annotated[str, msgspec.Meta(pattern=r"^https?://[^/\s]+$")]] = []
    privacy_notice_url: str = ""
    privacy_notice_version: str = ""
    accent_colour: HexColour = "#1f5f8b"
    logo_url: str = ""
    # The display name in the From: of the dealer's e-mails ("" = the dealer's name); the back office checks it.
    sender_name: Annotated[str, msgspec.Meta(max_length=70, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""
    notification_emails: list[str] = []
    webhook_url: str = ""
    send_confirmation: bool = True
    price_note: Labels = {}
    markup_percent: Decimal = Decimal(0)
    retention_days: Annotated[int, msgspec.Meta(ge=30, le=3650)] = 730
    # IANA zone the dealer's dates are shown and date filters count days in (storage stays UTC).
    time_zone: Annotated[str, msgspec.Meta(max_length=64)] = "Europe/Amsterdam"
    legal: Legal = Legal()

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.vat_rate <= Decimal(100):
            raise ValueError(f"vat_rate must be 0..100, got {self.vat_rate}")
        if self.imperial_lengths != "inches" and self.units != "imperial":
            raise ValueError('imperial_lengths applies to units = "imperial" only')
        if not _known_zone(self.time_zone):
            raise ValueError(f"time_zone must be an IANA zone name such as Europe/Amsterdam, got {self.time_zone!r}")

    @property
    def length_units(self) -> Literal["metric", "imperial", "feet-inches"]:
        """How lengths are written for people: millimetres, inches, or feet-inches."""
        if self.units == "imperial" and self.imperial_lengths == "feet-inches":
            return "feet-inches"
        return self.units


def _known_zone(name: str) -> bool:
    """True when zoneinfo knows ``name`` (reading the zone database is the one lookup the engine does)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


class SizeRange(Base, frozen=True):
    """Overall width or height limits of a product, in mm."""

    min: Millimetres
    max: Millimetres
    default: Millimetres
    step: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 10

    def __post_init__(self) -> None:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside {self.min}..{self.max}")


OpeningType = Literal[
    "fixed", "turn-left", "turn-right", "tilt", "tilt-turn-left", "tilt-turn-right",
    "tilt-toplight", "top-hung", "sliding-left", "sliding-right",
    "dutch-door-left", "dutch-door-right",
]
OPENING_TYPES: tuple[str, ...] = get_args(OpeningType)


def is_opening_type(name: object) -> TypeGuard[OpeningType]:
    """Whether ``name`` is an opening type of the catalog language.

    A state's openings are plain ``str``; this narrows one so it can look up ``Product.openings``.
    """
    return name in OPENING_TYPES


Fill = Literal["glass", "panel"]
Figure = Literal[
    "width_mm", "height_mm", "area_m2", "perimeter_m", "quantity", "sash_count",
    "section_count", "section_width_mm", "section_height_mm", "section_area_m2",
    "max_sash_width_mm", "max_sash_height_mm", "max_sash_area_m2", "max_sash_weight_kg",
    "glass_mm",
]
FIGURES: tuple[str, ...] = get_args(Figure)
SECTION_FIGURES = frozenset({"section_width_mm", "section_height_mm", "section_area_m2"})


class Condition(Base, omit_defaults=True, frozen=True):
    """One test in the declarative condition language; exactly one kind per table.

    Kinds: ``all`` / ``any`` (lists), ``not`` (one condition); ``option`` with ``equals``
    or ``in``; ``figure`` (with ``section`` for section figures) compared with ``lt``,
    ``le``, ``gt``, ``ge``, ``eq`` or ``le_property`` (the sum of a numeric property of the
    chosen values, e.g. the hardware's ``max_sash_kg``); ``layout_in``; ``section`` with
    ``opening_in`` / ``fill``; ``any_opening_in`` (some section has one of these).
    """

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = msgspec.field(default=None, name="not")
    option: Id | None = None
    equals: Id | None = None
    in_: list[Id] | None = msgspec.field(default=None, name="in")
    figure: Figure | None = None
    section: Id | None = None
    lt: Decimal | None = None
    le: Decimal | None = None
    gt: Decimal | None = None
    ge: Decimal | None = None
    eq: Decimal | None = None
    le_property: PropName | None = None
    layout_in: list[Id] | None = None
    opening_in: list[OpeningType] | None = None
    fill: Fill | None = None
    any_opening_in: list[OpeningType] | None = None

    def __post_init__(self) -> None:
        kinds = [k for k, v in (("all", self.all), ("any", self.any), ("not", self.not_),
                                ("option", self.option), ("figure", self.figure),
                                ("layout_in", self.layout_in),
                                ("any_opening_in", self.any_opening_in)) if v is not None]
        if self.section is not None and self.figure is None:
            kinds.append("section")
        if len(kinds) != 1:
            raise ValueError(
                "a condition needs exactly one of all, any, not, option, figure, section, "
                f"layout_in, any_opening_in; got {', '.join(kinds) or 'none'}"
            )
        kind = kinds[0]
        if kind == "option" and (self.equals is None) == (self.in_ is None):
            raise ValueError("an option condition needs exactly one of `equals` or `in`")
        if kind == "figure":
            ops = [o for o in ("lt", "le", "gt", "ge", "eq", "le_property")
                   if getattr(self, o) is not None]
            if len(ops) != 1:
                raise ValueError("a figure condition needs exactly one of lt, le, gt, ge, eq, le_property")
            if self.figure in SECTION_FIGURES and self.section is None:
                raise ValueError(f"figure `{self.figure}` needs `section`")
        if kind == "section" and (self.opening_in is None) == (self.fill is None):
            raise ValueError("a section condition needs exactly one of `opening_in` or `fill`")


class Rule(Base, frozen=True):
    """When ``when`` holds (always, if absent), ``require`` must hold, else ``message``."""

    id: Id
    require: Condition
    message: Labels
    when: Condition | None = None
    field: str | None = None


class Tier(Base, frozen=True):
    """One band of a tiered rate: ``rate`` applies up to ``up_to`` (the last has none)."""

    rate: Decimal
    up_to: Decimal | None = None


CalcKind = Literal[
    "matrix", "united_inches", "per_m2", "per_cm2", "tiered_area", "per_m_perimeter",
    "per_m_frame", "per_m", "fixed", "per_sash", "per_unit", "per_bar_field", "percent", "per_order",
]


# The fields each price kind needs (``united_inches`` needs ``rate`` or ``tiers``, checked apart);
# at module level so the back office's price forms show only the fields a kind uses.
CALC_FIELDS: dict[CalcKind, tuple[str, ...]] = {
    "matrix": ("widths", "heights", "prices"), "per_m2": ("rate",), "per_cm2": ("rate",),
    "tiered_area": ("tiers",), "per_m_perimeter": ("rate",), "per_m_frame": ("rate",),
    "per_m": ("rate",), "fixed": ("amount",), "per_sash": ("amount",),
    "per_unit": ("amount",), "per_bar_field": ("amount",), "percent": ("percent",),
    "per_order": ("amount",), "united_inches": (),
}


class Calc(Base, frozen=True):
    """How an amount is computed; which fields a kind uses is checked in ``__post_init__``.

    - ``matrix``: ``widths`` x ``heights`` breakpoints (ascending, mm) and ``prices`` (one
      row per height); ``mode`` ``round_up`` (next breakpoint) or ``interpolate`` (bilinear).
    - ``united_inches``: (width + height in inches, each read to the nearest 1/16 in as the
      homeowner typed it, then rounded up to a whole inch) x ``rate``, or ``tiers``.
    - ``per_m2`` / ``per_cm2``: area x ``rate`` with ``min_area_m2`` billed at least.
    - ``tiered_area``: one rate up to a size, another above (``tiers``).
    - ``per_m_perimeter``: metres of the perimeter (sections: each sash's perimeter);
      ``per_m_frame``: metres of the outer frame only; ``per_m``: same as perimeter.
    - ``fixed`` / ``per_sash`` / ``per_unit``: ``amount`` once, per sash, per unit.
    - ``per_bar_field``: ``amount`` per glazing-bar field of a section.
    - ``percent``: ``percent`` of the lines named in ``of`` (codes, or ``subtotal``).
    - ``per_order``: ``amount`` once per document (a request, a list), however many windows
      or pieces carry it: a flat fee such as delivery. Product-wide price rules only.
    """

    kind: CalcKind
    amount: Decimal | None = None
    rate: Decimal | None = None
    min_area_m2: Decimal | None = None
    tiers: list[Tier] | None = None
    percent: Decimal | None = None
    of: list[str] | None = None
    mode: Literal["round_up", "interpolate"] = "round_up"
    widths: list[int] | None = None
    heights: list[int] | None = None
    prices: list[list[Decimal]] | None = None

    def __post_init__(self) -> None:
        need = CALC_FIELDS.get(self.kind, ())
        if self.kind == "united_inches" and self.rate is None and self.tiers is None:
            raise ValueError("kind `united_inches` needs `rate` or `tiers`")
        for name in need:
            if getattr(self, name) is None:
                raise ValueError(f"kind `{self.kind}` needs `{name}`")
        if self.kind == "matrix":
            assert self.widths is not None and self.heights is not None and self.prices is not None
            if len(self.prices) != len(self.heights):
                raise ValueError(f"matrix has {len(self.heights)} heights but {len(self.prices)} rows")
            for i, row in enumerate(self.prices):
                if len(row) != len(self.widths):
                    raise ValueError(f"matrix row {i} has {len(row)} prices for {len(self.widths)} widths")
        if self.tiers is not None:
            if not self.tiers or self.tiers[-1].up_to is not None:
                raise ValueError("the last tier must have no `up_to`")
            bounds = [t.up_to for t in self.tiers[:-1] if t.up_to is not None]
            if len(bounds) != len(self.tiers) - 1 or bounds != sorted(bounds):
                raise ValueError("tier `up_to` values must be given and ascending")


class PriceRule(Calc, kw_only=True, frozen=True):
    """A product-wide (once per window) or per-component price line."""

    code: Id
    label: Labels
    level: Literal["product", "component"] = "product"
    when: Condition | None = None
    openings: list[OpeningType] | None = None
    fill: Fill | None = None
    sort: int = 100
    group: bool = True
    hide_if_zero: bool = True
    vat_rate: Decimal | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        # A fee once per order has no window or section to be counted on.
        if self.kind == "per_order" and self.level != "product":
            raise ValueError("kind `per_order` is a product-wide price rule (level = \"product\")")


class ValuePrice(Calc, kw_only=True, frozen=True):
    """The price of a chosen option value; optionally relative to the group's default."""

    relative_to_default: bool = False
    sort: int = 200
    vat_rate: Decimal | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind == "per_order":
            raise ValueError("kind `per_order` belongs on a product price rule with a `when` condition, "
                             "not on an option value")


class OptionValue(Base, frozen=True):
    """One choice in an option group."""

    id: Id
    label: Labels
    swatch: HexColour | None = None
    ral: str | None = None
    image: str | None = None
    properties: dict[PropName, Decimal] = {}
    price: ValuePrice | None = None
    factor: Decimal | None = None
    factor_on: list[Id] = msgspec.field(default_factory=lambda: ["base"])
    unreachable_ok: bool = False  # `catalog check` lists it but does not fail when no window reaches it
    explanation: Explanation = {}


class OptionGroup(Base, frozen=True):
    """A single-choice option group (glazing, colour, handle, ...)."""

    id: Id
    label: Labels
    default: Id
    values: Annotated[list[OptionValue], msgspec.Meta(min_length=1)]
    finish: Literal["outside", "inside"] | None = None
    role: Literal["glass", "handle", "sill", "other"] = "other"

    def __post_init__(self) -> None:
        ids = [v.id for v in self.values]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate value ids in group `{self.id}`")
        if self.default not in ids:
            raise ValueError(f"default `{self.default}` is not one of the values ({', '.join(ids)})")


class SashLimits(Base, frozen=True):
    """Limits of one opening type's sash, in mm and m2."""

    min_width: int | None = None
    max_width: int | None = None
    min_height: int | None = None
    max_height: int | None = None
    max_area_m2: Decimal | None = None


class Opening(Base, frozen=True):
    """An opening type the product offers, with its sash limits.

    ``unreachable_ok`` accepts that no window reaches it (``catalog check`` still lists it).
    """

    label: Labels
    limits: SashLimits = SashLimits()
    unreachable_ok: bool = False
    explanation: Explanation = {}


class Division(Base, frozen=True):
    """A movable division: the size (mm) of the part before it; default a fraction or mm."""

    id: Id
    default: str | int
    min: int | None = None
    max: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.default, str):
            parse_fraction(self.default)


class Node(Base, frozen=True):
    """A layout tree node: a section (leaf) or a split into rows/columns."""

    section: Id | None = None
    openings: list[OpeningType] = msgspec.field(default_factory=lambda: ["fixed"])
    default_opening: OpeningType | None = None
    fills: list[Fill] = msgspec.field(default_factory=lambda: ["glass"])
    max_bars: Annotated[int, msgspec.Meta(ge=0, le=12)] = 0
    split: Literal["columns", "rows"] | None = None
    parts: list[Node] = []
    divisions: list[Division] = []

    def __post_init__(self) -> None:
        if (self.section is None) == (self.split is None):
            raise ValueError("a layout node is either a `section` or a `split`")
        if self.split is not None:
            if len(self.parts) < 2:
                raise ValueError("a split needs at least two parts")
            if len(self.divisions) != len(self.parts) - 1:
                raise ValueError(f"{len(self.parts)} parts need {len(self.parts) - 1} divisions, "
                                 f"got {len(self.divisions)}")
        elif self.default_opening is not None and self.default_opening not in self.openings:
            raise ValueError(f"default_opening `{self.default_opening}` is not in openings")


class Layout(Base, frozen=True):
    """A layout the product offers; ``unreachable_ok`` accepts that no window can reach it."""

    id: Id
    label: Labels
    root: Node
    unreachable_ok: bool = False

    def __post_init__(self) -> None:
        # A section id used twice would price (and draw) one sash for two: never load it.
        for kind, ids in (("section", [n.section for n in _leaves(self.root) if n.section is not None]),
                          ("division", [d.id for n in _splits(self.root) for d in n.divisions])):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"duplicate {kind} id in layout `{self.id}`: {', '.join(map(str, dup))}")


def _leaves(node: Node) -> list[Node]:
    return [node] if node.section is not None else [leaf for part in node.parts for leaf in _leaves(part)]


def _splits(node: Node) -> list[Node]:
    return [] if node.split is None else [node, *(s for part in node.parts for s in _splits(part))]


class QuantityTier(Base, frozen=True):
    """From ``min_quantity`` windows on, ``discount_percent`` off the window price."""

    min_quantity: Annotated[int, msgspec.Meta(ge=2)]
    discount_percent: Decimal


class Profile(Base, frozen=True):
    """Face widths used for drawings and for the frame/sash split of sizes."""

    frame_mm: Annotated[int, msgspec.Meta(ge=20, le=200)] = 70
    sash_mm: Annotated[int, msgspec.Meta(ge=20, le=200)] = 55
    sill: bool = False


class Product(Base, frozen=True):
    """A product family the homeowner can configure."""

    id: Id
    label: Labels
    width: SizeRange
    height: SizeRange
    layouts: Annotated[list[Layout], msgspec.Meta(min_length=1)]
    openings: dict[OpeningType, Opening]
    max_area_m2: Decimal | None = None
    default_layout: Id | None = None
    options: list[OptionGroup] = []
    rules: list[Rule] = []
    prices: list[PriceRule] = []
    quantity_tiers: list[QuantityTier] = []
    minimum_price: Decimal = Decimal(0)
    profile: Profile = Profile()
    description: Labels = {}

    def opening(self, name: str | None) -> Opening | None:
        """The product's opening type ``name``; None when it offers none by that name."""
        return self.openings.get(name) if is_opening_type(name) else None

    def __post_init__(self) -> None:
        for kind, ids in (("layout", [x.id for x in self.layouts]),
                          ("option group", [g.id for g in self.options]),
                          ("rule", [r.id for r in self.rules]),
                          ("price", [p.code for p in self.prices])):
            if len(set(ids)) != len(ids):
                dup = sorted({i for i in ids if ids.count(i) > 1})
                raise ValueError(f"duplicate {kind} id: {', '.join(dup)}")
        if self.default_layout is not None and self.default_layout not in {x.id for x in self.layouts}:
            raise ValueError(f"default_layout `{self.default_layout}` is not a layout")


class Catalog(Base, frozen=True):
    """One dealer's catalog file."""

    dealer: Dealer
    products: Annotated[list[Product], msgspec.Meta(min_length=1)]

    def __post_init__(self) -> None:
        ids = [p.id for p in self.products]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate product ids")

    def product(self, product_id: str) -> Product | None:
        """The product with ``product_id``, or None."""
        for product in self.products:
            if product.id == product_id:
                return product
        return None


def parse_fraction(text: str) -> Decimal:
    """``"1/2"``, ``"50%"`` or ``"0.5"`` as a Decimal fraction in (0, 1)."""
    try:
        if text.endswith("%"):
            value = Decimal(text[:-1]) / 100
        elif "/" in text:
            num, den = text.split("/", 1)
            value = Decimal(num) / Decimal(den)
        else:
            value = Decimal(text)
    except (ArithmeticError, ValueError):
        raise ValueError(f"expected a fraction such as \"1/2\", \"50%\" or mm, got {text!r}") from None
    if not Decimal(0) < value < Decimal(1):
        raise ValueError(f"a fraction must lie between 0 and 1, got {text!r}")
    return value


def decode_catalog(text: str, source: str) -> Catalog:
    """Decode TOML ``text`` into a :class:`Catalog`.

    Raises :class:`CatalogError` naming ``source`` and the dotted field path.
    Floats in TOML are read as Decimal so money never passes through binary floats.
    """
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(source, f"not valid TOML: {exc}") from None
    return catalog_from_data(data, source)


def catalog_from_data(data: Any, source: str) -> Catalog:
    """A :class:`Catalog` from tables already parsed (TOML with Decimal floats, or JSON).

    Raises :class:`CatalogError` naming ``source`` and the first wrong field.
    """
    try:
        catalog = msgspec.convert(data, Catalog, strict=True)
    except msgspec.ValidationError as exc:
        raise CatalogError(source, _dotted(str(exc))) from None
    return _imperial_steps(catalog)


def _imperial_steps(catalog: Catalog) -> Catalog:
    """An imperial dealer's sizes kept to the millimetre (step 1), whatever ``step`` says.

    Its homeowners type inches to 1/16 in, which the widget sends as whole mm; a coarser
    step would move them (42 in = 1067 mm snapped to 1070 mm is 42 1/8 in) and the window
    would be priced and made at a size nobody typed.
    """
    if catalog.dealer.units != "imperial":
        return catalog
    products = [msgspec.structs.replace(p, width=msgspec.structs.replace(p.width, step=1),
                                        height=msgspec.structs.replace(p.height, step=1))
                for p in catalog.products]
    return msgspec.structs.replace(catalog, products=products)


def _dotted(message: str) -> str:
    """Turn msgspec's ``- at `$.products[0].width`` into ``at products[0].width``."""
    head, sep, path = message.rpartition(" - at `$")
    if not sep:
        return message
    return f"{head} - at `{path.lstrip('.')}"
