"""Where a new dealer starts, per country: one table of data, read by ``venster dealer init --country``.

A template fixes what a country decides for a window dealer: the back-office and widget
languages (only those venster has words for: nl, en, de), the VAT rates the country uses
(the standard rate first), the reduced rate for fitting windows in a home where there is one,
the drawing convention, the currency and the time zone. The legal details a country's invoices
need are not repeated here: :mod:`server.services.legal_details` knows them per country, and the
template only sets the dealer's country in ``[dealer.legal]``.

Adding a country is adding a row to :data:`TEMPLATES`; no code path is per country.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Literal

import msgspec

from server.i18n.words import words

__all__ = ["COUNTRY_CODES", "TEMPLATES", "CountryTemplate", "rates_text", "starter_catalog", "starter_products",
           "template_of", "vat_rate_of"]


class CountryTemplate(msgspec.Struct, frozen=True, kw_only=True):
    """What ``venster dealer init --country`` writes for one country."""

    country: str
    languages: tuple[str, ...]
    # Every rate the country uses, the standard rate first (the --vat default).
    vat_rates: tuple[Decimal, ...]
    # The reduced rate for fitting windows in an existing home, where the country has one: the
    # starter range's installation line carries it. None: installation is at the standard rate.
    fitting_vat_rate: Decimal | None
    drawing_convention: Literal["vkg", "din"]
    currency: Literal["EUR", "CHF"]
    time_zone: str
    units: Literal["metric"] = "metric"

    @property
    def standard_rate(self) -> Decimal:
        """The country's standard VAT rate."""
        return self.vat_rates[0]


TEMPLATES: dict[str, CountryTemplate] = {
    # The Netherlands: 21% standard, 9% reduced (labour of fitting insulating glazing and windows
    # in a home older than two years). Dutch joinery is drawn seen from outside (vkg).
    "NL": CountryTemplate(country="NL", languages=("nl", "en"), vat_rates=(Decimal("21"), Decimal("9"), Decimal("0")),
                          fitting_vat_rate=Decimal("9"), drawing_convention="vkg", currency="EUR",
                          time_zone="Europe/Amsterdam"),
    # Belgium: 21%, 6% (renovation of a home older than ten years), 0%. venster has no French
    # words, so nl,en; Flemish joiners draw as the Dutch do, seen from outside.
    "BE": CountryTemplate(country="BE", languages=("nl", "en"), vat_rates=(Decimal("21"), Decimal("6"), Decimal("0")),
                          fitting_vat_rate=Decimal("6"), drawing_convention="vkg", currency="EUR",
                          time_zone="Europe/Brussels"),
    # Germany: 19%, 7%, 0%; windows and their fitting are at the standard rate. German window
    # makers draw to DIN (seen from inside, the opening triangle pointing to the hinges).
    "DE": CountryTemplate(country="DE", languages=("de", "en"), vat_rates=(Decimal("19"), Decimal("7"), Decimal("0")),
                          fitting_vat_rate=None, drawing_convention="din", currency="EUR",
                          time_zone="Europe/Berlin"),
    # Austria: 20%, 10%, 0%; the German-speaking trade draws as DIN does.
    "AT": CountryTemplate(country="AT", languages=("de", "en"), vat_rates=(Decimal("20"), Decimal("10"), Decimal("0")),
                          fitting_vat_rate=None, drawing_convention="din", currency="EUR",
                          time_zone="Europe/Vienna"),
    # Switzerland: 8.1%, 2.6%, 0% (since 2024), prices in Swiss francs; German-speaking, DIN drawings.
    "CH": CountryTemplate(country="CH", languages=("de", "en"),
                          vat_rates=(Decimal("8.1"), Decimal("2.6"), Decimal("0")), fitting_vat_rate=None,
                          drawing_convention="din", currency="CHF", time_zone="Europe/Zurich"),
}
COUNTRY_CODES: tuple[str, ...] = tuple(TEMPLATES)


def template_of(country: str) -> CountryTemplate | None:
    """The template of ``country`` (ISO 3166 alpha-2, any case), or None when venster has none."""
    return TEMPLATES.get(country.upper())


def _rate_text(rate: Decimal) -> str:
    return format(rate.normalize(), "f")


def rates_text(template: CountryTemplate) -> str:
    """The country's rates as a person reads them in a message: ``8.1, 2.6, 0``."""
    return ", ".join(_rate_text(rate) for rate in template.vat_rates)


def vat_rate_of(template: CountryTemplate, typed: str | None) -> Decimal | None:
    """The rate ``typed`` names when the country uses it (the standard rate when nothing was typed), else None."""
    if typed is None or not typed.strip():
        return template.standard_rate
    try:
        rate = Decimal(typed.strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        return None
    if not rate.is_finite():
        return None  # NaN, sNaN and Infinity are no rate (and an sNaN would raise when compared)
    # Compared as numbers: "8.10" and "8.1" are the same rate; the catalog gets the country's spelling.
    return next((known for known in template.vat_rates if known == rate), None)


_DEMO_FITTED = '{ id = "fitted", label = { nl = "Montage door ons (9% btw)"'


def _fitted_line(template: CountryTemplate) -> str:
    """The starter range's installation value for ``template``: at its fitting rate, or the standard one."""
    rate = template.fitting_vat_rate
    labels = {lang: (words("starter", lang)["fitted_rate"].format(rate=_rate_text(rate)) if rate is not None
                     else words("starter", lang)["fitted"]) for lang in ("nl", "en", "de")}
    label = ", ".join(f"{lang} = {json.dumps(text)}" for lang, text in labels.items())
    vat = f", vat_rate = {_rate_text(rate)}" if rate is not None else ""
    return f'  {{ id = "fitted", label = {{ {label} }}, price = {{ kind = "per_unit", amount = 165{vat} }} }},'


def starter_products(demo_text: str, template: CountryTemplate) -> str:
    """The demo's products (labelled in nl, en and de) with the installation line at the country's rate."""
    products = demo_text[demo_text.index("# ----"):]
    lines = [_fitted_line(template) if line.strip().startswith(_DEMO_FITTED) else line
             for line in products.split("\n")]
    return "\n".join(lines)


def starter_catalog(demo_text: str, template: CountryTemplate, *, name: str, languages: Sequence[str],
                    vat: Decimal, email: str, origins: Sequence[str]) -> str:
    """A new dealer's catalog: their own ``[dealer]`` table from ``template`` and the demo's products to start from."""
    q = json.dumps  # a JSON string is a valid TOML basic string
    lines = [
        "# Starter catalog written by `venster dealer init`: change the products and prices to yours,",
        "# then run `venster catalog check` on this file.",
        "[dealer]",
        f"name = {q(name)}",
        f"languages = [{', '.join(q(lang) for lang in languages)}]",
        f"units = {q(template.units)}",
        f"currency = {q(template.currency)}",
        f"vat_rate = {_rate_text(vat)}",
        "prices_include_vat = true",
        f"drawing_convention = {q(template.drawing_convention)}",
        f"time_zone = {q(template.time_zone)}",
        f"allowed_origins = [{', '.join(q(o) for o in origins)}]",
        f"notification_emails = [{q(email)}]",
        "retention_days = 730",
        "",
        "[dealer.price_note]",
        *[f"{lang} = {q(words('starter', lang)['price_note'])}" for lang in languages],
        "",
        "# Fill in the rest of your company details in the back office (Company details).",
        "[dealer.legal]",
        f"country = {q(template.country)}",
        "",
    ]
    return "\n".join(lines) + "\n" + starter_products(demo_text, template)
