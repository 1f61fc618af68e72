"""``venster catalog check``: every problem of a catalog, found at once.

Four kinds of finding: ``problems`` (the catalog is wrong: every structural error of
the file, ids used twice, bad references, missing translations, matrices that are not
ascending or do not cover the sizes, invalid defaults), ``unreachable`` (choices proven
impossible: a failure too), ``accepted`` (proven impossible, but marked
``unreachable_ok = true`` in the catalog) and ``unproven`` (choices the bounded search
found no valid window for, but could not prove impossible either: a warning); besides,
``warnings`` (a product's default window leaves most values of a group unavailable). Paths name
list items by their ids (``products[pvc-window].rules[triple-max-area]``). Pure: text
in, report out. The engine's field errors quoted in a finding are written by ``words`` (the
CLI hands in ``server.i18n.engine_words.say``); without it, as their codes and figures.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal

import msgspec

from server.engine.catalog import (
    Calc,
    Catalog,
    CatalogError,
    Condition,
    Product,
    decode_catalog,
)
from server.engine.compiled import CompiledCatalog, CompiledProduct, compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import Availability, Evaluation, evaluate
from server.engine.i18n import pick
from server.engine.layout import MIN_SECTION_MM, leaves
from server.engine.messages import Message, message, section_ref
from server.engine.structure import item_key, structural_paths

__all__ = ["CheckReport", "Finding", "FindingKind", "Reach", "Words", "check_catalog", "check_catalog_text",
           "check_product_reachability", "plain_words", "reach_targets"]

# How a finding writes an engine message: (message, the dealer's first language, its units).
Words = Callable[[Message, str, Literal["metric", "imperial"]], str]

FindingKind = Literal["problem", "unreachable", "accepted", "unproven", "warning"]

_SEARCH_BUDGET = 4000  # evaluations per product; keeps the check under a few seconds


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One finding with the path it is about, by ids and without a file in front.

    ``products[pvc-window].options[glazing].values[triple].price.rate``; ``""`` is the catalog
    as a whole. ``text`` is the finding without its path (reachability: the whole sentence).
    """

    path: str
    kind: FindingKind
    text: str


class CheckReport(msgspec.Struct, kw_only=True):
    """What ``catalog check`` found: the lines the CLI prints, and the same findings by path."""

    problems: list[str] = []
    unreachable: list[str] = []
    accepted: list[str] = []
    unproven: list[str] = []
    warnings: list[str] = []
    proven: int = 0
    findings: list[Finding] = []

    def add(self, kind: FindingKind, path: str, text: str, line: str | None = None) -> None:
        """Record one finding; ``line`` is its CLI line (default ``"path: text"``)."""
        self.findings.append(Finding(path=path, kind=kind, text=text))
        lines = {"problem": self.problems, "unreachable": self.unreachable, "accepted": self.accepted,
                 "unproven": self.unproven, "warning": self.warnings}[kind]
        lines.append(line if line is not None else (f"{path}: {text}" if path else text))

    @property
    def ok(self) -> bool:
        """True when nothing is wrong (unproven choices and ``unreachable_ok`` ones are warnings)."""
        return not self.problems and not self.unreachable


def plain_words(msg: Message, lang: str, units: Literal["metric", "imperial"]) -> str:
    """A message as its code and figures, ``size_range(min=610, max=2134)``: words for no language."""
    params = ", ".join(f"{k}={plain_words(v, lang, units) if isinstance(v, Message) else v}"
                       for k, v in msg.params.items())
    return f"{msg.code}({params})" if params else msg.code


