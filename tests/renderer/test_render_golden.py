"""Golden drawings: each sample window renders to exactly the SVG stored in ``golden/``.

A change to the drawing code that moves a single line shows up here. When the change
is intended, look at the new drawings (render them to PNG and view them), then
regenerate the files on purpose and commit them with the change:

    VENSTER_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/renderer/test_render_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from renderer import render_svg
from renderer.examples import EXAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("VENSTER_REGEN_GOLDEN") == "1"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_drawing_matches_its_golden_file(name: str) -> None:
    svg = render_svg(EXAMPLES[name])
    path = GOLDEN / f"{name}.svg"
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8", newline="")
    assert path.exists(), f"{path.name} is missing: regenerate with VENSTER_REGEN_GOLDEN=1"
    assert svg == path.read_text(encoding="utf-8"), (
        f"{name} drew differently from {path.name}; if intended, regenerate with VENSTER_REGEN_GOLDEN=1")


def test_every_golden_file_has_an_example() -> None:
    # A renamed example must not leave a stale golden file behind.
    assert {p.stem for p in GOLDEN.glob("*.svg")} == set(EXAMPLES)
