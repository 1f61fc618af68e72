"""Every word shown to a person, from the gettext catalogs under ``server/i18n/locale``.

One catalog per language (``<lang>/LC_MESSAGES/venster.po``, compiled by Babel's ``pybabel
compile`` into the ``.mo`` read here; ``make i18n`` extracts, checks and compiles). A message
id names its family and key, ``admin.nav_requests`` or ``mail.quote_subject``, so a family is
read as a mapping (:func:`words`): ``t["nav_requests"]`` in code, ``t.nav_requests`` in a
template. The JSON API's English is the ``api`` domain, in English only (the contract speaks
English): :func:`api_messages`.

The one fallback rule is :func:`server.i18n.formats.locale_for`'s: a language the product does
not speak is read as the dealer's first language when known, else Dutch. A key missing in a
language is a defect ``tests/i18n/test_catalogs.py`` reports, never a silent English word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from babel.messages.mofile import read_mo

from server.i18n.formats import LOCALES, locale_for

__all__ = ["LOCALE_DIR", "Words", "api_messages", "catalog", "words"]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "venster"
API_DOMAIN = "api"


def _read(lang: str, domain: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    with path.open("rb") as mo:
        return {str(m.id): str(m.string) for m in read_mo(mo) if m.id and m.string}


# Read once at import: the catalogs are files of this package and never change while it runs.
_CATALOGS: Mapping[str, Mapping[str, str]] = {lang: _read(lang, DOMAIN) for lang in LOCALES}
_API: Mapping[str, str] = _read("en", API_DOMAIN)


def catalog(lang: str) -> Mapping[str, str]:
    """Message id -> text of the catalog of ``lang`` (after the fallback rule)."""
    return _CATALOGS[locale_for(lang)]


class Words(Mapping[str, str]):
    """One family of one language's catalog as a mapping: ``t["key"]``, ``t.get("key")``, ``t.key``.

    A missing key raises ``KeyError`` (``AttributeError`` as an attribute), as a dict would, so
    ``t.get(f"status_{s}", s)`` keeps a code the family has no word for.
    """

    __slots__ = ("_family", "_messages")

    def __init__(self, family: str, messages: Mapping[str, str]) -> None:
        self._family = family + "."
        self._messages = messages

    def __getitem__(self, key: str) -> str:
        return self._messages[self._family + key]

    def __getattr__(self, key: str) -> str:
        try:
            return self._messages[self._family + key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[str]:
        size = len(self._family)
        return (msgid[size:] for msgid in self._messages if msgid.startswith(self._family))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def words(family: str, lang: str | None, dealer_languages: Sequence[str] = ()) -> Words:
    """The words of ``family`` (``admin``, ``mail``, ``document``, ...) in ``lang`` after the fallback rule."""
    chosen = locale_for(lang, dealer_languages)
    return Words(family, _CATALOGS[chosen])


def api_messages() -> dict[str, str]:
    """The JSON API's English template of each domain error code (a copy: tests may reword one)."""
    return dict(_API)
