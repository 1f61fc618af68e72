"""Pure edits of a catalog for the back office's editor: ``Catalog -> Catalog``, never half a change.

Each operation takes the catalog and typed inputs (already parsed from a form) and returns a new
catalog, or raises :class:`Invalid` naming the field. Every result is converted once more through
the catalog model (:func:`recheck`), so the constraints a struct built in Python skips (id
patterns, lengths, bounds) hold too: whatever an operation returns, ``decode_catalog`` accepts.
The layout operations keep the tree rules of ``Node.__post_init__`` (a split has two parts or
more and one division fewer) and ``Layout``'s unique section and division ids.
Saving the result is :mod:`server.services.catalog_versions`' job; nothing here touches storage.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeVar

import msgspec

from server.engine.catalog import (
    OPENING_TYPES,
    Catalog,
    Condition,
    Division,
    Layout,
    Node,
    Opening,
    OptionGroup,
    OptionValue,
    Product,
    Rule,
    SizeRange,
    parse_fraction,
)
from server.services.errors import FieldProblem, Invalid, NotFound

__all__ = [
    "PRESETS",
    "GroupFields",
    "ProductFields",
    "SectionFields",
    "ValueFields",
    "add_product",
    "layout_from_preset",
    "option_condition",
    "parse_condition",
    "merge_split",
    "put_division",
    "put_group",
    "put_opening",
    "put_product",
    "put_rule",
    "put_section",
    "put_value",
    "recheck",
    "remove",
    "section_ids",
    "split_section",
]

Preset = Literal["single", "two-light", "three-light", "toplight"]
PRESETS: tuple[str, ...] = ("single", "two-light", "three-light", "toplight")
MAX_PARTS = 6
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_SEGMENT = re.compile(r"([a-z_]+)\[([^\]]+)\]")
S = TypeVar("S", bound=msgspec.Struct)


class ProductFields(msgspec.Struct, frozen=True, kw_only=True):
    """The product form: labels and description per language, sizes (mm), area, minimum price, profile."""

    label: dict[str, str]
    description: dict[str, str] = {}
    width: dict[str, int]
    height: dict[str, int]
    max_area_m2: Decimal | None = None
    minimum_price: Decimal | None = None  # None: kept (the price page sets it)
    frame_mm: int = 70
    sash_mm: int = 55
    sill: bool = False


class GroupFields(msgspec.Struct, frozen=True, kw_only=True):
    """An option group's form; a new group starts with one value, ``default``, labelled like the group."""

    label: dict[str, str]
    default: str
    finish: str | None = None
    role: str = "other"


class ValueFields(msgspec.Struct, frozen=True, kw_only=True):
    """An option value's form: labels, a swatch colour or a RAL code, the explanation, its image."""

    label: dict[str, str]
    swatch: str | None = None
    ral: str | None = None
    explanation: dict[str, str] = {}
    image: str | None = None
    # None keeps the value's properties as they are (the image form does not send them).
    properties: dict[str, Decimal] | None = None


class SectionFields(msgspec.Struct, frozen=True, kw_only=True):
    """A section's form: the openings it offers, the one it starts with, its fills and glazing bars."""

    openings: list[str]
    default_opening: str | None = None
    fills: list[str] = msgspec.field(default_factory=lambda: ["glass"])
    max_bars: int = 0


# --- building blocks ----------------------------------------------------------------------------------------------

def _problem(field: str, code: str, **params: Any) -> FieldProblem:
    return FieldProblem(field=field, code=code, params=params)


def _refused(field: str, exc: Exception) -> Invalid:
    """A struct the model refused, as one field problem (msgspec's ``- at `$.x``` joined onto ``field``)."""
    text = str(exc).replace(" - at `key` in `$", " - at `$")  # a dict's key: the field is the dict
    head, sep, path = text.rpartition(" - at `$")
    # A dict's value is "[...]" in msgspec's path: the field is the dict (label, not label[...]).
    at = path.rstrip("`").lstrip(".").replace("[...]", "") if sep else ""
    where = ".".join(p for p in (field, at) if p) or "catalog"
    return Invalid([FieldProblem(field=where, code="editor.refused", params={"reason": head if sep else str(exc)})],
                   code="editor.invalid")


