"""The English message of each domain error code: the words of the JSON API's error shape.

One table for the API (the back office and homeowner pages have their own words in their
language). A message is a ``str.format`` template over the error's parameters; a code
without an entry is a programming error that ``tests/test_error_codes.py`` catches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["MESSAGES", "message"]

MESSAGES: dict[str, str] = {
    "invalid": "The request is not valid",
    # users, API keys (platform)
    "user.invalid": "The user is not valid",
    "user.email_invalid": "Expected an e-mail address, got {email!r}",
    "user.lang_invalid": "Expected a language of {langs}, got {lang!r}",
    "user.password_short": "Expected a password of at least {min} characters",
    "user.password_long": "Expected a password of at most {max} characters",
    "user.email_taken": "A user with e-mail {email} already exists",
    "user.not_found": "No user {email} for dealer {dealer}",
    "user.disable_self": "You cannot disable yourself",
    "user.last_active": "{email} is the last active user of {dealer}; add or enable another first",
    "key.limit": "{dealer} already has {max} active keys; revoke one first",
    "key.not_found": "no key with prefix {prefix}",
    # quotes and invoices
    "quote.invalid": "The quote has errors",
    "quote.lines.empty": "A quote needs at least one line",
    "quote.lines.total_negative": "The total may not be negative",
    "quote.line.description_required": "Required",
    "quote.line.not_a_number": "Expected a number such as 12.50",
    "quote.line.decimals": "Expected a number with at most {places} decimals",
    "quote.line.vat_range": "Expected {min} to {max}",
    "quote.line.quantity_positive": "Expected more than 0",
    "quote.line.negative": "Only a discount line may be negative",
    "quote.line.item_range": "Expected {min} to {max}",
    "quote.text.control": "Control characters are not allowed (U+{char} at character {at})",
    "quote.not_found": "No quote {number}",
    "quote.version_not_found": "No quote {number} version {version}",
    "quote.locked": "A quote that is {status} cannot be changed",
    "quote.not_sendable": "A quote that is {status} cannot be sent",
    "quote.no_email": "The homeowner has no e-mail address (erased?)",
    "quote.already_decided": "This quote was already {status}",
    "quote.expired": "This quote has expired; ask the dealer for a new one",
    "quote.not_answerable": "This quote cannot be answered",
    "quote.acceptance_incomplete": "The acceptance is incomplete",
    "quote.accept.name": "Type your full name (1 to 200 characters)",
    "quote.accept.agree": "Tick the box to accept the quote and its terms",
    "quote.accept.name_control": "Control characters are not allowed (U+{char} at character {at})",
    "quote.decline.too_long": "The reason is too long",
    "quote.decline.reason_length": "At most {max} characters",
    "quote.decline.has_controls": "The reason holds control characters",
    "quote.decline.reason_control": "Control characters are not allowed (U+{char} at character {at})",
    "quote.link_unknown": "Unknown quote link",
    "quote.window_unknown": "No such window in this quote",
    "invoice.not_found": "No invoice {number}",
    "invoice.quote_not_accepted": "Only an accepted quote can be invoiced; this one is {status}",
    "invoice.already_invoiced": "This quote was already invoiced as {invoice}",
    "drawing.item_not_found": "Request {reference} has no item {n}",
    "drawing.item_unfit": "Item {n} no longer fits the current catalog and cannot be drawn",
    "drawing.width_invalid": "Width out of range",
    "drawing.width_range": "Expected {min}..{max}",
}


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of ``code`` with ``params`` filled in."""
    return MESSAGES[code].format(**(params or {}))
