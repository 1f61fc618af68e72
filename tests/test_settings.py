from __future__ import annotations

from pathlib import Path

import pytest

from server.settings import SETTINGS, SettingsError, settings_from_env

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