def check_catalog_text(text: str, source: str, words: Words = plain_words) -> CheckReport:
    """Check a catalog's TOML text completely; never raises for a bad catalog.

    ``words`` writes the engine's messages a finding quotes (an invalid default's field errors).
    """
    report = CheckReport()
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        report.add("problem", "", f"not valid TOML: {exc}", f"{source}: not valid TOML: {exc}")
        return report
    for path, msg in structural_paths(data):
        report.add("problem", path, msg, f"{source}: {msg} - at `{path or '$'}`")
    try:
        catalog = decode_catalog(text, source)
    except CatalogError as exc:
        if not report.problems:
            report.add("problem", "", exc.message, str(exc))
        return report
    start = len(report.problems)
    _check_content(catalog, report, words, check_product_reachability)
    # Content findings name the file in front, as structural ones do.
    report.problems[start:] = [f"{source}: {p}" for p in report.problems[start:]]
    return report


def _check_content(catalog: Catalog, report: CheckReport, words: Words, reach: Reach | None) -> None:
    _check_references(catalog, report)
    _check_translations(catalog, report)
    _check_matrices(catalog, report)
    if report.problems:
        return  # reachability on a catalog with broken references proves nothing
    compiled = compile_catalog(catalog)
    _check_defaults(compiled, report, words)
    _check_default_availability(compiled, report, words)
    if reach is None:
        return
    for cp in compiled.products.values():
        found = reach(compiled, cp.product.id)
        for finding in found:
            report.add(finding.kind, finding.path, finding.text, finding.text)
        # Each target is proven, or else found unreachable, accepted or unproven: exactly one of them.
        report.proven += len(_targets(cp)) - len(found)


def _conditions(product: Product) -> Iterator[tuple[str, Condition]]:
    for rule in product.rules:
        if rule.when is not None:
            yield from _walk(f"rules[{rule.id}].when", rule.when)
        yield from _walk(f"rules[{rule.id}].require", rule.require)
    for price in product.prices:
        if price.when is not None:
            yield from _walk(f"prices[{price.code}].when", price.when)


def _walk(path: str, cond: Condition) -> Iterator[tuple[str, Condition]]:
    yield path, cond
    for name, items in (("all", cond.all), ("any", cond.any)):
        for i, child in enumerate(items or []):
            yield from _walk(f"{path}.{name}[{i}]", child)
    if cond.not_ is not None:
        yield from _walk(f"{path}.not", cond.not_)


def _check_references(catalog: Catalog, report: CheckReport) -> None:
    for product in catalog.products:
        where = f"products[{product.id}]"
        values = {g.id: {v.id for v in g.values} for g in product.options}
        props = {name for g in product.options for v in g.values for name in v.properties}
        layouts = {lay.id for lay in product.layouts}
        sections = {n.section for lay in product.layouts for n in leaves(lay.root)}
        offered = set(product.openings)
        price_codes = {p.code for p in product.prices} | set(values)
        for layout in product.layouts:
            for node in leaves(layout.root):
                for opening in node.openings:
                    if opening not in offered:
                        report.add("problem", f"{where}.layouts[{layout.id}]", f"section `{node.section}` offers "
                                               f"`{opening}`, which is not in {where}.openings")
        for path, cond in _conditions(product):
            at = f"{where}.{path}"
            if cond.option is not None:
                if cond.option not in values:
                    report.add("problem", at, f"unknown option group `{cond.option}`")
                else:
                    for value_id in [cond.equals] if cond.equals else (cond.in_ or []):
                        if value_id not in values[cond.option]:
                            report.add("problem", at, f"`{value_id}` is not a value of `{cond.option}`")
            for layout_id in cond.layout_in or []:
                if layout_id not in layouts:
                    report.add("problem", at, f"unknown layout `{layout_id}`")
            if cond.section is not None and cond.section not in sections:
                report.add("problem", at, f"no layout has a section `{cond.section}`")
            for opening in (cond.opening_in or []) + (cond.any_opening_in or []):
                if opening not in offered:
                    report.add("problem", at, f"opening `{opening}` is not offered by this product")
            if cond.le_property is not None and cond.le_property not in props:
                report.add("problem", at, f"no value has the property `{cond.le_property}`")
        for price in product.prices:
            for code in price.of or []:
                if code != "subtotal" and code not in price_codes:
                    report.add("problem", f"{where}.prices[{price.code}].of", f"unknown line `{code}`")
        for group in product.options:
            for value in group.values:
                at = f"{where}.options[{group.id}].values[{value.id}]"
                for code in value.factor_on if value.factor is not None else []:
                    if code not in price_codes:
                        report.add("problem", f"{at}.factor_on", f"unknown line `{code}`")
                for code in value.price.of or [] if value.price else []:
                    if code != "subtotal" and code not in price_codes:
                        report.add("problem", f"{at}.price.of", f"unknown line `{code}`")


