"""Prices edited field by field: form texts into the catalog's price structs, and the draft catalog changed.

The back office's price pages (``server/admin/catalog_prices.py``) send texts as a person typed
them (a decimal comma, a euro sign); this module reads them into a ``Calc`` of the chosen kind
with only the fields that kind uses (``CALC_FIELDS``), and puts the result into a copy of the
draft catalog: a product-wide or per-section price rule, an option value's price, the dealer's
markup and VAT, a product's minimum price and quantity tiers, or an imported matrix.

Every field problem is reported at once as :class:`Invalid` naming the form field; nothing here
touches the database (the page saves the changed catalog with ``catalog_versions.save_draft``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, get_args

import msgspec

from server.engine.catalog import (
    CALC_FIELDS,
    OPENING_TYPES,
    Calc,
    CalcKind,
    Catalog,
    OptionValue,
    PriceRule,
    Product,
    QuantityTier,
    ValuePrice,
)
from server.services.errors import FieldProblem, Invalid, NotFound
from server.services.price_sheets import Mapping as SheetMapping
from server.services.price_sheets import MatrixImport, column_letter, matrix_from_grid, parse_number, parse_pasted

__all__ = [
    "KINDS", "apply_matrix", "form_fields", "matrix_text", "read_number", "remove_rule", "rule_form",
    "set_dealer_prices", "set_product_prices", "set_rule", "set_value_price", "tiers_text", "value_form",
]

KINDS: tuple[CalcKind, ...] = get_args(CalcKind)
_NEEDS: dict[str, tuple[str, ...]] = {str(k): v for k, v in CALC_FIELDS.items()}  # a form's kind is any text
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Beside what a kind needs (CALC_FIELDS), what it may also use: the form shows these too.
_OPTIONAL: dict[str, tuple[str, ...]] = {
    "matrix": ("mode",), "per_m2": ("min_area_m2",), "per_cm2": ("min_area_m2",), "percent": ("of",),
    "united_inches": ("rate", "tiers"),
}
# The form shows a matrix as one grid (widths across, heights down), pasted or typed.
_MATRIX = ("widths", "heights", "prices")


def form_fields(kind: str) -> list[str]:
    """The form fields of a price of ``kind``: what it needs first, then what it may use (``matrix`` for the grid)."""
    need = [f for f in _NEEDS.get(kind, ()) if f not in _MATRIX]
    if kind == "matrix":
        need.insert(0, "matrix")
    return need + [f for f in _OPTIONAL.get(kind, ()) if f not in need]


def matrix_text(calc: Calc | MatrixImport | None) -> str:
    """A matrix as the grid the form shows: widths across the top, one row per height, tab-separated."""
    if calc is None or calc.widths is None or calc.heights is None or calc.prices is None:
        return ""
    lines = ["\t".join(["", *map(str, calc.widths)])]
    lines += ["\t".join([str(h), *(str(p) for p in row)]) for h, row in zip(calc.heights, calc.prices, strict=False)]
    return "\n".join(lines)


def tiers_text(calc: Calc | None) -> str:
    """Tiers one a line: ``up_to rate``, the last line the rate above the last bound."""
    if calc is None or calc.tiers is None:
        return ""
    return "\n".join(f"{t.up_to} {t.rate}" if t.up_to is not None else str(t.rate) for t in calc.tiers)


MAX_DIGITS = 12  # no size, rate or price of a window has more digits; more is a slip (and beyond Decimal's reach)
CENTS = Decimal("0.01")


def read_number(text: str, name: str, *, required: bool = False, whole: bool = False, money: bool = False,
                low: Decimal | None = None, high: Decimal | None = None) -> tuple[Decimal | None, FieldProblem | None]:
    """The number typed in field ``name``, or the field's problem: the one parser of every editor and price form.

    Read by :func:`~server.services.price_sheets.parse_number` (decimal comma or point, thousands dots
    ``1.250`` = 1250, the Dutch ``12,-``); refused when it is not one, has more than
    :data:`MAX_DIGITS` digits, is not whole where it must be, has more than two decimals for money
    (which is kept to the cent) or lies outside ``low``..``high``.
    """
    text = text.strip()
    if not text:
        return None, FieldProblem(field=name, code="prices.field.required") if required else None
    value = parse_number(text)
    if value is None:
        return None, FieldProblem(field=name, code="prices.field.not_a_number", params={"text": text[:40]})
    digits, exponent = value.as_tuple().digits, int(value.as_tuple().exponent)  # finite: parse_number saw to it
    if len(digits) > MAX_DIGITS or abs(exponent) > MAX_DIGITS:
        return None, FieldProblem(field=name, code="prices.field.too_long", params={"digits": MAX_DIGITS})
    if whole and value != value.to_integral_value():
        return None, FieldProblem(field=name, code="prices.field.not_whole", params={"text": text[:40]})
    if money and value != value.quantize(CENTS):
        return None, FieldProblem(field=name, code="prices.field.cents", params={"text": text[:40]})
    if (low is not None and value < low) or (high is not None and value > high):
        return None, FieldProblem(field=name, code="prices.field.range",
                                  params={"min": str(low if low is not None else ""),
                                          "max": str(high if high is not None else "")})
    if whole:
        return value.to_integral_value(), None
    return (value.quantize(CENTS) if money else value), None


def _number(values: Mapping[str, str], name: str, problems: list[FieldProblem], *, required: bool = False,
            money: bool = False, low: Decimal | None = None, high: Decimal | None = None) -> Decimal | None:
    value, problem = read_number(values.get(name, ""), name, required=required, money=money, low=low, high=high)
    if problem is not None:
        problems.append(problem)
    return value


def _whole(values: Mapping[str, str], name: str, default: int, problems: list[FieldProblem]) -> int:
    value, problem = read_number(values.get(name, ""), name, whole=True, low=Decimal(-10_000), high=Decimal(10_000))
    if problem is not None:
        problems.append(problem)
    return default if value is None else int(value)


def _split(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split(";") if ";" in line else line.split()


def _tiers(text: str, problems: list[FieldProblem]) -> list[dict[str, Decimal | None]] | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    tiers: list[dict[str, Decimal | None]] = []
    for n, line in enumerate(lines, start=1):
        cells = [parse_number(c) for c in _split(line)]
        last = n == len(lines)
        if any(c is None for c in cells) or len(cells) != (1 if last else 2):
            problems.append(FieldProblem(field="tiers", code="prices.field.tier_line", params={"line": n}))
            return None
        tiers.append({"up_to": None, "rate": cells[0]} if last else {"up_to": cells[0], "rate": cells[1]})
    bounds = [t["up_to"] for t in tiers[:-1]]
    if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):  # type: ignore[type-var]
        problems.append(FieldProblem(field="tiers", code="prices.field.tiers_ascending"))
        return None
    return tiers


def _matrix(text: str, problems: list[FieldProblem]) -> MatrixImport | None:
    if not text.strip():
        problems.append(FieldProblem(field="matrix", code="prices.field.required"))
        return None
    try:
        found = matrix_from_grid(parse_pasted(text), SheetMapping())
    except Invalid:
        problems.append(FieldProblem(field="matrix", code="prices.field.matrix_too_large"))
        return None
    if found.failed:
        first = found.failed[0]
        problems.append(FieldProblem(field="matrix", code="prices.field.matrix_cell",
                                     params={"row": first.row, "col": column_letter(first.col),
                                             "count": len(found.failed)}))
        return None
    return found


def calc_values(kind: str, values: Mapping[str, str]) -> dict[str, Any]:
    """The ``Calc`` fields of ``kind`` read from form ``values``; raises :class:`Invalid` naming every bad field."""
    problems: list[FieldProblem] = []
    if kind not in KINDS:
        raise Invalid([FieldProblem(field="kind", code="prices.field.kind", params={"kind": kind[:40]})],
                      code="prices.invalid")
    need = set(_NEEDS.get(kind, ()))
    out: dict[str, Any] = {"kind": kind}
    for name in ("amount", "rate", "percent", "min_area_m2"):
        if name in form_fields(kind):
            value = _number(values, name, problems, required=name in need,
                            low=Decimal(0) if name == "min_area_m2" else None)
            if value is not None:
                out[name] = value
    if "tiers" in form_fields(kind):
        tiers = _tiers(values.get("tiers", ""), problems)
        if tiers is None and "tiers" in need and not any(p.field == "tiers" for p in problems):
            problems.append(FieldProblem(field="tiers", code="prices.field.required"))
        if tiers is not None:
            out["tiers"] = tiers
    if kind == "united_inches" and "rate" not in out and "tiers" not in out and not problems:
        problems.append(FieldProblem(field="rate", code="prices.field.rate_or_tiers"))
    if kind == "percent":
        of = [c for c in re.split(r"[\s,;]+", values.get("of", "")) if c]
        bad = [c for c in of if not _ID.match(c)]
        if bad:
            problems.append(FieldProblem(field="of", code="prices.field.bad_code", params={"text": bad[0][:40]}))
        elif of:
            out["of"] = of
    if kind == "matrix":
        mode = values.get("mode", "round_up")
        out["mode"] = mode if mode in ("round_up", "interpolate") else "round_up"
        found = _matrix(values.get("matrix", ""), problems)
        if found is not None:
            out.update(widths=found.widths, heights=found.heights, prices=found.prices)
    if problems:
        raise Invalid(problems, code="prices.invalid")
    return out


def _common(values: Mapping[str, str], problems: list[FieldProblem], default_sort: int) -> dict[str, Any]:
    out: dict[str, Any] = {"sort": _whole(values, "sort", default_sort, problems)}
    vat = _number(values, "vat_rate", problems, low=Decimal(0), high=Decimal(100))
    if vat is not None:
        out["vat_rate"] = vat
    return out


def _convert(data: dict[str, Any], kind: type[Any], field: str) -> Any:
    """``data`` as ``kind``; the engine's own cross-field checks become one problem at ``field``."""
    try:
        return msgspec.convert(data, kind, strict=False)
    except msgspec.ValidationError as exc:
        raise Invalid([FieldProblem(field=field, code="prices.field.refused", params={"message": str(exc)[:300]})],
                      code="prices.invalid") from None