def _build(kind: type[S], field: str, data: dict[str, Any]) -> S:
    """``data`` as a ``kind``, every constraint of the model checked; refused as a problem at ``field``."""
    try:
        return msgspec.convert(data, kind, strict=True)
    except (msgspec.ValidationError, ValueError) as exc:
        raise _refused(field, exc) from None


def _data(struct: msgspec.Struct) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.to_builtins(struct, builtin_types=(Decimal,))
    return data


def recheck(catalog: Catalog) -> Catalog:
    """The catalog converted once more through the model: what ``decode_catalog`` would make of it."""
    return _build(Catalog, "", _data(catalog))


def _id(field: str, value: str) -> None:
    if not _ID.match(value):
        raise Invalid([_problem(field, "editor.id.format")], code="editor.invalid")


def _labels(field: str, labels: dict[str, str], required: bool = True) -> dict[str, str]:
    """Only the filled-in languages; at least one when ``required``."""
    kept = {lang: text.strip() for lang, text in labels.items() if text.strip()}
    if required and not kept:
        raise Invalid([_problem(field, "editor.label.missing")], code="editor.invalid")
    return kept


def _product(catalog: Catalog, pid: str) -> Product:
    product = catalog.product(pid)
    if product is None:
        raise NotFound("editor.product.not_found")
    return product


def _with_product(catalog: Catalog, product: Product) -> Catalog:
    products = [product if p.id == product.id else p for p in catalog.products]
    if product.id not in {p.id for p in catalog.products}:
        products.append(product)
    return recheck(msgspec.structs.replace(catalog, products=products))


def _edit_product(catalog: Catalog, pid: str, change: Callable[[Product], Product]) -> Catalog:
    return _with_product(catalog, change(_product(catalog, pid)))


def _replace_by_id(items: Sequence[S], new: S, key: str = "id") -> list[S]:
    """``items`` with the one of ``new``'s id replaced, or ``new`` appended."""
    out = [new if getattr(i, key) == getattr(new, key) else i for i in items]
    if getattr(new, key) not in {getattr(i, key) for i in items}:
        out.append(new)
    return out


# --- products -----------------------------------------------------------------------------------------------------

def _size(field: str, size: dict[str, int]) -> dict[str, int]:
    lo, hi, default = size.get("min", 0), size.get("max", 0), size.get("default", 0)
    problems = []
    if lo > hi:
        problems.append(_problem(f"{field}.max", "editor.size.min_over_max", min=lo, max=hi))
    elif not lo <= default <= hi:
        problems.append(_problem(f"{field}.default", "editor.size.default_outside", min=lo, max=hi))
    if problems:
        raise Invalid(problems, code="editor.invalid")
    return size


def put_product(catalog: Catalog, pid: str, fields: ProductFields) -> Catalog:
    """The product's labels, description, size limits, maximum area, minimum price and profile."""
    product = _product(catalog, pid)
    data = _data(product)
    data.update(label=_labels("label", fields.label), description=_labels("description", fields.description, False),
                width=_size("width", fields.width), height=_size("height", fields.height),
                minimum_price=product.minimum_price if fields.minimum_price is None else fields.minimum_price,
                profile={"frame_mm": fields.frame_mm, "sash_mm": fields.sash_mm, "sill": fields.sill})
    data.pop("max_area_m2", None)
    if fields.max_area_m2 is not None:
        data["max_area_m2"] = fields.max_area_m2
    return _with_product(catalog, _build(Product, "", data))


def _new_opening(catalog: Catalog, kind: str) -> Opening:
    """An opening of a new product, named as another product of the catalog names it (its words, in its languages).

    Without one, its id in every dealer language: a label in the first language only left the new product
    unpublishable ("missing translation") until each opening was edited.
    """
    known = next((p.openings[kind] for p in catalog.products if kind in p.openings), None)
    if known is not None:
        return Opening(label=dict(known.label), explanation=dict(known.explanation))
    return Opening(label=dict.fromkeys(catalog.dealer.languages, kind))


