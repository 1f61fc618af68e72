"""Every Python word table says the same things in each of its languages, with the same {placeholders}.

The back office speaks nl and en (``server.admin.texts.LANGS``); the homeowner pages and e-mails
speak nl, en and de. The checker is the widget's (tests/support/word_tables.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from server.admin import texts as admin_texts
from server.notify import texts as notify_texts
from server.pages import errors as page_errors
from server.pages import quote as quote_page
from tests.support.word_tables import problems

HOMEOWNER = ("nl", "en", "de")

TABLES: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "server/admin/texts.py TEXTS": (admin_texts.TEXTS, admin_texts.LANGS),
    "server/pages/errors.py NOT_FOUND_WORDS": (page_errors.NOT_FOUND_WORDS, HOMEOWNER),
    "server/pages/errors.py FORM_WORDS": (page_errors.FORM_WORDS, HOMEOWNER),
    "server/pages/errors.py ERROR_WORDS": (page_errors.ERROR_WORDS, HOMEOWNER),
    "server/pages/quote.py _PAGE": (quote_page._PAGE, HOMEOWNER),
    "server/pages/quote.py UNAVAILABLE_WORDS": (quote_page.UNAVAILABLE_WORDS, HOMEOWNER),
    "server/notify/texts.py TEXTS": (notify_texts.TEXTS, HOMEOWNER),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_language_has_every_key_with_the_same_placeholders(name: str) -> None:
    table, langs = TABLES[name]
    assert problems(table, name, langs) == []
    assert set(table) == set(langs), f"{name} speaks a language its pages do not offer"


def test_the_back_office_speaks_its_languages() -> None:
    assert admin_texts.LANGS == ("nl", "en")
    assert len(admin_texts.TEXTS["nl"]) > 400  # the whole table, not a stub
