"""`catalog check`: every problem at once, dead choices proven or listed as unproven."""

from __future__ import annotations

import pytest

from server.engine.catalog import CatalogError
from server.engine.check import check_catalog_text
from server.i18n.engine_words import say
from tests.engine.conftest import DEMO, FULL, load


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
        "full.toml: Invalid decimal string - at `products[test-window].max_area_m2`",
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
        "full.toml: products[test-window].rules[triple-area].when: unknown option group `glazzing`",
        "full.toml: products[test-window].rules[sash-weight].require: no value has the property `max_kg`",
        "full.toml: products[test-window].rules[black-needs-oak].require: `teak` is not a value of `colour-inside`",
        "full.toml: products[test-window].rules[vent-width].when.all[1]: unknown layout `round`",
        "full.toml: products[test-window].prices[insurance].of: unknown line `bsae`",
    ]


def test_missing_translations_are_problems() -> None:
    report = _check(FULL, ('label = { en = "Vent", de = "Lüfter" }', 'label = { en = "Vent" }'))
    assert report.problems == [
        "full.toml: products[test-window].options[extras].values[vent].label: missing translation(s) de"]


def test_matrix_order_and_coverage() -> None:
    report = _check(FULL, ("widths = [300, 1000, 2000, 3000]", "widths = [300, 2000, 1000, 3000]"),
                    ("heights = [300, 1000, 2500]", "heights = [400, 1000, 2400]"))
    assert report.problems == [
        "full.toml: products[test-window].prices[base].widths: breakpoints must be strictly ascending",
        "full.toml: products[test-window].prices[base].heights: last breakpoint 2400 does not cover the product's "
        "maximum 2500",
        "full.toml: products[test-window].prices[base].heights: first breakpoint 400 does not cover the product's "
        "minimum 300 "
        "(interpolation cannot extrapolate)",
    ]


def test_invalid_default_is_a_problem() -> None:
    report = _check(FULL, ('width = { min = 300, max = 3000, step = 1, default = 1000 }',
                           'width = { min = 300, max = 3000, step = 1, default = 2900 }'),
                    ('max_area_m2 = 6', 'max_area_m2 = 2'))
    assert report.problems[0].startswith(
        "full.toml: product `test-window`: the default configuration is invalid: width_mm:")


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


def test_a_section_id_used_twice_in_a_layout_is_a_problem_and_the_catalog_does_not_load() -> None:
    # Both parts of two-equal called `left`: the price would count one sash for two windows' worth.
    twice = ('{ section = "right", openings = ["fixed", "tilt-turn-right", "turn-right", "tilt"]',
             '{ section = "left", openings = ["fixed", "tilt-turn-right", "turn-right", "tilt"]')
    report = _check(DEMO, twice)
    assert not report.ok
    assert report.problems == [
        "demo.toml: section `left` is used 2 times in this list - at `products[pvc-window].layouts[two-equal]"
        ".parts[left]`"]
    with pytest.raises(CatalogError, match="duplicate section id in layout `two-equal`: left"):
        load(DEMO, (twice,))


def test_ids_used_twice_are_problems_at_every_level() -> None:
    report = _check(
        DEMO,
        # a division and a section repeated in a nested split (cousins, not siblings)
        ('split = "columns"\ndivisions = [{ id = "d1", default = "1/2", min = 350 }]\nparts = [\n  '
         '{ section = "left", openings = ["fixed", "tilt-turn-left", "turn-left"]',
         'split = "columns"\ndivisions = [{ id = "t1", default = "1/2", min = 350 }]\nparts = [\n  '
         '{ section = "left", openings = ["fixed", "tilt-turn-left", "turn-left"]'),
        ('  { section = "left", openings = ["fixed", "tilt-turn-left", "turn-left"], default_opening = '
         '"tilt-turn-left" },\n  { section = "right", openings = ["fixed", "tilt-turn-right", "turn-right"], '
         'default_opening = "fixed" },',
         '  { section = "top", openings = ["fixed", "tilt-turn-left", "turn-left"], default_opening = '
         '"tilt-turn-left" },\n  { section = "right", openings = ["fixed", "tilt-turn-right", "turn-right"], '
         'default_opening = "fixed" },'),
        ('id = "three"', 'id = "single"'),                                   # a layout id
        ('{ id = "standard-70", label', '{ id = "comfort-82", label'),       # an option value id
        ('min_quantity = 10', 'min_quantity = 5'),                           # a quantity tier
        ('openings = ["fixed", "tilt"], default_opening = "fixed", max_bars = 4',
         'openings = ["fixed", "tilt", "fixed"], default_opening = "fixed", max_bars = 4'),  # a string list
    )
    assert report.problems == [
        "demo.toml: `fixed` is listed twice - at `products[pvc-window].layouts[single].parts[middle].openings`",
        "demo.toml: section id `top` is used twice in this layout (also at products[pvc-window]"
        ".layouts[toplight-two].parts[top]) - at `products[pvc-window].layouts[toplight-two].parts[1].parts[top]`",
        "demo.toml: division id `t1` is used twice in this layout (also at products[pvc-window]"
        ".layouts[toplight-two].divisions[t1]) - at `products[pvc-window].layouts[toplight-two].parts[1]"
        ".divisions[t1]`",
        "demo.toml: id `single` is used 2 times in this list - at `products[pvc-window].layouts[single]`",
        "demo.toml: id `comfort-82` is used 2 times in this list - at `products[pvc-window].options[profile]"
        ".values[comfort-82]`",
        "demo.toml: min_quantity 5 is used 2 times - at `products[pvc-window].quantity_tiers`",
    ]


