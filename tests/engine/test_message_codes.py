"""The engine says codes with figures, never sentences; every code has words in nl, en and de (issue 15).

The codes and the kinds of their parameters are ``server.engine.messages.CODES``; the sentences are
the catalogs' ``engine`` family. A hypothesis property holds the two together (the same
placeholders as the code's parameters, in every language) and holds what the engine emits to the
codes it declares.
"""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.engine.compiled import CompiledCatalog, compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import Evaluation, evaluate, evaluate_detailed
from server.engine.i18n import LANGUAGES
from server.engine.messages import CODES, Message, message, section_ref
from server.engine.validate import normalise, violations
from server.i18n.engine_words import say
from server.i18n.words import words
from tests.engine.test_properties import SETTINGS, starts
from tests.support.word_tables import placeholders


def _messages(ev: Evaluation) -> list[Message]:
    """Every message of an evaluation: field errors, unavailability reasons, what holds a division, labels."""
    found = [e.message for e in ev.errors] + [ln.label for ln in (ev.price.lines if ev.price else [])]
    for values in ev.options.values():
        found += [a.reason for a in values.values() if a.reason is not None]
    for section in ev.sections.values():
        found += [a.reason for a in section.openings.values() if a.reason is not None]
    found += [a.reason for a in ev.layouts.values() if a.reason is not None]
    for rng in ev.limits.divisions.values():
        found += [r for r in (rng.min_reason, rng.max_reason) if r is not None]
    return found


def _declared(msg: Message) -> bool:
    """True when ``msg`` (and every message nested in it) has exactly the params its code declares."""
    kinds = CODES.get(msg.code)
    if kinds is None or set(msg.params) != set(kinds):
        return False
    for name, value in msg.params.items():
        kind = kinds[name]
        if kind == "message":
            if not (isinstance(value, Message) and _declared(value)):
                return False
        elif kind in ("length", "metres"):
            if not isinstance(value, int) or isinstance(value, bool):  # lengths are whole mm
                return False
        elif kind in ("area", "number", "percent", "money", "decimal"):
            if not isinstance(value, int | Decimal) or isinstance(value, bool):
                return False
        elif not isinstance(value, str):
            return False
    return True


def test_validate_returns_codes_with_lengths_in_mm(demo: CompiledCatalog) -> None:
    cp = demo.products["pvc-window"]
    config = Configuration(product="pvc-window", width_mm=5000, height_mm=1000)
    ev = evaluate(demo, config, "nl")
    state, _, _ = normalise(cp, config, "nl")
    found = violations(cp, state, "nl")
    # The live range the size step shows (issue 16: one source), not the product's 400-2400:
    # the single light's tilt-turn sash allows at most 1300 mm.
    assert found[0].message == Message(code="size_range", params={"min": 400, "max": 1300})
    assert ev.errors[0].message == found[0].message
    # The same code and figures whatever the language: only dealer labels are picked by it.
    assert evaluate(demo, config, "de").errors[0] == ev.errors[0]


def test_evaluate_returns_codes_everywhere_a_person_reads(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", layout="two-equal", width_mm=2000, divisions={"d1": 1950},
                           sections={"left": SectionChoice(opening="fixed")})
    ev = evaluate(demo, config, "en")
    said = _messages(ev)
    assert said and all(isinstance(m, Message) and _declared(m) for m in said)
    assert Message(code="section_too_small", params={"section": Message(code="section_right"), "value": 50}) in said
    # Encoded, a message is its code and figures: no sentence anywhere in the engine's answer.
    assert b"becomes too small" not in msgspec.json.encode(ev)
    assert b'"code":"section_too_small"' in msgspec.json.encode(ev)


def test_a_message_refuses_params_its_code_does_not_declare() -> None:
    with pytest.raises(ValueError, match="size_range: expected params"):
        message("size_range", min=400)
    assert section_ref("left", "a") == Message(code="section_left")
    assert section_ref(None, "a") == Message(code="section_id", params={"id": "a"})
    assert section_ref("nowhere", "a") == Message(code="section_id", params={"id": "a"})


