"""Users and API keys refuse with coded domain errors; each face says the code in its own words.

The service raises a code with parameters (never text); the JSON API's English comes from
server/messages.py (the api catalog), the back office's Dutch, English and German from the catalogs' admin family.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from server.admin.errors import field_words, page_words
from server.admin.texts import texts
from server.cli.failures import text_of
from server.errors import api_error
from server.services.errors import Conflict, Invalid, NotFound
from server.services.keys import MAX_ACTIVE_KEYS, create_key, revoke_key
from server.services.users import create_user, set_disabled, set_lang, set_password
from server.storage.db import connect, migrate

ANNA = "anna@demo.example"


@pytest.fixture
def db(tmp_path: Path):  # noqa: ANN201 - sqlite_utils.Database
    database = connect(tmp_path / "t.db")
    migrate(database)
    yield database
    database.conn.close()


def test_refusals_to_disable_are_coded_and_said_in_each_language(db) -> None:  # noqa: ANN001
    anna = create_user(db, "demo", ANNA, password="a-long-password")
    with pytest.raises(NotFound) as missing:
        set_disabled(db, "other", ANNA, True, actor="cli")  # another dealer's user is not found, like none
    assert (missing.value.code, missing.value.params) == ("user.not_found", {"email": ANNA, "dealer": "other"})
    assert text_of(missing.value) == f"No user {ANNA} for dealer other"
    assert page_words(texts("nl"), missing.value) == "Deze gebruiker bestaat niet."
    with pytest.raises(Conflict) as self_:
        set_disabled(db, "demo", ANNA, True, actor="cli", by_user_id=anna.id)
    assert self_.value.code == "user.disable_self"
    with pytest.raises(Conflict) as last:
        set_disabled(db, "demo", ANNA, True, actor="cli")
    assert last.value.code == "user.last_active"
    assert api_error(last.value).detail == f"{ANNA} is the last active owner of demo; make another user an owner first"
    assert page_words(texts("en"), last.value) == "This is the last active owner; make another user an owner first."


def test_bad_user_input_names_the_field_and_keeps_the_english_of_before(db) -> None:  # noqa: ANN001
    with pytest.raises(Invalid) as email:
        create_user(db, "demo", "not-an-address")
    (problem,) = email.value.problems
    assert (problem.field, problem.code) == ("email", "user.email_invalid")
    assert text_of(email.value) == "Expected an e-mail address, got 'not-an-address'"
    with pytest.raises(Invalid) as short:
        set_password(db, 1, "short")
    assert text_of(short.value) == "Expected a password of at least 10 characters"
    assert field_words(texts("nl"), short.value.problems[0]) == "Kies een wachtwoord van minstens 10 tekens."
    with pytest.raises(Invalid) as lang:
        set_lang(db, 1, "fr")
    assert text_of(lang.value) == "Expected a language of nl, en, de, got 'fr'"
    create_user(db, "demo", ANNA)
    with pytest.raises(Conflict) as taken:
        create_user(db, "other", ANNA.upper())
    assert text_of(taken.value) == f"A user with e-mail {ANNA} already exists"


def test_key_refusals_are_coded(db) -> None:  # noqa: ANN001
    for _ in range(MAX_ACTIVE_KEYS):
        create_key(db, "demo")
    with pytest.raises(Conflict) as limit:
        create_key(db, "demo")
    assert (limit.value.code, limit.value.params) == ("key.limit", {"dealer": "demo", "max": MAX_ACTIVE_KEYS})
    assert text_of(limit.value) == "demo already has 10 active keys; revoke one first"
    with pytest.raises(NotFound) as unknown:
        revoke_key(db, "vst_nope")
    assert text_of(unknown.value) == "no key with prefix vst_nope"
    assert api_error(unknown.value).status == 404
