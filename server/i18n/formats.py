"""Money, numbers, percentages and dates through Babel (CLDR), equal to the widget's ``Intl`` output.

The widget (``widget/src/format.js``, bundled into ``widget/dist/venster.js``) formats with
``new Intl.NumberFormat(LOCALES[lang], ...)`` where ``LOCALES = {nl: "nl-NL", en: "en-GB", de:
"de-DE"}``; :data:`LOCALES` names the same locales, and
each function below states the ``Intl`` call it matches. ``tests/browser/test_locale_parity.py``
compares the two character for character (U+00A0 and the minus sign included).

Today (Babel 2.19, Chromium's ICU) they write every case the parity test renders alike; should an
upgrade make them differ (U+202F against U+00A0, say), the parity test fails and the correction
belongs in this module. How a half is rounded is the one difference there is (Babel: half to
even; Intl: away from zero), and it is settled before Babel sees the number, in
:func:`_half_up`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from server.i18n.zones import zone

__all__ = ["FALLBACK", "LOCALES", "babel_locale", "decimal_input", "format_date", "format_datetime", "format_money",
           "format_number", "format_percent", "locale_for"]

# Language -> the locale tag (BCP 47) the widget hands to Intl; Babel parses the same tags.
LOCALES: dict[str, str] = {"nl": "nl-NL", "en": "en-GB", "de": "de-DE"}
FALLBACK = "nl"

_BABEL: dict[str, Locale] = {lang: Locale.parse(tag, sep="-") for lang, tag in LOCALES.items()}


def locale_for(lang: str | None, dealer_languages: Sequence[str] = ()) -> str:
    """The language to format in: ``lang`` when known, else the dealer's first language, else ``nl``.

    The one fallback rule for formats: an unknown or missing language never picks English by accident.
    """
    if lang in LOCALES:
        return str(lang)
    for first in dealer_languages[:1]:
        if first in LOCALES:
            return first
    return FALLBACK


def babel_locale(lang: str) -> Locale:
    """Babel's locale for ``lang`` after the fallback rule (for this package's other formatters)."""
    return _BABEL[locale_for(lang)]


def _half_up(value: str | Decimal | int, places: Decimal) -> Decimal:
    """``value`` rounded to ``places`` half away from zero, as ``Intl`` rounds (``halfExpand``).

    Babel would round half to even; rounding first leaves it nothing to round.
    """
    return Decimal(value).quantize(places, ROUND_HALF_UP)


def format_money(value: str | Decimal | int, lang: str, currency: str = "EUR") -> str:
    """``value`` in ``currency`` as the widget shows it: ``€ 1.171,06`` (nl), ``1.171,06 €`` (de), ``€1,171.06`` (en).

    Matches ``new Intl.NumberFormat(loc, {style: "currency", currency})``: the currency's decimals (two
    for the euro; stored amounts already have them), the locale's grouping, symbol and sign placement
    (``€ -12,00`` in nl, ``-€12.00`` in en, ``-12,00 €`` in de).
    """
    places = Decimal(1).scaleb(-babel_numbers.get_currency_precision(currency))
    return babel_numbers.format_currency(_half_up(value, places), currency, locale=babel_locale(lang))


def format_number(value: str | Decimal | int, lang: str) -> str:
    """A quantity or other number as ``new Intl.NumberFormat(loc)`` writes it: ``7,5`` (nl, de), ``7.5`` (en).

    Up to three decimals, trailing zeros dropped, the locale's grouping (``1.234,5``).
    """
    return babel_numbers.format_decimal(_half_up(value, Decimal("0.001")), locale=babel_locale(lang))


def decimal_input(value: str | Decimal | int, lang: str) -> str:
    """A stored decimal (``"12.50"``) as a person types it back into a form field: ``12,50`` in nl and de.

    The locale's decimal sign and no grouping, every stored decimal kept (the field is read back exactly).
    """
    return str(value).replace(".", babel_numbers.get_decimal_symbol(babel_locale(lang)))


def format_percent(rate: str | Decimal | int, lang: str) -> str:
    """A rate given in percent (``"21"``, ``"7.5"``) as ``Intl`` writes it: ``21%`` (nl, en), ``21 %`` (de).

    Matches ``new Intl.NumberFormat(loc, {style: "percent", maximumFractionDigits: 2})`` of the
    fraction (``0.21``): at most two decimals, in the locale's percent pattern (de puts U+00A0 before ``%``).
    """
    fraction = _half_up(Decimal(rate) / 100, Decimal("0.0001"))
    # decimal_quantization=False keeps the (already quantized) decimals instead of the pattern's none.
    return babel_numbers.format_percent(fraction.normalize(), locale=babel_locale(lang), decimal_quantization=False)


def format_date(value: str | date | datetime | None, lang: str, time_zone: str | None = None) -> str:
    """A date as ``new Intl.DateTimeFormat(loc).format(d)`` writes it: ``29-11-2026`` (nl), ``29.11.2026`` (de),
    ``29/11/2026`` (en); ``-`` when there is none.

    ``value`` may be an ISO date or timestamp; a timestamp is dated in ``time_zone`` when one is given
    (else its first ten characters are the day). ``Intl``'s default is the CLDR skeleton ``yMd``,
    which Babel formats the same way.
    """
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime) or (isinstance(value, str) and len(value) > 10 and time_zone is not None):
        # A moment (not a bare day) is a day only in a zone: 23:30 UTC on 30 Nov is 1 Dec in Amsterdam.
        moment = _moment(value)
        if moment is None:
            return str(value)
        day = moment.astimezone(zone(time_zone)).date() if time_zone is not None else moment.date()
    elif isinstance(value, str):
        day = date.fromisoformat(value[:10])
    else:
        day = value
    return babel_dates.format_skeleton("yMd", day, locale=babel_locale(lang))


def _moment(value: str | datetime) -> datetime | None:
    """``value`` as an aware datetime (a naive one is stored UTC), or None when it is no timestamp."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def format_datetime(value: str | datetime | None, lang: str, time_zone: str | None, with_time: bool = True) -> str:
    """A stored UTC moment as a person reads it in the dealer's zone: ``30-11-2026 23:30`` becomes
    ``1-12-2026, 00:30`` (nl, Amsterdam); ``""`` when there is none, the text itself when it is no timestamp.

    The date part is :func:`format_date`'s ``yMd`` (``Intl``'s default); the time is the CLDR skeleton
    ``Hm`` (24 hours in nl, en-GB and de), joined by the locale's own date-time pattern.
    """
    if value is None or value == "":
        return ""
    moment = _moment(value)
    if moment is None:
        return str(value)
    local = moment.astimezone(zone(time_zone))
    if not with_time:
        return format_date(local.date(), lang)
    locale = babel_locale(lang)
    day = babel_dates.format_skeleton("yMd", local, locale=locale)
    clock = babel_dates.format_skeleton("Hm", local, locale=locale)
    pattern = locale.datetime_formats.get("short", "{1} {0}")
    return str(pattern).replace("{1}", day).replace("{0}", clock)
