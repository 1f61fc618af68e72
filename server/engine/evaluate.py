"""``evaluate``: a configuration in, the whole answer the widget needs out (its messages as codes).

Availability follows the design's rule: a value is available when the configuration with
only that value changed is valid, or, when the configuration is already invalid, when the
change adds no violation of its own. Only the rules that read what a change touches are
re-checked.

Every message (a field error, why a value is unavailable, what holds a division) is a
:class:`~server.engine.messages.Message`: a code and its figures in mm, m² and Decimal.
``server.i18n.engine_words`` writes it for a language and the dealer's units at the boundary.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from server.engine.catalog import Dealer
from server.engine.compiled import CompiledCatalog, CompiledProduct, CompiledRule
from server.engine.configuration import Bars, Configuration, SectionChoice
from server.engine.deltas import value_deltas
from server.engine.document import document_totals, rate_text
from server.engine.i18n import pick
from server.engine.layout import MIN_SECTION_MM, Bound, Geometry, division_limits
from server.engine.limits import Span, is_empty, size_limits
from server.engine.messages import Message, message, section_ref
from server.engine.money import ceil_to, floor_to, fmt
from server.engine.order_fees import item_fees
from server.engine.pricing import ItemPrice, Line, PriceParts, item_from_parts, price_parts
from server.engine.state import SectionState, State, with_opening, with_option
from server.engine.suggest import apply_change, checked, fix, suggest, violation_count
from server.engine.validate import (
    Violation,
    division_message,
    empty_note,
    normalise,
    rule_fails,
    sash_fits,
    sash_violations,
    violations,
)

__all__ = [
    "Availability", "Detailed", "Evaluation", "FieldError", "Limits", "PriceLine", "PriceSummary", "Range",
    "VatRow", "evaluate", "evaluate_detailed", "public_lines", "public_price", "vat_rows",
]


class FieldError(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A problem with one field, ``field`` a dotted path; ``change`` the engine's fix for it, if any
    (:func:`server.engine.suggest.fix`: it leaves fewer violations and stays within the live limits)."""

    field: str
    message: Message
    change: dict[str, Any] | None = None


