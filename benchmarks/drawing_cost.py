"""What a public drawing costs over HTTP: a new PNG at 800 and 2000 px, the same one from the cache, a 304.

Prints median times per answer (real app, real SQLite file, Litestar's test client); asserts nothing.
A 4000 px PNG (the old public maximum) is timed through the renderer for comparison.
"""

from __future__ import annotations

import base64
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litestar.testing import TestClient  # noqa: E402

from server.app import create_app  # noqa: E402
from server.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1/dealers/demo"


def _c(width_mm: int) -> str:
    config = {"product": "pvc-window", "width_mm": width_mm, "height_mm": 1400, "layout": "two-equal"}
    return base64.urlsafe_b64encode(json.dumps(config).encode()).rstrip(b"=").decode()


def median_ms(work: Callable[[int], object], runs: int) -> float:
    """Median wall time of ``work(i)`` in ms over ``runs`` calls."""
    times = []
    for i in range(runs):
        started = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the figures."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "b.db", catalogs_dir=ROOT / "catalogs", site_dir=None,
                            outbox_worker=False, render_rate_limit=1_000_000, log_level="WARNING")
        with TestClient(create_app(settings)) as client:
            def fresh(px: int) -> Callable[[int], object]:
                return lambda i: client.get(f"{API}/drawing.png?c={_c(800 + 10 * i + px % 7)}&width={px}")

            new_800 = median_ms(fresh(800), 15)
            new_2000 = median_ms(fresh(2000), 10)
            url = f"{API}/drawing.png?c={_c(1990)}&width=2000"
            etag = client.get(url).headers["etag"]
            cached = median_ms(lambda i: client.get(url), 50)
            not_modified = median_ms(lambda i: client.get(url, headers={"If-None-Match": etag}), 50)
    from renderer import render_png
    from renderer.examples import EXAMPLES

    spec = EXAMPLES["two-vkg"]  # wider than tall, so 4000 px wide fits the pixel limit
    at_4000 = median_ms(lambda i: render_png(spec, width_px=4000), 5)
    print(f"new PNG 800 px {new_800:7.1f} ms   new PNG 2000 px {new_2000:7.1f} ms   "
          f"cached 2000 px {cached:6.2f} ms   304 {not_modified:6.2f} ms   "
          f"(renderer alone, PNG 4000 px: {at_4000:7.1f} ms)")


if __name__ == "__main__":
    main()
