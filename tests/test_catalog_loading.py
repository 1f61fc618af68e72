"""A broken catalog stops start-up with a message naming the file and the field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server.app import create_app
from server.engine.catalog import CatalogError, decode_catalog
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _break(catalogs_dir: Path, old: str, new: str) -> Path:
    path = catalogs_dir / "demo.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def test_wrong_type_names_file_and_field(settings: Settings, catalogs_dir: Path) -> None:
    path = _break(catalogs_dir, "max = 2400", 'max = "2400 mm"')
    with pytest.raises(CatalogError) as caught:
        create_app(settings)
    assert str(caught.value) == (
        f"{path}: Expected `int`, got `str` - at `products[0].width.max`"
    )


def test_unknown_field_is_an_error_not_ignored(settings: Settings, catalogs_dir: Path) -> None:
    _break(catalogs_dir, "currency = ", "curency = ")
    with pytest.raises(CatalogError, match=r"unknown field `curency` - at `dealer`"):
        create_app(settings)


def test_cross_field_check_names_the_table(settings: Settings, catalogs_dir: Path) -> None:
    _break(catalogs_dir, "default = 1200 }", "default = 9000 }")
    with pytest.raises(CatalogError, match=r"default 9000 is outside .* - at `products\[0\]\.width`"):
        create_app(settings)


def test_toml_syntax_error_names_the_file(settings: Settings, catalogs_dir: Path) -> None:
    path = _break(catalogs_dir, "[dealer]", "[dealer")
    with pytest.raises(CatalogError, match="not valid TOML") as caught:
        create_app(settings)
    assert str(caught.value).startswith(str(path))


def test_the_shipped_demo_catalog_loads() -> None:
    catalog = decode_catalog((ROOT / "catalogs" / "demo.toml").read_text(), "demo.toml")
    assert catalog.dealer.name == "Kozijnen Demo"
    assert catalog.products


def test_venster_serve_refuses_to_start_on_a_broken_catalog(
    tmp_path: Path, catalogs_dir: Path
) -> None:
    path = _break(catalogs_dir, "vat_rate = 21", 'vat_rate = "twenty-one"')
    done = subprocess.run(
        [sys.executable, "-m", "server", "serve", "--db", str(tmp_path / "x.db"),
         "--catalogs", str(catalogs_dir), "--port", "1"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert done.returncode == 1
    assert f"venster: {path}: Invalid decimal string - at `dealer.vat_rate`" in done.stderr
