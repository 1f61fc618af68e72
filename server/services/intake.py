"""Taking in a quote request: checks, server-side pricing, one transaction, the 201 answer.

Order matters: a replayed idempotent request is answered before any limit counts it;
the rate limit counts before the (comparatively expensive) validation and pricing; the
request, its items, contact, privacy record, outbox jobs and the stored answer are
written in one ``BEGIN IMMEDIATE`` transaction, and 201 is answered only after COMMIT.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import NamedTuple

import msgspec
import sqlite_utils

from server.engine.configuration import Configuration, canonical_json
from server.engine.evaluate import Detailed, evaluate_detailed
from server.engine.money import fmt
from server.engine.price_list import DocumentPrice, price_list
from server.i18n.engine_words import say
from server.services.catalogs import LoadedCatalog
from server.services.confirmations import may_confirm
from server.services.errors import Conflict, DomainError, FieldProblem, Invalid, TooMany
from server.services.form_tokens import MAX_AGE_S, token_code, token_nonce
from server.services.intake_checks import MAX_ITEMS, check_request, convert_all
from server.services.intake_model import ItemOut, QuoteRequestIn, QuoteRequestOut, worded_lines, worded_price
from server.storage.db import write_transaction
from server.storage.rate_limits import client_key
from server.storage.requests import (
    ContactCopy,
    NewItem,
    NewPrivacy,
    NewRequest,
    OutboxJob,
    find_idempotent,
    form_token_used,
    hit_rate_limit,
    insert_request,
    next_number,
    use_form_token,
)

__all__ = ["Answer", "Submission", "submit"]

_RATE_WINDOW_S = 3600


class Submission(NamedTuple):
    """What the HTTP layer hands over: the typed body and the raw bytes it came from."""

    request: QuoteRequestIn
    body: bytes
    idempotency_key: str | None
    client_address: str
    origin: str
    secret: str
    form_min_age_s: int
    rate_limit: int
    confirmations_per_day: int = 3


class Answer(NamedTuple):
    """Status and JSON body of the answer."""

    status: int
    body: bytes


def _key(raw: str | None) -> str:
    if raw is None or not raw.strip():
        # A missing header is a malformed request, not a broken rule: the base domain error (400).
        raise DomainError("intake.idempotency_key.missing",
                          problems=[FieldProblem(field="Idempotency-Key", code="input.required")])
    key = raw.strip()
    if len(key) > 200 or not key.isprintable():
        raise DomainError("intake.idempotency_key.invalid",
                          problems=[FieldProblem(field="Idempotency-Key", code="intake.idempotency_key.format",
                                                 params={"max": 200})])
    return key


def _replay(found: tuple[str, int, str] | None, body_hash: str) -> Answer | None:
    if found is None:
        return None
    stored_hash, status, response = found
    if stored_hash != body_hash:
        raise Conflict("intake.idempotency_key.reused")
    return Answer(status, response.encode())


def _price_items(loaded: LoadedCatalog, req: QuoteRequestIn
                 ) -> tuple[list[NewItem], list[ItemOut], DocumentPrice, list[FieldProblem]]:
    errors: list[FieldProblem] = []
    stored: list[NewItem] = []
    details: list[Detailed] = []
    notes: list[str] = []
    units = loaded.catalog.dealer.length_units
    for i, item in enumerate(req.items[:MAX_ITEMS]):
        prefix = f"items[{i}].configuration"
        config, type_errors = convert_all(item.configuration, Configuration, prefix)
        if type_errors:
            errors += type_errors
            continue
        detailed = evaluate_detailed(loaded.compiled, config, req.lang)
        ev = detailed.evaluation
        if not ev.valid or ev.price is None or detailed.item_price is None:
            # The engine's message in words (the request's language, the dealer's units) travels as the
            # parameter: the error's words are settled here, where the request's language is known.
            errors += [FieldProblem(field=f"{prefix}.{e.field}", code="intake.configuration.invalid",
                                    params={"message": say(e.message, req.lang, units)}) for e in ev.errors]
            continue
        details.append(detailed)
        notes.append(item.note.strip())
    dealer = loaded.catalog.dealer
    document = price_list(details, dealer.currency, dealer.prices_include_vat)
    answers: list[ItemOut] = []
    for detailed, note, public in zip(details, notes, document.items, strict=True):
        price = detailed.item_price
        assert price is not None and public is not None
        # Stored in words, in the request's language, as the dealer's pages and e-mails show them;
        # the formula too (the engine gives it as a code: lengths in the dealer's units).
        explanation = [{"code": ln.code, "label": say(ln.label, req.lang, units),
                        "formula": say(ln.formula, req.lang, units)}
                       for ln in price.lines]
        worded = worded_price(public, req.lang, units)
        stored.append(NewItem(
            configuration=canonical_json(detailed.evaluation.configuration).decode(),
            note=note,
            price=msgspec.json.encode(worded).decode(),
            explanation=msgspec.json.encode(explanation).decode(),
            subtotal=fmt(price.subtotal), vat=fmt(price.vat), total=fmt(price.total),
        ))
        answers.append(ItemOut(price=worded))
    return stored, answers, document, errors


def _jobs(loaded: LoadedCatalog, req: QuoteRequestIn) -> list[OutboxJob]:
    dealer = loaded.catalog.dealer
    event_id = str(uuid.uuid4())
    jobs = []
    if dealer.notification_emails:
        jobs.append(OutboxJob("email", "request.created", event_id,
                              {"template": "dealer_new_request", "to": list(dealer.notification_emails)}))
    if dealer.send_confirmation:
        jobs.append(OutboxJob("email", "request.created", event_id,
                              {"template": "homeowner_confirmation", "to": [req.contact.email.strip()]}))
    if dealer.webhook_url:
        jobs.append(OutboxJob("webhook", "request.created", event_id, {"url": dealer.webhook_url}))
    return jobs


def _limit_confirmation(db: sqlite_utils.Database, jobs: list[OutboxJob], sub: Submission,
                        now: float) -> list[OutboxJob]:
    """Drop the homeowner's confirmation when its address had its share today; the request still lands."""
    kept = []
    for job in jobs:
        if job.payload.get("template") == "homeowner_confirmation" and not may_confirm(
                db, job.payload["to"][0], sub.confirmations_per_day, now):
            continue
        kept.append(job)
    return kept