@given(code=st.sampled_from(sorted(CODES)), lang=st.sampled_from(LANGUAGES))
def test_every_code_has_words_with_its_placeholders_in_every_language(code: str, lang: str) -> None:
    text = words("engine", lang).get(code)
    assert text is not None, f"{code}: no words in {lang}"
    assert placeholders(text) == set(CODES[code]), f"{code} ({lang}): {text!r}"
    # Nothing but plain names: the catalogs' translators see {min}, never {min:>4} or {0}.
    assert all(not spec and not conv for _, name, spec, conv in string.Formatter().parse(text) if name)


def _value(kind: str, draw: st.DrawFn) -> Any:
    if kind in ("length", "metres"):
        return draw(st.integers(0, 10_000))
    if kind in ("area", "number", "percent"):
        return draw(st.decimals(0, 1000, places=3, allow_nan=False, allow_infinity=False))
    if kind in ("money", "decimal"):  # a formula's figures: negative ones too (a discount), any decimals
        return draw(st.decimals(-10_000, 10_000, places=draw(st.integers(0, 6)), allow_nan=False,
                                allow_infinity=False))
    if kind == "message":
        return draw(st.sampled_from([section_ref("left", "x"), section_ref(None, "x"), Message(code="bound_min"),
                                     message("formula_amount", amount=Decimal("12.5"))]))
    return draw(st.text(alphabet="abcdef -", max_size=12))


@st.composite
def messages(draw: st.DrawFn) -> Message:
    """Any declared code with figures of the right kinds."""
    code = draw(st.sampled_from(sorted(CODES)))
    return Message(code=code, params={name: _value(kind, draw) for name, kind in CODES[code].items()})


@given(msg=messages(), lang=st.sampled_from(LANGUAGES))
def test_every_message_is_written_whole_and_an_imperial_one_never_says_mm(msg: Message, lang: str) -> None:
    metric = say(msg, lang)
    imperial = say(msg, lang, "imperial")
    assert "{" not in metric and "}" not in metric
    lengths = [name for name, kind in CODES[msg.code].items() if kind == "length"]
    metres = [name for name, kind in CODES[msg.code].items() if kind == "metres"]
    if lengths or metres:
        assert " mm" not in imperial and '"' in imperial
        assert (" mm" if lengths else " m") in metric
    else:
        assert imperial == metric


@SETTINGS
@given(start=starts(), data=st.data())
def test_every_message_the_engine_emits_is_a_declared_code(start, data) -> None:
    cc, config = start
    # Push some windows off their limits too: a division far off.
    layout = cc.products[config.product].layout_divisions[config.layout or cc.products[config.product].default_layout]
    divisions = {did: data.draw(st.integers(-50, 4000)) for did in layout}
    # Quantities past a tier bring the discount lines (and their VAT shares) in.
    config = msgspec.structs.replace(config, divisions=divisions, quantity=data.draw(st.integers(1, 20)))
    detailed = evaluate_detailed(cc, config, data.draw(st.sampled_from(LANGUAGES)))
    for msg in _messages(detailed.evaluation):
        assert _declared(msg), msg
    # The dealer-only formula of every price line and fee: a declared code all the way down.
    lines = (detailed.item_price.lines if detailed.item_price else []) + detailed.fees
    for line in lines:
        assert _declared(line.formula), line.formula
        assert line.formula.code.startswith("formula_")


def _formulas(demo: CompiledCatalog, config: Configuration, lang: str, units: Any = "metric") -> dict[str, str]:
    detailed = evaluate_detailed(demo, config, lang)
    assert detailed.item_price is not None
    return {ln.code: say(ln.formula, lang, units) for ln in detailed.item_price.lines + detailed.fees}


def test_a_formula_is_a_code_with_figures_never_words(demo: CompiledCatalog) -> None:
    detailed = evaluate_detailed(demo, Configuration(product="pvc-window", width_mm=1800, height_mm=1400,
                                                     layout="two-equal"), "en")
    assert detailed.item_price is not None
    base = {ln.code: ln.formula for ln in detailed.item_price.lines}["base"]
    assert base == message("formula_markup", markup=Decimal("1.1"), amount=Decimal("691.90"), formula=message(
        "formula_matrix_round_up", width=1800, height=1400, to_width=1800, to_height=1400, value=Decimal(629)))
    # Encoded, a formula is codes and figures: none of the words a person reads.
    assert all(word not in msgspec.json.encode(base) for word in (b"round up", b" = ", b" x ", b"opslag"))


