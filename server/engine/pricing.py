"""Pricing: the itemised price of one configured window (one item of a request).

Order of work, per window: product-wide lines, then per-component lines (each matching
section or sash), then per-option-value lines; then percentages and colour factors
(computed from the lines they name, already rounded); then the quantity tier discount
and the minimum price, each split over the VAT rates of the lines it is computed from
(one line per rate, each share from its own base). Every line is rounded once, half
up, to cents, with the dealer's markup folded in before that rounding (the public answer
never shows the markup).
A line's amount is its rounded unit price x pieces x the window quantity, so it is exact.
VAT is summed per rate over the item and rounded once per rate.

Each line's dealer-only ``formula`` is a :class:`Message` (codes ``formula_*``: lengths in mm,
amounts of money as Decimal), so the engine holds no words; ``server.i18n`` writes it in the
reader's language and the dealer's units.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

import msgspec

from server.engine.catalog import Calc, OptionGroup, OptionValue, PriceRule, Tier
from server.engine.compiled import CompiledProduct
from server.engine.document import document_totals, rate_text
from server.engine.i18n import pick
from server.engine.messages import Message, Param, message, section_place
from server.engine.money import ZERO, round_cents
from server.engine.state import SectionState, State
from server.engine.units import inches_from_mm

__all__ = [
    "ItemPrice", "Line", "PricePart", "PriceParts", "changed_parts", "item_from_parts", "one_window_amounts",
    "price_item", "price_parts",
]

_HUNDRED = Decimal(100)
# A percentage's formula until the lines it is taken of are priced (:func:`_derived` writes it).
_PENDING = Message(code="formula_pending")


class Line(NamedTuple):
    """One price line of one item; ``formula`` is for the dealer only."""

    code: str
    label: Message
    pieces: int
    unit_price: Decimal
    amount: Decimal
    quantity: int
    vat_rate: Decimal
    sort: int
    formula: Message


class ItemPrice(NamedTuple):
    """The itemised price of one item, lines excl. VAT."""

    lines: list[Line]
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    vat_by_rate: dict[Decimal, Decimal]


class _Raw(NamedTuple):
    code: str
    label: Message
    pieces: int
    raw_unit: Decimal
    vat_rate: Decimal | None
    sort: int
    formula: Message
    hide_if_zero: bool
    group: bool
    marked_up: bool


def _matrix(calc: Calc, width: int, height: int) -> tuple[Decimal, Message]:
    widths = calc.widths or []
    heights = calc.heights or []
    prices = calc.prices or []
    if calc.mode == "round_up":
        wi = next((i for i, w in enumerate(widths) if w >= width), len(widths) - 1)
        hi = next((i for i, h in enumerate(heights) if h >= height), len(heights) - 1)
        value = prices[hi][wi]
        return value, message("formula_matrix_round_up", width=width, height=height, to_width=widths[wi],
                              to_height=heights[hi], value=value)
    wf, w0, w1 = _bracket(widths, width)
    hf, h0, h1 = _bracket(heights, height)
    top = prices[h0][w0] + (prices[h0][w1] - prices[h0][w0]) * wf
    bottom = prices[h1][w0] + (prices[h1][w1] - prices[h1][w0]) * wf
    value = top + (bottom - top) * hf
    return value, message("formula_matrix_interpolated", width=width, height=height, w0=widths[w0],
                          w1=widths[w1], h0=heights[h0], h1=heights[h1], value=value.quantize(Decimal("0.0001")))


def _bracket(points: list[int], value: int) -> tuple[Decimal, int, int]:
    """Index of the breakpoints around ``value`` and the fraction between them (clamped)."""
    if value <= points[0]:
        return Decimal(0), 0, 0
    if value >= points[-1]:
        last = len(points) - 1
        return Decimal(0), last, last
    for i in range(1, len(points)):
        if value <= points[i]:
            lo, hi = points[i - 1], points[i]
            return Decimal(value - lo) / Decimal(hi - lo), i - 1, i
    raise AssertionError("unreachable: value lies within the points")


def _tiered(tiers: list[Tier], quantity: Decimal) -> tuple[Decimal, Message]:
    """Marginal tiers: each band of ``quantity`` at its own rate."""
    total = Decimal(0)
    below = Decimal(0)
    parts: list[Message] = []
    for tier in tiers:
        top = tier.up_to if tier.up_to is not None else quantity
        band = min(quantity, top) - below
        if band <= 0:
            break
        total += band * tier.rate
        parts.append(message("formula_band", area=band, rate=tier.rate))
        below = top
    return total, _joined("formula_plus", parts) if parts else message("formula_amount", amount=Decimal(0))


def _joined(code: str, parts: list[Message]) -> Message:
    """Parts of a formula joined left to right by ``code`` (``formula_plus``: ``a + b``; ``formula_then``: ``a; b``)."""
    joined = parts[0]
    for part in parts[1:]:
        joined = message(code, first=joined, then=part)
    return joined


def _amount(calc: Calc, width: int, height: int, area: Decimal, perimeter: Decimal,
            frame: Decimal, sashes: int, bar_fields: int) -> tuple[Decimal, Message]:
    """The raw amount of a non-percent calculation for one window or one section."""
    kind = calc.kind
    if kind == "matrix":
        return _matrix(calc, width, height)
    if kind == "united_inches":
        # Back to the inches the homeowner typed (nearest 1/16) before rounding up, so
        # 42 in (1067 mm, 42.008 in) stays 42 instead of becoming 43.
        inches = int(inches_from_mm(width).to_integral_value(ROUND_CEILING)) + int(
            inches_from_mm(height).to_integral_value(ROUND_CEILING))
        if calc.tiers:
            rate = next(t.rate for t in calc.tiers if t.up_to is None or inches <= t.up_to)
        else:
            rate = calc.rate or Decimal(0)
        return inches * rate, message("formula_united_inches", inches=inches, rate=rate)
    if kind in ("per_m2", "per_cm2"):
        billed = max(area, calc.min_area_m2 or Decimal(0))
        if kind == "per_cm2":
            cm2 = billed * 10_000
            return cm2 * (calc.rate or 0), message("formula_cm2", area=cm2, rate=_given(calc.rate))
        if billed != area:
            return billed * (calc.rate or 0), message("formula_m2_minimum", area=billed,
                                                      minimum=calc.min_area_m2 or Decimal(0), rate=_given(calc.rate))
        return billed * (calc.rate or 0), message("formula_m2", area=billed, rate=_given(calc.rate))
    if kind == "tiered_area":
        value, bands = _tiered(calc.tiers or [], area)
        return value, message("formula_tiered_area", area=area, bands=bands)
    if kind in ("per_m_perimeter", "per_m"):
        return perimeter * (calc.rate or 0), message("formula_metres", length=_mm(perimeter), rate=_given(calc.rate))
    if kind == "per_m_frame":
        return frame * (calc.rate or 0), message("formula_frame", length=_mm(frame), rate=_given(calc.rate))
    if kind == "fixed" or kind == "per_unit":
        return calc.amount or Decimal(0), message("formula_amount", amount=_given(calc.amount))
    if kind == "per_sash":
        return Decimal(sashes) * (calc.amount or Decimal(0)), message("formula_sashes", count=sashes,
                                                                      amount=_given(calc.amount))
    if kind == "per_bar_field":
        return Decimal(bar_fields) * (calc.amount or Decimal(0)), message("formula_bar_fields", count=bar_fields,
                                                                          amount=_given(calc.amount))
    raise AssertionError(f"percent is priced after the lines it names, not here ({kind})")


def _given(value: Decimal | None) -> Decimal:
    """A catalog figure a formula quotes; a missing one is priced (and quoted) as 0, as before."""
    return value if value is not None else Decimal(0)


def _mm(metres: Decimal) -> int:
    """Metres a formula reckons in (a perimeter, a width) back to the whole mm they were made of."""
    return int((metres * 1000).to_integral_value())


def _window_amount(calc: Calc, state: State, width_basis: bool = False) -> tuple[Decimal, Message]:
    bar_fields = sum(_priced_bar_fields(s) for s in state.sections.values())
    perimeter = Decimal(state.width) / 1000 if width_basis else state.perimeter_m
    return _amount(calc, state.width, state.height, state.area_m2, perimeter, state.frame_m,
                   state.sash_count, bar_fields)


def _section_amount(calc: Calc, section: SectionState) -> tuple[Decimal, Message]:
    perimeter = Decimal(2 * (section.width + section.height)) / 1000
    return _amount(calc, section.width, section.height, section.area_m2, perimeter, perimeter,
                   1 if section.is_sash else 0, _priced_bar_fields(section))


def _priced_bar_fields(section: SectionState) -> int:
    """The bar fields a price counts: none on a panel, whose bars a configuration may still carry.

    Glazing bars divide glass; a panel has none to divide, so bars chosen before the homeowner
    switched the fill to a panel (or sent with it) are never priced.
    """
    return section.bar_fields if section.fill == "glass" else 0


def _value_lines(group: OptionGroup, value: OptionValue, default: OptionValue, state: State,
                 lang: str) -> list[_Raw]:
    price = value.price
    if price is None and not (default.price is not None and default.price.relative_to_default):
        return []
    label = message("label", text=f"{pick(group.label, lang)}: {pick(value.label, lang)}")
    calc = price or default.price
    assert calc is not None
    if calc.kind == "percent":
        return [_Raw(group.id, label, 1, calc.percent or ZERO, calc.vat_rate, calc.sort,
                     _PENDING, True, True, False)]
    # Sills, grilles and rails are priced per metre of the window's width.
    amount, formula = _window_amount(calc, state, width_basis=calc.kind == "per_m") if price else (
        ZERO, message("formula_amount", amount=Decimal(0)))
    if calc.relative_to_default and value.id != default.id and default.price is not None:
        base, base_formula = _window_amount(default.price, state, default.price.kind == "per_m")
        amount -= base
        formula = message("formula_less_default", formula=formula, default=base_formula)
    elif calc.relative_to_default and value.id == default.id:
        amount, formula = ZERO, message("formula_default_choice")
    return [_Raw(group.id, label, 1, amount, calc.vat_rate, calc.sort, formula, True, True, True)]


class PricePart(NamedTuple):
    """The lines one price rule or one option group gives a window: rounded and marked up, except
    its percentages, which are computed from the other lines once all parts are known."""

    lines: list[_Rounded]
    percents: list[tuple[_Raw, list[str]]]


PriceParts = dict[str, PricePart]
"""A window's parts by source, ``rule:<index>`` and ``option:<group>``, in the price's order."""

# The calculations that count sashes (``_amount``'s ``sashes``): besides the component rules that
# name opening types, the only prices an opening type changes (sizes, fills and bars stay).
_SASH_KINDS = frozenset({"per_sash"})


def price_item(cp: CompiledProduct, state: State, lang: str, vat_rate: Decimal,
               markup_percent: Decimal) -> ItemPrice:
    """Price one valid configuration (``state``) for one item with its quantity."""
    return item_from_parts(cp, state, price_parts(cp, state, lang, markup_percent), lang, vat_rate)


def item_from_parts(cp: CompiledProduct, state: State, parts: PriceParts, lang: str, vat_rate: Decimal) -> ItemPrice:
    """The item price of ``state`` from its parts (:func:`price_parts`), with its quantity."""
    return _finish(_complete(cp, state, parts, state.quantity, vat_rate, lang), state.quantity, vat_rate)


def one_window_amounts(cp: CompiledProduct, state: State, parts: PriceParts, lang: str,
                       vat_rate: Decimal) -> list[tuple[Decimal, Decimal]]:
    """``(amount excl. VAT, VAT rate)`` of each line of one window (quantity 1), as :func:`price_item` prices it.

    For totals only: no labels, no formulas, no order (lines hidden when zero add nothing).
    """
    return [(r.unit_price * r.pieces, r.vat_rate if r.vat_rate is not None else vat_rate)
            for r in _complete(cp, state, parts, 1, vat_rate, lang)]


def price_parts(cp: CompiledProduct, state: State, lang: str, markup_percent: Decimal) -> PriceParts:
    """Every price rule's and option group's part of ``state`` (the quantity plays no part here)."""
    markup = Decimal(1) + markup_percent / _HUNDRED
    parts: PriceParts = {}
    for index, rule in enumerate(cp.product.prices):
        if rule.kind != "per_order":  # charged once per document, not per window: server/engine/order_fees.py
            parts[f"rule:{index}"] = _rule_part(cp, rule, state, lang, markup)
    for group in cp.product.options:
        parts[f"option:{group.id}"] = _option_part(cp, group, state, lang, markup)
    return parts


def changed_parts(cp: CompiledProduct, before: State, parts: PriceParts, after: State, lang: str,
                  markup_percent: Decimal) -> PriceParts:
    """The parts of ``after``, from those of ``before`` (``parts``), the two states differing in one option
    or in one section's opening type only (:func:`~server.engine.state.with_option`, ``with_opening``).

    Only what that change can affect is priced again: the option group's own part; for an opening,
    the component rules naming the old or the new type, and every amount that counts sashes when
    the number of sashes changed; and every rule with a condition (a condition may read anything).
    """
    markup = Decimal(1) + markup_percent / _HUNDRED
    groups = {gid for gid, vid in after.options.items() if before.options[gid] != vid}
    types: set[str] = set()
    for sid, section in after.sections.items():
        if section.opening != before.sections[sid].opening:
            types |= {section.opening, before.sections[sid].opening}
    sashes = after.sash_count != before.sash_count
    found = dict(parts)
    for index, rule in enumerate(cp.product.prices):
        if rule.kind == "per_order":
            continue
        if (rule.code in cp.price_when or (sashes and rule.kind in _SASH_KINDS)
                or (rule.level == "component" and rule.openings is not None and types & set(rule.openings))):
            found[f"rule:{index}"] = _rule_part(cp, rule, after, lang, markup)
    for group in cp.product.options:
        if group.id in groups or (sashes and _counts_sashes(cp, group, after)):
            found[f"option:{group.id}"] = _option_part(cp, group, after, lang, markup)
    return found


def _counts_sashes(cp: CompiledProduct, group: OptionGroup, state: State) -> bool:
    chosen = cp.values[group.id][state.options[group.id]].price
    default = cp.values[group.id][group.default].price
    return any(calc is not None and calc.kind in _SASH_KINDS for calc in (chosen, default))


def _rule_part(cp: CompiledProduct, rule: PriceRule, state: State, lang: str, markup: Decimal) -> PricePart:
    when = cp.price_when.get(rule.code)
    if when is not None and not when.test(state):
        return PricePart([], [])
    label = message("label", text=pick(rule.label, lang))
    if rule.level == "product":
        if rule.kind == "percent":
            return PricePart([], [(_Raw(rule.code, label, 1, rule.percent or ZERO, rule.vat_rate, rule.sort,
                                        _PENDING, rule.hide_if_zero, rule.group, False), rule.of or ["base"])])
        amount, formula = _window_amount(rule, state)
        return PricePart([_round(_Raw(rule.code, label, 1, amount, rule.vat_rate, rule.sort, formula,
                                      rule.hide_if_zero, rule.group, True), markup)], [])
    lines = _component_lines(rule, state, label, cp.section_places[state.layout])
    return PricePart([_round(raw, markup) for raw in lines], [])


def _option_part(cp: CompiledProduct, group: OptionGroup, state: State, lang: str, markup: Decimal) -> PricePart:
    chosen = cp.values[group.id][state.options[group.id]]
    default = cp.values[group.id][group.default]
    lines: list[_Rounded] = []
    percents: list[tuple[_Raw, list[str]]] = []
    for raw in _value_lines(group, chosen, default, state, lang):
        if raw.formula is _PENDING:
            calc = chosen.price
            assert calc is not None
            percents.append((raw, calc.of or ["base"]))
        else:
            lines.append(_round(raw, markup))
    return PricePart(lines, percents)


def _complete(cp: CompiledProduct, state: State, parts: PriceParts, quantity: int, vat_rate: Decimal,
              lang: str) -> list[_Rounded]:
    """The parts' lines plus those computed from them: percentages, colour factors, discount, minimum."""
    lines = [line for part in parts.values() for line in part.lines]
    percents = [percent for part in parts.values() for percent in part.percents]
    # Percentages and colour factors are computed from other lines, so like the discount
    # below they are booked at those lines' VAT rates (unless the catalog gives the line
    # its own rate): a surcharge on a subtotal that holds 9 % installation is partly 9 %.
    by_code: dict[str, dict[Decimal, Decimal]] = {}
    for line in lines:
        rate = line.vat_rate if line.vat_rate is not None else vat_rate
        per_rate = by_code.setdefault(line.code, {})
        per_rate[rate] = per_rate.get(rate, ZERO) + line.unit_price * line.pieces
    subtotal_so_far = _per_rate(by_code.values())
    for raw, of in percents:
        basis = subtotal_so_far if of == ["subtotal"] else _per_rate(by_code.get(c, {}) for c in of)
        lines.extend(_derived(raw, basis, raw.raw_unit / _HUNDRED,
                              ("formula_percent_of", {"percent": raw.raw_unit, "of": ", ".join(of)}), vat_rate, lang))
    for group in cp.product.options:
        chosen = cp.values[group.id][state.options[group.id]]
        if chosen.factor is None or chosen.factor == 1:
            continue
        basis = _per_rate(by_code.get(c, {}) for c in chosen.factor_on)
        label = message("label", text=f"{pick(group.label, lang)}: {pick(chosen.label, lang)}")
        raw = _Raw(f"{group.id}-factor", label, 1, ZERO, None, 190, _PENDING, True, True, False)
        lines.extend(_derived(raw, basis, chosen.factor - 1,
                              ("formula_factor", {"factor": chosen.factor, "of": ", ".join(chosen.factor_on)}),
                              vat_rate, lang))
    # A discount or top-up is computed from the lines above it, so it is split over their
    # VAT rates: each rate's share comes from that rate's own base (EN 16931 needs both
    # bases right, not the whole line booked at the product's rate).
    bases = _bases_by_rate(lines, vat_rate)
    tier = max((t for t in cp.product.quantity_tiers if quantity >= t.min_quantity),
               key=lambda t: t.min_quantity, default=None)
    if tier is not None:
        pct = tier.discount_percent
        label = message("quantity_discount", percent=pct)
        shares = [(rate, -(base * pct / _HUNDRED), message("formula_discount", percent=pct, basis=base, rate=rate))
                  for rate, base in bases.items() if base != 0]
        discount = _shares("quantity-discount", label, 900, shares, vat_rate, lang)
        lines.extend(discount)
        for line in discount:
            assert line.vat_rate is not None  # every share carries its rate (0 is a rate too)
            bases[line.vat_rate] += line.unit_price
    window = sum(bases.values(), ZERO)
    floor = max(cp.product.minimum_price, ZERO)
    if window < floor:
        lines.extend(_shares("minimum-price", message("minimum_price"), 950,
                             _top_up_shares(floor, window, bases, vat_rate), vat_rate, lang))
    return lines


