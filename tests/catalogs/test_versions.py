"""Catalogs in the database: a draft, numbered releases, publish refused with every problem, restore."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
import sqlite_utils

from server.engine.catalog import decode_catalog
from server.services import catalog_versions as versions
from server.services.catalog_toml import catalog_to_json, catalog_to_toml
from server.services.errors import Conflict, Invalid, NotFound, Stale
from server.storage.db import connect, migrate

ROOT = Path(__file__).resolve().parent.parent.parent
FULL = (ROOT / "tests" / "catalogs" / "full.toml").read_text()  # checks fully in a fraction of a second
SLUG = "shop"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A migrated database where dealer ``shop`` serves full.toml as release 1, as seeding from its file would."""
    database = connect(tmp_path / "v.db")
    migrate(database)
    versions.import_file(database, SLUG, FULL, hashlib.sha256(FULL.encode()).hexdigest())
    yield database
    database.conn.close()


def _renamed(name: str) -> msgspec.Struct:
    catalog = decode_catalog(FULL, "full.toml")
    return msgspec.structs.replace(catalog, dealer=msgspec.structs.replace(catalog.dealer, name=name))


def test_a_file_becomes_release_1_with_its_exact_text_and_hash(db: sqlite_utils.Database) -> None:
    [release] = versions.releases(db, SLUG)
    assert (release.number, release.origin) == (1, "file")
    assert release.hash == hashlib.sha256(FULL.encode()).hexdigest()
    assert versions.export_text(db, SLUG) == FULL
    assert versions.release_catalog(db, SLUG, 1).path == "db:shop#1"


def test_without_a_draft_the_draft_is_the_live_release(db: sqlite_utils.Database) -> None:
    draft = versions.draft_of(db, SLUG)
    assert not draft.saved and draft.base_number == 1 and draft.source == FULL


def test_saving_a_draft_leaves_the_live_catalog_alone(db: sqlite_utils.Database) -> None:
    draft = versions.save_draft(db, SLUG, _renamed("Draft Dealer"), "owner@shop.example")
    assert draft.saved and draft.catalog.dealer.name == "Draft Dealer" and draft.updated_by == "owner@shop.example"
    assert versions.draft_of(db, SLUG).etag == draft.etag
    assert versions.export_text(db, SLUG) == FULL  # live: release 1 unchanged
    assert len(versions.releases(db, SLUG)) == 1


def test_saving_what_the_draft_already_is_changes_nothing(db: sqlite_utils.Database) -> None:
    same = versions.save_draft(db, SLUG, decode_catalog(FULL, "x"), "a")
    assert not same.saved and same.source == FULL


def test_a_stale_etag_is_refused_and_the_draft_kept(db: sqlite_utils.Database) -> None:
    first = versions.save_draft(db, SLUG, _renamed("One"), "a")
    with pytest.raises(Stale) as caught:
        versions.save_draft(db, SLUG, _renamed("Two"), "b", if_match='"not-the-etag"')
    assert isinstance(caught.value, Conflict) and caught.value.code == "catalog.draft.changed"
    assert versions.draft_of(db, SLUG).catalog.dealer.name == "One"
    assert versions.save_draft(db, SLUG, _renamed("Two"), "b", if_match=first.etag).catalog.dealer.name == "Two"


def test_save_runs_the_static_check_and_keeps_findings_by_path(db: sqlite_utils.Database) -> None:
    catalog = decode_catalog(FULL, "x")
    product = catalog.products[0]
    label = {"en": product.label["en"]}  # German missing
    broken = msgspec.structs.replace(catalog, products=[msgspec.structs.replace(product, label=label),
                                                        *catalog.products[1:]])
    draft = versions.save_draft(db, SLUG, broken, "a")
    assert any(f.kind == "problem" and f.path == f"products[{product.id}].label" and "de" in f.text
               for f in draft.findings)
    assert versions.draft_of(db, SLUG).findings == draft.findings


def test_every_structural_problem_comes_back_at_once_and_nothing_is_stored(db: sqlite_utils.Database) -> None:
    body = b'{"dealer": {"name": "X", "languages": ["en"], "colour": 1}, "products": [{"id": "p", "width": "wide"}]}'
    with pytest.raises(Invalid) as caught:
        versions.save_draft_text(db, SLUG, body, "application/json", "a")
    assert caught.value.code == "catalog.draft.invalid"
    fields = {p.field for p in caught.value.problems}
    assert {"dealer", "products[p]", "products[p].width"} <= fields
    assert len(caught.value.problems) >= 4
    assert not versions.draft_of(db, SLUG).saved


