"""Notification e-mails: built from Jinja2 templates (HTML and text), sent by SMTP or to a folder."""

from __future__ import annotations

import io
import smtplib
import sqlite3
import ssl
import time
from collections.abc import Sequence
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import msgspec
from PIL import Image

from server.drawing import render_drawing
from server.engine.configuration import Configuration
from server.engine.i18n import pick
from server.engine.money import round_cents
from server.i18n import format_money, format_number, format_percent
from server.i18n.lengths import stored_size
from server.links import public_base
from server.loaded_catalog import LoadedCatalog
from server.notify.deadline import socket_deadline
from server.notify.texts import texts
from server.settings import Settings
from server.storage.branding import logo_png
from server.storage.db import connect_read_only

__all__ = ["SMTP_DEADLINE_S", "back_office_url", "build_request_mail", "compose", "dealer_logo", "deliver_mail",
           "sender"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _environment() -> jinja2.Environment:
    # Autoescape HTML templates only: every user string in HTML is escaped; the text part is plain text.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES),
                              autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
                              undefined=jinja2.StrictUndefined, trim_blocks=False)


def back_office_url(settings: Settings, reference: str) -> str:
    """Where the dealer opens a request in the back office (``VENSTER_PUBLIC_URL`` or host and port)."""
    return f"{public_base(settings)}/admin/requests/{quote(reference)}"


def _item_title(loaded: LoadedCatalog, configuration: dict[str, Any], lang: str) -> str:
    product = loaded.catalog.product(configuration.get("product", ""))
    return pick(product.label, lang) if product else str(configuration.get("product", ""))


def _incl(line: dict[str, Any]) -> Decimal:
    """A line incl. VAT as the widget shows it: its amount plus its VAT at its own rate, rounded once."""
    amount = Decimal(str(line["amount"]))
    return amount + round_cents(amount * Decimal(str(line.get("vat_rate") or "0")) / 100)


def _as_shown(request: dict[str, Any], items: list[dict[str, Any]], incl: bool,
              money_of: Any, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Items and fees with each amount written the way the widget showed it to the homeowner.

    Incl. VAT (``incl``): each line as "label × quantity: amount + its VAT" (a unit price incl. VAT
    times the quantity would not always give the line's amount to the cent), the item at its stored
    total. Excl. VAT: quantity x unit price = amount, the item at its stored subtotal. The document's
    totals are never recomputed: the template shows the stored ones.
    """
    def line_view(line: dict[str, Any]) -> dict[str, Any]:
        raw = str(line.get("quantity", "1"))
        qty = format_number(raw, lang)  # 7,5 in nl and de, as the widget writes a quantity
        if incl:
            label = line["label"] if Decimal(raw) == 1 else f"{line['label']} × {qty}"
            return dict(line, shown_label=label, shown=money_of(_incl(line)))
        return dict(line, shown_label=line["label"],
                    shown=f"{qty} x {money_of(line['unit_price'])} = {money_of(line['amount'])}")

    shown_items = []
    for item in items:
        price = item["price"]
        figure = price.get("total") if incl else price.get("subtotal")
        shown_items.append(dict(item, price=dict(price, lines=[line_view(ln) for ln in price.get("lines", [])]),
                                shown_price=money_of(figure) if figure is not None else ""))
    fees = [line_view(ln) for ln in request.get("order_lines") or []]
    return shown_items, fees


def build_request_mail(loaded: LoadedCatalog, request: dict[str, Any], template: str, to: list[str],
                       settings: Settings) -> EmailMessage:
    """The e-mail ``template`` (dealer_new_request or homeowner_confirmation) about ``request``."""
    for_dealer = template == "dealer_new_request"
    dealer = loaded.catalog.dealer
    lang = dealer.languages[0] if for_dealer else request["lang"]
    t = texts(lang)
    contact = request["contact"]
    subject = (t["dealer_subject"].format(reference=request["reference"], name=contact["name"]) if for_dealer
               else t["homeowner_subject"].format(reference=request["reference"], dealer=dealer.name))
    items = [dict(item, title=_item_title(loaded, item["configuration"], lang),
                  size=stored_size(item["configuration"], lang, dealer.length_units)) for item in request["items"]]
    if not for_dealer:
        # The confirmation goes to whatever address was typed, with the dealer as Reply-To: repeating
        # the sender's own text (message, window notes, name, address) would make it a spam relay.
        # It holds only what the server wrote: reference, windows, sizes and prices; it greets no one by name.
        request = dict(request, message="")
        items = [dict(item, note="") for item in items]
        contact = {}
    attachments = _drawings(loaded, request, lang) if for_dealer else []
    # Amounts the way the dealer's widget shows them to homeowners (as stored with each item's price).
    first = request["items"][0]["price"] if request["items"] else {}
    incl = bool(first.get("includes_vat", dealer.prices_include_vat))
    items, fees = _as_shown(request, items, incl, lambda v: format_money(v, lang, request["currency"]), lang)
    context = {
        "lang": lang, "t": t, "subject": subject, "request": dict(request, items=items, order_lines=fees),
        "c": contact, "amounts_note": t["amounts_incl"] if incl else t["amounts_excl"],
        "for_dealer": for_dealer, "dealer_name": dealer.name, "accent": dealer.accent_colour,
        "intro": t["dealer_intro"] if for_dealer else t["homeowner_intro"].format(dealer=dealer.name),
        "money": lambda v: format_money(v, lang, request["currency"]),
        "percent": lambda v: format_percent(v, lang),
        "price_note": pick(dealer.price_note, lang) if dealer.price_note else "",
        "attached": bool(attachments),
        "back_office_url": back_office_url(settings, request["reference"]) if for_dealer else "",
    }
    reply_to = dealer.notification_emails[0] if not for_dealer and dealer.notification_emails else None
    return compose("request", context, subject, to, settings, reply_to,
                   [(name, "image", "png", png) for name, png in attachments],
                   sender_name=dealer.sender_name or dealer.name, logo=dealer_logo(settings, loaded.slug))


def dealer_logo(settings: Settings, slug: str) -> bytes | None:
    """The PNG rendition of ``slug``'s stored logo for the HTML part, or None (none stored, or no database)."""
    try:
        db = connect_read_only(settings.db_path)
        try:
            return logo_png(db, slug)
        finally:
            db.conn.close()
    except sqlite3.Error:
        return None  # the mail still goes, without the logo


def sender(settings: Settings, name: str) -> Address:
    """``VENSTER_MAIL_FROM``'s address with the dealer's ``name`` as the display name.

    The header is written by the mail library (RFC 2047 words for non-ASCII); line breaks and other
    controls are taken out here too, though the back office already refuses them, so no name can
    ever add a header.
    """
    own_name, address = parseaddr(settings.mail_from)
    clean = " ".join("".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in name).split())[:70]
    return Address(display_name=clean or own_name, addr_spec=address or settings.mail_from)


def _logo_size(png: bytes) -> tuple[int, int]:
    """The logo's size in the mail: 48 px high, at most 240 px wide, aspect kept."""
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    scale = min(48 / height, 240 / width)
    return max(1, round(width * scale)), max(1, round(height * scale))


def compose(template: str, context: dict[str, Any], subject: str, to: list[str], settings: Settings,
            reply_to: str | None = None, attachments: Sequence[tuple[str, str, str, bytes]] = (),
            sender_name: str = "", logo: bytes | None = None) -> EmailMessage:
    """An e-mail from ``template``.txt.j2 and .html.j2 with ``context``.

    ``attachments`` are (file name, main type, subtype, bytes). ``sender_name`` is the From:'s
    display name (the dealer's); ``logo`` (a PNG) is shown at the top of the HTML part as an
    inline image (``multipart/related``, ``cid:``), so no mail client loads anything from outside.
    """
    env = _environment()
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender(settings, sender_name) if sender_name else settings.mail_from
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="venster.local")
    if reply_to:
        message["Reply-To"] = reply_to
    cid = make_msgid(idstring="logo", domain="venster.local") if logo else ""
    width, height = _logo_size(logo) if logo else (0, 0)
    context = {**context, "logo_cid": cid[1:-1], "logo_width": width, "logo_height": height}
    message.set_content(env.get_template(f"{template}.txt.j2").render(context))
    message.add_alternative(env.get_template(f"{template}.html.j2").render(context), subtype="html")
    if logo:
        html_part = message.get_body(("html",))
        assert isinstance(html_part, EmailMessage)  # the part add_alternative made just above
        html_part.add_related(logo, maintype="image", subtype="png", cid=cid, disposition="inline",
                              filename="logo.png")
    for filename, maintype, subtype, body in attachments:
        message.add_attachment(body, maintype=maintype, subtype=subtype, filename=filename)
    return message