def add_product(catalog: Catalog, pid: str, label: dict[str, str], preset: str = "single") -> Catalog:
    """A new product ``pid``: fixed and tilt-turn openings, one layout from ``preset``, sizes to edit later."""
    _id("id", pid)
    if catalog.product(pid) is not None:
        raise Invalid([_problem("id", "editor.id.taken")], code="editor.invalid")
    openings = {kind: _new_opening(catalog, kind) for kind in ("fixed", "tilt-turn-left")}
    label = _labels("label", label)
    product = Product(id=pid, label=label, openings=openings,  # type: ignore[arg-type]
                      width=SizeRange(min=400, max=2400, default=1200),
                      height=SizeRange(min=400, max=2200, default=1200),
                      layouts=[_preset_layout(preset, "main", label, list(openings))])
    return _with_product(catalog, product)


def put_opening(catalog: Catalog, pid: str, kind: str, label: dict[str, str], limits: dict[str, Any],
                explanation: dict[str, str] | None = None) -> Catalog:
    """Offer the opening type ``kind`` (or change it): its label, sash limits and explanation."""
    if kind not in OPENING_TYPES:
        raise Invalid([_problem("kind", "editor.opening.unknown")], code="editor.invalid")
    problems = [_problem(f"limits.max_{side}", "editor.size.min_over_max", min=limits[f"min_{side}"],
                         max=limits[f"max_{side}"])
                for side in ("width", "height")
                if limits.get(f"min_{side}") is not None and limits.get(f"max_{side}") is not None
                and limits[f"min_{side}"] > limits[f"max_{side}"]]
    if problems:
        raise Invalid(problems, code="editor.invalid")
    data = {"label": _labels("label", label), "limits": {k: v for k, v in limits.items() if v is not None},
            "explanation": _labels("explanation", explanation or {}, False)}
    product = _product(catalog, pid)
    old = product.openings.get(kind)  # type: ignore[call-overload]
    if old is not None:
        data["unreachable_ok"] = old.unreachable_ok
    opening = _build(Opening, "", data)
    return _with_product(catalog, msgspec.structs.replace(product, openings={**product.openings, kind: opening}))


# --- option groups and values -------------------------------------------------------------------------------------

def put_group(catalog: Catalog, pid: str, gid: str, fields: GroupFields) -> Catalog:
    """Change the group ``gid`` (label, default value, finish, role) or add it with its first value."""
    _id("id", gid)
    product = _product(catalog, pid)
    old = next((g for g in product.options if g.id == gid), None)
    label = _labels("label", fields.label)
    if old is None:
        _id("default", fields.default)
        # The first value is named after its own id ("wit" -> "Wit"), never the group's name: a homeowner
        # would otherwise see a choice called "Greep" until the dealer renames it.
        named = fields.default.replace("-", " ").replace("_", " ").capitalize()
        values = [{"id": fields.default, "label": {lang: named for lang in label}}]
    else:
        values = [_data(v) for v in old.values]
        if fields.default not in {v.id for v in old.values}:
            raise Invalid([_problem("default", "editor.group.default_unknown")], code="editor.invalid")
    data: dict[str, Any] = {"id": gid, "label": label, "default": fields.default, "values": values,
                            "role": fields.role}
    if fields.finish:
        data["finish"] = fields.finish
    group = _build(OptionGroup, "", data)
    return _with_product(catalog, msgspec.structs.replace(product, options=_replace_by_id(product.options, group)))


