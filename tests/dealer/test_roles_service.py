"""Roles and colleagues in the services: the roles' order, the last-owner rule, invitations, removal, migration 10."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.services.audit import VALUE_MAX, encode_value, hide_secrets, list_audit, record
from server.services.errors import Conflict, Invalid, NotFound
from server.services.roles import ROLES, allows, key_role, minimum_for
from server.services.sessions import load_session, start_session
from server.services.users import (
    INVITE_TTL_S,
    create_user,
    find_user,
    invite_user,
    remove_user,
    reset_user,
    set_disabled,
    set_role,
    starting_role,
    use_reset,
)
from server.storage import db as storage_db
from server.storage.db import connect, migrate
from server.storage.migrations import MIGRATIONS
from tests.conftest import ROOT

ANNA, BERT = "anna@demo.example", "bert@demo.example"


@pytest.fixture
def db(tmp_path: Path):  # noqa: ANN201 - sqlite_utils.Database
    database = connect(tmp_path / "t.db")
    migrate(database)
    yield database
    database.conn.close()


@pytest.mark.parametrize(("role", "minimum", "allowed"), [
    ("read-only", "read-only", True), ("read-only", "staff", False), ("read-only", "owner", False),
    ("staff", "read-only", True), ("staff", "staff", True), ("staff", "owner", False),
    ("owner", "read-only", True), ("owner", "staff", True), ("owner", "owner", True),
    # An unknown role allows nothing; an unknown minimum (a typo in a route's opt) is read as owner.
    ("admin", "read-only", False), ("", "read-only", False), ("staff", "ownr", False), ("owner", "ownr", True),
])
def test_roles_are_ordered_read_only_staff_owner(role: str, minimum: str, allowed: bool) -> None:
    assert ROLES == ("read-only", "staff", "owner")
    assert allows(role, minimum) is allowed


def test_a_routes_minimum_is_its_opt_else_by_method_and_keys_act_as_owner_or_read_only() -> None:
    assert minimum_for({}, "GET") == minimum_for({}, "HEAD") == "read-only"
    assert minimum_for({}, "POST") == minimum_for({}, "PATCH") == minimum_for({}, "DELETE") == "staff"
    assert minimum_for({"role": "owner"}, "GET") == "owner"
    assert minimum_for({"role": "read-only"}, "POST") == "read-only"
    assert (key_role(False), key_role(True)) == ("owner", "read-only")


def test_a_dealer_always_keeps_one_active_owner(db) -> None:  # noqa: ANN001
    anna = create_user(db, "demo", ANNA, password="a-long-password")
    create_user(db, "demo", BERT, password="a-long-password", role="staff")
    for attempt in (lambda: set_role(db, "demo", ANNA, "staff", "cli"),
                    lambda: set_disabled(db, "demo", ANNA, True, "cli"),
                    lambda: remove_user(db, "demo", ANNA, "cli")):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert (refused.value.code, refused.value.params) == ("user.last_active", {"email": ANNA, "dealer": "demo"})
    # Staff may come and go while Anna owns the account.
    assert set_disabled(db, "demo", BERT, True, "cli").disabled
    # A second owner who is disabled does not count; an active one does.
    set_role(db, "demo", BERT, "owner", "cli")
    with pytest.raises(Conflict):
        set_role(db, "demo", ANNA, "read-only", "cli")
    set_disabled(db, "demo", BERT, False, "cli")
    assert set_role(db, "demo", ANNA, "read-only", "cli").role == "read-only"
    with pytest.raises(Conflict):
        remove_user(db, "demo", BERT, "cli")  # Bert is the last owner now
    assert find_user(db, ANNA).role == "read-only"  # type: ignore[union-attr]
    assert anna.role == "owner"


def test_an_unknown_role_or_another_dealers_user_is_refused(db) -> None:  # noqa: ANN001
    create_user(db, "demo", ANNA, password="a-long-password")
    with pytest.raises(Invalid) as bad:
        set_role(db, "demo", ANNA, "admin", "cli")
    (problem,) = bad.value.problems
    assert (problem.field, problem.code, problem.params["roles"]) == ("role", "user.role_invalid",
                                                                      "read-only, staff, owner")
    with pytest.raises(Invalid):
        create_user(db, "demo", BERT, role="boss")
    for attempt in (lambda: set_role(db, "other", ANNA, "staff", "cli"),
                    lambda: remove_user(db, "other", ANNA, "cli")):
        with pytest.raises(NotFound):
            attempt()
    assert find_user(db, ANNA).role == "owner"  # type: ignore[union-attr]


def test_an_invitation_link_works_once_and_for_seven_days(db) -> None:  # noqa: ANN001
    now = time.time()
    user, token = invite_user(db, "demo", " Bert@Demo.example", "Bert", "staff", "en", "user:anna@demo.example",
                              now)
    assert (user.email, user.role, user.lang) == (BERT, "staff", "en")
    assert reset_user(db, token, now + INVITE_TTL_S - 60) is not None
    assert reset_user(db, token, now + INVITE_TTL_S + 1) is None  # expired after 7 days
    assert INVITE_TTL_S == 7 * 86_400
    assert use_reset(db, token, "a-long-password", now + 60) is not None
    assert use_reset(db, token, "another-long-password", now + 120) is None  # used up
    with pytest.raises(Conflict):
        invite_user(db, "demo", BERT, "", "staff", "en", "cli", now)
    (entry,) = [e for e in list_audit(db, "demo") if e.action == "user.invite"]
    assert (entry.subject, entry.before, entry.after) == (BERT, None, {"role": "staff", "name": "Bert", "lang": "en"})


def test_removing_a_user_ends_their_sessions_and_links_at_once(db) -> None:  # noqa: ANN001
    create_user(db, "demo", ANNA, password="a-long-password")
    bert = create_user(db, "demo", BERT, password="a-long-password", role="staff")
    now = time.time()
    session = start_session(db, bert, now)
    _user, token = invite_user(db, "demo", "carl@demo.example", "", "staff", "nl", "cli", now)
    assert load_session(db, session, now) is not None
    remove_user(db, "demo", BERT, "user:anna@demo.example")
    remove_user(db, "demo", "carl@demo.example", "user:anna@demo.example")
    assert load_session(db, session, now + 1) is None
    assert reset_user(db, token, now + 1) is None
    assert find_user(db, BERT) is None
    # The address is free again (a colleague who comes back is invited anew).
    assert create_user(db, "demo", BERT, role="staff").role == "staff"
    removed = [e for e in list_audit(db, "demo") if e.action == "user.remove"]
    assert [(e.subject, e.before, e.after) for e in removed][-1] == (
        BERT, {"role": "staff", "name": "", "disabled": False}, None)


def test_secrets_never_reach_the_audit_log(db) -> None:  # noqa: ANN001
    record(db, "demo", "cli", "settings.change", "webhook", before={"url": "https://a.example", "secret": "s3"},
           after={"url": "https://b.example", "webhook_secret": "s4", "nested": [{"token": "t"}]})
    (entry,) = list_audit(db, "demo")
    assert entry.before == {"url": "https://a.example", "secret": "***"}
    assert entry.after == {"url": "https://b.example", "webhook_secret": "***", "nested": [{"token": "***"}]}
    raw = db.execute("SELECT before || after FROM audit_log").fetchone()[0]
    assert "s3" not in raw and "s4" not in raw
    assert hide_secrets(["password", {"password": "x"}]) == ["password", {"password": "***"}]


def test_migration_10_makes_every_existing_user_an_owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = connect(tmp_path / "old.db")
    try:
        with monkeypatch.context() as patched:
            patched.setattr(storage_db, "MIGRATIONS", MIGRATIONS[:9])
            migrate(database)
        database.conn.execute("INSERT INTO users (dealer, email, name, lang, created_at) VALUES "
                              "('demo', 'old@demo.example', 'Old', 'nl', '2026-01-01T00:00:00+00:00')")
        database.conn.execute("INSERT INTO audit_log (dealer, actor, action, subject, at) VALUES "
                              "('demo', 'cli', 'user.disable', 'x@demo.example', '2026-01-01T00:00:00+00:00')")
        database.conn.commit()
        assert migrate(database) == [number for number, _, _ in MIGRATIONS[9:]]  # 10 and every later one
        assert find_user(database, "old@demo.example").role == "owner"  # type: ignore[union-attr]
        (entry,) = list_audit(database, "demo")
        assert (entry.before, entry.after) == (None, None)
        assert starting_role(database, "demo") == "staff" and starting_role(database, "other") == "owner"
    finally:
        database.conn.close()


def _venster(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENSTER_DB": str(tmp_path / "venster.db"), "VENSTER_CATALOGS": str(ROOT / "catalogs")}
    return subprocess.run([sys.executable, "-m", "server", "dealer", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_the_cli_gives_the_first_user_owner_then_staff_or_the_role_asked(tmp_path: Path) -> None:
    helped = _venster(tmp_path, "add-user", "--help")
    assert "--role" in helped.stdout and "owner for the dealer's first user, staff otherwise" in \
        " ".join(helped.stdout.split())
    first = _venster(tmp_path, "add-user", "demo", ANNA)
    second = _venster(tmp_path, "add-user", "demo", BERT)
    third = _venster(tmp_path, "add-user", "demo", "carl@demo.example", "--role", "read-only")
    assert "anna@demo.example (owner) created" in first.stdout, first.stderr
    assert "bert@demo.example (staff) created" in second.stdout, second.stderr
    assert "carl@demo.example (read-only) created" in third.stdout, third.stderr
    wrong = _venster(tmp_path, "add-user", "demo", "dora@demo.example", "--role", "boss")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_an_owner_who_never_accepted_the_invitation_does_not_keep_the_account_managed(db) -> None:  # noqa: ANN001
    anna = create_user(db, "demo", ANNA, password="a-long-password")
    invite_user(db, "demo", BERT, "Bert", "owner", "en", anna.actor, time.time())
    # Bert cannot log in (no password yet), so Anna is still the last owner who can.
    for attempt in (lambda: set_role(db, "demo", ANNA, "read-only", anna.actor),
                    lambda: set_disabled(db, "demo", ANNA, True, "cli"),
                    lambda: remove_user(db, "demo", ANNA, "cli")):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "user.last_active"
    assert find_user(db, ANNA).role == "owner"  # type: ignore[union-attr]
    # Once Bert has set a password he counts.
    db.execute("UPDATE users SET password_hash = 'scrypt$x' WHERE email = ?", [BERT])
    assert set_role(db, "demo", ANNA, "read-only", anna.actor).role == "read-only"


def test_a_subject_that_names_a_secret_hides_its_values(db) -> None:  # noqa: ANN001
    record(db, "demo", "cli", "settings.change", "webhook_secret", before="s1-old-secret", after="s2-new-secret")
    record(db, "demo", "cli", "settings.change", "api_token", before=["t1-token"], after={"v": "t2-token"})
    record(db, "demo", "cli", "user.role", "secretary@demo.example", before={"role": "staff"},
           after={"role": "owner"})
    entries = {e.subject: e for e in list_audit(db, "demo")}
    assert (entries["webhook_secret"].before, entries["webhook_secret"].after) == ("***", "***")
    assert (entries["api_token"].before, entries["api_token"].after) == ("***", "***")
    # An e-mail is a person, not a secret's name: their role change stays readable.
    assert entries["secretary@demo.example"].after == {"role": "owner"}
    raw = "".join(r[0] for r in db.execute("SELECT before || after FROM audit_log"))
    assert "s1-old" not in raw and "s2-new" not in raw and "t1-token" not in raw and "t2-token" not in raw


def test_a_long_change_is_stored_as_valid_json_within_the_limit(db) -> None:  # noqa: ANN001
    origins = [f"https://{'shop-' * 30}{n}.example" for n in range(20)]
    record(db, "demo", "api", "settings.change", "allowed_origins", before=[], after=origins)
    raw = db.execute("SELECT after FROM audit_log").fetchone()[0]
    assert len(raw) <= VALUE_MAX
    stored = msgspec.json.decode(raw)  # never cut mid-way
    assert stored[0] == origins[0] and stored[-1].startswith("… +")
    (entry,) = list_audit(db, "demo")
    assert entry.after == stored and entry.before == []


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=3000),
                     lambda inner: st.lists(inner, max_size=60) | st.dictionaries(st.text(max_size=40), inner,
                                                                                   max_size=60),
                     max_leaves=200)


@settings(max_examples=150, deadline=None)
@given(value=_JSON, limit=st.integers(min_value=20, max_value=3000))
def test_every_value_is_encoded_as_valid_json_within_the_limit(value: object, limit: int) -> None:
    text = encode_value(value, limit)
    assert len(text) <= limit
    msgspec.json.decode(text)
    if len(msgspec.json.encode(hide_secrets(value))) <= limit and text.isascii():
        assert msgspec.json.decode(text) == hide_secrets(value)  # a short value is kept as it is


def test_an_owner_cannot_remove_themself(db) -> None:  # noqa: ANN001
    anna = create_user(db, "demo", ANNA, password="a-long-password")
    create_user(db, "demo", BERT, password="a-long-password", role="owner")
    with pytest.raises(Conflict) as refused:
        remove_user(db, "demo", ANNA, anna.actor, by_user_id=anna.id)
    assert refused.value.code == "user.remove_self"
    assert find_user(db, ANNA) is not None
    remove_user(db, "demo", BERT, anna.actor, by_user_id=anna.id)  # another owner she may remove
    assert find_user(db, BERT) is None