def rule_form(product: Product, values: Mapping[str, str], openings: list[str], languages: Sequence[str],
              code: str | None) -> PriceRule:
    """A product price rule from the form; ``code`` is the rule's code when editing, None for a new one."""
    problems: list[FieldProblem] = []
    kind = values.get("kind", "fixed")
    try:
        calc = calc_values(kind, values)
    except Invalid as exc:
        problems += exc.problems
        calc = {"kind": kind}
    new_code = values.get("code", "").strip() if code is None else code
    if code is None:
        if not _ID.match(new_code) or new_code == "new":  # "new" is the address of the empty form
            problems.append(FieldProblem(field="code", code="prices.field.bad_code", params={"text": new_code[:40]}))
        elif any(p.code == new_code for p in product.prices):
            problems.append(FieldProblem(field="code", code="prices.field.code_taken", params={"code": new_code}))
    labels = {lang: values.get(f"label_{lang}", "").strip()[:200] for lang in languages}
    for lang in languages:
        if not labels[lang]:
            problems.append(FieldProblem(field=f"label_{lang}", code="prices.field.required"))
    level = values.get("level", "product")
    level = level if level in ("product", "component") else "product"
    if level == "product" and kind == "per_order":
        pass  # the one place a fee once per order may sit
    elif kind == "per_order":
        problems.append(FieldProblem(field="level", code="prices.field.per_order_level"))
    data: dict[str, Any] = {**calc, **_common(values, problems, 100), "code": new_code, "label": labels,
                            "level": level}
    if level == "component":
        chosen = [o for o in openings if o in OPENING_TYPES]
        if chosen:
            data["openings"] = chosen
        fill = values.get("fill", "")
        if fill in ("glass", "panel"):
            data["fill"] = fill
    old = next((p for p in product.prices if p.code == code), None)
    if old is not None:  # what the form does not edit stays as it was
        keep = {"when": old.when, "group": old.group, "hide_if_zero": old.hide_if_zero}
        data.update({k: msgspec.to_builtins(v) for k, v in keep.items() if v is not None})
    if problems:
        raise Invalid(problems, code="prices.invalid")
    rule: PriceRule = _convert(data, PriceRule, "kind")
    return rule