def _component_lines(rule: PriceRule, state: State, label: Message, places: dict[str, str]) -> list[_Raw]:
    found: list[_Raw] = []
    for section in state.sections.values():
        if rule.openings is not None and section.opening not in rule.openings:
            continue
        if rule.fill is not None and section.fill != rule.fill:
            continue
        amount, formula = _section_amount(rule, section)
        text = label if rule.group else message("line_in_section", text=label.params["text"],
                                                section=section_place(places.get(section.id), section.id))
        found.append(_Raw(rule.code, text, 1, amount, rule.vat_rate, rule.sort,
                          message("formula_section", section=section.id, formula=formula), rule.hide_if_zero,
                          rule.group, True))
    if not rule.group:
        return found
    merged: dict[Decimal, _Raw] = {}
    for raw in found:
        same = merged.get(raw.raw_unit)
        merged[raw.raw_unit] = raw if same is None else same._replace(
            pieces=same.pieces + 1, formula=message("formula_then", first=same.formula, then=raw.formula))
    return list(merged.values())


def _per_rate(parts: Iterable[dict[Decimal, Decimal]]) -> dict[Decimal, Decimal]:
    """The sum of several per-rate amounts, rate by rate."""
    total: dict[Decimal, Decimal] = {}
    for part in parts:
        for rate, amount in part.items():
            total[rate] = total.get(rate, ZERO) + amount
    return total