def put_value(catalog: Catalog, pid: str, gid: str, vid: str, fields: ValueFields) -> Catalog:
    """Change the value ``vid`` of group ``gid`` (labels, swatch or RAL, explanation, image) or add it."""
    _id("id", vid)
    product = _product(catalog, pid)
    group = next((g for g in product.options if g.id == gid), None)
    if group is None:
        raise NotFound("editor.group.not_found")
    old = next((v for v in group.values if v.id == vid), None)
    data: dict[str, Any] = _data(old) if old is not None else {"id": vid}
    for name in ("swatch", "ral", "image"):
        data.pop(name, None)
        value = getattr(fields, name)
        if value:
            data[name] = value
    data.update(label=_labels("label", fields.label), explanation=_labels("explanation", fields.explanation, False))
    if fields.properties is not None:
        data["properties"] = dict(fields.properties)
    value = _build(OptionValue, "", data)
    new_group = msgspec.structs.replace(group, values=_replace_by_id(group.values, value))
    return _with_product(catalog, msgspec.structs.replace(product, options=_replace_by_id(product.options, new_group)))


# --- rules --------------------------------------------------------------------------------------------------------

def put_rule(catalog: Catalog, pid: str, rid: str, require: Condition, message: dict[str, str],
             when: Condition | None = None, field: str | None = None) -> Catalog:
    """The rule ``rid``: when ``when`` holds (always, without it) ``require`` must, else ``message``."""
    _id("id", rid)
    product = _product(catalog, pid)
    data: dict[str, Any] = {"id": rid, "require": _data(require), "message": _labels("message", message)}
    if when is not None:
        data["when"] = _data(when)
    if field:
        data["field"] = field
    rule = _build(Rule, "", data)
    return _with_product(catalog, msgspec.structs.replace(product, rules=_replace_by_id(product.rules, rule)))


# --- removing -----------------------------------------------------------------------------------------------------

def _segments(path: str) -> list[tuple[str, str]]:
    parts = _SEGMENT.findall(path)
    if not parts or ".".join(f"{k}[{v}]" for k, v in parts) != path:
        raise NotFound("editor.path.unknown")
    return parts


def remove(catalog: Catalog, path: str) -> Catalog:
    """Take away the thing at ``path`` (``products[p]``, ``products[p].options[g].values[v]``, ...).

    The last product, layout or value of a group is refused (a catalog needs one); removing a
    group's default value makes the first remaining one the default, removing the default layout
    leaves the product without one (the first is then used).
    """
    parts = _segments(path)
    kind, key = parts[0]
    if kind != "products":
        raise NotFound("editor.path.unknown")
    if len(parts) == 1:
        if len(catalog.products) == 1:
            raise Invalid([_problem(path, "editor.remove.last")], code="editor.invalid")
        _product(catalog, key)
        return recheck(msgspec.structs.replace(catalog, products=[p for p in catalog.products if p.id != key]))
    product = _product(catalog, key)
    return _with_product(catalog, _remove_in(product, parts[1:], path))


def _remove_in(product: Product, parts: list[tuple[str, str]], path: str) -> Product:
    kind, key = parts[0]
    replace = msgspec.structs.replace
    if kind == "layouts" and len(parts) == 1:
        kept = [x for x in product.layouts if x.id != key]
        _found(len(kept) < len(product.layouts))
        if not kept:
            raise Invalid([_problem(path, "editor.remove.last")], code="editor.invalid")
        return replace(product, layouts=kept,
                       default_layout=None if product.default_layout == key else product.default_layout)
    if kind == "rules" and len(parts) == 1:
        kept_rules = [r for r in product.rules if r.id != key]
        _found(len(kept_rules) < len(product.rules))
        return replace(product, rules=kept_rules)
    if kind == "openings" and len(parts) == 1:
        _found(key in product.openings)
        return replace(product, openings={k: v for k, v in product.openings.items() if k != key})
    if kind == "options":
        group = next((g for g in product.options if g.id == key), None)
        _found(group is not None)
        assert group is not None
        if len(parts) == 1:
            return replace(product, options=[g for g in product.options if g.id != key])
        vkind, vid = parts[1]
        if vkind != "values" or len(parts) != 2:
            raise NotFound("editor.path.unknown")
        values = [v for v in group.values if v.id != vid]
        _found(len(values) < len(group.values))
        if not values:
            raise Invalid([_problem(path, "editor.remove.last")], code="editor.invalid")
        default = group.default if group.default != vid else values[0].id
        return replace(product, options=_replace_by_id(product.options, replace(group, values=values, default=default)))
    raise NotFound("editor.path.unknown")


