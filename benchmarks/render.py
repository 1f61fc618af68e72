"""Drawing speed: median time for SVG, PNG at 800 px and the A4 PDF sheet.

Goals: SVG under 1 ms, PNG at 800 px under 20 ms. Prints figures, asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from renderer import SheetSpec, WindowSpec, render_pdf, render_png, render_svg  # noqa: E402
from renderer.examples import EXAMPLES  # noqa: E402

CASES: dict[str, WindowSpec] = {
    "1 section": EXAMPLES["single-fixed"],
    "3 sections": EXAMPLES["three-din-toplight"],
}
SHEET = SheetSpec(dealer="Demo Kozijnen", title="Quote", reference="DEMO-2026-000123", date="24-11-2026",
                  rows=[("Product", "PVC window"), ("Size", "1600 × 2000 mm"), ("Glazing", "Triple")])


def median_ms(work: Callable[[], object], runs: int) -> float:
    """Median wall time of ``work`` in ms over ``runs`` calls, after one warm-up call."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the median render times per case and format."""
    for name, spec in CASES.items():
        svg = median_ms(lambda spec=spec: render_svg(spec), 200)
        png = median_ms(lambda spec=spec: render_png(spec, width_px=800), 30)
        pdf = median_ms(lambda spec=spec: render_pdf(spec, SHEET), 30)
        size = len(render_svg(spec))
        print(f"{name:>10}: SVG {svg:6.3f} ms ({size / 1024:.1f} KiB)   PNG 800 px {png:6.1f} ms   "
              f"PDF sheet {pdf:6.1f} ms")


if __name__ == "__main__":
    main()