def _derived(raw: _Raw, basis: dict[Decimal, Decimal], factor: Decimal, formula: tuple[str, dict[str, Param]],
             default_rate: Decimal, lang: str) -> list[_Rounded]:
    """A line computed as ``factor`` x the lines of ``basis``: one line per VAT rate of its basis.

    A line the catalog gives its own ``vat_rate`` stays one line at that rate; so does one
    whose basis has a single rate. ``formula`` is the formula's code and its figures but the
    ``basis``, the amount it is taken of.
    """
    code, fixed = formula
    rates = {rate: amount for rate, amount in sorted(basis.items(), key=lambda kv: (-kv[1], -kv[0]))
             if amount != 0}
    if raw.vat_rate is not None or len(rates) < 2:
        total = sum(basis.values(), ZERO)
        rate = raw.vat_rate if raw.vat_rate is not None else next(iter(rates), None)
        return [_round(raw._replace(raw_unit=total * factor, vat_rate=rate,
                                    formula=message(code, basis=total, **fixed)), Decimal(1))]
    shares = [(rate, amount * factor,
               message("formula_vat_share", formula=message(code, basis=amount, **fixed), rate=rate))
              for rate, amount in rates.items()]
    return _shares(raw.code, raw.label, raw.sort, shares, default_rate, lang, raw.hide_if_zero)


