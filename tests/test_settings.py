from __future__ import annotations

from pathlib import Path

import pytest

from server.settings import SETTINGS, Settings, SettingsError, settings_from_env

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert missing == []


def test_webhook_secrets_per_dealer() -> None:
    settings = settings_from_env({"VENSTER_WEBHOOK_SECRET_DEMO": "s1", "VENSTER_WEBHOOK_SECRET_BIG_SHOP": "s2"})
    assert settings.webhook_secrets == {"demo": "s1", "big-shop": "s2"}


def test_defaults_without_environment() -> None:
    settings = settings_from_env({})
    assert settings.port == 8000
    assert settings.db_path == Path("venster.db")
    assert settings.catalogs_dir == Path("catalogs")


def test_values_are_read_from_the_environment() -> None:
    settings = settings_from_env({"VENSTER_PORT": "9001", "VENSTER_DB": "/srv/venster/x.db",
                                  "VENSTER_SITE": "", "VENSTER_PUBLIC_URL": "https://a.example/"})
    assert settings.port == 9001
    assert settings.db_path == Path("/srv/venster/x.db")
    assert settings.site_dir is None
    assert settings.public_url == "https://a.example"


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("VENSTER_PORT", "eighty", "VENSTER_PORT: expected an integer, got 'eighty'"),
        ("VENSTER_PORT", "70000", "VENSTER_PORT: expected 1..65535, got 70000"),
        ("VENSTER_WORKERS", "0", "VENSTER_WORKERS: expected 1..64, got 0"),
        ("VENSTER_LOG_LEVEL", "LOUD", "VENSTER_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR"),
        ("VENSTER_SMTP_STARTTLS", "maybe", "VENSTER_SMTP_STARTTLS: expected 0 or 1, got 'maybe'"),
        ("VENSTER_FORM_MIN_AGE_S", "-1", "VENSTER_FORM_MIN_AGE_S: expected 0..86400, got -1"),
    ],
)
def test_bad_values_name_the_variable(env: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from_env({env: value})
    assert str(caught.value).startswith(message)


def _readme_table() -> dict[str, tuple[str, str]]:
    """variable -> (default, meaning) of each row of the README's settings table."""
    rows: dict[str, tuple[str, str]] = {}
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) == 3 and cells[0].startswith("`VENSTER_"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def test_the_readme_table_says_each_declared_default_and_help_word_for_word() -> None:
    table = _readme_table()
    assert list(table) == [s.env for s in SETTINGS], "the table lists every setting once, in declaration order"
    for s in SETTINGS:
        assert table[s.env] == (f"`{s.default}`" if s.default else "(empty)", s.help), s.env


def test_the_settings_struct_defaults_are_the_declared_ones() -> None:
    # The struct's defaults come from SETTINGS; reading an empty environment gives the same.
    assert Settings() == settings_from_env({})
    assert {field for field in Settings.__struct_fields__} == {s.field for s in SETTINGS}


def test_defaults_that_point_into_venster_do_not_depend_on_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an empty folder: no catalogs/, no examples/
    settings = settings_from_env({})
    assert (settings.catalogs_dir / "demo.toml").is_file()
    assert settings.site_dir is not None and (settings.site_dir / "index.html").is_file()
    # A catalogs folder where venster is started wins over the shipped demo; a set variable wins over both.
    (tmp_path / "catalogs").mkdir()
    assert settings_from_env({}).catalogs_dir == Path("catalogs")
    assert settings_from_env({"VENSTER_CATALOGS": "elsewhere"}).catalogs_dir == Path("elsewhere")
    assert settings_from_env({"VENSTER_SITE": "mine"}).site_dir == Path("mine")
