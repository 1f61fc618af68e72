"""The e-mail that tells a dealer a webhook or e-mail failed its last retry."""

from __future__ import annotations

from email.message import EmailMessage

from server.links import public_base
from server.loaded_catalog import LoadedCatalog
from server.notify.mail import compose, dealer_logo
from server.notify.texts import texts
from server.settings import Settings
from server.storage.outbox import FailedDelivery

__all__ = ["build_failure_mail", "deliveries_url"]


def deliveries_url(settings: Settings) -> str:
    """The back office's notifications log (``/admin/deliveries``), from the one public base of every link."""
    return public_base(settings) + "/admin/deliveries"


def build_failure_mail(loaded: LoadedCatalog, failed: FailedDelivery, to: list[str],
                       settings: Settings) -> EmailMessage:
    """One mail about one failed delivery, in the dealer's first language, with a link to the log."""
    dealer = loaded.catalog.dealer
    lang = dealer.languages[0]
    t = texts(lang)
    channel = t["failed_webhook"] if failed.channel == "webhook" else t["failed_email"]
    subject = t["failed_subject"].format(channel=channel, event=failed.event,
                                         reference=f" ({failed.reference})" if failed.reference else "")
    context = {
        "lang": lang, "t": t, "subject": subject, "dealer_name": dealer.name, "accent": dealer.accent_colour,
        "failed": failed, "channel": channel,
        "intro": t["failed_intro"].format(channel=channel, attempts=failed.attempts),
        "log_url": deliveries_url(settings),
    }
    return compose("delivery_failed", context, subject, to, settings,
                   sender_name=dealer.sender_name or dealer.name, logo=dealer_logo(settings, loaded.slug))
