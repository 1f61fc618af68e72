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
    # --- requests, contacts, intake, deliveries, dealer settings (the requests branch) ---
    "input.required": "Required",
    "input.unknown_field": "Unknown field",
    "input.type": "{message}",
    "input.too_long": "At most {max} characters",
    "input.control": "Contains control characters",
    "input.url": "Expected an http(s) URL",
    "input.email": "Expected an e-mail address like name@example.nl",
    "input.malformed_json": "Malformed JSON: {error}",
    "input.not_object": "The body must be a JSON object",
    "input.expected_object": "Expected `object`",
    "input.body_invalid": "{what} has errors",
    "text.control": "Control characters are not allowed ({char} at character {position})",
    "request.not_found": "No request {reference}",
    "request.status.unknown": "Unknown status",
    "request.status.expected": "Expected one of {expected}",
    "request.status.transition": "A {current} request cannot become {status}",
    "request.status.allowed": "From {current} the request can become: {allowed}",
    "request.status.final": "From {current} the request can become: none: it is final",
    "request.note.invalid": "The note is empty or too long",
    "request.note.length": "{min} to {max} characters",
    "contact.not_found": "No contact {contact_id}",
    "contact.invalid": "The contact has errors",
    "contact.name.length": "{min} to {max} characters",
    "contact.country.length": "At most {max} characters",
    "contact.email_taken": "This e-mail address is already a contact",
    "contact.email.taken": "Already a contact",
    "contact.email_other": "Another contact has this e-mail address",
    "contact.email.other": "Already another contact",
    "contact.erased": "This contact was erased",
    "delivery.not_found": "No delivery {delivery}",
    "delivery.cancelled": "This delivery was cancelled because its contact was erased",
    "intake.invalid": "The quote request has errors",
    "intake.too_many": "Too many quote requests; please try again later",
    "intake.idempotency_key.missing": "The Idempotency-Key header is required",
    "intake.idempotency_key.invalid": "The Idempotency-Key header is invalid",
    "intake.idempotency_key.format": "At most {max} printable characters",
    "intake.idempotency_key.reused": "This Idempotency-Key was used with another body",
    "intake.items.empty": "At least one item",
    "intake.items.too_many": "At most {max} items",
    "intake.phone.format": "Expected a phone number like +31 20 123 4567",
    "intake.country.format": "Expected an ISO 3166 country code such as NL",
    "intake.postcode.length": "Expected a postcode of {min} to {max} characters",
    "intake.postcode.format": "Expected a postcode like {example}",
    "intake.lang.unknown": "Expected nl, en or de",
    "intake.website.filled": "Must be empty",
    "intake.configuration.invalid": "{message}",
    "form_token.invalid": "Invalid form token",
    "form_token.too_quick": "Sent too quickly; please try again in a moment",
    "form_token.expired": "The form has expired; please reload the page",
    "form_token.used": "This form was already sent; reload the page to send another request",
    "drawing.configuration.shape": "The configuration does not have the expected shape",
    "settings.invalid": "The settings have errors",
    "settings.put_incomplete": "PUT replaces every setting: send them all, or use PATCH to change only some",
    "settings.put_required": "Required: PUT takes the whole object",
    "settings.origin.format": "Expected an origin such as https://www.example.nl (no path)",
    "settings.email.format": "Expected an e-mail address",
    "settings.webhook.invalid": "{reason}",
    "settings.webhook.credentials": "{reason}",
    "settings.webhook.private": "{reason}",
    "settings.price_note.language": "Expected one of the dealer's languages: {languages}",
}


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of ``code`` with ``params`` filled in."""
    return MESSAGES[code].format(**(params or {}))
