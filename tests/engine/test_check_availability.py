"""`catalog check` warns when a product's default window leaves most values of a group unavailable (issue 16)."""

from __future__ import annotations

import pytest

from server.engine.check import check_catalog_text
from server.i18n.engine_words import say

# A catalog made here: at the default 800 mm width two of the three opening types (each needing
# 900 mm) and one of three glass types (needing 1000 mm) cannot be chosen.
CATALOG = """
[dealer]
name = "Mini"
languages = {languages}

[[products]]
id = "small-window"
label = {{ nl = "Raam", en = "Window", de = "Fenster" }}
width = {{ min = 400, max = 2000, default = {width} }}
height = {{ min = 400, max = 2000, default = 800 }}

[products.openings.fixed]
label = {{ nl = "Vast", en = "Fixed", de = "Fest" }}
[products.openings.tilt]
label = {{ nl = "Kiep", en = "Tilt", de = "Kipp" }}
limits = {{ min_width = 900 }}
[products.openings.turn-left]
label = {{ nl = "Draai", en = "Turn", de = "Dreh" }}
limits = {{ min_width = 900 }}

[[products.layouts]]
id = "single"
label = {{ nl = "Eén vak", en = "Single", de = "Einflügelig" }}
[products.layouts.root]
section = "main"
openings = ["fixed", "tilt", "turn-left"]

[[products.options]]
id = "glass"
label = {{ nl = "Glassoort", en = "Glass type", de = "Glasart" }}
default = "clear"
values = [
  {{ id = "clear", label = {{ nl = "Helder", en = "Clear", de = "Klar" }} }},
  {{ id = "frosted", label = {{ nl = "Mat", en = "Frosted", de = "Satiniert" }} }},
  {{ id = "wide", label = {{ nl = "Breed", en = "Wide", de = "Breit" }} }},
]

[[products.rules]]
id = "wide-needs-width"
when = {{ option = "glass", equals = "wide" }}
require = {{ figure = "width_mm", ge = 1000 }}
message = {{ nl = "Breed glas vanaf 1000 mm.", en = "Wide glass from 1000 mm.", de = "Breites Glas ab 1000 mm." }}

[[products.prices]]
code = "base"
label = {{ nl = "Raam", en = "Window", de = "Fenster" }}
kind = "per_m2"
rate = 100
"""


def _catalog(lang: str = "en", width: int = 800) -> str:
    languages = [lang] + [other for other in ("nl", "en", "de") if other != lang]  # the first one speaks
    return CATALOG.format(languages=str(languages).replace("'", '"'), width=width)


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", "Product small-window: bij de standaardconfiguratie zijn 2 van de 3 raamtypes voor het raam niet "
           "mogelijk. Kies een standaard waarbij de meeste mogelijk zijn."),
    ("en", "Product small-window: with the default configuration, 2 of the 3 opening types for the window are "
           "not possible. Choose a default that leaves most of them available."),
    ("de", "Produkt small-window: In der Standardkonfiguration sind 2 von 3 Öffnungsarten für das Fenster nicht "
           "möglich. Wählen Sie einen Standard, bei dem die meisten möglich sind."),
])
def test_a_default_that_leaves_most_openings_unavailable_is_a_warning_in_the_dealers_language(
        lang: str, words: str) -> None:
    report = check_catalog_text(_catalog(lang), "mini.toml", say)
    assert report.warnings == [words]  # one of three glass types off is no majority: no warning for it
    assert report.ok and not report.problems  # a warning, not a failure


def test_the_warning_names_an_option_group_where_most_values_are_off() -> None:
    text = _catalog().replace('when = { option = "glass", equals = "wide" }',
                        'when = { option = "glass", in = ["wide", "frosted"] }', 1)
    report = check_catalog_text(text, "mini.toml", say)
    assert "Product small-window: with the default configuration, 2 of the 3 values of ‘Glass type’ are not " \
           "possible. Choose a default that leaves most of them available." in report.warnings


def test_a_default_that_leaves_most_values_open_gives_no_warning() -> None:
    report = check_catalog_text(_catalog(width=1000), "mini.toml", say)
    assert report.warnings == [] and report.ok


def test_without_words_the_warning_is_its_code_and_figures() -> None:
    report = check_catalog_text(_catalog(), "mini.toml")
    assert report.warnings == [
        "mostly_unavailable_openings(product=small-window, section=section_window, off=2, total=3)"]
