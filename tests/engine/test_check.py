"""`catalog check`: every problem at once, dead choices proven or listed as unproven."""

from __future__ import annotations

from server.engine.check import check_catalog_text
from tests.engine.conftest import DEMO, FULL


def _check(path, *replacements: tuple[str, str]):
    text = path.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return check_catalog_text(text, path.name)


def test_shipped_catalogs_are_clean() -> None:
    for path in (DEMO, FULL):
        report = _check(path)
        assert report.ok and report.unproven == [], (report.problems, report.unreachable, report.unproven)
        assert report.proven > 30


def test_every_structural_error_is_reported_at_once() -> None:
    report = _check(FULL, ('vat_rate = 21', 'vat_rate = "x"'), ('max_area_m2 = 6', 'max_area_m2 = "big"'))
    assert report.problems == [
        "full.toml: Invalid decimal string - at `dealer.vat_rate`",
        "full.toml: Invalid decimal string - at `products[0].max_area_m2`",
    ]


def test_unknown_references_are_problems() -> None:
    report = _check(
        FULL,
        ('when = { option = "glazing", equals = "triple" }', 'when = { option = "glazzing", equals = "triple" }'),
        ('require = { option = "colour-inside", in = ["oak"] }',
         'require = { option = "colour-inside", in = ["teak"] }'),
        ('{ layout_in = ["single"] }', '{ layout_in = ["round"] }'),
        ('le_property = "max_sash_kg"', 'le_property = "max_kg"'),
        ('of = ["base"]', 'of = ["bsae"]'),
    )
    assert report.problems == [
        "products[0].rules[0].when: unknown option group `glazzing`",
        "products[0].rules[1].require: no value has the property `max_kg`",
        "products[0].rules[2].require: `teak` is not a value of `colour-inside`",
        "products[0].rules[3].when.all[1]: unknown layout `round`",
        "products[0].prices[6].of: unknown line `bsae`",
    ]


def test_missing_translations_are_problems() -> None:
    report = _check(FULL, ('label = { en = "Vent", de = "Lüfter" }', 'label = { en = "Vent" }'))
    assert report.problems == ["products[0].options[4].values[1].label: missing translation(s) de"]


def test_matrix_order_and_coverage() -> None:
    report = _check(FULL, ("widths = [300, 1000, 2000, 3000]", "widths = [300, 2000, 1000, 3000]"),
                    ("heights = [300, 1000, 2500]", "heights = [400, 1000, 2400]"))
    assert report.problems == [
        "products[0].prices[0].widths: breakpoints must be strictly ascending",
        "products[0].prices[0].heights: last breakpoint 2400 does not cover the product's maximum 2500",
        "products[0].prices[0].heights: first breakpoint 400 does not cover the product's minimum 300 "
        "(interpolation cannot extrapolate)",
    ]


def test_invalid_default_is_a_problem() -> None:
    report = _check(FULL, ('width = { min = 300, max = 3000, step = 1, default = 1000 }',
                           'width = { min = 300, max = 3000, step = 1, default = 2900 }'),
                    ('max_area_m2 = 6', 'max_area_m2 = 2'))
    assert report.problems[0].startswith("product `test-window`: the default configuration is invalid: width_mm:")


def test_dead_choices_are_proven_unreachable() -> None:
    report = _check(
        FULL,
        ('limits = { min_width = 700, min_height = 1800 }', 'limits = { min_width = 3500, min_height = 1800 }'),
        ('require = { option = "colour-inside", in = ["oak"] }',
         'require = { option = "colour-outside", in = ["white"] }'),
    )
    assert not report.ok
    assert report.unreachable == [
        "product `test-window`: option `colour-outside` = `black`: rule `black-needs-oak` requires another value "
        "of the same group",
        "product `test-window`: opening `dutch-door-left` in section `bottom` of layout `door-with-light`: needs at "
        "least 3500 mm of width; the product goes to 3000",
    ]


def test_what_the_search_cannot_settle_is_listed_apart() -> None:
    report = _check(FULL, ('require = { figure = "width_mm", ge = 1500 }',
                           'require = { figure = "width_mm", eq = 1234.5 }'))
    assert report.unreachable == []
    assert report.unproven == [
        "product `test-window`: opening `sliding-left` in section `main` of layout `single`: "
        "no valid window found within the search bound",
    ]
    assert report.ok  # unproven is a warning, not a failure