def value_form(values: Mapping[str, str]) -> tuple[ValuePrice | None, Decimal | None, list[str]]:
    """An option value's price (None: no price of its own), colour factor and what the factor applies to."""
    problems: list[FieldProblem] = []
    factor = _number(values, "factor", problems, low=Decimal(0), high=Decimal(100))
    factor_on = [c for c in re.split(r"[\s,;]+", values.get("factor_on", "")) if c] or ["base"]
    if any(not _ID.match(c) for c in factor_on):
        problems.append(FieldProblem(field="factor_on", code="prices.field.bad_code",
                                     params={"text": next(c for c in factor_on if not _ID.match(c))[:40]}))
    kind = values.get("kind", "")
    price: ValuePrice | None = None
    if kind and kind != "none":
        try:
            calc = calc_values(kind, values)
        except Invalid as exc:
            problems += exc.problems
            calc = {}
        if kind == "per_order":
            problems.append(FieldProblem(field="kind", code="prices.field.per_order_level"))
        data = {**calc, **_common(values, problems, 200),
                "relative_to_default": values.get("relative_to_default") == "1"}
        if problems:
            raise Invalid(problems, code="prices.invalid")
        price = _convert(data, ValuePrice, "kind")
    if problems:
        raise Invalid(problems, code="prices.invalid")
    return price, factor, factor_on