def test_a_draft_sent_as_json_or_toml_reads_back_equal(db: sqlite_utils.Database) -> None:
    catalog = _renamed("Round Trip")
    for body, media in ((catalog_to_json(catalog), "application/json"),
                        (catalog_to_toml(catalog).encode(), "application/toml")):
        draft = versions.save_draft_text(db, SLUG, body, media, "a")
        assert msgspec.json.encode(draft.catalog) == msgspec.json.encode(catalog)


def test_publish_makes_the_next_number_live_and_drops_the_draft(db: sqlite_utils.Database) -> None:
    versions.save_draft(db, SLUG, _renamed("Published"), "owner")
    release = versions.publish(db, SLUG, "owner", note="new name")
    assert (release.number, release.origin, release.note) == (2, "browser", "new name")
    assert decode_catalog(versions.export_text(db, SLUG), "x").dealer.name == "Published"
    assert not versions.draft_of(db, SLUG).saved
    assert [r.number for r in versions.releases(db, SLUG)] == [2, 1]
    assert versions.export_text(db, SLUG, 1) == FULL  # the old version stays as it was


def test_publish_is_refused_with_every_problem_listed(db: sqlite_utils.Database) -> None:
    catalog = decode_catalog(FULL, "x")
    products = [msgspec.structs.replace(p, label={}, description={}) for p in catalog.products]
    versions.save_draft(db, SLUG, msgspec.structs.replace(catalog, products=products), "a")
    with pytest.raises(Invalid) as caught:
        versions.publish(db, SLUG, "a")
    assert caught.value.code == "catalog.publish.refused"
    assert len(caught.value.problems) == caught.value.params["count"] >= len(products)
    assert {p.field for p in caught.value.problems} >= {f"products[{p.id}].label" for p in products}
    assert len(versions.releases(db, SLUG)) == 1


def test_publish_without_a_draft_is_a_conflict(db: sqlite_utils.Database) -> None:
    with pytest.raises(Conflict):
        versions.publish(db, SLUG, "a")


def test_restore_makes_a_new_number_with_the_old_hash(db: sqlite_utils.Database) -> None:
    versions.save_draft(db, SLUG, _renamed("Two"), "a")
    two = versions.publish(db, SLUG, "a")
    three = versions.restore(db, SLUG, 1, "a")
    first = versions.releases(db, SLUG)[-1]
    assert (three.number, three.origin, three.restored_from, three.hash) == (3, "restore", 1, first.hash)
    assert two.hash != three.hash
    with pytest.raises(NotFound):
        versions.restore(db, SLUG, 9, "a")


def test_a_file_no_longer_counts_once_the_dealer_published_from_the_back_office(db: sqlite_utils.Database) -> None:
    edited = FULL.replace('name = "Test Dealer"', 'name = "Edited File"')
    digest = hashlib.sha256(edited.encode()).hexdigest()
    assert versions.import_file(db, SLUG, edited, digest).released  # file-led: the file wins
    versions.save_draft(db, SLUG, _renamed("Browser"), "a")
    versions.publish(db, SLUG, "a")
    again = FULL.replace('name = "Test Dealer"', 'name = "Edited Again"')
    result = versions.import_file(db, SLUG, again, hashlib.sha256(again.encode()).hexdigest())
    assert result.ignored and not result.released
    assert decode_catalog(versions.export_text(db, SLUG), "x").dealer.name == "Browser"


def test_import_text_publishes_the_exact_text_or_keeps_it_as_the_draft(db: sqlite_utils.Database) -> None:
    text = FULL.replace('name = "Test Dealer"', 'name = "From CLI"')
    draft = versions.import_text(db, SLUG, text, "cli", "cli", draft_only=True)
    assert isinstance(draft, versions.Draft) and draft.catalog.dealer.name == "From CLI"
    release = versions.import_text(db, SLUG, text, "cli", "cli")
    assert isinstance(release, versions.Release) and release.origin == "cli"
    assert versions.export_text(db, SLUG) == text
    with pytest.raises(Invalid):
        versions.import_text(db, SLUG, "[dealer]\nname = 1\n", "cli", "cli")


def test_import_refuses_a_slug_no_file_could_have(db: sqlite_utils.Database) -> None:
    with pytest.raises(Invalid) as caught:
        versions.import_text(db, "../Shop", FULL, "cli", "cli")
    assert [p.field for p in caught.value.problems] == ["slug"]
    assert not versions.has_catalog(db, "../Shop")


