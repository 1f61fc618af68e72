"""The second dealer every isolation test needs, written one way.

Tests that prove one dealer never sees another's records need a second catalog beside the
shipped ``demo``. It is a copy of ``demo.toml`` as it stands (so a webhook or fee a test
added to demo first is copied too) with its own name, so a page showing the wrong dealer
is visible in an assertion.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["IMPERIAL_DEALERS", "SECOND_DEALER", "SECOND_DEALER_NAME", "add_imperial_dealers", "add_second_dealer"]

SECOND_DEALER = "other"
SECOND_DEALER_NAME = "Andere Ramen"
_DEMO_NAME = 'name = "Kozijnen Demo"'
# ``inches``: the imperial test catalog (tests/catalogs/full.toml); ``demo-inches``: the demo in inches.
IMPERIAL_DEALERS = ("inches", "demo-inches")
_FULL = Path(__file__).resolve().parents[1] / "catalogs" / "full.toml"


def add_second_dealer(catalogs_dir: Path, replacements: dict[str, str] | None = None) -> Path:
    """Write ``other.toml`` into ``catalogs_dir`` from its current ``demo.toml``; returns the file.

    ``replacements`` maps a line of demo's catalog to the text dealer ``other`` has instead
    (each replaced once), e.g. its own notification address.
    """
    text = (catalogs_dir / "demo.toml").read_text(encoding="utf-8")
    assert _DEMO_NAME in text, "demo.toml no longer names the dealer the way this helper expects"
    text = text.replace(_DEMO_NAME, f'name = "{SECOND_DEALER_NAME}"', 1)
    for old, new in (replacements or {}).items():
        assert old in text, f"{old!r} is not in demo.toml"
        text = text.replace(old, new, 1)
    target = catalogs_dir / f"{SECOND_DEALER}.toml"
    target.write_text(text, encoding="utf-8")
    return target


def add_imperial_dealers(catalogs_dir: Path) -> None:
    """Write the two imperial dealers of ``IMPERIAL_DEALERS`` beside ``catalogs_dir``'s (metric) demo."""
    (catalogs_dir / f"{IMPERIAL_DEALERS[0]}.toml").write_text(_FULL.read_text(encoding="utf-8"), encoding="utf-8")
    demo = (catalogs_dir / "demo.toml").read_text(encoding="utf-8")
    assert 'units = "metric"' in demo, "demo.toml no longer says its units the way this helper expects"
    (catalogs_dir / f"{IMPERIAL_DEALERS[1]}.toml").write_text(
        demo.replace('units = "metric"', 'units = "imperial"', 1), encoding="utf-8")