class Range(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where a size may go now; ``*_reason`` says what holds a division at its limit."""

    min: int
    max: int
    step: int | None = None
    min_reason: Message | None = None
    max_reason: Message | None = None
    note: Message | None = None  # an empty range (min > max): what to change instead


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    """The live limits of the sizes."""

    width_mm: Range
    height_mm: Range
    divisions: dict[str, Range]


class Availability(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Whether a value may be chosen now and, if not, why and what would allow it.

    ``delta`` (money, two decimals) is what choosing an available value adds to one window's
    price as the dealer shows it (:mod:`server.engine.deltas`), when asked for; none while the configuration
    is invalid.
    """

    available: bool
    reason: Message | None = None
    rule: str | None = None
    change: dict[str, Any] | None = None
    delta: str | None = None


class SectionAvailability(msgspec.Struct, frozen=True, kw_only=True):
    """Availability of each opening type a section offers."""

    openings: dict[str, Availability]


class PriceLine(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One price line (excl. VAT); money as strings with two decimals, the label a message.

    ``per_order`` marks a fee charged once per document (not per window), such as delivery.
    ``server.services.intake_model.PriceLine`` is the same line with its label in words.
    """

    code: str
    label: Message
    quantity: str
    unit_price: str
    amount: str
    vat_rate: str
    per_order: bool = False


class VatRow(msgspec.Struct, frozen=True, kw_only=True):
    """The VAT of one rate over a document: the base it is charged on and the amount."""

    rate: str
    base: str
    vat: str


class PriceSummary(msgspec.Struct, frozen=True, kw_only=True):
    """The public price of one item (in evaluate: of the one-window document, its fees included).

    VAT is computed per rate over the lines and rounded once per rate (``vat_breakdown``).
    """

    lines: list[PriceLine]
    subtotal: str
    vat: str
    total: str
    currency: str
    includes_vat: bool
    vat_breakdown: list[VatRow] = []


class Evaluation(msgspec.Struct, frozen=True, kw_only=True):
    """The engine's evaluation: the evaluate answer with its messages as codes.

    ``server.api.evaluation.worded`` writes it in words as the public answer (``drawing`` is filled
    in by the HTTP layer).
    """

    configuration: Configuration
    valid: bool
    errors: list[FieldError]
    limits: Limits
    options: dict[str, dict[str, Availability]]
    sections: dict[str, SectionAvailability]
    layouts: dict[str, Availability]
    price: PriceSummary | None
    drawing: dict[str, str] = {}


class Detailed(msgspec.Struct, frozen=True, kw_only=True):
    """The evaluation plus what only the dealer and the server see."""

    evaluation: Evaluation
    state: State | None
    item_price: ItemPrice | None
    fees: list[Line] = []


def public_lines(lines: list[Line], per_order: bool = False) -> list[PriceLine]:
    """Price lines as the public answers show them (no formulas)."""
    return [PriceLine(code=ln.code, label=ln.label, quantity=str(ln.quantity), unit_price=fmt(ln.unit_price),
                      amount=fmt(ln.amount), vat_rate=rate_text(ln.vat_rate), per_order=per_order) for ln in lines]


def vat_rows(lines: list[Line]) -> tuple[Decimal, Decimal, Decimal, list[VatRow]]:
    """Subtotal, VAT, total and the per-rate rows of ``lines`` by the document rule."""
    totals = document_totals((ln.amount, ln.vat_rate) for ln in lines)
    rows = [VatRow(rate=rate_text(s.rate), base=fmt(s.base), vat=fmt(s.vat)) for s in totals.breakdown]
    return totals.subtotal, totals.vat, totals.total, rows


def public_price(item: ItemPrice, fees: list[Line], currency: str, includes_vat: bool) -> PriceSummary:
    """The public price of ``item`` with ``fees`` (once-per-order lines) after its own lines."""
    subtotal, vat, total, rows = vat_rows(item.lines + fees)
    return PriceSummary(
        lines=public_lines(item.lines) + public_lines(fees, per_order=True),
        subtotal=fmt(subtotal), vat=fmt(vat), total=fmt(total), currency=currency,
        includes_vat=includes_vat, vat_breakdown=rows,
    )


def _no_dead_end(cp: CompiledProduct, config: Configuration, state: State, violation: Violation,
                 change: dict[str, Any] | None, also: dict[str, Any], lang: str,
                 avoid: tuple[str | None, str | None] = (None, None)) -> dict[str, Any] | None:
    """``change`` if it helps (fewer violations with the value ``also`` than without it, sizes within
    the live limits), else another fix for ``violation`` that does, else None."""
    before = violation_count(cp, apply_change(config, {}, also), lang)
    return (checked(cp, config, change, lang, before, also)
            or fix(cp, config, state, violation, lang, before, also, avoid))


def _unavailable(cp: CompiledProduct, config: Configuration, fails: list[CompiledRule], state: State, lang: str,
                 also: dict[str, Any], group: str | None = None, section: str | None = None) -> Availability:
    rule = fails[0]
    said = message("rule", text=pick(rule.rule.message, lang))
    change = suggest(cp, rule, state, group=group, section=section)
    change = _no_dead_end(cp, config, state, Violation(f"rule:{rule.rule.id}", rule.field, said, rule.rule.id),
                          change, also, lang, (group, section))
    return Availability(available=False, reason=said, rule=rule.rule.id, change=change)


def _option_availability(cp: CompiledProduct, config: Configuration, state: State,
                         lang: str) -> dict[str, dict[str, Availability]]:
    result: dict[str, dict[str, Availability]] = {}
    ok = Availability(available=True)
    for gid, rules in cp.rules_by_group.items():
        current = state.options[gid]
        base_fails = {r.rule.id for r in rules if rule_fails(r, state)}
        answers: dict[str, Availability] = {}
        for vid in cp.values[gid]:
            if vid == current or not rules:
                answers[vid] = ok
                continue
            changed = with_option(state, gid, vid, cp.value_props)
            new = [r for r in rules if r.rule.id not in base_fails and rule_fails(r, changed)]
            answers[vid] = (_unavailable(cp, config, new, changed, lang, {"options": {gid: vid}}, group=gid)
                            if new else ok)
        result[gid] = answers
    return result


def _opening_availability(cp: CompiledProduct, config: Configuration, state: State,
                          lang: str) -> dict[str, SectionAvailability]:
    result: dict[str, SectionAvailability] = {}
    ok = Availability(available=True)
    rules = cp.section_rules
    base_fails = {r.rule.id for r in rules if rule_fails(r, state)}
    for sid, section in state.sections.items():
        node = cp.layout_leaves[state.layout][sid]
        base_sash = {v.key for v in sash_violations(cp, section, lang, state.layout)}
        answers: dict[str, Availability] = {}
        for opening in node.openings:
            if opening == section.opening:
                answers[opening] = ok
                continue
            changed = with_opening(state, sid, opening, cp.value_props)
            sash = [v for v in sash_violations(cp, changed.sections[sid], lang, state.layout)
                    if v.key not in base_sash]
            also = {"sections": {sid: {"opening": opening}}}
            if sash:
                change = _no_dead_end(cp, config, changed, sash[0], _sash_change(cp, changed, sid, sash[0]), also,
                                      lang, (None, sid))
                answers[opening] = Availability(available=False, reason=sash[0].message, rule=sash[0].rule,
                                                change=change)
                continue
            new = [r for r in rules if r.rule.id not in base_fails and rule_fails(r, changed)]
            answers[opening] = _unavailable(cp, config, new, changed, lang, also, section=sid) if new else ok
        result[sid] = SectionAvailability(openings=answers)
    return result


def _sash_change(cp: CompiledProduct, state: State, sid: str, violation: Violation) -> dict[str, Any] | None:
    """For a section as wide (high) as the window, a sash width (height) limit is a size limit."""
    section = state.sections[sid]
    opening = cp.product.opening(section.opening)
    assert opening is not None  # a sash violation names a validated opening
    name = (violation.rule or "").rsplit(".", 1)[-1]
    limit = getattr(opening.limits, name if name != "max_area" else "max_area_m2", None)
    if limit is None:
        return None
    product = cp.product
    if name in ("max_width", "min_width") and section.width == state.width:
        key, step = "width_mm", product.width.step
    elif name in ("max_height", "min_height") and section.height == state.height:
        key, step = "height_mm", product.height.step
    else:
        return None
    if name.startswith("max"):
        return {key: {"max": floor_to(Decimal(limit), step)}}
    return {key: {"min": ceil_to(Decimal(limit), step)}}


def _layout_availability(cp: CompiledProduct, config: Configuration, state: State, base: list[Violation],
                         lang: str) -> dict[str, Availability]:
    base_keys = {v.key for v in base}
    result: dict[str, Availability] = {}
    for lid in cp.layouts:
        if lid == state.layout:
            result[lid] = Availability(available=True)
            continue
        trial = Configuration(product=config.product, width_mm=state.width, height_mm=state.height, layout=lid,
                              options=state.options, quantity=state.quantity)
        other, _, _ = normalise(cp, trial, lang)
        new = [v for v in violations(cp, other, lang) if v.key not in base_keys]
        if not new:
            result[lid] = Availability(available=True)
            continue
        change = _no_dead_end(cp, config, other, new[0], _layout_change(cp, trial, other, new, base_keys, lang),
                              {"layout": lid}, lang)
        result[lid] = Availability(available=False, reason=new[0].message, rule=new[0].rule, change=change)
    return result


def _layout_change(cp: CompiledProduct, trial: Configuration, state: State, new: list[Violation],
                   base_keys: set[str], lang: str) -> dict[str, Any] | None:
    """Other openings for the new layout's sections when only its openings stand in the way.

    A layout comes with its sections' default openings; when the violations it adds are all
    about those openings (a sash too large or too small for its section, or a rule whose
    suggestion is another opening), the change names an opening for each such section, e.g.
    ``{"sections": {"main": {"opening": "fixed"}}}``. It is offered only when the layout with
    it adds no violation at all; anything else (the size, an option) gives no change.
    """
    rules = {r.rule.id: r for r in cp.rules}
    chosen: dict[str, str] = {}
    for _ in range(len(state.sections) + 1):
        keys = [v.key.split(":") for v in new]
        if any(k[0] not in ("sash", "rule") or (k[0] == "rule" and k[1] not in rules) for k in keys):
            return None
        fixes: dict[str, str] = {}
        sashes = [k[1] for k in keys if k[0] == "sash"]
        # Sashes first: another opening often settles a rule too (fixed glass weighs on no hinge).
        for sid in sashes:
            opening = _fitting_opening(cp, state, sid)
            if opening is None:
                return None
            fixes[sid] = opening
        for rule_id in [] if sashes else [k[1] for k in keys]:
            found = suggest(cp, rules[rule_id], state)
            if not found or set(found) != {"sections"}:
                return None
            fixes.update({sid: choice["opening"] for sid, choice in found["sections"].items()})
        if all(chosen.get(sid) == opening for sid, opening in fixes.items()):
            return None  # no progress: the same openings again
        chosen.update(fixes)
        sections = {sid: SectionChoice(opening=opening) for sid, opening in chosen.items()}
        state, _, errors = normalise(cp, msgspec.structs.replace(trial, sections=sections), lang)
        new = [v for v in errors + violations(cp, state, lang) if v.key not in base_keys]
        if not new:
            return {"sections": {sid: {"opening": opening} for sid, opening in sorted(chosen.items())}}
    return None


def _fitting_opening(cp: CompiledProduct, state: State, sid: str) -> str | None:
    """The first other opening of the section whose sash fits and that breaks no rule of its own.

    Openings that open come before fixed glass, so a suggestion keeps as much as it can.
    """
    node = cp.layout_leaves[state.layout][sid]
    section = state.sections[sid]
    failing: set[str] | None = None
    for opening in sorted((o for o in node.openings if o != section.opening and o in cp.product.openings),
                          key=lambda o: o == "fixed"):
        if not sash_fits(cp, SectionState(section.id, section.x, section.y, section.width, section.height, opening,
                                          section.fill, section.bars_rows, section.bars_columns)):
            continue
        if failing is None:
            failing = {r.rule.id for r in cp.section_rules if rule_fails(r, state)}
        changed = with_opening(state, sid, opening, cp.value_props)
        if any(rule_fails(r, changed) for r in cp.section_rules if r.rule.id not in failing):
            continue
        return opening
    return None


def _size_limits(cp: CompiledProduct, state: State) -> tuple[Range, Range]:
    """The live limits (:mod:`server.engine.limits`) as the answer shows them; an empty one says what to change."""
    width, height = size_limits(cp, state)

    def shown(axis: str, span: Span) -> Range:
        return Range(min=span.min, max=span.max, step=span.step,
                     note=empty_note(cp, state, axis) if is_empty(span) else None)

    return shown("width_mm", width), shown("height_mm", height)


def _reason(cp: CompiledProduct, layout: str, bound: Bound, lang: str) -> Message | None:
    if bound.section is None:
        return message("held_by_division") if bound.limit_name == "division" else None
    opening = cp.product.opening(bound.opening)
    name = pick(opening.label, lang) if opening is not None else bound.opening
    limit_value = None
    if opening is not None and bound.limit_name in ("min_width", "max_width", "min_height", "max_height"):
        limit_value = getattr(opening.limits, bound.limit_name)
    if limit_value is None:
        limit_value = MIN_SECTION_MM
    bound_word = message("bound_min" if bound.limit_name.startswith("min") else "bound_max")
    section = section_ref(cp.section_places[layout].get(bound.section), bound.section)
    return message("held_by_section", section=section, opening=str(name), bound=bound_word, limit=limit_value)


def _division_ranges(cp: CompiledProduct, state: State, geo: Geometry, lang: str) -> dict[str, Range]:
    openings = {sid: s.opening for sid, s in state.sections.items()}
    ranges: dict[str, Range] = {}
    for did, (lo, hi) in division_limits(geo, openings, cp.product.openings).items():
        # An empty range ("from 350 to 250 mm") is never shown: the note says what to change.
        note = division_message(cp, state, did, lang) if lo.value > hi.value else None
        ranges[did] = Range(min=lo.value, max=hi.value, min_reason=_reason(cp, state.layout, lo, lang),
                            max_reason=_reason(cp, state.layout, hi, lang), note=note)
    return ranges


def _normalised_config(state: State) -> Configuration:
    return Configuration(
        product=state.product, width_mm=state.width, height_mm=state.height, layout=state.layout,
        divisions=dict(sorted(state.divisions.items())),
        sections={sid: SectionChoice(opening=s.opening, fill=s.fill,
                                     bars=Bars(rows=s.bars_rows, columns=s.bars_columns))
                  for sid, s in state.sections.items()},
        options=dict(state.options), quantity=state.quantity,
    )


def _priced(answers: dict[str, Availability], deltas: dict[str, Decimal]) -> dict[str, Availability]:
    return {key: msgspec.structs.replace(a, delta=fmt(deltas[key])) if key in deltas else a
            for key, a in answers.items()}


def _with_deltas(cp: CompiledProduct, state: State, parts: PriceParts, options: dict[str, dict[str, Availability]],
                 sections: dict[str, SectionAvailability], lang: str,
                 dealer: Dealer) -> tuple[dict[str, dict[str, Availability]], dict[str, SectionAvailability]]:
    """``options`` and ``sections`` with a delta on every available value."""
    found = value_deltas(
        cp, state, parts,
        {gid: [vid for vid, a in answers.items() if a.available] for gid, answers in options.items()},
        {sid: [o for o, a in sec.openings.items() if a.available] for sid, sec in sections.items()},
        lang, dealer)
    return ({gid: _priced(answers, found.options[gid]) for gid, answers in options.items()},
            {sid: SectionAvailability(openings=_priced(sec.openings, found.openings[sid]))
             for sid, sec in sections.items()})


def evaluate_detailed(compiled: CompiledCatalog, config: Configuration, lang: str, deltas: bool = False) -> Detailed:
    """Evaluate ``config``; also return the state and the full item price (dealer-only detail).

    ``deltas`` puts the price difference on each available value: the public evaluate answer asks
    for it; the rest (a list, a request, a drawing, the CLI, the catalog check) only needs what was
    chosen and spares the work, about one window's price per value.
    """
    catalog = compiled.catalog
    errors: list[FieldError] = []
    cp = compiled.products.get(config.product)
    if cp is None:
        errors.append(FieldError(field="product", message=message("unknown_product", value=config.product)))
        cp = next(iter(compiled.products.values()))
        config = Configuration(product=cp.product.id)
    state, geo, input_errors = normalise(cp, config, lang)
    found = violations(cp, state, lang)
    errors.extend(FieldError(field=v.field, message=v.message) for v in input_errors)
    before = len(input_errors) + len(found)
    # Each error's fix as the price card offers it (one that leaves fewer violations, or none).
    errors.extend(FieldError(field=v.field, message=v.message, change=fix(cp, config, state, v, lang, before))
                  for v in found)
    valid = not errors
    item = None
    price = None
    parts = None
    fees: list[Line] = []
    dealer = catalog.dealer
    if valid:
        # The window's price parts, kept so that each value's delta prices again only what it changes.
        parts = price_parts(cp, state, lang, dealer.markup_percent)
        item = item_from_parts(cp, state, parts, lang, dealer.vat_rate)
        fees = item_fees(cp, state, lang, dealer.vat_rate, dealer.markup_percent)
        # One window is a document of its own: its fees are charged on it, once.
        price = public_price(item, fees, dealer.currency, dealer.prices_include_vat)
    width_range, height_range = _size_limits(cp, state)
    options = _option_availability(cp, config, state, lang)
    sections = _opening_availability(cp, config, state, lang)
    if deltas and parts is not None:
        options, sections = _with_deltas(cp, state, parts, options, sections, lang, dealer)
    evaluation = Evaluation(
        configuration=_normalised_config(state),
        valid=valid,
        errors=errors,
        limits=Limits(width_mm=width_range, height_mm=height_range,
                      divisions=_division_ranges(cp, state, geo, lang)),
        options=options,
        sections=sections,
        layouts=_layout_availability(cp, config, state, found + input_errors, lang),
        price=price,
    )
    return Detailed(evaluation=evaluation, state=state, item_price=item, fees=fees)


def evaluate(compiled: CompiledCatalog, config: Configuration, lang: str = "en", deltas: bool = False) -> Evaluation:
    """The public evaluation of ``config`` in ``lang`` (the answer asks for ``deltas``); pure and deterministic."""
    return evaluate_detailed(compiled, config, lang, deltas=deltas).evaluation
