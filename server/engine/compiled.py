"""A catalog compiled once for fast evaluation: lookups by id and rules indexed by reads."""

from __future__ import annotations

from typing import NamedTuple

from server.engine.catalog import (
    Catalog,
    Division,
    Layout,
    Node,
    OptionGroup,
    OptionValue,
    Product,
    Rule,
)
from server.engine.conditions import Compiled, compile_condition
from server.engine.layout import division_nodes, leaves, section_places
from server.engine.state import ValueProps

__all__ = ["CompiledCatalog", "CompiledProduct", "CompiledRule", "compile_catalog"]


class CompiledRule(NamedTuple):
    """A rule with its compiled tests, what it reads and the field its error names."""

    rule: Rule
    when: Compiled | None
    require: Compiled
    reads: frozenset[str]
    field: str


class CompiledProduct(NamedTuple):
    """One product, ready to evaluate."""

    product: Product
    groups: dict[str, OptionGroup]
    values: dict[str, dict[str, OptionValue]]
    value_props: ValueProps
    layouts: dict[str, Layout]
    layout_leaves: dict[str, dict[str, Node]]
    layout_divisions: dict[str, dict[str, Division]]
    section_places: dict[str, dict[str, str]]
    default_layout: str
    rules: list[CompiledRule]
    rules_by_group: dict[str, list[CompiledRule]]
    section_rules: list[CompiledRule]
    price_when: dict[str, Compiled]


class CompiledCatalog(NamedTuple):
    """A whole catalog compiled; build once per catalog version."""

    catalog: Catalog
    products: dict[str, CompiledProduct]


def _rule_field(rule: Rule, require: Compiled, when: Compiled | None) -> str:
    if rule.field:
        return rule.field
    for reads in (require.reads, when.reads if when else frozenset()):
        options = sorted(r[4:] for r in reads if r.startswith("opt:"))
        if options:
            return f"options.{options[0]}"
        if "dims" in reads:
            return "width_mm"
        if "sections" in reads:
            return "sections"
    return "configuration"


def _compile_product(product: Product) -> CompiledProduct:
    groups = {g.id: g for g in product.options}
    values = {g.id: {v.id: v for v in g.values} for g in product.options}
    value_props: ValueProps = {
        g.id: {v.id: dict(v.properties) for v in g.values if v.properties} for g in product.options
    }
    prop_groups: dict[str, set[str]] = {}
    for group in product.options:
        for value in group.values:
            for name in value.properties:
                prop_groups.setdefault(name, set()).add(group.id)
    rules: list[CompiledRule] = []
    for rule in product.rules:
        when = compile_condition(rule.when) if rule.when is not None else None
        require = compile_condition(rule.require)
        reads = require.reads | (when.reads if when else frozenset())
        rules.append(CompiledRule(rule, when, require, reads, _rule_field(rule, require, when)))
    by_group: dict[str, list[CompiledRule]] = {g: [] for g in groups}
    for compiled in rules:
        touched: set[str] = set()
        for token in compiled.reads:
            if token.startswith("opt:"):
                touched.add(token[4:])
            elif token.startswith("prop:"):
                touched |= prop_groups.get(token[5:], set())
        for group_id in touched:
            if group_id in by_group:
                by_group[group_id].append(compiled)
    layouts = {layout.id: layout for layout in product.layouts}
    return CompiledProduct(
        product=product,
        groups=groups,
        values=values,
        value_props=value_props,
        layouts=layouts,
        layout_leaves={lid: {n.section or "": n for n in leaves(lay.root)} for lid, lay in layouts.items()},
        layout_divisions={lid: {d.id: d for d in division_nodes(lay.root)} for lid, lay in layouts.items()},
        section_places={lid: section_places(lay.root) for lid, lay in layouts.items()},
        default_layout=product.default_layout or product.layouts[0].id,
        rules=rules,
        rules_by_group=by_group,
        section_rules=[r for r in rules if "sections" in r.reads or "layout" in r.reads],
        price_when={p.code: compile_condition(p.when) for p in product.prices if p.when is not None},
    )


def compile_catalog(catalog: Catalog) -> CompiledCatalog:
    """Compile every product of ``catalog``; pure and deterministic."""
    return CompiledCatalog(catalog, {p.id: _compile_product(p) for p in catalog.products})