def _drawings(loaded: LoadedCatalog, request: dict[str, Any], lang: str) -> list[tuple[str, bytes]]:
    found = []
    for item in request["items"]:
        try:
            config = msgspec.convert(item["configuration"], Configuration)
            png = render_drawing(loaded.compiled, config, lang, "png", width_px=1000)
        except (KeyError, ValueError, msgspec.ValidationError):  # RenderError is a ValueError
            continue  # the catalog changed since: the mail still goes, without this drawing
        found.append((f"{request['reference']}-{item['position']}.png", png))
    return found


# The whole SMTP exchange (connect, TLS, login, send, quit) ends by this, however slowly the
# relay answers: well under the outbox lease, so no other worker takes the job while it is sent.
SMTP_DEADLINE_S = 60.0
SMTP_STEP_TIMEOUT_S = 20.0  # one read or write; a relay that drips a byte at a time meets the deadline instead


def deliver_mail(message: EmailMessage, settings: Settings) -> tuple[bool, str]:
    """Send by SMTP (within :data:`SMTP_DEADLINE_S`), or write an .eml file to ``VENSTER_MAIL_DIR``; (ok, detail)."""
    if not settings.smtp_host:
        if settings.mail_dir is None:
            return False, "no SMTP server (VENSTER_SMTP_HOST) and no mail folder (VENSTER_MAIL_DIR) configured"
        settings.mail_dir.mkdir(parents=True, exist_ok=True)
        path = settings.mail_dir / f"{int(time.time() * 1000)}-{abs(hash(message['Message-ID']))}.eml"
        path.write_bytes(bytes(message))
        return True, f"written to {path}"
    deadline_s = SMTP_DEADLINE_S
    smtp = smtplib.SMTP(timeout=min(SMTP_STEP_TIMEOUT_S, deadline_s))  # no host: connect under the watchdog
    try:
        with socket_deadline(deadline_s, lambda: smtp.sock) as expired:
            try:
                smtp.connect(settings.smtp_host, settings.smtp_port)
                if settings.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if settings.smtp_user:
                    smtp.login(settings.smtp_user, settings.smtp_password)
                refused = smtp.send_message(message)
                try:
                    smtp.quit()
                except (OSError, smtplib.SMTPException):
                    pass  # the message was accepted; a goodbye that fails changes nothing
            except (OSError, smtplib.SMTPException) as exc:
                if expired.is_set():
                    return False, f"no complete SMTP exchange within {deadline_s:g} s"
                return False, f"{type(exc).__name__}: {exc}"
    finally:
        smtp.close()
    if refused:
        return False, f"refused recipients: {', '.join(refused)}"
    return True, f"sent to {message['To']}"