def test_every_structural_error_of_every_product_at_once_with_paths_by_id() -> None:
    report = _check(
        DEMO,
        ('minimum_price = 150', 'minimum_price = "cheap"'),                        # pvc-window, twice:
        ('id = "two-equal"\nlabel', 'id = "two-equal"\ncolour = "red"\nlabel'),   # an unknown field
        ('default = "1/2", min = 350 }]', 'default = "1/2", min = "wide" }]'),     # a wrong type in a tree
        ('minimum_price = 1500', 'minimum_price = "dear"'),                        # the second product
    )
    second = load(DEMO).products[1].id
    assert report.problems == [
        "demo.toml: Object contains unknown field `colour` - at `products[pvc-window].layouts[two-equal]`",
        "demo.toml: Expected `int | null`, got `str` - at `products[pvc-window].layouts[two-equal].divisions[d1]"
        ".min`",
        "demo.toml: Invalid decimal string - at `products[pvc-window].minimum_price`",
        f"demo.toml: Invalid decimal string - at `products[{second}].minimum_price`",
    ]


def test_an_enum_error_lists_the_allowed_values() -> None:
    report = _check(FULL, ('mode = "interpolate"', 'mode = "round_down"'),
                    ('openings = ["fixed", "tilt-turn-left"', 'openings = ["fixed", "tilt-trun-left"'))
    assert "full.toml: Invalid enum value 'round_down'; expected one of round_up, interpolate - at " \
           "`products[test-window].prices[base].mode`" in report.problems
    wrong_opening = [p for p in report.problems if "tilt-trun-left" in p]
    assert wrong_opening and all("expected one of fixed, turn-left, turn-right, tilt, " in p for p in wrong_opening)


_DEAD_BLACK = ('require = { option = "colour-inside", in = ["oak"] }',
               'require = { option = "colour-outside", in = ["white"] }')
_BLACK = '{ id = "black", label = { en = "Black", de = "Schwarz" }, swatch = "#101010",'


def test_a_choice_proven_unreachable_fails_unless_marked_unreachable_ok() -> None:
    report = _check(FULL, _DEAD_BLACK)
    assert not report.ok and report.accepted == []
    assert report.unreachable == ["product `test-window`: option `colour-outside` = `black`: rule `black-needs-oak` "
                                  "requires another value of the same group"]
    marked = _check(FULL, _DEAD_BLACK, (_BLACK, _BLACK + " unreachable_ok = true,"))
    assert marked.ok and marked.unreachable == [] and marked.problems == []
    assert marked.accepted == [report.unreachable[0] + " (marked unreachable_ok)"]


def test_option_groups_rules_and_price_codes_used_twice_are_problems() -> None:
    report = _check(FULL, ('id = "sill"', 'id = "glass"'), ('id = "vent-width"', 'id = "sash-weight"'),
                    ('code = "ui"', 'code = "base"'))
    assert report.problems == [
        "full.toml: id `glass` is used 2 times in this list - at `products[test-window].options[glass]`",
        "full.toml: id `sash-weight` is used 2 times in this list - at `products[test-window].rules[sash-weight]`",
        "full.toml: code `base` is used 2 times in this list - at `products[test-window].prices[base]`",
    ]


def test_wrong_table_keys_are_named_with_what_is_allowed() -> None:
    report = _check(DEMO, ('properties = { glass_mm = 12 }', 'properties = { Glass = 12 }'),
                    ('label = { nl = "Profiel", en = "Profile", de = "Profil" }',
                     'label = { nl = "Profiel", fr = "Profil", de = "Profil" }'),
                    ('[products.openings.fixed]', '[products.openings.fixd]'))
    assert report.problems == [
        "demo.toml: unknown key `fixd`; expected one of fixed, turn-left, turn-right, tilt, tilt-turn-left, "
        "tilt-turn-right, tilt-toplight, top-hung, sliding-left, sliding-right, dutch-door-left, dutch-door-right"
        " - at `products[pvc-window].openings.fixd`",
        "demo.toml: unknown key `fr`; expected one of nl, en, de - at `products[pvc-window].options[profile].label.fr`",
        "demo.toml: invalid key `Glass`: Expected `str` matching regex '^[a-z][a-z0-9_]{0,62}$' - at "
        "`products[pvc-window].options[glazing].values[triple].properties.Glass`",
    ]


def test_an_invalid_default_quotes_the_engines_message_in_the_given_words() -> None:
    text = FULL.read_text().replace('width = { min = 300, max = 3000, step = 1, default = 1000 }',
                                    'width = { min = 300, max = 3000, step = 1, default = 2900 }', 1)
    # The single layout's default opening becomes tilt-turn (at most 1300 mm wide).
    text = text.replace('default_opening = "fixed"', 'default_opening = "tilt-turn-left"', 1)
    # Without words: the code and its figures in mm, words for no language.
    plain = check_catalog_text(text, "full.toml").problems[0]
    assert "sections.main.opening: sash_max_width(opening=Tilt-turn left, limit=1300, value=2900)" in plain
    # With the words layer (what `venster catalog check` hands in): the dealer's first language (en)
    # and its units: 1300 mm = 51.18 in = 51 3/16"; 2900 mm = 114.17 in = 114 3/16".
    worded = check_catalog_text(text, "full.toml", say).problems[0]
    assert 'sections.main.opening: Tilt-turn left: at most 51 3/16" wide (now 114 3/16").' in worded
