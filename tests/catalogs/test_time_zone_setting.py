"""The catalog's ``[dealer] time_zone`` (issue 15): default Europe/Amsterdam, an unknown name refused naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.engine.catalog import CatalogError, decode_catalog

DEMO = (Path(__file__).resolve().parents[2] / "catalogs" / "demo.toml").read_text()


def test_the_time_zone_defaults_to_amsterdam_and_is_read_from_the_dealer_table() -> None:
    assert decode_catalog(DEMO, "demo.toml").dealer.time_zone == "Europe/Amsterdam"
    text = DEMO.replace("[dealer]\n", '[dealer]\ntime_zone = "America/New_York"\n', 1)
    assert decode_catalog(text, "demo.toml").dealer.time_zone == "America/New_York"


def test_an_unknown_time_zone_is_refused_naming_the_field() -> None:
    text = DEMO.replace("[dealer]\n", '[dealer]\ntime_zone = "Mars/Olympus_Mons"\n', 1)
    with pytest.raises(CatalogError, match="time_zone") as caught:
        decode_catalog(text, "demo.toml")
    assert "dealer" in str(caught.value)