def _labels(path: str, value: Any) -> Iterator[tuple[str, dict[str, str]]]:
    """Every i18n label table in the catalog, with its path."""
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            child = getattr(value, name)
            if name in ("label", "message", "description", "price_note", "explanation") and isinstance(child, dict):
                yield f"{path}.{name}", child
            else:
                yield from _labels(f"{path}.{name}", child)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _labels(f"{path}[{item_key(item, i)}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _labels(f"{path}.{key}", item)


def _check_translations(catalog: Catalog, report: CheckReport) -> None:
    wanted = catalog.dealer.languages
    for path, labels in _labels("", catalog):
        path = path.replace(".root", "")  # a layout's tree reads `layouts[two].parts[left]`
        if path.endswith((".description", ".price_note", ".explanation")) and not labels:
            continue  # optional texts may be left out entirely
        missing = [lang for lang in wanted if lang not in labels]
        if missing:
            report.add("problem", path.lstrip("."), f"missing translation(s) {', '.join(missing)}")


def _calcs(product: Product) -> Iterator[tuple[str, Calc]]:
    for price in product.prices:
        yield f"prices[{price.code}]", price
    for group in product.options:
        for value in group.values:
            if value.price is not None:
                yield f"options[{group.id}].values[{value.id}].price", value.price


def _check_matrices(catalog: Catalog, report: CheckReport) -> None:
    for product in catalog.products:
        for path, calc in _calcs(product):
            if calc.kind != "matrix":
                continue
            at = f"products[{product.id}].{path}"
            for axis, points, rng in (("widths", calc.widths or [], product.width),
                                      ("heights", calc.heights or [], product.height)):
                if any(b <= a for a, b in zip(points, points[1:], strict=False)):
                    report.add("problem", f"{at}.{axis}", "breakpoints must be strictly ascending")
                    continue
                if points and points[-1] < rng.max:
                    report.add("problem", f"{at}.{axis}", f"last breakpoint {points[-1]} does not cover the "
                                           f"product's maximum {rng.max}")
                if calc.mode == "interpolate" and points and points[0] > rng.min:
                    report.add("problem", f"{at}.{axis}", f"first breakpoint {points[0]} does not cover the "
                                           f"product's minimum {rng.min} (interpolation cannot extrapolate)")
            for ri, row in enumerate(calc.prices or []):
                if any(p < 0 for p in row):
                    report.add("problem", f"{at}.prices[{ri}]", "a matrix price is negative")


def _check_defaults(compiled: CompiledCatalog, report: CheckReport, words: Words) -> None:
    """The product's default window must be valid; each layout's defaults at some grid size."""
    lang = compiled.catalog.dealer.languages[0]
    for cp in compiled.products.values():
        for layout in cp.layouts:
            ev = evaluate(compiled, Configuration(product=cp.product.id, layout=layout), lang)
            if ev.valid:
                continue
            units = compiled.catalog.dealer.units
            errors = "; ".join(f"{e.field}: {words(e.message, lang, units)}" for e in ev.errors)
            if layout == cp.default_layout:
                text = f"the default configuration is invalid: {errors}"
                report.add("problem", f"products[{cp.product.id}]", text, f"product `{cp.product.id}`: {text}")
                continue
            sizes = _size_grid(cp.product)
            if not any(evaluate(compiled, Configuration(product=cp.product.id, layout=layout, width_mm=w,
                                                        height_mm=h), lang).valid for w, h in sizes):
                text = f"layout `{layout}` with its default openings is invalid at every size tried: {errors}"
                report.add("problem", f"products[{cp.product.id}].layouts[{layout}]", text,
                           f"product `{cp.product.id}`: {text}")


def _check_default_availability(compiled: CompiledCatalog, report: CheckReport, words: Words) -> None:
    """Warn when a product's default window leaves most values of a group unavailable.

    The widget opens on that window: a group where most values cannot be chosen greets the
    homeowner with "not possible" before they chose anything. Not an error (the values may be
    reachable at other sizes); a nudge towards a default that leaves most of them open.
    """
    lang = compiled.catalog.dealer.languages[0]
    units = compiled.catalog.dealer.units
    for cp in compiled.products.values():
        ev = evaluate(compiled, Configuration(product=cp.product.id), lang)
        if not ev.valid:
            continue  # an invalid default is already a problem (_check_defaults)
        found: list[tuple[str, Message]] = []
        where = f"products[{cp.product.id}]"
        for group in cp.product.options:
            off, total = _unavailable(ev.options.get(group.id, {}))
            if _mostly(off, total):
                found.append((f"{where}.options[{group.id}]", message(
                    "mostly_unavailable_values", product=cp.product.id, group=pick(group.label, lang),
                    off=off, total=total)))
        for sid, sec in ev.sections.items():
            off, total = _unavailable(sec.openings)
            if _mostly(off, total):
                place = cp.section_places.get(ev.configuration.layout or "", {}).get(sid)
                found.append((f"{where}.layouts[{ev.configuration.layout}].sections[{sid}]", message(
                    "mostly_unavailable_openings", product=cp.product.id, section=section_ref(place, sid),
                    off=off, total=total)))
        for path, msg in found:
            text = words(msg, lang, units)
            report.add("warning", path, text, text)


def _unavailable(values: Mapping[str, Availability]) -> tuple[int, int]:
    return sum(1 for a in values.values() if not a.available), len(values)


def _mostly(off: int, total: int) -> bool:
    return off * 2 > total


def _size_grid(product: Product) -> list[tuple[int, int]]:
    def points(rng: Any, figure: str) -> list[int]:
        found = {rng.min, rng.max, rng.default, (rng.min + rng.max) // 2}
        for rule in product.rules:
            for _, cond in _walk("", rule.require):
                if cond.figure == figure:
                    for limit in (cond.le, cond.lt, cond.ge, cond.gt):
                        if limit is not None and rng.min <= limit <= rng.max:
                            found.add(int(limit))
        return sorted(found)

    widths = points(product.width, "width_mm")
    heights = points(product.height, "height_mm")
    return [(w, h) for h in heights for w in widths]


def _targets(cp: CompiledProduct) -> list[tuple[str, str, str, str]]:
    """(kind, layout, key, value) for every option value, opening per section and layout."""
    found = [("option", "", g, v) for g in cp.values for v in cp.values[g]]
    for lid, layout in cp.layouts.items():
        found.append(("layout", lid, "", ""))
        for node in leaves(layout.root):
            found += [("opening", lid, node.section or "", o) for o in node.openings]
    return found


def _holds(ev: Evaluation, target: tuple[str, str, str, str]) -> bool:
    kind, layout, key, value = target
    if not ev.valid:
        return False
    cfg = ev.configuration
    if kind == "option":
        return cfg.options.get(key) == value
    if kind == "layout":
        return cfg.layout == layout
    return cfg.layout == layout and key in cfg.sections and cfg.sections[key].opening == value


def _apply_change(config: Configuration, change: dict[str, Any]) -> Configuration:
    updates: dict[str, Any] = {}
    if "options" in change:
        updates["options"] = {**config.options, **change["options"]}
    if "sections" in change:
        sections = dict(config.sections)
        for sid, sec in change["sections"].items():
            sections[sid] = SectionChoice(opening=sec.get("opening"))
        updates["sections"] = sections
    for axis in ("width_mm", "height_mm"):
        if axis in change:
            bound = change[axis]
            updates[axis] = bound.get("max", bound.get("min"))
    return msgspec.structs.replace(config, **updates)


def _try(compiled: CompiledCatalog, config: Configuration, target: tuple[str, str, str, str],
         lang: str, budget: list[int]) -> bool:
    """Set the target, then follow the engine's own suggested changes a few steps."""
    kind, layout, key, value = target
    if kind == "option":
        config = msgspec.structs.replace(config, options={**config.options, key: value})
    elif kind == "opening":
        # Other sections may have to open differently for this one to be allowed.
        others = [n for n in leaves(compiled.products[config.product].layouts[layout].root) if n.section != key]
        for combo in itertools.islice(itertools.product(*[n.openings for n in others]), 24):
            sections = {n.section or "": SectionChoice(opening=o) for n, o in zip(others, combo, strict=True)}
            sections[key] = SectionChoice(opening=value)
            trial = msgspec.structs.replace(config, layout=layout, divisions={}, sections=sections)
            if _follow(compiled, trial, target, lang, budget):
                return True
        return False
    return _follow(compiled, config, target, lang, budget)


def _follow(compiled: CompiledCatalog, config: Configuration, target: tuple[str, str, str, str],
            lang: str, budget: list[int]) -> bool:
    for _ in range(4):
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        ev = evaluate(compiled, config, lang)
        if _holds(ev, target):
            return True
        change = _repair(ev, target)
        if change is None:
            return False
        config = _apply_change(ev.configuration, change)
    return False


def _repair(ev: Evaluation, target: tuple[str, str, str, str]) -> dict[str, Any] | None:
    """A suggested change for some other choice that is currently in the way."""
    kind, _, key, value = target
    cfg = ev.configuration
    for gid, values in ev.options.items():
        if kind == "option" and gid == key:
            continue
        current = values.get(cfg.options.get(gid, ""))
        if current is not None and not current.available and current.change:
            return current.change
    # Switch any option whose value breaks a rule to one that is available.
    for gid, values in ev.options.items():
        if kind == "option" and gid == key:
            continue
        for vid, avail in values.items():
            if avail.available and vid != cfg.options.get(gid):
                trial = {"options": {gid: vid}}
                if any(e.field == f"options.{gid}" for e in ev.errors):
                    return trial
    for sid, sec in ev.sections.items():
        if kind == "opening" and sid == key:
            continue
        if any(e.field == f"sections.{sid}.opening" for e in ev.errors):
            alt = next((o for o, a in sec.openings.items() if a.available), None)
            if alt is not None and alt != cfg.sections[sid].opening:
                return {"sections": {sid: {"opening": alt}}}
    return None


def _static_disproof(cp: CompiledProduct, target: tuple[str, str, str, str]) -> str | None:
    kind, _, _, value = target
    product = cp.product
    if kind == "opening":
        opening = product.opening(value)
        assert opening is not None  # the targets are the product's own openings
        limits = opening.limits
        if limits.min_width is not None and limits.min_width > product.width.max:
            return f"needs at least {limits.min_width} mm of width; the product goes to {product.width.max}"
        if limits.min_height is not None and limits.min_height > product.height.max:
            return f"needs at least {limits.min_height} mm of height; the product goes to {product.height.max}"
        for bound in (limits.max_width, limits.max_height):
            if bound is not None and bound < MIN_SECTION_MM:
                return f"allows at most {bound} mm, below the {MIN_SECTION_MM} mm every section needs"
    if kind == "option":
        for rule in cp.rules:
            when, req = rule.rule.when, rule.rule.require
            if when is None or when.option != target[2]:
                continue
            if value not in ([when.equals] if when.equals else when.in_ or []):
                continue
            if req.option == target[2] and value not in ([req.equals] if req.equals else req.in_ or []):
                return f"rule `{rule.rule.id}` requires another value of the same group"
            if req.figure in ("width_mm", "height_mm"):
                rng = product.width if req.figure == "width_mm" else product.height
                if (req.le is not None and req.le < rng.min) or (req.ge is not None and req.ge > rng.max):
                    return f"rule `{rule.rule.id}` asks for a {req.figure} outside the product's range"
    return None


def _unreachable_ok(cp: CompiledProduct, target: tuple[str, str, str, str]) -> bool:
    """True when the catalog says this choice may stay unreachable (kept for later, say)."""
    kind, layout, key, value = target
    if kind == "option":
        return cp.values[key][value].unreachable_ok
    if kind == "layout":
        return cp.layouts[layout].unreachable_ok
    opening = cp.product.opening(value)
    return opening is not None and opening.unreachable_ok


def reach_targets(compiled: CompiledCatalog, product_id: str) -> int:
    """How many choices (values, layouts, openings per section) the reachability search tries for a product."""
    return len(_targets(compiled.products[product_id]))


def _target_path(product_id: str, target: tuple[str, str, str, str]) -> str:
    kind, layout, key, value = target
    where = f"products[{product_id}]"
    if kind == "option":
        return f"{where}.options[{key}].values[{value}]"
    if kind == "layout":
        return f"{where}.layouts[{layout}]"
    return f"{where}.layouts[{layout}].sections[{key}].openings[{value}]"


def check_product_reachability(compiled: CompiledCatalog, product_id: str) -> list[Finding]:
    """Every choice of one product the bounded search could not reach: unreachable, accepted or unproven.

    A choice not listed was proven reachable. Slow (seconds for a large product): cache it.
    """
    cp = compiled.products[product_id]
    lang = compiled.catalog.dealer.languages[0]
    budget = [_SEARCH_BUDGET]
    grid = _size_grid(cp.product)
    found: list[Finding] = []
    for target in _targets(cp):
        kind, layout, key, value = target
        name = {"option": f"option `{key}` = `{value}`", "layout": f"layout `{layout}`",
                "opening": f"opening `{value}` in section `{key}` of layout `{layout}`"}[kind]
        label = f"product `{cp.product.id}`: {name}"
        path = _target_path(cp.product.id, target)
        disproof = _static_disproof(cp, target)
        if disproof is not None:
            if _unreachable_ok(cp, target):
                found.append(Finding(path=path, kind="accepted", text=f"{label}: {disproof} (marked unreachable_ok)"))
            else:
                found.append(Finding(path=path, kind="unreachable", text=f"{label}: {disproof}"))
            continue
        reached = False
        layouts = [layout] if layout else list(cp.layouts)
        for lid in layouts:
            for width, height in grid:
                base = Configuration(product=cp.product.id, layout=lid, width_mm=width, height_mm=height)
                if _try(compiled, base, target, lang, budget):
                    reached = True
                    break
            if reached or budget[0] <= 0:
                break
        if not reached:
            found.append(Finding(path=path, kind="unproven",
                                 text=f"{label}: no valid window found within the search bound"))
    return found


# Reachability of one product: (compiled catalog, product id) -> its findings. The service hands
# in one that answers from a cache; None leaves reachability out (the fast check on every save).
Reach = Callable[[CompiledCatalog, str], list[Finding]]


def check_catalog(catalog: Catalog, words: Words = plain_words,
                  reach: Reach | None = check_product_reachability) -> CheckReport:
    """Check a decoded catalog: references, translations, matrices, defaults, then ``reach`` per product.

    Structure is right by construction (it decoded); paths carry no file name.
    """
    report = CheckReport()
    _check_content(catalog, report, words, reach)
    return report
