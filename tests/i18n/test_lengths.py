"""One unit formatter: millimetres with the locale's grouping, inches to 1/16 with reduced fractions.

The round trip is checked against the widget's own parsing rules (``parseInches`` in
widget/src/units.js), ported below: what we write, the homeowner may type back.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.engine.units import inches_from_mm, sixteenths_from_mm
from server.i18n import format_length
from server.i18n.lengths import bound_sixteenths, format_inches, format_mm, stored_size

# widget/src/units.js, IMPERIAL and parseInches, character for character.
_IMPERIAL = re.compile(r"""^(?:(\d+(?:\.\d+)?)\s*(?:'|ft|feet|foot)\s*-?\s*)?(?:(\d+(?:\.\d+)?)(?:\s*[\s-]\s*(\d+)\/(\d+))?|(\d+)\/(\d+))?\s*(?:"|''|in|inch|inches)?$""")  # noqa: E501


def parse_inches(text: str) -> Fraction | None:
    """The widget's ``parseInches`` (without its final rounding to 1/16, so the test sees the exact value)."""
    s = text.strip().lower().replace(",", ".")
    m = _IMPERIAL.match(s)
    if not s or not m or (m[1] is None and m[2] is None and m[5] is None):
        return None
    inches = Fraction(m[1]) * 12 if m[1] else Fraction(0)
    if m[2]:
        inches += Fraction(m[2])
    if m[3]:
        inches += Fraction(int(m[3]), int(m[4]))
    if m[5]:
        inches += Fraction(int(m[5]), int(m[6]))
    return inches


@pytest.mark.parametrize(("mm", "expected", "with_feet"), [
    (927.1, '36 1/2"', "3' 1/2\""), (1079.5, '42 1/2"', "3' 6 1/2\""), (1066.8, '42"', "3' 6\""),
    (304.8, '12"', "1' 0\""), (12.7, '1/2"', "0' 1/2\""), (1, '1/16"', "0' 1/16\""), (0, '0"', "0' 0\""),
    (1219, '48"', "4' 0\""), (1230, '48 7/16"', "4' 7/16\""),
])
def test_inches_and_feet_inches(mm: float, expected: str, with_feet: str) -> None:
    value = Decimal(str(mm))
    assert format_inches(value) == expected
    assert format_inches(value, feet=True) == with_feet


@pytest.mark.parametrize(("lang", "expected"), [("nl", "1.230 mm"), ("de", "1.230 mm"), ("en", "1,230 mm")])
def test_millimetres_follow_the_locales_grouping(lang: str, expected: str) -> None:
    assert format_mm(1230, lang) == expected
    assert format_length(1230, lang) == expected


def test_an_imperial_length_is_in_inches_whatever_the_language() -> None:
    assert format_length(927, "de", "imperial") == '36 1/2"'
    assert format_length(1080, "nl", "feet-inches") == "3' 6 1/2\""


_MM = st.one_of(st.integers(min_value=0, max_value=10_000),
                st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False))


@given(_MM, st.booleans())
def test_written_inches_parse_back_within_a_32nd(mm: int | Decimal, feet: bool) -> None:
    text = format_inches(mm, feet=feet)
    parsed = parse_inches(text)
    assert parsed is not None, text
    assert abs(parsed - Fraction(Decimal(mm)) / Fraction("25.4")) <= Fraction(1, 32), text


@given(st.integers(min_value=0, max_value=10_000))
def test_whole_mm_give_the_engines_sixteenth(mm: int) -> None:
    # The engine rounds typed inches the same way (half up to 1/16): both must name one value.
    assert parse_inches(format_inches(mm)) == Fraction(inches_from_mm(mm))


@given(_MM, st.booleans())
def test_fractions_are_always_reduced_and_never_a_whole_inch(mm: int | Decimal, feet: bool) -> None:
    text = format_inches(mm, feet=feet)
    for numerator, denominator in re.findall(r"(\d+)/(\d+)", text):
        fraction = Fraction(int(numerator), int(denominator))
        assert (fraction.numerator, fraction.denominator) == (int(numerator), int(denominator)), text
        assert 0 < fraction < 1, text
        assert int(denominator) in (2, 4, 8, 16), text
    assert "16/16" not in text
    if feet:
        # Whole inches after the feet (none in "3' 1/2\""), always under a foot.
        inches = re.search(r"' (\d+)[ \"]", text)
        assert inches is None or int(inches[1]) < 12, text


def test_a_stored_items_size_is_written_once_for_every_page_and_file() -> None:
    assert stored_size({"width_mm": 1800, "height_mm": 1400}, "de") == "1.800 × 1.400 mm"
    assert stored_size({"width_mm": 1800, "height_mm": 1400}, "en", "imperial") == '70 7/8" × 55 1/8"'
    assert stored_size({"width_mm": 1800}, "nl") == "" and stored_size({"width_mm": True, "height_mm": 1}, "nl") == ""


def test_a_limit_in_inches_typed_back_keeps_to_it_and_is_at_most_a_sixteenth_off() -> None:
    def typed(sixteenths: int) -> int:  # the widget: Math.round of the inches in mm
        return int(Fraction(sixteenths * 254, 160) + Fraction(1, 2))
    for mm in range(1, 6001):
        low, high, near = bound_sixteenths(mm, "min"), bound_sixteenths(mm, "max"), sixteenths_from_mm(mm)
        assert typed(low) >= mm and typed(high) <= mm, mm
        assert abs(low - near) <= 1 and abs(high - near) <= 1, mm
    assert bound_sixteenths(350, "min") == 221 and sixteenths_from_mm(350) == 220  # 13 13/16", not 13 3/4"
