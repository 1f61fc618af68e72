"""Money, numbers, percentages and dates as the widget's Intl writes them, for nl, en and de.

The expected strings were read from Chromium's ``Intl`` for the widget's locales (nl-NL, en-GB,
de-DE); tests/browser/test_locale_parity.py asks the browser itself. ``\\xa0`` is U+00A0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from server.i18n import LOCALES, format_date, format_money, format_number, format_percent, locale_for
from server.i18n.formats import decimal_input


def test_the_locales_are_the_widgets() -> None:
    # widget/src/constants.js: const LOCALES = { nl: "nl-NL", en: "en-GB", de: "de-DE" };
    assert LOCALES == {"nl": "nl-NL", "en": "en-GB", "de": "de-DE"}


@pytest.mark.parametrize(("lang", "dealer", "expected"), [
    ("de", ["nl"], "de"), ("fr", ["de", "nl"], "de"), ("fr", ["fr", "en"], "nl"), (None, ["en"], "en"),
    ("fr", [], "nl"), ("", [], "nl"),
])
def test_one_fallback_rule_unknown_then_the_dealers_first_language_then_nl(lang: str | None, dealer: list[str],
                                                                           expected: str) -> None:
    assert locale_for(lang, dealer) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("1171.06", "de", "1.171,06\xa0€"), ("1171.06", "nl", "€\xa01.171,06"), ("1171.06", "en", "€1,171.06"),
    ("-12", "nl", "€\xa0-12,00"), ("-12", "en", "-€12.00"), ("-12", "de", "-12,00\xa0€"),
    ("0", "nl", "€\xa00,00"), (Decimal("1234567.89"), "de", "1.234.567,89\xa0€"), (12, "en", "€12.00"),
])
def test_money_is_written_as_intl_writes_it(value: str | Decimal | int, lang: str, expected: str) -> None:
    assert format_money(value, lang, "EUR") == expected


def test_halves_round_away_from_zero_as_intl_does() -> None:
    # Intl rounds halfExpand; Babel alone would give 0,12 and 2,062 (half to even).
    assert format_money("0.125", "nl") == "€\xa00,13" and format_money("-0.125", "en") == "-€0.13"
    assert format_number("2.0625", "de") == "2,063"


def test_an_unknown_language_writes_money_in_dutch() -> None:
    assert format_money("967.82", "fr") == format_money("967.82", "nl") == "€\xa0967,82"


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("7.5", "nl", "7,5"), ("7.5", "en", "7.5"), ("7.50", "de", "7,5"), ("0.25", "nl", "0,25"),
    ("1", "de", "1"), ("1234.5", "nl", "1.234,5"), ("1234.5", "en", "1,234.5"),
])
def test_quantities_keep_their_decimals_in_the_locales_way(value: str, lang: str, expected: str) -> None:
    assert format_number(value, lang) == expected


@pytest.mark.parametrize(("rate", "lang", "expected"), [
    ("21", "nl", "21%"), ("21", "en", "21%"), ("21", "de", "21\xa0%"), ("7.5", "nl", "7,5%"), ("9.00", "de", "9\xa0%"),
    ("0", "en", "0%"),
])
def test_percentages_follow_the_locales_pattern(rate: str, lang: str, expected: str) -> None:
    assert format_percent(rate, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("nl", "29-11-2026"), ("de", "29.11.2026"), ("en", "29/11/2026")])
def test_dates_are_written_as_intl_writes_them_by_default(lang: str, expected: str) -> None:
    assert format_date("2026-11-29", lang) == expected
    assert format_date("2026-11-29T23:10:00+00:00", lang) == expected
    assert format_date(date(2026, 11, 29), lang) == expected
    assert format_date(datetime(2026, 11, 29, 8, tzinfo=UTC), lang) == expected


def test_single_digit_days_are_as_intl_writes_them() -> None:
    # Intl: 9-1-2026 (nl), 9.1.2026 (de), 09/01/2026 (en-GB).
    assert [format_date("2026-01-09", lang) for lang in ("nl", "de", "en")] == ["9-1-2026", "9.1.2026", "09/01/2026"]


def test_no_date_is_a_dash() -> None:
    assert format_date(None, "de") == format_date("", "nl") == "-"


@pytest.mark.parametrize(("lang", "expected"), [("nl", "1-3-2026"), ("de", "1.3.2026"), ("en", "01/03/2026")])
def test_the_back_office_writes_a_quotes_days_as_its_pdf_does(lang: str, expected: str) -> None:
    from server.admin.quotes import calendar_day
    from server.documents.quote import day

    assert calendar_day("2026-03-01", lang) == day("2026-03-01", lang) == expected


# --- time zone (issue 15) -----------------------------------------------------------------------------------------

def test_format_datetime_writes_a_utc_moment_in_the_dealer_zone_and_the_users_language() -> None:
    from server.i18n.formats import format_datetime

    moment = "2026-11-30T23:30:00+00:00"
    assert format_datetime(moment, "nl", "Europe/Amsterdam") == "1-12-2026, 00:30"
    assert format_datetime(moment, "en", "Europe/Amsterdam") == "01/12/2026, 00:30"
    assert format_datetime(moment, "de", "Europe/Amsterdam") == "1.12.2026, 00:30"
    assert format_datetime(moment, "nl", "America/New_York") == "30-11-2026, 18:30"
    assert format_datetime(moment, "nl", "Europe/Amsterdam", with_time=False) == "1-12-2026"
    # Summer time: UTC+2 before 25 October 2026, UTC+1 after.
    assert format_datetime("2026-10-24T22:30:00+00:00", "nl", "Europe/Amsterdam") == "25-10-2026, 00:30"
    assert format_datetime("2026-10-25T22:30:00+00:00", "nl", "Europe/Amsterdam") == "25-10-2026, 23:30"
    assert format_datetime(None, "nl", "Europe/Amsterdam") == ""


def test_format_date_of_a_timestamp_is_the_dealer_zone_day() -> None:
    from server.i18n import format_date

    assert format_date("2026-11-30T23:30:00+00:00", "nl", "Europe/Amsterdam") == "1-12-2026"
    assert format_date("2026-11-30T23:30:00+00:00", "nl", "America/New_York") == "30-11-2026"
    # A bare day (a quote's valid-until) is already the dealer's day and is not shifted.
    assert format_date("2026-12-01", "nl", "America/New_York") == "1-12-2026"


@pytest.mark.parametrize(("lang", "typed"), [("nl", "1234,50"), ("de", "1234,50"), ("en", "1234.50")])
def test_a_stored_decimal_is_given_back_as_the_person_types_it(lang: str, typed: str) -> None:
    # The quote editor's fields: the locale's decimal sign, no grouping, every stored decimal kept.
    assert decimal_input("1234.50", lang) == typed
    assert decimal_input(Decimal("0.125"), lang) == ("0.125" if lang == "en" else "0,125")
