"""E-mails about quotes: the quote to the homeowner (PDF attached, the link to answer) and the answer to the dealer."""

from __future__ import annotations

from email.message import EmailMessage

from server.colours import ink_on
from server.documents.quote import Quote, day
from server.i18n import format_money
from server.loaded_catalog import LoadedCatalog
from server.notify.mail import back_office_url, compose, dealer_logo
from server.notify.texts import texts
from server.settings import Settings

__all__ = ["build_quote_mail"]


def build_quote_mail(loaded: LoadedCatalog, quote: Quote, template: str, to: list[str], settings: Settings,
                     link: str = "", pdf: bytes | None = None) -> EmailMessage:
    """``quote_sent`` (to the homeowner, in the quote's language) or ``quote_answered`` (to the dealer)."""
    dealer = loaded.catalog.dealer
    for_dealer = template == "quote_answered"
    lang = dealer.languages[0] if for_dealer else quote.lang
    t = texts(lang)
    context = {
        "lang": lang, "t": t, "quote": quote, "dealer_name": dealer.name, "accent": dealer.accent_colour,
        "accent_ink": ink_on(dealer.accent_colour), "link": link,
        "money": lambda v: format_money(v, lang, quote.currency),
        "valid": t["quote_valid"].format(date=day(quote.valid_until, lang)) if quote.valid_until else "",
        "back_office_url": back_office_url(settings, quote.reference),
    }
    if for_dealer:
        answer = t["accepted"] if quote.status == "accepted" else t["declined"]
        name = quote.accepted_name or quote.buyer.name
        subject = t["answered_subject"].format(number=quote.number, answer=answer)
        context["intro"] = t["answered_intro"].format(name=name, number=quote.number, reference=quote.reference,
                                                       answer=answer)
        reply_to = quote.buyer.email or None
    else:
        subject = t["quote_subject"].format(number=quote.number, dealer=dealer.name)
        context["intro"] = t["quote_intro"].format(number=quote.number)
        reply_to = dealer.notification_emails[0] if dealer.notification_emails else None
    context["subject"] = subject
    attachments = [(f"{quote.number}.pdf", "application", "pdf", pdf)] if pdf else []
    return compose(template, context, subject, to, settings, reply_to, attachments,
                   sender_name=dealer.sender_name or dealer.name, logo=dealer_logo(settings, loaded.slug))
