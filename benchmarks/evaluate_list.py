"""The widget's list priced as one document: ms per ``POST .../evaluate-list`` for 1, 10 and 50 windows.

Through the real app (Litestar's test client, a temporary SQLite file). Every list change
in the widget makes one such call, so the 50-window figure is the worst a homeowner waits.
Prints median and worst ms; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.simplefilter("ignore")

from litestar.testing import TestClient  # noqa: E402

from server.app import create_app  # noqa: E402
from server.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7


def _items(n: int) -> list[dict]:
    return [{"configuration": {"product": "pvc-window", "width_mm": 600 + 10 * (i % 70), "height_mm": 1400,
                               "quantity": 1 + i % 4, "options": {"installation": "fitted"}}} for i in range(n)]


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.db", catalogs_dir=ROOT / "catalogs", outbox_worker=False)
        with TestClient(create_app(settings)) as client:
            for n in (1, 10, 50):
                body = {"items": _items(n)}
                client.post("/api/v1/dealers/demo/evaluate-list", json=body)  # warm-up
                times = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    answer = client.post("/api/v1/dealers/demo/evaluate-list", json=body)
                    times.append((time.perf_counter() - start) * 1000)
                    assert answer.status_code == 200
                print(f"evaluate-list {n:>2} window(s): median {statistics.median(times):6.1f} ms, "
                      f"worst {max(times):6.1f} ms")


if __name__ == "__main__":
    main()
