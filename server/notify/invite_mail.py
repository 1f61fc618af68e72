"""The mail that invites a colleague into a dealer's back office: a one-time link to set their password.

Written in the invitee's language (the one the inviting owner chose for them), as plain text
and HTML; every string a person typed (names, the dealer's name) is escaped in the HTML part
by the template's autoescape, and the text part is plain text.
"""

from __future__ import annotations

from email.message import EmailMessage

from server.notify.mail import compose, deliver_mail
from server.notify.texts import texts
from server.settings import Settings

__all__ = ["invite_message", "send_invite"]


def invite_message(settings: Settings, to: str, lang: str, name: str, dealer_name: str, inviter: str,
                   role_label: str, link: str, valid_days: int, sender_name: str = "",
                   logo: bytes | None = None) -> EmailMessage:
    """The invitation to ``to`` in ``lang``: who invites them, as which role (its words) and the link.

    From the dealer's sender name, with their logo at the top of the HTML part, like every
    other mail of the dealer's (:func:`server.notify.mail.compose`).
    """
    t = texts(lang)
    values = {"t": t, "name": name or to, "dealer": dealer_name, "dealer_name": dealer_name, "inviter": inviter,
              "link": link, "role": role_label, "days": valid_days, "email": to, "lang": lang}
    # Header values never carry a line break (a typed name must not add headers).
    subject = " ".join(t["invite_subject"].format(dealer=dealer_name).split())
    return compose("invite", values, subject, [to], settings, sender_name=sender_name, logo=logo)


def send_invite(settings: Settings, message: EmailMessage) -> tuple[bool, str]:
    """Send the invitation by the configured mail path (SMTP or the mail folder); ``(ok, detail)``."""
    return deliver_mail(message, settings)
