"""The dealer's branding: accent colour, the sender name of e-mails, and the logo.

Where it lives, and the rule between the two places (as for the legal details):

* the catalog file's ``[dealer]`` ``accent_colour``, ``logo_url`` (an https URL) and
  ``sender_name`` are where a dealer starts;
* once the back office's branding page (or ``PATCH /api/v1/dealer/settings/branding``) saved
  it, the saved record's accent colour and sender name are the dealer's (the catalog's
  ``accent_colour`` no longer counts); the form starts from the catalog's values, so the first
  save changes nothing that was not changed;
* the logo: an **uploaded** logo wins; without one the catalog's ``logo_url`` still counts
  (saving the colours or the sender name never takes it away), unless the dealer removed the
  logo in the back office: that is remembered (``logo_type`` :data:`~server.storage.branding.NO_LOGO`
  in the row), so a removed logo does not come back from the file. Uploading one again undoes it.

Only what changed is checked: an accent colour or sender name left as it was (the catalog's, say,
from before the contrast rule) is taken as it is, so changing one field never fails on the other.
Every change is audit-logged with what it found and left (``before``/``after``); for the logo its
type and the first 12 characters of its hash.

The stored logo is served at ``/api/v1/dealers/{slug}/logo`` (:func:`logo_path`); every face
(widget, hosted page, quote page, e-mails, PDFs) takes it from there or from its PNG rendition.
An accent colour must be readable on white and carry white text (WCAG 2, :func:`accent_problem`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
import sqlite_utils

from server.colours import contrast_ratio
from server.engine.catalog import Dealer
from server.services.audit import now_iso, record
from server.services.errors import FieldProblem, Invalid
from server.services.inputs import Input
from server.services.logo_check import CheckedLogo
from server.storage.branding import (
    NO_LOGO,
    BrandingRow,
    LogoBytes,
    branding_row,
    logo_bytes,
    logo_png,
    store_branding,
    store_colours,
)
from server.storage.db import write_transaction

__all__ = ["MAX_SENDER", "Branding", "BrandingPatch", "accent_problem", "branding_of", "checked", "logo_file",
           "logo_path", "logo_rendition", "merged", "remove_logo", "save_branding", "save_logo", "sender_problem",
           "with_branding"]

MAX_SENDER = 70
# WCAG 2.1: 3:1 for large text and UI components (the accent as a border, an icon, a heading
# on white), 4.5:1 for normal text (white button labels on the accent).
UI_CONTRAST = 3.0
TEXT_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_WHITE = "#ffffff"


class Branding(msgspec.Struct, frozen=True, kw_only=True):
    """The branding as it stands (saved, else the catalog's) and as the API shows it."""

    accent_colour: str
    sender_name: str = ""
    logo_url: str = ""
    logo_type: str = ""
    saved: bool = False


class BrandingPatch(Input, frozen=True, kw_only=True, omit_defaults=True):
    """The body of ``PATCH``: only what is sent changes (the logo is uploaded in the back office)."""

    accent_colour: Annotated[str, msgspec.Meta(max_length=20)] | msgspec.UnsetType = msgspec.UNSET
    sender_name: Annotated[str, msgspec.Meta(max_length=200)] | msgspec.UnsetType = msgspec.UNSET


def logo_path(slug: str, etag: str) -> str:
    """The public URL path of a stored logo; the hash in the query makes a new logo a new URL for caches."""
    return f"/api/v1/dealers/{slug}/logo?v={etag[:12]}"


def _uploaded(row: BrandingRow | None) -> bool:
    return row is not None and row.logo_type not in ("", NO_LOGO)


def _logo_url(slug: str, row: BrandingRow, catalog_logo_url: str) -> str:
    """The logo that counts: the uploaded one, none when removed, else the catalog's (the module docstring)."""
    if _uploaded(row):
        return logo_path(slug, row.logo_etag)
    return "" if row.logo_type == NO_LOGO else catalog_logo_url


def _from_row(slug: str, row: BrandingRow, catalog_logo_url: str) -> Branding:
    return Branding(accent_colour=row.accent_colour, sender_name=row.sender_name,
                    logo_url=_logo_url(slug, row, catalog_logo_url),
                    logo_type=row.logo_type if _uploaded(row) else "", saved=True)


def branding_of(db: sqlite_utils.Database, slug: str, dealer: Dealer) -> Branding:
    """The dealer's branding: the saved one when there is, else the catalog's (see the module docstring).

    ``dealer`` is the catalog's dealer as the store serves it (the saved branding already laid
    over it, :func:`with_branding`): without a saved row its values are the file's.
    """
    row = branding_row(db, slug)
    if row is not None:
        # Without an uploaded logo the served dealer's logo_url is still the file's (with_branding).
        return _from_row(slug, row, dealer.logo_url)
    return Branding(accent_colour=dealer.accent_colour, sender_name=dealer.sender_name, logo_url=dealer.logo_url)


def with_branding(dealer: Dealer, slug: str, row: BrandingRow | None) -> Dealer:
    """``dealer`` with the saved branding laid over the catalog's (unchanged when none was saved)."""
    if row is None:
        return dealer
    accent = row.accent_colour if _HEX.match(row.accent_colour) else dealer.accent_colour
    return msgspec.structs.replace(dealer, accent_colour=accent, sender_name=row.sender_name,
                                   logo_url=_logo_url(slug, row, dealer.logo_url))


def accent_problem(colour: str) -> FieldProblem | None:
    """Why ``colour`` cannot be the accent (not ``#rrggbb``, or too little contrast with white), or None."""
    if not _HEX.match(colour):
        return FieldProblem(field="accent_colour", code="branding.accent.format")
    ratio = contrast_ratio(colour, _WHITE)
    # Rounded down, so a shown 2.9 is never a ratio that passed. Both refusals name the one figure
    # an accent must reach (4.5:1, as the page's hint says): a colour below 3:1 only gets the
    # stronger words, not a lower bar that would then be refused again.
    shown = f"{int(ratio * 10) / 10:.1f}"
    if ratio < UI_CONTRAST:
        return FieldProblem(field="accent_colour", code="branding.accent.contrast_ui",
                            params={"ratio": shown, "needed": "4.5"})
    if ratio < TEXT_CONTRAST:
        return FieldProblem(field="accent_colour", code="branding.accent.contrast_text",
                            params={"ratio": shown, "needed": "4.5"})
    return None


def sender_problem(name: str) -> FieldProblem | None:
    """Why ``name`` cannot be the display name of the e-mails' From:, or None.

    Line breaks and other control characters could end the header and start another (header
    injection): refused, never silently removed, so the dealer sees what was wrong.
    """
    if any(ord(c) < 32 or ord(c) == 127 or c in "\u2028\u2029\u0085" for c in name):
        return FieldProblem(field="sender_name", code="branding.sender.control")
    if len(name) > MAX_SENDER:
        return FieldProblem(field="sender_name", code="branding.sender.too_long", params={"max": MAX_SENDER})
    return None


def merged(current: Branding, change: BrandingPatch) -> Branding:
    """``current`` with the accent colour and sender name that ``change`` carries."""
    sent = {name: getattr(change, name) for name in ("accent_colour", "sender_name")
            if getattr(change, name) is not msgspec.UNSET}
    return msgspec.structs.replace(current, **sent)


def checked(typed: Branding, old: Branding | None = None) -> Branding:
    """``typed`` trimmed (accent lower case); :class:`Invalid` naming every wrong field at once.

    Only what differs from ``old`` (the branding as it stands) is checked: a field left as it was
    is taken as it is, so a catalog accent from before the contrast rule never refuses a new sender name.
    """
    accent = typed.accent_colour.strip().lower()
    sender = typed.sender_name.strip(" ")
    problems = []
    if old is not None and accent == old.accent_colour.strip().lower():
        accent = old.accent_colour  # unchanged: taken as it is
    elif (problem := accent_problem(accent)) is not None:
        problems.append(problem)
    if old is not None and sender == old.sender_name.strip(" "):
        sender = old.sender_name
    elif (problem := sender_problem(sender)) is not None:
        problems.append(problem)
    if problems:
        raise Invalid(problems, code="branding.invalid")
    return msgspec.structs.replace(typed, accent_colour=accent, sender_name=sender)


def save_branding(db: sqlite_utils.Database, slug: str, old: Branding, new: Branding,
                  actor: str) -> list[tuple[str, Any, Any]]:
    """Store the accent colour and sender name of ``new`` (already :func:`checked`), the logo kept.

    One audit entry per changed field (with ``before`` and ``after``), all in one transaction.
    The logo stays as it is: the uploaded one, a removal, or (neither) the catalog's.
    """
    changes = [(name, getattr(old, name), getattr(new, name)) for name in ("accent_colour", "sender_name")
               if getattr(old, name) != getattr(new, name)]
    with write_transaction(db):
        store_colours(db, slug, new.accent_colour, new.sender_name, now_iso(), actor[:200])
        for name, before, after in changes:
            record(db, slug, actor, "branding.change", name,
                   msgspec.json.encode({"old": before, "new": after}).decode(), before=before, after=after)
    return changes


def _logo_state(row: BrandingRow | None, current: Branding) -> dict[str, str]:
    """What the audit log says of a logo: its type and hash prefix, the catalog's URL, or none."""
    if row is not None and _uploaded(row):
        return {"type": row.logo_type, "sha256": row.logo_etag[:12]}
    if (row is None or row.logo_type != NO_LOGO) and current.logo_url:
        return {"type": "catalog", "url": current.logo_url}
    return {"type": NO_LOGO}


def save_logo(db: sqlite_utils.Database, slug: str, current: Branding, logo: CheckedLogo, actor: str) -> None:
    """Store ``logo`` (already checked by :func:`server.services.logo_check.check_logo`) as the dealer's logo."""
    with write_transaction(db):
        before = _logo_state(branding_row(db, slug), current)
        store_branding(db, slug, current.accent_colour, current.sender_name,
                       (logo.body, logo.media_type, logo.etag, logo.png), now_iso(), actor[:200])
        record(db, slug, actor, "branding.logo", "logo",
               msgspec.json.encode({"type": logo.media_type, "sha256": logo.etag, "bytes": len(logo.body)}).decode(),
               before=before, after={"type": logo.media_type, "sha256": logo.etag[:12]})


def remove_logo(db: sqlite_utils.Database, slug: str, current: Branding, actor: str) -> None:
    """Take the dealer's logo away, remembered as removed (the catalog's ``logo_url`` does not come back)."""
    with write_transaction(db):
        before = _logo_state(branding_row(db, slug), current)
        store_branding(db, slug, current.accent_colour, current.sender_name, None, now_iso(), actor[:200],
                       removed=True)
        record(db, slug, actor, "branding.logo_removed", "logo", before=before, after={"type": NO_LOGO})


def logo_rendition(db: sqlite_utils.Database, slug: str) -> bytes | None:
    """The PNG rendition of the dealer's stored logo, for PDFs and e-mails; None without a logo."""
    return logo_png(db, slug)


def logo_file(db: sqlite_utils.Database, slug: str) -> LogoBytes | None:
    """The dealer's stored logo as served publicly (bytes, type, hash), or None without one."""
    return logo_bytes(db, slug)
