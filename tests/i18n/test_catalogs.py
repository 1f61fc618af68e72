"""The gettext catalogs say everything in nl, en and de, compiled as written, with every word the code uses.

``server/i18n/locale/<lang>/LC_MESSAGES/venster.po`` holds every word shown to a person; the
``api`` domain holds the JSON API's English. A missing, empty or fuzzy translation, a
``{placeholder}`` that differs between languages, a ``.mo`` older than its ``.po``, a key a
template or module uses that no catalog has, or a stale ``venster.pot`` fails here. The
placeholder checker is the widget's (tests/support/word_tables.py).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from server.i18n.words import LOCALE_DIR, Words, catalog, words
from tests.support.word_tables import problems

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("nl", "en", "de")


def _po(lang: str, domain: str = "venster") -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as po:
        return read_po(po, locale=lang)


def _messages(catalog: Catalog) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The keys the code and templates write as literals, extracted by ``pybabel extract`` as ``make i18n`` does."""
    pot = tmp_path_factory.mktemp("pot") / "venster.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "server/i18n/babel.cfg",
                    "--sort-output", "--no-location", "--omit-header", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as written:
        return {str(m.id) for m in read_po(written) if m.id}


@pytest.mark.parametrize(("lang", "domain"), [*((lang, "venster") for lang in LANGS), ("en", "api")])
def test_no_translation_is_empty_fuzzy_or_obsolete(lang: str, domain: str) -> None:
    catalog = _po(lang, domain)
    assert [m.id for m in catalog if m.id and not m.string] == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    assert list(catalog.obsolete) == []
    assert len(catalog) > (100 if domain == "api" else 500)  # the whole catalog, not a stub


def test_every_language_has_every_message_with_the_same_placeholders() -> None:
    tables = {lang: _messages(_po(lang)) for lang in LANGS}
    assert problems(tables, "venster.po", LANGS) == []


@pytest.mark.parametrize(("lang", "domain"), [*((lang, "venster") for lang in LANGS), ("en", "api")])
def test_the_compiled_catalog_is_the_written_one(lang: str, domain: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as mo:
        compiled = _messages(read_mo(mo))
    assert compiled == _messages(_po(lang, domain)), "run `make i18n` to compile the catalogs"


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_code_uses_is_translated(extracted: set[str], lang: str) -> None:
    assert len(extracted) > 300  # the extraction found the templates and modules
    assert sorted(extracted - set(_messages(_po(lang)))) == []


def test_the_template_for_translators_is_current(extracted: set[str]) -> None:
    with (LOCALE_DIR / "venster.pot").open("rb") as pot:
        written = {str(m.id) for m in read_po(pot) if m.id}
    assert written == extracted, "run `make i18n` to extract venster.pot again"


def test_the_extractor_finds_literal_keys_and_skips_built_ones(tmp_path: Path) -> None:
    from server.i18n.extract import extract_python_words, extract_template_words

    template = b'{{ t.title }} {{ t["lead"] }} {{ t.get("hint", "") }} {{ fmt("page_of", n=1) }} ' \
               b'{{ t.get("status_" ~ s, s) }} {{ other.title }}'
    found = [m for _, _, m, _ in extract_template_words(io.BytesIO(template), (), (),
                                                        {"names": "t:admin", "calls": "fmt:admin"})]
    assert sorted(found) == ["admin.hint", "admin.lead", "admin.page_of", "admin.title"]
    code = b'w = words(lang)\nx = w["quote"] + w.get("date", "") + words(lang)["total"] + w[f"s_{n}"] + y["no"]\n'
    found = [m for _, _, m, _ in extract_python_words(io.BytesIO(code), (), (),
                                                      {"names": "w:document", "calls": "words:document"})]
    assert sorted(found) == ["document.date", "document.quote", "document.total"]


def test_a_family_reads_like_a_dict_of_its_own_keys() -> None:
    t = words("admin", "nl")
    assert t["nav_requests"] == t.nav_requests == "Aanvragen"
    assert words("admin", "en")["nav_requests"] == "Requests"
    assert t.get("no_such_key", "fallback") == "fallback"
    with pytest.raises(KeyError):
        t["no_such_key"]
    with pytest.raises(AttributeError):
        _ = t.no_such_key
    assert all(not key.startswith(("mail.", "admin.")) for key in t) and "nav_requests" in t
    assert isinstance(t, Words) and len(t) == len(list(t)) > 400


def test_one_fallback_rule_for_languages_the_product_does_not_speak() -> None:
    assert words("mail", "fr")["quote_open"] == words("mail", "nl")["quote_open"]
    assert words("mail", "fr", ["de", "nl"])["quote_open"] == words("mail", "de")["quote_open"]
    assert words("mail", None)["quote_open"] == words("mail", "nl")["quote_open"]


def test_no_key_is_shadowed_by_a_mapping_method_in_a_template() -> None:
    # Jinja reads ``t.items`` as the attribute first: a key named like a method of Words (a Mapping)
    # would print the bound method, not its word. The old back-office Words had no such methods.
    methods = {name for name in dir(Words) if not name.startswith("_")}
    shadowed = sorted(mid for mid in catalog("nl") if mid.rpartition(".")[2] in methods)
    assert shadowed == [], f"rename these keys: {shadowed}"