def test_a_draft_saved_while_the_publish_check_runs_is_kept(db: sqlite_utils.Database,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = versions.save_draft(db, SLUG, _renamed("Published"), "a")
    real = versions.full_check

    def colleague_saves_meanwhile(database: sqlite_utils.Database, catalog: msgspec.Struct) -> object:
        versions.save_draft(database, SLUG, _renamed("Colleague"), "b", if_match=first.etag)
        return real(database, catalog)  # type: ignore[arg-type]

    monkeypatch.setattr(versions, "full_check", colleague_saves_meanwhile)
    release = versions.publish(db, SLUG, "a", if_match=first.etag)
    assert decode_catalog(versions.export_text(db, SLUG, release.number), "x").dealer.name == "Published"
    kept = versions.draft_of(db, SLUG)
    assert kept.saved and kept.catalog.dealer.name == "Colleague"  # before the fix the publish deleted it


def test_publishing_a_draft_other_than_the_one_shown_is_stale(db: sqlite_utils.Database) -> None:
    shown = versions.save_draft(db, SLUG, _renamed("Shown"), "a")
    versions.save_draft(db, SLUG, _renamed("Newer"), "b", if_match=shown.etag)
    with pytest.raises(Stale) as caught:
        versions.publish(db, SLUG, "a", if_match=shown.etag)
    assert caught.value.code == "catalog.draft.changed"
    assert [r.number for r in versions.releases(db, SLUG)] == [1]
    assert versions.draft_of(db, SLUG).catalog.dealer.name == "Newer"


def test_a_draft_started_on_an_older_live_version_is_refused_until_confirmed(db: sqlite_utils.Database) -> None:
    versions.save_draft(db, SLUG, _renamed("Draft On 1"), "a")
    edited = FULL.replace('name = "Test Dealer"', 'name = "File Edit"')
    assert versions.import_file(db, SLUG, edited, hashlib.sha256(edited.encode()).hexdigest()).number == 2
    with pytest.raises(Conflict) as caught:
        versions.publish(db, SLUG, "a")
    assert caught.value.code == "catalog.publish.base_moved"
    assert caught.value.params == {"live": 2, "base": 1}
    assert decode_catalog(versions.export_text(db, SLUG), "x").dealer.name == "File Edit"  # release 2 serves
    with pytest.raises(Conflict):
        versions.publish(db, SLUG, "a", confirm_base=1)  # the draft's base is not the live number
    release = versions.publish(db, SLUG, "a", confirm_base=2)
    assert release.number == 3
    assert decode_catalog(versions.export_text(db, SLUG), "x").dealer.name == "Draft On 1"


def test_a_restore_after_the_draft_was_started_also_moves_the_base(db: sqlite_utils.Database) -> None:
    versions.save_draft(db, SLUG, _renamed("Two"), "a")
    versions.publish(db, SLUG, "a")
    versions.save_draft(db, SLUG, _renamed("Draft On 2"), "a")
    versions.restore(db, SLUG, 1, "a")
    with pytest.raises(Conflict) as caught:
        versions.publish(db, SLUG, "a")
    assert caught.value.params == {"live": 3, "base": 2}


@pytest.mark.parametrize(("body", "media"), [(b"[" * 50_000 + b"]" * 50_000, "application/json"),
                                             (b"a = " + b"[" * 50_000 + b"]" * 50_000, "application/toml"),
                                             (b'{"dealer": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001,
                                              "application/json")])
def test_a_body_nested_too_deeply_is_a_syntax_problem_not_a_crash(db: sqlite_utils.Database, body: bytes,
                                                                  media: str) -> None:
    with pytest.raises(Invalid) as caught:
        versions.save_draft_text(db, SLUG, body, media, "a")
    assert caught.value.code == "catalog.draft.invalid"
    assert [(p.field, p.code) for p in caught.value.problems] == [("$", "catalog.syntax")]
    assert not versions.draft_of(db, SLUG).saved


def test_money_too_large_to_reckon_with_is_a_problem_by_its_path_not_a_crash(db: sqlite_utils.Database) -> None:
    catalog = decode_catalog(FULL, "x")
    product = catalog.products[0]
    huge = msgspec.structs.replace(catalog, products=[
        msgspec.structs.replace(product, minimum_price=Decimal("9" * 29)), *catalog.products[1:]])
    draft = versions.save_draft(db, SLUG, huge, "a")  # before: decimal.InvalidOperation out of round_cents
    assert draft.saved
    assert [(f.path, f.kind) for f in draft.findings] == [(f"products[{product.id}].minimum_price", "problem")]
    assert "too large" in draft.findings[0].text
    with pytest.raises(Invalid) as caught:
        versions.publish(db, SLUG, "a")
    assert caught.value.code == "catalog.publish.refused"
    # Through the text route (the API's PUT) the same: stored with its problem, never a 500.
    body = catalog_to_json(huge)
    assert versions.save_draft_text(db, SLUG, body, "application/json", "a").findings == draft.findings