def _bases_by_rate(lines: list[_Rounded], default_rate: Decimal) -> dict[Decimal, Decimal]:
    """The per-window sum of the lines at each VAT rate, highest base first (ties: rate)."""
    bases: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = line.vat_rate if line.vat_rate is not None else default_rate
        bases[rate] = bases.get(rate, ZERO) + line.unit_price * line.pieces
    return dict(sorted(bases.items(), key=lambda kv: (-kv[1], -kv[0])))


def _top_up_shares(floor: Decimal, window: Decimal, bases: dict[Decimal, Decimal],
                   default_rate: Decimal) -> list[tuple[Decimal, Decimal, Message]]:
    """The minimum-price top-up split over the rates pro rata to their bases.

    Each share is its rate's base x (floor / window - 1), rounded once; the largest base
    takes what rounding left over so the window still costs exactly the minimum.
    """
    gap = floor - window
    rates = [rate for rate, base in bases.items() if base != 0]
    if window <= 0 or len(rates) < 2:
        # Nothing to split pro rata (one rate, or no positive price to share from).
        rate = rates[0] if window > 0 and rates else default_rate
        return [(rate, gap, message("formula_minimum", floor=floor, window=window, rate=rate))]
    shares: list[tuple[Decimal, Decimal, Message]] = []
    for rate in rates[1:]:
        share = round_cents(gap * bases[rate] / window)
        shares.append((rate, share, message("formula_minimum_share", floor=floor, window=window, basis=bases[rate],
                                            rate=rate)))
    first = rates[0]
    rest = gap - sum((share for _, share, _ in shares), ZERO)
    shares.insert(0, (first, rest, message("formula_minimum_rest", floor=floor, window=window, rate=first)))
    return shares


