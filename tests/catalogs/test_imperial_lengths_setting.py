"""The catalog's ``[dealer] imperial_lengths`` (issue 15): inches by default, feet-inches by choice, imperial only."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.engine.catalog import CatalogError, decode_catalog

DEMO = (Path(__file__).resolve().parents[2] / "catalogs" / "demo.toml").read_text()


def _imperial(lengths: str | None) -> str:
    chosen = f'\nimperial_lengths = "{lengths}"' if lengths else ""
    return DEMO.replace('units = "metric"', f'units = "imperial"{chosen}', 1)


def test_an_imperial_dealer_writes_inches_unless_it_prefers_feet_and_inches() -> None:
    assert decode_catalog(DEMO, "demo.toml").dealer.length_units == "metric"
    assert decode_catalog(_imperial(None), "demo.toml").dealer.length_units == "imperial"
    assert decode_catalog(_imperial("feet-inches"), "demo.toml").dealer.length_units == "feet-inches"


def test_feet_and_inches_for_a_metric_dealer_are_refused_naming_the_field() -> None:
    text = DEMO.replace('units = "metric"', 'units = "metric"\nimperial_lengths = "feet-inches"', 1)
    with pytest.raises(CatalogError, match="imperial_lengths"):
        decode_catalog(text, "demo.toml")
    with pytest.raises(CatalogError, match="imperial_lengths"):
        decode_catalog(_imperial("yards"), "demo.toml")