def _found(ok: bool) -> None:
    if not ok:
        raise NotFound("editor.path.unknown")


# --- layouts ------------------------------------------------------------------------------------------------------

def _leaf(section: str, openings: list[str]) -> Node:
    offered = [o for o in OPENING_TYPES if o in openings] or ["fixed"]
    return Node(section=section, openings=offered,  # type: ignore[arg-type]
                default_opening="fixed" if "fixed" in offered else offered[0])  # type: ignore[arg-type]


def _even(n: int, prefix: str) -> list[Division]:
    """``n - 1`` divisions sharing the width evenly: each the part before it, 1/n of the whole."""
    return [Division(id=f"{prefix}{i}", default=f"1/{n}") for i in range(1, n)]


def _preset_root(preset: str, openings: list[str]) -> Node:
    if preset == "single":
        return _leaf("main", openings)
    if preset == "two-light":
        return Node(split="columns", parts=[_leaf("left", openings), _leaf("right", openings)], divisions=_even(2, "d"))
    if preset == "three-light":
        return Node(split="columns", parts=[_leaf(s, openings) for s in ("left", "middle", "right")],
                    divisions=_even(3, "d"))
    if preset == "toplight":
        return Node(split="rows", parts=[_leaf("top", openings), _leaf("bottom", openings)],
                    divisions=[Division(id="t1", default=400)])
    raise Invalid([_problem("preset", "editor.layout.preset_unknown")], code="editor.invalid")


def _preset_layout(preset: str, lid: str, label: dict[str, str], openings: list[str]) -> Layout:
    return _build(Layout, "", {"id": lid, "label": label, "root": _data(_preset_root(preset, openings))})


def layout_from_preset(catalog: Catalog, pid: str, lid: str, preset: str, label: dict[str, str]) -> Catalog:
    """The layout ``lid`` made (or made again) from a preset: single, two-light, three-light or toplight."""
    _id("id", lid)
    product = _product(catalog, pid)
    layout = _preset_layout(preset, lid, _labels("label", label), list(product.openings))
    return _with_product(catalog, msgspec.structs.replace(product, layouts=_replace_by_id(product.layouts, layout)))


def _layout(product: Product, lid: str) -> Layout:
    layout = next((x for x in product.layouts if x.id == lid), None)
    if layout is None:
        raise NotFound("editor.layout.not_found")
    return layout


def _edit_layout(catalog: Catalog, pid: str, lid: str, change: Callable[[Layout], Node]) -> Catalog:
    product = _product(catalog, pid)
    layout = _layout(product, lid)
    new = _build(Layout, "", _data(msgspec.structs.replace(layout, root=change(layout))))
    return _with_product(catalog, msgspec.structs.replace(product, layouts=_replace_by_id(product.layouts, new)))


def section_ids(node: Node) -> list[str]:
    """The section ids of a layout tree, left to right, top to bottom."""
    if node.section is not None:
        return [node.section]
    return [s for part in node.parts for s in section_ids(part)]


def _division_ids(node: Node) -> list[str]:
    return [d.id for d in node.divisions] + [i for part in node.parts for i in _division_ids(part)]