# ---------------------------------------------------------------------------------------------- the catalog changed

def _product(catalog: Catalog, product_id: str) -> Product:
    product = catalog.product(product_id)
    if product is None:
        raise NotFound("prices.product.not_found", {"product": product_id[:64]})
    return product


def _with_product(catalog: Catalog, product: Product) -> Catalog:
    return msgspec.structs.replace(catalog, products=[product if p.id == product.id else p for p in catalog.products])


def set_rule(catalog: Catalog, product_id: str, rule: PriceRule) -> Catalog:
    """``catalog`` with ``rule`` in its product: replacing the rule with the same code, or added last."""
    product = _product(catalog, product_id)
    rules = list(product.prices)
    at = next((i for i, p in enumerate(rules) if p.code == rule.code), None)
    if at is None:
        rules.append(rule)
    else:
        rules[at] = rule
    return _with_product(catalog, msgspec.structs.replace(product, prices=rules))


def remove_rule(catalog: Catalog, product_id: str, code: str) -> Catalog:
    """``catalog`` without the product's price rule ``code``; NotFound when there is none."""
    product = _product(catalog, product_id)
    if not any(p.code == code for p in product.prices):
        raise NotFound("prices.rule.not_found", {"code": code[:64]})
    kept = [p for p in product.prices if p.code != code]
    return _with_product(catalog, msgspec.structs.replace(product, prices=kept))


def _value(product: Product, group_id: str, value_id: str) -> OptionValue:
    group = next((g for g in product.options if g.id == group_id), None)
    value = next((v for v in group.values if v.id == value_id), None) if group else None
    if value is None:
        raise NotFound("prices.value.not_found", {"group": group_id[:64], "value": value_id[:64]})
    return value


def set_value_price(catalog: Catalog, product_id: str, group_id: str, value_id: str, price: ValuePrice | None,
                    factor: Decimal | None, factor_on: list[str]) -> Catalog:
    """``catalog`` with the option value's price, colour factor and factor lines replaced."""
    product = _product(catalog, product_id)
    old = _value(product, group_id, value_id)
    new = msgspec.structs.replace(old, price=price, factor=factor, factor_on=factor_on)
    groups = [msgspec.structs.replace(g, values=[new if v.id == value_id else v for v in g.values])
              if g.id == group_id else g for g in product.options]
    return _with_product(catalog, msgspec.structs.replace(product, options=groups))


