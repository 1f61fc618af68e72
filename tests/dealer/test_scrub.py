"""Finding a homeowner's identifiers inside a dealer's text, in any casing and spelling of separators."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from server.services.scrub import PARTICLES, PLACEHOLDER, scrubber_for

LETTERS = "abcdefghijklmnopqrstuvwxyzéèëïöüáàçñ"
# A name part that is a particle ("de", "van", "op") is kept on its own, by design: not a name to look for;
# nor is the placeholder's own word, which the scrubbed text rightly holds ("[erased]").
_PLACEHOLDER_WORD = PLACEHOLDER.strip("[]")
WORD = st.text(LETTERS, min_size=2, max_size=12).filter(lambda w: w not in PARTICLES and w != _PLACEHOLDER_WORD)
AROUND = st.text(" ,.;:!?()\n0123456789" + LETTERS, max_size=30)
CASES = st.sampled_from([str.lower, str.upper, str.title, lambda s: s])


def _whole_word(word: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE) is not None


@given(first=WORD, surname=WORD, before=AROUND, after=AROUND, case=CASES, which=st.sampled_from(["full", "last", "de"]))
def test_a_name_never_survives_in_any_casing_inside_longer_text(first: str, surname: str, before: str, after: str,
                                                               case, which: str) -> None:  # noqa: ANN001
    name = f"{first.title()} de {surname.title()}"
    written = {"full": name, "last": f"de {surname}", "de": surname}[which]
    text = f"{before} {case(written)}, {after}"
    scrubbed = scrubber_for([{"name": name}]).scrub(text)
    assert not _whole_word(surname, scrubbed) and not _whole_word(first, scrubbed), scrubbed
    assert PLACEHOLDER in scrubbed


@given(digits=st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7),
       separators=st.lists(st.sampled_from(["", " ", "-", ".", " - "]), min_size=6, max_size=6))
def test_a_phone_number_goes_however_its_digits_are_grouped(digits: list[str], separators: list[str]) -> None:
    local = "".join(d + s for d, s in zip(digits, [*separators, ""], strict=True))
    scrubber = scrubber_for([{"name": "Anna Jansen", "phone": "+31 20 " + "".join(digits)}])
    for written in (local, "020 " + local, "+31 20 " + local, "+31 (0)20 " + local):
        scrubbed = scrubber.scrub(f"Bel {written} na vijven.")
        assert "".join(digits) not in re.sub(r"\D", "", scrubbed), (written, scrubbed)


def test_what_is_not_hers_stays_and_copied_notes_go() -> None:
    scrubber = scrubber_for([{"name": "Els de Vries", "email": "els@example.nl", "street": "Dorpsstraat",
                              "house_number": "3", "postcode": "1234 AB", "company": None}], notes=["keuken"])
    assert scrubber.scrub("De Vriesland-serie, de beste keus") == "De Vriesland-serie, de beste keus"
    assert scrubber.scrub("Mail ELS@EXAMPLE.NL of kom langs op dorpsstraat 3, 1234AB.") == \
        "Mail [erased] of kom langs op [erased], [erased]."
    assert scrubber.drop_notes("Kunststof raam, 1800 x 1400 mm (keuken)") == "Kunststof raam, 1800 x 1400 mm"
    assert scrubber.drop_notes("Keuken en bijkeuken voor Els") == "en bijkeuken voor [erased]"


# The words of the texts below are not names to look for (a contact called "Old" would rightly go).
_TEXT_WORDS = {"beste", "bel", "belde", "mail", "zei", "vragen", "offerte", "user", "disable", "old", "ref"}
NAME = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10).filter(
    lambda w: w not in PARTICLES and w not in _TEXT_WORDS and w != _PLACEHOLDER_WORD)
SEVEN = st.text("0123456789", min_size=7, max_size=7)


@given(first=NAME, surname=NAME, other=NAME, local=SEVEN, year=st.integers(2000, 2099),
       joiner=st.sampled_from(["-", ".", "/"]))
def test_other_peoples_addresses_and_longer_numbers_survive_while_hers_go(first: str, surname: str, other: str,
                                                                         local: str, year: int, joiner: str) -> None:
    name, phone = f"{first.title()} {surname.title()}", f"+31 20 {local}"
    scrubber = scrubber_for([{"name": name, "email": f"{first}.{surname}@example.nl", "phone": phone}])
    # A colleague who shares her first name, and a quote number ending in her local number, are not her.
    colleague, number = f"{first}.{other}@dealer.example", f"{year}{joiner}{local}"
    for text in (f"Vragen aan {colleague}, offerte {number}.", f"user.disable {colleague}",
                 f'{{"old":["{colleague}"]}}', f"ref {local}{joiner}{year}"):
        assert scrubber.scrub(text) == text and scrubber.scrub_exact(text) == text
    # In her own texts her first name and local number go, standing alone; so does every exact identifier.
    own = f"Beste {first.upper()}, bel {local[:3]} {local[3:]} of mail {first}.{surname}@example.nl ({name})."
    assert scrubber.scrub(own) == "Beste [erased], bel [erased] of mail [erased] ([erased])."
    # The audit log's texts lose only what names her alone: the whole name, her address, her whole number.
    audit = f"{name} ({first}.{surname}@example.nl, {phone}) belde; {first} zei {local}"
    assert scrubber.scrub_exact(audit) == f"[erased] ([erased], [erased]) belde; {first} zei {local}"