def _shares(code: str, label: Message, sort: int, shares: list[tuple[Decimal, Decimal, Message]],
            default_rate: Decimal, lang: str, hide_if_zero: bool = False) -> list[_Rounded]:
    """One rounded line per VAT rate; the default rate keeps ``code``, others get a suffix."""
    several = len(shares) > 1
    found = []
    for rate, amount, formula in shares:
        line_code = code if rate == default_rate else f"{code}-vat-{_rate_id(rate)}"
        text = message("vat_share", label=label, rate=rate) if several else label
        found.append(_round(_Raw(line_code, text, 1, amount, rate, sort, formula, hide_if_zero, True, False),
                            Decimal(1)))
    return found


def _rate_id(rate: Decimal) -> str:
    """A VAT rate as part of a line code: its text (:func:`rate_text`) with a hyphen for the point, ``9``, ``5-5``."""
    return rate_text(rate).replace(".", "-")


class _Rounded(NamedTuple):
    code: str
    label: Message
    pieces: int
    unit_price: Decimal
    vat_rate: Decimal | None
    sort: int
    formula: Message
    hide_if_zero: bool


def _round(raw: _Raw, markup: Decimal) -> _Rounded:
    if raw.marked_up and markup != 1:
        unit = round_cents(raw.raw_unit * markup)
        formula = message("formula_markup", formula=raw.formula, markup=markup, amount=unit)
    else:
        unit = round_cents(raw.raw_unit)
        formula = message("formula_result", formula=raw.formula, amount=unit)
    return _Rounded(raw.code, raw.label, raw.pieces, unit, raw.vat_rate, raw.sort, formula, raw.hide_if_zero)


def _finish(rounded: list[_Rounded], quantity: int, default_rate: Decimal) -> ItemPrice:
    lines: list[Line] = []
    # Lines of one code (a sash per section) in the order of their labels' words.
    for r in sorted(rounded, key=lambda x: (x.sort, x.code, msgspec.json.encode(x.label))):
        if r.hide_if_zero and r.unit_price == 0:
            continue
        amount = r.unit_price * r.pieces * quantity
        lines.append(Line(r.code, r.label, r.pieces, r.unit_price, amount, r.pieces * quantity,
                          r.vat_rate if r.vat_rate is not None else default_rate, r.sort, r.formula))
    # One window on its own is priced by the document rule too (VAT per rate, rounded once).
    totals = document_totals((ln.amount, ln.vat_rate) for ln in lines)
    vat_by_rate = {share.rate: share.vat for share in totals.breakdown}
    return ItemPrice(lines, totals.subtotal, totals.vat, totals.total, vat_by_rate)
