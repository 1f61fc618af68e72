"""The widget's own texts (``TEXTS`` in widget/src/texts.js) say the same things in nl, en and de."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.word_tables import placeholders, problems, read_js_object

WIDGET = Path(__file__).resolve().parents[1] / "widget" / "src" / "texts.js"
LANGS = ("nl", "en", "de")


def _widget_texts() -> dict[str, object]:
    return read_js_object(WIDGET.read_text(encoding="utf-8"), "const TEXTS =")


def test_the_widget_has_the_same_texts_and_placeholders_in_every_language() -> None:
    tables = _widget_texts()
    assert sorted(tables) == sorted(LANGS)
    assert problems(tables, "widget/src/texts.js TEXTS", LANGS) == []


def test_the_reader_sees_the_whole_table() -> None:
    """The parity test would pass vacuously on a half-read table: check known words from each part."""
    tables = _widget_texts()
    en = tables["en"]
    assert isinstance(en, dict)
    assert en["product"] == "Product" and en["noDrawing"] == "Drawing not available"
    assert en["sections"]["top"] == "Top light" and en["windows"] == ["{n} window", "{n} windows"]
    assert len(en) > 90


def test_the_reader_takes_strings_with_escapes_lists_comments_and_quoted_keys() -> None:
    source = 'x; const T = { en: { z: "a \\\\", a: "say \\"hi\\"", "b-c": [\'one\', "two"], // why\n n: 2, }, }; y'
    assert read_js_object(source, "const T =") == {"en": {"z": "a \\", "a": 'say "hi"', "b-c": ["one", "two"], "n": 2}}
    with pytest.raises(ValueError, match="cannot read|not plain data"):
        read_js_object('const T = { en: { a: fill("x") } };', "const T =")


FAKE_GOOD = {"nl": {"hi": "Hallo {name}", "n": ["{n} raam", "{n} ramen"]},
             "en": {"hi": "Hello {name}", "n": ["{n} window", "{n} windows"]},
             "de": {"hi": "Hallo {name}", "n": ["{n} Fenster", "{n} Fenster"]}}


def test_the_checker_passes_a_table_in_order() -> None:
    assert problems(FAKE_GOOD, "fake", LANGS) == []


@pytest.mark.parametrize(("tables", "expected"), [
    ({"nl": {"a": "A", "b": "B"}, "en": {"a": "A"}, "de": {"a": "A", "b": "B"}},
     ["fake: 'b' is missing in 'en'"]),
    ({"nl": {"a": "A"}, "en": {"a": "  "}, "de": {"a": ""}},
     ["fake: 'a' is empty in 'en'", "fake: 'a' is empty in 'de'"]),
    ({"nl": {"a": "Van {min} tot {max}"}, "en": {"a": "From {min} to {mx}"}, "de": {"a": "Von {min} bis {max}"}},
     ["fake: 'a' has different placeholders: nl ['max', 'min'], en ['min', 'mx'], de ['max', 'min']"]),
    ({"nl": {"s": {"top": "Bovenlicht"}}, "en": {"s": {}}, "de": {"s": {"top": "Oberlicht"}}},
     ["fake: 's.top' is missing in 'en'"]),
    ({"nl": {"n": ["{n} raam", "{n} ramen"]}, "en": {"n": ["{n} window", "windows"]},
      "de": {"n": ["{n} Fenster", "{n} Fenster"]}},
     ["fake: 'n[1]' has different placeholders: nl ['n'], en [], de ['n']"]),
    ({"nl": {"a": "A"}, "en": {"a": "A"}}, ["fake: the language 'de' is missing"]),
], ids=["missing-key", "empty-text", "placeholders", "nested-key", "plural-list", "missing-language"])
def test_the_checker_finds_each_fault(tables: dict[str, object], expected: list[str]) -> None:
    assert problems(tables, "fake", LANGS) == expected


def test_placeholders_are_format_fields_not_doubled_braces() -> None:
    assert placeholders("{a} and {b:>3} but not {{c}}") == {"a", "b"}
