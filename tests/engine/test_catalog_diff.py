"""diff_catalogs: changes matched by id, with labels and price kinds; and their words in nl, en and de."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from server.admin.catalog_diff_words import word_change
from server.engine.catalog import Catalog
from server.engine.catalog_diff import diff_catalogs
from server.i18n import format_money
from tests.engine.conftest import DEMO, load

TRIPLE_PRICE = 'price = { kind = "per_m2", rate = 42, min_area_m2 = 0.5 }'
CLEAR = '  { id = "clear", label = { nl = "Helder", en = "Clear", de = "Klar" } },'
TINTED = '  { id = "tinted", label = { nl = "Getint", en = "Tinted", de = "Getönt" } },'


@pytest.fixture(scope="module")
def old() -> Catalog:
    return load(DEMO)


def _rate_raised(old: Catalog) -> list:
    new = load(DEMO, ((TRIPLE_PRICE, TRIPLE_PRICE.replace("rate = 42", "rate = 44.5")),))
    return diff_catalogs(old, new)


def test_same_catalog_has_no_changes(old: Catalog) -> None:
    assert diff_catalogs(old, load(DEMO)) == []


def test_a_changed_rate_is_one_change_by_id_with_its_labels_and_kind(old: Catalog) -> None:
    [change] = _rate_raised(old)
    assert change.action == "changed"
    assert change.path == "products[pvc-window].options[glazing].values[triple].price.rate"
    assert change.field == "price.rate"
    assert (change.before, change.after) == (Decimal(42), Decimal("44.5"))
    assert change.price_kind == "per_m2"
    assert [s["en"] for s in change.subject] == ["PVC window", "Glazing", "Triple glazing (Ug 0.6)"]


def test_an_added_value_is_one_change_not_a_shift_of_the_others(old: Catalog) -> None:
    new = load(DEMO, ((CLEAR, CLEAR + "\n" + TINTED),))
    [change] = diff_catalogs(old, new)
    assert (change.action, change.path, change.after) == (
        "added", "products[pvc-window].options[glass-type].values[tinted]", "tinted")
    assert change.subject[-1]["nl"] == "Getint"


def test_moving_a_value_is_no_change(old: Catalog) -> None:
    product = old.products[0]
    glazing = next(g for g in product.options if g.id == "glazing")
    moved = msgspec.structs.replace(glazing, values=list(reversed(glazing.values)))
    options = [moved if g.id == "glazing" else g for g in product.options]
    new = msgspec.structs.replace(old, products=[msgspec.structs.replace(product, options=options),
                                                 *old.products[1:]])
    assert diff_catalogs(old, new) == []


def test_a_removed_product(old: Catalog) -> None:
    new = msgspec.structs.replace(old, products=old.products[:1])
    changes = diff_catalogs(old, new)
    assert [(c.action, c.path) for c in changes] == [("removed", f"products[{p.id}]") for p in old.products[1:]]


def test_a_matrix_cell_is_named_by_its_breakpoints() -> None:
    text = (DEMO.parent.parent / "tests" / "catalogs" / "full.toml").read_text()
    assert "kind = \"matrix\"" in text
    from server.engine.catalog import decode_catalog
    old = decode_catalog(text, "full.toml")
    product = next(p for p in old.products if any(r.kind == "matrix" for r in p.prices))
    rule = next(r for r in product.prices if r.kind == "matrix")
    assert rule.prices is not None and rule.widths is not None and rule.heights is not None
    prices = [list(row) for row in rule.prices]
    prices[1][2] = prices[1][2] + 5
    new_rule = msgspec.structs.replace(rule, prices=prices)
    new_product = msgspec.structs.replace(product, prices=[new_rule if r.code == rule.code else r
                                                           for r in product.prices])
    new = msgspec.structs.replace(old, products=[new_product if p.id == product.id else p for p in old.products])
    [change] = diff_catalogs(old, new)
    assert change.cell == (rule.widths[2], rule.heights[1])
    assert change.after - change.before == 5


RATE_WORDS = {
    "nl": "Triple glas (Ug 0,6): {a}/m² → {b}/m²",
    "en": "Triple glazing (Ug 0.6): {a}/m² → {b}/m²",
    "de": "Dreifachverglasung (Ug 0,6): {a}/m² → {b}/m²",
}
ADDED_WORDS = {"nl": "Keuze toegevoegd: Getint", "en": "Value added: Tinted", "de": "Auswahl hinzugefügt: Getönt"}
REMOVED_WORDS = {"nl": "Product verwijderd: Aluminium schuifpui", "en": "Product removed: Aluminium sliding door",
                 "de": "Produkt entfernt: Aluminium-Schiebetür"}


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_a_changed_rate_in_words(old: Catalog, lang: str) -> None:
    [change] = _rate_raised(old)
    worded = word_change(change, lang)
    # Money as the widget writes it (format_money), the unit from the price's kind (per_m2).
    expected = RATE_WORDS[lang].format(a=format_money("42", lang), b=format_money("44.5", lang))
    assert worded.text == expected
    assert worded.context == {"nl": "Kunststof raam › Beglazing", "en": "PVC window › Glazing",
                              "de": "Kunststofffenster › Verglasung"}[lang]


def test_the_example_of_the_issue_in_dutch(old: Catalog) -> None:
    [change] = _rate_raised(old)
    change = msgspec.structs.replace(change, before=Decimal("38.50"), after=Decimal("41.00"))
    assert word_change(change, "nl").text.replace("\xa0", " ") == "Triple glas (Ug 0,6): € 38,50/m² → € 41,00/m²"


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_an_added_value_in_words(old: Catalog, lang: str) -> None:
    [change] = diff_catalogs(old, load(DEMO, ((CLEAR, CLEAR + "\n" + TINTED),)))
    assert word_change(change, lang).text == ADDED_WORDS[lang]


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_a_removed_product_in_words(old: Catalog, lang: str) -> None:
    new = msgspec.structs.replace(old, products=[p for p in old.products if p.id != "alu-sliding-door"])
    [change] = diff_catalogs(old, new)
    assert word_change(change, lang).text == REMOVED_WORDS[lang]


def test_a_changed_label_is_worded_with_the_field(old: Catalog) -> None:
    new = load(DEMO, (('{ nl = "Helder", en = "Clear", de = "Klar" }', '{ nl = "Blank", en = "Clear", de = "Klar" }'),))
    [change] = diff_catalogs(old, new)
    # The thing is named as it is called now.
    assert word_change(change, "nl").text == "Blank, naam: “Helder” → “Blank”"


def test_a_wiped_label_names_the_thing_as_it_was_called(old: Catalog) -> None:
    product = old.products[0]
    new = msgspec.structs.replace(old, products=[msgspec.structs.replace(product, label={}), *old.products[1:]])
    [change] = diff_catalogs(old, new)
    assert word_change(change, "en").text == "PVC window, name: “PVC window” → (none)"