def _privacy(loaded: LoadedCatalog, req: QuoteRequestIn) -> NewPrivacy:
    """The privacy record: the notice the dealer has configured, never the URL or version a client sends.

    Only the homeowner's own choice (marketing) comes from the body.
    """
    dealer = loaded.catalog.dealer
    return NewPrivacy(notice_url=dealer.privacy_notice_url, notice_version=dealer.privacy_notice_version,
                      marketing_opt_in=bool(req.privacy.marketing_opt_in))


def _contact(req: QuoteRequestIn) -> ContactCopy:
    """The homeowner as stored: every text trimmed, the country code upper-case."""
    c = req.contact
    return ContactCopy(name=c.name.strip(), email=c.email.strip(), phone=c.phone.strip(),
                      company=c.company.strip() if c.company is not None else None, street=c.street.strip(),
                      house_number=c.house_number.strip(), postcode=c.postcode.strip(), city=c.city.strip(),
                      country=c.country.strip().upper())


def submit(db: sqlite_utils.Database, loaded: LoadedCatalog, sub: Submission, now: float) -> Answer:
    """Take in one quote request for ``loaded``'s dealer; raises a domain error for every refusal."""
    key = _key(sub.idempotency_key)
    body_hash = hashlib.sha256(sub.body).hexdigest()
    dealer = loaded.slug
    replay = _replay(find_idempotent(db, dealer, key, now), body_hash)
    if replay is not None:
        return replay
    client = client_key(db, sub.client_address)  # the table never holds the address itself
    with write_transaction(db):
        wait = hit_rate_limit(db, f"quote-client:{dealer}:{client}", sub.rate_limit, _RATE_WINDOW_S, now)
    if wait is not None:
        raise TooMany("intake.too_many", retry_after_s=wait)

    req = sub.request
    errors = check_request(req)
    problem = token_code(sub.secret, dealer, req.form_token, now, sub.form_min_age_s) if req.form_token else None
    nonce = token_nonce(req.form_token) if req.form_token and problem is None else None
    if nonce is not None and form_token_used(db, dealer, nonce):
        # A twin with this key may have landed since the first look (the token is marked used in
        # the same transaction as its answer is stored): then its answer is this one's too.
        replay = _replay(find_idempotent(db, dealer, key, now), body_hash)
        if replay is not None:
            return replay
        problem = "form_token.used"
    if problem:
        errors.append(FieldProblem(field="form_token", code=problem))
    stored, answers, document, item_errors = _price_items(loaded, req)
    errors += item_errors
    if errors:
        raise Invalid(errors, code="intake.invalid")

    currency = loaded.catalog.dealer.currency
    # The request is one document: VAT per rate over all its lines, not the sum of the items' VAT.
    totals = document.totals
    order_lines = worded_lines(document.order_lines, req.lang, loaded.catalog.dealer.length_units)
    created = datetime.fromtimestamp(now, UTC)
    new = NewRequest(
        dealer=dealer, lang=req.lang, message=req.message.strip(), contact=_contact(req),
        catalog_version=loaded.version, catalog_source=loaded.source,
        subtotal=totals.subtotal, vat=totals.vat, total=totals.total, currency=currency,
        vat_breakdown=msgspec.json.encode(totals.vat_breakdown).decode(),
        order_lines=msgspec.json.encode(order_lines).decode(),
        client_address=sub.client_address, origin=sub.origin, items=stored,
        privacy=_privacy(loaded, req), created_at=created.isoformat(timespec="seconds"),
        year=created.year,
    )
    with write_transaction(db):
        # Checked again under the write lock: a concurrent twin may have landed meanwhile.
        replay = _replay(find_idempotent(db, dealer, key, now), body_hash)
        if replay is not None:
            return replay
        # Under the write lock: of two different requests with one token, the second is refused.
        if nonce is not None and not use_form_token(db, dealer, nonce, now, 2 * MAX_AGE_S):
            raise Invalid([FieldProblem(field="form_token", code="form_token.used")], code="intake.invalid")
        number = next_number(db, dealer, "request", created.year)
        reference = f"{dealer.upper()}-{created.year}-{number:06d}"
        jobs = _limit_confirmation(db, _jobs(loaded, req), sub, now)
        confirmed = next((job.payload["to"][0] for job in jobs
                          if job.payload.get("template") == "homeowner_confirmation"), None)
        body = msgspec.json.encode(QuoteRequestOut(reference=reference, items=answers, totals=totals,
                                                   order_lines=order_lines, confirmation_to=confirmed))
        insert_request(db, new, reference, jobs, (key, body_hash, 201, body.decode()), now)
    return Answer(201, body)
