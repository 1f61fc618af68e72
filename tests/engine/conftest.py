from __future__ import annotations

from pathlib import Path

import pytest

from server.engine.catalog import Catalog, decode_catalog
from server.engine.compiled import CompiledCatalog, compile_catalog

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "catalogs" / "demo.toml"
FULL = ROOT / "tests" / "catalogs" / "full.toml"


def load(path: Path, replace: tuple[tuple[str, str], ...] = ()) -> Catalog:
    """Decode a catalog file, optionally with text replacements (each must apply)."""
    text = path.read_text()
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    return decode_catalog(text, path.name)


@pytest.fixture(scope="session")
def demo() -> CompiledCatalog:
    return compile_catalog(load(DEMO))


@pytest.fixture(scope="session")
def full() -> CompiledCatalog:
    return compile_catalog(load(FULL))
