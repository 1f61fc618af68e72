"""Finding a homeowner's personal data inside longer text, for erasure.

A dealer writes the homeowner's name into a quote's intro ("Beste mevrouw De Vries"), a
phone number into a note, the address into a line; the homeowner's own window notes are
copied into quote lines. Erasure cannot blank those texts (they are the dealer's record
of what was offered), so it replaces each occurrence of the contact's identifiers with a
neutral placeholder and removes the copied notes.

Matching is case-insensitive, on whole words, with any run of spaces, hyphens or dots
where the original has one: the full name, the surname with its particles ("de Vries")
and each name part of two letters or more that is not a particle (so "Vries" and "Anna"
go, the article "de" stays); the e-mail address; the phone number as typed or as its
digits with any separators, in the national form of a ``+31``-style number, and its last
seven digits (the local number written without the area or country code); street and
house number; the postcode with or without its space; the company.
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


@dataclass(frozen=True)
class Scrubber:
    """Replaces a contact's identifiers in text and removes their copied notes."""

    identifiers: re.Pattern[str] | None
    notes: tuple[str, ...]

    def scrub(self, text: str) -> str:
        """``text`` with every identifier replaced by :data:`PLACEHOLDER`."""
        if not text or self.identifiers is None:
            return text
        return self.identifiers.sub(PLACEHOLDER, text)

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
        """Whether ``text`` holds an identifier (to skip rows that need no change)."""
        return bool(text) and self.identifiers is not None and self.identifiers.search(text) is not None


def _name_patterns(name: str) -> list[str]:
    words = [w for w in name.split() if w]
    found = [_phrase(name)]
    if len(words) > 1:
        found.append(_phrase(" ".join(words[1:])))  # the surname with its particles
    found += [_phrase(w) for w in words if len(w.strip(".,")) >= 2 and w.lower().strip(".,") not in PARTICLES]
    return [p for p in found if p]


def scrubber_for(contacts: Iterable[Mapping[str, object]], notes: Iterable[str] = ()) -> Scrubber:
    """A scrubber for every copy of a contact (``contacts``: dicts with the contact fields) and its ``notes``."""
    patterns: set[str] = set()
    for contact in contacts:
        def text(key: str, source: Mapping[str, object] = contact) -> str:
            value = source.get(key)
            return value.strip() if isinstance(value, str) else ""

        patterns.update(_name_patterns(text("name")))
        if len(text("company")) >= 2 and (found := _phrase(text("company"))):
            patterns.add(found)
        if len(text("postcode")) >= 2 and (found := _phrase(text("postcode"), r"[\s.\-]*")):
            patterns.add(found)  # "1016 BT" is also written "1016BT"
        if text("email"):
            patterns.add(re.escape(text("email")))
        street = f"{text('street')} {text('house_number')}".strip()
        if text("street") and text("house_number") and (found := _phrase(street)):
            patterns.add(found)
        phone = text("phone")
        if phone:
            digits = re.sub(r"\D", "", phone)
            patterns.update(p for p in (_digits(phone), _digits(digits[-7:]) if len(digits) >= 7 else None,
                                        _digits("0" + digits[2:]) if phone.startswith("+") else None) if p)
    if not patterns:
        return Scrubber(None, _notes(notes))
    # Longest first, so "Anna Jansen" goes as one rather than as "Anna" and "Jansen" twice.
    alternatives = "|".join(sorted(patterns, key=len, reverse=True))
    identifiers = re.compile(r"(?<![\w@])(?:" + alternatives + r")(?![\w@])", re.IGNORECASE)
    return Scrubber(identifiers, _notes(notes))


def _notes(notes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({n.strip() for n in notes if n and n.strip()}, key=len, reverse=True))