def test_an_imperial_dealers_formulas_show_inches_and_no_mm(demo: CompiledCatalog) -> None:
    config = Configuration(product="pvc-window", width_mm=1800, height_mm=1400, layout="two-equal")
    formulas = _formulas(demo, config, "en", "imperial")
    # 1800 mm = 70.866 in = 70 7/8"; 1400 mm = 55.118 in = 55 1/8" (nearest 1/16).
    assert formulas["base"] == ('matrix (round up) 70 7/8" × 55 1/8" -> 70 7/8" × 55 1/8" = 629.00; '
                                "x 1.1 markup = 691.90")
    assert all(" mm" not in text for text in formulas.values()), formulas
    # The same figures and arithmetic as a metric dealer's, only the lengths are written otherwise.
    metric = _formulas(demo, config, "en")
    assert metric["base"] == "matrix (round up) 1,800 × 1,400 mm -> 1,800 × 1,400 mm = 629.00; x 1.1 markup = 691.90"
    assert {code: text for code, text in metric.items() if code != "base"} == {
        code: text for code, text in formulas.items() if code != "base"}


def test_a_dutch_dealer_reads_dutch_formulas_with_decimal_commas(demo: CompiledCatalog) -> None:
    formulas = _formulas(demo, Configuration(product="pvc-window", width_mm=1800, height_mm=1400, layout="two-equal",
                                             options={"installation": "fitted", "glazing": "triple"}, quantity=5),
                         "nl")
    assert formulas["base"] == ("matrix (naar boven) 1.800 × 1.400 mm -> 1.800 × 1.400 mm = 629,00; "
                                "× 1,1 opslag = 691,90")
    assert formulas["glazing"] == "2,52 m² × 42,00; × 1,1 opslag = 116,42"
    discounts = [text for code, text in formulas.items() if code.startswith("quantity-discount")]
    assert discounts and all(" van " in text and " btw)" in text for text in discounts), discounts
    assert not any(word in text for text in formulas.values() for word in ("markup", " of ", "VAT", "round up"))


def test_every_formula_kind_is_written_in_each_language() -> None:
    """Each ``formula_*`` code with sample figures: whole sentences, the locale's decimal sign."""
    for code, kinds in CODES.items():
        if not code.startswith("formula_"):
            continue
        params = {name: {"length": 1200, "metres": 4800, "money": Decimal("1234.5"), "decimal": Decimal("1.25"),
                         "percent": Decimal(21), "text": "base",
                         "message": message("formula_amount", amount=Decimal("7"))}[kind]
                  for name, kind in kinds.items()}
        msg = Message(code=code, params=params)
        for lang in LANGUAGES:
            text = say(msg, lang)
            assert "{" not in text, (code, lang, text)
            if "money" in kinds.values():
                assert ("1.234,50" if lang != "en" else "1,234.50") in text, (code, lang, text)
            if "metres" in kinds.values():
                assert ("4,8 m" if lang != "en" else "4.8 m") in text and '"' in say(msg, lang, "imperial")


def test_a_per_order_fee_and_an_interpolated_matrix_keep_their_figures() -> None:
    from tests.engine.conftest import DEMO, FULL, load
    from tests.engine.test_document import _DELIVERY

    demo = compile_catalog(load(DEMO, (_DELIVERY,)))
    fees = evaluate_detailed(demo, Configuration(product="pvc-window", quantity=4), "nl").fees
    assert [say(fee.formula, "nl") for fee in fees] == ["eenmaal per bestelling: 75,00 × 1,1 opslag = 82,50"]
    assert [say(fee.formula, "en") for fee in fees] == ["once per order: 75.00 x 1.1 markup = 82.50"]
    full = compile_catalog(load(FULL))
    interpolated = []
    for product in full.products:
        item = evaluate_detailed(full, Configuration(product=product), "de").item_price
        for ln in item.lines if item else []:
            inner = ln.formula.params.get("formula")
            if isinstance(inner, Message) and inner.code == "formula_matrix_interpolated":
                interpolated.append(say(ln.formula, "de", "imperial"))
    # 1000 mm = 39.37 in = 39 3/8"; 300 mm = 11.81 in = 11 13/16"; the value to 1/10 000 as before.
    assert interpolated == ['Matrix (interpoliert) 39 3/8" × 39 3/8" zwischen 11 13/16"..39 3/8" × '
                            '11 13/16"..39 3/8" = 300,00 = 300,00']
