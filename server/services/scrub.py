"""Finding a homeowner's personal data inside longer text, for erasure.

A dealer writes the homeowner's name into a quote's intro ("Beste mevrouw De Vries"), a
phone number into a note, the address into a line; the homeowner's own window notes are
copied into quote lines. Erasure cannot blank those texts (they are the dealer's record
of what was offered), so it replaces each occurrence of the contact's identifiers with a
neutral placeholder and removes the copied notes.

Matching is case-insensitive, on whole words, with any run of spaces, hyphens or dots
where the original has one. The identifiers come in two strengths:

- *exact* ones name this contact and nobody else: the full name, the surname with its
  particles when it has them ("de Vries"), the e-mail address, the phone number as typed
  or as its digits with any separators and in the national form of a ``+31``-style
  number, street and house number, the postcode with or without its space, the company.
  :meth:`Scrubber.scrub_exact` replaces only these; erasure uses it on the rows about the
  contact that are evidence or plumbing (its audit entries, notification payloads and
  their delivery log).
- *loose* ones also occur in other people's text: each bare name part of two letters or
  more that is not a particle ("Anna", "Jansen"; the article "de" stays) and the last
  seven digits of the phone (the local number written without the area code).
  :meth:`Scrubber.scrub` replaces these as well; erasure applies it only to the
  contact's own texts (its quotes' intro, terms and lines, its activity). Even there a
  loose identifier never matches inside an e-mail address (``anna.smit@dealer.nl`` is a
  colleague's), and the phone tail only as a token of its own (``2026-1234567`` is a
  quote number; the ``123 4567`` of ``bel 123 4567`` is hers).

Pure text functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["PARTICLES", "PLACEHOLDER", "Scrubber", "scrubber_for"]

PLACEHOLDER = "[erased]"
# Name particles (Dutch, German, French, ...): part of a surname, never a name on their own.
PARTICLES = frozenset({"de", "den", "der", "des", "het", "ten", "ter", "te", "van", "vander", "von", "zu", "zum",
                        "zur", "la", "le", "les", "du", "da", "di", "dos", "del", "della", "'t", "in", "op", "aan",
                        "bij", "mevrouw", "meneer", "heer", "mr", "mrs", "ms", "dr", "herr", "frau"})
_SEPARATORS = r"[\s.\-]+"
_PHONE_SEPARATORS = r"[\s.\-/()]*"
_MIN_NOTE = 3  # a shorter note is removed only where it was copied as " (note)"


def _phrase(text: str, between: str = _SEPARATORS) -> str | None:
    """A pattern for ``text`` as words with ``between`` (any separator run) between them; None when empty."""
    words = [w for w in re.split(_SEPARATORS, text.strip()) if w]
    if not words:
        return None
    return between.join(re.escape(w) for w in words)


def _digits(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    return _PHONE_SEPARATORS.join(digits) if len(digits) >= 4 else None


# An e-mail address as written in text: a loose identifier inside one is somebody else's address.
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Whole words; nothing glued on with ``@``.
_WORD_BEFORE, _WORD_AFTER = r"(?<![\w@])", r"(?![\w@])"
# A token of its own: not the tail of ``2026-1234567``, ``a.1234567`` or ``x/1234567``, nor their head.
_TOKEN_BEFORE, _TOKEN_AFTER = r"(?<![\w@])(?<!\w[.\-/])", r"(?![\w@])(?![.\-/]\w)"


def _alternatives(patterns: set[str], before: str, after: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    # Longest first, so "Anna Jansen" goes as one rather than as "Anna" and "Jansen" twice.
    return re.compile(before + "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")" + after,
                      re.IGNORECASE)


@dataclass(frozen=True)
class Scrubber:
    """Replaces a contact's identifiers in text and removes their copied notes.

    ``exact`` matches what names only this contact, ``names`` its bare name parts and ``tail``
    its phone's local number (see the module docstring for which text gets which).
    """

    exact: re.Pattern[str] | None
    names: re.Pattern[str] | None
    tail: re.Pattern[str] | None
    notes: tuple[str, ...]

    def scrub_exact(self, text: str) -> str:
        """``text`` with the exact identifiers (full name, e-mail, full phone, address, ...) replaced."""
        if not text or self.exact is None:
            return text
        return self.exact.sub(PLACEHOLDER, text)

    def scrub(self, text: str) -> str:
        """``text`` with every identifier, bare name parts and phone tail included, replaced by :data:`PLACEHOLDER`.

        For the contact's own texts only; e-mail addresses that are not the contact's stay whole.
        """
        text = self.scrub_exact(text)
        for loose in (self.names, self.tail):
            if text and loose is not None:
                text = _outside_addresses(loose, text)
        return text

    def drop_notes(self, text: str) -> str:
        """``text`` without the homeowner's notes (as prefill copies them, `` (note)``, or anywhere), then scrubbed."""
        kept = text
        for note in self.notes:
            kept = re.sub(r"\s*\(" + re.escape(note) + r"\)", "", kept, flags=re.IGNORECASE)
            if len(note) >= _MIN_NOTE:
                kept = re.sub(r"(?<!\w)" + re.escape(note) + r"(?!\w)", "", kept, flags=re.IGNORECASE)
        if kept != text:  # close the gap a note left
            kept = re.sub(r"[ \t]{2,}", " ", kept).strip()
        return self.scrub(kept)

    def holds(self, text: str) -> bool:
        """Whether :meth:`scrub` would change ``text`` (to skip rows that need no change)."""
        return bool(text) and self.scrub(text) != text

    def holds_exact(self, text: str) -> bool:
        """Whether :meth:`scrub_exact` would change ``text``."""
        return bool(text) and self.exact is not None and self.exact.search(text) is not None


