"""The document rule (VAT per rate over the whole document) and fees once per order, in the engine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.engine.catalog import CatalogError
from server.engine.compiled import compile_catalog
from server.engine.configuration import Configuration
from server.engine.document import document_totals, rate_text
from server.engine.evaluate import evaluate, evaluate_detailed
from server.engine.money import round_cents
from server.engine.price_list import price_list
from server.engine.pricing import _rate_id
from tests.engine.conftest import DEMO, load

_DELIVERY = ('[[products.quantity_tiers]]',
             '[[products.prices]]\ncode = "delivery"\nlabel = { nl = "Bezorging", en = "Delivery" }\n'
             'kind = "per_order"\namount = 75\nsort = 990\n\n[[products.quantity_tiers]]')
_FITTED = {"installation": "fitted", "glazing": "triple"}


def test_vat_is_rounded_once_per_rate_over_the_document_not_per_window() -> None:
    # Two windows (demo, 600 and 610 x 1400, triple, fitted): 21 % bases 603.11 and 652.15, 9 % 181.50 each.
    # Per window: 126.65 + 136.95 + 16.34 + 16.34 = 296.28 (16.335 rounds up twice).
    # Per document: 1255.26 x 21 % = 263.6046 -> 263.60; 363.00 x 9 % = 32.67; 296.27.
    totals = document_totals([(Decimal("603.11"), Decimal(21)), (Decimal("181.50"), Decimal(9)),
                              (Decimal("652.15"), Decimal(21)), (Decimal("181.50"), Decimal("9.0"))])
    assert [(str(s.rate), str(s.base), str(s.vat)) for s in totals.breakdown] == [
        ("21", "1255.26", "263.60"), ("9", "363.00", "32.67")]
    assert (totals.subtotal, totals.vat, totals.total) == (Decimal("1618.26"), Decimal("296.27"),
                                                           Decimal("1914.53"))


def test_the_demo_list_total_is_one_cent_below_the_sum_of_its_windows() -> None:
    demo = compile_catalog(load(DEMO))
    details = [evaluate_detailed(demo, Configuration(product="pvc-window", width_mm=w, height_mm=1400,
                                                     options=_FITTED), "en") for w in (600, 610)]
    document = price_list(details, "EUR", True)
    assert sum(Decimal(p.vat) for p in document.items if p) == Decimal("296.28")  # what the widget used to add
    assert (document.totals.vat, document.totals.total) == ("296.27", "1914.53")


@given(st.lists(st.tuples(st.integers(-50_000, 500_000), st.sampled_from(["21", "9", "0", "5.5"])),
                max_size=30))
def test_document_vat_is_each_rate_base_times_rate_rounded_once(lines: list[tuple[int, str]]) -> None:
    pairs = [(Decimal(cents) / 100, Decimal(rate)) for cents, rate in lines]
    totals = document_totals(pairs)
    assert totals.subtotal == sum((a for a, _ in pairs), Decimal(0))
    for share in totals.breakdown:
        base = sum((a for a, r in pairs if r == share.rate), Decimal(0))
        assert share.base == base and share.vat == round_cents(base * share.rate / 100)
    assert totals.vat == sum((s.vat for s in totals.breakdown), Decimal(0))
    assert totals.total == totals.subtotal + totals.vat


def test_a_per_order_fee_is_not_multiplied_by_the_quantity() -> None:
    demo = compile_catalog(load(DEMO, (_DELIVERY,)))
    ev = evaluate(demo, Configuration(product="pvc-window", quantity=4), "en")
    assert ev.price is not None
    fee = [ln for ln in ev.price.lines if ln.code == "delivery"]
    # 75 x 1.10 markup = 82.50, once: not 4 x 82.50.
    assert [(ln.quantity, ln.unit_price, ln.amount, ln.per_order) for ln in fee] == [("1", "82.50", "82.50", True)]
    plain = evaluate(compile_catalog(load(DEMO)), Configuration(product="pvc-window", quantity=4), "en")
    assert plain.price is not None
    assert Decimal(ev.price.subtotal) - Decimal(plain.price.subtotal) == Decimal("82.50")


def test_a_per_order_fee_is_charged_once_per_list_however_many_windows_carry_it() -> None:
    demo = compile_catalog(load(DEMO, (_DELIVERY,)))
    details = [evaluate_detailed(demo, Configuration(product="pvc-window", width_mm=w, quantity=q), "en")
               for w, q in ((1000, 1), (1200, 3), (1400, 2))]
    document = price_list(details, "EUR", True)
    assert [(ln.code, ln.amount) for ln in document.order_lines] == [("delivery", "82.50")]
    items = sum(Decimal(p.subtotal) for p in document.items if p)
    assert all(ln.code != "delivery" for p in document.items if p for ln in p.lines)
    assert Decimal(document.totals.subtotal) == items + Decimal("82.50")


@pytest.mark.parametrize(("where", "extra", "message"), [
    ('kind = "per_order"\namount = 75\nlevel = "component"', "", "per_order` is a product-wide price rule"),
    ('kind = "per_order"', "", "kind `per_order` needs `amount`"),
])
def test_a_per_order_rule_must_be_product_wide_with_an_amount(where: str, extra: str, message: str) -> None:
    rule = ('[[products.prices]]\ncode = "delivery"\nlabel = { nl = "Bezorging" }\n' + where + extra
            + '\n\n[[products.quantity_tiers]]')
    with pytest.raises(CatalogError, match=message):
        load(DEMO, (("[[products.quantity_tiers]]", rule),))


def test_an_option_value_cannot_be_priced_per_order() -> None:
    old = 'price = { kind = "per_unit", amount = 165, vat_rate = 9 }'
    with pytest.raises(CatalogError, match="per_order` belongs on a product price rule"):
        load(DEMO, ((old, 'price = { kind = "per_order", amount = 165, vat_rate = 9 }'),))


@given(units=st.integers(0, 10_000), places=st.integers(0, 2), padding=st.integers(0, 3))
def test_a_vat_rate_has_one_text_form_however_it_was_written(units: int, places: int, padding: int) -> None:
    """ "9", "9.0" and "9.00" are one rate in JSON, in quote lines and in line codes (``5.5`` -> ``5-5``)."""
    rate = Decimal(units).scaleb(-places)  # 0 .. 100 in steps of 0.01, as the catalog or a quote line writes it
    written = Decimal(f"{rate:f}" + ("" if padding == 0 or "." in f"{rate:f}" else ".") + "0" * padding)
    assert written == rate
    text = rate_text(written)
    assert text == rate_text(rate) and Decimal(text) == rate
    assert "E" not in text and not (("." in text) and text.endswith("0")) and not text.endswith(".")
    assert _rate_id(written) == text.replace(".", "-")
