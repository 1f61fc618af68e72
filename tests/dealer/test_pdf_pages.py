"""The request's PDF turned into images with poppler's pdftoppm, as a dealer's printer would see it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from tests.dealer.conftest import Dealers
from tests.intake.conftest import BODY

ANTHRACITE = (0x38, 0x3E, 0x42)


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def test_each_item_is_a_legible_a4_page_with_the_chosen_colour(dealers: Dealers, tmp_path: Path,
                                                                 screenshots: Path) -> None:
    first = {"configuration": {**BODY["items"][0]["configuration"], "options": {"outside-colour": "ral-7016"}},
             "note": "woonkamer"}
    second = {"configuration": {"product": "alu-sliding-door", "width_mm": 2400, "height_mm": 2200}, "note": ""}
    ref = dealers.submit(items=[first, second])
    pdf = tmp_path / "request.pdf"
    pdf.write_bytes(dealers.get(f"/requests/{ref}/drawings.pdf").content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for path in pages:
        with Image.open(path) as page:
            width, height = page.size
            assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
            grey = page.convert("L")
            inked = sum(grey.histogram()[:128]) / (width * height)
            assert 0.01 < inked < 0.5, f"{path.name}: {inked:.3f} of the page is ink"
    with Image.open(pages[0]) as page:
        rgb = page.convert("RGB")
        frame = sum(count for count, colour in rgb.getcolors(1 << 22) if _near(colour, ANTHRACITE))
        assert frame > 500  # the anthracite outside colour is drawn, not a default
    (screenshots / "dealer-request-page1.png").write_bytes(pages[0].read_bytes())
