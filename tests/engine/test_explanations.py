"""A value's optional short explanation (issue 16): per language, plain text, at most 160 characters."""

from __future__ import annotations

import pytest

from server.engine.catalog import EXPLANATION_MAX, Catalog, CatalogError, decode_catalog
from server.engine.check import check_catalog_text
from tests.engine.conftest import DEMO, load


def test_demo_explains_some_openings_and_values_in_every_language() -> None:
    product = load(DEMO).products[0]
    assert set(product.openings["tilt"].explanation) == {"nl", "en", "de"}
    glazing = next(g for g in product.options if g.id == "glazing")
    assert glazing.values[1].explanation["de"] == "Drei Scheiben: wärmer und leiser, aber schwerer."
    assert product.openings["fixed"].explanation == {}  # optional: most values have none


def test_an_explanation_longer_than_the_limit_is_refused_naming_the_field() -> None:
    long = "x" * (EXPLANATION_MAX + 1)
    text = DEMO.read_text().replace(
        'de = "Kippt oben nach innen: sicher lüften, öffnet nicht ganz." }',
        f'de = "{long}" }}', 1)
    assert long in text
    with pytest.raises(CatalogError) as caught:
        load_text(text)
    # Loading stops at the first error (msgspec writes a table's keys as [...]) ...
    assert str(caught.value) == (
        "demo.toml: Expected `str` of length <= 160 - at `products[0].openings[...].explanation[...]`")
    # ... and `catalog check` names the product, the opening and the language.
    assert check_catalog_text(text, "demo.toml").problems == [
        "demo.toml: Expected `str` of length <= 160 - at `products[pvc-window].openings.tilt.explanation.de`"]


def test_an_explanation_at_the_limit_loads() -> None:
    text = DEMO.read_text().replace("Kantelt aan de bovenkant naar binnen: veilig ventileren.", "n" * 160, 1)
    assert load_text(text).products[0].openings["tilt"].explanation["nl"] == "n" * 160


def test_catalog_check_wants_an_explanation_in_every_language_of_the_dealer() -> None:
    text = DEMO.read_text().replace(
        ', en = "Tilts in at the top: safe airing, but it does not open fully."', "", 1)
    report = check_catalog_text(text, "demo.toml")
    assert report.problems == [
        "demo.toml: products[pvc-window].openings.tilt.explanation: missing translation(s) en"]


def load_text(text: str) -> Catalog:
    return decode_catalog(text, "demo.toml")
