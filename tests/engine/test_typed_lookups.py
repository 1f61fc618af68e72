"""The lookups that were retyped for mypy answer as before: a label in the asked language, then the
fallback, then any; an opening type by name, None for a name the product does not offer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.engine.catalog import OPENING_TYPES, decode_catalog, is_opening_type
from server.engine.i18n import LANGUAGES, pick
from tests.engine.conftest import FULL

LANG = st.sampled_from([*LANGUAGES, "fr", ""])
PRODUCT = decode_catalog(FULL.read_text(), "full.toml").products[0]
LABELS = st.dictionaries(st.sampled_from(LANGUAGES), st.text(min_size=1, max_size=5), max_size=3)


@given(LABELS, LANG, LANG)
def test_pick_takes_the_language_then_the_fallback_then_any_label(labels: dict[str, str], lang: str,
                                                                  fallback: str) -> None:
    expected = labels.get(lang, labels.get(fallback, next(iter(labels.values()), "")))
    assert pick(labels, lang, fallback) == expected


def test_pick_reads_a_catalog_label_table_as_it_is() -> None:
    labels = PRODUCT.label
    assert pick(labels, "de") == labels.get("de", labels.get("en", next(iter(labels.values()))))


@given(st.one_of(st.sampled_from(OPENING_TYPES), st.text(max_size=12), st.none()))
def test_a_product_finds_an_opening_type_by_name_and_nothing_else(name: str | None) -> None:
    found = PRODUCT.opening(name)
    if name in PRODUCT.openings:
        assert found is PRODUCT.openings[name]
    else:
        assert found is None
    # The narrowing check agrees with the product's own table for every name it knows.
    assert not (found is not None and not is_opening_type(name))