def _fresh(taken: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    taken.add(f"{prefix}{n}")
    return f"{prefix}{n}"


def _map_leaf(node: Node, section: str, change: Callable[[Node], Node]) -> tuple[Node, bool]:
    """``node`` with the leaf ``section`` changed; whether it was found."""
    if node.section is not None:
        return (change(node), True) if node.section == section else (node, False)
    found = False
    parts = []
    for part in node.parts:
        new, hit = _map_leaf(part, section, change)
        parts.append(new)
        found = found or hit
    return msgspec.structs.replace(node, parts=parts), found


def split_section(catalog: Catalog, pid: str, lid: str, section: str, direction: str, n: int) -> Catalog:
    """Split the section into ``n`` (2..6) columns or rows of equal share; the first keeps its id."""
    if direction not in ("columns", "rows"):
        raise Invalid([_problem("direction", "editor.layout.direction")], code="editor.invalid")
    if not 2 <= n <= MAX_PARTS:
        raise Invalid([_problem("parts", "editor.layout.parts", max=MAX_PARTS)], code="editor.invalid")

    def change(layout: Layout) -> Node:
        sections, divisions = set(section_ids(layout.root)), set(_division_ids(layout.root))

        def split(leaf: Node) -> Node:
            parts = [leaf] + [msgspec.structs.replace(leaf, section=_fresh(sections, "s")) for _ in range(n - 1)]
            return Node(split=direction, parts=parts,  # type: ignore[arg-type]
                        divisions=[Division(id=_fresh(divisions, "d"), default=f"1/{n}") for _ in range(n - 1)])

        root, found = _map_leaf(layout.root, section, split)
        if not found:
            raise NotFound("editor.section.not_found")
        return root

    return _edit_layout(catalog, pid, lid, change)


def merge_split(catalog: Catalog, pid: str, lid: str, section: str) -> Catalog:
    """The split holding ``section`` made one section again: ``section``'s, with its openings and fills."""
    def merge(node: Node) -> tuple[Node, bool]:
        if node.section is not None:
            return node, False
        for part in node.parts:
            if part.section == section:
                return part, True
        parts, found = [], False
        for part in node.parts:
            new, hit = merge(part)
            parts.append(new)
            found = found or hit
        return msgspec.structs.replace(node, parts=parts), found

    def change(layout: Layout) -> Node:
        if section not in section_ids(layout.root):
            raise NotFound("editor.section.not_found")
        if layout.root.section is not None:
            raise Invalid([_problem("section", "editor.layout.nothing_to_merge")], code="editor.invalid")
        root, _ = merge(layout.root)
        return root

    return _edit_layout(catalog, pid, lid, change)


def put_division(catalog: Catalog, pid: str, lid: str, did: str, default: str | int,
                 minimum: int | None = None, maximum: int | None = None) -> Catalog:
    """A division's default (a fraction such as ``1/3`` or ``50%``, or mm) and its limits in mm."""
    problems = []
    if isinstance(default, str):
        try:
            parse_fraction(default)
        except ValueError:
            problems.append(_problem("default", "editor.division.default"))
    elif default <= 0:
        problems.append(_problem("default", "editor.division.default"))
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.append(_problem("max", "editor.size.min_over_max", min=minimum, max=maximum))
    if problems:
        raise Invalid(problems, code="editor.invalid")
    division = Division(id=did, default=default, min=minimum, max=maximum)

    def in_node(node: Node) -> tuple[Node, bool]:
        if node.split is None:
            return node, False
        hit = any(d.id == did for d in node.divisions)
        divisions = [division if d.id == did else d for d in node.divisions]
        parts = []
        for part in node.parts:
            new, found = in_node(part)
            parts.append(new)
            hit = hit or found
        return msgspec.structs.replace(node, divisions=divisions, parts=parts), hit

    def change(layout: Layout) -> Node:
        root, found = in_node(layout.root)
        if not found:
            raise NotFound("editor.division.not_found")
        return root

    return _edit_layout(catalog, pid, lid, change)


def put_section(catalog: Catalog, pid: str, lid: str, section: str, fields: SectionFields) -> Catalog:
    """A section's openings (each offered by the product), the default one, fills and glazing bars."""
    product = _product(catalog, pid)
    problems = []
    if not fields.openings:
        problems.append(_problem("openings", "editor.section.no_opening"))
    elif any(o not in product.openings for o in fields.openings):
        problems.append(_problem("openings", "editor.section.opening_not_offered"))
    if fields.default_opening and fields.default_opening not in fields.openings:
        problems.append(_problem("default_opening", "editor.section.default_not_offered"))
    if not fields.fills or any(f not in ("glass", "panel") for f in fields.fills):
        problems.append(_problem("fills", "editor.section.fills"))
    if not 0 <= fields.max_bars <= 12:
        problems.append(_problem("max_bars", "editor.section.bars", max=12))
    if problems:
        raise Invalid(problems, code="editor.invalid")

    def leaf(node: Node) -> Node:
        data = _data(node)
        data.update(openings=list(fields.openings), fills=list(fields.fills), max_bars=fields.max_bars)
        data.pop("default_opening", None)
        if fields.default_opening:
            data["default_opening"] = fields.default_opening
        return _build(Node, "", data)

    def change(layout: Layout) -> Node:
        root, found = _map_leaf(layout.root, section, leaf)
        if not found:
            raise NotFound("editor.section.not_found")
        return root

    return _edit_layout(catalog, pid, lid, change)


# --- conditions: typed in, checked against the product, tried on a window --------------------------------------

MAX_CONDITION_CHARS = 4000
MAX_CONDITION_DEPTH = 32  # all/any/not inside each other; a person writes three or four


def parse_condition(text: str, field: str, product: Product) -> Condition:
    """A condition typed as inline TOML (``{ option = "glazing", equals = "triple" }``) or JSON, checked.

    Refused, with the field named, when it is neither, breaks the condition language, or names a
    group, value, layout, section or opening type the product does not have.
    """
    text = text.strip()
    if not text:
        raise Invalid([_problem(field, "editor.condition.missing")], code="editor.invalid")
    if len(text) > MAX_CONDITION_CHARS:
        raise Invalid([_problem(field, "editor.condition.too_long", max=MAX_CONDITION_CHARS)], code="editor.invalid")
    try:
        # JSON writes a key in quotes right after the brace; inline TOML writes it bare.
        data: Any = (json.loads(text, parse_float=Decimal) if text.replace(" ", "").startswith('{"')
                     else tomllib.loads(f"c = {text}", parse_float=Decimal)["c"])
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        # RecursionError: brackets nested thousands deep (``{"all": [[[[...``), within the length cap.
        raise Invalid([_problem(field, "editor.condition.syntax")], code="editor.invalid") from None
    if _depth(data) > MAX_CONDITION_DEPTH:
        raise Invalid([_problem(field, "editor.condition.syntax")], code="editor.invalid")
    try:
        condition = msgspec.convert(data, Condition, strict=False)
    except (msgspec.ValidationError, ValueError) as exc:
        raise _refused(field, exc) from None
    unknown = sorted(set(_unknown_names(condition, product)))
    if unknown:
        raise Invalid([_problem(field, "editor.condition.unknown", names=", ".join(unknown))], code="editor.invalid")
    return condition


def _depth(data: Any) -> int:
    """How deep lists and tables nest in ``data``, counted without recursion (so any depth is safe)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            stack.extend((part, level + 1) for part in item)
    return deepest


def _unknown_names(cond: Condition, product: Product) -> list[str]:
    """What ``cond`` names that the product lacks (a group, a value of it, a layout, a section, an opening)."""
    groups = {g.id: {v.id for v in g.values} for g in product.options}
    sections = {s for layout in product.layouts for s in section_ids(layout.root)}
    out: list[str] = []
    for part in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        out += _unknown_names(part, product)
    if cond.option is not None:
        if cond.option not in groups:
            out.append(cond.option)
        else:
            named = ([cond.equals] if cond.equals else []) + (cond.in_ or [])
            out += [v for v in named if v not in groups[cond.option]]
    out += [x for x in cond.layout_in or [] if x not in {layout.id for layout in product.layouts}]
    if cond.section is not None and cond.section not in sections:
        out.append(cond.section)
    out += [o for o in (cond.opening_in or []) + (cond.any_opening_in or []) if o not in product.openings]
    return out


def option_condition(product: Product, group: str, value: str, field: str) -> Condition:
    """``group`` is ``value``, both checked against the product (the rule form's pickers)."""
    known = {g.id: [v.id for v in g.values] for g in product.options}
    if group not in known:
        raise Invalid([_problem(f"{field}_group", "editor.condition.unknown", names=group or "-")],
                      code="editor.invalid")
    if value not in known[group]:
        raise Invalid([_problem(f"{field}_value", "editor.condition.unknown", names=value or "-")],
                      code="editor.invalid")
    return Condition(option=group, equals=value)
