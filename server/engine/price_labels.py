"""The words of the price lines the engine itself adds (a quantity discount, a minimum top-up, a VAT share).

Every other price-line label is the dealer's (catalog labels picked in the request's language).
Issue 15 left these three as words in the engine for now: a price line's label is a string all the
way to the stored request, the quote and the PDF; turning them into codes resolved by
``server.i18n`` is the next step (see the report of the i15-engine branch).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["number", "price_label"]

_HUNDREDTH = Decimal("0.01")
_DECIMAL_COMMA = frozenset({"nl", "de"})

_LABELS: dict[str, dict[str, str]] = {
    "quantity_discount": {
        "nl": "Staffelkorting {percent}%", "en": "Quantity discount {percent}%",
        "de": "Mengenrabatt {percent}%",
    },
    "minimum_price": {
        "nl": "Toeslag minimumprijs", "en": "Minimum price surcharge", "de": "Mindestpreiszuschlag",
    },
    "vat_share": {
        "nl": "{label} ({rate}% btw)", "en": "{label} ({rate}% VAT)", "de": "{label} ({rate}% MwSt.)",
    },
}


def number(value: object, lang: str) -> str:
    """``value`` written for ``lang``: ``4,5`` in nl and de, ``4.5`` in en; ints as they are.

    Decimals and floats keep at most two decimals (half up) and no trailing zeros.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, int):
        return str(value)
    amount = Decimal(str(value)) if isinstance(value, float) else value
    if not amount.is_finite():
        return str(amount)
    exponent = amount.as_tuple().exponent  # an int: the amount is finite
    if isinstance(exponent, int) and exponent < -2:
        amount = amount.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    text = format(amount.normalize(), "f")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang in _DECIMAL_COMMA else text


def price_label(key: str, lang: str, **values: object) -> str:
    """The price-line label ``key`` in ``lang`` (English when missing), numbers the language's way."""
    texts = _LABELS[key]
    return texts.get(lang, texts["en"]).format(**{k: number(v, lang) for k, v in values.items()})
