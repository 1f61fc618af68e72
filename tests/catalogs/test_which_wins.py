"""Files and the database: which catalog serves, and how fast a publish reaches another worker's store."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import msgspec
import pytest

from server.engine.catalog import CatalogError, decode_catalog
from server.services import catalog_versions as versions
from server.services.catalogs import HEAD_POLL_S, CatalogStore
from server.storage.db import connect, migrate

FULL = (Path(__file__).resolve().parent / "full.toml").read_text()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A catalog folder with dealer ``demo`` (full.toml: it checks in a fraction of a second)."""
    target = tmp_path / "catalogs"
    target.mkdir()
    (target / "demo.toml").write_text(FULL)
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "v.db"
    db = connect(path)
    migrate(db)
    db.conn.close()
    return path


def _store(folder: Path, db_path: Path) -> CatalogStore:
    store = CatalogStore(folder, db_path)
    store.load_all()
    return store


def _edit(path: Path, name: str) -> None:
    path.write_text(FULL.replace('name = "Test Dealer"', f'name = "{name}"'))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a new mtime, however fast


def _publish_name(db_path: Path, name: str) -> int:
    db = connect(db_path)
    try:
        catalog = versions.draft_of(db, "demo").catalog
        versions.save_draft(db, "demo", msgspec.structs.replace(
            catalog, dealer=msgspec.structs.replace(catalog.dealer, name=name)), "owner")
        return versions.publish(db, "demo", "owner").number
    finally:
        db.conn.close()


def _name(store: CatalogStore) -> str:
    loaded = store.get("demo")
    assert loaded is not None
    return loaded.catalog.dealer.name


def test_start_up_makes_each_file_release_1_with_its_exact_hash(folder: Path, db_path: Path) -> None:
    store = _store(folder, db_path)
    loaded = store.get("demo")
    assert loaded is not None and (loaded.number, loaded.origin) == (1, "file")
    db = connect(db_path)
    try:
        assert versions.export_text(db, "demo") == FULL
        assert versions.releases(db, "demo")[0].hash == loaded.version
    finally:
        db.conn.close()


def test_a_file_edit_still_reloads_a_file_led_dealer(folder: Path, db_path: Path) -> None:
    store = _store(folder, db_path)
    _edit(folder / "demo.toml", "Edited File")
    assert _name(store) == "Edited File"
    assert store.get("demo").number == 2  # type: ignore[union-attr]


def test_after_a_browser_publish_the_edited_file_is_ignored_and_the_log_says_so(
        folder: Path, db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = _store(folder, db_path)
    number = _publish_name(db_path, "From The Browser")
    store.forget("demo")
    assert _name(store) == "From The Browser"
    caplog.clear()  # the file as it was is ignored from now on too (said once); now edit it
    _edit(folder / "demo.toml", "Edited File")
    with caplog.at_level(logging.WARNING, logger="venster.catalogs"):
        assert _name(store) == "From The Browser"
        assert _name(store) == "From The Browser"
    ignored = [r.getMessage() for r in caplog.records if "ignored" in r.getMessage()]
    assert ignored == [f"catalog {folder / 'demo.toml'} ignored: dealer demo publishes from the back office "
                       f"(version {number} serves)"]  # once per file version, not per request


def test_a_broken_file_of_a_browser_led_dealer_does_not_stop_start_up(folder: Path, db_path: Path) -> None:
    _store(folder, db_path)
    _publish_name(db_path, "From The Browser")
    (folder / "demo.toml").write_text(FULL.replace("[dealer]", "[dealer"))
    store = _store(folder, db_path)  # a restart
    assert _name(store) == "From The Browser"


def test_a_broken_file_of_a_file_led_dealer_still_stops_start_up(folder: Path, db_path: Path) -> None:
    _store(folder, db_path)
    (folder / "demo.toml").write_text(FULL.replace("[dealer]", "[dealer"))
    with pytest.raises(CatalogError, match="not valid TOML"):
        _store(folder, db_path)


def test_a_dealer_that_exists_only_in_the_database_serves_without_its_file(folder: Path, db_path: Path) -> None:
    _store(folder, db_path)
    _publish_name(db_path, "Only In The Database")
    (folder / "demo.toml").unlink()
    store = _store(folder, db_path)  # an empty folder is fine while the database serves dealers
    assert store.slugs() == ["demo"]
    assert _name(store) == "Only In The Database"
    assert store.get("demo").path.startswith("db:demo#")  # type: ignore[union-attr]


def test_a_publish_on_one_store_shows_on_another_within_a_second(folder: Path, db_path: Path) -> None:
    first, second = _store(folder, db_path), _store(folder, db_path)
    assert _name(second) == "Test Dealer"
    _publish_name(db_path, "Published Elsewhere")
    first.forget("demo")
    assert _name(first) == "Published Elsewhere"
    started = time.monotonic()
    while _name(second) != "Published Elsewhere":
        assert time.monotonic() - started < 1.0, "the second store did not see the publish within a second"
        time.sleep(0.02)
    assert HEAD_POLL_S <= 0.5


def test_the_served_catalog_is_one_object_per_version(folder: Path, db_path: Path) -> None:
    # The overlay cache is keyed by identity: a new version must be a new object, the same one the same.
    store = _store(folder, db_path)
    one, again = store.get("demo"), store.get("demo")
    assert one is again
    _publish_name(db_path, "New")
    store.forget("demo")
    assert store.get("demo") is not one
    assert decode_catalog(store.get("demo").source, "x").dealer.name == "New"  # type: ignore[union-attr]


def _reads_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every poll of catalog_live fails as a locked or busy database does, for a moment."""
    import sqlite3

    from server.services import catalogs as catalogs_module

    def locked(db: object) -> list[object]:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(catalogs_module, "live_heads", locked)
    time.sleep(HEAD_POLL_S + 0.05)


def test_a_short_read_error_keeps_a_browser_led_dealer_on_its_release_not_its_ignored_file(
        folder: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(folder, db_path)
    _publish_name(db_path, "Browser Name")
    store.forget("demo")
    assert _name(store) == "Browser Name"
    _reads_fail(monkeypatch)
    assert _name(store) == "Browser Name"  # the file still says "Test Dealer"; before the fix it served


def test_a_short_read_error_keeps_a_dealer_only_in_the_database_served(
        folder: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _store(folder, db_path)
    _publish_name(db_path, "Only In The Database")
    (folder / "demo.toml").unlink()
    store = _store(folder, db_path)
    assert _name(store) == "Only In The Database"
    _reads_fail(monkeypatch)
    assert store.slugs() == ["demo"]
    assert _name(store) == "Only In The Database"  # not a 404 (None) for a moment's lock


def test_a_database_never_migrated_leaves_the_files_serving(folder: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.db"
    connect(bare).conn.close()  # no tables at all
    store = _store(folder, bare)
    assert _name(store) == "Test Dealer"