def set_dealer_prices(catalog: Catalog, values: Mapping[str, str]) -> Catalog:
    """``catalog`` with the dealer's markup, VAT rate and whether prices are shown including VAT, from the form."""
    problems: list[FieldProblem] = []
    markup = _number(values, "markup_percent", problems, required=True, low=Decimal(-100), high=Decimal(1000))
    vat = _number(values, "vat_rate", problems, required=True, low=Decimal(0), high=Decimal(100))
    if problems:
        raise Invalid(problems, code="prices.invalid")
    dealer = msgspec.structs.replace(catalog.dealer, markup_percent=markup, vat_rate=vat,
                                     prices_include_vat=values.get("prices_include_vat") == "1")
    return msgspec.structs.replace(catalog, dealer=dealer)


def set_product_prices(catalog: Catalog, product_id: str, values: Mapping[str, str]) -> Catalog:
    """``catalog`` with the product's minimum price and quantity tiers (``from discount%`` one a line) from the form."""
    product = _product(catalog, product_id)
    problems: list[FieldProblem] = []
    minimum = _number(values, "minimum_price", problems, money=True, low=Decimal(0)) or Decimal(0)
    tiers: list[QuantityTier] = []
    last = 1
    for n, line in enumerate((x.strip() for x in values.get("quantity_tiers", "").splitlines() if x.strip()), start=1):
        cells = [parse_number(c.rstrip("%")) for c in _split(line)]
        if len(cells) != 2 or cells[0] is None or cells[1] is None or cells[0] != cells[0].to_integral_value() \
                or cells[0] < 2 or not Decimal(0) <= cells[1] <= Decimal(100):
            problems.append(FieldProblem(field="quantity_tiers", code="prices.field.quantity_line", params={"line": n}))
            break
        if int(cells[0]) <= last:
            problems.append(FieldProblem(field="quantity_tiers", code="prices.field.quantity_ascending",
                                         params={"line": n}))
            break
        last = int(cells[0])
        tiers.append(QuantityTier(min_quantity=last, discount_percent=cells[1]))
    if problems:
        raise Invalid(problems, code="prices.invalid")
    return _with_product(catalog, msgspec.structs.replace(product, minimum_price=minimum, quantity_tiers=tiers))


def apply_matrix(catalog: Catalog, product_id: str, target: str, matrix: MatrixImport) -> Catalog:
    """``catalog`` with ``matrix`` as the price of ``target`` (``rule:CODE`` or ``value:GROUP/VALUE``).

    The target becomes a ``matrix`` price; what else it had (label, level, mode, VAT, sort) stays.
    """
    if not matrix.ok:
        raise Invalid([FieldProblem(field="matrix", code="prices.field.matrix_cell",
                                    params={"row": matrix.failed[0].row if matrix.failed else 0,
                                            "col": column_letter(matrix.failed[0].col) if matrix.failed else "",
                                            "count": len(matrix.failed)})], code="prices.invalid")
    product = _product(catalog, product_id)
    cells = {"kind": "matrix", "widths": matrix.widths, "heights": matrix.heights, "prices": matrix.prices}
    kind, _, name = target.partition(":")
    if kind == "rule":
        old = next((p for p in product.prices if p.code == name), None)
        if old is None:
            raise NotFound("prices.rule.not_found", {"code": name[:64]})
        data = {**msgspec.to_builtins(old), **cells}
        for field in ("amount", "rate", "min_area_m2", "tiers", "percent", "of"):
            data.pop(field, None)
        return set_rule(catalog, product_id, _convert(data, PriceRule, "matrix"))
    if kind == "value":
        group_id, _, value_id = name.partition("/")
        old_value = _value(product, group_id, value_id)
        keep: dict[str, Any] = {}
        if old_value.price is not None:
            keep = {"relative_to_default": old_value.price.relative_to_default, "sort": old_value.price.sort}
            if old_value.price.vat_rate is not None:
                keep["vat_rate"] = old_value.price.vat_rate
            if old_value.price.kind == "matrix":
                keep["mode"] = old_value.price.mode
        price: ValuePrice = _convert({**keep, **cells}, ValuePrice, "matrix")
        return set_value_price(catalog, product_id, group_id, value_id, price, old_value.factor, old_value.factor_on)
    raise NotFound("prices.target.not_found", {"target": target[:80]})