def _outside_addresses(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with ``pattern`` replaced except where a match lies inside an e-mail address."""
    addresses = [m.span() for m in _EMAIL.finditer(text)]
    if not addresses:
        return pattern.sub(PLACEHOLDER, text)

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        inside = any(a < end and start < b for a, b in addresses)
        return match.group(0) if inside else PLACEHOLDER

    return pattern.sub(replace, text)


def _name_patterns(name: str) -> tuple[list[str], list[str]]:
    """(exact, loose) patterns of a name: the whole name and a surname with particles; each bare part."""
    words = [w for w in name.split() if w]
    exact = [_phrase(name)]
    if len(words) > 2 and words[1].lower() in PARTICLES:
        exact.append(_phrase(" ".join(words[1:])))  # the surname with its particles ("de Vries")
    loose = [_phrase(w) for w in words if len(w.strip(".,")) >= 2 and w.lower().strip(".,") not in PARTICLES]
    return [p for p in exact if p], [p for p in loose if p]


def scrubber_for(contacts: Iterable[Mapping[str, object]], notes: Iterable[str] = ()) -> Scrubber:
    """A scrubber for every copy of a contact (``contacts``: dicts with the contact fields) and its ``notes``."""
    exact: set[str] = set()
    names: set[str] = set()
    tails: set[str] = set()
    for contact in contacts:
        def text(key: str, source: Mapping[str, object] = contact) -> str:
            value = source.get(key)
            return value.strip() if isinstance(value, str) else ""

        whole, parts = _name_patterns(text("name"))
        exact.update(whole)
        names.update(parts)
        if len(text("company")) >= 2 and (found := _phrase(text("company"))):
            exact.add(found)
        if len(text("postcode")) >= 2 and (found := _phrase(text("postcode"), r"[\s.\-]*")):
            exact.add(found)  # "1016 BT" is also written "1016BT"
        if text("email"):
            exact.add(re.escape(text("email")))
        street = f"{text('street')} {text('house_number')}".strip()
        if text("street") and text("house_number") and (found := _phrase(street)):
            exact.add(found)
        phone = text("phone")
        if phone:
            digits = re.sub(r"\D", "", phone)
            if typed := _digits(phone):
                exact.add(r"\+?" + typed)  # "+31 20 ..." goes with its plus, not as "+[erased]"
            if phone.startswith("+") and (national := _digits("0" + digits[2:])):
                exact.add(national)
            if len(digits) > 7 and (tail := _digits(digits[-7:])):
                tails.add(tail)
    return Scrubber(_alternatives(exact, _WORD_BEFORE, _WORD_AFTER), _alternatives(names, _WORD_BEFORE, _WORD_AFTER),
                    _alternatives(tails, _TOKEN_BEFORE, _TOKEN_AFTER), _notes(notes))


def _notes(notes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({n.strip() for n in notes if n and n.strip()}, key=len, reverse=True))
