"""The mail that invites a colleague into a dealer's back office: a one-time link to set their password.

Written in the invitee's language (the one the inviting owner chose for them), as plain text
and HTML; every string a person typed (names, the dealer's name) is escaped in the HTML part
by the template's autoescape, and the text part is plain text.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import jinja2

from server.notify.mail import deliver_mail
from server.notify.texts import texts
from server.settings import Settings

__all__ = ["invite_message", "send_invite"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES),
                          autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
                          undefined=jinja2.StrictUndefined, trim_blocks=False)


def invite_message(settings: Settings, to: str, lang: str, name: str, dealer_name: str, inviter: str,
                   role_label: str, link: str, valid_days: int) -> EmailMessage:
    """The invitation to ``to`` in ``lang``: who invites them, as which role (its words) and the link."""
    t = texts(lang)
    values = {"t": t, "name": name or to, "dealer": dealer_name, "inviter": inviter, "link": link,
              "role": role_label, "days": valid_days, "email": to, "lang": lang}
    message = EmailMessage()
    # Header values never carry a line break (a typed name must not add headers).
    message["Subject"] = " ".join(t["invite_subject"].format(dealer=dealer_name).split())
    message["From"] = settings.mail_from
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="venster.local")
    message.set_content(_env.get_template("invite.txt.j2").render(values))
    message.add_alternative(_env.get_template("invite.html.j2").render(values), subtype="html")
    return message


def send_invite(settings: Settings, message: EmailMessage) -> tuple[bool, str]:
    """Send the invitation by the configured mail path (SMTP or the mail folder); ``(ok, detail)``."""
    return deliver_mail(message, settings)
